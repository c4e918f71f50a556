//! The operators' view of moderation: per community, how much is open, escalated, decided
//! lately and blocked — counts only, so the dashboard shows no one's content — and the
//! cases managers escalated to them.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{AnyPool, Row};

use crate::db::now_ms;

/// How many days "decided lately" looks back.
pub const RECENT_DAYS: i64 = 30;

/// One community's moderation in numbers.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityCounts {
    pub slug: String,
    pub name: String,
    pub open: i64,
    pub held: i64,
    pub escalated: i64,
    pub decided_recently: i64,
    pub blocked: i64,
}

/// Every community with any moderation, busiest first: two grouped queries, so the page
/// costs the same for ten communities as for ten thousand quiet ones.
pub async fn per_community(pool: &AnyPool) -> Result<Vec<CommunityCounts>, sqlx::Error> {
    let now = now_ms();
    let cases = sqlx::query(
        "SELECT c.slug, c.name, \
         COUNT(CASE WHEN m.status = 'open' AND m.kind <> 'held' THEN 1 END) AS open, \
         COUNT(CASE WHEN m.status = 'open' AND m.kind = 'held' THEN 1 END) AS held, \
         COUNT(CASE WHEN m.status = 'open' AND m.escalated_at IS NOT NULL THEN 1 END) AS escalated, \
         COUNT(CASE WHEN m.status <> 'open' THEN 1 END) AS decided_recently \
         FROM moderation_cases m JOIN communities c ON c.id = m.community_id \
         WHERE m.status = 'open' OR m.decided_at > $1 GROUP BY c.slug, c.name",
    )
    .bind(now - RECENT_DAYS * 86_400_000)
    .fetch_all(pool)
    .await?;
    let blocks = sqlx::query(
        "SELECT c.slug, c.name, COUNT(*) AS blocked \
         FROM community_blocks b JOIN communities c ON c.id = b.community_id \
         WHERE b.until_at IS NULL OR b.until_at > $1 GROUP BY c.slug, c.name",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut counts: BTreeMap<String, CommunityCounts> = BTreeMap::new();
    fn entry<'a>(
        counts: &'a mut BTreeMap<String, CommunityCounts>,
        row: &sqlx::any::AnyRow,
    ) -> Result<&'a mut CommunityCounts, sqlx::Error> {
        let slug: String = row.try_get("slug")?;
        Ok(counts.entry(slug.clone()).or_insert(CommunityCounts {
            slug,
            name: row.try_get("name")?,
            open: 0,
            held: 0,
            escalated: 0,
            decided_recently: 0,
            blocked: 0,
        }))
    }
    for r in &cases {
        let c = entry(&mut counts, r)?;
        c.open = r.try_get("open")?;
        c.held = r.try_get("held")?;
        c.escalated = r.try_get("escalated")?;
        c.decided_recently = r.try_get("decided_recently")?;
    }
    for r in &blocks {
        entry(&mut counts, r)?.blocked = r.try_get("blocked")?;
    }
    let mut counts: Vec<CommunityCounts> = counts.into_values().collect();
    counts.sort_by_key(|c| std::cmp::Reverse((c.escalated, c.open + c.held)));
    Ok(counts)
}

/// An open case a manager passed on to the operators.
#[derive(Debug, Clone, Serialize)]
pub struct Escalated {
    pub case_id: i64,
    pub slug: String,
    pub community: String,
    pub title: String,
    pub escalated_at: i64,
}

/// The open escalated cases of every community, oldest first.
pub async fn escalated(pool: &AnyPool) -> Result<Vec<Escalated>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, c.slug, c.name, m.title, m.escalated_at FROM moderation_cases m \
         JOIN communities c ON c.id = m.community_id \
         WHERE m.status = 'open' AND m.escalated_at IS NOT NULL ORDER BY m.escalated_at LIMIT 200",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Escalated {
                case_id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                community: r.try_get("name")?,
                title: r.try_get("title")?,
                escalated_at: r.try_get("escalated_at")?,
            })
        })
        .collect()
}
