//! A case from the inside: the confidential thread of the asker and the case's consultants,
//! taking a waiting question (once), inviting a second consultant with the asker's consent,
//! closing with an outcome, the asker's rating and their say on sharing a summary.
//!
//! Only the asker and the case's consultants read a case. While it waits, the consultants of
//! its topic see the question (title and description) to decide whether to take it. Everyone
//! else, managers included, gets 404 here; the managers' overview shows topic and status.

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;

use crate::forms::{MESSAGE, OUTCOME, text_field};
use crate::model::{
    CASES, Case, Consultant, Invitation, MESSAGES, Me, Message, Settings, Status, SummaryStatus,
    consultant_of, consultants, messages_of, now, open_load, summary_of, topic_name, topics,
};
use crate::notices::{self, Words, case_link};
use crate::summaries;

/// What a case page shows its viewer: the whole thread or only the question to take.
enum Access {
    Party,
    Candidate,
}

/// The case and how the viewer may see it, or none (404) when they may not.
fn visible(id: &str, me: &Me) -> Result<Option<(Record<Case>, Access)>, Error> {
    if !me.is_member() {
        return Ok(None);
    }
    let Some(case) = CASES.get(id)? else {
        return Ok(None);
    };
    Ok(if me.is_party(&case.data) {
        Some((case, Access::Party))
    } else if me.may_take(&case.data) {
        Some((case, Access::Candidate))
    } else {
        None
    })
}

/// The case if the viewer reads its thread; others learn nothing, not even that it exists.
fn party_case(id: &str, me: &Me) -> Result<Option<Record<Case>>, Error> {
    Ok(match visible(id, me)? {
        Some((case, Access::Party)) => Some(case),
        _ => None,
    })
}

fn redirect_to_case(id: &str, flash: &str) -> Response {
    Response::redirect(&case_link(id)).with_flash(flash)
}

/// The case page: the thread for the people in it, the question for consultants who may
/// take it.
pub fn show(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    match visible(id, &me)? {
        Some((case, Access::Party)) => Ok(Response::view(thread_view(&case, &me, "", None)?)),
        Some((case, Access::Candidate)) => Ok(Response::view(candidate_view(&case, &me)?)),
        None => Ok(Response::not_found()),
    }
}

/// The facts of a case both views share.
fn case_json(case: &Record<Case>) -> Result<Json, Error> {
    let c = &case.data;
    let now = now();
    Ok(json!({
        "id": case.id,
        "title": c.title,
        "description": c.description,
        "topic": topic_name(&topics()?, &c.topic),
        "urgent": c.urgency == crate::model::Urgency::Urgent,
        "on_behalf": c.on_behalf,
        "asker_name": c.asker_name,
        "asked_at": case.created_at,
        "status": c.status.as_str(),
        "take_by": c.take_by,
        "answer_by": c.answer_by,
        "overdue": c.is_overdue(now),
        "lead_name": c.lead_name,
        "second_name": c.second_name,
        "outcome": c.outcome,
        "closed_at": c.closed_at,
        "rating": c.rating,
        "share": c.share_consent,
    }))
}

fn candidate_view(case: &Record<Case>, me: &Me) -> Result<View, Error> {
    let consultant = me.consultant.as_ref().map(|c| c.data.max_open).unwrap_or(0);
    Ok(View::new("candidate", &case.data.title).data(json!({
        "case": case_json(case)?,
        "load": open_load(me.id())?,
        "max_open": consultant,
    })))
}

