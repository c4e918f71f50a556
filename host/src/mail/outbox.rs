//! The outbox table. A mail is written here in the same transaction as the event that caused
//! it, so a crash after the commit loses nothing; the worker then claims one entry at a time
//! (with a lease, and `FOR UPDATE SKIP LOCKED` on PostgreSQL so several processes never take
//! the same entry), sends it, and marks it sent, failed (retried later) or dead.
//!
//! Statuses: `pending` (queued), `sending` (claimed until `claimed_until`), `sent`, `failed`
//! (waiting for `next_attempt_at`), `dead` (given up), `cancelled` (nothing left to send).

use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::{Backend, Db, now_ms};
use crate::lang::Lang;

/// A rendered mail ready to be queued.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: String,
    /// The recipient's account, if the mail is for one (not for a test mail).
    pub account_id: Option<i64>,
    /// What it is: `password-reset`, `digest`, `test`; notification mails are `notification`.
    pub kind: &'static str,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    /// The language the mail is written in.
    pub lang: Lang,
    /// The signed unsubscribe token for `List-Unsubscribe`, if the mail can be unsubscribed.
    pub unsubscribe_token: Option<String>,
}

/// Queues a mail inside the caller's transaction and returns its outbox id.
pub async fn enqueue(conn: &mut AnyConnection, mail: &OutgoingMail) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    sqlx::query_scalar(
        "INSERT INTO outbox (to_address, account_id, kind, subject, body_text, body_html, lang, \
         unsubscribe_token, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9) RETURNING id",
    )
    .bind(&mail.to)
    .bind(mail.account_id)
    .bind(mail.kind)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(&mail.body_html)
    .bind(mail.lang.code())
    .bind(&mail.unsubscribe_token)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Queues a mail for every notification of this module in this community that is to be
/// mailed at once and is not yet queued, and marks those notifications queued; inside the
/// plugin call's transaction. The mail is rendered when it is sent. Notifications another
/// transaction wrote are either committed with their mails or not visible yet, so nothing
/// is queued twice.
pub async fn enqueue_instant_notifications(
    conn: &mut AnyConnection,
    community_id: i64,
    source: &str,
) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let queued = sqlx::query(
        "INSERT INTO outbox (to_address, account_id, notification_id, kind, subject, body_text, \
         status, attempts, next_attempt_at, created_at) \
         SELECT a.email, n.account_id, n.id, 'notification', n.title, '', 'pending', 0, $3, $3 \
         FROM notifications n JOIN accounts a ON a.id = n.account_id \
         WHERE n.community_id = $1 AND n.source = $2 AND n.delivery = 'instant' \
         AND n.mailed_at IS NULL",
    )
    .bind(community_id)
    .bind(source)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE notifications SET mailed_at = $3 WHERE community_id = $1 AND source = $2 \
         AND delivery = 'instant' AND mailed_at IS NULL",
    )
    .bind(community_id)
    .bind(source)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(queued)
}

/// An entry the worker has claimed.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub to: String,
    pub account_id: Option<i64>,
    pub notification_id: Option<i64>,
    pub kind: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    /// The language of a rendered mail (notification mails are rendered when sent).
    pub lang: Option<String>,
    pub unsubscribe_token: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// Claims the oldest due entry for `lease_ms`: a queued one, a failed one whose retry time
/// has come, or one whose claim expired (its worker died). `None` when nothing is due.
pub async fn claim_next(db: &Db, lease_ms: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let now = now_ms();
    // PostgreSQL: concurrent workers skip rows another one is claiming instead of waiting
    // and then taking the same row. SQLite has one writer at a time, so the sub-select and
    // the update cannot interleave there.
    let lock = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let text = format!(
        "UPDATE outbox SET status = 'sending', claimed_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM outbox \
           WHERE (status IN ('pending', 'failed') AND next_attempt_at <= $1) \
              OR (status = 'sending' AND claimed_until < $1) \
           ORDER BY next_attempt_at, id LIMIT 1 {lock}) \
         RETURNING id, to_address, account_id, notification_id, kind, subject, body_text, \
         body_html, lang, unsubscribe_token, attempts"
    );
    let row = sqlx::query(&text)
        .bind(now)
        .bind(now + lease_ms)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| {
        Ok(Claimed {
            id: r.try_get("id")?,
            to: r.try_get("to_address")?,
            account_id: r.try_get("account_id")?,
            notification_id: r.try_get("notification_id")?,
            kind: r.try_get("kind")?,
            subject: r.try_get("subject")?,
            body_text: r.try_get("body_text")?,
            body_html: r.try_get("body_html")?,
            lang: r.try_get("lang")?,
            unsubscribe_token: r.try_get("unsubscribe_token")?,
            attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
        })
    })
    .transpose()
}

