//! Blocking between members: block and unblock someone from a community's member directory,
//! and lift a block from one's account page. A block is the blocker's own: nobody else is
//! told, and it holds in every community of the instance.

use axum::extract::Path;
use axum::response::Response;

use crate::communities::members;
use crate::communities::roles::Role;
use crate::moderation::member_blocks::{self, BlockError};
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// `POST /c/{slug}/members/{account_id}/block`: a member blocks another member.
pub async fn block(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    change(ctx, slug, account_id, true).await
}

/// `POST /c/{slug}/members/{account_id}/unblock`: lifts the viewer's block of a member.
pub async fn unblock(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    change(ctx, slug, account_id, false).await
}

/// Both directory buttons: the viewer must be a member, the other person a member of the
/// same community (else "not found", as for an id that does not exist).
async fn change(
    ctx: Ctx,
    slug: String,
    account_id: i64,
    block: bool,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let me = ctx.require_account()?.id;
    let pool = ctx.state.db.pool();
    let directory = format!("/c/{slug}/members");
    let secure = ctx.state.settings.secure_cookies();
    if account_id == me {
        return Ok(redirect_with_flash(
            &directory,
            "flash-error-block-yourself",
            secure,
        ));
    }
    if members::role_of(pool, ic.community.id, account_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let flash = if block {
        match member_blocks::block(pool, me, account_id).await {
            Ok(_) => "flash-member-blocked",
            Err(BlockError::Yourself) => "flash-error-block-yourself",
            Err(BlockError::Db(e)) => return Err(e.into()),
        }
    } else {
        member_blocks::unblock(pool, me, account_id).await?;
        "flash-member-unblocked"
    };
    Ok(redirect_with_flash(&directory, flash, secure))
}

/// `POST /account/blocks/{account_id}/remove`: lifts a block from the account page. Lifting
/// one that is no longer there (a second click) says the same.
pub async fn remove(ctx: Ctx, Path(account_id): Path<i64>) -> Result<Response, AppError> {
    let me = ctx.require_account()?.id;
    member_blocks::unblock(ctx.state.db.pool(), me, account_id).await?;
    Ok(redirect_with_flash(
        "/account#blocks",
        "flash-member-unblocked",
        ctx.state.settings.secure_cookies(),
    ))
}
