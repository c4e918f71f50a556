//! The managers' overview: counts of waiting, open, overdue and closed cases, per topic too,
//! the questions nobody has taken (to assign them) and the overdue ones — topic, urgency,
//! dates and consultants only, never a title or a word of the thread.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::model::{
    CASES, Case, DAY, Me, SUMMARIES, Status, SummaryStatus, consultants, now, open_load,
    topic_name, topics,
};

pub fn page() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let now = now();
    let today = Date::today();
    let topics = topics()?;
    let cases: Vec<Record<Case>> = CASES
        .find(Query::new().order_by("created-at").limit(500))?
        .items;
    let recent = |c: &&Record<Case>| {
        c.data.status == Status::Closed && c.data.closed_at.is_some_and(|at| at > now - 30 * DAY)
    };
    let count = |status: Status| cases.iter().filter(|c| c.data.status == status).count();
    let closed_recently: Vec<&Record<Case>> = cases.iter().filter(recent).collect();
    let totals = json!({
        "waiting": count(Status::Waiting),
        "late": cases.iter().filter(|c| c.data.is_unassigned_late(now)).count(),
        "open": count(Status::Open),
        "overdue": cases.iter().filter(|c| c.data.is_overdue(now)).count(),
        "closed_30": closed_recently.len(),
        "helpful_30": closed_recently.iter().filter(|c| c.data.rating == "helpful").count(),
        "rated_30": closed_recently.iter().filter(|c| !c.data.rating.is_empty()).count(),
    });
    let per_topic: Vec<Json> = topics
        .iter()
        .map(|t| {
            let of = |status: Status| {
                cases
                    .iter()
                    .filter(|c| c.data.topic == t.id && c.data.status == status)
                    .count()
            };
            json!({
                "name": t.data.name,
                "waiting": of(Status::Waiting),
                "open": of(Status::Open),
                "closed": of(Status::Closed),
            })
        })
        .collect();
    let all_consultants = consultants()?;
    let mut people = vec![];
    for c in &all_consultants {
        people.push(json!({
            "person": c.data.person,
            "name": c.data.name,
            "load": open_load(&c.data.person)?,
            "max_open": c.data.max_open,
            "availability": c.data.shown_availability(today),
            "topics": c.data.topics.iter().map(|t| topic_name(&topics, t)).collect::<Vec<_>>(),
        }));
    }
    let waiting: Vec<Json> = cases
        .iter()
        .filter(|c| c.data.status == Status::Waiting)
        .map(|c| {
            // Consultants of the topic first: they are the likely choice.
            let mut choices: Vec<Json> = all_consultants
                .iter()
                .filter(|k| k.data.person != c.data.asker)
                .map(|k| {
                    json!({
                        "person": k.data.person,
                        "name": k.data.name,
                        "of_topic": k.data.advises_on(&c.data.topic),
                    })
                })
                .collect();
            choices.sort_by_key(|k| !k["of_topic"].as_bool().unwrap_or(false));
            json!({
                "id": c.id,
                "topic": topic_name(&topics, &c.data.topic),
                "urgent": c.data.urgency == crate::model::Urgency::Urgent,
                "asked_at": c.created_at,
                "take_by": c.data.take_by,
                "late": c.data.is_unassigned_late(now),
                "choices": choices,
            })
        })
        .collect();
    let overdue: Vec<Json> = cases
        .iter()
        .filter(|c| c.data.is_overdue(now))
        .map(|c| {
            json!({
                "topic": topic_name(&topics, &c.data.topic),
                "lead_name": c.data.lead_name,
                "second_name": c.data.second_name,
                "answer_by": c.data.answer_by,
            })
        })
        .collect();
    let reviews = SUMMARIES.count(Query::new().eq("status", SummaryStatus::Submitted.as_str()))?;
    Ok(Response::view(
        View::new(
            "overview",
            me.viewer.pick("Übersicht Beratung", "Consulting overview"),
        )
        .data(json!({
            "totals": totals,
            "per_topic": per_topic,
            "consultants": people,
            "waiting": waiting,
            "overdue": overdue,
            "reviews": reviews,
        })),
    ))
}
