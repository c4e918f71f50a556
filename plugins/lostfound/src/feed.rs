//! The Atom 1.0 feed of public open entries (`/feed.atom`). The same for everyone who fetches
//! it: no members-only entries, no author names, no questions, and never a secret (secrets
//! are not even in the entries it reads).

use quartier_plugin_sdk::atom;
use quartier_plugin_sdk::format::{escape_xml, markdown_to_html};
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{ENTRIES, Entry, EntryType, Status};

/// How many entries the feed carries.
const ENTRIES_IN_FEED: u32 = 50;

/// A built-in kind's name in the community's language.
fn kind_name(kind: &str, german: bool) -> &str {
    let (de, en) = match kind {
        "item" => ("Gegenstand", "Item"),
        "pet" => ("Tier", "Pet"),
        "document" => ("Dokument", "Document"),
        "key" => ("Schlüssel", "Key"),
        "bicycle" => ("Fahrrad", "Bicycle"),
        "other" => ("Sonstiges", "Other"),
        other => (other, other),
    };
    if german { de } else { en }
}

/// The entry's title in a feed reader: "Verloren: Schlüsselbund".
pub fn entry_title(entry: &Entry, german: bool) -> String {
    let prefix = match (entry.entry_type, german) {
        (EntryType::Lost, true) => "Verloren",
        (EntryType::Found, true) => "Gefunden",
        (EntryType::Lost, false) => "Lost",
        (EntryType::Found, false) => "Found",
    };
    format!("{prefix}: {}", entry.title)
}

/// The entry's content: kind, place, date, then the description.
fn content(entry: &Entry, german: bool) -> String {
    let label = |de, en| if german { de } else { en };
    let date = Date::parse(&entry.date)
        .map(|d| quartier_plugin_sdk::dates::date(if german { "de" } else { "en" }, d))
        .unwrap_or_default();
    let mut html = format!(
        "<p>{}: {}<br>{}: {}<br>{}: {}</p>",
        label("Art", "Kind"),
        escape_xml(kind_name(&entry.kind, german)),
        label("Ort", "Place"),
        escape_xml(&entry.place),
        label("Datum", "Date"),
        escape_xml(&date),
    );
    if !entry.description.is_empty() {
        html.push_str(&markdown_to_html(&entry.description));
    }
    html
}

pub fn atom() -> Result<Response, Error> {
    let now = time::now();
    let community = context::community();
    let german = community.language == "de";
    let entries = ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Open.as_str())
                .eq("visibility", "public")
                .order_by("created-at")
                .descending()
                .limit(ENTRIES_IN_FEED),
        )?
        .items;
    let base = community.mount_url.trim_end_matches('/');
    let self_url = format!("{base}/feed.atom");
    let title = format!(
        "{} – {}",
        community.name,
        if german {
            "Gesucht – Gefunden"
        } else {
            "Lost and found"
        }
    );
    let items = entries
        .iter()
        .filter(|record| {
            // The query asked for these; checked again so a wrong query cannot leak.
            record.data.is_public() && record.data.is_open()
        })
        .map(|record| {
            let entry = &record.data;
            atom::Entry {
                url: format!("{base}/entries/{}", record.id),
                title: entry_title(entry, german),
                published: record.created_at,
                updated: record.updated_at,
                // No poster's name: the feed's author (the community) stands for every entry.
                author: None,
                categories: vec![atom::Category::labelled(
                    entry.entry_type.as_str(),
                    kind_name(&entry.kind, german),
                )],
                content_html: content(entry, german),
            }
        })
        .collect();
    Ok(atom::body(&atom::Feed {
        self_url,
        title,
        language: community.language.clone(),
        html_url: base.to_owned(),
        // The community speaks for its entries: no person's name in a public feed.
        author: community.name.clone(),
        updated_fallback: now,
        entries: items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_say_lost_or_found() {
        let entry: Entry = quartier_plugin_sdk::serde_json::from_value(json!({
            "type": "found", "kind": "key", "title": "Schlüsselbund", "date": "2026-05-01",
            "place": "Kirche", "visibility": "public", "status": "open", "expires_at": 0,
        }))
        .unwrap();
        assert_eq!(entry_title(&entry, true), "Gefunden: Schlüsselbund");
        assert_eq!(entry_title(&entry, false), "Found: Schlüsselbund");
        assert_eq!(kind_name("key", true), "Schlüssel");
        assert_eq!(kind_name("Schmuck", false), "Schmuck");
    }
}
