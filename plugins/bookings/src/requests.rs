//! Asking for a resource: the request form, the per-date conflict report of a weekly series,
//! and storing the request — confirmed at once on an auto-accept resource, pending otherwise.
//!
//! The host runs every writing call of this plugin in one community one at a time, so the
//! check for a taken slot and the insert that follows cannot interleave with another request.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::random;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{BOOKINGS, Booking, Powers, Resource, Status, blackouts_within, overlapping};
use crate::notices;
use crate::request_form::{self, Checked, RequestForm, Slot};
use crate::resources::visible;
use crate::shown;

/// Why one slot cannot be booked, as a message key, if it cannot: the past, the horizon, a
/// blackout period or an approved booking in the way.
pub fn slot_conflict(
    resource: &Record<Resource>,
    slot: Slot,
    now: i64,
) -> Result<Option<&'static str>, Error> {
    if let Some(problem) = request_form::date_problem(slot, &resource.data, now) {
        return Ok(Some(problem));
    }
    if !blackouts_within(&resource.id, slot.starts, slot.ends)?.is_empty() {
        return Ok(Some("error-blackout"));
    }
    if !overlapping(&resource.id, slot.starts, slot.ends, Status::Approved)?.is_empty() {
        return Ok(Some("error-slot-taken"));
    }
    Ok(None)
}

/// The resource for a request, if the viewer may ask for it; otherwise the answer to give.
fn requestable(id: &str, powers: &Powers) -> Result<Result<Record<Resource>, Response>, Error> {
    let Some(resource) = visible(id, powers)? else {
        return Ok(Err(Response::not_found()));
    };
    if !resource.data.may_request(&powers.viewer) {
        return Ok(Err(Response::forbidden()));
    }
    Ok(Ok(resource))
}

fn form_view(resource: &Record<Resource>, form: &RequestForm, powers: &Powers) -> View {
    let title = powers.viewer.pick("Anfrage", "Request");
    View::new("request_form", &format!("{title}: {}", resource.data.name)).data(json!({
        "resource": {
            "id": resource.id,
            "href": format!("/resources/{}", resource.id),
            "name": resource.data.name,
            "capacity": resource.data.capacity,
            "opens": time::clock(resource.data.opens),
            "closes": time::clock(resource.data.closes),
            "granularity": resource.data.granularity,
            "max_hours": resource.data.max_minutes as f64 / 60.0,
            "auto_accept": resource.data.auto_accept,
            "house_rules": resource.data.house_rules,
        },
        "form": form,
        "action": format!("/resources/{}/request", resource.id),
        "step": resource.data.granularity.min(24 * 60) * 60,
    }))
}

/// The request form, on the day the calendar offered (`?date=`).
pub fn new_form(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let resource = match requestable(id, &powers)? {
        Ok(resource) => resource,
        Err(response) => return Ok(response),
    };
    let date = req.query("date").and_then(Date::parse);
    let form = RequestForm::blank(&resource.data, date);
    Ok(Response::view(form_view(&resource, &form, &powers)))
}

