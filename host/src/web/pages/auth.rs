//! Registration, login, logout and password reset.

use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use serde::Deserialize;
use serde_json::json;

use super::errors_json;
use crate::accounts::{self, CreateAccountError, reset, sessions, throttle};
use crate::mail::outbox::OutgoingMail;
use crate::validation::{Email, FieldErrors, NewPassword, required_text};
use crate::web::context::{Ctx, redirect_with_flash, safe_next};
use crate::web::cookies;
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
    next: String,
}

pub async fn register_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.account.is_some() {
        return axum::response::Redirect::to(&safe_next(Some(&q.next))).into_response();
    }
    let title = ctx.t("register-title");
    ctx.page(
        "pages/register",
        &title,
        None,
        json!({"form": {"next": q.next}, "errors": {}, "closed": !ctx.state.instance.current().registration_open}),
    )
}

pub async fn register(ctx: Ctx, Form(form): Form<RegisterForm>) -> Result<Response, AppError> {
    let title = ctx.t("register-title");
    if !ctx.state.instance.current().registration_open {
        return Err(AppError::Forbidden(None));
    }
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&form.email));
    let name = errors.check("display_name", required_text(&form.display_name, 80));
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let rerender = |ctx: &Ctx, errors: &FieldErrors| {
        ctx.invalid(
            "pages/register",
            &title,
            None,
            json!({
                "form": {"email": form.email, "display_name": form.display_name, "next": form.next},
                "errors": errors_json(errors),
            }),
        )
    };
    let (Some(email), Some(name), Some(password), true) =
        (email, name, password, errors.is_empty())
    else {
        return Ok(rerender(&ctx, &errors));
    };
    let hash = ctx.state.hasher.hash(password.as_str().to_owned()).await?;
    let mut conn = ctx.state.db.pool().acquire().await?;
    let account = match accounts::create(&mut conn, &email, &name, &hash, Some(ctx.lang())).await {
        Ok(account) => account,
        Err(CreateAccountError::EmailTaken) => {
            errors.add("email", "error-email-taken");
            return Ok(rerender(&ctx, &errors));
        }
        Err(CreateAccountError::Db(e)) => return Err(e.into()),
    };
    drop(conn);
    tracing::info!(account.id = account.id, "account registered");
    log_in(
        &ctx,
        account.id,
        &safe_next(Some(&form.next)),
        "flash-registered",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.account.is_some() {
        return axum::response::Redirect::to(&safe_next(Some(&q.next))).into_response();
    }
    let title = ctx.t("login-title");
    ctx.page(
        "pages/login",
        &title,
        None,
        json!({"form": {"next": q.next}, "errors": {}}),
    )
}

pub async fn login(ctx: Ctx, Form(form): Form<LoginForm>) -> Result<Response, AppError> {
    let title = ctx.t("login-title");
    let rerender = |ctx: &Ctx, errors: &FieldErrors| {
        ctx.invalid(
            "pages/login",
            &title,
            None,
            json!({"form": {"email": form.email, "next": form.next}, "errors": errors_json(errors)}),
        )
    };
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&form.email));
    if form.password.is_empty() {
        errors.add("password", "error-required");
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Ok(rerender(&ctx, &errors));
    };
    let pool = ctx.state.db.pool();
    if throttle::is_locked(pool, email.as_str(), &ctx.client_ip).await? {
        tracing::warn!(client.ip = %ctx.client_ip, "login refused: too many failures");
        return Err(AppError::TooManyAttempts);
    }
    let found = accounts::find_with_hash(pool, &email).await?;
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, ctx.state.dummy_hash.clone()),
    };
    let verified = ctx.state.hasher.verify(form.password.clone(), hash).await;
    match account {
        Some(account) if verified => {
            throttle::clear_for_email(pool, email.as_str()).await?;
            log_in(
                &ctx,
                account.id,
                &safe_next(Some(&form.next)),
                "flash-logged-in",
            )
            .await
        }
        _ => {
            throttle::record_failure(pool, email.as_str(), &ctx.client_ip).await?;
            errors.add("email", "error-login-failed");
            Ok(rerender(&ctx, &errors))
        }
    }
}

