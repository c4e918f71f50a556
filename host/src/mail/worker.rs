//! The background worker: claims due outbox entries one at a time, renders notification
//! mails in the recipient's language, sends them, and records the outcome (sent, retried
//! with back-off, dead). It also starts the daily digest when it is due. Every `quartier`
//! process runs one; claims keep them from sending the same entry twice.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::Row;

use super::compose::{self, Envelope, Rendered};
use super::outbox::{self, AfterFailure, Claimed};
use super::transport::SendError;
use super::unsubscribe::Scope;
use super::{Counters, Mailer, digest};
use crate::db::{Db, now_ms};
use crate::lang::Lang;
use crate::plugins::Plugins;

/// What the worker needs.
#[derive(Clone)]
pub struct Worker {
    pub db: Db,
    pub mailer: Arc<Mailer>,
    pub plugins: Arc<Plugins>,
    /// The address people reach the instance at, for links in mails.
    pub base_url: String,
}

/// Why one entry could not be sent, and what to do about it.
enum Failure {
    /// Nothing to send any more: the notification or the account is gone.
    Gone(String),
    /// The mail cannot be built (e.g. an invalid address): retrying will not help.
    Broken(String),
    Send(SendError),
}

impl Worker {
    /// Runs until the process ends.
    pub fn spawn(self) {
        tokio::spawn(async move { self.run().await });
    }

    async fn run(self) {
        let poll = Duration::from_millis(self.mailer.settings.poll_ms.max(10));
        let digest_every = Duration::from_millis(self.mailer.settings.digest_check_ms.max(10));
        let mut last_digest_check: Option<Instant> = None;
        loop {
            if last_digest_check.is_none_or(|t| t.elapsed() >= digest_every) {
                last_digest_check = Some(Instant::now());
                if let Err(e) = digest::run(&self, now_ms()).await {
                    tracing::warn!(error = %e, "the daily digest failed; it is tried again");
                }
            }
            match self.deliver_next().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "could not read the outbox"),
            }
            tokio::select! {
                _ = self.mailer.wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }

    /// Claims and delivers one due entry; `false` when none was due.
    pub async fn deliver_next(&self) -> Result<bool, sqlx::Error> {
        let settings = &self.mailer.settings;
        // A claim outlives the slowest possible delivery, so no second worker takes the
        // entry while the first is still talking to the server.
        let lease_ms =
            i64::try_from((settings.timeout_seconds * 3 + 60) * 1000).unwrap_or(i64::MAX);
        let Some(entry) = outbox::claim_next(&self.db, lease_ms).await? else {
            return Ok(false);
        };
        let pool = self.db.pool();
        let counters = &self.mailer.counters;
        match self.deliver(&entry).await {
            Ok(()) => {
                outbox::mark_sent(pool, entry.id).await?;
                Counters::add(&counters.sent);
                tracing::info!(outbox.id = entry.id, mail.kind = %entry.kind, "mail sent");
            }
            Err(Failure::Gone(why)) => {
                outbox::mark_failed(pool, entry.id, &why, AfterFailure::Cancel).await?;
            }
            Err(Failure::Broken(why)) | Err(Failure::Send(SendError::Permanent(why))) => {
                outbox::mark_failed(pool, entry.id, &why, AfterFailure::Dead).await?;
                Counters::add(&counters.failed);
                Counters::add(&counters.dead);
                tracing::error!(outbox.id = entry.id, error = %why, "mail refused for good; it is dead");
            }
            Err(Failure::Send(SendError::Temporary(why))) => {
                Counters::add(&counters.failed);
                let after = if entry.attempts >= settings.max_attempts {
                    Counters::add(&counters.dead);
                    tracing::error!(outbox.id = entry.id, attempts = entry.attempts, error = %why, "mail given up after its last attempt; it is dead");
                    AfterFailure::Dead
                } else {
                    let at = now_ms() + settings.backoff_ms(entry.attempts);
                    tracing::warn!(outbox.id = entry.id, attempts = entry.attempts, error = %why, "mail not delivered; trying again later");
                    AfterFailure::RetryAt(at)
                };
                outbox::mark_failed(pool, entry.id, &why, after).await?;
            }
        }
        Ok(true)
    }

