//! Blocks: a member a moderator blocked may read but not write in the community (no posts,
//! no sign-ups, no joining again) until the block ends.

use sqlx::{AnyConnection, AnyPool};

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