/// The thread; `typed` is a message that came back with `errors`, `outcome` an outcome.
fn thread_view(
    case: &Record<Case>,
    me: &Me,
    typed: &str,
    outcome: Option<&str>,
) -> Result<View, Error> {
    let c = &case.data;
    let i_am_asker = c.asker == me.id();
    let i_am_consultant = c.is_consultant(me.id());
    let messages: Vec<Json> = messages_of(&case.id)?
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "author_id": m.data.author,
                "author_name": m.data.author_name,
                "text": m.data.text,
                "at": m.created_at,
                "mine": m.data.author == me.id(),
                "from_consultant": c.is_consultant(&m.data.author),
                "hidden": m.hidden,
            })
        })
        .collect();
    let may_invite = i_am_consultant
        && c.lead == me.id()
        && c.status == Status::Open
        && c.second.is_empty()
        && c.invitation.is_none();
    let invite_options: Vec<Json> = if may_invite {
        consultants()?
            .into_iter()
            .filter(|k| k.data.person != c.lead && k.data.person != c.asker)
            .map(|k| json!({"person": k.data.person, "name": k.data.name}))
            .collect()
    } else {
        vec![]
    };
    let summary = summary_of(&case.id)?;
    let published = summary
        .as_ref()
        .is_some_and(|s| s.data.status == SummaryStatus::Published);
    let may_summarise = i_am_consultant
        && c.status == Status::Closed
        && c.share_consent
        && summary.as_ref().is_none_or(|s| {
            matches!(
                s.data.status,
                SummaryStatus::Submitted | SummaryStatus::Returned
            )
        });
    let title = c.title.clone();
    Ok(View::new("case", &title).data(json!({
        "case": case_json(case)?,
        "messages": messages,
        "i_am_asker": i_am_asker,
        "i_am_consultant": i_am_consultant,
        "open": c.status == Status::Open,
        "waiting": c.status == Status::Waiting,
        "closed": c.status == Status::Closed,
        "may_write": c.status == Status::Open,
        "may_invite": may_invite && !invite_options.is_empty(),
        "invite_options": invite_options,
        "invitation": c.invitation.as_ref().map(|i| json!({"name": i.name})),
        "may_close": i_am_consultant && c.status == Status::Open,
        "may_rate": i_am_asker && c.status == Status::Closed,
        "may_change_sharing": i_am_asker && !published && c.status != Status::Withdrawn,
        "summary": summary.as_ref().map(|s| json!({
            "status": s.data.status.as_str(),
            "note": s.data.note,
            "article": s.data.article,
        })),
        "may_summarise": may_summarise,
        "text": typed,
        "outcome_text": outcome.unwrap_or(""),
    })))
}

/// A consultant of the topic takes a waiting question. The host runs one writing call of
/// this module in this community at a time, so a second click finds it taken.
pub fn take(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = CASES.get(id)?.filter(|_| me.is_member()) else {
        return Ok(Response::not_found());
    };
    if me.is_party(&case.data) {
        let flash = if case.data.status == Status::Waiting {
            "flash-own-question"
        } else {
            "flash-already-yours"
        };
        return Ok(redirect_to_case(id, flash));
    }
    let Some(consultant) = me
        .consultant
        .clone()
        .filter(|c| c.data.advises_on(&case.data.topic))
    else {
        return Ok(Response::not_found());
    };
    // A consultant of the topic who clicked a moment too late learns that, and nothing more.
    if !me.may_take(&case.data) {
        let flash = match case.data.status {
            Status::Withdrawn => "flash-not-waiting",
            _ => "flash-taken-by-other",
        };
        return Ok(Response::redirect("/board").with_flash(flash));
    }
    if open_load(me.id())? >= u64::from(consultant.data.max_open) {
        return Ok(Response::redirect("/board").with_flash("flash-limit-reached"));
    }
    hand_to(&mut case.data, &consultant.data);
    let case = match CASES.update(&case) {
        Ok(case) => case,
        Err(Error::Conflict) => {
            return Ok(Response::redirect("/board").with_flash("flash-taken-by-other"));
        }
        Err(e) => return Err(e),
    };
    tell_asker_taken(&case, &Words::now())?;
    Ok(redirect_to_case(id, "flash-taken"))
}

