//! Mach mit! — volunteer calls: a call for help with shifts that need a number of people and
//! things people can bring, one-click sign-up with a waiting list that moves up by itself,
//! reminders before each shift, and privacy by default (counts for everyone, names for the
//! organisers). Built only on the public plugin SDK.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::{Delivery, NotificationKind};

mod calls;
mod forms;
mod items;
mod mine;
mod model;
mod notices;
mod reminders;
mod shifts;
mod shown;
mod signups;

use model::{CALLS, Powers};

struct Volunteer;

/// Every template, by name; the tests check the messages they use.
const TEMPLATES: [(&str, &str); 16] = [
    ("index", include_str!("../templates/index.hbs")),
    ("card", include_str!("../templates/card.hbs")),
    ("errors", include_str!("../templates/errors.hbs")),
    ("call", include_str!("../templates/call.hbs")),
    ("call_form", include_str!("../templates/call_form.hbs")),
    (
        "shift_fields",
        include_str!("../templates/shift_fields.hbs"),
    ),
    ("shift_form", include_str!("../templates/shift_form.hbs")),
    ("item_form", include_str!("../templates/item_form.hbs")),
    ("signup", include_str!("../templates/signup.hbs")),
    ("pledge", include_str!("../templates/pledge.hbs")),
    ("remove", include_str!("../templates/remove.hbs")),
    ("cancel_call", include_str!("../templates/cancel_call.hbs")),
    ("message", include_str!("../templates/message.hbs")),
    ("mine", include_str!("../templates/mine.hbs")),
    ("contact", include_str!("../templates/contact.hbs")),
    ("widget", include_str!("../templates/widget.hbs")),
];

const SETTINGS_SCHEMA: &str = r#"{
  "type": "object",
  "properties": {
    "members_create_calls": {
      "type": "boolean",
      "default": true,
      "title": "Mitglieder dürfen Aufrufe starten",
      "x-title-en": "Members may post calls",
      "description": "Sonst nur Moderation und Verwaltung.",
      "x-description-en": "Otherwise only moderators and managers."
    }
  }
}"#;

fn kind(id: &str, de: &str, en: &str, delivery: Delivery) -> NotificationKind {
    NotificationKind {
        id: id.into(),
        de: de.into(),
        en: en.into(),
        delivery,
    }
}

impl Plugin for Volunteer {
    fn manifest() -> Manifest {
        let mut manifest = Manifest::new("volunteer", env!("CARGO_PKG_VERSION"), "volunteer")
            .name("Mach mit!", "Volunteer")
            .description(
                "Helfer:innen finden: Aufrufe mit Schichten und Plätzen, Dinge zum \
                 Mitbringen, Eintragen mit einem Klick, Warteliste, Erinnerungen. Namen sieht \
                 nur die Organisation.",
                "Find helping hands: calls with shifts and places, things to bring, one-click \
                 sign-up, a waiting list, reminders. Only the organisers see names.",
            )
            // Only to ask whether an organiser blocked someone who wants to contact them.
            .capability("members:read")
            .capability("notify")
            .nav("Mach mit!", "Volunteer", "/", Role::Visitor)
            // Members report calls to the host's moderators, who can hide or delete them.
            .reportable(
                "calls",
                ("Aufruf", "volunteer call"),
                "title",
                Some("description"),
                "/calls/{id}",
            )
            .nav("Meine Einsätze", "My commitments", "/mine", Role::Member)
            .job(reminders::JOB, reminders::EVERY_SECONDS)
            .settings_schema(SETTINGS_SCHEMA)
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
            .notification_kind(kind(
                notices::REMINDERS,
                "Erinnerungen an meine Schichten",
                "Reminders of my shifts",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::CHANGES,
                "Änderungen an meinen Einsätzen (nachgerückt, verschoben, abgesagt)",
                "Changes to my commitments (moved up, moved, cancelled)",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::MESSAGES,
                "Nachrichten zu Aufrufen",
                "Messages about calls",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::SIGNUPS,
                "Eintragungen in meine Aufrufe",
                "Sign-ups for my calls",
                Delivery::Digest,
            ));
        for (name, source) in TEMPLATES {
            manifest = manifest.template(name, source);
        }
        manifest
    }

