//! The community's list of topics, curated by its managers: add, rename, retire and bring
//! back. A new community starts from a suggested list with one click.

use quartier_plugin_sdk::prelude::*;

use crate::forms::{TOPIC_NAME, text_field};
use crate::model::{CASES, CONSULTANTS, Me, Status, TOPICS, Topic, topics};

/// The topics the seeds name, offered while a community has none.
const SUGGESTED: [(&str, &str); 6] = [
    ("Fundraising", "Fundraising"),
    ("Social Media", "Social media"),
    ("Datenschutz", "Data protection"),
    ("Vereinsrecht", "Association law"),
    ("Veranstaltungen", "Events"),
    ("Barrierefreiheit", "Accessibility"),
];

/// A rename that came back: the topic's id, the name as typed and the message key.
struct Rename<'a> {
    id: &'a str,
    typed: &'a str,
    error: &'a str,
}

/// The page; `typed` is a new topic's name that came back, `rename` a refused rename.
fn page_view(me: &Me, typed: &str, rename: Option<Rename>) -> Result<View, Error> {
    let list = topics()?;
    let all = CONSULTANTS.find(Query::new().limit(500))?.items;
    let mut shown = vec![];
    for t in &list {
        let consultants = all.iter().filter(|c| c.data.advises_on(&t.id)).count();
        let waiting = CASES.count(
            Query::new()
                .eq("topic", t.id.as_str())
                .eq("status", Status::Waiting.as_str()),
        )?;
        let refused = rename.as_ref().filter(|r| r.id == t.id);
        shown.push(json!({
            "id": t.id,
            "name": t.data.name,
            "value": refused.map_or(t.data.name.as_str(), |r| r.typed),
            "error": refused.map(|r| r.error),
            "retired": t.data.retired,
            "consultants": consultants,
            "waiting": waiting,
        }));
    }
    Ok(
        View::new("topics", me.viewer.pick("Themen", "Topics")).data(json!({
            "topics": shown,
            "suggest": list.is_empty(),
            "suggested": SUGGESTED.iter().map(|(de, en)| me.viewer.pick(de, en)).collect::<Vec<_>>(),
            "name": typed,
        })),
    )
}

pub fn page() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(page_view(&me, "", None)?))
}

fn taken(name: &str, except: Option<&str>) -> Result<bool, Error> {
    Ok(topics()?.iter().any(|t| {
        Some(t.id.as_str()) != except && t.data.name.to_lowercase() == name.to_lowercase()
    }))
}

/// Adds a topic, or the suggested list when `suggested` is sent and there are none yet.
pub fn add(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    if req.field("suggested") == "yes" {
        if topics()?.is_empty() {
            let german = context::community().language == "de";
            for (de, en) in SUGGESTED {
                TOPICS.insert(&Topic {
                    name: (if german { de } else { en }).to_owned(),
                    retired: false,
                })?;
            }
        }
        return Ok(Response::redirect("/topics").with_flash("flash-topics-added"));
    }
    let mut errors = FieldErrors::new();
    let (name, ok) = text_field(req, &TOPIC_NAME, &mut errors);
    if ok && taken(&name, None)? {
        errors.add("name", "error-name-taken");
    }
    if !errors.is_empty() {
        return Ok(Response::invalid(page_view(&me, &name, None)?, errors));
    }
    TOPICS.insert(&Topic {
        name,
        retired: false,
    })?;
    Ok(Response::redirect("/topics").with_flash("flash-topic-added"))
}

/// Renames a topic; cases and articles keep it, as they refer to its id.
pub fn rename(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let Some(mut topic) = TOPICS.get(id)? else {
        return Ok(Response::not_found());
    };
    let mut errors = FieldErrors::new();
    let (name, ok) = text_field(req, &TOPIC_NAME, &mut errors);
    if ok && taken(&name, Some(id))? {
        errors.add("name", "error-name-taken");
    }
    if let Some((_, key)) = errors.iter().next() {
        // Each row has its own name field: the message goes to the row, as typed.
        let mut at_row = FieldErrors::new();
        at_row.add(&format!("name-{id}"), key);
        let rename = Rename {
            id,
            typed: &name,
            error: key,
        };
        return Ok(Response::invalid(page_view(&me, "", Some(rename))?, at_row));
    }
    topic.data.name = name;
    TOPICS.update(&topic)?;
    Ok(Response::redirect("/topics").with_flash("flash-topic-saved"))
}

/// Retires a topic (no new questions) or brings it back.
pub fn set_retired(id: &str, retired: bool) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let Some(mut topic) = TOPICS.get(id)? else {
        return Ok(Response::not_found());
    };
    topic.data.retired = retired;
    TOPICS.update(&topic)?;
    Ok(Response::redirect("/topics").with_flash("flash-topic-saved"))
}