/// Starts a session, sets its cookie and redirects with a message.
async fn log_in(ctx: &Ctx, account_id: i64, to: &str, flash: &str) -> Result<Response, AppError> {
    let token = sessions::create(ctx.state.db.pool(), account_id).await?;
    let secure = ctx.state.settings.secure_cookies();
    let mut response = redirect_with_flash(to, flash, secure);
    let cookie = cookies::set(
        cookies::SESSION,
        &token,
        Some(sessions::SESSION_DAYS * 24 * 3600),
        secure,
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn logout(ctx: Ctx) -> Result<Response, AppError> {
    if let Some(token) = &ctx.session_token {
        sessions::delete(ctx.state.db.pool(), token).await?;
    }
    let secure = ctx.state.settings.secure_cookies();
    let mut response = redirect_with_flash("/", "flash-logged-out", secure);
    if let Ok(value) = cookies::clear(cookies::SESSION, secure).parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

pub async fn forgot_form(ctx: Ctx) -> Response {
    let title = ctx.t("forgot-title");
    ctx.page(
        "pages/forgot",
        &title,
        None,
        json!({"form": {}, "errors": {}}),
    )
}

/// Queues a reset mail if the account exists; the answer is the same either way, so the form
/// does not reveal who has an account.
pub async fn forgot(ctx: Ctx, Form(form): Form<ForgotForm>) -> Result<Response, AppError> {
    let title = ctx.t("forgot-title");
    let mut errors = FieldErrors::new();
    let Some(email) = errors.check("email", Email::parse(&form.email)) else {
        return Ok(ctx.invalid(
            "pages/forgot",
            &title,
            None,
            json!({"form": {"email": form.email}, "errors": errors_json(&errors)}),
        ));
    };
    let pool = ctx.state.db.pool();
    if let Some(account) = accounts::find_by_email(pool, &email).await? {
        let lang = account.language.unwrap_or(ctx.lang());
        let catalogue = &ctx.state.catalogue;
        let base = &ctx.state.base_url;
        reset::start(pool, account.id, |token| {
            let link = format!("{base}/password/reset?token={token}");
            let args = [
                ("name", FluentValue::from(account.display_name.as_str())),
                ("link", FluentValue::from(link.as_str())),
                (
                    "instance",
                    FluentValue::from(ctx.state.instance.current().name),
                ),
            ];
            OutgoingMail {
                to: account.email.clone(),
                kind: "password-reset",
                account_id: Some(account.id),
                subject: catalogue.text(lang, "mail-reset-subject", &args),
                body_text: catalogue.text(lang, "mail-reset-body", &args),
                body_html: None,
                lang,
                // Security mail: always sent, nothing to unsubscribe from.
                unsubscribe_token: None,
            }
        })
        .await?;
        ctx.state.mail.wake();
    }
    Ok(ctx.page(
        "pages/forgot",
        &title,
        None,
        json!({"sent": true, "form": {}, "errors": {}}),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetQuery {
    token: String,
}

pub async fn reset_form(ctx: Ctx, Query(q): Query<ResetQuery>) -> Result<Response, AppError> {
    let title = ctx.t("reset-title");
    if !reset::is_usable(ctx.state.db.pool(), &q.token).await? {
        return Ok(invalid_reset_link(&ctx, &title));
    }
    Ok(ctx.page(
        "pages/reset",
        &title,
        None,
        json!({"token": q.token, "errors": {}}),
    ))
}

fn invalid_reset_link(ctx: &Ctx, title: &str) -> Response {
    ctx.page_with_status(
        StatusCode::NOT_FOUND,
        "pages/reset",
        title,
        None,
        json!({"invalid": true}),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    password: String,
    password_confirm: String,
}

pub async fn reset(ctx: Ctx, Form(form): Form<ResetForm>) -> Result<Response, AppError> {
    let title = ctx.t("reset-title");
    let mut errors = FieldErrors::new();
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let (Some(password), true) = (password, errors.is_empty()) else {
        return Ok(ctx.invalid(
            "pages/reset",
            &title,
            None,
            json!({"token": form.token, "errors": errors_json(&errors)}),
        ));
    };
    let hash = ctx.state.hasher.hash(password.as_str().to_owned()).await?;
    match reset::complete(ctx.state.db.pool(), &form.token, &hash).await? {
        Some(account_id) => {
            tracing::info!(account.id = account_id, "password reset completed");
            log_in(&ctx, account_id, "/account", "flash-password-reset").await
        }
        None => Ok(invalid_reset_link(&ctx, &title)),
    }
}