/// Opens the case with `consultant` as its lead: the asker now waits for an answer within
/// the community's deadline, watched afresh (also when a released case is handed on).
fn hand_to(case: &mut Case, consultant: &Consultant) {
    let now = now();
    case.status = Status::Open;
    case.lead = consultant.person.clone();
    case.lead_name = consultant.name.clone();
    case.taken_at = Some(now);
    case.answer_by = Some(Settings::load().answer_by(now, case.urgency));
    case.overdue_flagged = false;
}

fn tell_asker_taken(case: &Record<Case>, w: &Words) -> Result<(), Error> {
    let c = &case.data;
    let topic = topic_name(&topics()?, &c.topic);
    let body = match c.answer_by {
        Some(by) => format!(
            "{} {}.",
            w.pick(
                "Eine Antwort kannst du erwarten bis",
                "You can expect an answer by"
            ),
            w.date(by)
        ),
        None => String::new(),
    };
    notices::tell(
        vec![c.asker.clone()],
        notices::CASES,
        &format!(
            "{} {} ({topic})",
            c.lead_name,
            w.pick(
                "kümmert sich um deine Frage",
                "is taking care of your question"
            ),
        ),
        &body,
        &case_link(&case.id),
    )
}

/// A manager gives a waiting question to a consultant (when nobody took it). Managers see
/// the topic and the consultants, never the question.
pub fn assign(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::not_found());
    }
    let Some(mut case) = CASES.get(id)? else {
        return Ok(Response::not_found());
    };
    if case.data.status != Status::Waiting {
        return Ok(Response::redirect("/overview").with_flash("flash-not-waiting"));
    }
    let Some(consultant) = consultant_of(req.field("consultant"))? else {
        return Ok(Response::redirect("/overview").with_flash("error-consultant-missing"));
    };
    if consultant.data.person == case.data.asker {
        return Ok(Response::redirect("/overview").with_flash("error-consultant-is-asker"));
    }
    hand_to(&mut case.data, &consultant.data);
    let case = CASES.update(&case)?;
    let w = Words::now();
    let topic = topic_name(&topics()?, &case.data.topic);
    notices::tell(
        vec![consultant.data.person.clone()],
        notices::CASES,
        &format!(
            "{} ({topic})",
            w.pick(
                "Die Verwaltung hat dir eine Frage zugeteilt",
                "The managers assigned a question to you"
            )
        ),
        "",
        &case_link(&case.id),
    )?;
    tell_asker_taken(&case, &w)?;
    Ok(Response::redirect("/overview").with_flash("flash-assigned"))
}

/// A message in the thread, from the asker or one of the case's consultants.
pub fn write(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if case.data.status != Status::Open {
        return Ok(redirect_to_case(id, "flash-case-not-open"));
    }
    let mut errors = FieldErrors::new();
    let (text, _) = text_field(req, &MESSAGE, &mut errors);
    let others: Vec<String> = std::iter::once(case.data.asker.clone())
        .chain(case.data.consultants())
        .filter(|p| p != me.id())
        .collect();
    if errors.is_empty()
        && others.iter().try_fold(false, |any, p| {
            Ok::<_, Error>(any || members::blocked_viewer(p)?)
        })?
    {
        errors.add("text", "error-blocked");
    }
    if !errors.is_empty() {
        return Ok(Response::invalid(
            thread_view(&case, &me, &text, None)?,
            errors,
        ));
    }
    let w = Words::now();
    let topic = topic_name(&topics()?, &case.data.topic);
    let readers = std::iter::once(case.data.asker.clone())
        .chain(case.data.consultants())
        .collect();
    let message = MESSAGES.insert(&Message {
        case: case.id.clone(),
        author: me.id().to_owned(),
        author_name: me.viewer.display_name.clone().unwrap_or_default(),
        text,
        about: format!(
            "{} {topic}",
            w.pick(
                "Nachricht in einer Beratung zu",
                "Message in a consultation on"
            )
        ),
        readers,
    })?;
    let from_asker = case.data.asker == me.id();
    let now = now();
    let settings = Settings::load();
    let c = &mut case.data;
    if from_asker {
        c.answer_by = Some(settings.answer_by(now, c.urgency));
        c.overdue_flagged = false;
    } else {
        c.answer_by = None;
    }
    CASES.update(&case)?;
    notices::tell(
        others,
        notices::MESSAGES,
        &format!(
            "{} {} ({topic})",
            me.viewer.display_name.as_deref().unwrap_or(""),
            w.pick(
                "hat in eurer Beratung geschrieben",
                "wrote in your consultation"
            ),
        ),
        "",
        &case_link(id),
    )?;
    Ok(Response::redirect(&format!("/cases/{id}#m-{}", message.id))
        .with_flash("flash-message-sent"))
}

