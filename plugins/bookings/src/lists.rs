//! Lists across resources: the managers' queue of pending requests (a series as one entry)
//! and everyone's own bookings.

use std::collections::HashMap;

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::model::{BOOKINGS, Booking, Powers, RESOURCES, Status, overlapping, waiting};
use crate::shown;

/// How many entries a list shows.
const LIMIT: u32 = 200;

/// The names of the resources, by id.
fn resource_names() -> Result<HashMap<String, String>, Error> {
    Ok(RESOURCES
        .find(Query::new().limit(500))?
        .items
        .into_iter()
        .map(|r| (r.id, r.data.name))
        .collect())
}

/// A booking as the viewer may see it, with its resource's name.
fn with_resource(
    record: &Record<Booking>,
    names: &HashMap<String, String>,
    powers: &Powers,
    lang: &str,
) -> Json {
    let mut shown = shown::booking(record, powers, lang);
    shown["resource"] = names
        .get(&record.data.resource)
        .cloned()
        .unwrap_or_default()
        .into();
    shown
}

/// True when another live booking overlaps this one (so deciding it affects another).
fn in_conflict(record: &Record<Booking>) -> Result<bool, Error> {
    let b = &record.data;
    if !overlapping(&b.resource, b.starts, b.ends, Status::Approved)?.is_empty() {
        return Ok(true);
    }
    Ok(overlapping(&b.resource, b.starts, b.ends, Status::Pending)?
        .iter()
        .any(|other| other.id != record.id))
}

/// Pending requests, soonest first; the dates of a series collapse into one entry.
pub fn queue() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let lang = powers.viewer.language.as_str();
    let names = resource_names()?;
    let pending = BOOKINGS
        .find(waiting().order_by("starts").limit(LIMIT))?
        .items;
    let mut entries: Vec<Json> = vec![];
    let mut series_seen: HashMap<String, usize> = HashMap::new();
    for record in &pending {
        if let Some(series) = &record.data.series {
            if let Some(index) = series_seen.get(series) {
                let count = entries[*index]["count"].as_u64().unwrap_or(1) + 1;
                entries[*index]["count"] = count.into();
                continue;
            }
            series_seen.insert(series.clone(), entries.len());
        }
        let mut shown = with_resource(record, &names, &powers, lang);
        shown["conflict"] = in_conflict(record)?.into();
        shown["count"] = 1.into();
        if let Some(series) = &record.data.series {
            shown["href"] = format!("/series/{series}").into();
        }
        entries.push(shown);
    }
    let title = powers.viewer.pick("Offene Anfragen", "Pending requests");
    Ok(Response::view(
        View::new("queue", title).data(json!({ "entries": entries })),
    ))
}

/// The viewer's own bookings: coming ones soonest first, then the latest past ones.
pub fn mine() -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(me) = powers.viewer.id.clone() else {
        return Ok(Response::forbidden());
    };
    let lang = powers.viewer.language.as_str();
    let names = resource_names()?;
    let now = time::now();
    let shown_list = |items: Vec<Record<Booking>>| -> Vec<Json> {
        items
            .iter()
            .map(|record| with_resource(record, &names, &powers, lang))
            .collect()
    };
    let coming = BOOKINGS.find(
        Query::new()
            .eq("requester", me.as_str())
            .gt("ends", now)
            .order_by("starts")
            .limit(LIMIT),
    )?;
    let past = BOOKINGS.find(
        Query::new()
            .eq("requester", me.as_str())
            .le("ends", now)
            .order_by("starts")
            .descending()
            .limit(20),
    )?;
    let title = powers.viewer.pick("Meine Buchungen", "My bookings");
    Ok(Response::view(View::new("mine", title).data(json!({
        "coming": shown_list(coming.items),
        "past": shown_list(past.items),
    }))))
}
