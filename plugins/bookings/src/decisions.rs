//! A booking's page and what happens to it: approval (declining the pending requests it
//! overlaps), decline, cancellation; a weekly series decided at once with exceptions.
//!
//! Approving checks again that nothing approved or blocked overlaps: the host runs writing
//! calls of this plugin in one community one at a time, so two approvals of overlapping
//! requests cannot both pass the check.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::model::{
    BOOKINGS, Booking, Powers, RESOURCES, Resource, Status, blackouts_within, overlapping,
};
use crate::notices;
use crate::shown;

const MAX_REASON: usize = 1_000;

/// A booking and its resource.
type Loaded = (Record<Booking>, Record<Resource>);

/// A booking the viewer may see the details of (requester and managers), with its resource.
/// Anyone else gets "not found", whether it exists or not, so ids reveal nothing.
fn load(id: &str, powers: &Powers) -> Result<Option<Loaded>, Error> {
    let Some(booking) = BOOKINGS.get(id)? else {
        return Ok(None);
    };
    if !powers.may_see_details(&booking.data) {
        return Ok(None);
    }
    let Some(resource) = RESOURCES.get(&booking.data.resource)? else {
        return Ok(None);
    };
    Ok(Some((booking, resource)))
}

/// The requests a booking would push out: pending ones overlapping it, but itself.
fn rivals(booking: &Record<Booking>) -> Result<Vec<Record<Booking>>, Error> {
    let b = &booking.data;
    Ok(overlapping(&b.resource, b.starts, b.ends, Status::Pending)?
        .into_iter()
        .filter(|r| r.id != booking.id)
        .collect())
}

/// What stands in the way of approving a booking: an approved booking or a blackout.
fn blocker(booking: &Booking) -> Result<Option<&'static str>, Error> {
    if !blackouts_within(&booking.resource, booking.starts, booking.ends)?.is_empty() {
        Ok(Some("error-blackout"))
    } else if !overlapping(
        &booking.resource,
        booking.starts,
        booking.ends,
        Status::Approved,
    )?
    .is_empty()
    {
        Ok(Some("error-slot-taken"))
    } else {
        Ok(None)
    }
}

fn decider(powers: &Powers) -> String {
    powers.viewer.display_name.clone().unwrap_or_default()
}

/// Approves a pending booking if nothing is in the way, and declines the pending requests it
/// overlaps (telling their requesters). The approved booking's requester is told by the
/// caller, once per decision.
fn approve(
    mut booking: Record<Booking>,
    resource: &Record<Resource>,
    powers: &Powers,
) -> Result<Result<Record<Booking>, &'static str>, Error> {
    if let Some(blocked) = blocker(&booking.data)? {
        return Ok(Err(blocked));
    }
    let now = time::now();
    booking.data.status = Status::Approved;
    booking.data.decided_by = decider(powers);
    booking.data.decided_at = Some(now);
    let approved = BOOKINGS.update(&booking)?;
    for mut rival in rivals(&approved)? {
        rival.data.status = Status::Declined;
        rival.data.reason_key = "reason-overlap".into();
        rival.data.decided_by = decider(powers);
        rival.data.decided_at = Some(now);
        let declined = BOOKINGS.update(&rival)?;
        notices::decided(
            &declined,
            &resource.data,
            1,
            notices::reason_text("reason-overlap", &context::community().language),
        )?;
    }
    Ok(Ok(approved))
}

/// Sets a live booking's status to declined or cancelled with a reason.
fn close(
    mut booking: Record<Booking>,
    status: Status,
    reason: &str,
    powers: &Powers,
) -> Result<Record<Booking>, Error> {
    booking.data.status = status;
    booking.data.reason = reason.to_owned();
    booking.data.decided_by = decider(powers);
    booking.data.decided_at = Some(time::now());
    BOOKINGS.update(&booking)
}

/// The data of a booking's page, with the actions the viewer has.
fn page_data(booking: &Record<Booking>, resource: &Record<Resource>, powers: &Powers) -> Json {
    let lang = powers.viewer.language.as_str();
    let now = time::now();
    let b = &booking.data;
    let mut shown = shown::booking(booking, powers, lang);
    shown["decided_by"] = b.decided_by.clone().into();
    shown["decided_at"] = b.decided_at.into();
    shown["requested_at"] = booking.created_at.into();
    json!({
        "booking": shown,
        "resource": { "name": resource.data.name, "href": format!("/resources/{}", resource.id) },
        "may_decide": powers.manages && b.status == Status::Pending && b.ends > now,
        "may_cancel": powers.may_cancel(b, now),
        "reason_required": powers.manages && !powers.is_requester(b),
        "manages": powers.manages,
    })
}

/// A booking's page: for its requester and the managers only.
pub fn show(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((booking, resource)) = load(id, &powers)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(
        View::new("booking", &booking.data.purpose).data(page_data(&booking, &resource, &powers)),
    ))
}