/// Where a message is shown: in its thread, for the people in it. Moderators who follow the
/// link from their queue learn why they see no more than the reported message.
pub fn message(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(message) = MESSAGES.get(id)? else {
        return Ok(Response::not_found());
    };
    if party_case(&message.data.case, &me)?.is_some() {
        return Ok(Response::redirect(&format!(
            "/cases/{}#m-{id}",
            message.data.case
        )));
    }
    if me.viewer.is_at_least(Role::Moderator) {
        let title = me
            .viewer
            .pick("Vertrauliche Beratung", "Confidential consultation");
        return Ok(Response::view(View::new("confidential", title)));
    }
    Ok(Response::not_found())
}

/// The lead consultant asks to bring in a second consultant; the asker decides.
pub fn invite(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    let c = &case.data;
    if c.lead != me.id() || c.status != Status::Open {
        return Ok(Response::forbidden());
    }
    if !c.second.is_empty() || c.invitation.is_some() {
        return Ok(redirect_to_case(id, "flash-invitation-exists"));
    }
    let Some(other) = consultant_of(req.field("consultant"))? else {
        return Ok(redirect_to_case(id, "error-consultant-missing"));
    };
    if other.data.person == c.lead || other.data.person == c.asker {
        return Ok(redirect_to_case(id, "error-consultant-missing"));
    }
    case.data.invitation = Some(Invitation {
        person: other.data.person.clone(),
        name: other.data.name.clone(),
    });
    let case = CASES.update(&case)?;
    let w = Words::now();
    notices::tell(
        vec![case.data.asker.clone()],
        notices::CASES,
        &format!(
            "{} {} {}",
            case.data.lead_name,
            w.pick(
                "möchte eine zweite Beraterin oder einen zweiten Berater hinzuziehen:",
                "would like to bring in a second consultant:"
            ),
            other.data.name
        ),
        w.pick(
            "Ohne deine Zustimmung liest niemand sonst mit.",
            "Nobody else reads along without your consent.",
        ),
        &case_link(id),
    )?;
    Ok(redirect_to_case(id, "flash-invitation-sent"))
}

/// The asker agrees to the invited consultant, or declines.
pub fn consent(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if case.data.asker != me.id() {
        return Ok(Response::forbidden());
    }
    let Some(invitation) = case.data.invitation.take() else {
        return Ok(redirect_to_case(id, "flash-no-invitation"));
    };
    let agreed = req.field("answer") == "yes";
    if agreed {
        if case.data.status != Status::Open {
            return Ok(redirect_to_case(id, "flash-case-not-open"));
        }
        // The invited person may have stopped advising since they were asked.
        if consultant_of(&invitation.person)?.is_none() {
            CASES.update(&case)?;
            return Ok(redirect_to_case(id, "flash-no-invitation"));
        }
        case.data.second = invitation.person.clone();
        case.data.second_name = invitation.name.clone();
    }
    let case = CASES.update(&case)?;
    let w = Words::now();
    let topic = topic_name(&topics()?, &case.data.topic);
    if agreed {
        notices::tell(
            vec![invitation.person],
            notices::CASES,
            &format!(
                "{} ({topic})",
                w.pick(
                    "Du wurdest zu einer Beratung hinzugezogen",
                    "You were brought into a consultation"
                )
            ),
            "",
            &case_link(id),
        )?;
    }
    notices::tell(
        vec![case.data.lead.clone()],
        notices::CASES,
        &format!(
            "{} {} {}",
            case.data.asker_name,
            if agreed {
                w.pick("ist einverstanden:", "agreed:")
            } else {
                w.pick("möchte niemanden hinzuziehen:", "prefers nobody else:")
            },
            invitation.name,
        ),
        "",
        &case_link(id),
    )?;
    Ok(redirect_to_case(
        id,
        if agreed {
            "flash-consent-given"
        } else {
            "flash-consent-refused"
        },
    ))
}

