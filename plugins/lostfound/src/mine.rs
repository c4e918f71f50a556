//! "My entries" — a member's entries of every status and their conversations, latest
//! activity first — and the moderators' page: reported conversations and recently archived
//! entries.

use quartier_plugin_sdk::prelude::*;

use crate::model::{CONVERSATIONS, Conversation, ENTRIES, Powers, Status};
use crate::shown;

pub fn page() -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(me) = powers.me() else {
        return Ok(Response::forbidden());
    };
    let entries: Vec<Json> = ENTRIES
        .find(
            Query::new()
                .eq("author", me)
                .order_by("created-at")
                .descending()
                .limit(200),
        )?
        .items
        .iter()
        .map(shown::card)
        .collect();
    let mut conversations: Vec<Record<Conversation>> = Vec::new();
    for side in ["claimant", "poster"] {
        conversations.extend(
            CONVERSATIONS
                .find(
                    Query::new()
                        .eq(side, me)
                        .order_by("last_message_at")
                        .descending()
                        .limit(200),
                )?
                .items,
        );
    }
    conversations.sort_by_key(|c| std::cmp::Reverse(c.data.last_message_at));
    conversations.dedup_by(|a, b| a.id == b.id);
    let names = shown::names(
        conversations
            .iter()
            .flat_map(|c| [c.data.poster.as_str(), c.data.claimant.as_str()]),
    );
    let conversations: Vec<Json> = conversations
        .iter()
        .map(|c| shown::conversation_item(c, &names, &powers))
        .collect();
    let title = powers.viewer.pick("Meine Einträge", "My entries");
    Ok(Response::view(View::new("mine", title).data(json!({
        "entries": entries,
        "conversations": conversations,
    }))))
}

pub fn moderation() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.moderates {
        return Ok(Response::forbidden());
    }
    let reported = CONVERSATIONS
        .find(
            Query::new()
                .eq("reported", true)
                .order_by("last_message_at")
                .descending()
                .limit(100),
        )?
        .items;
    let names = shown::names(reported.iter().flat_map(|c| {
        [
            c.data.poster.as_str(),
            c.data.claimant.as_str(),
            c.data.reported_by.as_str(),
        ]
    }));
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let reported: Vec<Json> = reported
        .iter()
        .map(|c| {
            json!({
                "href": format!("/conversations/{}", c.id),
                "entry_title": c.data.entry_title,
                "poster": name(&c.data.poster),
                "claimant": name(&c.data.claimant),
                "reason": c.data.report_reason,
                "by": name(&c.data.reported_by),
                "last_message_at": c.data.last_message_at,
            })
        })
        .collect();
    let archived: Vec<Json> = ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Archived.as_str())
                .order_by("updated-at")
                .descending()
                .limit(50),
        )?
        .items
        .iter()
        .map(|e| {
            let mut card = shown::card(e);
            if let Json::Object(map) = &mut card {
                map.insert("archived_reason".into(), json!(e.data.archived_reason));
                map.insert("archived_at".into(), json!(e.updated_at));
            }
            card
        })
        .collect();
    let title = powers.viewer.pick("Moderation", "Moderation");
    Ok(Response::view(View::new("moderation", title).data(json!({
        "reported": reported,
        "archived": archived,
    }))))
}