/// The approval page: the booking and the pending requests approving it would decline.
fn approve_view(
    booking: &Record<Booking>,
    resource: &Record<Resource>,
    powers: &Powers,
) -> Result<View, Error> {
    let lang = powers.viewer.language.as_str();
    let rivals: Vec<Json> = rivals(booking)?
        .iter()
        .map(|r| shown::booking(r, powers, lang))
        .collect();
    let mut data = page_data(booking, resource, powers);
    data["rivals"] = rivals.into();
    data["blocked"] = blocker(&booking.data)?.into();
    let title = powers.viewer.pick("Anfrage bestätigen", "Approve request");
    Ok(View::new("approve", title).data(data))
}

pub fn approve_form(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some((booking, resource)) = load(id, &powers)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(approve_view(&booking, &resource, &powers)?))
}

pub fn approve_one(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some((booking, resource)) = load(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if let Some(refusal) = undecidable(&booking.data) {
        return Ok(Response::redirect(&format!("/bookings/{id}")).with_flash(refusal));
    }
    match approve(booking.clone(), &resource, &powers)? {
        Ok(approved) => {
            notices::decided(&approved, &resource.data, 1, "")?;
            Ok(Response::redirect(&format!("/bookings/{id}")).with_flash("flash-approved"))
        }
        Err(blocked) => {
            let mut errors = FieldErrors::new();
            errors.add("form", blocked);
            Ok(Response::invalid(
                approve_view(&booking, &resource, &powers)?,
                errors,
            ))
        }
    }
}

/// Why a booking cannot be approved or declined (any more), as a flash message key.
fn undecidable(booking: &Booking) -> Option<&'static str> {
    if booking.status != Status::Pending {
        Some("flash-already-decided")
    } else if booking.ends <= time::now() {
        Some("flash-past")
    } else {
        None
    }
}

/// The reason typed into a decline or cancel form, or the message if it is missing or long.
fn reason(req: &Request, required: bool) -> Result<String, &'static str> {
    let reason = req.field("reason").trim();
    if required && reason.is_empty() {
        Err("error-reason")
    } else if reason.chars().count() > MAX_REASON {
        Err("error-too-long-text")
    } else {
        Ok(reason.to_owned())
    }
}

/// The booking page again with a message on the reason field and the reason kept.
fn invalid_reason(
    booking: &Record<Booking>,
    resource: &Record<Resource>,
    powers: &Powers,
    req: &Request,
    field: &str,
    message: &str,
) -> Response {
    let mut data = page_data(booking, resource, powers);
    data["form"] = json!({ "field": field, "reason": req.field("reason") });
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    Response::invalid(
        View::new("booking", &booking.data.purpose).data(data),
        errors,
    )
}

