//! Raumbuchung — room bookings: resources such as a barbecue hut or a hall, a free/busy
//! calendar by week and month, requests with approval (or confirmed at once), weekly series,
//! never two approved bookings at the same time, and iCalendar feeds. Built only on the
//! public plugin SDK.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::{Delivery, NotificationKind};

mod calendar;
mod decisions;
mod feeds;
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
                delivery: Delivery::Instant,
            })
            .notification_kind(NotificationKind {
                id: notices::DECISIONS.into(),
                de: "Entscheidungen über meine Buchungen".into(),
                en: "Decisions on my bookings".into(),
                delivery: Delivery::Instant,
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
        result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))
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
            BOOKINGS.count(model::waiting()).ok()?
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

export_plugin!(Bookings);

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
        // Field messages, flashes and reasons named in the code.
        testing::assert_code_uses_known_messages(
            DE,
            &[
                include_str!("request_form.rs"),
                include_str!("resource_form.rs"),
                include_str!("requests.rs"),
                include_str!("resources.rs"),
                include_str!("decisions.rs"),
                include_str!("shown.rs"),
            ],
            &["error-", "flash-", "busy-", "reason-"],
        );
        // Keys the code builds from parts.
        let known = testing::message_ids(DE);
        let built = ["pending", "approved", "declined", "cancelled"]
            .map(|s| format!("status-{s}"))
            .into_iter()
            .chain(
                [
                    "past",
                    "closed",
                    "blocked",
                    "taken",
                    "requested",
                    "partly",
                    "free",
                ]
                .map(|s| format!("day-{s}")),
            )
            .chain(crate::resource_form::GRANULARITIES.map(|g| format!("granularity-{g}")));
        for key in built {
            assert!(known.contains(key.as_str()), "message {key} is missing");
        }
    }
}
