//! The smallest useful Quartier plugin: a guestbook. Everyone may read it, members sign it.

use quartier_plugin_sdk::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry, as stored in the `entries` collection.
#[derive(Serialize, Deserialize)]
struct Entry {
    name: String,
    message: String,
}

const ENTRIES: Collection<Entry> = Collection::new("entries");
const MAX_MESSAGE: usize = 500;

struct Guestbook;

impl Plugin for Guestbook {
    fn manifest() -> Manifest {
        Manifest::new("guestbook", env!("CARGO_PKG_VERSION"), "guestbook")
            .name("Gästebuch", "Guestbook")
            .description(
                "Ein Gästebuch: Alle können lesen, Mitglieder schreiben hinein.",
                "A guestbook: everyone can read it, members sign it.",
            )
            .nav("Gästebuch", "Guestbook", "/", Role::Visitor)
            // Members can report an entry to the moderators; the host then hides it.
            .reportable(
                "entries",
                ("Gästebucheintrag", "guestbook entry"),
                "message",
                None,
                "/#entry-{id}",
            )
            .template("index", include_str!("../templates/index.hbs"))
            .template("widget", include_str!("../templates/widget.hbs"))
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
    }

    fn handle(req: Request) -> Response {
        match (req.is_post(), req.path.as_str()) {
            (false, "/") => list(&req, "", FieldErrors::new()),
            (true, "/") => sign(&req),
            _ => Response::not_found(),
        }
    }

    fn widget() -> Option<View> {
        let latest = ENTRIES
            .find(Query::new().order_by("created-at").descending().limit(3))
            .ok()?;
        let entries: Vec<_> = latest.items.iter().map(shown).collect();
        Some(View::new("widget", "").data(json!({ "entries": entries })))
    }
}

/// An entry as the templates show it.
fn shown(record: &Record<Entry>) -> Json {
    json!({
        "id": record.id,
        "hidden": record.hidden,
        "name": record.data.name,
        "message": record.data.message,
        "at": record.created_at,
        // The host's `by-person` helper collapses it for people who blocked its author.
        "author_id": record.author,
    })
}

/// The list, newest first, with the form for members (and its input and errors, if any).
fn list(req: &Request, message: &str, errors: FieldErrors) -> Response {
    let query = Query::new().order_by("created-at").descending().limit(20);
    let page = match ENTRIES.find(query.after(req.query("after").map(String::from))) {
        Ok(page) => page,
        Err(e) => return Response::body(BodyKind::Text, format!("guestbook unavailable: {e}")),
    };
    let entries: Vec<_> = page.items.iter().map(shown).collect();
    let view = View::new("index", "Gästebuch").data(json!({
        "entries": entries,
        "next": page.next_cursor,
        "can_sign": context::viewer().is_at_least(Role::Member),
        "form": { "message": message },
    }));
    if errors.is_empty() {
        Response::view(view)
    } else {
        Response::invalid(view, errors)
    }
}

/// Signs the guestbook (members only).
fn sign(req: &Request) -> Response {
    let viewer = context::viewer();
    if !viewer.is_at_least(Role::Member) {
        return Response::forbidden();
    }
    let message = req.field("message").trim();
    let mut errors = FieldErrors::new();
    if message.is_empty() {
        errors.add("message", "error-empty");
    } else if message.chars().count() > MAX_MESSAGE {
        errors.add("message", "error-too-long");
    }
    if !errors.is_empty() {
        return list(req, message, errors);
    }
    let entry = Entry {
        name: viewer.display_name.unwrap_or_default(),
        message: message.into(),
    };
    match ENTRIES.insert(&entry) {
        Ok(_) => Response::redirect("/").with_flash("flash-signed"),
        Err(e) => Response::body(BodyKind::Text, format!("could not save: {e}")),
    }
}

export_plugin!(Guestbook);
