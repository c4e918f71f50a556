//! The resources: the overview, a resource's page with its week or month calendar, the
//! managers' form to add or change one, its blackout periods and its feed link.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::random;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{
    BLACKOUTS, BOOKINGS, Blackout, Powers, RESOURCES, Requesters, Resource, waiting,
};
use crate::resource_form::{GRANULARITIES, ResourceForm};
use crate::{calendar, shown};

/// A resource the viewer may see: active ones for everyone, inactive ones for managers.
pub fn visible(id: &str, powers: &Powers) -> Result<Option<Record<Resource>>, Error> {
    Ok(RESOURCES
        .get(id)?
        .filter(|r| r.data.active || powers.manages))
}

/// The overview: every resource with a link to its calendar, and the managers' tools.
pub fn index() -> Result<Response, Error> {
    let powers = Powers::load();
    let mut query = Query::new().order_by("name").limit(200);
    if !powers.manages {
        query = query.eq("active", true);
    }
    let resources: Vec<Json> = RESOURCES
        .find(query)?
        .items
        .iter()
        .map(|r| {
            json!({
                "href": format!("/resources/{}", r.id),
                "name": r.data.name,
                "description": r.data.description,
                "capacity": r.data.capacity,
                "location": r.data.location,
                "active": r.data.active,
                "auto_accept": r.data.auto_accept,
            })
        })
        .collect();
    let pending = if powers.manages {
        BOOKINGS.count(waiting())?
    } else {
        0
    };
    let title = powers.viewer.pick("Raumbuchung", "Room bookings");
    Ok(Response::view(View::new("index", title).data(json!({
        "resources": resources,
        "manages": powers.manages,
        "pending": pending,
        "logged_in": powers.viewer.is_logged_in(),
    }))))
}

/// What everyone may know about a resource, for its page.
fn about(record: &Record<Resource>, powers: &Powers) -> Json {
    let r = &record.data;
    let lang = powers.viewer.language.as_str();
    let days: Vec<&str> = r
        .weekdays
        .iter()
        .map(|d| shown::weekday(lang, *d))
        .collect();
    json!({
        "id": record.id,
        "href": format!("/resources/{}", record.id),
        "name": r.name,
        "description": r.description,
        "capacity": r.capacity,
        "location": r.location,
        "house_rules": r.house_rules,
        "price_note": r.price_note,
        "accessibility": r.accessibility,
        "opens": time::clock(r.opens),
        "closes": time::clock(r.closes),
        "days": days.join(", "),
        "every_day": r.weekdays.len() == 7,
        "members_only": r.requesters == Requesters::Members,
        "auto_accept": r.auto_accept,
        "granularity": r.granularity,
        "max_hours": r.max_minutes as f64 / 60.0,
        "horizon_days": r.horizon_days,
        "active": r.active,
    })
}

/// The parts every calendar page shares: the resource, what the viewer may do, the feeds.
fn page_data(record: &Record<Resource>, powers: &Powers) -> Json {
    let community = context::community();
    json!({
        "resource": about(record, powers),
        "may_request": record.data.may_request(&powers.viewer),
        "logged_in": powers.viewer.is_logged_in(),
        "manages": powers.manages,
        "busy_feed": format!("{}/resources/{}/busy.ics", community.mount_url, record.id),
        "manager_feed": powers.manages.then(|| format!(
            "{}/resources/{}/feed.ics?token={}",
            community.mount_url, record.id, record.data.feed_token
        )),
    })
}

/// A resource's page with the week containing `?week=` (today's week without it).
pub fn show(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(record) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let monday = req
        .query("week")
        .and_then(Date::parse)
        .unwrap_or_else(Date::today)
        .monday();
    let mut data = page_data(&record, &powers);
    data["week"] = calendar::week(&record, monday, &powers, &powers.viewer.language)?;
    Ok(Response::view(
        View::new("resource", &record.data.name).data(data),
    ))
}

/// A resource's month grid for `?month=YYYY-MM` (this month without it).
pub fn month(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(record) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let first = req
        .query("month")
        .and_then(Date::parse_month)
        .unwrap_or_else(Date::today)
        .first_of_month();
    let mut data = page_data(&record, &powers);
    data["month"] = calendar::month(&record, first, &powers, &powers.viewer.language)?;
    Ok(Response::view(
        View::new("month", &record.data.name).data(data),
    ))
}

/// The resource form's view, with the form's data and the choices it offers.
fn form_view(form: &ResourceForm, editing: Option<&str>, lang: &str) -> View {
    let weekdays: Vec<Json> = (1..=7)
        .map(|d| {
            json!({
                "value": d,
                "label": shown::weekday(lang, d),
                "checked": form.weekdays.get(d as usize - 1) == Some(&true),
            })
        })
        .collect();
    let granularities: Vec<Json> = GRANULARITIES
        .iter()
        .map(|g| {
            json!({
                "value": g,
                "key": format!("granularity-{g}"),
                "selected": form.granularity == g.to_string(),
            })
        })
        .collect();
    let title = match (editing, lang) {
        (Some(_), "de") => "Ressource bearbeiten",
        (Some(_), _) => "Edit resource",
        (None, "de") => "Neue Ressource",
        (None, _) => "New resource",
    };
    View::new("resource_form", title).data(json!({
        "form": form,
        "weekdays": weekdays,
        "granularities": granularities,
        "editing": editing.map(|id| json!({ "id": id, "href": format!("/resources/{id}") })),
        "action": editing.map_or("/resources/new".to_owned(), |id| format!("/resources/{id}/edit")),
    }))
}

