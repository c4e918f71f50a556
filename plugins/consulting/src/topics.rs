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

fn page_view(me: &Me, typed: &str) -> Result<View, Error> {
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
        shown.push(json!({
            "id": t.id,
            "name": t.data.name,
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
    Ok(Response::view(page_view(&me, "")?))
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
        return Ok(Response::invalid(page_view(&me, &name)?, errors));
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
    if !errors.is_empty() {
        // The rename fields are one per row; the message goes to the top of the page.
        let mut top = FieldErrors::new();
        for (_, key) in errors.iter() {
            top.add("form", key);
        }
        return Ok(Response::invalid(page_view(&me, "")?, top));
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
