//! Saying yes to a shift, the waiting list, cancelling, and an organiser removing someone.
//! Every write runs under the module's lock for this community, so the count read here is
//! the count written: a shift never gets more confirmed people than places, and the waiting
//! list keeps the order of arrival.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::calls::{Lookup, organised, visible};
use crate::forms::{optional_text, required_text};
use crate::model::{
    CALLS, Call, Powers, SHIFTS, SIGNUPS, Shift, Signup, SignupStatus, count_with, first_waiting,
    live_signup_of, recount, refresh_call, save_counted,
};
use crate::{notices, shown};

/// A shift with its call.
type ShiftOfCall = (Record<Shift>, Record<Call>);

/// The shift and its call, if the viewer may see the call.
fn shift_and_call(id: &str, powers: &Powers) -> Result<Option<ShiftOfCall>, Error> {
    let Some(shift) = SHIFTS.get(id)? else {
        return Ok(None);
    };
    Ok(visible(&shift.data.call, powers)?.map(|call| (shift, call)))
}

/// The page to sign up with a comment (the call page has a one-click button as well).
pub fn form(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((shift, call)) = shift_and_call(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if !powers.member {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(signup_view(
        &shift, &call, &powers, "", false,
    )))
}

fn signup_view(
    shift: &Record<Shift>,
    call: &Record<Call>,
    powers: &Powers,
    comment: &str,
    show_name: bool,
) -> View {
    let title = powers.viewer.pick("Eintragen", "Sign up");
    View::new("signup", title).data(json!({
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id) },
        "shift": {
            "id": shift.id,
            "label": shift.data.label,
            "when": shown::span(shift.data.starts, shift.data.ends),
            "full": shift.data.free() == 0,
        },
        "form": { "comment": comment, "show_name": show_name },
    }))
}

