//! The lists each person works from: the module's front page, the asker's "my questions",
//! the consultant's case board and the card on the community home.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::knowledge;
use crate::model::{
    CASES, Case, Me, Status, SummaryStatus, Topic, consultants, now, open_load, summary_of,
    topic_name, topics,
};

/// A case in a list: what its people see of it.
fn line(case: &Record<Case>, topics: &[Record<Topic>], now: i64) -> Json {
    let c = &case.data;
    json!({
        "id": case.id,
        "href": format!("/cases/{}", case.id),
        "title": c.title,
        "topic": topic_name(topics, &c.topic),
        "status": c.status.as_str(),
        "urgent": c.urgency == crate::model::Urgency::Urgent,
        "asked_at": case.created_at,
        "asker_name": c.asker_name,
        "on_behalf": c.on_behalf,
        "lead_name": c.lead_name,
        "second_name": c.second_name,
        "take_by": c.take_by,
        "answer_by": c.answer_by,
        "overdue": c.is_overdue(now),
        "late": c.is_unassigned_late(now),
        "invitation": c.invitation.is_some(),
        "to_rate": c.status == Status::Closed && c.rating.is_empty(),
    })
}

fn cases_where(field: &str, value: &str) -> Result<Vec<Record<Case>>, Error> {
    Ok(CASES
        .find(
            Query::new()
                .eq(field, value)
                .order_by("created-at")
                .descending()
                .limit(500),
        )?
        .items)
}

/// The front page: what peer consulting is, the topics with their consultants, the way to
/// ask, and the newest articles.
pub fn index() -> Result<Response, Error> {
    let me = Me::load()?;
    let topics = topics()?;
    let today = Date::today();
    let everyone = if me.is_member() {
        consultants()?
    } else {
        vec![]
    };
    let offered: Vec<Json> = topics
        .iter()
        .filter(|t| !t.data.retired)
        .map(|t| {
            let of_topic: Vec<_> = everyone
                .iter()
                .filter(|c| c.data.advises_on(&t.id))
                .collect();
            json!({
                "id": t.id,
                "name": t.data.name,
                "consultants": of_topic.len(),
                "available": of_topic.iter().filter(|c| c.data.is_available(today)).count(),
            })
        })
        .collect();
    let articles: Vec<Json> = knowledge::readable(&me, 5)?
        .iter()
        .map(|a| knowledge::item(a, &topics))
        .collect();
    Ok(Response::view(
        View::new(
            "index",
            me.viewer.pick("Kollegiale Beratung", "Peer consulting"),
        )
        .data(json!({
            "member": me.is_member(),
            "consultant": me.consultant.is_some(),
            "manager": me.is_manager(),
            "topics": offered,
            "articles": articles,
        })),
    ))
}

/// The asker's questions, newest first.
pub fn mine() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_member() {
        return Ok(Response::forbidden());
    }
    let topics = topics()?;
    let now = now();
    let cases: Vec<Json> = cases_where("asker", me.id())?
        .iter()
        .map(|c| line(c, &topics, now))
        .collect();
    Ok(Response::view(
        View::new("mine", me.viewer.pick("Meine Fragen", "My questions"))
            .data(json!({"cases": cases})),
    ))
}

/// The consultant's board: their open cases (overdue first), questions waiting in their
/// topics, and closed cases whose summary is still to write.
pub fn board() -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(consultant) = &me.consultant else {
        return Ok(Response::forbidden());
    };
    let topics = topics()?;
    let now = now();
    let mut mine: Vec<Record<Case>> = cases_where("lead", me.id())?;
    mine.extend(cases_where("second", me.id())?);
    let (open, closed): (Vec<_>, Vec<_>) = mine
        .into_iter()
        .filter(|c| matches!(c.data.status, Status::Open | Status::Closed))
        .partition(|c| c.data.status == Status::Open);
    let mut open_lines: Vec<Json> = open.iter().map(|c| line(c, &topics, now)).collect();
    open_lines.sort_by_key(|l| {
        (
            !l["overdue"].as_bool().unwrap_or(false),
            l["answer_by"].as_i64().unwrap_or(i64::MAX),
        )
    });
    let mut to_summarise = vec![];
    for case in closed.iter().filter(|c| c.data.share_consent) {
        let summary = summary_of(&case.id)?;
        let pending = match &summary {
            None => Some("none"),
            Some(s) if s.data.status == SummaryStatus::Returned => Some("returned"),
            _ => None,
        };
        if let Some(state) = pending {
            let mut l = line(case, &topics, now);
            l["summary"] = json!(state);
            to_summarise.push(l);
        }
    }
    let waiting: Vec<Json> = CASES
        .find(
            Query::new()
                .eq("status", Status::Waiting.as_str())
                .order_by("take_by")
                .limit(500),
        )?
        .items
        .iter()
        .filter(|c| me.may_take(&c.data))
        .map(|c| line(c, &topics, now))
        .collect();
    Ok(Response::view(
        View::new("board", me.viewer.pick("Mein Fallbrett", "My case board")).data(json!({
            "open": open_lines,
            "waiting": waiting,
            "to_summarise": to_summarise,
            "load": open_load(me.id())?,
            "max_open": consultant.data.max_open,
            "availability": consultant.data.shown_availability(Date::today()),
        })),
    ))
}

/// The card on the community home: a way to ask, waiting questions for consultants, and the
/// newest articles the viewer may read.
pub fn widget() -> Result<Option<View>, Error> {
    let me = Me::load()?;
    let topics = topics()?;
    let articles: Vec<Json> = knowledge::readable(&me, 3)?
        .iter()
        .map(|a| knowledge::item(a, &topics))
        .collect();
    // Counted per topic by the database: the card is on every view of the community home.
    let mut waiting = 0;
    for topic in me.consultant.iter().flat_map(|c| &c.data.topics) {
        waiting += CASES.count(
            Query::new()
                .eq("status", Status::Waiting.as_str())
                .eq("topic", topic.as_str())
                .ne("asker", me.id()),
        )?;
    }
    if !me.is_member() && articles.is_empty() {
        return Ok(None);
    }
    Ok(Some(View::new("widget", "").data(json!({
        "member": me.is_member(),
        "consultant": me.consultant.is_some(),
        "waiting": waiting,
        "articles": articles,
    }))))
}
