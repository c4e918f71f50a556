//! How dates, times and bookings are shown: labels in the viewer's language, and a booking
//! as the viewer may see it (details for the requester and managers, free/busy for others).

use quartier_plugin_sdk::prelude::*;

use crate::model::{Booking, Powers, Status};

// How dates read, shared with other modules through the SDK.
pub use quartier_plugin_sdk::dates::{date, end_clock, month, span, weekday};

/// The translation key of a status, e.g. `status-pending`.
pub fn status_key(status: Status) -> String {
    format!("status-{}", status.as_str())
}

/// A booking as the viewer may see it. The requester and managers see its details; anyone
/// else sees only that the time is taken (or the title of an approved public event).
pub fn booking(record: &Record<Booking>, powers: &Powers, lang: &str) -> Json {
    let b = &record.data;
    let when = span(lang, b.starts, b.ends);
    if powers.may_see_details(b) {
        json!({
            "id": record.id,
            "href": format!("/bookings/{}", record.id),
            "when": when,
            "status": b.status.as_str(),
            "status_key": status_key(b.status),
            "purpose": b.purpose,
            "attendees": b.attendees,
            "requester": powers.manages.then_some(&b.requester_name),
            "contact": powers.manages.then_some(&b.contact),
            "note": b.note,
            "public_event": b.public_event,
            "mine": powers.is_requester(b),
            "series": b.series,
            "reason_text": if b.reason.is_empty() {
                crate::notices::reason_text(&b.reason_key, lang)
            } else {
                b.reason.as_str()
            },
            "details": true,
        })
    } else {
        json!({
            "when": when,
            "status": b.status.as_str(),
            "status_key": busy_key(b),
            "purpose": public_title(b),
            "details": false,
        })
    }
}

/// The title an approved public event shows to everyone.
pub fn public_title(b: &Booking) -> Option<&str> {
    (b.public_event && b.status == Status::Approved).then_some(b.purpose.as_str())
}

/// What others see of a booking: taken, or asked for.
pub fn busy_key(b: &Booking) -> &'static str {
    if b.status == Status::Approved {
        "busy-approved"
    } else {
        "busy-pending"
    }
}
