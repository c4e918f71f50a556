//! Checks every request before a handler sees it: the CSRF token of every POST, the body
//! size limit, and the housekeeping of the CSRF and flash cookies.
//!
//! CSRF uses the double-submit pattern: a random token in an HttpOnly, SameSite=Lax cookie
//! must come back as the `csrf_token` field of the form. A site that cannot read the cookie
//! cannot forge the field.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::cookies;
use super::error::AppError;
use super::multipart;
use crate::tokens::{constant_time_eq, looks_like_token, new_token};

/// The CSRF token of this browser, for the forms a page renders.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The name of the hidden form field carrying the token.
pub const FIELD: &str = "csrf_token";

/// One-click unsubscribe links from mails (`/unsubscribe/{token}`), exempt from the CSRF
/// check: the token authorises the request.
pub const UNSUBSCRIBE_PREFIX: &str = "/unsubscribe/";

/// The multipart upload of plugin files in `/admin`.
pub const PLUGIN_UPLOAD_PATH: &str = "/admin/plugins";

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let secure = state.settings.secure_cookies();
    let existing = cookies::get(req.headers(), cookies::CSRF)
        .filter(|t| looks_like_token(t))
        .map(str::to_owned);
    let had_flash = cookies::get(req.headers(), cookies::FLASH).is_some();
    let (token, is_new) = match existing {
        Some(token) => (token, false),
        None => (new_token(), true),
    };

    // One-click unsubscribe (RFC 8058): mail programs POST there without cookies; the
    // signed token in the path is the proof, and the action only turns mail off.
    let exempt = req.uri().path().starts_with(UNSUBSCRIBE_PREFIX);
    let mut req = if req.method() == Method::POST && !exempt {
        // Plugin files uploaded in `/admin` carry their token in the query; forms with photos
        // to a community's modules carry it as a multipart field and may be larger.
        let path = req.uri().path();
        let form = if path == PLUGIN_UPLOAD_PATH {
            FormKind::TokenInQuery(state.settings.max_plugin_bytes)
        } else if let Some(boundary) = path
            .starts_with(COMMUNITY_PREFIX)
            .then(|| multipart::boundary(req.headers()))
            .flatten()
        {
            FormKind::Multipart(state.settings.upload_request_limit(), boundary)
        } else {
            FormKind::UrlEncoded(state.settings.max_body_bytes)
        };
        match check_post(req, &token, is_new, form).await {
            Ok(req) => req,
            Err(err) => return err.into_response(),
        }
    } else {
        req
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));

    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // Pages may not be framed (the one-click POST buttons would invite clickjacking), load
    // only our own resources, and send forms only to us.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if is_new && let Ok(value) = cookies::set(cookies::CSRF, &token, None, secure).parse() {
        headers.append(header::SET_COOKIE, value);
    }
    // A flash message is shown once: the first page that is not itself a redirect clears it.
    if had_flash
        && !response.status().is_redirection()
        && let Ok(value) = cookies::clear(cookies::FLASH, secure).parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Pages of a community, where plugins take multipart forms with photos.
const COMMUNITY_PREFIX: &str = "/c/";

/// How a POST body is read, with its size limit.
enum FormKind {
    UrlEncoded(usize),
    TokenInQuery(usize),
    /// Parsed here; the handler finds the parts in the request's extensions.
    Multipart(usize, String),
}

impl FormKind {
    fn limit(&self) -> usize {
        match self {
            FormKind::UrlEncoded(limit)
            | FormKind::TokenInQuery(limit)
            | FormKind::Multipart(limit, _) => *limit,
        }
    }
}

/// Reads the body (up to the limit), checks the form's token and hands the body on.
async fn check_post(
    req: Request,
    token: &str,
    is_new: bool,
    form: FormKind,
) -> Result<Request, AppError> {
    let limit = form.limit();
    let (parts, body) = req.into_parts();
    let declared_too_large = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|len| len > limit);
    if declared_too_large {
        return Err(AppError::PayloadTooLarge);
    }
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let (submitted, parsed) = match form {
        FormKind::TokenInQuery(_) => (
            form_field(parts.uri.query().unwrap_or("").as_bytes(), FIELD),
            None,
        ),
        FormKind::UrlEncoded(_) => (form_field(&bytes, FIELD), None),
        FormKind::Multipart(_, boundary) => {
            let parsed = multipart::parse(boundary, bytes.clone())
                .await
                .ok_or(AppError::BadRequest)?;
            let token = parsed
                .fields
                .iter()
                .find(|(k, _)| k == FIELD)
                .map(|(_, v)| v.clone());
            (token, Some(parsed))
        }
    };
    let valid = !is_new && submitted.is_some_and(|s| constant_time_eq(&s, token));
    if !valid {
        tracing::info!(path = %parts.uri.path(), "POST refused: CSRF token missing or wrong");
        return Err(AppError::CsrfRejected);
    }
    Ok(match parsed {
        // The parts are all the handler needs; the raw body is not kept twice.
        Some(parsed) => {
            let mut req = Request::from_parts(parts, Body::empty());
            req.extensions_mut().insert(multipart::Parsed::new(parsed));
            req
        }
        None => Request::from_parts(parts, Body::from(bytes)),
    })
}

/// The value of one field of an `application/x-www-form-urlencoded` body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::form_field;

    #[test]
    fn finds_the_token_field() {
        assert_eq!(
            form_field(b"a=1&csrf_token=abc&b=2", "csrf_token"),
            Some("abc".into())
        );
        assert_eq!(form_field(b"a=1", "csrf_token"), None);
        assert_eq!(form_field(b"\xff\xfe", "csrf_token"), None);
    }
}
