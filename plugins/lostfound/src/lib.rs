//! Gesucht – Gefunden — lost and found: things and pets people lost or found, with photos, a
//! coarse place (never a home address), a secret detail only the finder knows and a claimant
//! must describe, contact through the platform instead of phone numbers, likely matches
//! between lost and found entries, and expiry with a reminder. Built only on the public
//! plugin SDK.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::{Delivery, NotificationKind};

mod address;
mod conversations;
mod entries;
mod expiry;
mod feed;
mod forms;
mod matching;
mod mine;
mod model;
mod notices;
mod shown;

use model::{ENTRIES, Powers, Status};

struct LostFound;

/// Every template, by name; the tests check the messages they use.
const TEMPLATES: [(&str, &str); 12] = [
    ("index", include_str!("../templates/index.hbs")),
    ("card", include_str!("../templates/card.hbs")),
    ("errors", include_str!("../templates/errors.hbs")),
    ("entry", include_str!("../templates/entry.hbs")),
    ("entry_form", include_str!("../templates/entry_form.hbs")),
    ("resolve", include_str!("../templates/resolve.hbs")),
    ("claim", include_str!("../templates/claim.hbs")),
    (
        "conversation",
        include_str!("../templates/conversation.hbs"),
    ),
    (
        "conversation_item",
        include_str!("../templates/conversation_item.hbs"),
    ),
    ("mine", include_str!("../templates/mine.hbs")),
    ("moderation", include_str!("../templates/moderation.hbs")),
    ("widget", include_str!("../templates/widget.hbs")),
];

const SETTINGS_SCHEMA: &str = r#"{
  "type": "object",
  "properties": {
    "expiry_days": {
      "type": "integer",
      "default": 30,
      "minimum": 7,
      "maximum": 180,
      "title": "Einträge laufen ab nach (Tagen)",
      "x-title-en": "Entries expire after (days)",
      "description": "Drei Tage vorher wird die Person erinnert und kann verlängern.",
      "x-description-en": "Three days before, the author is reminded and can renew."
    },
    "extra_kinds": {
      "type": "string",
      "default": "",
      "maxLength": 500,
      "title": "Weitere Arten",
      "x-title-en": "Extra kinds",
      "description": "Durch Kommas getrennt, zum Beispiel „Schmuck, Brille, Spielzeug“. Gegenstand, Tier, Dokument, Schlüssel, Fahrrad und Sonstiges gibt es immer.",
      "x-description-en": "Separated by commas, for example “Jewellery, Glasses, Toys”. Item, pet, document, key, bicycle and other are always there."
    },
    "areas": {
      "type": "string",
      "default": "",
      "maxLength": 1000,
      "title": "Ortsteile",
      "x-title-en": "Areas",
      "description": "Durch Kommas getrennt, zum Beispiel „Ortsmitte, Neubaugebiet Nord, Am Sportplatz“. Wenn ausgefüllt, kann jeder Eintrag einen Ortsteil wählen.",
      "x-description-en": "Separated by commas, for example “Centre, North estate, By the sports ground”. When filled in, each entry can choose an area."
    }
  }
}"#;

fn kind(id: &str, de: &str, en: &str) -> NotificationKind {
    NotificationKind {
        id: id.into(),
        de: de.into(),
        en: en.into(),
        delivery: Delivery::Instant,
    }
}