/// Records a delivery. Only the claim's holder gets here; the status check keeps a late
/// worker whose lease ran out from overwriting someone else's outcome.
pub async fn mark_sent(pool: &AnyPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $2, claimed_until = NULL, \
         last_error = NULL WHERE id = $1 AND status = 'sending'",
    )
    .bind(id)
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(())
}

/// What happens after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this time (milliseconds since the epoch).
    RetryAt(i64),
    /// Give up: the entry is dead and shown to operators.
    Dead,
    /// Nothing to send any more (the recipient or the notification is gone).
    Cancel,
}

/// Records a failed attempt with its reason.
pub async fn mark_failed(
    pool: &AnyPool,
    id: i64,
    error: &str,
    after: AfterFailure,
) -> Result<(), sqlx::Error> {
    let (status, next) = match after {
        AfterFailure::RetryAt(at) => ("failed", at),
        AfterFailure::Dead => ("dead", 0),
        AfterFailure::Cancel => ("cancelled", 0),
    };
    let error: String = error.chars().take(500).collect();
    sqlx::query(
        "UPDATE outbox SET status = $2, next_attempt_at = $3, last_error = $4, \
         claimed_until = NULL WHERE id = $1 AND status = 'sending'",
    )
    .bind(id)
    .bind(status)
    .bind(next)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

/// A mail as stored, for tests and the command line (bodies included).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredMail {
    pub id: i64,
    pub to: String,
    pub kind: String,
    pub subject: String,
    pub body_text: String,
    pub status: String,
}

/// The newest mails, newest first.
pub async fn latest(pool: &AnyPool, limit: i64) -> Result<Vec<StoredMail>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, to_address, kind, subject, body_text, status FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredMail {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                kind: r.try_get("kind")?,
                subject: r.try_get("subject")?,
                body_text: r.try_get("body_text")?,
                status: r.try_get("status")?,
            })
        })
        .collect()
}

/// An entry as operators see it: no bodies (they hold reset links and private messages).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub to: String,
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
}

/// The newest entries with `status` (any status when `None`), newest first.
pub async fn entries(
    pool: &AnyPool,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, to_address, kind, subject, status, attempts, last_error, created_at, \
         next_attempt_at, sent_at FROM outbox WHERE ($1 = '' OR status = $1) \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(status.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                kind: r.try_get("kind")?,
                subject: r.try_get("subject")?,
                status: r.try_get("status")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                created_at: r.try_get("created_at")?,
                next_attempt_at: r.try_get("next_attempt_at")?,
                sent_at: r.try_get("sent_at")?,
            })
        })
        .collect()
}

/// How many entries are in each state.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counts {
    /// Queued or being sent.
    pub queued: i64,
    pub sent: i64,
    /// Failed at least once, retried later.
    pub failed: i64,
    pub dead: i64,
    pub cancelled: i64,
}

pub async fn counts(pool: &AnyPool) -> Result<Counts, sqlx::Error> {
    let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        .fetch_all(pool)
        .await?;
    let mut counts = Counts::default();
    for row in rows {
        let n: i64 = row.try_get("n")?;
        match row.try_get::<String, _>("status")?.as_str() {
            "pending" | "sending" => counts.queued += n,
            "sent" => counts.sent += n,
            "failed" => counts.failed += n,
            "dead" => counts.dead += n,
            _ => counts.cancelled += n,
        }
    }
    Ok(counts)
}

/// Puts a dead entry back in the queue (an operator's "try again").
pub async fn retry_dead(pool: &AnyPool, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2 \
         WHERE id = $1 AND status = 'dead'",
    )
    .bind(id)
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes delivered and dropped entries older than `days` (dead ones stay for operators
/// until they are tried again or this long has passed twice).
pub async fn prune(pool: &AnyPool, days: u32) -> Result<u64, sqlx::Error> {
    let day_ms = 24 * 3600 * 1000;
    let cutoff = now_ms() - i64::from(days) * day_ms;
    let done = sqlx::query(
        "DELETE FROM outbox WHERE (status IN ('sent', 'cancelled') AND created_at < $1) \
         OR (status = 'dead' AND created_at < $2)",
    )
    .bind(cutoff)
    .bind(cutoff - i64::from(days) * day_ms)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
