//! Telling people about bookings: the managers about a new request, the requester about
//! each decision. Written in the community's language (a notification has one text).

use quartier_plugin_sdk::notify::{self, Recipients};
use quartier_plugin_sdk::prelude::*;

use crate::model::{Booking, Resource, Status};
use crate::shown;

/// Managers hear about requests waiting for them.
pub const REQUESTS: &str = "requests";
/// Requesters hear about decisions on their bookings.
pub const DECISIONS: &str = "decisions";

fn language() -> String {
    context::community().language
}

/// A new request for the managers' queue.
pub fn new_request(record: &Record<Booking>, resource: &Resource) -> Result<(), Error> {
    let lang = language();
    let b = &record.data;
    let when = shown::span(&lang, b.starts, b.ends);
    let (title, body) = if lang == "de" {
        (
            format!("Neue Anfrage: {}", resource.name),
            format!("{} fragt {when} an: {}", b.requester_name, b.purpose),
        )
    } else {
        (
            format!("New request: {}", resource.name),
            format!("{} asks for {when}: {}", b.requester_name, b.purpose),
        )
    };
    let link = match &b.series {
        Some(series) => format!("/series/{series}"),
        None => format!("/bookings/{}", record.id),
    };
    notify::send(
        Recipients::RoleAtLeast(Role::Manager),
        REQUESTS,
        &title,
        &body,
        Some(&link),
        false,
    )
}

/// The requester learns what became of their booking (or of `count` dates of a series).
pub fn decided(
    record: &Record<Booking>,
    resource: &Resource,
    count: usize,
    reason: &str,
) -> Result<(), Error> {
    let lang = language();
    let b = &record.data;
    if b.requester.is_empty() {
        return Ok(());
    }
    let when = if count > 1 {
        if lang == "de" {
            format!(
                "{count} Termine ab {}",
                shown::span(&lang, b.starts, b.ends)
            )
        } else {
            format!(
                "{count} dates from {}",
                shown::span(&lang, b.starts, b.ends)
            )
        }
    } else {
        shown::span(&lang, b.starts, b.ends)
    };
    let verb = match (b.status, lang.as_str()) {
        (Status::Approved, "de") => "bestätigt",
        (Status::Declined, "de") => "abgelehnt",
        (Status::Cancelled, "de") => "storniert",
        (Status::Pending, "de") => "angefragt",
        (Status::Approved, _) => "approved",
        (Status::Declined, _) => "declined",
        (Status::Cancelled, _) => "cancelled",
        (Status::Pending, _) => "requested",
    };
    let title = if lang == "de" {
        format!("{}: Buchung {verb}", resource.name)
    } else {
        format!("{}: booking {verb}", resource.name)
    };
    let mut body = format!("{when} – {}", b.purpose);
    if !reason.is_empty() {
        body.push_str(if lang == "de" {
            "\nGrund: "
        } else {
            "\nReason: "
        });
        body.push_str(reason);
    }
    let link = match &b.series {
        Some(series) if count > 1 => format!("/series/{series}"),
        _ => format!("/bookings/{}", record.id),
    };
    notify::send(
        Recipients::People(vec![b.requester.clone()]),
        DECISIONS,
        &title,
        &body,
        Some(&link),
        false,
    )
}

/// The words for a reason the module gave itself.
pub fn reason_text(key: &str, lang: &str) -> &'static str {
    let de = lang == "de";
    match key {
        "reason-overlap" if de => "Der Zeitraum wurde an eine andere Anfrage vergeben.",
        "reason-overlap" => "The time was given to another request.",
        "reason-blocked" if de => "Der Zeitraum ist inzwischen belegt oder gesperrt.",
        "reason-blocked" => "The time has been taken or blocked meanwhile.",
        _ => "",
    }
}
