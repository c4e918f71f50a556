//! Password reset: a single-use token, valid for an hour, sent by mail through the outbox.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::accounts::sessions;
use crate::db::now_ms;
use crate::mail::outbox::{self, OutgoingMail};
use crate::tokens::{hash_token, looks_like_token, new_token};

/// How long a reset link works.
pub const VALID_MS: i64 = 60 * 60 * 1000;

/// At most this many reset mails per account per hour, so the form cannot flood an inbox.
pub const MAX_PER_HOUR: i64 = 3;

/// Creates a reset token for the account and queues the mail `compose` writes around it,
/// both in one transaction (the caller wakes the mail worker). Returns `false` (and sends
/// nothing) when the account had [`MAX_PER_HOUR`] reset mails in the last hour already.
pub async fn start(
    pool: &AnyPool,
    account_id: i64,
    compose: impl FnOnce(&str) -> OutgoingMail,
) -> Result<bool, sqlx::Error> {
    let token = new_token();
    let now = now_ms();
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM password_resets WHERE account_id = $1 AND created_at > $2",
    )
    .bind(account_id)
    .bind(now - 60 * 60 * 1000)
    .fetch_one(pool)
    .await?;
    if recent >= MAX_PER_HOUR {
        tracing::warn!(
            account.id = account_id,
            "password reset refused: too many requests this hour"
        );
        return Ok(false);
    }
    let mail = compose(&token);
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(&token))
    .bind(account_id)
    .bind(now)
    .bind(now + VALID_MS)
    .execute(&mut *tx)
    .await?;
    outbox::enqueue(&mut tx, &mail).await?;
    tx.commit().await?;
    Ok(true)
}

/// Spends every open reset link of the account: after a reset or a password change, older
/// mails must not work any more.
pub async fn invalidate_all(conn: &mut AnyConnection, account_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
    )
    .bind(now_ms())
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// True when the token is unused and unexpired (to show the form, or an explanation).
pub async fn is_usable(pool: &AnyPool, token: &str) -> Result<bool, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(false);
    }
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT account_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now_ms())
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Uses the token: sets the new password and ends every session of the account.
/// Returns the account id, or `None` when the token is unknown, used or expired.
pub async fn complete(
    pool: &AnyPool,
    token: &str,
    new_password_hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let now = now_ms();
    let mut tx = pool.begin().await?;
    // Marking the token used in the same statement that checks it makes a second,
    // concurrent use find nothing.
    let row = sqlx::query(
        "UPDATE password_resets SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
    )
    .bind(now)
    .bind(hash_token(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let account_id: i64 = row.try_get("account_id")?;
    crate::accounts::set_password_hash(&mut tx, account_id, new_password_hash).await?;
    invalidate_all(&mut tx, account_id).await?;
    sessions::delete_all_for(&mut tx, account_id, None).await?;
    tx.commit().await?;
    Ok(Some(account_id))
}
