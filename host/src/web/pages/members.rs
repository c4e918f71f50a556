//! The member directory (members only) and what managers do there: change roles, remove
//! members, decide join requests. Blocking from the directory is in `member_blocks`.

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::communities::joining;
use crate::communities::members::{self, ChangeError};
use crate::communities::roles::Role;
use crate::moderation::member_blocks;
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

pub async fn list(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let pool = ctx.state.db.pool();
    let manages = ic.role >= Role::Manager;
    let people = members::list(pool, ic.community.id).await?;
    let requests = if manages {
        joining::pending(pool, ic.community.id).await?
    } else {
        vec![]
    };
    let me = ctx.account.as_ref().map(|a| a.id);
    // Whom the viewer blocked: the directory offers to block or unblock each person.
    let blocked = match me {
        Some(me) => member_blocks::blocked_ids(pool, me).await?,
        None => Default::default(),
    };
    let people: Vec<_> = people
        .into_iter()
        .map(|m| {
            json!({
                "account_id": m.account_id,
                "display_name": m.display_name,
                "role": m.role,
                "joined_at": m.joined_at,
                "is_me": Some(m.account_id) == me,
                "blocked": blocked.contains(&m.account_id),
            })
        })
        .collect();
    let title = ctx.t("members-title");
    Ok(ctx.page(
        "pages/members",
        &title,
        Some(&ic),
        json!({
            "members": people,
            "manages": manages,
            "requests": requests,
            "roles": ["member", "moderator", "manager"],
        }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?;
    let role = Role::parse_membership(&form.role).map_err(|_| AppError::BadRequest)?;
    let result = members::change_role(
        ctx.state.db.pool(),
        ic.community.id,
        account_id,
        role,
        actor.id,
    )
    .await;
    finish(&ctx, &slug, result, "flash-role-changed")
}

pub async fn remove(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?;
    let result = members::remove(ctx.state.db.pool(), ic.community.id, account_id, actor.id).await;
    if result.is_ok() {
        ctx.state.emit(
            &ic.community,
            "member-left",
            json!({"account_id": account_id.to_string()}),
        );
    }
    finish(&ctx, &slug, result, "flash-member-removed")
}

/// Turns the outcome of a membership change into a redirect back to the directory.
fn finish(
    ctx: &Ctx,
    slug: &str,
    result: Result<(), ChangeError>,
    success: &str,
) -> Result<Response, AppError> {
    let flash = match result {
        Ok(()) => success,
        Err(ChangeError::LastManager) => "flash-error-last-manager",
        Err(ChangeError::NotMember) => return Err(AppError::NotFound),
        Err(ChangeError::Db(e)) => return Err(e.into()),
    };
    Ok(redirect_with_flash(
        &format!("/c/{slug}/members"),
        flash,
        ctx.state.settings.secure_cookies(),
    ))
}

pub async fn accept_request(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    decide(ctx, slug, id, true).await
}

pub async fn decline_request(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    decide(ctx, slug, id, false).await
}

async fn decide(
    ctx: Ctx,
    slug: String,
    request_id: i64,
    accept: bool,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?;
    let requester = joining::decide(
        ctx.state.db.pool(),
        ic.community.id,
        request_id,
        accept,
        actor.id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    if accept {
        ctx.state.emit(
            &ic.community,
            "member-joined",
            json!({"account_id": requester.to_string()}),
        );
    }
    let flash = if accept {
        "flash-request-accepted"
    } else {
        "flash-request-declined"
    };
    Ok(redirect_with_flash(
        &format!("/c/{slug}/members"),
        flash,
        ctx.state.settings.secure_cookies(),
    ))
}