/// Checks and stores a request. A weekly series is first shown date by date; it is stored
/// when the form comes back with `confirm`.
pub fn create(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let resource = match requestable(id, &powers)? {
        Ok(resource) => resource,
        Err(response) => return Ok(response),
    };
    let now = time::now();
    let form = RequestForm::from_request(req);
    // "Change" on the conflict report of a series: the form again, as it was.
    if req.checked("edit") {
        return Ok(Response::view(form_view(&resource, &form, &powers)));
    }
    let checked = match request_form::check(&form, &resource.data, now) {
        Ok(checked) => checked,
        Err(errors) => {
            return Ok(Response::invalid(
                form_view(&resource, &form, &powers),
                errors,
            ));
        }
    };
    if checked.weeks == 1 {
        let slot = checked.slot(0);
        if let Some(conflict) = slot_conflict(&resource, slot, now)? {
            let mut errors = FieldErrors::new();
            errors.add("date", conflict);
            return Ok(Response::invalid(
                form_view(&resource, &form, &powers),
                errors,
            ));
        }
        let record = store(&resource, &checked, slot, None, &powers)?;
        tell_managers(&record, &resource)?;
        let flash = if record.data.status == Status::Approved {
            "flash-confirmed"
        } else {
            "flash-requested"
        };
        return Ok(Response::redirect(&format!("/bookings/{}", record.id)).with_flash(flash));
    }
    let report = series_report(&resource, &checked, now)?;
    let free: Vec<Slot> = report
        .iter()
        .filter(|(_, conflict)| conflict.is_none())
        .map(|(slot, _)| *slot)
        .collect();
    if !req.checked("confirm") || free.is_empty() {
        return Ok(Response::view(series_view(
            &resource, &form, &report, &powers,
        )));
    }
    let series = random::token();
    let mut stored = vec![];
    for slot in free {
        stored.push(store(&resource, &checked, slot, Some(&series), &powers)?);
    }
    // A series tells the managers once, with its first date.
    if let Some(first) = stored.first() {
        tell_managers(first, &resource)?;
    }
    Ok(Response::redirect(&format!("/series/{series}")).with_flash("flash-series-requested"))
}

/// Every date of a series with its conflict, if any.
fn series_report(
    resource: &Record<Resource>,
    checked: &Checked,
    now: i64,
) -> Result<Vec<(Slot, Option<&'static str>)>, Error> {
    checked
        .slots()
        .into_iter()
        .map(|slot| Ok((slot, slot_conflict(resource, slot, now)?)))
        .collect()
}

/// The conflict report of a series, with the form again to confirm or change it.
fn series_view(
    resource: &Record<Resource>,
    form: &RequestForm,
    report: &[(Slot, Option<&'static str>)],
    powers: &Powers,
) -> View {
    let lang = powers.viewer.language.as_str();
    let dates: Vec<Json> = report
        .iter()
        .map(|(slot, conflict)| {
            json!({
                "when": shown::span(lang, slot.starts, slot.ends),
                "conflict": conflict,
            })
        })
        .collect();
    let free = report.iter().filter(|(_, c)| c.is_none()).count();
    let title = powers.viewer.pick("Serie prüfen", "Check the series");
    View::new("series_preview", title).data(json!({
        "resource": { "name": resource.data.name, "href": format!("/resources/{}", resource.id) },
        "form": form,
        "action": format!("/resources/{}/request", resource.id),
        "dates": dates,
        "free": free,
        "total": report.len(),
    }))
}

/// A request waiting for approval reaches the managers; one confirmed at once needs nobody.
fn tell_managers(record: &Record<Booking>, resource: &Record<Resource>) -> Result<(), Error> {
    if record.data.status == Status::Pending {
        notices::new_request(record, &resource.data)?;
    }
    Ok(())
}

/// Stores one booking: approved at once on an auto-accept resource, pending otherwise.
fn store(
    resource: &Record<Resource>,
    checked: &Checked,
    slot: Slot,
    series: Option<&str>,
    powers: &Powers,
) -> Result<Record<Booking>, Error> {
    let status = if resource.data.auto_accept {
        Status::Approved
    } else {
        Status::Pending
    };
    let booking = Booking {
        resource: resource.id.clone(),
        starts: slot.starts,
        ends: slot.ends,
        status,
        purpose: checked.purpose.clone(),
        attendees: checked.attendees,
        contact: checked.contact.clone(),
        note: checked.note.clone(),
        public_event: checked.public_event,
        requester: powers.viewer.id.clone().unwrap_or_default(),
        requester_name: powers.viewer.display_name.clone().unwrap_or_default(),
        series: series.map(str::to_owned),
        reason: String::new(),
        reason_key: String::new(),
        decided_by: String::new(),
        decided_at: (status == Status::Approved).then_some(time::now()),
    };
    BOOKINGS.insert(&booking)
}
