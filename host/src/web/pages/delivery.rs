//! How notifications reach a person: the settings page (instant mail, daily digest or in-app
//! only, per community and kind) and the one-click unsubscribe links of mails.

use std::collections::HashMap;

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde_json::{Value, json};

use crate::lang::Lang;
use crate::mail::Delivery;
use crate::mail::preferences::{self, CommunityChoices};
use crate::mail::unsubscribe::Scope;
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// The form field of one choice.
fn field_name(community_id: i64, source: &str, kind: &str) -> String {
    format!("d.{community_id}.{source}.{kind}")
}

/// The choices as the template shows them.
fn choices_json(ctx: &Ctx, communities: &[CommunityChoices]) -> Value {
    let options: Vec<Value> = Delivery::ALL
        .iter()
        .map(
            |d| json!({ "value": d.as_str(), "label": ctx.t(&format!("delivery-{}", d.as_str())) }),
        )
        .collect();
    let communities: Vec<Value> = communities
        .iter()
        .map(|c| {
            let modules: Vec<Value> = c
                .modules
                .iter()
                .map(|m| {
                    let kinds: Vec<Value> = m
                        .kinds
                        .iter()
                        .map(|k| {
                            let name = field_name(c.community_id, &k.source, &k.kind);
                            json!({
                                "name": name,
                                "id": name.replace('.', "-"),
                                "label": k.label,
                                "options": options.iter().map(|o| {
                                    let mut o = o.clone();
                                    o["selected"] = json!(o["value"] == k.delivery.as_str());
                                    o["default"] = json!(o["value"] == k.default.as_str());
                                    o
                                }).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({ "name": m.name, "kinds": kinds })
                })
                .collect();
            json!({ "name": c.name, "href": format!("/c/{}", c.slug), "modules": modules })
        })
        .collect();
    json!(communities)
}

pub async fn show(ctx: Ctx) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let choices = preferences::for_account(
        ctx.state.db.pool(),
        &ctx.state.plugins,
        account.id,
        ctx.lang(),
    )
    .await?;
    let data = json!({
        "communities": choices_json(&ctx, &choices),
        "email": account.email,
    });
    let title = ctx.t("delivery-title");
    Ok(ctx.page("pages/delivery", &title, None, data))
}

pub async fn update(
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let pool = ctx.state.db.pool();
    let choices =
        preferences::for_account(pool, &ctx.state.plugins, account.id, ctx.lang()).await?;
    // Only kinds of the person's own communities are read; other fields are ignored.
    let mut changes = vec![];
    for community in &choices {
        for module in &community.modules {
            for kind in &module.kinds {
                let name = field_name(community.community_id, &kind.source, &kind.kind);
                let Some(value) = form.get(&name) else {
                    continue;
                };
                let Some(delivery) = Delivery::parse(value) else {
                    // Only a hand-made request sends something else; show the form again.
                    let data = json!({
                        "communities": choices_json(&ctx, &choices),
                        "email": account.email,
                        "error": true,
                    });
                    let title = ctx.t("delivery-title");
                    return Ok(ctx.invalid("pages/delivery", &title, None, data));
                };
                if delivery != kind.delivery {
                    changes.push((community.community_id, kind, delivery));
                }
            }
        }
    }
    for (community_id, kind, delivery) in changes {
        preferences::set(
            pool,
            account.id,
            community_id,
            &kind.source,
            &kind.kind,
            delivery,
        )
        .await?;
    }
    Ok(redirect_with_flash(
        "/notifications/settings",
        "flash-delivery-saved",
        ctx.state.settings.secure_cookies(),
    ))
}

/// What an unsubscribe token is about, in words, or `None` when it is not genuine (or the
/// module or community is gone).
async fn describe(ctx: &Ctx, token: &str) -> Result<Option<(Scope, Value)>, AppError> {
    let Some(scope) = ctx.state.mail.secret.verify(token) else {
        return Ok(None);
    };
    // A genuine token of an account deleted since.
    let account: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
        .bind(scope.account_id())
        .fetch_optional(ctx.state.db.pool())
        .await?;
    if account.is_none() {
        return Ok(None);
    }
    let lang = ctx.lang();
    let what = match &scope {
        Scope::Digest { .. } => json!({ "digest": true }),
        Scope::Kind {
            community_id,
            source,
            kind,
            ..
        } => {
            let community: Option<String> =
                sqlx::query_scalar("SELECT name FROM communities WHERE id = $1")
                    .bind(community_id)
                    .fetch_optional(ctx.state.db.pool())
                    .await?;
            let label = kind_label(ctx, source, kind, lang);
            match (community, label) {
                (Some(community), Some(label)) => json!({ "community": community, "kind": label }),
                _ => return Ok(None),
            }
        }
    };
    Ok(Some((scope, what)))
}

fn kind_label(ctx: &Ctx, source: &str, kind: &str, lang: Lang) -> Option<String> {
    let plugin = ctx.state.plugins.get(source)?;
    let found = plugin
        .manifest
        .notification_kinds
        .iter()
        .find(|k| k.id == kind)?;
    Some(found.label.get(lang).to_owned())
}

/// `GET /unsubscribe/{token}`: asks first (a link checker opening the link changes nothing).
pub async fn confirm(ctx: Ctx, Path(token): Path<String>) -> Result<Response, AppError> {
    let (_, what) = describe(&ctx, &token).await?.ok_or(AppError::NotFound)?;
    let title = ctx.t("unsubscribe-title");
    let data = json!({ "what": what, "action": format!("/unsubscribe/{token}"), "done": false });
    Ok(ctx.page("pages/unsubscribe", &title, None, data))
}

/// `POST /unsubscribe/{token}`: from the page's button or a mail program's one-click.
pub async fn apply(ctx: Ctx, Path(token): Path<String>) -> Result<Response, AppError> {
    let (scope, what) = describe(&ctx, &token).await?.ok_or(AppError::NotFound)?;
    let pool = ctx.state.db.pool();
    match &scope {
        Scope::Kind {
            account_id,
            community_id,
            source,
            kind,
        } => {
            preferences::set(
                pool,
                *account_id,
                *community_id,
                source,
                kind,
                Delivery::App,
            )
            .await?
        }
        Scope::Digest { account_id } => {
            preferences::stop_digest(pool, &ctx.state.plugins, *account_id).await?;
        }
    }
    tracing::info!(
        account.id = scope.account_id(),
        "unsubscribed through a mail link"
    );
    let title = ctx.t("unsubscribe-title");
    let data = json!({ "what": what, "done": true });
    Ok(ctx.page("pages/unsubscribe", &title, None, data))
}
