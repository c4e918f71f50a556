//! Banners plugins publish (`banners` interface): checked and stored within the call's
//! transaction, and read for every page of a community. Whether a banner shows is decided by
//! its times at read time, so an expired banner disappears without anyone acting.

use serde::Serialize;
use sqlx::{AnyConnection, AnyPool, Row};

use super::links::stays_below_mount;
use super::records::{Scope, is_name};
use crate::db::now_ms;

/// How prominently a banner is shown; also its CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Urgent,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Urgent => "urgent",
        }
    }

    fn parse(s: &str) -> Level {
        match s {
            "urgent" => Level::Urgent,
            "warning" => Level::Warning,
            _ => Level::Info,
        }
    }
}

/// A banner as a plugin publishes it; `link` is a path below the plugin's mount.
#[derive(Debug, Clone)]
pub struct NewBanner {
    pub key: String,
    pub level: Level,
    pub title: String,
    pub summary: String,
    pub link: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub members_only: bool,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 500;

/// Keys follow the rule of collection names: 1–64 of letters, digits, `-` and `_`.
pub fn check_key(key: &str) -> Result<(), String> {
    if is_name(key) {
        Ok(())
    } else {
        Err(format!("banner key '{key}' is not allowed"))
    }
}

/// What a plugin may publish: a key, a one-line title, plain text without control
/// characters, a link below the mount and an end after the start.
pub fn check(banner: &NewBanner) -> Result<(), String> {
    check_key(&banner.key)?;
    let title = banner.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE || title.chars().any(char::is_control)
    {
        return Err(format!(
            "a banner title needs 1–{MAX_TITLE} characters on one line"
        ));
    }
    if banner.summary.chars().count() > MAX_SUMMARY
        || banner.summary.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(format!(
            "a banner summary has at most {MAX_SUMMARY} characters of plain text"
        ));
    }
    if let Some(link) = &banner.link
        && (link.len() > 500 || !stays_below_mount(link))
    {
        return Err("a banner link is a path below the plugin's mount".into());
    }
    if banner.ends_at <= banner.starts_at {
        return Err("a banner must end after it starts".into());
    }
    Ok(())
}

/// Stores a banner, replacing the one with the same key.
pub async fn publish(
    conn: &mut AnyConnection,
    scope: &Scope,
    banner: &NewBanner,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plugin_banners (community_id, plugin_id, key, level, title, summary, link, starts_at, ends_at, members_only) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (community_id, plugin_id, key) DO UPDATE SET level = $4, title = $5, summary = $6, \
         link = $7, starts_at = $8, ends_at = $9, members_only = $10",
    )
    .bind(scope.community_id)
    .bind(scope.plugin_id.as_str())
    .bind(banner.key.as_str())
    .bind(banner.level.as_str())
    .bind(banner.title.trim())
    .bind(banner.summary.trim())
    .bind(banner.link.as_deref())
    .bind(banner.starts_at)
    .bind(banner.ends_at)
    .bind(i64::from(banner.members_only))
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a banner; true if there was one.
pub async fn withdraw(
    conn: &mut AnyConnection,
    scope: &Scope,
    key: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM plugin_banners WHERE community_id = $1 AND plugin_id = $2 AND key = $3",
    )
    .bind(scope.community_id)
    .bind(scope.plugin_id.as_str())
    .bind(key)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A banner showing now, as the layout renders it.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub plugin_id: String,
    pub level: Level,
    pub title: String,
    pub summary: String,
    /// The link below the plugin's mount; the page adds the mount.
    #[serde(skip)]
    pub link: Option<String>,
    /// The full path, set by the page once it knows the plugin's mount.
    pub href: Option<String>,
    pub ends_at: i64,
    #[serde(skip)]
    pub members_only: bool,
}

/// The banners of a community showing at this moment, most urgent first, then soonest to end.
/// The caller keeps those of enabled modules that the viewer may see.
pub async fn current(pool: &AnyPool, community_id: i64) -> Result<Vec<Shown>, sqlx::Error> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT plugin_id, level, title, summary, link, ends_at, members_only FROM plugin_banners \
         WHERE community_id = $1 AND ends_at > $2 AND starts_at <= $2 ORDER BY ends_at, key LIMIT 20",
    )
    .bind(community_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut shown = rows
        .iter()
        .map(|row| {
            Ok(Shown {
                plugin_id: row.try_get("plugin_id")?,
                level: Level::parse(&row.try_get::<String, _>("level")?),
                title: row.try_get("title")?,
                summary: row.try_get("summary")?,
                link: row.try_get("link")?,
                href: None,
                ends_at: row.try_get("ends_at")?,
                members_only: row.try_get::<i64, _>("members_only")? != 0,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    shown.sort_by_key(|b| std::cmp::Reverse(b.level as u8));
    Ok(shown)
}

/// Deletes banners that ended more than a day ago; returns how many.
pub async fn prune_ended(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM plugin_banners WHERE ends_at < $1")
        .bind(now_ms() - 24 * 3600 * 1000)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banner() -> NewBanner {
        NewBanner {
            key: "42".into(),
            level: Level::Urgent,
            title: "Wasser abgestellt".into(),
            summary: "Bis 18 Uhr".into(),
            link: Some("/posts/42".into()),
            starts_at: 1,
            ends_at: 2,
            members_only: false,
        }
    }

    #[test]
    fn plugins_publish_only_well_formed_banners() {
        assert!(check(&banner()).is_ok());
        let bad = [
            NewBanner {
                key: "a b".into(),
                ..banner()
            },
            NewBanner {
                title: " ".into(),
                ..banner()
            },
            NewBanner {
                title: "two\nlines".into(),
                ..banner()
            },
            NewBanner {
                link: Some("https://evil.example".into()),
                ..banner()
            },
            NewBanner {
                link: Some("//evil.example".into()),
                ..banner()
            },
            NewBanner {
                link: Some("/../../admin".into()),
                ..banner()
            },
            NewBanner {
                ends_at: 1,
                ..banner()
            },
            NewBanner {
                summary: "x".repeat(MAX_SUMMARY + 1),
                ..banner()
            },
        ];
        for b in bad {
            assert!(check(&b).is_err(), "{b:?}");
        }
    }
}
