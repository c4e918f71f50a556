//! In-app notifications: what modules told a person through the `notify` capability (which
//! writes them in the module's call), read in the notification centre, marked read, and
//! pruned after the retention time. Every query is scoped to the account that asks.

use serde::Serialize;
use sqlx::{AnyPool, Row};

use crate::db::now_ms;

/// One notification as its recipient sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub id: i64,
    pub community_slug: String,
    pub community_name: String,
    /// The module that sent it (its plugin id).
    pub source: String,
    pub title: String,
    pub body: String,
    /// A path on this site (below the module's mount), if it is about something.
    pub link: Option<String>,
    pub urgent: bool,
    pub created_at: i64,
    pub read: bool,
}

/// How many unread notifications the account has (for the bell in the layout).
pub async fn unread_count(pool: &AnyPool, account_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(pool)
    .await
}

/// The account's newest notifications, newest first.
pub async fn latest(
    pool: &AnyPool,
    account_id: i64,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT n.id, c.slug, c.name, n.source, n.title, n.body, n.link, n.urgent, n.created_at, \
         n.read_at FROM notifications n JOIN communities c ON c.id = n.community_id \
         WHERE n.account_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Notification {
                id: row.try_get("id")?,
                community_slug: row.try_get("slug")?,
                community_name: row.try_get("name")?,
                source: row.try_get("source")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                link: row.try_get("link")?,
                urgent: row.try_get::<i64, _>("urgent")? != 0,
                created_at: row.try_get("created_at")?,
                read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks one of the account's notifications read and returns its link; `None` when the
/// account has no notification with that id (someone else's is treated as missing).
pub async fn open(
    pool: &AnyPool,
    account_id: i64,
    id: i64,
) -> Result<Option<Option<String>>, sqlx::Error> {
    let link: Option<Option<String>> =
        sqlx::query_scalar("SELECT link FROM notifications WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id)
            .fetch_optional(pool)
            .await?;
    if link.is_some() {
        sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE id = $2 AND account_id = $3 AND read_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .bind(account_id)
        .execute(pool)
        .await?;
    }
    Ok(link)
}

/// Marks all of the account's notifications read; returns how many were unread.
pub async fn mark_all_read(pool: &AnyPool, account_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL",
    )
    .bind(now_ms())
    .bind(account_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes notifications older than `retention_days` (read or not).
pub async fn prune(pool: &AnyPool, retention_days: u32) -> Result<u64, sqlx::Error> {
    let cutoff = now_ms() - i64::from(retention_days) * 24 * 3600 * 1000;
    let done = sqlx::query("DELETE FROM notifications WHERE created_at < $1")
        .bind(cutoff)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
