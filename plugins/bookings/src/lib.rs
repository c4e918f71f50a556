//! Raumbuchung — room bookings: resources such as a barbecue hut or a hall, a free/busy
//! calendar by week and month, requests with approval (or confirmed at once), weekly series,
//! never two approved bookings at the same time, and iCalendar feeds. Built only on the
//! public plugin SDK.

use quartier_plugin_sdk::NotificationKind;
use quartier_plugin_sdk::prelude::*;

mod calendar;
mod decisions;
mod feeds;
mod ics;
mod lists;
mod model;
mod notices;
mod request_form;
mod requests;
mod resource_form;
mod resources;
mod shown;

use model::{BOOKINGS, Powers, RESOURCES};

struct Bookings;

/// Every template, by name; the tests check the messages they use.
const TEMPLATES: [(&str, &str); 17] = [
    ("index", include_str!("../templates/index.hbs")),
    ("resource", include_str!("../templates/resource.hbs")),
    ("month", include_str!("../templates/month.hbs")),
    (
        "resource_head",
        include_str!("../templates/resource_head.hbs"),
    ),
    ("feeds", include_str!("../templates/feeds.hbs")),
    ("errors", include_str!("../templates/errors.hbs")),
    (
        "booking_facts",
        include_str!("../templates/booking_facts.hbs"),
    ),
    (
        "resource_form",
        include_str!("../templates/resource_form.hbs"),
    ),
    ("blackouts", include_str!("../templates/blackouts.hbs")),
    (
        "request_form",
        include_str!("../templates/request_form.hbs"),
    ),
    (
        "series_preview",
        include_str!("../templates/series_preview.hbs"),
    ),
    ("booking", include_str!("../templates/booking.hbs")),
    ("approve", include_str!("../templates/approve.hbs")),
    ("series", include_str!("../templates/series.hbs")),
    ("queue", include_str!("../templates/queue.hbs")),
    ("mine", include_str!("../templates/mine.hbs")),
    ("widget", include_str!("../templates/widget.hbs")),
];

impl Plugin for Bookings {
    fn manifest() -> Manifest {
        let mut manifest = Manifest::new("bookings", env!("CARGO_PKG_VERSION"), "bookings")
            .name("Raumbuchung", "Room bookings")
            .description(
                "Grillhütte, Bürgerhaus und Co.: ein Belegungskalender, Anfragen mit Freigabe \
                 durch die Verwaltung, wöchentliche Serien, keine Doppelbuchungen und \
                 Kalender-Abos (iCalendar).",
                "The barbecue hut, the village hall and more: a free/busy calendar, requests \
                 approved by the managers, weekly series, no double bookings, and calendar \
                 feeds (iCalendar).",
            )
            .capability("notify")
            .nav("Raumbuchung", "Room bookings", "/", Role::Visitor)
            .nav("Meine Buchungen", "My bookings", "/mine", Role::Member)
            .nav("Anfragen", "Requests", "/queue", Role::Manager)
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
            .notification_kind(NotificationKind {
                id: notices::REQUESTS.into(),
                de: "Neue Buchungsanfragen".into(),
                en: "New booking requests".into(),
            })
            .notification_kind(NotificationKind {
                id: notices::DECISIONS.into(),
                de: "Entscheidungen über meine Buchungen".into(),
                en: "Decisions on my bookings".into(),
            });
        for (name, source) in TEMPLATES {
            manifest = manifest.template(name, source);
        }
        manifest
    }

