//! Login throttling: too many failed logins for one account or from one address are refused
//! for a while. Counted in the database so several processes share the count.

use sqlx::AnyPool;

use crate::db::now_ms;

/// Failures allowed within [`WINDOW_MS`] per account and per client address.
pub const MAX_FAILURES: i64 = 10;
/// The sliding window: 15 minutes.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// True when another login attempt for `email` from `ip` must be refused.
pub async fn is_locked(pool: &AnyPool, email: &str, ip: &str) -> Result<bool, sqlx::Error> {
    let since = now_ms() - WINDOW_MS;
    let by_email: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at > $2")
            .bind(email)
            .bind(since)
            .fetch_one(pool)
            .await?;
    if by_email >= MAX_FAILURES {
        return Ok(true);
    }
    let by_ip: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2")
            .bind(ip)
            .bind(since)
            .fetch_one(pool)
            .await?;
    Ok(by_ip >= MAX_FAILURES)
}

pub async fn record_failure(pool: &AnyPool, email: &str, ip: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(ip)
        .bind(now_ms())
        .execute(pool)
        .await?;
    Ok(())
}

/// A successful login forgives the account's earlier failures (not the address's).
pub async fn clear_for_email(pool: &AnyPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(pool)
        .await?;
    Ok(())
}

/// Drops failures older than the window; called from time to time by the server.
pub async fn prune(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(now_ms() - WINDOW_MS)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
