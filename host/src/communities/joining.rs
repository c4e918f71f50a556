//! Becoming a member: join requests that managers decide, and invitation links with expiry
//! and a use count.

use sqlx::{AnyPool, Row};

use super::roles::Role;
use super::{lock, members};
use crate::audit;
use crate::db::{is_unique_violation, now_ms};
use crate::tokens::{looks_like_token, new_token};

/// Files a join request. Returns `false` if one is pending already.
pub async fn request(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
    message: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO join_requests (community_id, account_id, message, status, created_at) VALUES ($1, $2, $3, 'pending', $4)",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(message)
    .bind(now_ms())
    .execute(pool)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn has_pending(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM join_requests WHERE community_id = $1 AND account_id = $2 AND status = 'pending'",
    )
    .bind(community_id)
    .bind(account_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// A pending request as the managers see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PendingRequest {
    pub id: i64,
    pub account_id: i64,
    pub display_name: String,
    pub message: String,
    pub created_at: i64,
}

pub async fn pending(
    pool: &AnyPool,
    community_id: i64,
) -> Result<Vec<PendingRequest>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.id, r.account_id, a.display_name, r.message, r.created_at FROM join_requests r \
         JOIN accounts a ON a.id = r.account_id WHERE r.community_id = $1 AND r.status = 'pending' ORDER BY r.id",
    )
    .bind(community_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PendingRequest {
                id: r.try_get("id")?,
                account_id: r.try_get("account_id")?,
                display_name: r.try_get("display_name")?,
                message: r.try_get("message")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Accepts or declines a pending request of this community. Returns the requester's account
/// id, or `None` if there is no such pending request (decided already, or another community's).
pub async fn decide(
    pool: &AnyPool,
    community_id: i64,
    request_id: i64,
    accept: bool,
    actor_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    lock(&mut tx, community_id).await?;
    let status = if accept { "accepted" } else { "declined" };
    let account_id: Option<i64> = sqlx::query_scalar(
        "UPDATE join_requests SET status = $1, decided_at = $2, decided_by = $3 \
         WHERE id = $4 AND community_id = $5 AND status = 'pending' RETURNING account_id",
    )
    .bind(status)
    .bind(now_ms())
    .bind(actor_id)
    .bind(request_id)
    .bind(community_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(account_id) = account_id else {
        return Ok(None);
    };
    if accept {
        members::add(&mut tx, community_id, account_id, Role::Member).await?;
    }
    let action = if accept {
        "join-accept"
    } else {
        "join-decline"
    };
    audit::record(
        &mut tx,
        Some(community_id),
        Some(actor_id),
        action,
        Some(account_id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Some(account_id))
}

/// An invitation link as the managers see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Invitation {
    pub id: i64,
    pub token: String,
    pub note: String,
    pub expires_at: i64,
    pub max_uses: i64,
    pub uses: i64,
    pub usable: bool,
}

/// Creates an invitation link valid for `valid_days` and `max_uses` joins.
pub async fn invite(
    pool: &AnyPool,
    community_id: i64,
    actor_id: i64,
    note: &str,
    valid_days: i64,
    max_uses: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO invitations (community_id, token, note, created_by, created_at, expires_at, max_uses, uses) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
    )
    .bind(community_id)
    .bind(&token)
    .bind(note)
    .bind(actor_id)
    .bind(now)
    .bind(now + valid_days * 24 * 60 * 60 * 1000)
    .bind(max_uses)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The community's invitations that are not revoked, newest first.
pub async fn invitations(
    pool: &AnyPool,
    community_id: i64,
) -> Result<Vec<Invitation>, sqlx::Error> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT id, token, note, expires_at, max_uses, uses FROM invitations \
         WHERE community_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
    )
    .bind(community_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let expires_at: i64 = r.try_get("expires_at")?;
            let (max_uses, uses): (i64, i64) = (r.try_get("max_uses")?, r.try_get("uses")?);
            Ok(Invitation {
                id: r.try_get("id")?,
                token: r.try_get("token")?,
                note: r.try_get("note")?,
                expires_at,
                max_uses,
                uses,
                usable: expires_at > now && uses < max_uses,
            })
        })
        .collect()
}

pub async fn revoke(
    pool: &AnyPool,
    community_id: i64,
    invitation_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND community_id = $3 AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(invitation_id)
    .bind(community_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// True when the token is a usable invitation to this community.
pub async fn is_usable(
    pool: &AnyPool,
    community_id: i64,
    token: &str,
) -> Result<bool, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(false);
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitations WHERE community_id = $1 AND token = $2 \
         AND revoked_at IS NULL AND expires_at > $3 AND uses < max_uses",
    )
    .bind(community_id)
    .bind(token)
    .bind(now_ms())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Joins with an invitation. Counting the use and adding the membership happen together;
/// the conditional update makes the last use of a link impossible to spend twice.
/// Returns `false` when the link is unknown, expired, revoked or used up.
pub async fn redeem(
    pool: &AnyPool,
    community_id: i64,
    token: &str,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(false);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx, community_id).await?;
    if members::role_of_in(&mut tx, community_id, account_id)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let used = sqlx::query(
        "UPDATE invitations SET uses = uses + 1 WHERE community_id = $1 AND token = $2 \
         AND revoked_at IS NULL AND expires_at > $3 AND uses < max_uses",
    )
    .bind(community_id)
    .bind(token)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(false);
    }
    members::add(&mut tx, community_id, account_id, Role::Member).await?;
    audit::record(
        &mut tx,
        Some(community_id),
        Some(account_id),
        "join-invitation",
        Some(account_id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
