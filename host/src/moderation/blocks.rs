//! Blocks: a member a moderator blocked may read but not write in the community (no posts,
//! no sign-ups, no joining again) until the block ends.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::now_ms;

/// Blocks `account_id` in the community until `until` (milliseconds; `None`: until lifted),
/// replacing an earlier block.
pub async fn block(
    conn: &mut AnyConnection,
    community_id: i64,
    account_id: i64,
    until: Option<i64>,
    reason: &str,
    by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO community_blocks (community_id, account_id, until_at, reason, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (community_id, account_id) DO UPDATE SET until_at = excluded.until_at, \
         reason = excluded.reason, created_by = excluded.created_by, created_at = excluded.created_at",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(until)
    .bind(reason)
    .bind(by)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the account is blocked in the community right now.
pub async fn is_blocked(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM community_blocks WHERE community_id = $1 AND account_id = $2 \
         AND (until_at IS NULL OR until_at > $3)",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(now_ms())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// A block in force, as moderators see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ActiveBlock {
    pub account_id: i64,
    pub display_name: String,
    pub until_at: Option<i64>,
    pub reason: String,
    pub created_at: i64,
}

/// The blocks in force in the community, newest first.
pub async fn active(pool: &AnyPool, community_id: i64) -> Result<Vec<ActiveBlock>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT b.account_id, a.display_name, b.until_at, b.reason, b.created_at \
         FROM community_blocks b JOIN accounts a ON a.id = b.account_id \
         WHERE b.community_id = $1 AND (b.until_at IS NULL OR b.until_at > $2) \
         ORDER BY b.created_at DESC",
    )
    .bind(community_id)
    .bind(now_ms())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ActiveBlock {
                account_id: r.try_get("account_id")?,
                display_name: r.try_get("display_name")?,
                until_at: r.try_get("until_at")?,
                reason: r.try_get("reason")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Ends a block early, with an entry in the audit log; false if there was none in force.
pub async fn lift(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
    by: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let now = now_ms();
    let lifted = sqlx::query(
        "DELETE FROM community_blocks WHERE community_id = $1 AND account_id = $2 \
         AND (until_at IS NULL OR until_at > $3)",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        > 0;
    if lifted {
        crate::audit::record(
            &mut tx,
            Some(community_id),
            Some(by),
            "moderation-unblock",
            Some(account_id),
            "",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(lifted)
}
