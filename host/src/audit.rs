//! The audit log: who changed memberships, roles and settings, who reported what and what
//! moderators decided, and when. Written in the same transaction as the change it records;
//! the database refuses to change or delete an entry (migration 0006).

use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::now_ms;

/// Records one action. `subject_id` is the account (or other row) the action concerned.
pub async fn record(
    conn: &mut AnyConnection,
    community_id: Option<i64>,
    actor_id: Option<i64>,
    action: &str,
    subject_id: Option<i64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (community_id, actor_id, action, subject_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(community_id)
    .bind(actor_id)
    .bind(action)
    .bind(subject_id)
    .bind(detail)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records one moderation step of case `case_id`.
pub async fn record_case(
    conn: &mut AnyConnection,
    community_id: i64,
    actor_id: Option<i64>,
    action: &str,
    subject_id: Option<i64>,
    detail: &str,
    case_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (community_id, actor_id, action, subject_id, detail, at, case_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(community_id)
    .bind(actor_id)
    .bind(action)
    .bind(subject_id)
    .bind(detail)
    .bind(now_ms())
    .bind(case_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of a community's audit log, with names resolved.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub action: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub detail: String,
    pub at: i64,
    /// The moderation case the entry belongs to, if any.
    pub case_id: Option<i64>,
}

/// The newest entries of a community's log.
pub async fn latest(
    pool: &AnyPool,
    community_id: i64,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT l.action, actor.display_name AS actor, subject.display_name AS subject, l.detail, l.at, l.case_id \
         FROM audit_log l LEFT JOIN accounts actor ON actor.id = l.actor_id \
         LEFT JOIN accounts subject ON subject.id = l.subject_id \
         WHERE l.community_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(community_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                action: r.try_get("action")?,
                actor: r.try_get("actor")?,
                subject: r.try_get("subject")?,
                detail: r.try_get("detail")?,
                at: r.try_get("at")?,
                case_id: r.try_get("case_id")?,
            })
        })
        .collect()
}
