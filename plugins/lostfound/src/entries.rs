//! Entries: the list with its filters and search, an entry's page, its photos, the form to
//! post or change one (with photos that survive a refused form), and the author's tools —
//! mark returned, renew, delete.

use quartier_plugin_sdk::blobs;
use quartier_plugin_sdk::format::percent_encode;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};

use crate::forms::{self, EntryForm, MAX_NOTE, MAX_PHOTOS, optional_text};
use crate::matching::{self, matches_search};
use crate::model::{
    CONVERSATIONS, DAY, ENTRIES, Entry, EntryType, KINDS, MESSAGES, Powers, SECRETS, Secret,
    Settings, Status, conversation_of, conversations_of, messages_of, secret_of, secret_record,
};
use crate::{notices, shown};

/// Entries per list page.
const PAGE: usize = 20;
/// How long a returned entry stays in the list with its happy end.
pub const RESOLVED_SHOWN_DAYS: i64 = 7;
/// The author is offered to renew an entry this close to its expiry.
const RENEW_SOON: i64 = 7 * DAY;

/// What a page needs, or the answer to give instead (not found, forbidden); the outer error
/// is a failed host call.
pub type Lookup<T> = Result<Result<T, Response>, Error>;

/// The entry, if the viewer may see it (a hidden entry answers like a missing one).
pub fn visible(id: &str, powers: &Powers) -> Result<Option<Record<Entry>>, Error> {
    Ok(ENTRIES.get(id)?.filter(|e| powers.may_see(e)))
}

/// The entry, if the viewer wrote it; not found when they may not see it, forbidden else.
fn authored(id: &str) -> Lookup<(Record<Entry>, Powers)> {
    let powers = Powers::load();
    let Some(entry) = visible(id, &powers)? else {
        return Ok(Err(Response::not_found()));
    };
    if !powers.is_author(&entry) {
        return Ok(Err(Response::forbidden()));
    }
    Ok(Ok((entry, powers)))
}

fn entry_href(id: &str) -> String {
    format!("/entries/{id}")
}

/// A query string of the list's filters, e.g. `type=lost&q=Schl%C3%BCssel&page=2`.
fn list_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The kinds for a select, with the chosen one marked.
fn kind_choices(settings: &Settings, chosen: &str) -> Vec<Json> {
    KINDS
        .iter()
        .map(|k| (*k).to_owned())
        .chain(settings.extra_kinds.iter().cloned())
        .map(|k| {
            let mut kind = shown::kind(&k);
            if let Json::Object(map) = &mut kind {
                map.insert("selected".into(), json!(k == chosen));
                map.insert("value".into(), json!(k));
            }
            kind
        })
        .collect()
}

fn area_choices(settings: &Settings, chosen: &str) -> Vec<Json> {
    settings
        .areas
        .iter()
        .map(|a| json!({ "value": a, "selected": a == chosen }))
        .collect()
}