pub fn decline(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some((booking, resource)) = load(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if let Some(refusal) = undecidable(&booking.data) {
        return Ok(Response::redirect(&format!("/bookings/{id}")).with_flash(refusal));
    }
    let reason = match reason(req, true) {
        Ok(reason) => reason,
        Err(message) => {
            return Ok(invalid_reason(
                &booking, &resource, &powers, req, "reason", message,
            ));
        }
    };
    let declined = close(booking, Status::Declined, &reason, &powers)?;
    notices::decided(&declined, &resource.data, 1, &reason)?;
    Ok(Response::redirect(&format!("/bookings/{id}")).with_flash("flash-declined"))
}

/// Cancels a booking: the requester's own (a reason is optional) or, for managers, anyone's
/// (with a reason, which the requester is told).
pub fn cancel(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((booking, resource)) = load(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if !powers.may_cancel(&booking.data, time::now()) {
        return Ok(
            Response::redirect(&format!("/bookings/{id}")).with_flash("flash-not-cancellable")
        );
    }
    let by_manager = !powers.is_requester(&booking.data);
    let reason = match reason(req, by_manager) {
        Ok(reason) => reason,
        Err(message) => {
            return Ok(invalid_reason(
                &booking,
                &resource,
                &powers,
                req,
                "cancel_reason",
                message,
            ));
        }
    };
    let cancelled = close(booking, Status::Cancelled, &reason, &powers)?;
    if by_manager {
        notices::decided(&cancelled, &resource.data, 1, &reason)?;
    }
    Ok(Response::redirect(&format!("/bookings/{id}")).with_flash("flash-cancelled"))
}

/// The dates of a series and its resource.
type Series = (Vec<Record<Booking>>, Record<Resource>);

/// A series the viewer may see (its requester and the managers), earliest date first.
fn load_series(key: &str, powers: &Powers) -> Result<Option<Series>, Error> {
    let dates = BOOKINGS
        .find(
            Query::new()
                .eq("series", key)
                .order_by("starts")
                .limit(crate::request_form::MAX_WEEKS as u32),
        )?
        .items;
    let Some(first) = dates.first() else {
        return Ok(None);
    };
    if !powers.may_see_details(&first.data) {
        return Ok(None);
    }
    Ok(RESOURCES
        .get(&first.data.resource)?
        .map(|resource| (dates, resource)))
}

/// The series page. `kept` is a refused decision form: its ticks and reason come back as
/// they were sent.
fn series_view(
    dates: &[Record<Booking>],
    resource: &Record<Resource>,
    powers: &Powers,
    key: &str,
    kept: Option<&Request>,
) -> Result<View, Error> {
    let lang = powers.viewer.language.as_str();
    let now = time::now();
    let ticked = kept.map(ticked_dates).unwrap_or_default();
    let mut shown_dates = vec![];
    for date in dates {
        let mut shown = shown::booking(date, powers, lang);
        let pending = date.data.status == Status::Pending;
        let blocked = if pending && powers.manages {
            blocker(&date.data)?
        } else {
            None
        };
        shown["decidable"] = (pending && date.data.ends > now).into();
        shown["checked"] = match kept {
            Some(_) => ticked.contains(&date.id.as_str()),
            None => blocked.is_none(),
        }
        .into();
        shown["blocked"] = blocked.into();
        shown_dates.push(shown);
    }
    let first = &dates[0].data;
    let decidable = powers.manages
        && dates
            .iter()
            .any(|d| d.data.status == Status::Pending && d.data.ends > now);
    let cancellable = dates.iter().any(|d| powers.may_cancel(&d.data, now));
    let title = powers.viewer.pick("Terminserie", "Weekly series");
    Ok(View::new("series", title).data(json!({
        "key": key,
        "dates": shown_dates,
        "purpose": first.purpose,
        "requester": powers.manages.then_some(&first.requester_name),
        "contact": powers.manages.then_some(&first.contact),
        "attendees": first.attendees,
        "note": first.note,
        "resource": { "name": resource.data.name, "href": format!("/resources/{}", resource.id) },
        "may_decide": decidable,
        "may_cancel": cancellable,
        "reason_required": powers.manages && !powers.is_requester(first),
        "reason": kept.map(|req| req.field("reason")),
    })))
}

/// The ids of the dates ticked for approval in a series decision.
fn ticked_dates(req: &Request) -> Vec<&str> {
    req.form
        .iter()
        .filter(|(k, _)| k == "approve")
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A weekly series with all its dates; managers decide on it here.
pub fn series(key: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((dates, resource)) = load_series(key, &powers)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(series_view(
        &dates, &resource, &powers, key, None,
    )?))
}

/// Decides a whole series: the ticked dates (or all, with the "approve all" button) are
/// approved if nothing is in the way, the others are declined with the reason given (which is
/// required then, as for a single request). The requester is told once.
pub fn decide_series(key: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some((dates, resource)) = load_series(key, &powers)? else {
        return Ok(Response::not_found());
    };
    let ticked = ticked_dates(req);
    let approve_all = req.checked("all");
    let now = time::now();
    let declines_some = !approve_all
        && dates.iter().any(|d| {
            d.data.status == Status::Pending
                && d.data.ends > now
                && !ticked.contains(&d.id.as_str())
        });
    let reason = match reason(req, declines_some) {
        Ok(reason) => reason,
        Err(message) => {
            let mut errors = FieldErrors::new();
            errors.add("reason", message);
            return Ok(Response::invalid(
                series_view(&dates, &resource, &powers, key, Some(req))?,
                errors,
            ));
        }
    };
    let (mut approved, mut declined) = (vec![], vec![]);
    for date in dates {
        if date.data.status != Status::Pending || date.data.ends <= now {
            continue;
        }
        if approve_all || ticked.contains(&date.id.as_str()) {
            match approve(date.clone(), &resource, &powers)? {
                Ok(done) => approved.push(done),
                Err(_) => {
                    let mut date = date;
                    date.data.reason_key = "reason-blocked".into();
                    declined.push(close(date, Status::Declined, "", &powers)?);
                }
            }
        } else {
            declined.push(close(date, Status::Declined, &reason, &powers)?);
        }
    }
    if let Some(first) = approved.first() {
        notices::decided(first, &resource.data, approved.len(), "")?;
    }
    if let Some(first) = declined.first() {
        notices::decided(first, &resource.data, declined.len(), &reason)?;
    }
    Ok(Response::redirect(&format!("/series/{key}")).with_flash("flash-series-decided"))
}

/// Cancels every date of a series that has not ended.
pub fn cancel_series(key: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((dates, resource)) = load_series(key, &powers)? else {
        return Ok(Response::not_found());
    };
    let by_manager = !powers.is_requester(&dates[0].data);
    let reason = match reason(req, by_manager) {
        Ok(reason) => reason,
        Err(message) => {
            let mut errors = FieldErrors::new();
            errors.add("cancel_reason", message);
            return Ok(Response::invalid(
                series_view(&dates, &resource, &powers, key, None)?,
                errors,
            ));
        }
    };
    let now = time::now();
    let mut cancelled = vec![];
    for date in dates {
        if powers.may_cancel(&date.data, now) {
            cancelled.push(close(date, Status::Cancelled, &reason, &powers)?);
        }
    }
    if by_manager && let Some(first) = cancelled.first() {
        notices::decided(first, &resource.data, cancelled.len(), &reason)?;
    }
    Ok(Response::redirect(&format!("/series/{key}")).with_flash("flash-cancelled"))
}
