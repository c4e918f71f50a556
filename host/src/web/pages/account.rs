//! The account page: profile (name, language), password change, memberships, the people one
//! blocked (lifting a block is in `member_blocks`).

use axum::Form;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::errors_json;
use crate::accounts::{self, reset, sessions};
use crate::communities::members;
use crate::lang::Lang;
use crate::moderation::member_blocks;
use crate::validation::{FieldErrors, NewPassword, required_text};
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

pub async fn show(ctx: Ctx) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let data = page_data(
        &ctx,
        account.display_name.clone(),
        account.language,
        FieldErrors::new(),
    )
    .await?;
    let title = ctx.t("account-title");
    Ok(ctx.page("pages/account", &title, None, data))
}

async fn page_data(
    ctx: &Ctx,
    display_name: String,
    language: Option<Lang>,
    errors: FieldErrors,
) -> Result<serde_json::Value, AppError> {
    let account = ctx.require_account()?;
    let memberships = members::communities_of(ctx.state.db.pool(), account.id).await?;
    let blocks = member_blocks::list(ctx.state.db.pool(), account.id).await?;
    Ok(json!({
        "account": {"email": account.email, "is_operator": account.is_operator},
        "form": {"display_name": display_name, "language": language.map(Lang::code).unwrap_or("")},
        "errors": errors_json(&errors),
        "memberships": memberships,
        "blocks": blocks,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    language: String,
}

pub async fn update_profile(ctx: Ctx, Form(form): Form<ProfileForm>) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", required_text(&form.display_name, 80));
    let language = match form.language.as_str() {
        "" => None,
        code => Lang::parse(code).or_else(|| {
            errors.add("language", "error-choice-invalid");
            None
        }),
    };
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        let data = page_data(&ctx, form.display_name.clone(), language, errors).await?;
        let title = ctx.t("account-title");
        return Ok(ctx.invalid("pages/account", &title, None, data));
    };
    accounts::update_profile(ctx.state.db.pool(), account.id, &name, language).await?;
    Ok(redirect_with_flash(
        "/account",
        "flash-profile-saved",
        ctx.state.settings.secure_cookies(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

/// Changes the password and ends the account's other sessions.
pub async fn change_password(
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let pool = ctx.state.db.pool();
    let mut errors = FieldErrors::new();
    let stored = accounts::password_hash_of(pool, account.id).await?;
    if !ctx
        .state
        .hasher
        .verify(form.current_password.clone(), stored)
        .await
    {
        errors.add("current_password", "error-password-wrong");
    }
    let password = errors.check("password", NewPassword::parse(&form.password));
    if password.is_some() && form.password != form.password_confirm {
        errors.add("password_confirm", "error-password-mismatch");
    }
    let (Some(password), true) = (password, errors.is_empty()) else {
        let data = page_data(&ctx, account.display_name.clone(), account.language, errors).await?;
        let title = ctx.t("account-title");
        return Ok(ctx.invalid("pages/account", &title, None, data));
    };
    let hash = ctx.state.hasher.hash(password.as_str().to_owned()).await?;
    let mut tx = pool.begin().await?;
    accounts::set_password_hash(&mut tx, account.id, &hash).await?;
    sessions::delete_all_for(&mut tx, account.id, ctx.session_token.as_deref()).await?;
    reset::invalidate_all(&mut tx, account.id).await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        "/account",
        "flash-password-changed",
        ctx.state.settings.secure_cookies(),
    ))
}
