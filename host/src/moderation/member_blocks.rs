//! Blocks between members: a person blocks another for themself, across the whole instance.
//! The other's content is collapsed for them (the `by-person` template helper), modules ask
//! `members.blocked-viewer` before letting someone contact them, and the `notify` capability
//! leaves them out of messages a blocked person's request sends. Nobody else — neither the
//! blocked person nor the moderators — is told who blocked whom.

use std::collections::BTreeSet;

use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::now_ms;

/// Why a block was refused.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    #[error("people cannot block themselves")]
    Yourself,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// `account_id` blocks `blocked_id`; blocking again changes nothing. Returns whether the block
/// is new. The caller checks that `blocked_id` is someone the blocker may see (a member of
/// the community they act in).
pub async fn block(pool: &AnyPool, account_id: i64, blocked_id: i64) -> Result<bool, BlockError> {
    if account_id == blocked_id {
        return Err(BlockError::Yourself);
    }
    let done = sqlx::query(
        "INSERT INTO member_blocks (account_id, blocked_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id, blocked_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(blocked_id)
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts `account_id`'s block of `blocked_id`; true if there was one.
pub async fn unblock(
    pool: &AnyPool,
    account_id: i64,
    blocked_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM member_blocks WHERE account_id = $1 AND blocked_id = $2")
        .bind(account_id)
        .bind(blocked_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Someone a person blocked, for their account page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Blocked {
    pub account_id: i64,
    pub display_name: String,
    pub created_at: i64,
}

/// The people `account_id` blocked, by name.
pub async fn list(pool: &AnyPool, account_id: i64) -> Result<Vec<Blocked>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT b.blocked_id, a.display_name, b.created_at FROM member_blocks b \
         JOIN accounts a ON a.id = b.blocked_id WHERE b.account_id = $1 \
         ORDER BY LOWER(a.display_name), b.blocked_id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Blocked {
                account_id: r.try_get("blocked_id")?,
                display_name: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// The ids of everyone `account_id` blocked: one indexed query, for a whole page.
pub async fn blocked_ids(pool: &AnyPool, account_id: i64) -> Result<BTreeSet<i64>, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT blocked_id FROM member_blocks WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(pool)
            .await?;
    Ok(ids.into_iter().collect())
}

/// Whether `account_id` blocked `blocked_id`.
pub async fn has_blocked(
    pool: &AnyPool,
    account_id: i64,
    blocked_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM member_blocks WHERE account_id = $1 AND blocked_id = $2",
    )
    .bind(account_id)
    .bind(blocked_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Whether `member`, a member of the community, blocked `viewer` — the question a module
/// asks before letting the viewer contact them. False for people who are not members, so a
/// module learns nothing about accounts outside its community. Runs in the plugin call's
/// transaction.
pub async fn member_blocked(
    conn: &mut AnyConnection,
    community_id: i64,
    member: i64,
    viewer: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM member_blocks b JOIN memberships m \
         ON m.account_id = b.account_id AND m.community_id = $1 \
         WHERE b.account_id = $2 AND b.blocked_id = $3",
    )
    .bind(community_id)
    .bind(member)
    .bind(viewer)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
