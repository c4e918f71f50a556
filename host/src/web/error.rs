//! The one place where failures become responses.
//!
//! Handlers return [`AppError`]; its `IntoResponse` attaches an [`ErrorPage`] marker, and the
//! [`render_error_pages`] layer turns that (and any bare 4xx/5xx from axum itself, such as a
//! 405 or a rejected body) into a full HTML page in the viewer's language. Internal details
//! are logged once and never shown.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;

use super::AppState;
use super::context::RequestScope;
use crate::communities::JoinPolicy;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Logged in but not allowed; with a community, the page explains how to join it.
    #[error("forbidden")]
    Forbidden(Option<JoinHint>),
    /// Not logged in: go to the login page and come back to `next` afterwards.
    #[error("login required")]
    LoginRequired { next: String },
    #[error("too many failed logins")]
    TooManyAttempts,
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("the form's security token did not match")]
    CsrfRejected,
    #[error("bad request")]
    BadRequest,
    /// A moderator blocked the viewer in this community: reading only.
    #[error("blocked in this community")]
    Blocked,
    #[error("database busy")]
    Unavailable,
    /// A plugin trapped, timed out or answered nonsense; details are in the log.
    #[error("a plugin failed")]
    PluginFailed,
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

/// The community a forbidden page is about, so it can say how to get in.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JoinHint {
    pub slug: String,
    pub name: String,
    pub join_policy: JoinPolicy,
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut => AppError::Unavailable,
            other => AppError::Internal(other.into()),
        }
    }
}

/// Marker on a response whose body the error layer must render.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    message_key: &'static str,
    join: Option<JoinHint>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message_key, join) = match self {
            AppError::LoginRequired { next } => {
                let target = format!("/login?next={}", encode_query_value(&next));
                return Redirect::to(&target).into_response();
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found", None),
            AppError::Forbidden(join) => (StatusCode::FORBIDDEN, "error-forbidden", join),
            AppError::TooManyAttempts => (
                StatusCode::TOO_MANY_REQUESTS,
                "error-too-many-attempts",
                None,
            ),
            AppError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None),
            AppError::CsrfRejected => (StatusCode::FORBIDDEN, "error-csrf", None),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, "error-bad-request", None),
            AppError::Blocked => (StatusCode::FORBIDDEN, "error-blocked", None),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "error-unavailable", None),
            AppError::PluginFailed => (StatusCode::INTERNAL_SERVER_ERROR, "error-plugin", None),
            AppError::Internal(err) => {
                tracing::error!(error = %format!("{err:#}"), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal", None)
            }
        };
        let mut response = status.into_response();
        response
            .extensions_mut()
            .insert(ErrorPage { message_key, join });
        response
    }
}

/// The message shown for a bare error status that did not come from an [`AppError`].
fn message_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-request",
    }
}

/// Layer: renders error pages with the layout, in the language the request was served in.
pub async fn render_error_pages(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let scope = Arc::new(RequestScope::from_headers(req.headers()));
    req.extensions_mut().insert(scope.clone());
    let response = next.run(req).await;
    let status = response.status();
    let marker = response.extensions().get::<ErrorPage>().cloned();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let page = match marker {
        Some(page) => page,
        None if (status.is_client_error() || status.is_server_error()) && !is_html => ErrorPage {
            message_key: message_for_status(status),
            join: None,
        },
        None => return response,
    };
    let (mut parts, _) = response.into_parts();
    let heading = state
        .catalogue
        .get(scope.lang(), &format!("error-heading-{}", status.as_u16()));
    let data = json!({
        "title": heading,
        "message_key": page.message_key,
        "status": status.as_u16(),
        "join": page.join,
    });
    let body = state.render_layout_page("pages/error", &scope, data);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body.into())
}

/// Percent-encodes a value for use in a query string.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
