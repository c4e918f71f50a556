//! Calls: the list with its filters, a call's page, the form to post or change one, and the
//! organiser's tools — close, reopen, cancel, and a message to everyone signed up.

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};

use crate::forms::{CUTOFF_HOURS, CallForm, CheckedShift, REMIND_HOURS, required_text};
use crate::model::{
    CALLS, Call, CallStatus, Powers, SHIFTS, SIGNUPS, Shift, SignupStatus, items_of,
    live_signups_of_call, pledges_of, refresh_call, shifts_of,
};
use crate::{notices, shown};

/// A call the viewer may see, or none (not found, or members-only for a visitor).
pub fn visible(id: &str, powers: &Powers) -> Result<Option<Record<Call>>, Error> {
    Ok(CALLS.get(id)?.filter(|c| powers.may_see(&c.data)))
}

/// The list: upcoming calls soonest first (`?date=` those with a shift that day, `?needs=1`
/// those still needing people or things, `?past=1` the past ones, newest first).
pub fn index(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let now = time::now();
    let date = req.query("date").filter(|d| !d.is_empty());
    let day = date.and_then(Date::parse);
    let needs = req.query("needs").is_some_and(|v| v == "1" || v == "on");
    let past = req.query("past").is_some_and(|v| v == "1");
    let calls: Vec<Record<Call>> = if past {
        CALLS
            .find(
                Query::new()
                    .le("ends", now)
                    .gt("ends", 0)
                    .order_by("ends")
                    .descending()
                    .limit(50),
            )?
            .items
    } else if let Some(day) = day {
        on_day(day, now)?
    } else {
        let mut query = Query::new()
            .gt("ends", now)
            .ne("status", "cancelled")
            .order_by("starts")
            .limit(100);
        if needs {
            query = query.eq("needs", true).eq("status", "open");
        }
        CALLS.find(query)?.items
    };
    let cards: Vec<Json> = calls
        .iter()
        .filter(|c| powers.may_see(&c.data))
        .filter(|c| !needs || (c.data.needs && c.data.accepts(now)))
        .map(|c| shown::card(c, &powers, now))
        .collect();
    let title = powers.viewer.pick("Mach mit!", "Volunteer");
    Ok(Response::view(View::new("index", title).data(json!({
        "calls": cards,
        "filter": {
            "date": date.unwrap_or(""),
            "bad_date": date.is_some() && day.is_none(),
            "needs": needs,
            "past": past,
            "any": date.is_some() || needs || past,
        },
        "may_create": powers.may_create(),
        "member": powers.member,
    }))))
}

/// The calls with a shift starting on `day`, soonest first.
fn on_day(day: Date, now: i64) -> Result<Vec<Record<Call>>, Error> {
    let shifts = SHIFTS
        .find(
            Query::new()
                .ge("starts", day.start())
                .lt("starts", day.add_days(1).start())
                .order_by("starts")
                .limit(500),
        )?
        .items;
    let mut ids: Vec<&str> = Vec::new();
    for s in &shifts {
        if !ids.contains(&s.data.call.as_str()) {
            ids.push(&s.data.call);
        }
    }
    let mut calls = Vec::new();
    for id in ids {
        if let Some(call) = CALLS.get(id)?
            && call.data.status != CallStatus::Cancelled
            && (call.data.ends > now || day < Date::today())
        {
            calls.push(call);
        }
    }
    Ok(calls)
}

/// A call's page.
pub fn show(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(call) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let data = page(&call, &powers)?;
    Ok(Response::view(
        View::new("call", &call.data.title).data(data),
    ))
}

fn page(call: &Record<Call>, powers: &Powers) -> Result<Json, Error> {
    let shifts = shifts_of(&call.id)?;
    let signups = live_signups_of_call(&call.id)?;
    let items = items_of(&call.id)?;
    let pledges = pledges_of(&call.id)?;
    Ok(shown::call(
        call,
        &shifts,
        &signups,
        &items,
        &pledges,
        powers,
        time::now(),
    ))
}

/// The choices of the call form's selects, with the chosen one marked.
fn choices(form: &CallForm) -> Json {
    let hours = |list: &[i64], chosen: &str| -> Vec<Json> {
        list.iter()
            .map(|h| json!({ "value": h, "selected": h.to_string() == chosen }))
            .collect()
    };
    json!({
        "remind": hours(&REMIND_HOURS, &form.remind_hours),
        "cutoff": hours(&CUTOFF_HOURS, &form.cutoff_hours),
    })
}

fn form_view(form: &CallForm, call: Option<&Record<Call>>, powers: &Powers) -> View {
    let (title, action) = match call {
        Some(c) => (
            powers.viewer.pick("Aufruf bearbeiten", "Edit call"),
            format!("/calls/{}/edit", c.id),
        ),
        None => (
            powers.viewer.pick("Neuer Aufruf", "New call"),
            "/new".into(),
        ),
    };
    View::new("call_form", title).data(json!({
        "form": form,
        "choices": choices(form),
        "action": action,
        "editing": call.is_some(),
        "back": call.map(|c| format!("/calls/{}", c.id)).unwrap_or_else(|| "/".into()),
        "version": call.map(|c| c.version),
        "today": Date::today().to_string(),
    }))
}

