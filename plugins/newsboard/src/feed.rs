//! The Atom 1.0 feed of public, published posts (`/feed.atom`, also `?category=…`). It is
//! the same for everyone who fetches it, logged in or not: feed readers share URLs.

use quartier_plugin_sdk::atom;
use quartier_plugin_sdk::format::markdown_to_html;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::model::{Config, POSTS, Post, Visibility};
use crate::shown;

/// How many entries the feed carries.
const ENTRIES: u32 = 50;

pub fn atom(req: &Request) -> Result<Response, Error> {
    let now = time::now();
    let config = Config::load()?;
    let community = context::community();
    let category = match req.query("category") {
        None => None,
        Some(c) if config.categories.iter().any(|known| known == c) => Some(c),
        // An unknown category has no feed.
        Some(_) => return Ok(Response::not_found()),
    };
    let mut query = Query::new()
        .eq("draft", false)
        .le("publish_at", now)
        .eq("visibility", "public");
    if let Some(c) = category {
        query = query.eq("category", c);
    }
    let posts = POSTS
        .find(query.order_by("publish_at").descending().limit(ENTRIES))?
        .items;
    let names = shown::author_names(&posts);
    let base = community.mount_url.trim_end_matches('/');
    let self_url = match category {
        Some(c) => format!("{base}/feed.atom?{}", shown::category_query(c)),
        None => format!("{base}/feed.atom"),
    };
    let title = match (category, community.language.as_str()) {
        (Some(c), "de") => format!("{} – Neuigkeiten: {c}", community.name),
        (Some(c), _) => format!("{} – News: {c}", community.name),
        (None, "de") => format!("{} – Neuigkeiten", community.name),
        (None, _) => format!("{} – News", community.name),
    };
    let entries = posts
        .iter()
        .map(|record| {
            let post = &record.data;
            debug_assert!(post.visibility == Visibility::Public);
            let author = record
                .author
                .as_ref()
                .and_then(|id| names.get(id))
                .unwrap_or(&post.author_name);
            atom::Entry {
                url: format!("{base}/posts/{}", record.id),
                title: post.title.clone(),
                published: post.publish_at,
                updated: updated_at(record),
                author: Some(if author.is_empty() {
                    community.name.clone()
                } else {
                    author.clone()
                }),
                categories: if post.category.is_empty() {
                    Vec::new()
                } else {
                    vec![atom::Category::new(&post.category)]
                },
                content_html: markdown_to_html(&post.body),
            }
        })
        .collect();
    Ok(atom::body(&atom::Feed {
        self_url,
        title,
        language: community.language.clone(),
        html_url: base.to_owned(),
        author: community.name.clone(),
        updated_fallback: now,
        entries,
    }))
}

/// When an entry last changed for a reader: its last edit, else its publication.
fn updated_at(record: &Record<Post>) -> i64 {
    record
        .data
        .edited_at
        .unwrap_or(record.data.publish_at)
        .max(record.data.publish_at)
}