/// The list: open entries the viewer may see and, for a week, the ones that found their way
/// home; newest first, 20 a page; filtered by type, kind and area, searched by words.
pub fn index(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let settings = Settings::load();
    let now = time::now();
    let entry_type = req.query("type").and_then(EntryType::parse);
    let kind = req
        .query("kind")
        .filter(|k| settings.knows_kind(k))
        .map(str::to_owned);
    let area = req
        .query("area")
        .filter(|a| settings.areas.iter().any(|known| known == a))
        .map(str::to_owned);
    let q: String = req
        .query("q")
        .unwrap_or("")
        .trim()
        .chars()
        .take(100)
        .collect();
    let page = req
        .query("page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(100);
    let filtered = |mut query: Query| {
        if let Some(t) = entry_type {
            query = query.eq("type", t.as_str());
        }
        if let Some(k) = &kind {
            query = query.eq("kind", k.as_str());
        }
        if let Some(a) = &area {
            query = query.eq("area", a.as_str());
        }
        query.order_by("created-at").descending()
    };
    let mut entries = ENTRIES
        .find(filtered(powers.listable(Status::Open)).limit(500))?
        .items;
    entries.extend(
        ENTRIES
            .find(
                filtered(powers.listable(Status::Resolved))
                    .ge("resolved_at", now - RESOLVED_SHOWN_DAYS * DAY)
                    .limit(200),
            )?
            .items,
    );
    entries.retain(|e| {
        powers.may_see(e)
            && (q.is_empty()
                || matches_search(
                    &format!("{} {} {}", e.data.title, e.data.description, e.data.place),
                    &q,
                ))
    });
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let total = entries.len();
    let cards: Vec<Json> = entries
        .iter()
        .skip((page - 1) * PAGE)
        .take(PAGE)
        .map(shown::card)
        .collect();
    let type_str = entry_type.map(EntryType::as_str).unwrap_or("");
    let kind_str = kind.as_deref().unwrap_or("");
    let area_str = area.as_deref().unwrap_or("");
    let at_page = |p: usize| {
        let p = p.to_string();
        list_query(&[
            ("type", type_str),
            ("kind", kind_str),
            ("area", area_str),
            ("q", &q),
            ("page", if p == "1" { "" } else { &p }),
        ])
    };
    let title = powers.viewer.pick("Gesucht – Gefunden", "Lost and found");
    Ok(Response::view(View::new("index", title).data(json!({
        "entries": cards,
        "filter": {
            "type": type_str,
            "kind": kind_str,
            "area": area_str,
            "q": q,
            "any": entry_type.is_some() || kind.is_some() || area.is_some() || !q.is_empty(),
        },
        "kinds": kind_choices(&settings, kind_str),
        "areas": area_choices(&settings, area_str),
        "page": page,
        "prev": (page > 1).then(|| at_page(page - 1)),
        "next": (total > page * PAGE).then(|| at_page(page + 1)),
        "member": powers.member,
    }))))
}

/// One photo of an entry the viewer may see: `thumb` for the small rendition.
pub fn photo(id: &str, n: &str, thumb: bool) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(entry) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let blob = n
        .parse::<usize>()
        .ok()
        .and_then(|n| entry.data.photos.get(n));
    Ok(match blob {
        Some(blob) if thumb => Response::thumbnail(blob),
        Some(blob) => Response::blob(blob),
        None => Response::not_found(),
    })
}

/// A preview of one of the viewer's pending uploads, for a form that came back. Never a kept
/// blob: those are served only through their entry, after its visibility check.
pub fn upload_preview(blob_id: &str) -> Result<Response, Error> {
    if !forms::is_blob_id(blob_id) {
        return Ok(Response::not_found());
    }
    Ok(match blobs::get(blob_id)? {
        Some(blob) if !blob.kept => Response::thumbnail(&blob.id),
        _ => Response::not_found(),
    })
}

/// The photos a form brings that are not stored with an entry yet: pending uploads kept
/// from an earlier refused attempt (`keep_photo`) and the files of this request (`photo`),
/// minus those ticked in `remove_photo`. A refused file or a kept id that is gone (or is not
/// a pending upload of the viewer's) is a message on `photo`.
fn pending_photos(req: &Request, errors: &mut FieldErrors) -> Result<Vec<String>, Error> {
    let removed = forms::ids(req, "remove_photo", 20);
    let mut pending: Vec<String> = Vec::new();
    for id in forms::ids(req, "keep_photo", 10) {
        if removed.contains(&id) {
            continue;
        }
        match blobs::get(&id)? {
            Some(blob) if !blob.kept => pending.push(id),
            _ => errors.add("photo", "error-photo-gone"),
        }
    }
    for upload in req.uploads("photo") {
        match &upload.outcome {
            Ok(blob) if !removed.contains(&blob.id) && !pending.contains(&blob.id) => {
                pending.push(blob.id.clone());
            }
            Ok(_) => {}
            Err(refusal) => errors.add("photo", blobs::refusal_message(*refusal)),
        }
    }
    Ok(pending)
}

