//! Getting in touch through the platform: a claim ("This is mine" / "I found it") opens a
//! conversation between the entry's author and the claimant; the two write to each other,
//! the finder decides whether it is theirs, and either can report the conversation to the
//! moderators. Nobody else reads it; moderators only once it is reported.
//!
//! The secret detail never reaches the claimant: the claim page shows only the question, a
//! refused claim only says what is missing, and only the poster sees the secret beside the
//! answer.
//!
//! Someone the other person blocked (on the host) can neither claim nor write: the pages say
//! so, and a message sent anyway comes back with what was typed.

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::entries::{Lookup, visible};
use crate::forms::{MAX_ANSWER, MAX_MESSAGE, MAX_REASON, MIN_REASON, optional_text, required_text};
use crate::model::{
    CONVERSATIONS, Conversation, ConversationStatus, ENTRIES, Entry, EntryType, MESSAGES, Message,
    Powers, conversation_of, messages_of, secret_of,
};
use crate::{notices, shown};

fn conversation_href(id: &str) -> String {
    format!("/conversations/{id}")
}

/// The claim form as typed.
struct ClaimForm {
    answer: String,
    message: String,
}

/// The claim form; `blocked` shows instead that the entry's author blocked the viewer.
fn claim_view(entry: &Record<Entry>, powers: &Powers, form: &ClaimForm, blocked: bool) -> View {
    let e = &entry.data;
    let found = e.entry_type == EntryType::Found;
    let title = if found {
        powers.viewer.pick("Das gehört mir", "This is mine")
    } else {
        powers.viewer.pick("Ich habe es gefunden", "I found it")
    };
    View::new("claim", title).data(json!({
        "entry": {
            "id": entry.id,
            "title": e.title,
            "href": format!("/entries/{}", entry.id),
            "place": e.place,
        },
        "found": found,
        // The question only; the secret detail is never read here.
        "question": if found { e.question.as_str() } else { "" },
        "answer_required": found && e.has_secret,
        "form": { "answer": form.answer, "message": form.message },
        "blocked": blocked,
    }))
}

/// Whether the entry's author blocked the viewer.
fn poster_blocked(entry: &Record<Entry>) -> Result<bool, Error> {
    match entry.author.as_deref() {
        Some(poster) => members::blocked_viewer(poster),
        None => Ok(false),
    }
}

/// Whether the other person of the conversation blocked the viewer (one of its two people).
fn other_blocked(conversation: &Conversation, powers: &Powers) -> Result<bool, Error> {
    match powers.other_side(conversation) {
        Some(other) => members::blocked_viewer(other),
        None => Ok(false),
    }
}

/// The entry a member may claim, or the answer to give instead.
fn claimable(id: &str) -> Lookup<(Record<Entry>, Powers, String)> {
    let powers = Powers::load();
    let Some(entry) = visible(id, &powers)? else {
        return Ok(Err(Response::not_found()));
    };
    let Some(me) = powers.me().map(str::to_owned) else {
        return Ok(Err(Response::forbidden()));
    };
    if powers.is_author(&entry) {
        return Ok(Err(Response::forbidden()));
    }
    let href = format!("/entries/{}", entry.id);
    if let Some(existing) = conversation_of(&entry.id, &me)? {
        return Ok(Err(Response::redirect(&conversation_href(&existing.id))));
    }
    if !powers.may_claim(&entry) {
        return Ok(Err(Response::redirect(&href).with_flash("flash-not-open")));
    }
    Ok(Ok((entry, powers, me)))
}

