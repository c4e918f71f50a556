//! Telling people: a claim or a message in a conversation, a possible match, an entry about
//! to expire, a reported conversation, an urgent pet. Written in the community's language (a
//! notification has one text). Never carries a secret detail or a claimant's answer.

use quartier_plugin_sdk::notify::{self, Recipients};
use quartier_plugin_sdk::prelude::*;

use crate::model::{Conversation, Entry, EntryType};

/// A claim or a new message in one of my conversations.
pub const MESSAGES: &str = "messages";
/// "Might this be yours?"
pub const MATCHES: &str = "matches";
/// My entry expires soon.
pub const REMINDERS: &str = "reminders";
/// To moderators: a conversation was reported.
pub const REPORTS: &str = "reports";
/// To every member: a pet marked urgent was posted.
pub const URGENT_PETS: &str = "urgent-pets";

/// The first `max` characters of a text, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}

fn send_to(person: &str, kind: &str, title: &str, body: &str, link: &str) -> Result<(), Error> {
    if person.is_empty() {
        return Ok(());
    }
    notify::send(
        Recipients::People(vec![person.to_owned()]),
        kind,
        &excerpt(title, 200),
        &excerpt(body, 1000),
        Some(link),
        false,
    )
}

fn conversation_link(id: &str) -> String {
    format!("/conversations/{id}")
}

fn entry_link(id: &str) -> String {
    format!("/entries/{id}")
}

/// The entry's author hears that someone got in touch.
pub fn claimed(
    conversation: &Record<Conversation>,
    sender: &Viewer,
    message: &str,
) -> Result<(), Error> {
    let w = context::community();
    let c = &conversation.data;
    let what = match c.entry_type {
        EntryType::Found => w.pick("sagt, es gehört ihr oder ihm", "says it is theirs"),
        EntryType::Lost => w.pick("hat es vielleicht gefunden", "may have found it"),
    };
    let title = format!(
        "„{}“: {} {what}",
        c.entry_title,
        sender.display_name.as_deref().unwrap_or_default()
    );
    send_to(
        &c.poster,
        MESSAGES,
        &title,
        message,
        &conversation_link(&conversation.id),
    )
}

/// The other person of a conversation hears of a new message.
pub fn message(
    conversation: &Record<Conversation>,
    to: &str,
    sender: &Viewer,
    body: &str,
) -> Result<(), Error> {
    let w = context::community();
    let title = format!(
        "„{}“: {} {}",
        conversation.data.entry_title,
        w.pick("Nachricht von", "Message from"),
        sender.display_name.as_deref().unwrap_or_default()
    );
    send_to(
        to,
        MESSAGES,
        &title,
        body,
        &conversation_link(&conversation.id),
    )
}

/// The claimant hears whether the finder thinks it is theirs.
pub fn decided(conversation: &Record<Conversation>, accepted: bool) -> Result<(), Error> {
    let w = context::community();
    let c = &conversation.data;
    let title = format!(
        "„{}“: {}",
        c.entry_title,
        if accepted {
            w.pick("Es ist deins!", "It is yours!")
        } else {
            w.pick(
                "Leider passt es nicht",
                "Sorry, it does not seem to be yours",
            )
        }
    );
    let body = if accepted {
        w.pick(
            "Verabredet in der Unterhaltung, wie es zu dir zurückkommt.",
            "Agree in the conversation how it gets back to you.",
        )
    } else {
        w.pick(
            "Die Angaben passen nicht zu dem, was gefunden wurde.",
            "The details do not fit what was found.",
        )
    };
    send_to(
        &c.claimant,
        MESSAGES,
        &title,
        body,
        &conversation_link(&conversation.id),
    )
}

/// Moderators hear of a reported conversation.
pub fn reported(conversation: &Record<Conversation>, reason: &str) -> Result<(), Error> {
    let w = context::community();
    let title = format!(
        "{}: „{}“",
        w.pick("Unterhaltung gemeldet", "Conversation reported"),
        conversation.data.entry_title
    );
    notify::send(
        Recipients::RoleAtLeast(Role::Moderator),
        REPORTS,
        &excerpt(&title, 200),
        &excerpt(reason, 1000),
        Some(&conversation_link(&conversation.id)),
        false,
    )
}

/// The author of `mine` hears that `other` might be what they look for (or its owner).
pub fn might_match(mine: &Record<Entry>, other: &Record<Entry>) -> Result<(), Error> {
    let Some(author) = mine.author.as_deref() else {
        return Ok(());
    };
    let w = context::community();
    let question = match mine.data.entry_type {
        EntryType::Lost => w.pick("Könnte das deins sein?", "Might this be yours?"),
        EntryType::Found => w.pick(
            "Wird das vielleicht gesucht?",
            "Might someone be looking for this?",
        ),
    };
    let title = format!("{question} „{}“", other.data.title);
    let body = format!(
        "{} – {} „{}“",
        other.data.place,
        w.pick(
            "Passt vielleicht zu deinem Eintrag",
            "It may fit your entry"
        ),
        mine.data.title
    );
    send_to(author, MATCHES, &title, &body, &entry_link(&mine.id))
}

/// Every member hears of a pet that needs help quickly.
pub fn urgent_pet(entry: &Record<Entry>) -> Result<(), Error> {
    let w = context::community();
    let what = match entry.data.entry_type {
        EntryType::Lost => w.pick("Tier vermisst", "Pet missing"),
        EntryType::Found => w.pick("Tier gefunden", "Pet found"),
    };
    let title = format!("{what}: {}", entry.data.title);
    let body = format!(
        "{} – {}",
        entry.data.place,
        excerpt(&entry.data.description, 400)
    );
    notify::send(
        Recipients::RoleAtLeast(Role::Member),
        URGENT_PETS,
        &excerpt(&title, 200),
        &body,
        Some(&entry_link(&entry.id)),
        false,
    )
}

/// The author hears that their entry expires in a few days.
pub fn expires_soon(entry: &Record<Entry>) -> Result<(), Error> {
    let Some(author) = entry.author.as_deref() else {
        return Ok(());
    };
    let w = context::community();
    let title = format!(
        "„{}“ {}",
        entry.data.title,
        w.pick("läuft bald ab", "expires soon")
    );
    let body = w.pick(
        "In ein paar Tagen wird dein Eintrag archiviert. Ist er noch aktuell, verlängere ihn \
         mit einem Klick; ist alles geklärt, markiere ihn als erledigt.",
        "Your entry will be archived in a few days. If it still matters, renew it with one \
         click; if it is settled, mark it as returned.",
    );
    send_to(author, REMINDERS, &title, body, &entry_link(&entry.id))
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_cut_at_characters() {
        assert_eq!(excerpt("Grüße", 10), "Grüße");
        assert_eq!(excerpt("Grüße", 3), "Grü…");
    }
}
