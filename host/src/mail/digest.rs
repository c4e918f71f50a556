//! The daily digest: at the configured hour (Berlin time), every person with notifications
//! waiting for the digest gets one mail with all of them, grouped by community. Taking the
//! notifications and queueing the mail happen in one transaction, so a person gets each
//! notification in one digest only, even with several processes.

use std::collections::BTreeMap;

use serde_json::json;
use sqlx::Row;
use time::{PrimitiveDateTime, Time};

use super::outbox::{self, OutgoingMail};
use super::unsubscribe::Scope;
use super::worker::Worker;
use crate::berlin;
use crate::db::now_ms;
use crate::lang::Lang;

/// People handled per run; the next run (a minute later) goes on with the rest.
const ACCOUNTS_PER_RUN: i64 = 500;
/// Longest text of one notification in the digest.
const EXCERPT_CHARS: usize = 300;

/// The most recent digest time at or before `now`: today's at `hour` Berlin time, or
/// yesterday's if that has not come yet.
pub fn last_digest_time(now: i64, hour: u8) -> i64 {
    let Some(local) = berlin::from_millis(now) else {
        return now;
    };
    let at = Time::from_hms(hour.min(23), 0, 0).expect("valid hour");
    let mut date = local.date();
    loop {
        let guess = PrimitiveDateTime::new(date, at).assume_offset(local.offset());
        // The offset of that moment itself (it differs on the night clocks change).
        let moment = PrimitiveDateTime::new(date, at).assume_offset(berlin::offset_at(guess));
        let millis = i64::try_from(moment.unix_timestamp_nanos() / 1_000_000).unwrap_or(now);
        if millis <= now {
            return millis;
        }
        date = date.previous_day().expect("a previous day");
    }
}

/// Sends the digests that are due; returns how many were queued.
pub async fn run(worker: &Worker, now: i64) -> Result<usize, sqlx::Error> {
    let cutoff = last_digest_time(now, worker.mailer.settings.digest_hour);
    let accounts: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT account_id FROM notifications WHERE delivery = 'digest' \
         AND mailed_at IS NULL AND created_at < $1 LIMIT $2",
    )
    .bind(cutoff)
    .bind(ACCOUNTS_PER_RUN)
    .fetch_all(worker.db.pool())
    .await?;
    let mut queued = 0;
    for account_id in accounts {
        if send_one(worker, account_id, cutoff).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        tracing::info!(digests = queued, "daily digests queued");
        worker.mailer.wake();
    }
    Ok(queued)
}

/// One notification in a digest.
#[derive(serde::Serialize)]
struct Item {
    title: String,
    body: String,
    link: Option<String>,
    created_at: i64,
}

/// Takes the person's waiting notifications and queues their digest, in one transaction.
async fn send_one(worker: &Worker, account_id: i64, cutoff: i64) -> Result<bool, sqlx::Error> {
    let mut tx = worker.db.pool().begin().await?;
    let now = now_ms();
    // On PostgreSQL a concurrent run blocks on these rows and then finds them taken.
    let taken = sqlx::query(
        "UPDATE notifications SET mailed_at = $2 WHERE account_id = $1 AND delivery = 'digest' \
         AND mailed_at IS NULL AND created_at < $3 \
         RETURNING id, community_id, title, body, link, created_at",
    )
    .bind(account_id)
    .bind(now)
    .bind(cutoff)
    .fetch_all(&mut *tx)
    .await?;
    if taken.is_empty() {
        tx.rollback().await?;
        return Ok(false);
    }
    let Some(account) =
        sqlx::query("SELECT email, display_name, language FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?
    else {
        tx.rollback().await?;
        return Ok(false);
    };
    let mut by_community: BTreeMap<i64, Vec<Item>> = BTreeMap::new();
    for row in &taken {
        let id: i64 = row.try_get("id")?;
        let link: Option<String> = row.try_get("link")?;
        let body: String = row.try_get("body")?;
        by_community
            .entry(row.try_get("community_id")?)
            .or_default()
            .push(Item {
                title: row.try_get("title")?,
                body: excerpt(&body),
                link: link.map(|_| format!("{}/notifications/{id}", worker.base_url)),
                created_at: row.try_get("created_at")?,
            });
    }
    let mut communities = vec![];
    let mut community_language = None;
    for (community_id, items) in by_community {
        let row = sqlx::query("SELECT name, language FROM communities WHERE id = $1")
            .bind(community_id)
            .fetch_one(&mut *tx)
            .await?;
        community_language.get_or_insert(row.try_get::<String, _>("language")?);
        communities.push(json!({ "name": row.try_get::<String, _>("name")?, "items": items }));
    }
    let language: Option<String> = account.try_get("language")?;
    let lang = language
        .as_deref()
        .or(community_language.as_deref())
        .and_then(Lang::parse)
        .unwrap_or_default();
    let token = worker.mailer.secret.token(&Scope::Digest { account_id });
    let composer = &worker.mailer.composer;
    let count = taken.len().to_string();
    let subject = composer.t(lang, "mail-digest-subject", &[("count", &count)]);
    let data = json!({
        "name": account.try_get::<String, _>("display_name")?,
        "count": taken.len(),
        "communities": communities,
        "settings_url": format!("{}/notifications/settings", worker.base_url),
        "unsubscribe_url": worker.unsubscribe_url(&token),
    });
    let rendered = match composer.render("digest", lang, subject, data) {
        Ok(rendered) => rendered,
        Err(e) => {
            tracing::error!(error = %e, "the digest template failed");
            tx.rollback().await?;
            return Ok(false);
        }
    };
    outbox::enqueue(
        &mut tx,
        &OutgoingMail {
            to: account.try_get("email")?,
            account_id: Some(account_id),
            kind: "digest",
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: Some(rendered.html),
            lang,
            unsubscribe_token: Some(token),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn excerpt(body: &str) -> String {
    if body.chars().count() <= EXCERPT_CHARS {
        return body.to_owned();
    }
    let cut: String = body.chars().take(EXCERPT_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-21 10:00 UTC is 11:00 in Berlin (CET).
    const SATURDAY_11_BERLIN: i64 = 1_795_255_200_000;

    #[test]
    fn the_digest_time_is_today_once_it_has_passed() {
        // 07:00 CET = 06:00 UTC, four hours earlier.
        assert_eq!(
            last_digest_time(SATURDAY_11_BERLIN, 7),
            SATURDAY_11_BERLIN - 4 * 3600 * 1000
        );
    }

    #[test]
    fn before_the_digest_time_it_is_yesterdays() {
        // 12:00 Berlin has not come yet at 11:00: yesterday 12:00, 23 hours earlier.
        assert_eq!(
            last_digest_time(SATURDAY_11_BERLIN, 12),
            SATURDAY_11_BERLIN - 23 * 3600 * 1000
        );
    }

    #[test]
    fn summer_time_is_respected() {
        // 2026-07-01 10:00 UTC is 12:00 CEST; 07:00 CEST is 05:00 UTC.
        let noon_summer = 1_782_900_000_000;
        assert_eq!(
            last_digest_time(noon_summer, 7),
            noon_summer - 5 * 3600 * 1000
        );
    }
}