pub fn claim_form(id: &str) -> Result<Response, Error> {
    let (entry, powers, _) = match claimable(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ClaimForm {
        answer: String::new(),
        message: String::new(),
    };
    let blocked = poster_blocked(&entry)?;
    Ok(Response::view(claim_view(&entry, &powers, &form, blocked)))
}

/// Opens the conversation with its first message and tells the entry's author. Claiming
/// again leads to the conversation there is (a new message is added to it).
pub fn claim(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if let (Some(entry), Some(me)) = (visible(id, &powers)?, powers.me())
        && let Some(existing) = conversation_of(&entry.id, me)?
    {
        let href = conversation_href(&existing.id);
        let mut errors = FieldErrors::new();
        if other_blocked(&existing.data, &powers)? {
            errors.add("body", "error-blocked");
            let view = page(&existing, &powers, (req.field("message").trim(), ""))?;
            return Ok(Response::invalid(view, errors));
        }
        if let Some(body) = required_text(
            req,
            "message",
            (1, MAX_MESSAGE),
            "error-message-missing",
            &mut errors,
        ) {
            add_message(existing, &powers, &body)?;
        }
        return Ok(Response::redirect(&href));
    }
    let (entry, powers, me) = match claimable(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let e = &entry.data;
    let found = e.entry_type == EntryType::Found;
    let mut errors = FieldErrors::new();
    let typed = || ClaimForm {
        answer: req.field("answer").trim().to_owned(),
        message: req.field("message").trim().to_owned(),
    };
    // Refused before anything is checked or stored; what was typed stays in the form.
    if poster_blocked(&entry)? {
        errors.add("message", "error-blocked");
        let view = claim_view(&entry, &powers, &typed(), false);
        return Ok(Response::invalid(view, errors));
    }
    let answer = if found && e.has_secret {
        required_text(
            req,
            "answer",
            (1, MAX_ANSWER),
            "error-answer-missing",
            &mut errors,
        )
        .unwrap_or_default()
    } else if found {
        optional_text(req, "answer", MAX_ANSWER, &mut errors)
    } else {
        String::new()
    };
    let message = required_text(
        req,
        "message",
        (1, MAX_MESSAGE),
        "error-message-missing",
        &mut errors,
    );
    let Some(message) = message.filter(|_| errors.is_empty()) else {
        return Ok(Response::invalid(
            claim_view(&entry, &powers, &typed(), false),
            errors,
        ));
    };
    let now = time::now();
    let conversation = CONVERSATIONS.insert(&Conversation {
        entry_id: entry.id.clone(),
        entry_title: e.title.clone(),
        entry_type: e.entry_type,
        poster: entry.author.clone().unwrap_or_default(),
        claimant: me,
        answer,
        status: ConversationStatus::Open,
        reported: false,
        report_reason: String::new(),
        reported_by: String::new(),
        last_message_at: now,
    })?;
    MESSAGES.insert(&Message {
        conversation_id: conversation.id.clone(),
        body: message.clone(),
    })?;
    notices::claimed(&conversation, &powers.viewer, &message)?;
    Ok(Response::redirect(&conversation_href(&conversation.id)).with_flash("flash-claim-sent"))
}

/// Stores a message of the viewer in a conversation and tells the other person.
fn add_message(
    mut conversation: Record<Conversation>,
    powers: &Powers,
    body: &str,
) -> Result<Record<Conversation>, Error> {
    MESSAGES.insert(&Message {
        conversation_id: conversation.id.clone(),
        body: body.to_owned(),
    })?;
    conversation.data.last_message_at = time::now();
    let conversation = CONVERSATIONS.update(&conversation)?;
    let other = powers
        .other_side(&conversation.data)
        .unwrap_or_default()
        .to_owned();
    notices::message(&conversation, &other, &powers.viewer, body)?;
    Ok(conversation)
}

/// The conversation, if the viewer may read it (others get "not found", as for a missing
/// one).
fn readable(id: &str, powers: &Powers) -> Result<Option<Record<Conversation>>, Error> {
    Ok(CONVERSATIONS.get(id)?.filter(|c| powers.may_read(&c.data)))
}

/// The conversation page's data; `typed` is a reply or report as typed when it came back.
fn page(
    conversation: &Record<Conversation>,
    powers: &Powers,
    typed: (&str, &str),
) -> Result<View, Error> {
    let c = &conversation.data;
    let entry = ENTRIES.get(&c.entry_id)?;
    let poster = powers.is(&c.poster);
    let takes_part = powers.takes_part(c);
    // Blocked by the other person: no reply form, unless a refused reply comes back.
    let blocked = takes_part && other_blocked(c, powers)?;
    // Only the poster (the entry's author) sees the secret beside the answer.
    let secret = match &entry {
        Some(e) if poster => secret_of(e, powers)?,
        _ => None,
    };
    let messages = messages_of(&conversation.id)?;
    let names = shown::names(
        [c.poster.as_str(), c.claimant.as_str()]
            .into_iter()
            .chain(messages.iter().filter_map(|m| m.author.as_deref())),
    );
    let name = |id: &str| names.get(id).cloned().unwrap_or_default();
    let entry_open = entry.as_ref().is_some_and(|e| e.data.is_open());
    let found = c.entry_type == EntryType::Found;
    let title = format!(
        "{}: {}",
        powers.viewer.pick("Unterhaltung", "Conversation"),
        c.entry_title
    );
    Ok(View::new("conversation", &title).data(json!({
        "id": conversation.id,
        "entry": {
            "title": c.entry_title,
            "href": entry.as_ref().filter(|e| powers.may_see(e)).map(|e| format!("/entries/{}", e.id)),
            "id": c.entry_id,
        },
        "found": found,
        "poster_name": name(&c.poster),
        "claimant_name": name(&c.claimant),
        "is_poster": poster,
        "answer": c.answer,
        "question": entry.as_ref().map(|e| e.data.question.clone()).unwrap_or_default(),
        "secret": secret,
        "status": shown::status_of(c.status),
        "accepted": c.status == ConversationStatus::Accepted,
        "declined": c.status == ConversationStatus::Declined,
        "messages": messages.iter().map(|m| {
            let author = m.author.as_deref().unwrap_or_default();
            json!({
                "body": m.data.body,
                "at": m.created_at,
                "author": name(author),
                "author_id": author,
                "mine": powers.is(author),
            })
        }).collect::<Vec<_>>(),
        "takes_part": takes_part,
        "blocked": blocked,
        "may_reply": takes_part && (!blocked || !typed.0.is_empty()),
        "may_decide": poster && found && c.status == ConversationStatus::Open,
        "may_resolve": poster && entry_open && c.status == ConversationStatus::Accepted,
        "reported": c.reported,
        // Why and by whom: for moderators only.
        "report": (powers.moderates && c.reported).then(|| json!({
            "reason": c.report_reason,
            "by": name(&c.reported_by),
        })),
        "may_dismiss": powers.moderates && c.reported,
        "body": typed.0,
        "reason": typed.1,
    })))
}

pub fn show(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(conversation) = readable(id, &powers)? else {
        return Ok(Response::not_found());
    };
    Ok(Response::view(page(&conversation, &powers, ("", ""))?))
}

/// The conversation, if the viewer is one of its two people; not found for those who may not
/// read it, forbidden for moderators reading a reported one.
fn joined(id: &str) -> Lookup<(Record<Conversation>, Powers)> {
    let powers = Powers::load();
    let Some(conversation) = readable(id, &powers)? else {
        return Ok(Err(Response::not_found()));
    };
    if !powers.takes_part(&conversation.data) {
        return Ok(Err(Response::forbidden()));
    }
    Ok(Ok((conversation, powers)))
}

/// A new message; the other person is told.
pub fn reply(id: &str, req: &Request) -> Result<Response, Error> {
    let (conversation, powers) = match joined(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    if other_blocked(&conversation.data, &powers)? {
        errors.add("body", "error-blocked");
        let view = page(&conversation, &powers, (req.field("body").trim(), ""))?;
        return Ok(Response::invalid(view, errors));
    }
    let Some(body) = required_text(
        req,
        "body",
        (1, MAX_MESSAGE),
        "error-message-missing",
        &mut errors,
    ) else {
        let view = page(&conversation, &powers, (req.field("body").trim(), ""))?;
        return Ok(Response::invalid(view, errors));
    };
    let conversation = add_message(conversation, &powers, &body)?;
    Ok(
        Response::redirect(&format!("{}#latest", conversation_href(&conversation.id)))
            .with_flash("flash-message-sent"),
    )
}

/// The finder says whether it is the claimant's: `decision=accept|decline`.
pub fn decide(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut conversation, powers) = match joined(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let href = conversation_href(&conversation.id);
    let c = &conversation.data;
    if !powers.is(&c.poster) || c.entry_type != EntryType::Found {
        return Ok(Response::forbidden());
    }
    let accepted = match req.field("decision") {
        "accept" => true,
        "decline" => false,
        _ => return Ok(Response::redirect(&href).with_flash("flash-choose")),
    };
    if c.status != ConversationStatus::Open {
        return Ok(Response::redirect(&href).with_flash("flash-decided-already"));
    }
    conversation.data.status = if accepted {
        ConversationStatus::Accepted
    } else {
        ConversationStatus::Declined
    };
    let conversation = CONVERSATIONS.update(&conversation)?;
    notices::decided(&conversation, accepted)?;
    let flash = if accepted {
        "flash-accepted"
    } else {
        "flash-declined"
    };
    Ok(Response::redirect(&href).with_flash(flash))
}

/// Either person reports the conversation to the moderators, with a reason.
pub fn report(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut conversation, powers) = match joined(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let mut errors = FieldErrors::new();
    let Some(reason) = required_text(
        req,
        "reason",
        (MIN_REASON, MAX_REASON),
        "error-reason-missing",
        &mut errors,
    ) else {
        let view = page(&conversation, &powers, ("", req.field("reason").trim()))?;
        return Ok(Response::invalid(view, errors));
    };
    conversation.data.reported = true;
    conversation.data.report_reason = reason.clone();
    conversation.data.reported_by = powers.me().unwrap_or_default().to_owned();
    let conversation = CONVERSATIONS.update(&conversation)?;
    notices::reported(&conversation, &reason)?;
    Ok(Response::redirect(&conversation_href(&conversation.id)).with_flash("flash-reported"))
}

/// A moderator closes a report; the conversation is the two people's alone again.
pub fn dismiss(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(mut conversation) = readable(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if !(powers.moderates && conversation.data.reported) {
        return Ok(Response::forbidden());
    }
    conversation.data.reported = false;
    CONVERSATIONS.update(&conversation)?;
    Ok(Response::redirect("/moderation").with_flash("flash-report-closed"))
}
