//! The consultants: the directory members browse, managers appointing and removing
//! consultants, and the profile each consultant keeps (topics, bio, languages, availability,
//! how many open cases they take).

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::forms::ProfileForm;
use crate::model::{
    CASES, CONSULTANTS, Case, Consultant, DEFAULT_MAX_OPEN, Me, Settings, Status, Topic,
    consultant_of, consultants, now, open_load, topic_name, topics,
};
use crate::notices::{self, Words, case_link};

/// What the directory shows of a consultant.
fn card(c: &Record<Consultant>, topics: &[Record<Topic>], today: Date) -> Json {
    let names: Vec<String> = c
        .data
        .topics
        .iter()
        .map(|t| topic_name(topics, t))
        .filter(|n| !n.is_empty())
        .collect();
    json!({
        "id": c.id,
        "person": c.data.person,
        "name": c.data.name,
        "topics": names,
        "bio": c.data.bio,
        "languages": c.data.languages,
        "availability": c.data.shown_availability(today),
        "away_until": c.data.away_until,
    })
}

/// The appointment form as typed.
#[derive(Default)]
struct Appointment {
    person: String,
    topics: Vec<String>,
}

fn directory_view(me: &Me, typed: &Appointment) -> Result<View, Error> {
    let topics = topics()?;
    let today = Date::today();
    let list = consultants()?;
    let cards: Vec<Json> = list.iter().map(|c| card(c, &topics, today)).collect();
    let candidates: Vec<Json> = if me.is_manager() {
        members::with_role(Role::Member, 500)?
            .into_iter()
            .filter(|m| !list.iter().any(|c| c.data.person == m.id))
            .map(|m| json!({"id": m.id, "name": m.display_name, "selected": m.id == typed.person}))
            .collect()
    } else {
        vec![]
    };
    let topic_choices: Vec<Json> = topics
        .iter()
        .filter(|t| !t.data.retired)
        .map(|t| json!({"id": t.id, "name": t.data.name, "checked": typed.topics.contains(&t.id)}))
        .collect();
    Ok(View::new(
        "consultants",
        me.viewer.pick("Beraterinnen und Berater", "Consultants"),
    )
    .data(json!({
        "consultants": cards,
        "manager": me.is_manager(),
        "candidates": candidates,
        "topics": topic_choices,
    })))
}

/// The directory of consultants, for members.
pub fn directory() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_member() {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(directory_view(
        &me,
        &Appointment::default(),
    )?))
}

/// A manager appoints a member as consultant for some topics.
pub fn appoint(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let typed = Appointment {
        person: req.field("person").trim().to_owned(),
        topics: req.fields("topics").map(str::to_owned).collect(),
    };
    let mut errors = FieldErrors::new();
    let member = members::get(std::slice::from_ref(&typed.person))?
        .into_iter()
        .next();
    match &member {
        None => errors.add("person", "error-person-missing"),
        Some(m) if consultant_of(&m.id)?.is_some() => {
            errors.add("person", "error-person-consultant")
        }
        Some(_) => {}
    }
    let known = topics()?;
    let chosen: Vec<String> = typed
        .topics
        .iter()
        .filter(|id| known.iter().any(|t| &t.id == *id && !t.data.retired))
        .cloned()
        .collect();
    if chosen.is_empty() {
        errors.add("topics", "error-topics-missing");
    }
    let Some(member) = member.filter(|_| errors.is_empty()) else {
        return Ok(Response::invalid(directory_view(&me, &typed)?, errors));
    };
    CONSULTANTS.insert(&Consultant {
        person: member.id.clone(),
        name: member.display_name.clone(),
        topics: chosen,
        bio: String::new(),
        languages: String::new(),
        availability: crate::model::Availability::Available,
        away_until: String::new(),
        max_open: DEFAULT_MAX_OPEN,
    })?;
    let w = Words::now();
    notices::tell(
        vec![member.id],
        notices::CASES,
        w.pick(
            "Du berätst jetzt in der Kollegialen Beratung",
            "You are now a consultant in peer consulting",
        ),
        w.pick(
            "Stell dich im Profil kurz vor und sag, wann du Zeit hast.",
            "Introduce yourself in your profile and say when you have time.",
        ),
        "/profile",
    )?;
    Ok(Response::redirect("/consultants").with_flash("flash-appointed"))
}