/// Keeps the pending photos; one that is gone by now is a message on `photo`.
fn keep_all(pending: &[String], errors: &mut FieldErrors) -> Result<(), Error> {
    for id in pending {
        match blobs::keep(id) {
            Ok(_) => {}
            Err(Error::NotFound) => errors.add("photo", "error-photo-gone"),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The form to post or change an entry. `stored`: the entry being edited with the photos it
/// keeps and the ones ticked for removal; `pending`: uploads not stored yet.
struct FormPage<'a> {
    form: &'a EntryForm,
    entry: Option<&'a Record<Entry>>,
    removed: &'a [String],
    pending: &'a [String],
    current_secret: Option<String>,
}

fn form_view(page: FormPage, settings: &Settings, powers: &Powers) -> View {
    let FormPage {
        form,
        entry,
        removed,
        pending,
        current_secret,
    } = page;
    let found = form.entry_type == "found";
    let title = match (entry, found) {
        (Some(_), _) => powers.viewer.pick("Eintrag bearbeiten", "Edit entry"),
        (None, false) => powers
            .viewer
            .pick("Ich habe etwas verloren", "I lost something"),
        (None, true) => powers
            .viewer
            .pick("Ich habe etwas gefunden", "I found something"),
    };
    let stored: Vec<Json> = entry
        .map(|e| {
            e.data
                .photos
                .iter()
                .enumerate()
                .map(|(n, blob)| {
                    json!({
                        "id": blob,
                        "number": n + 1,
                        "thumb": format!("/entries/{}/photos/{n}/thumb", e.id),
                        "removed": removed.contains(blob),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let pending: Vec<Json> = pending
        .iter()
        .enumerate()
        .map(|(n, id)| json!({ "id": id, "number": n + 1, "src": format!("/uploads/{id}") }))
        .collect();
    let today = Date::today();
    View::new("entry_form", title).data(json!({
        "form": form,
        "found": found,
        "editing": entry.is_some(),
        "action": entry.map(|e| format!("/entries/{}/edit", e.id)).unwrap_or_else(|| "/new".into()),
        "back": entry.map(|e| entry_href(&e.id)).unwrap_or_else(|| "/".into()),
        "version": entry.map(|e| e.version),
        "kinds": kind_choices(settings, &form.kind),
        "areas": area_choices(settings, &form.area),
        "stored_photos": stored,
        "pending_photos": pending,
        "max_photos": MAX_PHOTOS,
        "has_secret": entry.is_some_and(|e| e.data.has_secret),
        "current_secret": current_secret,
        "today": today.to_string(),
        "year_ago": today.add_days(-365).to_string(),
        "expiry_days": settings.expiry_days,
    }))
}

pub fn new_form(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let settings = Settings::load();
    let form = EntryForm::blank(req.query("type"), Date::today());
    let page = FormPage {
        form: &form,
        entry: None,
        removed: &[],
        pending: &[],
        current_secret: None,
    };
    Ok(Response::view(form_view(page, &settings, &powers)))
}

/// Posts an entry with its photos and secret detail, tells the authors of likely matches,
/// and — for an urgent pet — every member.
pub fn create(req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let settings = Settings::load();
    let form = EntryForm::from_request(req);
    let mut errors = FieldErrors::new();
    let checked = form.check(&settings, Date::today(), &mut errors);
    let mut photo_errors = FieldErrors::new();
    let pending = pending_photos(req, &mut photo_errors)?;
    let too_many = pending.len() > MAX_PHOTOS;
    let invalid = |pending: &[String], errors: FieldErrors| {
        let page = FormPage {
            form: &form,
            entry: None,
            removed: &[],
            pending,
            current_secret: None,
        };
        Response::invalid(form_view(page, &settings, &powers), errors)
    };
    let mut errors = merge(errors, photo_errors, too_many);
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Ok(invalid(&pending, errors));
    };
    keep_all(&pending, &mut errors)?;
    if !errors.is_empty() {
        return Ok(invalid(&pending, errors));
    }
    let now = time::now();
    let viewer = &powers.viewer;
    let has_secret = !c.secret.is_empty();
    let mut entry = ENTRIES.insert(&Entry {
        entry_type: c.entry_type,
        kind: c.kind,
        title: c.title,
        description: c.description,
        date: c.date,
        area: c.area,
        place: c.place,
        visibility: c.visibility,
        photos: pending,
        question: c.question,
        has_secret,
        urgent: c.urgent,
        urgent_notified: false,
        status: Status::Open,
        archived_reason: None,
        resolved_at: None,
        happy_end: String::new(),
        expires_at: now + settings.expiry_days * DAY,
        reminded: false,
        author_name: viewer.display_name.clone().unwrap_or_default(),
    })?;
    if has_secret {
        SECRETS.insert(&Secret {
            entry_id: entry.id.clone(),
            secret: c.secret,
        })?;
    }
    after_save(&mut entry)?;
    Ok(Response::redirect(&entry_href(&entry.id)).with_flash("flash-entry-posted"))
}

/// The form's messages with the photo messages; "too many photos" when no photo message
/// says more already (a field shows one message).
fn merge(mut errors: FieldErrors, photos: FieldErrors, too_many: bool) -> FieldErrors {
    let mut photo_message = false;
    for (field, message) in photos.iter() {
        if !photo_message {
            errors.add(field, message);
            photo_message = true;
        }
    }
    if too_many && !photo_message {
        errors.add("photo", "error-photos-too-many");
    }
    errors
}

/// What follows every save of an open entry: new likely matches are announced, and an
/// urgent pet is announced to every member once.
fn after_save(entry: &mut Record<Entry>) -> Result<(), Error> {
    if !entry.data.is_open() {
        return Ok(());
    }
    if entry.data.urgent && !entry.data.urgent_notified {
        entry.data.urgent_notified = true;
        *entry = ENTRIES.update(entry)?;
        notices::urgent_pet(entry)?;
    }
    matching::announce_new(entry)?;
    Ok(())
}

/// An entry's page: what everyone who may see it sees, plus the author's and moderators'
/// tools, and for other members the way to get in touch.
pub fn show(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(entry) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    let data = page_data(&entry, &powers, None)?;
    Ok(Response::view(
        View::new("entry", &entry.data.title).data(data),
    ))
}

/// The entry page's data; `note` is the "returned" form as typed, when it came back.
fn page_data(entry: &Record<Entry>, powers: &Powers, note: Option<&str>) -> Result<Json, Error> {
    let e = &entry.data;
    let now = time::now();
    let author = powers.is_author(entry);
    let secret = secret_of(entry, powers)?;
    let conversations = if author {
        conversations_of(&entry.id)?
    } else {
        vec![]
    };
    let mine = match powers.me() {
        Some(me) if !author => conversation_of(&entry.id, me)?,
        _ => None,
    };
    let matches = if author {
        matching::best_for(entry, powers)?
    } else {
        vec![]
    };
    let names = shown::names(
        entry
            .author
            .iter()
            .map(String::as_str)
            .chain(conversations.iter().map(|c| c.data.claimant.as_str())),
    );
    let mut data = shown::card(entry);
    let extra = json!({
        "description": e.description,
        "photos": shown::photos(entry),
        "author_name": shown::author_name(entry, &names, powers),
        "status": e.status.as_str(),
        "open": e.is_open(),
        "found": e.entry_type == EntryType::Found,
        "archived_reason": e.archived_reason,
        "resolved_at": e.resolved_at,
        "is_author": author,
        "hidden": entry.hidden,
        "moderates": powers.moderates,
        // The question is public: whoever claims a found entry answers it.
        "question": if e.entry_type == EntryType::Found { e.question.as_str() } else { "" },
        "secret": secret,
        "expires_at": e.expires_at,
        "expires_soon": e.is_open() && e.expires_at - now < RENEW_SOON,
        "may_renew": author && (e.is_open() || e.archived_reason.as_deref() == Some("expired")),
        "may_resolve": author && e.is_open(),
        "may_delete": powers.may_delete(entry),
        "may_claim": powers.may_claim(entry) && mine.is_none(),
        "my_conversation": mine.map(|c| format!("/conversations/{}", c.id)),
        "logged_in": powers.viewer.is_logged_in(),
        "member": powers.member,
        "conversations": conversations
            .iter()
            .map(|c| shown::conversation_item(c, &names, powers))
            .collect::<Vec<_>>(),
        "matches": matches.iter().map(|(m, _)| shown::card(m)).collect::<Vec<_>>(),
        "note": note.unwrap_or(""),
    });
    if let (Json::Object(data), Json::Object(extra)) = (&mut data, extra) {
        data.extend(extra);
    }
    Ok(data)
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let (entry, powers) = match authored(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let settings = Settings::load();
    let form = EntryForm::of(&entry.data);
    let page = FormPage {
        form: &form,
        entry: Some(&entry),
        removed: &[],
        pending: &[],
        current_secret: secret_of(&entry, &powers)?,
    };
    Ok(Response::view(form_view(page, &settings, &powers)))
}

/// Saves the author's changes: fields, photos removed and added (three at most), the secret
/// replaced or cleared; then looks for new matches.
pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut entry, powers) = match authored(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let settings = Settings::load();
    let mut form = EntryForm::from_request(req);
    // The type stays what it was: conversations depend on it.
    form.entry_type = entry.data.entry_type.as_str().into();
    let mut errors = FieldErrors::new();
    let checked = form.check(&settings, Date::today(), &mut errors);
    let removed: Vec<String> = forms::ids(req, "remove_photo", 20)
        .into_iter()
        .filter(|id| entry.data.photos.contains(id))
        .collect();
    let kept: Vec<String> = entry
        .data
        .photos
        .iter()
        .filter(|p| !removed.contains(p))
        .cloned()
        .collect();
    let mut photo_errors = FieldErrors::new();
    let pending = pending_photos(req, &mut photo_errors)?;
    let too_many = kept.len() + pending.len() > MAX_PHOTOS;
    let mut errors = merge(errors, photo_errors, too_many);
    let version = req.field("version");
    if !version.is_empty() && version != entry.version.to_string() {
        errors.add("form", "error-changed-meanwhile");
    }
    let current_secret = secret_of(&entry, &powers)?;
    let invalid = |pending: &[String], errors: FieldErrors| {
        let page = FormPage {
            form: &form,
            entry: Some(&entry),
            removed: &removed,
            pending,
            current_secret: current_secret.clone(),
        };
        Response::invalid(form_view(page, &settings, &powers), errors)
    };
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Ok(invalid(&pending, errors));
    };
    keep_all(&pending, &mut errors)?;
    if !errors.is_empty() {
        return Ok(invalid(&pending, errors));
    }
    for blob in &removed {
        blobs::delete(blob)?;
    }
    let stored_secret = secret_record(&entry.id)?;
    let mut has_secret = entry.data.has_secret;
    if c.clear_secret
        && let Some(s) = &stored_secret
    {
        SECRETS.delete(&s.id)?;
        has_secret = false;
    }
    if !c.secret.is_empty() {
        match stored_secret.filter(|_| !c.clear_secret) {
            Some(mut s) => {
                s.data.secret = c.secret;
                SECRETS.update(&s)?;
            }
            None => {
                SECRETS.insert(&Secret {
                    entry_id: entry.id.clone(),
                    secret: c.secret,
                })?;
            }
        }
        has_secret = true;
    } else if c.clear_secret {
        has_secret = false;
    }
    let d = &mut entry.data;
    d.kind = c.kind;
    d.title = c.title;
    d.description = c.description;
    d.date = c.date;
    d.area = c.area;
    d.place = c.place;
    d.visibility = c.visibility;
    d.question = c.question;
    d.has_secret = has_secret;
    d.urgent = c.urgent;
    d.photos = kept.into_iter().chain(pending).collect();
    let mut entry = ENTRIES.update(&entry)?;
    after_save(&mut entry)?;
    Ok(Response::redirect(&entry_href(&entry.id)).with_flash("flash-saved"))
}

fn resolve_view(entry: &Record<Entry>, powers: &Powers, note: &str) -> View {
    let title = powers.viewer.pick("Wieder zu Hause", "Back home");
    View::new("resolve", title).data(json!({
        "entry": { "id": entry.id, "title": entry.data.title, "href": entry_href(&entry.id) },
        "note": note,
    }))
}

pub fn resolve_form(id: &str) -> Result<Response, Error> {
    let (entry, powers) = match authored(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    if !entry.data.is_open() {
        return Ok(Response::redirect(&entry_href(&entry.id)).with_flash("flash-not-open"));
    }
    Ok(Response::view(resolve_view(&entry, &powers, "")))
}

/// Marks an entry as back with its owner, with an optional happy-end note. Its
/// conversations stay readable.
pub fn resolve(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut entry, powers) = match authored(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let href = entry_href(&entry.id);
    if !entry.data.is_open() {
        return Ok(Response::redirect(&href).with_flash("flash-not-open"));
    }
    let mut errors = FieldErrors::new();
    let note = optional_text(req, "note", MAX_NOTE, &mut errors);
    if !errors.is_empty() {
        return Ok(Response::invalid(
            resolve_view(&entry, &powers, &note),
            errors,
        ));
    }
    entry.data.status = Status::Resolved;
    entry.data.resolved_at = Some(time::now());
    entry.data.happy_end = note;
    entry.data.urgent = false;
    ENTRIES.update(&entry)?;
    Ok(Response::redirect(&href).with_flash("flash-resolved"))
}

/// Another full period before the entry expires; an entry that just expired comes back.
pub fn renew(id: &str) -> Result<Response, Error> {
    let (mut entry, _) = match authored(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let href = entry_href(&entry.id);
    let expired = entry.data.status == Status::Archived
        && entry.data.archived_reason.as_deref() == Some("expired");
    if !entry.data.is_open() && !expired {
        return Ok(Response::redirect(&href).with_flash("flash-not-open"));
    }
    let settings = Settings::load();
    entry.data.status = Status::Open;
    entry.data.archived_reason = None;
    entry.data.expires_at = time::now() + settings.expiry_days * DAY;
    entry.data.reminded = false;
    let mut entry = ENTRIES.update(&entry)?;
    if expired {
        after_save(&mut entry)?;
    }
    Ok(Response::redirect(&href).with_flash("flash-renewed"))
}

/// Deletes an entry with everything that belongs to it: secret, photos, conversations and
/// their messages, match pairs. The author or a moderator.
pub fn delete(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(entry) = visible(id, &powers)? else {
        return Ok(Response::not_found());
    };
    if !powers.may_delete(&entry) {
        return Ok(Response::forbidden());
    }
    remove_belongings(&entry.id, &entry.data.photos)?;
    ENTRIES.delete(&entry.id)?;
    Ok(Response::redirect("/").with_flash("flash-entry-deleted"))
}

/// Removes what belongs to an entry: its secret, photos, conversations with their messages,
/// and match pairs.
fn remove_belongings(entry_id: &str, photos: &[String]) -> Result<(), Error> {
    if let Some(secret) = secret_record(entry_id)? {
        SECRETS.delete(&secret.id)?;
    }
    for blob in photos {
        blobs::delete(blob)?;
    }
    for conversation in conversations_of(entry_id)? {
        for message in messages_of(&conversation.id)? {
            MESSAGES.delete(&message.id)?;
        }
        CONVERSATIONS.delete(&conversation.id)?;
    }
    matching::forget(entry_id)
}

/// The host's moderators deleted an entry (event "item-deleted", with the document's last
/// data): removes what belonged to it.
pub fn forget_deleted(payload: &Json) -> Result<(), Error> {
    let Some(id) = payload["id"].as_str() else {
        return Ok(());
    };
    let photos: Vec<String> = payload["data"]["photos"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    remove_belongings(id, &photos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_links_keep_the_filters() {
        assert_eq!(
            list_query(&[
                ("type", "lost"),
                ("kind", ""),
                ("q", "grüner Schlüssel"),
                ("page", "2")
            ]),
            "type=lost&q=gr%C3%BCner%20Schl%C3%BCssel&page=2"
        );
        assert_eq!(list_query(&[("type", ""), ("page", "")]), "");
    }

    #[test]
    fn one_message_on_the_photo_field() {
        let mut photos = FieldErrors::new();
        photos.add("photo", "upload-too-large");
        photos.add("photo", "upload-not-an-image");
        let merged = merge(FieldErrors::new(), photos, true);
        assert_eq!(
            merged.iter().collect::<Vec<_>>(),
            [("photo", "upload-too-large")]
        );
        let merged = merge(FieldErrors::new(), FieldErrors::new(), true);
        assert_eq!(
            merged.iter().collect::<Vec<_>>(),
            [("photo", "error-photos-too-many")]
        );
        assert!(merge(FieldErrors::new(), FieldErrors::new(), false).is_empty());
    }
}
