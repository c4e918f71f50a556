//! How notifications reach a person: the settings page (instant mail, daily digest or in-app
//! only, per community and kind) and the one-click unsubscribe links of mails.

use std::collections::HashMap;

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde_json::{Value, json};

use crate::mail::Delivery;
use crate::mail::preferences::{self, CommunityChoices, KindChoice};
use crate::mail::unsubscribe::Scope;
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// The form field of one choice.
fn field_name(community_id: i64, source: &str, kind: &str) -> String {
    format!("d.{community_id}.{source}.{kind}")
}

/// The choices as the template shows them. After a refused form, `submitted` holds what was
/// sent: valid values stay selected, invalid ones mark their field.
fn choices_json(
    ctx: &Ctx,
    communities: &[CommunityChoices],
    submitted: &HashMap<String, String>,
) -> Value {
    let kind_json = |community_id: i64, k: &KindChoice| {
        let name = field_name(community_id, &k.source, &k.kind);
        let sent = submitted.get(&name);
        let selected = sent.and_then(|v| Delivery::parse(v)).unwrap_or(k.delivery);
        let options: Vec<Value> = Delivery::ALL
            .iter()
            .map(|d| {
                json!({
                    "value": d.as_str(),
                    "label": ctx.t(&format!("delivery-{}", d.as_str())),
                    "selected": *d == selected,
                    "default": *d == k.default,
                })
            })
            .collect();
        json!({
            "id": name.replace('.', "-"),
            "name": name,
            "label": k.label,
            "options": options,
            "invalid": sent.is_some_and(|v| Delivery::parse(v).is_none()),
        })
    };
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
                        .map(|k| kind_json(c.community_id, k))
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
        "communities": choices_json(&ctx, &choices, &HashMap::new()),
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
    let mut invalid = false;
    for community in &choices {
        for kind in community.modules.iter().flat_map(|m| &m.kinds) {
            let name = field_name(community.community_id, &kind.source, &kind.kind);
            match form.get(&name).map(|v| Delivery::parse(v)) {
                None => {}
                // Only a hand-made request sends something else.
                Some(None) => invalid = true,
                Some(Some(delivery)) if delivery != kind.delivery => {
                    changes.push((community.community_id, kind, delivery));
                }
                Some(Some(_)) => {}
            }
        }
    }
    if invalid {
        // Nothing is stored; the form comes back as sent, the refused fields marked.
        let data = json!({
            "communities": choices_json(&ctx, &choices, &form),
            "email": account.email,
            "error": true,
        });
        let title = ctx.t("delivery-title");
        return Ok(ctx.invalid("pages/delivery", &title, None, data));
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
            let label = ctx.state.plugins.get(source).and_then(|p| {
                p.manifest
                    .notification_kind_label(kind, lang)
                    .map(str::to_owned)
            });
            match (community, label) {
                (Some(community), Some(label)) => json!({ "community": community, "kind": label }),
                _ => return Ok(None),
            }
        }
    };
    Ok(Some((scope, what)))
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
