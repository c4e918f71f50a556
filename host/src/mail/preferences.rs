//! How each person receives each kind of notification, per community: instant mail, daily
//! digest or in-app only. A kind nobody chose for uses the default its module declared.
//! Only kinds of modules the community has enabled can be chosen.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::{AnyPool, Row};

use super::Delivery;
use crate::communities::members;
use crate::communities::roles::Role;
use crate::db::now_ms;
use crate::lang::Lang;
use crate::plugins::Plugins;

/// One kind of notification and how the person receives it.
#[derive(Debug, Clone, Serialize)]
pub struct KindChoice {
    pub source: String,
    pub kind: String,
    pub label: String,
    pub delivery: Delivery,
    pub default: Delivery,
}

/// A module of a community with the kinds it sends.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleChoices {
    pub source: String,
    pub name: String,
    pub kinds: Vec<KindChoice>,
}

/// A community the person belongs to, with its modules that send notifications.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityChoices {
    pub community_id: i64,
    pub slug: String,
    pub name: String,
    pub modules: Vec<ModuleChoices>,
}

/// What the person chose so far, by (community, module, kind).
async fn chosen(
    pool: &AnyPool,
    account_id: i64,
) -> Result<HashMap<(i64, String, String), Delivery>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT community_id, source, kind, delivery FROM notification_preferences \
         WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    let mut chosen = HashMap::new();
    for row in rows {
        let delivery: String = row.try_get("delivery")?;
        if let Some(delivery) = Delivery::parse(&delivery) {
            chosen.insert(
                (
                    row.try_get("community_id")?,
                    row.try_get("source")?,
                    row.try_get("kind")?,
                ),
                delivery,
            );
        }
    }
    Ok(chosen)
}

/// Every choice the person has, community by community (only communities with at least one
/// module that sends notifications).
pub async fn for_account(
    pool: &AnyPool,
    plugins: &Plugins,
    account_id: i64,
    lang: Lang,
) -> Result<Vec<CommunityChoices>, sqlx::Error> {
    let chosen = chosen(pool, account_id).await?;
    let mut communities = vec![];
    for membership in members::communities_of(pool, account_id).await? {
        let mut modules = vec![];
        // The host's own kinds first: what moderation tells this person.
        let catalogue = plugins.host_catalogue();
        let source = crate::moderation::notices::SOURCE;
        let kinds: Vec<KindChoice> = crate::moderation::notices::KINDS
            .iter()
            .filter(|(kind, _)| *kind != "reports" || membership.role >= Role::Moderator)
            .map(|&(kind, default)| {
                let key = (membership.id, source.to_owned(), kind.to_owned());
                KindChoice {
                    source: source.to_owned(),
                    kind: kind.to_owned(),
                    label: catalogue.get(lang, &format!("moderation-kind-{kind}")),
                    delivery: chosen.get(&key).copied().unwrap_or(default),
                    default,
                }
            })
            .collect();
        modules.push(ModuleChoices {
            source: source.to_owned(),
            name: catalogue.get(lang, "nav-moderation"),
            kinds,
        });
        for enabled in plugins.enabled_in(pool, membership.id).await? {
            let manifest = &enabled.plugin.manifest;
            let kinds: Vec<KindChoice> = manifest
                .notification_kinds
                .iter()
                .map(|k| {
                    let key = (membership.id, manifest.id.clone(), k.id.clone());
                    KindChoice {
                        source: manifest.id.clone(),
                        kind: k.id.clone(),
                        label: k.label.get(lang).to_owned(),
                        delivery: chosen.get(&key).copied().unwrap_or(k.default_delivery),
                        default: k.default_delivery,
                    }
                })
                .collect();
            if !kinds.is_empty() {
                modules.push(ModuleChoices {
                    source: manifest.id.clone(),
                    name: manifest.name.get(lang).to_owned(),
                    kinds,
                });
            }
        }
        if !modules.is_empty() {
            communities.push(CommunityChoices {
                community_id: membership.id,
                slug: membership.slug,
                name: membership.name,
                modules,
            });
        }
    }
    Ok(communities)
}

/// Stores one choice (replacing an earlier one).
pub async fn set(
    pool: &AnyPool,
    account_id: i64,
    community_id: i64,
    source: &str,
    kind: &str,
    delivery: Delivery,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_preferences (account_id, community_id, source, kind, delivery, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (account_id, community_id, source, kind) \
         DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at",
    )
    .bind(account_id)
    .bind(community_id)
    .bind(source)
    .bind(kind)
    .bind(delivery.as_str())
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(())
}

/// Turns every kind the person receives in the digest into in-app only (the digest's
/// one-click unsubscribe). Returns how many kinds changed.
pub async fn stop_digest(
    pool: &AnyPool,
    plugins: &Plugins,
    account_id: i64,
) -> Result<usize, sqlx::Error> {
    let mut changed = 0;
    for community in for_account(pool, plugins, account_id, Lang::De).await? {
        for module in community.modules {
            for kind in module.kinds {
                if kind.delivery == Delivery::Digest {
                    set(
                        pool,
                        account_id,
                        community.community_id,
                        &kind.source,
                        &kind.kind,
                        Delivery::App,
                    )
                    .await?;
                    changed += 1;
                }
            }
        }
    }
    // Notifications already waiting for the next digest stay in the centre only.
    sqlx::query(
        "UPDATE notifications SET delivery = 'app' WHERE account_id = $1 \
         AND delivery = 'digest' AND mailed_at IS NULL",
    )
    .bind(account_id)
    .execute(pool)
    .await?;
    Ok(changed)
}
