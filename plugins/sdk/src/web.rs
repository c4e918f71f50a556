//! Requests the plugin answers and the responses it gives.

use serde::Serialize;

use crate::bindings::quartier::plugin::http as raw;
use crate::blobs::{Blob, Upload};

pub use raw::{BodyKind, Method, Rendition};

/// A request below the plugin's mount. The host has checked the session and the CSRF token.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The path below the mount, always starting with "/".
    pub path: String,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    /// Files sent with a multipart form (needs the `blobs` capability).
    pub uploads: Vec<Upload>,
}

impl Request {
    #[doc(hidden)]
    pub fn from_raw(r: raw::Request) -> Self {
        Self {
            method: r.method,
            path: r.path,
            query: r.query,
            form: r.form,
            uploads: r
                .uploads
                .into_iter()
                .map(|u| Upload {
                    field: u.field,
                    filename: u.filename,
                    outcome: u.outcome.map(Blob::from_raw),
                })
                .collect(),
        }
    }

    /// The files sent in this form field, in order.
    pub fn uploads(&self, field: &str) -> impl Iterator<Item = &Upload> {
        self.uploads.iter().filter(move |u| u.field == field)
    }

    /// All values of a form field that may repeat (checkboxes, hidden lists), in order.
    pub fn fields(&self, name: &str) -> impl Iterator<Item = &str> {
        self.form
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_post(&self) -> bool {
        matches!(self.method, Method::Post)
    }

    /// The first query parameter with this name.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first form field with this name, or "" when absent.
    pub fn field(&self, name: &str) -> &str {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// True when a checkbox with this name was ticked (browsers send `on` by default).
    pub fn checked(&self, name: &str) -> bool {
        matches!(self.field(name), "on" | "1" | "true" | "yes")
    }

    /// The path split into its segments, e.g. `/posts/42` → `["posts", "42"]`.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }
}

/// A page: a template of this plugin, a title and the data the template renders.
#[derive(Debug, Clone)]
pub struct View {
    template: String,
    title: String,
    data: serde_json::Value,
}

impl View {
    pub fn new(template: &str, title: &str) -> Self {
        Self {
            template: template.into(),
            title: title.into(),
            data: serde_json::Value::Object(Default::default()),
        }
    }

    /// Sets the data the template sees (anything serialisable to a JSON object).
    pub fn data(mut self, data: impl Serialize) -> Self {
        self.data = serde_json::to_value(data).unwrap_or(serde_json::Value::Null);
        self
    }

    #[doc(hidden)]
    pub fn into_raw(self) -> raw::View {
        raw::View {
            template: self.template,
            title: self.title,
            data_json: self.data.to_string(),
        }
    }
}

/// Messages for form fields; each message is a key of the plugin's translations.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message_key: &str) {
        self.0.push((field.into(), message_key.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The (field, message key) pairs, in the order they were added (for tests).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }
}

/// A non-HTML body.
#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    pub content: String,
    /// Offered as a download with this file name.
    pub filename: Option<String>,
}

/// What the plugin answers.
#[derive(Debug, Clone)]
pub enum Response {
    View(View),
    Redirect {
        location: String,
        flash: Option<String>,
    },
    Body(Body),
    /// A blob of this plugin (see [`crate::blobs`]) in full or as a thumbnail.
    Blob(String, Rendition),
    Invalid(View, FieldErrors),
    NotFound,
    Forbidden,
}

impl Response {
    pub fn view(view: View) -> Self {
        Response::View(view)
    }

    /// A redirect to a path below the mount (after a successful POST).
    pub fn redirect(location: &str) -> Self {
        Response::Redirect {
            location: location.into(),
            flash: None,
        }
    }

    /// Adds a message (a translation key) shown once on the next page.
    pub fn with_flash(self, key: &str) -> Self {
        match self {
            Response::Redirect { location, .. } => Response::Redirect {
                location,
                flash: Some(key.into()),
            },
            other => other,
        }
    }

    pub fn body(kind: BodyKind, content: impl Into<String>) -> Self {
        Response::Body(Body {
            kind,
            content: content.into(),
            filename: None,
        })
    }

    /// Sends a blob as stored; the plugin has checked that the viewer may see it.
    pub fn blob(id: &str) -> Self {
        Response::Blob(id.into(), Rendition::Full)
    }

    /// Sends a blob scaled to at most 480 pixels on its long side, for lists and cards.
    pub fn thumbnail(id: &str) -> Self {
        Response::Blob(id.into(), Rendition::Thumbnail)
    }

    /// The form again, with the input in the view's data and a message per field (422).
    pub fn invalid(view: View, errors: FieldErrors) -> Self {
        Response::Invalid(view, errors)
    }

    pub fn not_found() -> Self {
        Response::NotFound
    }

    pub fn forbidden() -> Self {
        Response::Forbidden
    }

    #[doc(hidden)]
    pub fn into_raw(self) -> raw::Response {
        match self {
            Response::View(v) => raw::Response::View(v.into_raw()),
            Response::Redirect { location, flash } => {
                raw::Response::Redirect(raw::Redirect { location, flash })
            }
            Response::Body(b) => raw::Response::Body(raw::Body {
                kind: b.kind,
                content: b.content,
                filename: b.filename,
            }),
            Response::Blob(id, rendition) => raw::Response::Blob((id, rendition)),
            Response::Invalid(v, errors) => raw::Response::Invalid((
                v.into_raw(),
                errors
                    .0
                    .into_iter()
                    .map(|(field, message)| raw::FieldError { field, message })
                    .collect(),
            )),
            Response::NotFound => raw::Response::NotFound,
            Response::Forbidden => raw::Response::Forbidden,
        }
    }
}
