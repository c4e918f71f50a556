//! A community's moderation settings: after how many reports an item is hidden until a
//! moderator decides, and whether new members' posts wait for approval.

use serde::Serialize;
use sqlx::{AnyPool, Row};

use super::premoderation::Rules;
use crate::audit;

/// The settings as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModerationSettings {
    /// Distinct members' reports that hide an item until a moderator decides.
    pub auto_hide_reports: i64,
    /// Posts wait for approval until this many were approved (0: off).
    pub premoderate_posts: i64,
    /// Posts wait for approval during the member's first days (0: off).
    pub premoderate_days: i64,
}

/// The allowed ranges, checked by the form.
pub const AUTO_HIDE: std::ops::RangeInclusive<i64> = 1..=50;
pub const PREMODERATE_POSTS: std::ops::RangeInclusive<i64> = 0..=50;
pub const PREMODERATE_DAYS: std::ops::RangeInclusive<i64> = 0..=365;

impl ModerationSettings {
    pub fn premoderation(self) -> Rules {
        Rules {
            posts: self.premoderate_posts,
            days: self.premoderate_days,
        }
    }
}

pub async fn load(pool: &AnyPool, community_id: i64) -> Result<ModerationSettings, sqlx::Error> {
    let row = sqlx::query(
        "SELECT auto_hide_reports, premoderate_posts, premoderate_days FROM communities WHERE id = $1",
    )
    .bind(community_id)
    .fetch_one(pool)
    .await?;
    Ok(ModerationSettings {
        auto_hide_reports: row.try_get("auto_hide_reports")?,
        premoderate_posts: row.try_get("premoderate_posts")?,
        premoderate_days: row.try_get("premoderate_days")?,
    })
}

/// Saves the settings, with an entry in the audit log.
pub async fn save(
    pool: &AnyPool,
    community_id: i64,
    actor_id: i64,
    settings: ModerationSettings,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE communities SET auto_hide_reports = $1, premoderate_posts = $2, \
         premoderate_days = $3 WHERE id = $4",
    )
    .bind(settings.auto_hide_reports)
    .bind(settings.premoderate_posts)
    .bind(settings.premoderate_days)
    .bind(community_id)
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "{} · {} · {}",
        settings.auto_hide_reports, settings.premoderate_posts, settings.premoderate_days
    );
    audit::record(
        &mut tx,
        Some(community_id),
        Some(actor_id),
        "moderation-settings",
        None,
        &detail,
    )
    .await?;
    tx.commit().await
}