pub fn new_form() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.may_create() {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(form_view(
        &CallForm::default(),
        None,
        &powers,
    )))
}

/// Posts a call with its first shift.
pub fn create(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.may_create() {
        return Ok(Response::forbidden());
    }
    let form = CallForm::from_request(req);
    let mut errors = FieldErrors::new();
    let checked = form.check(&mut errors);
    let shift = form.shift.check(time::now(), &mut errors);
    let (Some(c), Some(shift)) = (checked, shift) else {
        return Ok(Response::invalid(form_view(&form, None, &powers), errors));
    };
    let viewer = &powers.viewer;
    let mut call = CALLS.insert(&Call {
        title: c.title,
        description: c.description,
        organiser: viewer.id.clone().unwrap_or_default(),
        organiser_name: viewer.display_name.clone().unwrap_or_default(),
        on_behalf: c.on_behalf,
        place: c.place,
        public: c.public,
        status: CallStatus::Open,
        cancel_reason: String::new(),
        remind_hours: c.remind_hours,
        cutoff_hours: c.cutoff_hours,
        starts: 0,
        ends: 0,
        open_places: 0,
        missing: 0,
        needs: false,
    })?;
    let shift = add_shift(&call.id, shift)?;
    refresh_call(&mut call)?;
    Ok(
        Response::redirect(&format!("/calls/{}#shift-{}", call.id, shift.id))
            .with_flash("flash-call-posted"),
    )
}

/// Stores a new shift of a call (the caller refreshes the call).
pub fn add_shift(call: &str, shift: CheckedShift) -> Result<Record<Shift>, Error> {
    SHIFTS.insert(&Shift {
        call: call.into(),
        starts: shift.starts,
        ends: shift.ends,
        label: shift.label,
        min: shift.min,
        max: shift.max,
        confirmed: 0,
        waiting: 0,
        next_seq: 1,
    })
}

/// What a page needs, or the answer to give instead (not found, forbidden); the outer error
/// is a failed host call.
pub type Lookup<T> = Result<Result<T, Response>, Error>;

/// The call, if the viewer organises it; otherwise the answer to give instead.
pub fn organised(id: &str) -> Lookup<(Record<Call>, Powers)> {
    let powers = Powers::load();
    let Some(call) = visible(id, &powers)? else {
        return Ok(Err(Response::not_found()));
    };
    if !powers.organises(&call.data) {
        return Ok(Err(Response::forbidden()));
    }
    Ok(Ok((call, powers)))
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let (call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    Ok(Response::view(form_view(
        &CallForm::of(&call.data),
        Some(&call),
        &powers,
    )))
}

pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = CallForm::from_request(req);
    let mut errors = FieldErrors::new();
    let checked = form.check(&mut errors);
    if req.field("version") != call.version.to_string() {
        errors.add("form", "error-changed-meanwhile");
    }
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Ok(Response::invalid(
            form_view(&form, Some(&call), &powers),
            errors,
        ));
    };
    let reminders_changed = c.remind_hours != call.data.remind_hours;
    let d = &mut call.data;
    d.title = c.title;
    d.description = c.description;
    d.on_behalf = c.on_behalf;
    d.place = c.place;
    d.public = c.public;
    d.remind_hours = c.remind_hours;
    d.cutoff_hours = c.cutoff_hours;
    let call = CALLS.update(&call)?;
    if reminders_changed {
        reschedule_reminders(&call)?;
    }
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-saved"))
}

/// After the reminder time changed: every sign-up not yet reminded gets the new time.
fn reschedule_reminders(call: &Record<Call>) -> Result<(), Error> {
    for mut signup in live_signups_of_call(&call.id)? {
        if !signup.data.reminded {
            signup.data.remind_at = call.data.reminder_for(signup.data.starts);
            SIGNUPS.update(&signup)?;
        }
    }
    Ok(())
}

/// Stops or allows sign-ups.
pub fn set_open(id: &str, open: bool) -> Result<Response, Error> {
    let (mut call, _) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let href = format!("/calls/{}", call.id);
    if call.data.status == CallStatus::Cancelled {
        return Ok(Response::redirect(&href).with_flash("flash-call-cancelled-already"));
    }
    call.data.status = if open {
        CallStatus::Open
    } else {
        CallStatus::Closed
    };
    CALLS.update(&call)?;
    let flash = if open {
        "flash-call-reopened"
    } else {
        "flash-call-closed"
    };
    Ok(Response::redirect(&href).with_flash(flash))
}

/// The confirmation page for calling a call off, or for a message to everyone signed up.
/// `people`: how many will receive it.
fn reason_form(
    call: &Record<Call>,
    template: &str,
    title: &str,
    text: &str,
    people: usize,
) -> View {
    View::new(template, title).data(json!({
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id), "id": call.id },
        "text": text,
        "people": people,
    }))
}

