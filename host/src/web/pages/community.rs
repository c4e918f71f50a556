//! A community's home, joining (open, by request, by invitation) and leaving.

use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::errors_json;
use crate::communities::members::{self, ChangeError};
use crate::communities::roles::Role;
use crate::communities::{JoinPolicy, joining};
use crate::markdown;
use crate::validation::{FieldErrors, optional_text};
use crate::web::context::{Ctx, InCommunity, redirect_with_flash};
use crate::web::error::{AppError, JoinHint};

pub async fn show(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    render_home(&ctx, &slug).await
}

/// The community home: the public description for visitors (if the public area is on), the
/// internal area for members.
pub async fn render_home(ctx: &Ctx, slug: &str) -> Result<Response, AppError> {
    let ic = ctx.community(slug).await?;
    let pool = ctx.state.db.pool();
    let c = &ic.community;
    let member_count = members::count(pool, c.id).await?;
    let pending = match &ctx.account {
        Some(account) if !ic.is_member() => joining::has_pending(pool, c.id, account.id).await?,
        _ => false,
    };
    let sees_inside = ic.role >= Role::Member;
    let widgets = if c.public_area || sees_inside {
        super::modules::widgets(ctx, &ic).await
    } else {
        vec![]
    };
    let data = json!({
        "widgets": widgets,
        "public_area": c.public_area,
        "sees_description": c.public_area || sees_inside,
        "sees_inside": sees_inside,
        "description_html": markdown::render(&c.description),
        "member_count": member_count,
        "membership": ic.membership,
        "pending": pending,
        "join_policy": c.join_policy,
        "logged_in": ctx.account.is_some(),
        "can_leave": ic.is_member(),
    });
    Ok(ctx.page("pages/community", &c.name, Some(&ic), data))
}

pub async fn join_form(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let account = ctx.require_account()?;
    if ic.is_member() {
        return Ok(Redirect::to(&format!("/c/{slug}")).into_response());
    }
    let pending = joining::has_pending(ctx.state.db.pool(), ic.community.id, account.id).await?;
    Ok(join_page(
        &ctx,
        &ic,
        StatusCode::OK,
        pending,
        "",
        FieldErrors::new(),
    ))
}

fn join_page(
    ctx: &Ctx,
    ic: &InCommunity,
    status: StatusCode,
    pending: bool,
    message: &str,
    errors: FieldErrors,
) -> Response {
    let title = ctx.t("join-title");
    ctx.page_with_status(
        status,
        "pages/join",
        &title,
        Some(ic),
        json!({
            "join_policy": ic.community.join_policy,
            "pending": pending,
            "form": {"message": message},
            "errors": errors_json(&errors),
        }),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct JoinForm {
    message: String,
}

pub async fn join(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<JoinForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let account = ctx.require_account()?;
    let secure = ctx.state.settings.secure_cookies();
    let home = format!("/c/{slug}");
    if ic.is_member() {
        return Ok(redirect_with_flash(&home, "flash-already-member", secure));
    }
    if ic.community.archived {
        return Err(AppError::Forbidden(None));
    }
    let pool = ctx.state.db.pool();
    if crate::moderation::blocks::is_blocked(pool, ic.community.id, account.id).await? {
        return Err(AppError::Blocked);
    }
    match ic.community.join_policy {
        JoinPolicy::Open => {
            let mut conn = pool.acquire().await?;
            if members::add(&mut conn, ic.community.id, account.id, Role::Member).await? {
                ctx.state.emit(
                    &ic.community,
                    "member-joined",
                    json!({"account_id": account.id.to_string()}),
                );
            }
            Ok(redirect_with_flash(&home, "flash-joined", secure))
        }
        JoinPolicy::Approval => {
            let mut errors = FieldErrors::new();
            let Some(message) = errors.check("message", optional_text(&form.message, 1000)) else {
                return Ok(join_page(
                    &ctx,
                    &ic,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    false,
                    &form.message,
                    errors,
                ));
            };
            joining::request(pool, ic.community.id, account.id, &message).await?;
            Ok(redirect_with_flash(&home, "flash-join-requested", secure))
        }
        JoinPolicy::Invitation => Err(AppError::Forbidden(Some(JoinHint {
            slug: ic.community.slug.clone(),
            name: ic.community.name.clone(),
            join_policy: JoinPolicy::Invitation,
        }))),
    }
}

/// `GET /c/{slug}/invite/{token}`: what the invitation is for, and a button to accept it.
pub async fn invitation(
    ctx: Ctx,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let usable = !ic.community.archived
        && joining::is_usable(ctx.state.db.pool(), ic.community.id, &token).await?;
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let title = ctx.t("invitation-title");
    Ok(ctx.page_with_status(
        status,
        "pages/invitation",
        &title,
        Some(&ic),
        json!({
            "usable": usable,
            "token": token,
            "logged_in": ctx.account.is_some(),
            "already_member": ic.is_member(),
            "description_html": markdown::render(&ic.community.description),
        }),
    ))
}

pub async fn accept_invitation(
    ctx: Ctx,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let account = ctx.require_account()?;
    if crate::moderation::blocks::is_blocked(ctx.state.db.pool(), ic.community.id, account.id)
        .await?
    {
        return Err(AppError::Blocked);
    }
    if !ic.community.archived
        && joining::redeem(ctx.state.db.pool(), ic.community.id, &token, account.id).await?
    {
        if !ic.is_member() {
            ctx.state.emit(
                &ic.community,
                "member-joined",
                json!({"account_id": account.id.to_string()}),
            );
        }
        return Ok(redirect_with_flash(
            &format!("/c/{slug}"),
            "flash-joined",
            ctx.state.settings.secure_cookies(),
        ));
    }
    let title = ctx.t("invitation-title");
    Ok(ctx.page_with_status(
        StatusCode::NOT_FOUND,
        "pages/invitation",
        &title,
        Some(&ic),
        json!({"usable": false}),
    ))
}

pub async fn leave(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let account = ctx.require_account()?;
    if !ic.is_member() {
        return Err(AppError::Forbidden(None));
    }
    let secure = ctx.state.settings.secure_cookies();
    match members::remove(ctx.state.db.pool(), ic.community.id, account.id, account.id).await {
        Ok(()) => {
            ctx.state.emit(
                &ic.community,
                "member-left",
                json!({"account_id": account.id.to_string()}),
            );
            Ok(redirect_with_flash("/", "flash-left", secure))
        }
        Err(ChangeError::LastManager) => Ok(redirect_with_flash(
            &format!("/c/{slug}"),
            "flash-error-last-manager",
            secure,
        )),
        Err(ChangeError::NotMember) => Err(AppError::Forbidden(None)),
        Err(ChangeError::Db(e)) => Err(e.into()),
    }
}