/// A manager ends someone's role as consultant; their open cases wait for someone else.
pub fn remove(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let Some(consultant) = CONSULTANTS.get(id)? else {
        return Ok(Response::not_found());
    };
    release(&consultant)?;
    Ok(Response::redirect("/consultants").with_flash("flash-consultant-removed"))
}

/// Deletes a consultant's profile: the cases they lead go back to waiting (their askers are
/// told), and where they were the second consultant, the lead goes on alone.
pub fn release(consultant: &Record<Consultant>) -> Result<(), Error> {
    let person = &consultant.data.person;
    CONSULTANTS.delete(&consultant.id)?;
    let settings = Settings::load();
    let now = now();
    let w = Words::now();
    let topics = topics()?;
    for field in ["lead", "second"] {
        let cases = CASES
            .find(
                Query::new()
                    .eq("status", Status::Open.as_str())
                    .eq(field, person.as_str())
                    .limit(500),
            )?
            .items;
        for mut case in cases {
            let c: &mut Case = &mut case.data;
            if field == "second" {
                c.second.clear();
                c.second_name.clear();
                CASES.update(&case)?;
                continue;
            }
            c.status = Status::Waiting;
            c.lead = std::mem::take(&mut c.second);
            c.lead_name = std::mem::take(&mut c.second_name);
            if !c.lead.is_empty() {
                // The second consultant carries on as the lead.
                c.status = Status::Open;
            } else {
                c.take_by = settings.take_by(now, c.urgency);
                c.answer_by = None;
                c.unassigned_flagged = false;
                c.overdue_flagged = false;
                c.taken_at = None;
            }
            c.invitation = None;
            let case = CASES.update(&case)?;
            let topic = topic_name(&topics, &case.data.topic);
            notices::tell(
                vec![case.data.asker.clone()],
                notices::CASES,
                &format!(
                    "{} ({topic})",
                    w.pick(
                        "Deine Beraterin oder dein Berater ist nicht mehr dabei",
                        "Your consultant is no longer available"
                    )
                ),
                if case.data.status == Status::Waiting {
                    w.pick(
                        "Deine Frage wartet wieder darauf, dass jemand sie übernimmt.",
                        "Your question is waiting again for someone to take it.",
                    )
                } else {
                    w.pick(
                        "Die zweite Beratung führt das Gespräch weiter.",
                        "The second consultant carries on.",
                    )
                },
                &case_link(&case.id),
            )?;
        }
    }
    Ok(())
}

fn profile_view(me: &Me, form: &ProfileForm) -> Result<View, Error> {
    let topics: Vec<Json> = topics()?
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "name": t.data.name,
                "retired": t.data.retired,
                "checked": form.topics.contains(&t.id),
            })
        })
        .collect();
    let max_open = me.consultant.as_ref().map(|c| c.data.max_open).unwrap_or(0);
    Ok(View::new(
        "profile",
        me.viewer
            .pick("Mein Beratungsprofil", "My consultant profile"),
    )
    .data(json!({
        "form": form,
        "topics": topics,
        "load": open_load(me.id())?,
        "max_open": max_open,
        "today": Date::today().to_string(),
    })))
}

/// A consultant's own profile.
pub fn profile() -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(consultant) = &me.consultant else {
        return Ok(Response::forbidden());
    };
    let form = ProfileForm::of(&consultant.data);
    Ok(Response::view(profile_view(&me, &form)?))
}

pub fn save_profile(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut consultant) = me.consultant.clone() else {
        return Ok(Response::forbidden());
    };
    let form = ProfileForm::from_request(req);
    let mut errors = FieldErrors::new();
    let Some(checked) = form.check(&topics()?, Date::today(), &mut errors) else {
        return Ok(Response::invalid(profile_view(&me, &form)?, errors));
    };
    let c = &mut consultant.data;
    c.topics = checked.topics;
    c.bio = form.bio;
    c.languages = form.languages;
    c.availability = checked.availability;
    c.away_until = if checked.availability == crate::model::Availability::Away {
        form.away_until
    } else {
        String::new()
    };
    c.max_open = checked.max_open;
    CONSULTANTS.update(&consultant)?;
    Ok(Response::redirect("/board").with_flash("flash-profile-saved"))
}
