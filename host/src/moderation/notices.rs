//! What moderation tells people, through the notification centre and, as each person chose
//! for the kind, by mail: moderators hear of new cases, reporters of the outcome (never of
//! what happened to the other person), authors of a warning or block.
//!
//! Written inside the moderation transaction with the source `moderation`, each in the
//! recipient's own language.

use fluent_bundle::FluentValue;
use sqlx::{AnyConnection, Row};

use super::cases::{Case, CaseKind};
use crate::db::now_ms;
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::mail::Delivery;

/// The `source` of moderation notifications: never a plugin's, as "moderation" is a reserved
/// mount that no plugin may take.
pub const SOURCE: &str = "moderation";

/// The kinds people can choose delivery for, with their defaults.
pub const KINDS: &[(&str, Delivery)] = &[
    ("reports", Delivery::Instant),
    ("outcomes", Delivery::App),
    ("warnings", Delivery::Instant),
];

/// A notification to write, its texts given as catalogue keys.
struct Notice<'a> {
    kind: &'static str,
    title_key: &'static str,
    body_key: &'static str,
    args: Vec<(&'static str, String)>,
    link: Option<&'a str>,
}

/// New case: every moderator and manager of the community hears of it.
pub async fn new_case(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    slug: &str,
    title: &str,
    kind: CaseKind,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT account_id FROM memberships WHERE community_id = $1 AND role IN ('moderator', 'manager')",
    )
    .bind(community_id)
    .fetch_all(&mut *conn)
    .await?;
    let link = format!("/c/{slug}/moderation");
    let (title_key, body_key) = match kind {
        CaseKind::Report => (
            "moderation-notice-report-title",
            "moderation-notice-report-body",
        ),
        CaseKind::Person => (
            "moderation-notice-person-title",
            "moderation-notice-person-body",
        ),
        CaseKind::Held => (
            "moderation-notice-held-title",
            "moderation-notice-held-body",
        ),
    };
    let notice = Notice {
        kind: "reports",
        title_key,
        body_key,
        args: vec![("title", title.to_owned())],
        link: Some(&link),
    };
    send(conn, catalogue, community_id, &ids, &notice).await
}

/// A decision: each reporter learns that their report was handled and how, in one line;
/// of a report about a person, only that it was looked into.
pub async fn outcome(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    case: &Case,
    status: &str,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT reporter_id FROM moderation_reports WHERE case_id = $1")
            .bind(case.id)
            .fetch_all(&mut *conn)
            .await?;
    let body_key = match (case.kind, status) {
        (CaseKind::Person, _) => "moderation-notice-outcome-person",
        (_, "kept") => "moderation-notice-outcome-kept",
        (_, "hidden") => "moderation-notice-outcome-hidden",
        _ => "moderation-notice-outcome-deleted",
    };
    let notice = Notice {
        kind: "outcomes",
        title_key: "moderation-notice-outcome-title",
        body_key,
        args: vec![("title", case.title.clone())],
        link: None,
    };
    send(conn, catalogue, community_id, &ids, &notice).await
}

/// A held post was decided: its author learns whether it is visible now.
pub async fn held_outcome(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    author_id: i64,
    title: &str,
    status: &str,
) -> Result<(), sqlx::Error> {
    let body_key = match status {
        "kept" => "moderation-notice-approved",
        _ => "moderation-notice-rejected",
    };
    let notice = Notice {
        kind: "outcomes",
        title_key: "moderation-notice-held-outcome-title",
        body_key,
        args: vec![("title", title.to_owned())],
        link: None,
    };
    send(conn, catalogue, community_id, &[author_id], &notice).await
}

/// An escalated case: every operator of the instance hears of it, member or not.
pub async fn escalated(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    slug: &str,
    case_id: i64,
    title: &str,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE is_operator = 1")
        .fetch_all(&mut *conn)
        .await?;
    let link = format!("/c/{slug}/moderation#case-{case_id}");
    let notice = Notice {
        kind: "reports",
        title_key: "moderation-notice-escalated-title",
        body_key: "moderation-notice-escalated-body",
        args: vec![("title", title.to_owned()), ("community", slug.to_owned())],
        link: Some(&link),
    };
    send(conn, catalogue, community_id, &ids, &notice).await
}

/// A moderator's warning to the author, in the moderator's words.
pub async fn warning(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    author_id: i64,
    title: &str,
    message: &str,
) -> Result<(), sqlx::Error> {
    let notice = Notice {
        kind: "warnings",
        title_key: "moderation-notice-warning-title",
        body_key: "moderation-notice-warning-body",
        args: vec![("title", title.to_owned()), ("message", message.to_owned())],
        link: None,
    };
    send(conn, catalogue, community_id, &[author_id], &notice).await
}

/// A block: the author learns until when they cannot write (no date: until lifted).
pub async fn blocked(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    author_id: i64,
    until: Option<&str>,
) -> Result<(), sqlx::Error> {
    let (body_key, args) = match until {
        Some(date) => (
            "moderation-notice-blocked-until",
            vec![("until", date.to_owned())],
        ),
        None => ("moderation-notice-blocked-open", vec![]),
    };
    let notice = Notice {
        kind: "warnings",
        title_key: "moderation-notice-blocked-title",
        body_key,
        args,
        link: None,
    };
    send(conn, catalogue, community_id, &[author_id], &notice).await
}

/// Writes one notification per recipient (a member, or an operator), in each one's language,
/// with the delivery they chose for the kind, and queues the instant mails.
async fn send(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    community_id: i64,
    recipients: &[i64],
    notice: &Notice<'_>,
) -> Result<(), sqlx::Error> {
    let default = KINDS
        .iter()
        .find(|(k, _)| *k == notice.kind)
        .map_or(Delivery::App, |(_, d)| *d);
    let now = now_ms();
    for &account_id in recipients {
        let row = sqlx::query(
            "SELECT a.language, c.language AS community_language, p.delivery \
             FROM accounts a JOIN communities c ON c.id = $1 \
             LEFT JOIN memberships m ON m.community_id = c.id AND m.account_id = a.id \
             LEFT JOIN notification_preferences p ON p.account_id = a.id \
             AND p.community_id = c.id AND p.source = $3 AND p.kind = $4 \
             WHERE a.id = $2 AND (m.account_id IS NOT NULL OR a.is_operator = 1)",
        )
        .bind(community_id)
        .bind(account_id)
        .bind(SOURCE)
        .bind(notice.kind)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else { continue };
        let lang = row
            .try_get::<Option<String>, _>("language")?
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| {
                row.try_get::<String, _>("community_language")
                    .ok()
                    .as_deref()
                    .and_then(Lang::parse)
            })
            .unwrap_or_default();
        let delivery = row
            .try_get::<Option<String>, _>("delivery")?
            .as_deref()
            .and_then(Delivery::parse)
            .unwrap_or(default);
        let args: Vec<(&str, FluentValue<'_>)> = notice
            .args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        let title: String = catalogue
            .text(lang, notice.title_key, &args)
            .chars()
            .take(200)
            .collect();
        let body = catalogue.text(lang, notice.body_key, &args);
        sqlx::query(
            "INSERT INTO notifications (community_id, account_id, source, kind, title, body, link, urgent, created_at, delivery) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)",
        )
        .bind(community_id)
        .bind(account_id)
        .bind(SOURCE)
        .bind(notice.kind)
        .bind(title)
        .bind(body)
        .bind(notice.link)
        .bind(now)
        .bind(delivery.as_str())
        .execute(&mut *conn)
        .await?;
    }
    crate::mail::outbox::enqueue_instant_notifications(conn, community_id, SOURCE).await?;
    Ok(())
}
