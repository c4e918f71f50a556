//! Login sessions, stored in the database so any `quartier` process can serve any request.

use sqlx::AnyPool;

use crate::accounts::{Account, COLUMNS_A};

use crate::db::now_ms;
use crate::tokens::{hash_token, looks_like_token, new_token};

/// How long a session lasts without logging in again.
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Starts a session and returns the secret token for the cookie.
pub async fn create(pool: &AnyPool, account_id: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_token(&token))
    .bind(account_id)
    .bind(now)
    .bind(now + SESSION_DAYS * DAY_MS)
    .execute(pool)
    .await?;
    Ok(token)
}

/// The account behind a session token, if the session exists and has not expired.
/// One query: this runs on every request of a logged-in person.
pub async fn account_of(pool: &AnyPool, token: &str) -> Result<Option<Account>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let sql = format!(
        "SELECT {COLUMNS_A} FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    );
    let row = sqlx::query(&sql)
        .bind(hash_token(token))
        .bind(now_ms())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(Account::from_row).transpose()
}

/// Ends one session (logout).
pub async fn delete(pool: &AnyPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of an account except `keep` (after a password change or reset).
pub async fn delete_all_for(
    conn: &mut sqlx::AnyConnection,
    account_id: i64,
    keep: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account_id)
        .bind(keep.map(hash_token).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes expired sessions; called from time to time by the server.
pub async fn prune_expired(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms())
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