/// A consultant of the case closes it with a short outcome; the asker is asked to rate it.
pub fn close(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if !case.data.is_consultant(me.id()) {
        return Ok(Response::forbidden());
    }
    if case.data.status != Status::Open {
        return Ok(redirect_to_case(id, "flash-case-not-open"));
    }
    let mut errors = FieldErrors::new();
    let (outcome, ok) = text_field(req, &OUTCOME, &mut errors);
    if !ok {
        return Ok(Response::invalid(
            thread_view(&case, &me, "", Some(&outcome))?,
            errors,
        ));
    }
    let c = &mut case.data;
    c.status = Status::Closed;
    c.outcome = outcome;
    c.closed_at = Some(now());
    c.answer_by = None;
    c.invitation = None;
    let case = CASES.update(&case)?;
    let w = Words::now();
    let topic = topic_name(&topics()?, &case.data.topic);
    notices::tell(
        vec![case.data.asker.clone()],
        notices::CASES,
        &format!(
            "{} ({topic})",
            w.pick(
                "Deine Beratung ist abgeschlossen",
                "Your consultation is closed"
            )
        ),
        w.pick(
            "War sie hilfreich? Sag es uns mit einem Klick.",
            "Was it helpful? Tell us with one click.",
        ),
        &case_link(id),
    )?;
    let flash = if case.data.share_consent {
        "flash-closed-summary"
    } else {
        "flash-closed"
    };
    Ok(redirect_to_case(id, flash))
}

/// The asker withdraws a question nobody has taken yet.
pub fn withdraw(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if case.data.asker != me.id() {
        return Ok(Response::forbidden());
    }
    if case.data.status != Status::Waiting {
        return Ok(redirect_to_case(id, "flash-not-waiting"));
    }
    case.data.status = Status::Withdrawn;
    case.data.closed_at = Some(now());
    CASES.update(&case)?;
    Ok(Response::redirect("/mine").with_flash("flash-withdrawn"))
}

/// The asker says whether the closed consultation helped.
pub fn rate(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if case.data.asker != me.id() {
        return Ok(Response::forbidden());
    }
    if case.data.status != Status::Closed {
        return Ok(redirect_to_case(id, "flash-not-closed"));
    }
    let rating = req.field("rating");
    if !matches!(rating, "helpful" | "not-helpful") {
        return Ok(redirect_to_case(id, "error-rating-missing"));
    }
    case.data.rating = rating.to_owned();
    CASES.update(&case)?;
    Ok(redirect_to_case(id, "flash-rated"))
}

/// The asker gives or withdraws consent to an anonymised summary, until one is published.
pub fn sharing(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut case) = party_case(id, &me)? else {
        return Ok(Response::not_found());
    };
    if case.data.asker != me.id() {
        return Ok(Response::forbidden());
    }
    let share = req.field("share") == "yes";
    let summary = summary_of(id)?;
    if summary
        .as_ref()
        .is_some_and(|s| s.data.status == SummaryStatus::Published)
    {
        return Ok(redirect_to_case(id, "flash-already-published"));
    }
    case.data.share_consent = share;
    CASES.update(&case)?;
    if let Some(summary) = summary {
        summaries::consent_changed(summary, share)?;
    }
    Ok(redirect_to_case(
        id,
        if share {
            "flash-sharing-on"
        } else {
            "flash-sharing-off"
        },
    ))
}