    fn handle(req: Request) -> Response {
        let segments = req.segments();
        let result = match (req.is_post(), segments.as_slice()) {
            (false, []) => resources::index(),
            (false, ["mine"]) => lists::mine(),
            (false, ["queue"]) => lists::queue(),
            (false, ["resources", "new"]) => resources::new_form(),
            (true, ["resources", "new"]) => resources::create(&req),
            (false, ["resources", id]) => resources::show(id, &req),
            (false, ["resources", id, "month"]) => resources::month(id, &req),
            (false, ["resources", id, "edit"]) => resources::edit_form(id),
            (true, ["resources", id, "edit"]) => resources::update(id, &req),
            (true, ["resources", id, "token"]) => resources::renew_token(id),
            (false, ["resources", id, "blackouts"]) => resources::blackouts(id),
            (true, ["resources", id, "blackouts"]) => resources::add_blackout(id, &req),
            (true, ["resources", id, "blackouts", blackout, "delete"]) => {
                resources::delete_blackout(id, blackout)
            }
            (false, ["resources", id, "request"]) => requests::new_form(id, &req),
            (true, ["resources", id, "request"]) => requests::create(id, &req),
            (false, ["resources", id, "busy.ics"]) => feeds::busy(id),
            (false, ["resources", id, "feed.ics"]) => feeds::managers(id, &req),
            (false, ["bookings", id]) => decisions::show(id),
            (false, ["bookings", id, "event.ics"]) => feeds::event(id),
            (false, ["bookings", id, "approve"]) => decisions::approve_form(id),
            (true, ["bookings", id, "approve"]) => decisions::approve_one(id),
            (true, ["bookings", id, "decline"]) => decisions::decline(id, &req),
            (true, ["bookings", id, "cancel"]) => decisions::cancel(id, &req),
            (false, ["series", key]) => decisions::series(key),
            (true, ["series", key, "decide"]) => decisions::decide_series(key, &req),
            (true, ["series", key, "cancel"]) => decisions::cancel_series(key, &req),
            _ => Ok(Response::not_found()),
        };
        result.unwrap_or_else(|e| failed(&e))
    }

    /// The resources with a link to their calendars; for managers, how many requests wait.
    fn widget() -> Option<View> {
        let powers = Powers::load();
        let resources: Vec<Json> = RESOURCES
            .find(Query::new().eq("active", true).order_by("name").limit(5))
            .ok()?
            .items
            .iter()
            .map(|r| json!({ "name": r.data.name, "href": format!("/resources/{}", r.id) }))
            .collect();
        if resources.is_empty() && !powers.manages {
            return None;
        }
        let pending = if powers.manages {
            BOOKINGS.count(Query::new().eq("status", "pending")).ok()?
        } else {
            0
        };
        Some(View::new("widget", "").data(json!({
            "resources": resources,
            "pending": pending,
            "manages": powers.manages,
        })))
    }
}

/// A host call failed (the database is away, a limit was hit): logged, and the call ends as
/// failed so the host shows its error page and keeps nothing this call wrote.
fn failed(error: &Error) -> Response {
    log::error(&format!("bookings request failed: {error}"));
    panic!("bookings request failed: {error}");
}

export_plugin!(Bookings);

#[cfg(test)]
mod tests {
    use super::TEMPLATES;

    /// The message ids of a Fluent file (one `id = text` per line).
    fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
        ftl.lines()
            .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim()))
            .filter(|id| !id.is_empty() && !id.starts_with('#'))
            .collect()
    }

    #[test]
    fn german_and_english_have_the_same_messages() {
        let de = ids(include_str!("../locales/de.ftl"));
        let en = ids(include_str!("../locales/en.ftl"));
        assert_eq!(de, en);
    }

    #[test]
    fn every_message_the_templates_and_code_use_exists() {
        let de = ids(include_str!("../locales/de.ftl"));
        for (name, template) in TEMPLATES {
            for used in template.split("{{t \"").skip(1) {
                let key = used.split('"').next().unwrap_or_default();
                assert!(de.contains(key), "message {key} in {name} is missing");
            }
        }
        // Field messages, flashes, statuses and day states named in the code.
        for source in [
            include_str!("request_form.rs"),
            include_str!("resource_form.rs"),
            include_str!("requests.rs"),
            include_str!("resources.rs"),
            include_str!("decisions.rs"),
            include_str!("shown.rs"),
        ] {
            for key in source.split('"').skip(1).step_by(2) {
                if ["error-", "flash-", "busy-", "reason-"]
                    .iter()
                    .any(|prefix| key.starts_with(prefix))
                {
                    assert!(de.contains(key), "message {key} is missing");
                }
            }
        }
        for status in ["pending", "approved", "declined", "cancelled"] {
            assert!(de.contains(format!("status-{status}").as_str()));
        }
        for state in ["past", "closed", "blocked", "taken", "partly", "free"] {
            assert!(de.contains(format!("day-{state}").as_str()));
        }
        for granularity in crate::resource_form::GRANULARITIES {
            assert!(de.contains(format!("granularity-{granularity}").as_str()));
        }
    }
}
