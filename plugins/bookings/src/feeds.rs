//! iCalendar feeds: per resource a public free/busy feed (no names, no purposes; only the
//! titles of public events), a managers' feed with every detail behind a secret link, and a
//! single booking to add to one's own calendar.

use quartier_plugin_sdk::ics::{self, Event};
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::random;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{BOOKINGS, Booking, Powers, RESOURCES, Resource, Status, holding_time};
use crate::resources::visible;
use crate::shown;

/// How far back a feed reaches: calendar apps keep what they saw, a season is plenty.
const PAST_DAYS: i64 = 90;

/// The booking's event id, stable across feed refreshes: `booking-{id}-{slug}@{host}`.
fn uid(record: &Record<Booking>, community: &Community) -> String {
    ics::uid("booking", &record.id, community)
}

/// The bookings of a resource a feed shows: from a season ago to its booking horizon.
fn feed_bookings(
    resource: &Record<Resource>,
    approved_only: bool,
) -> Result<Vec<Record<Booking>>, Error> {
    let from = Date::today().add_days(-PAST_DAYS).start();
    let to = Date::today()
        .add_days(resource.data.horizon_days + 1)
        .start();
    holding_time(&resource.id, from, to, approved_only)
}

/// `busy.ics`: when the resource is taken, for anyone. Names and purposes stay out; an
/// approved public event shows its title.
pub fn busy(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(resource) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let community = context::community();
    let busy = if community.language == "de" {
        "Belegt"
    } else {
        "Busy"
    };
    let events: Vec<Event> = feed_bookings(&resource, true)?
        .iter()
        .map(|b| Event {
            uid: uid(b, &community),
            stamp: b.updated_at,
            starts: b.data.starts,
            ends: b.data.ends,
            summary: shown::public_title(&b.data).unwrap_or(busy).to_owned(),
            description: None,
            location: None,
            tentative: false,
            url: None,
        })
        .collect();
    Ok(ics::body(&resource.data.name, &events, None))
}

/// A booking with every detail, for its requester and the managers.
fn detailed(record: &Record<Booking>, resource: &Resource, community: &Community) -> Event {
    let b = &record.data;
    let de = community.language == "de";
    let mut description = if de {
        format!(
            "{}\nAngefragt von: {}\nPersonen: {}",
            b.purpose, b.requester_name, b.attendees
        )
    } else {
        format!(
            "{}\nRequested by: {}\nPeople: {}",
            b.purpose, b.requester_name, b.attendees
        )
    };
    if !b.contact.is_empty() {
        description.push_str(if de { "\nKontakt: " } else { "\nContact: " });
        description.push_str(&b.contact);
    }
    if !b.note.is_empty() {
        description.push_str("\n\n");
        description.push_str(&b.note);
    }
    Event {
        uid: uid(record, community),
        stamp: record.updated_at,
        starts: b.starts,
        ends: b.ends,
        summary: format!("{}: {}", resource.name, b.purpose),
        description: Some(description),
        location: (!resource.location.is_empty()).then(|| resource.location.clone()),
        tentative: b.status == Status::Pending,
        url: Some(format!("{}/bookings/{}", community.mount_url, record.id)),
    }
}

/// `feed.ics?token=…`: pending and approved bookings with who, why, how many and contact,
/// for the managers' calendar app. The token is the only key; a wrong one finds nothing.
pub fn managers(id: &str, req: &Request) -> Result<Response, Error> {
    let Some(resource) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    let given = req.query("token").unwrap_or_default();
    if !random::same_secret(given, &resource.data.feed_token) {
        return Ok(Response::not_found());
    }
    let community = context::community();
    let events: Vec<Event> = feed_bookings(&resource, false)?
        .iter()
        .map(|b| detailed(b, &resource.data, &community))
        .collect();
    Ok(ics::body(&resource.data.name, &events, None))
}

/// `event.ics`: one booking to add to one's own calendar.
pub fn event(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(record) = BOOKINGS.get(id)? else {
        return Ok(Response::not_found());
    };
    if !powers.may_see_details(&record.data) {
        return Ok(Response::not_found());
    }
    let Some(resource) = RESOURCES.get(&record.data.resource)? else {
        return Ok(Response::not_found());
    };
    let community = context::community();
    let event = detailed(&record, &resource.data, &community);
    let name = format!(
        "{} {}",
        resource.data.name,
        time::to_berlin_input(record.data.starts)
    );
    Ok(ics::body(
        &name,
        &[event],
        Some(format!("booking-{id}.ics")),
    ))
}
