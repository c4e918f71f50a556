//! Entries and conversations as the viewer may see them. Cards (lists, widget) carry no names
//! and no secrets; the author's name is for members only. Secrets are never in an entry: they
//! are read through `model::secret_of`, which checks the viewer's rights itself.

use std::collections::HashMap;

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::model::{Conversation, ConversationStatus, Entry, KINDS, Powers, Status};

/// Current display names of these accounts (members only; others are left out).
pub fn names<'a>(ids: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut ids: Vec<String> = ids
        .into_iter()
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return HashMap::new();
    }
    members::get(&ids)
        .map(|list| list.into_iter().map(|m| (m.id, m.display_name)).collect())
        .unwrap_or_default()
}

/// A kind for the templates: a message key for built-in kinds, the text for a community's.
pub fn kind(kind: &str) -> Json {
    if KINDS.contains(&kind) {
        json!({ "key": format!("kind-{kind}") })
    } else {
        json!({ "text": kind })
    }
}

/// The day a thing was lost or found as a time the host's `date` helper shows (Berlin
/// midnight), or 0 when the stored text is not a date.
pub fn day(date: &str) -> i64 {
    Date::parse(date).map(Date::start).unwrap_or(0)
}

/// What a card in a list or the widget shows: no names, no secrets, no question.
pub fn card(entry: &Record<Entry>) -> Json {
    let e = &entry.data;
    let href = format!("/entries/{}", entry.id);
    json!({
        "id": entry.id,
        "href": href,
        "type": e.entry_type.as_str(),
        "lost": e.entry_type == crate::model::EntryType::Lost,
        "kind": kind(&e.kind),
        "title": e.title,
        "place": e.place,
        "area": e.area,
        "day": day(&e.date),
        "thumb": (!e.photos.is_empty()).then(|| format!("{href}/photos/0/thumb")),
        "urgent": e.urgent && e.is_open(),
        "resolved": e.status == Status::Resolved,
        "archived": e.status == Status::Archived,
        "happy_end": if e.status == Status::Resolved { e.happy_end.as_str() } else { "" },
        "members_only": !e.is_public(),
        "posted": entry.created_at,
        // For the host's `by-person` helper, which collapses it for people who blocked them.
        "author_id": entry.author,
    })
}

/// The entry's photos: thumbnails linking to the full pictures.
pub fn photos(entry: &Record<Entry>) -> Vec<Json> {
    (0..entry.data.photos.len())
        .map(|n| {
            let href = format!("/entries/{}/photos/{n}", entry.id);
            json!({ "n": n, "number": n + 1, "thumb": format!("{href}/thumb"), "href": href })
        })
        .collect()
}

/// The author's name for the viewer: members see it, visitors see none.
pub fn author_name(
    entry: &Record<Entry>,
    names: &HashMap<String, String>,
    powers: &Powers,
) -> String {
    if !powers.member {
        return String::new();
    }
    entry
        .author
        .as_ref()
        .and_then(|id| names.get(id))
        .cloned()
        .unwrap_or_else(|| entry.data.author_name.clone())
}

/// A conversation in a list, from the viewer's side: who the other person is.
pub fn conversation_item(
    conversation: &Record<Conversation>,
    names: &HashMap<String, String>,
    powers: &Powers,
) -> Json {
    let c = &conversation.data;
    let other = powers.other_side(c).unwrap_or(&c.poster);
    json!({
        "href": format!("/conversations/{}", conversation.id),
        "entry_title": c.entry_title,
        "with": names.get(other).cloned().unwrap_or_default(),
        "status": status_of(c.status),
        "reported": c.reported,
        "last_message_at": c.last_message_at,
        "mine_as_poster": powers.is(&c.poster),
    })
}

pub fn status_of(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Open => "open",
        ConversationStatus::Accepted => "accepted",
        ConversationStatus::Declined => "declined",
    }
}
