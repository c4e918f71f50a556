//! Telling people: organisers about sign-ups, volunteers about moving up, removals, changed
//! or deleted shifts, a cancelled call, reminders and messages. Written in the community's
//! language (a notification has one text).

use quartier_plugin_sdk::dates;
use quartier_plugin_sdk::notify::{self, Recipients};
use quartier_plugin_sdk::prelude::*;

use crate::model::{Call, Shift, Signup, SignupStatus};

/// Organisers hear who signed up or cancelled.
pub const SIGNUPS: &str = "signups";
/// Volunteers hear of changes to their commitments.
pub const CHANGES: &str = "changes";
/// Reminders before a shift.
pub const REMINDERS: &str = "reminders";
/// Messages between organisers and volunteers.
pub const MESSAGES: &str = "messages";

struct Words {
    german: bool,
}

impl Words {
    fn now() -> Words {
        Words {
            german: context::community().language == "de",
        }
    }

    fn pick<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.german { de } else { en }
    }

    fn span(&self, starts: i64, ends: i64) -> String {
        dates::span(if self.german { "de" } else { "en" }, starts, ends)
    }
}

fn send(people: Vec<String>, kind: &str, title: &str, body: &str, link: &str) -> Result<(), Error> {
    if people.is_empty() {
        return Ok(());
    }
    notify::send(
        Recipients::People(people),
        kind,
        title,
        body,
        Some(link),
        false,
    )
}

fn call_link(call: &str) -> String {
    format!("/calls/{call}")
}

/// The organiser learns that someone signed up (unless it was the organiser).
pub fn signed_up(
    call: &Record<Call>,
    shift: &Record<Shift>,
    signup: &Record<Signup>,
) -> Result<(), Error> {
    let w = Words::now();
    let what = if signup.data.status == SignupStatus::Waiting {
        w.pick("steht auf der Warteliste für", "is on the waiting list for")
    } else {
        w.pick("hilft mit bei", "signed up for")
    };
    tell_organiser(call, shift, signup, what, &w)
}

/// The organiser learns that a volunteer cancelled (not when the organiser removed them).
pub fn left(
    call: &Record<Call>,
    shift: &Record<Shift>,
    signup: &Record<Signup>,
) -> Result<(), Error> {
    if signup.data.status != SignupStatus::Cancelled {
        return Ok(());
    }
    let w = Words::now();
    let what = w.pick("hat sich ausgetragen bei", "cancelled");
    tell_organiser(call, shift, signup, what, &w)
}

/// "{call}: {name} {what} „{shift}“" with the shift's time and count, to the organiser.
fn tell_organiser(
    call: &Record<Call>,
    shift: &Record<Shift>,
    signup: &Record<Signup>,
    what: &str,
    w: &Words,
) -> Result<(), Error> {
    if signup.data.person == call.data.organiser {
        return Ok(());
    }
    let title = format!(
        "{}: {} {what} „{}“",
        call.data.title, signup.data.name, shift.data.label
    );
    let body = format!(
        "{} ({}/{})",
        w.span(shift.data.starts, shift.data.ends),
        shift.data.confirmed,
        shift.data.max
    );
    send(
        vec![call.data.organiser.clone()],
        SIGNUPS,
        &title,
        &body,
        &call_link(&call.id),
    )
}

/// A waiting person got a place.
pub fn moved_up(call: &Call, shift: &Shift, signup: &Record<Signup>) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {}",
        call.title,
        w.pick(
            "Du bist nachgerückt",
            "You have moved up from the waiting list"
        )
    );
    let body = format!(
        "{} – {}. {}",
        shift.label,
        w.span(shift.starts, shift.ends),
        w.pick("Du bist jetzt fest eingetragen.", "You now have a place.")
    );
    send(
        vec![signup.data.person.clone()],
        CHANGES,
        &title,
        &body,
        &call_link(&signup.data.call),
    )
}

/// An organiser removed someone, with a reason.
pub fn removed(call: &Call, signup: &Record<Signup>) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {}",
        call.title,
        w.pick(
            "Deine Eintragung wurde entfernt",
            "Your sign-up was removed"
        )
    );
    let body = format!(
        "{}\n{} {}",
        w.span(signup.data.starts, signup.data.ends),
        w.pick("Grund:", "Reason:"),
        signup.data.reason
    );
    send(
        vec![signup.data.person.clone()],
        CHANGES,
        &title,
        &body,
        &call_link(&signup.data.call),
    )
}

/// A shift got a new time.
pub fn shift_moved(call: &Call, shift: &Record<Shift>, people: Vec<String>) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {} „{}“",
        call.title,
        w.pick("Neue Zeit für", "New time for"),
        shift.data.label
    );
    let body = w.span(shift.data.starts, shift.data.ends);
    send(people, CHANGES, &title, &body, &call_link(&shift.data.call))
}

/// A shift was deleted.
pub fn shift_deleted(call: &Call, shift: &Record<Shift>, people: Vec<String>) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: „{}“ {}",
        call.title,
        shift.data.label,
        w.pick("fällt weg", "was cancelled")
    );
    let body = w.span(shift.data.starts, shift.data.ends);
    send(people, CHANGES, &title, &body, &call_link(&shift.data.call))
}

/// The whole call was called off.
pub fn call_cancelled(call: &Record<Call>, people: Vec<String>, reason: &str) -> Result<(), Error> {
    let w = Words::now();
    let title = format!("{}: {}", call.data.title, w.pick("abgesagt", "cancelled"));
    let body = format!("{} {reason}", w.pick("Grund:", "Reason:"));
    send(people, CHANGES, &title, &body, &call_link(&call.id))
}

/// The reminder before a shift.
pub fn reminder(call: &Call, signup: &Record<Signup>, label: &str) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {} „{label}“",
        call.title,
        w.pick("Erinnerung an", "Reminder:")
    );
    let mut body = w.span(signup.data.starts, signup.data.ends);
    if !call.place.is_empty() {
        body.push_str(&format!(" – {}", call.place));
    }
    send(
        vec![signup.data.person.clone()],
        REMINDERS,
        &title,
        &body,
        &call_link(&signup.data.call),
    )
}

/// The organiser writes to everyone signed up.
pub fn message_to_volunteers(
    call: &Record<Call>,
    people: Vec<String>,
    sender: &Viewer,
    text: &str,
) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {} {}",
        call.data.title,
        w.pick("Nachricht von", "Message from"),
        sender.display_name.as_deref().unwrap_or_default()
    );
    send(people, MESSAGES, &title, text, &call_link(&call.id))
}

/// A member writes to the organiser.
pub fn message_to_organiser(call: &Record<Call>, sender: &Viewer, text: &str) -> Result<(), Error> {
    let w = Words::now();
    let title = format!(
        "{}: {} {}",
        call.data.title,
        w.pick("Frage von", "Question from"),
        sender.display_name.as_deref().unwrap_or_default()
    );
    send(
        vec![call.data.organiser.clone()],
        MESSAGES,
        &title,
        text,
        &call_link(&call.id),
    )
}