    async fn deliver(&self, entry: &Claimed) -> Result<(), Failure> {
        let (rendered, lang, unsubscribe) = match entry.notification_id {
            Some(id) => self.render_notification(id).await?,
            None => {
                let lang = entry
                    .lang
                    .as_deref()
                    .and_then(Lang::parse)
                    .unwrap_or_default();
                let rendered = Rendered {
                    subject: entry.subject.clone(),
                    text: entry.body_text.clone(),
                    html: entry.body_html.clone().unwrap_or_default(),
                };
                let unsubscribe = entry
                    .unsubscribe_token
                    .as_deref()
                    .map(|t| self.unsubscribe_url(t));
                (rendered, lang, unsubscribe)
            }
        };
        let envelope = Envelope {
            from: &self.mailer.settings.from,
            to: &entry.to,
            lang,
            unsubscribe_url: unsubscribe.as_deref(),
        };
        let html = (!rendered.html.is_empty()).then_some(rendered.html.as_str());
        let message = compose::message(&envelope, &rendered.subject, &rendered.text, html)
            .map_err(|e| Failure::Broken(format!("{e:#}")))?;
        self.mailer
            .transport
            .send(entry.id, &message)
            .await
            .map_err(Failure::Send)
    }

    pub fn unsubscribe_url(&self, token: &str) -> String {
        format!("{}/unsubscribe/{token}", self.base_url)
    }

    /// Renders a notification mail now, in the recipient's current language.
    async fn render_notification(
        &self,
        notification_id: i64,
    ) -> Result<(Rendered, Lang, Option<String>), Failure> {
        let row = sqlx::query(
            "SELECT n.account_id, n.community_id, n.source, n.kind, n.title, n.body, n.link, \
             n.urgent, c.name AS community, c.language AS community_language, \
             a.display_name, a.language FROM notifications n \
             JOIN communities c ON c.id = n.community_id JOIN accounts a ON a.id = n.account_id \
             WHERE n.id = $1",
        )
        .bind(notification_id)
        .fetch_optional(self.db.pool())
        .await
        .map_err(|e| Failure::Send(SendError::Temporary(e.to_string())))?
        .ok_or_else(|| Failure::Gone("the notification no longer exists".into()))?;
        let field = |e: sqlx::Error| Failure::Broken(e.to_string());
        let language: Option<String> = row.try_get("language").map_err(field)?;
        let community_language: String = row.try_get("community_language").map_err(field)?;
        let lang = language
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| Lang::parse(&community_language))
            .unwrap_or_default();
        let source: String = row.try_get("source").map_err(field)?;
        let kind: String = row.try_get("kind").map_err(field)?;
        let urgent = row.try_get::<i64, _>("urgent").map_err(field)? != 0;
        let community: String = row.try_get("community").map_err(field)?;
        let title: String = row.try_get("title").map_err(field)?;
        let link: Option<String> = row.try_get("link").map_err(field)?;
        let kind_label = self
            .plugins
            .get(&source)
            .and_then(|p| {
                p.manifest
                    .notification_kind_label(&kind, lang)
                    .map(str::to_owned)
            })
            .or_else(|| {
                (source == crate::moderation::notices::SOURCE).then(|| {
                    self.mailer
                        .composer
                        .t(lang, &format!("moderation-kind-{kind}"), &[])
                })
            })
            .unwrap_or_else(|| kind.clone());
        let scope = Scope::Kind {
            account_id: row.try_get("account_id").map_err(field)?,
            community_id: row.try_get("community_id").map_err(field)?,
            source: source.clone(),
            kind: kind.clone(),
        };
        // Urgent messages reach everyone whatever they chose; a link that seems to
        // unsubscribe from them would not keep its promise.
        let unsubscribe =
            (!urgent).then(|| self.unsubscribe_url(&self.mailer.secret.token(&scope)));
        let composer = &self.mailer.composer;
        let subject = composer.t(
            lang,
            "mail-notification-subject",
            &[("community", &community), ("title", &title)],
        );
        let data = json!({
            "name": row.try_get::<String, _>("display_name").map_err(field)?,
            "title": title,
            "body": row.try_get::<String, _>("body").map_err(field)?,
            // Through the notification centre, which marks it read on the way.
            "link": link.map(|_| format!("{}/notifications/{notification_id}", self.base_url)),
            "urgent": urgent,
            "community": community,
            "kind": kind_label,
            "settings_url": format!("{}/notifications/settings", self.base_url),
            "unsubscribe_url": unsubscribe,
        });
        let rendered = composer
            .render("notification", lang, subject, data)
            .map_err(|e| Failure::Broken(format!("{e:#}")))?;
        Ok((rendered, lang, unsubscribe))
    }
}
