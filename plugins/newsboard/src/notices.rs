//! Urgent notices: the banner the host shows on every page of the community while a notice
//! runs. And the notification the members get once when a post appears: urgent for an
//! urgent notice (always mailed at once), "new post" otherwise (the daily digest by default).

use quartier_plugin_sdk::banners::{self, Banner, Level};
use quartier_plugin_sdk::notify::{self, Recipients};
use quartier_plugin_sdk::prelude::*;

use crate::model::{POSTS, Post, Visibility};

/// The notification kind of urgent notices.
pub const KIND: &str = "urgent";
/// The notification kind of every other post.
pub const POSTS_KIND: &str = "posts";

/// The first line of a Markdown body as plain text, at most `max` characters.
pub fn excerpt(markdown: &str, max: usize) -> String {
    let line = markdown
        .lines()
        .map(|l| l.trim_start_matches(['#', '>', '-', '*', ' ']).trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let plain: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']'))
        .collect();
    if plain.chars().count() > max {
        let cut: String = plain.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        plain
    }
}

/// Shows the post's banner while it is a published urgent notice; removes it otherwise.
/// The host hides the banner by itself when the notice expires.
pub fn sync_banner(id: &str, post: &Post) -> Result<(), Error> {
    match post.urgent_until {
        Some(until) if !post.draft && until > post.publish_at => banners::publish(&Banner {
            key: id.to_owned(),
            level: Level::Urgent,
            title: post.title.clone(),
            summary: excerpt(&post.body, 300),
            link: Some(format!("/posts/{id}")),
            starts_at: post.publish_at,
            ends_at: until,
            members_only: post.visibility == Visibility::Members,
        }),
        _ => banners::withdraw(id).map(|_| ()),
    }
}

/// Marks a post as due for its notification (once per post, when published).
pub fn mark_due(post: &mut Post, notified: bool) {
    post.notify_pending = !post.draft && !notified;
}

/// Tells every member about a post that has appeared.
pub fn send(id: &str, post: &Post) -> Result<(), Error> {
    let urgent = post.urgent_until.is_some();
    notify::send(
        Recipients::RoleAtLeast(Role::Member),
        if urgent { KIND } else { POSTS_KIND },
        &post.title,
        &excerpt(&post.body, 500),
        Some(&format!("/posts/{id}")),
        urgent,
    )
}

/// Sends the notifications of urgent notices whose time has come (the scheduled job; notices
/// published at once are sent by the request that published them).
pub fn send_due(now: i64) -> Result<(), String> {
    let due = POSTS
        .find(
            Query::new()
                .eq("notify_pending", true)
                .le("publish_at", now)
                .order_by("publish_at")
                .limit(20),
        )
        .map_err(|e| e.to_string())?;
    for mut record in due.items {
        send(&record.id, &record.data).map_err(|e| e.to_string())?;
        record.data.notify_pending = false;
        record.data.notified = true;
        POSTS.update(&record).map_err(|e| e.to_string())?;
    }
    Ok(())
}