pub fn cancel_form(id: &str) -> Result<Response, Error> {
    let (call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let title = powers.viewer.pick("Aufruf absagen", "Cancel the call");
    let people = everyone_signed_up(&call.id)?.len();
    Ok(Response::view(reason_form(
        &call,
        "cancel_call",
        title,
        "",
        people,
    )))
}

/// Calls it off: every sign-up ends, and everyone signed up is told why.
pub fn cancel(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    let Some(reason) = required_text(req, "reason", &mut errors) else {
        let title = powers.viewer.pick("Aufruf absagen", "Cancel the call");
        let people = everyone_signed_up(&call.id)?.len();
        let view = reason_form(&call, "cancel_call", title, req.field("reason"), people);
        return Ok(Response::invalid(view, errors));
    };
    if call.data.status == CallStatus::Cancelled {
        return Ok(Response::redirect(&format!("/calls/{}", call.id))
            .with_flash("flash-call-cancelled-already"));
    }
    let people = everyone_signed_up(&call.id)?;
    for mut signup in live_signups_of_call(&call.id)? {
        signup.data.status = SignupStatus::Cancelled;
        SIGNUPS.update(&signup)?;
    }
    for mut shift in shifts_of(&call.id)? {
        crate::model::recount(&mut shift)?;
    }
    call.data.status = CallStatus::Cancelled;
    call.data.cancel_reason = reason.clone();
    let mut call = CALLS.update(&call)?;
    refresh_call(&mut call)?;
    notices::call_cancelled(&call, people, &reason)?;
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-call-cancelled"))
}

/// Everyone signed up (confirmed or waiting), each once.
fn everyone_signed_up(call: &str) -> Result<Vec<String>, Error> {
    let mut people: Vec<String> = Vec::new();
    for signup in live_signups_of_call(call)? {
        if !people.contains(&signup.data.person) {
            people.push(signup.data.person);
        }
    }
    Ok(people)
}

pub fn message_form(id: &str) -> Result<Response, Error> {
    let (call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let title = powers.viewer.pick("Nachricht an alle", "Message everyone");
    let people = everyone_signed_up(&call.id)?.len();
    Ok(Response::view(reason_form(
        &call, "message", title, "", people,
    )))
}

/// The organiser writes to everyone signed up.
pub fn message(id: &str, req: &Request) -> Result<Response, Error> {
    let (call, powers) = match organised(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    let Some(text) = required_text(req, "message", &mut errors) else {
        let title = powers.viewer.pick("Nachricht an alle", "Message everyone");
        let people = everyone_signed_up(&call.id)?.len();
        let view = reason_form(&call, "message", title, req.field("message"), people);
        return Ok(Response::invalid(view, errors));
    };
    let people = everyone_signed_up(&call.id)?;
    let href = format!("/calls/{}", call.id);
    if people.is_empty() {
        return Ok(Response::redirect(&href).with_flash("flash-nobody-yet"));
    }
    notices::message_to_volunteers(&call, people, &powers.viewer, &text)?;
    Ok(Response::redirect(&href).with_flash("flash-message-sent"))
}

/// A member who is not the organiser may write to them.
fn contactable(id: &str) -> Lookup<(Record<Call>, Powers)> {
    let powers = Powers::load();
    let Some(call) = visible(id, &powers)? else {
        return Ok(Err(Response::not_found()));
    };
    if !powers.member || powers.is(&call.data.organiser) {
        return Ok(Err(Response::forbidden()));
    }
    Ok(Ok((call, powers)))
}

/// The contact form with `text` as typed; `blocked` says instead that the organiser blocked
/// the viewer.
fn contact_view(call: &Record<Call>, powers: &Powers, text: &str, blocked: bool) -> View {
    let title = powers
        .viewer
        .pick("Organisation kontaktieren", "Contact the organiser");
    View::new("contact", title).data(json!({
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id), "id": call.id },
        "text": text,
        "blocked": blocked,
    }))
}

/// Whether the call's organiser blocked the viewer (on the host). Where the module was
/// switched on before it asked to read members, the host cannot say; its notifications
/// still leave out people who blocked the sender.
fn organiser_blocked(call: &Record<Call>) -> Result<bool, Error> {
    match members::blocked_viewer(&call.data.organiser) {
        Err(Error::Denied(_)) => Ok(false),
        other => other,
    }
}

pub fn contact_form(id: &str) -> Result<Response, Error> {
    let (call, powers) = match contactable(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let blocked = organiser_blocked(&call)?;
    Ok(Response::view(contact_view(&call, &powers, "", blocked)))
}

/// A member's question to the organiser, delivered as a notification. Refused, with what
/// was typed, when the organiser blocked them.
pub fn contact(id: &str, req: &Request) -> Result<Response, Error> {
    let (call, powers) = match contactable(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    if organiser_blocked(&call)? {
        errors.add("message", "error-blocked");
        let view = contact_view(&call, &powers, req.field("message"), false);
        return Ok(Response::invalid(view, errors));
    }
    let Some(text) = required_text(req, "message", &mut errors) else {
        let view = contact_view(&call, &powers, req.field("message"), false);
        return Ok(Response::invalid(view, errors));
    };
    notices::message_to_organiser(&call, &powers.viewer, &text)?;
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-message-sent"))
}