/// Signs the viewer up: confirmed while there is a place, otherwise on the waiting list.
pub fn create(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some((mut shift, mut call)) = shift_and_call(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let href = format!("/calls/{}", call.id);
    let now = time::now();
    if !call.data.accepts(now) || shift.data.starts <= now {
        return Ok(Response::redirect(&href).with_flash("flash-not-accepting"));
    }
    let mut errors = FieldErrors::new();
    let comment = optional_text(req, "comment", &mut errors);
    let show_name = req.checked("show_name");
    if !errors.is_empty() {
        return Ok(Response::invalid(
            signup_view(&shift, &call, &powers, &comment, show_name),
            errors,
        ));
    }
    let person = powers.viewer.id.clone().unwrap_or_default();
    if live_signup_of(&shift.id, &person)?.is_some() {
        return Ok(Response::redirect(&href).with_flash("flash-already-signed-up"));
    }
    // Counted under the module's write lock: nobody else signs up between this and the write.
    let confirmed = count_with(&shift.id, SignupStatus::Confirmed)?;
    let status = if confirmed < shift.data.max {
        SignupStatus::Confirmed
    } else {
        SignupStatus::Waiting
    };
    let remind_at = call.data.reminder_for(shift.data.starts);
    let signup = SIGNUPS.insert(&Signup {
        call: call.id.clone(),
        shift: shift.id.clone(),
        person,
        name: powers.viewer.display_name.clone().unwrap_or_default(),
        comment,
        show_name,
        status,
        seq: shift.data.next_seq,
        starts: shift.data.starts,
        ends: shift.data.ends,
        remind_at,
        reminded: false,
        reason: String::new(),
    })?;
    shift.data.next_seq += 1;
    save_counted(&mut shift)?;
    refresh_call(&mut call)?;
    notices::signed_up(&call, &shift, &signup)?;
    if status == SignupStatus::Confirmed {
        Ok(Response::redirect(&href).with_flash("flash-signed-up"))
    } else {
        Ok(Response::redirect(&href).with_flash("flash-waiting-list"))
    }
}

/// The volunteer cancels their sign-up (or leaves the waiting list).
pub fn cancel(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(mut signup) = SIGNUPS.get(id)?.filter(|s| powers.is(&s.data.person)) else {
        return Ok(Response::not_found());
    };
    let Some(call) = CALLS.get(&signup.data.call)? else {
        return Ok(Response::not_found());
    };
    let href = format!("/calls/{}", call.id);
    if !signup.data.status.is_live() {
        return Ok(Response::redirect(&href).with_flash("flash-cancelled"));
    }
    let now = time::now();
    if signup.data.starts <= now || !shown::may_cancel_own(&call.data, &signup.data, now) {
        return Ok(Response::redirect(&href).with_flash("flash-cutoff-passed"));
    }
    signup.data.status = SignupStatus::Cancelled;
    let signup = SIGNUPS.update(&signup)?;
    after_leaving(&signup, call)?;
    Ok(Response::redirect(&href).with_flash("flash-cancelled"))
}

/// Someone left a shift: the first waiting people move up into free places, the counts and
/// the organiser are told.
fn after_leaving(signup: &Record<Signup>, mut call: Record<Call>) -> Result<(), Error> {
    let Some(mut shift) = SHIFTS.get(&signup.data.shift)? else {
        return Ok(());
    };
    move_up(&mut shift, &call)?;
    refresh_call(&mut call)?;
    notices::left(&call, &shift, signup)
}

/// Fills free places of a shift from its waiting list, first come first served, and tells
/// each person who moved up. Not once the shift has started.
pub fn move_up(shift: &mut Record<Shift>, call: &Record<Call>) -> Result<(), Error> {
    let confirmed = count_with(&shift.id, SignupStatus::Confirmed)?;
    let free = shift.data.max.saturating_sub(confirmed);
    if free > 0 && shift.data.starts > time::now() {
        for mut next in first_waiting(&shift.id, free)? {
            next.data.status = SignupStatus::Confirmed;
            let next = SIGNUPS.update(&next)?;
            notices::moved_up(&call.data, &shift.data, &next)?;
        }
    }
    recount(shift)
}

/// The sign-up, if the viewer organises its call.
fn organised_signup(id: &str) -> Lookup<(Record<Signup>, Record<Call>, Powers)> {
    let Some(signup) = SIGNUPS.get(id)? else {
        return Ok(Err(Response::not_found()));
    };
    Ok(organised(&signup.data.call)?.map(|(call, powers)| (signup, call, powers)))
}

fn remove_view(
    signup: &Record<Signup>,
    call: &Record<Call>,
    powers: &Powers,
    reason: &str,
) -> View {
    let title = powers
        .viewer
        .pick("Eintragung entfernen", "Remove a sign-up");
    View::new("remove", title).data(json!({
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id) },
        "signup": {
            "id": signup.id,
            "name": signup.data.name,
            "when": shown::span(signup.data.starts, signup.data.ends),
        },
        "reason": reason,
    }))
}

pub fn remove_form(id: &str) -> Result<Response, Error> {
    let (signup, call, powers) = match organised_signup(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    Ok(Response::view(remove_view(&signup, &call, &powers, "")))
}

/// An organiser removes a sign-up with a reason; the person is told, the next one moves up.
pub fn remove(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut signup, call, powers) = match organised_signup(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    let Some(reason) = required_text(req, "reason", &mut errors) else {
        let view = remove_view(&signup, &call, &powers, req.field("reason"));
        return Ok(Response::invalid(view, errors));
    };
    let href = format!("/calls/{}", call.id);
    if !signup.data.status.is_live() {
        return Ok(Response::redirect(&href).with_flash("flash-removed"));
    }
    signup.data.status = SignupStatus::Removed;
    signup.data.reason = reason;
    let signup = SIGNUPS.update(&signup)?;
    notices::removed(&call.data, &signup)?;
    after_leaving(&signup, call)?;
    Ok(Response::redirect(&href).with_flash("flash-removed"))
}
