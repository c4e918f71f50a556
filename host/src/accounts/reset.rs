//! Password reset: a single-use token, valid for an hour, sent by mail through the outbox.

use sqlx::{AnyPool, Row};

use crate::accounts::sessions;
use crate::db::now_ms;
use crate::outbox::{self, OutgoingMail};
use crate::tokens::{hash_token, looks_like_token, new_token};

/// How long a reset link works.
pub const VALID_MS: i64 = 60 * 60 * 1000;

/// Creates a reset token for the account and queues the mail `compose` writes around it,
/// both in one transaction.
pub async fn start(
    pool: &AnyPool,
    account_id: i64,
    compose: impl FnOnce(&str) -> OutgoingMail,
) -> Result<(), sqlx::Error> {
    let token = new_token();
    let now = now_ms();
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
    let id = outbox::enqueue(&mut tx, &mail).await?;
    tx.commit().await?;
    outbox::log_queued(id, &mail);
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
    sessions::delete_all_for(&mut tx, account_id, None).await?;
    tx.commit().await?;
    Ok(Some(account_id))
}