    fn handle(req: Request) -> Response {
        let segments = req.segments();
        let result = match (req.is_post(), segments.as_slice()) {
            (false, []) => calls::index(&req),
            (false, ["new"]) => calls::new_form(),
            (true, ["new"]) => calls::create(&req),
            (false, ["mine"]) => mine::page(),
            (true, ["mine", "feed"]) => mine::renew_feed(),
            (false, ["feed", file]) => mine::feed(file),
            (false, ["calls", id]) => calls::show(id),
            (false, ["calls", id, "edit"]) => calls::edit_form(id),
            (true, ["calls", id, "edit"]) => calls::update(id, &req),
            (true, ["calls", id, "close"]) => calls::set_open(id, false),
            (true, ["calls", id, "reopen"]) => calls::set_open(id, true),
            (false, ["calls", id, "cancel"]) => calls::cancel_form(id),
            (true, ["calls", id, "cancel"]) => calls::cancel(id, &req),
            (false, ["calls", id, "message"]) => calls::message_form(id),
            (true, ["calls", id, "message"]) => calls::message(id, &req),
            (false, ["calls", id, "contact"]) => calls::contact_form(id),
            (true, ["calls", id, "contact"]) => calls::contact(id, &req),
            (false, ["calls", id, "shifts", "new"]) => shifts::new_form(id),
            (true, ["calls", id, "shifts", "new"]) => shifts::create(id, &req),
            (false, ["calls", id, "items", "new"]) => items::new_form(id),
            (true, ["calls", id, "items", "new"]) => items::create(id, &req),
            (false, ["shifts", id, "edit"]) => shifts::edit_form(id),
            (true, ["shifts", id, "edit"]) => shifts::update(id, &req),
            (true, ["shifts", id, "delete"]) => shifts::delete(id),
            (false, ["shifts", id, "event.ics"]) => shifts::event(id),
            (false, ["shifts", id, "signup"]) => signups::form(id),
            (true, ["shifts", id, "signup"]) => signups::create(id, &req),
            (true, ["signups", id, "cancel"]) => signups::cancel(id),
            (false, ["signups", id, "remove"]) => signups::remove_form(id),
            (true, ["signups", id, "remove"]) => signups::remove(id, &req),
            (false, ["items", id, "edit"]) => items::edit_form(id),
            (true, ["items", id, "edit"]) => items::update(id, &req),
            (true, ["items", id, "delete"]) => items::delete(id),
            (true, ["items", id, "pledge"]) => items::pledge(id, &req),
            (true, ["pledges", id, "withdraw"]) => items::withdraw(id),
            _ => Ok(Response::not_found()),
        };
        result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))
    }

    /// The calls that still need people or things, soonest first; counts, never names.
    fn widget() -> Option<View> {
        let powers = Powers::load();
        let now = quartier_plugin_sdk::time::now();
        let calls: Vec<Json> = CALLS
            .find(
                Query::new()
                    .eq("status", "open")
                    .eq("needs", true)
                    .gt("ends", now)
                    .order_by("starts")
                    .limit(20),
            )
            .ok()?
            .items
            .iter()
            .filter(|c| powers.may_see(&c.data))
            .take(5)
            .map(|c| shown::card(c, &powers, now))
            .collect();
        if calls.is_empty() && !powers.may_create() {
            return None;
        }
        Some(View::new("widget", "").data(json!({
            "calls": calls,
            "may_create": powers.may_create(),
        })))
    }

    fn run_job(name: &str) -> Result<(), String> {
        match name {
            reminders::JOB => reminders::run()
                .map(|sent| {
                    if sent > 0 {
                        log::info(&format!("sent {sent} shift reminders"));
                    }
                })
                .map_err(|e| e.to_string()),
            _ => Err(format!("no job named {name}")),
        }
    }
}

export_plugin!(Volunteer);

#[cfg(test)]
mod tests {
    use quartier_plugin_sdk::testing;

    use super::TEMPLATES;

    const DE: &str = include_str!("../locales/de.ftl");

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
                include_str!("calls.rs"),
                include_str!("shifts.rs"),
                include_str!("signups.rs"),
                include_str!("items.rs"),
                include_str!("mine.rs"),
            ],
            &["error-", "flash-"],
        );
        let known = testing::message_ids(DE);
        for status in ["open", "closed", "cancelled", "past"] {
            let key = format!("status-{status}");
            assert!(known.contains(key.as_str()), "message {key} is missing");
        }
    }
}
