//! The organiser's shifts: adding, changing (more places move waiting people up; a new time
//! is told to everyone signed up) and deleting; and one shift as an iCalendar file.

use quartier_plugin_sdk::ics::{self, Event};
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::calls::{Lookup, add_shift, organised, visible};
use crate::forms::ShiftForm;
use crate::model::{
    Call, Powers, SHIFTS, SIGNUPS, Shift, SignupStatus, live_signups_of_shift, refresh_call,
};
use crate::{notices, signups};

fn form_view(
    form: &ShiftForm,
    call: &Record<Call>,
    shift: Option<&Record<Shift>>,
    powers: &Powers,
) -> View {
    let (title, action) = match shift {
        Some(s) => (
            powers.viewer.pick("Schicht bearbeiten", "Edit shift"),
            format!("/shifts/{}/edit", s.id),
        ),
        None => (
            powers.viewer.pick("Neue Schicht", "New shift"),
            format!("/calls/{}/shifts/new", call.id),
        ),
    };
    View::new("shift_form", title).data(json!({
        "form": form,
        "action": action,
        "editing": shift.is_some(),
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id) },
        "people": shift.map(|s| s.data.confirmed + s.data.waiting).unwrap_or(0),
        "version": shift.map(|s| s.version),
    }))
}

pub fn new_form(call_id: &str) -> Result<Response, Error> {
    let (call, powers) = match organised(call_id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    // A new shift starts out like the call's last one: same day, same length.
    let form = match crate::model::shifts_of(&call.id)?.last() {
        Some(last) => ShiftForm {
            label: String::new(),
            ..ShiftForm::of(&last.data)
        },
        None => ShiftForm::default(),
    };
    Ok(Response::view(form_view(&form, &call, None, &powers)))
}

pub fn create(call_id: &str, req: &Request) -> Result<Response, Error> {
    let (mut call, powers) = match organised(call_id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ShiftForm::from_request(req);
    let mut errors = FieldErrors::new();
    let Some(checked) = form.check(time::now(), &mut errors) else {
        return Ok(Response::invalid(
            form_view(&form, &call, None, &powers),
            errors,
        ));
    };
    let shift = add_shift(&call.id, checked)?;
    refresh_call(&mut call)?;
    Ok(
        Response::redirect(&format!("/calls/{}#shift-{}", call.id, shift.id))
            .with_flash("flash-shift-added"),
    )
}

/// The shift and its call, if the viewer organises the call.
fn organised_shift(id: &str) -> Lookup<(Record<Shift>, Record<Call>, Powers)> {
    let Some(shift) = SHIFTS.get(id)? else {
        return Ok(Err(Response::not_found()));
    };
    Ok(organised(&shift.data.call)?.map(|(call, powers)| (shift, call, powers)))
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let (shift, call, powers) = match organised_shift(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ShiftForm::of(&shift.data);
    Ok(Response::view(form_view(
        &form,
        &call,
        Some(&shift),
        &powers,
    )))
}

/// Changes a shift. Fewer places than people confirmed is refused; more places move waiting
/// people up; a new time reaches everyone signed up and resets their reminder.
pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut shift, mut call, powers) = match organised_shift(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ShiftForm::from_request(req);
    let mut errors = FieldErrors::new();
    let checked = form.check(time::now(), &mut errors);
    if req.field("version") != shift.version.to_string() {
        errors.add("form", "error-changed-meanwhile");
    }
    if let Some(c) = &checked
        && c.max < shift.data.confirmed
    {
        errors.add("max", "error-below-confirmed");
    }
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Ok(Response::invalid(
            form_view(&form, &call, Some(&shift), &powers),
            errors,
        ));
    };
    let moved = (c.starts, c.ends) != (shift.data.starts, shift.data.ends);
    shift.data.starts = c.starts;
    shift.data.ends = c.ends;
    shift.data.label = c.label;
    shift.data.min = c.min;
    shift.data.max = c.max;
    shift = SHIFTS.update(&shift)?;
    if moved {
        let remind_at = call.data.reminder_for(c.starts);
        let mut people = Vec::new();
        for mut signup in live_signups_of_shift(&shift.id)? {
            signup.data.starts = c.starts;
            signup.data.ends = c.ends;
            signup.data.remind_at = remind_at;
            signup.data.reminded = false;
            people.push(signup.data.person.clone());
            SIGNUPS.update(&signup)?;
        }
        notices::shift_moved(&call.data, &shift, people)?;
    }
    signups::move_up(&mut shift, &call)?;
    refresh_call(&mut call)?;
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-saved"))
}

/// Deletes a shift; its volunteers are told. The last shift of a call cannot go: a call
/// without a shift would vanish from every list.
pub fn delete(id: &str) -> Result<Response, Error> {
    let (shift, mut call, _) = match organised_shift(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let href = format!("/calls/{}", call.id);
    if SHIFTS.count(Query::new().eq("call", call.id.as_str()))? <= 1 {
        return Ok(Response::redirect(&href).with_flash("flash-last-shift"));
    }
    let mut people = Vec::new();
    for mut signup in live_signups_of_shift(&shift.id)? {
        signup.data.status = SignupStatus::Cancelled;
        people.push(signup.data.person.clone());
        SIGNUPS.update(&signup)?;
    }
    notices::shift_deleted(&call.data, &shift, people)?;
    SHIFTS.delete(&shift.id)?;
    refresh_call(&mut call)?;
    Ok(Response::redirect(&href).with_flash("flash-shift-deleted"))
}

/// One shift to add to one's calendar: the call, the shift, the place; no names.
pub fn event(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(shift) = SHIFTS.get(id)? else {
        return Ok(Response::not_found());
    };
    let Some(call) = visible(&shift.data.call, &powers)? else {
        return Ok(Response::not_found());
    };
    let community = context::community();
    let event = shift_event(&call, &shift, false, &community);
    Ok(ics::body(
        &call.data.title,
        &[event],
        Some(format!("schicht-{}.ics", shift.id)),
    ))
}

/// A shift as a calendar event; `waiting` marks it tentative.
pub fn shift_event(
    call: &Record<Call>,
    shift: &Record<Shift>,
    waiting: bool,
    community: &Community,
) -> Event {
    let c = &call.data;
    Event {
        uid: ics::uid("shift", &shift.id, community),
        stamp: shift.updated_at.max(call.updated_at),
        starts: shift.data.starts,
        ends: shift.data.ends,
        summary: format!("{}: {}", c.title, shift.data.label),
        description: (!c.on_behalf.is_empty()).then(|| c.on_behalf.clone()),
        location: (!c.place.is_empty()).then(|| c.place.clone()),
        tentative: waiting,
        url: Some(format!("{}/calls/{}", community.mount_url, call.id)),
    }
}
