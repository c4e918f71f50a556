//! Posts as the templates show them: author names looked up once per page, the official
//! badge, and the state (draft, scheduled, urgent) worked out for the viewer.

use std::collections::HashMap;

use quartier_plugin_sdk::format::percent_encode;
use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;

use crate::model::{Config, Post, Powers, Visibility};

/// Current display names of the authors of these posts (members only; others keep the name
/// stored with the post).
pub fn author_names<'a>(
    posts: impl IntoIterator<Item = &'a Record<Post>>,
) -> HashMap<String, String> {
    let mut ids: Vec<String> = posts.into_iter().filter_map(|p| p.author.clone()).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return HashMap::new();
    }
    members::get(&ids)
        .map(|list| list.into_iter().map(|m| (m.id, m.display_name)).collect())
        .unwrap_or_default()
}

/// One post for a template.
pub fn post(
    record: &Record<Post>,
    names: &HashMap<String, String>,
    config: &Config,
    powers: &Powers,
    now: i64,
) -> Json {
    let post = &record.data;
    let author = record
        .author
        .as_ref()
        .and_then(|id| names.get(id))
        .cloned()
        .unwrap_or_else(|| post.author_name.clone());
    json!({
        "id": record.id,
        "href": format!("/posts/{}", record.id),
        "title": post.title,
        "body": post.body,
        "category": post.category,
        "category_query": category_query(&post.category),
        "author": author,
        // For the host's `by-person` helper, which collapses it for people who blocked them.
        "author_id": record.author,
        "official": config.is_official(record.author.as_deref()),
        "publish_at": post.publish_at,
        "edited_at": post.edited_at,
        "members_only": post.visibility == Visibility::Members,
        "pinned": post.pinned,
        "draft": post.draft,
        "scheduled": !post.draft && post.publish_at > now,
        "urgent": post.is_urgent_now(now),
        "urgent_until": post.urgent_until,
        "may_edit": powers.may_edit(record),
        "hidden": record.hidden,
    })
}

/// Several posts, with their authors' names from [`author_names`].
pub fn posts(
    records: &[Record<Post>],
    names: &HashMap<String, String>,
    config: &Config,
    powers: &Powers,
    now: i64,
) -> Vec<Json> {
    records
        .iter()
        .map(|r| post(r, names, config, powers, now))
        .collect()
}

/// The query that filters the list or the feed by a category, e.g. `category=Road%20works`.
pub fn category_query(category: &str) -> String {
    format!("category={}", percent_encode(category))
}
