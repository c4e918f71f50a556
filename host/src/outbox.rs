//! Outgoing email. A mail is written to the `outbox` table in the same transaction as the
//! event that caused it; delivery is a separate concern. Until an SMTP transport exists the
//! mail stays `pending` and its text is written to the log, so a demo or a test can follow
//! a password-reset link. Nothing here pretends a mail was sent.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::now_ms;

/// A mail ready to be queued: recipient, kind (for later preferences), subject and text.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to: String,
    pub kind: &'static str,
    pub subject: String,
    pub body_text: String,
}

/// Queues a mail inside the caller's transaction and returns its outbox id.
pub async fn enqueue(conn: &mut AnyConnection, mail: &OutgoingMail) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_address, kind, subject, body_text, status, attempts, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', 0, $5) RETURNING id",
    )
    .bind(&mail.to)
    .bind(mail.kind)
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(now_ms())
    .fetch_one(conn)
    .await
}

/// Writes a committed mail to the log: the stand-in transport until SMTP delivery exists.
pub fn log_queued(id: i64, mail: &OutgoingMail) {
    tracing::info!(
        outbox.id = id,
        mail.to = %mail.to,
        mail.kind = mail.kind,
        mail.subject = %mail.subject,
        mail.body = %mail.body_text,
        "mail queued in the outbox (no SMTP transport configured; it stays pending)"
    );
}

/// A mail as stored, for operators and tests.
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

/// How many mails wait for delivery.
pub async fn pending_count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        .fetch_one(pool)
        .await
}
