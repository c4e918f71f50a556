//! Asking a question: the form, and routing it to the consultants of its topic who are
//! available and have room for another case. Nobody available: the managers hear of it at
//! once instead of after the deadline.

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::forms::AskForm;
use crate::model::{
    CASES, Case, Consultant, Me, Settings, Status, Topic, consultants, now, open_load, topic_name,
    topics,
};
use crate::notices::{self, Words, case_link};

fn form_view(me: &Me, form: &AskForm, topics: &[Record<Topic>]) -> View {
    let open: Vec<Json> = topics
        .iter()
        .filter(|t| !t.data.retired)
        .map(|t| json!({"id": t.id, "name": t.data.name, "selected": t.id == form.topic}))
        .collect();
    let settings = Settings::load();
    View::new("ask", me.viewer.pick("Frage stellen", "Ask a question")).data(json!({
        "form": form,
        "topics": open,
        "take_days": settings.take_days,
    }))
}

/// The question form, with a topic chosen when the link named one.
pub fn form(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_member() {
        return Ok(Response::forbidden());
    }
    let form = AskForm {
        topic: req.query("topic").unwrap_or("").to_owned(),
        ..AskForm::default()
    };
    Ok(Response::view(form_view(&me, &form, &topics()?)))
}

/// Stores the question and tells the consultants it is routed to.
pub fn create(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_member() {
        return Ok(Response::forbidden());
    }
    let topics = topics()?;
    let form = AskForm::from_request(req);
    let mut errors = FieldErrors::new();
    form.check(&topics, &mut errors);
    if !errors.is_empty() {
        return Ok(Response::invalid(form_view(&me, &form, &topics), errors));
    }
    let now = now();
    let urgency = form.urgency();
    let routed = route(&form.topic, me.id())?;
    let case = CASES.insert(&Case {
        asker: me.id().to_owned(),
        asker_name: me.viewer.display_name.clone().unwrap_or_default(),
        on_behalf: form.on_behalf,
        topic: form.topic,
        title: form.title,
        description: form.description,
        urgency,
        share_consent: form.share,
        status: Status::Waiting,
        lead: String::new(),
        lead_name: String::new(),
        second: String::new(),
        second_name: String::new(),
        invitation: None,
        take_by: Settings::load().take_by(now, urgency),
        answer_by: None,
        // With nobody to route it to, the managers hear of it now, not at the deadline.
        unassigned_flagged: routed.is_empty(),
        overdue_flagged: false,
        taken_at: None,
        closed_at: None,
        outcome: String::new(),
        rating: String::new(),
    })?;
    let topic = topic_name(&topics, &case.data.topic);
    let w = Words::now();
    if routed.is_empty() {
        notices::tell_managers(
            notices::DEADLINES,
            &format!(
                "{} ({topic})",
                w.pick(
                    "Keine Beraterin und kein Berater frei für eine neue Frage",
                    "No consultant is free for a new question"
                )
            ),
            w.pick(
                "Bitte teilt sie in der Übersicht zu.",
                "Please assign it in the overview.",
            ),
            "/overview",
        )?;
    } else {
        notices::tell(
            routed,
            notices::QUESTIONS,
            &format!(
                "{} {topic}",
                w.pick("Neue Frage zum Thema", "New question on")
            ),
            w.pick(
                "Wer sie übernimmt, berät vertraulich.",
                "Whoever takes it advises in confidence.",
            ),
            &case_link(&case.id),
        )?;
    }
    Ok(Response::redirect(&case_link(&case.id)).with_flash("flash-asked"))
}

/// The consultants a new question goes to: those of its topic who are available today, have
/// room for another case and did not block the asker.
fn route(topic: &str, asker: &str) -> Result<Vec<String>, Error> {
    let today = Date::today();
    let mut routed = vec![];
    for consultant in consultants()? {
        let c: &Consultant = &consultant.data;
        if c.person == asker || !c.advises_on(topic) || !c.is_available(today) {
            continue;
        }
        if open_load(&c.person)? >= u64::from(c.max_open) {
            continue;
        }
        if members::blocked_viewer(&c.person)? {
            continue;
        }
        routed.push(c.person.clone());
    }
    Ok(routed)
}