impl Plugin for LostFound {
    fn manifest() -> Manifest {
        let mut manifest = Manifest::new("lostfound", env!("CARGO_PKG_VERSION"), "lostfound")
            .name("Gesucht – Gefunden", "Lost and found")
            .description(
                "Verlorenes und Gefundenes, auch entlaufene und zugelaufene Tiere: mit Fotos, \
                 einem ungefähren Ort statt einer Adresse und einem geheimen Merkmal, das nur \
                 die Finderin oder der Finder kennt. Kontakt läuft über die Plattform; passende \
                 Einträge werden vorgeschlagen.",
                "Lost and found things, also missing and found pets: with photos, a rough place \
                 instead of an address, and a secret detail only the finder knows. Contact runs \
                 through the platform; likely matches are suggested.",
            )
            .capability("members:read")
            .capability("notify")
            .capability("blobs")
            .nav("Gesucht – Gefunden", "Lost & found", "/", Role::Visitor)
            .nav("Meine Einträge", "My entries", "/mine", Role::Member)
            .nav("Moderation", "Moderation", "/moderation", Role::Moderator)
            .job(expiry::JOB, expiry::EVERY_SECONDS)
            // Members report entries through the host; when moderators delete one, its
            // secret, photos and conversations go with it.
            .reportable(
                "entries",
                ("Eintrag bei Gesucht – Gefunden", "lost-and-found entry"),
                "title",
                Some("description"),
                "/entries/{id}",
            )
            .event("item-deleted")
            .settings_schema(SETTINGS_SCHEMA)
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
            .notification_kind(kind(
                notices::MESSAGES,
                "Nachrichten zu meinen Einträgen und Meldungen",
                "Messages about my entries and claims",
            ))
            .notification_kind(kind(
                notices::MATCHES,
                "„Könnte das deins sein?“ – passende Einträge",
                "“Might this be yours?” – likely matches",
            ))
            .notification_kind(kind(
                notices::REMINDERS,
                "Mein Eintrag läuft bald ab",
                "My entry expires soon",
            ))
            .notification_kind(kind(
                notices::REPORTS,
                "Gemeldete Unterhaltungen (für die Moderation)",
                "Reported conversations (for moderators)",
            ))
            .notification_kind(kind(
                notices::URGENT_PETS,
                "Dringend: entlaufene oder gefundene Tiere",
                "Urgent: missing or found pets",
            ));
        for (name, source) in TEMPLATES {
            manifest = manifest.template(name, source);
        }
        manifest
    }

    fn handle(req: Request) -> Response {
        let segments = req.segments();
        let result = match (req.is_post(), segments.as_slice()) {
            (false, []) => entries::index(&req),
            (false, ["feed.atom"]) => feed::atom(),
            (false, ["new"]) => entries::new_form(&req),
            (true, ["new"]) => entries::create(&req),
            (false, ["mine"]) => mine::page(),
            (false, ["moderation"]) => mine::moderation(),
            (false, ["uploads", blob]) => entries::upload_preview(blob),
            (false, ["entries", id]) => entries::show(id),
            (false, ["entries", id, "photos", n]) => entries::photo(id, n, false),
            (false, ["entries", id, "photos", n, "thumb"]) => entries::photo(id, n, true),
            (false, ["entries", id, "edit"]) => entries::edit_form(id),
            (true, ["entries", id, "edit"]) => entries::update(id, &req),
            (false, ["entries", id, "resolve"]) => entries::resolve_form(id),
            (true, ["entries", id, "resolve"]) => entries::resolve(id, &req),
            (true, ["entries", id, "renew"]) => entries::renew(id),
            (true, ["entries", id, "delete"]) => entries::delete(id),
            (false, ["entries", id, "claim"]) => conversations::claim_form(id),
            (true, ["entries", id, "claim"]) => conversations::claim(id, &req),
            (false, ["conversations", id]) => conversations::show(id),
            (true, ["conversations", id]) => conversations::reply(id, &req),
            (true, ["conversations", id, "decide"]) => conversations::decide(id, &req),
            (true, ["conversations", id, "report"]) => conversations::report(id, &req),
            (true, ["conversations", id, "dismiss"]) => conversations::dismiss(id),
            _ => Ok(Response::not_found()),
        };
        result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))
    }

    /// Up to five recent open entries the viewer may see, urgent pets first.
    fn widget() -> Option<View> {
        let powers = Powers::load();
        let mut recent = ENTRIES
            .find(
                powers
                    .listable(Status::Open)
                    .order_by("created-at")
                    .descending()
                    .limit(50),
            )
            .ok()?
            .items;
        recent.retain(|e| powers.may_see(e));
        // Stable: urgent pets first, otherwise newest first.
        recent.sort_by_key(|e| !(e.data.urgent && e.data.is_open()));
        let cards: Vec<Json> = recent.iter().take(5).map(shown::card).collect();
        if cards.is_empty() && !powers.member {
            return None;
        }
        Some(View::new("widget", "").data(json!({
            "entries": cards,
            "member": powers.member,
        })))
    }

    fn on_event(kind: &str, payload: Json) -> Result<(), String> {
        match (kind, payload["collection"].as_str()) {
            ("item-deleted", Some("entries")) => {
                entries::forget_deleted(&payload).map_err(|e| e.to_string())
            }
            _ => Ok(()),
        }
    }

    fn run_job(name: &str) -> Result<(), String> {
        match name {
            expiry::JOB => expiry::run()
                .map(|done| {
                    if done.reminded + done.expired + done.archived > 0 {
                        log::info(&format!(
                            "expiry: {} reminded, {} expired, {} archived after their happy end",
                            done.reminded, done.expired, done.archived
                        ));
                    }
                })
                .map_err(|e| e.to_string()),
            other => Err(format!("no job named {other}")),
        }
    }
}

