//! The Atom 1.0 feed of public, published posts (`/feed.atom`, also `?category=…`). It is
//! the same for everyone who fetches it, logged in or not: feed readers share URLs.

use quartier_plugin_sdk::format::{escape_xml, markdown_to_html};
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
    let updated = posts.iter().map(updated_at).max().unwrap_or(now);
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    xml.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape_xml(&community.language)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape_xml(&self_url)));
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&title)));
    xml.push_str(&format!(
        "  <updated>{}</updated>\n",
        time::rfc3339(updated)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(base)
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&community.name)
    ));
    for record in &posts {
        let post = &record.data;
        debug_assert!(post.visibility == Visibility::Public);
        let url = format!("{base}/posts/{}", record.id);
        let author = record
            .author
            .as_ref()
            .and_then(|id| names.get(id))
            .unwrap_or(&post.author_name);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&post.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&url)
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            time::rfc3339(post.publish_at)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            time::rfc3339(updated_at(record))
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape_xml(if author.is_empty() {
                &community.name
            } else {
                author
            })
        ));
        if !post.category.is_empty() {
            xml.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape_xml(&post.category)
            ));
        }
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape_xml(&markdown_to_html(&post.body))
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok(Response::body(BodyKind::Atom, xml))
}

/// When an entry last changed for a reader: its last edit, else its publication.
fn updated_at(record: &Record<Post>) -> i64 {
    record
        .data
        .edited_at
        .unwrap_or(record.data.publish_at)
        .max(record.data.publish_at)
}