pub fn new_form() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(form_view(
        &ResourceForm::blank(),
        None,
        &powers.viewer.language,
    )))
}

pub fn create(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let form = ResourceForm::from_request(req);
    match form.check(random::token()) {
        Ok(resource) => {
            let record = RESOURCES.insert(&resource)?;
            Ok(Response::redirect(&format!("/resources/{}", record.id))
                .with_flash("flash-resource-created"))
        }
        Err(errors) => Ok(Response::invalid(
            form_view(&form, None, &powers.viewer.language),
            errors,
        )),
    }
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some(record) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(form_view(
        &ResourceForm::from_resource(&record),
        Some(id),
        &powers.viewer.language,
    )))
}

pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some(mut record) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    let form = ResourceForm::from_request(req);
    let invalid = |errors| {
        Ok(Response::invalid(
            form_view(&form, Some(id), &powers.viewer.language),
            errors,
        ))
    };
    if form.version != record.version.to_string() {
        let mut errors = FieldErrors::new();
        errors.add("form", "error-changed-meanwhile");
        return invalid(errors);
    }
    match form.check(record.data.feed_token.clone()) {
        Ok(resource) => {
            record.data = resource;
            match RESOURCES.update(&record) {
                Ok(_) => Ok(Response::redirect(&format!("/resources/{id}"))
                    .with_flash("flash-resource-saved")),
                Err(Error::Conflict) => {
                    let mut errors = FieldErrors::new();
                    errors.add("form", "error-changed-meanwhile");
                    invalid(errors)
                }
                Err(e) => Err(e),
            }
        }
        Err(errors) => invalid(errors),
    }
}

/// A new secret for the managers' feed link; the old link stops working.
pub fn renew_token(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some(mut record) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    record.data.feed_token = random::token();
    RESOURCES.update(&record)?;
    Ok(Response::redirect(&format!("/resources/{id}")).with_flash("flash-token-renewed"))
}

/// The blackout form as typed.
#[derive(Debug, Default, serde::Serialize)]
struct BlackoutForm {
    starts: String,
    ends: String,
    reason: String,
}

/// The blackout periods of a resource that have not ended, and the form to add one.
fn blackouts_view(
    record: &Record<Resource>,
    form: &BlackoutForm,
    powers: &Powers,
) -> Result<View, Error> {
    let lang = powers.viewer.language.as_str();
    let periods: Vec<Json> = BLACKOUTS
        .find(
            Query::new()
                .eq("resource", record.id.as_str())
                .gt("ends", time::now())
                .order_by("starts")
                .limit(200),
        )?
        .items
        .iter()
        .map(|b| {
            json!({
                "id": b.id,
                "when": shown::span(lang, b.data.starts, b.data.ends),
                "reason": b.data.reason,
            })
        })
        .collect();
    let title = powers.viewer.pick("Sperrzeiten", "Blocked periods");
    Ok(View::new("blackouts", title).data(json!({
        "resource": about(record, powers),
        "periods": periods,
        "form": form,
    })))
}

pub fn blackouts(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some(record) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(blackouts_view(
        &record,
        &BlackoutForm::default(),
        &powers,
    )?))
}

pub fn add_blackout(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    let Some(record) = RESOURCES.get(id)? else {
        return Ok(Response::not_found());
    };
    let form = BlackoutForm {
        starts: req.field("starts").trim().to_owned(),
        ends: req.field("ends").trim().to_owned(),
        reason: req.field("reason").trim().to_owned(),
    };
    let mut errors = FieldErrors::new();
    let starts = time::parse_berlin_input(&form.starts);
    if starts.is_none() {
        errors.add("starts", "error-datetime");
    }
    let ends = time::parse_berlin_input(&form.ends);
    match (starts, ends) {
        (_, None) => errors.add("ends", "error-datetime"),
        (Some(s), Some(e)) if e <= s => errors.add("ends", "error-end-before-start"),
        (_, Some(e)) if e <= time::now() => errors.add("ends", "error-past"),
        _ => {}
    }
    if form.reason.is_empty() {
        errors.add("reason", "error-reason");
    } else if form.reason.chars().count() > crate::request_form::MAX_PURPOSE {
        errors.add("reason", "error-too-long-text");
    }
    let (Some(starts), Some(ends), true) = (starts, ends, errors.is_empty()) else {
        return Ok(Response::invalid(
            blackouts_view(&record, &form, &powers)?,
            errors,
        ));
    };
    BLACKOUTS.insert(&Blackout {
        resource: record.id.clone(),
        starts,
        ends,
        reason: form.reason,
    })?;
    Ok(
        Response::redirect(&format!("/resources/{id}/blackouts"))
            .with_flash("flash-blackout-added"),
    )
}

pub fn delete_blackout(id: &str, blackout: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.manages {
        return Ok(Response::forbidden());
    }
    match BLACKOUTS.get(blackout)? {
        Some(b) if b.data.resource == id => {
            BLACKOUTS.delete(blackout)?;
            Ok(Response::redirect(&format!("/resources/{id}/blackouts"))
                .with_flash("flash-blackout-removed"))
        }
        _ => Ok(Response::not_found()),
    }
}
