//! The notification centre: what the modules of one's communities said, grouped by
//! community, newest first; opening one marks it read and follows its link.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use crate::notifications::{self, Notification};
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// How many notifications the centre lists (older ones stay until they are pruned).
const SHOWN: i64 = 200;

/// The notifications grouped by community, each group in the order of its newest one.
fn grouped(list: Vec<Notification>) -> Vec<Value> {
    let mut groups: Vec<(String, String, Vec<Value>)> = Vec::new();
    for n in list {
        let item = json!({
            "id": n.id,
            "href": format!("/notifications/{}", n.id),
            "title": n.title,
            "body": n.body,
            "urgent": n.urgent,
            "read": n.read,
            "created_at": n.created_at,
        });
        match groups
            .iter_mut()
            .find(|(slug, _, _)| *slug == n.community_slug)
        {
            Some((_, _, items)) => items.push(item),
            None => groups.push((n.community_slug, n.community_name, vec![item])),
        }
    }
    groups
        .into_iter()
        .map(|(slug, name, items)| {
            json!({ "name": name, "href": format!("/c/{slug}"), "items": items })
        })
        .collect()
}

pub async fn show(ctx: Ctx) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let list = notifications::latest(ctx.state.db.pool(), account.id, SHOWN).await?;
    let data = json!({
        "groups": grouped(list),
        "unread": ctx.unread_notifications,
    });
    let title = ctx.t("notifications-title");
    Ok(ctx.page("pages/notifications", &title, None, data))
}

/// Marks one read and goes where it points (or back to the list when it points nowhere).
pub async fn open(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    match notifications::open(ctx.state.db.pool(), account.id, id).await? {
        Some(Some(link)) if link.starts_with('/') && !link.starts_with("//") => {
            Ok(Redirect::to(&link).into_response())
        }
        Some(_) => Ok(Redirect::to(&format!("/notifications#n-{id}")).into_response()),
        None => Err(AppError::NotFound),
    }
}

pub async fn read_all(ctx: Ctx) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    notifications::mark_all_read(ctx.state.db.pool(), account.id).await?;
    Ok(redirect_with_flash(
        "/notifications",
        "flash-notifications-read",
        ctx.state.settings.secure_cookies(),
    ))
}