export_plugin!(LostFound);

#[cfg(test)]
mod tests {
    use quartier_plugin_sdk::blobs::{Refusal, refusal_message};
    use quartier_plugin_sdk::testing;

    use super::TEMPLATES;
    use crate::model::KINDS;

    const DE: &str = include_str!("../locales/de.ftl");

    /// Messages the host's catalogue provides (the refusal of an uploaded file); the plugin
    /// names them through `blobs::refusal_message` and does not translate them itself.
    const HOST_MESSAGES: [&str; 5] = [
        "upload-too-large",
        "upload-not-an-image",
        "upload-too-many-pixels",
        "upload-too-many-files",
        "upload-not-allowed",
    ];

    #[test]
    fn german_and_english_have_the_same_messages() {
        testing::assert_same_messages(DE, include_str!("../locales/en.ftl"));
    }

    #[test]
    fn every_message_the_templates_and_code_use_exists() {
        testing::assert_templates_use_known_messages(DE, &TEMPLATES);
        testing::assert_code_uses_known_messages(
            DE,
            &[
                include_str!("forms.rs"),
                include_str!("entries.rs"),
                include_str!("conversations.rs"),
                include_str!("mine.rs"),
            ],
            &["error-", "flash-"],
        );
        let known = testing::message_ids(DE);
        let keys = KINDS
            .iter()
            .map(|k| format!("kind-{k}"))
            .chain(["open", "resolved", "archived"].map(|s| format!("status-{s}")))
            .chain(["open", "accepted", "declined"].map(|s| format!("conversation-{s}")))
            .chain(["expired", "resolved", "withdrawn"].map(|s| format!("archived-{s}")));
        for key in keys {
            assert!(known.contains(key.as_str()), "message {key} is missing");
        }
    }

    #[test]
    fn refused_uploads_are_named_with_the_hosts_messages() {
        let refusals = [
            Refusal::TooLarge,
            Refusal::NotAnImage,
            Refusal::TooManyPixels,
            Refusal::TooManyFiles,
            Refusal::NotAllowed,
        ];
        for refusal in refusals {
            let key = refusal_message(refusal);
            assert!(HOST_MESSAGES.contains(&key), "{key} is not a host message");
        }
        // Shown through `{{t errors.photo}}`, which falls back to the host's catalogue.
        let form = include_str!("../templates/entry_form.hbs");
        assert!(form.contains("{{t errors.photo}}"));
    }

    #[test]
    fn the_settings_schema_is_json_with_defaults() {
        let schema: quartier_plugin_sdk::serde_json::Value =
            quartier_plugin_sdk::serde_json::from_str(super::SETTINGS_SCHEMA).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        for (name, property) in properties {
            assert!(property.get("default").is_some(), "{name} needs a default");
            assert!(property.get("title").is_some(), "{name} needs a title");
        }
        assert_eq!(schema["properties"]["expiry_days"]["default"], 30);
    }
}
