//! Atom 1.0 (RFC 4287) feeds: one `<feed>` with its id, title, links and author, and an
//! `<entry>` per item, every text and attribute escaped and every instant in RFC 3339 (UTC).

use crate::format::escape_xml;
use crate::time;
use crate::{BodyKind, Response};

/// A whole feed. The plugin decides which entries it carries; the writer only writes them.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's own absolute URL: its `<id>` and its `rel="self"` link.
    pub self_url: String,
    /// The feed's title.
    pub title: String,
    /// The language of its texts (`xml:lang`), e.g. `de`.
    pub language: String,
    /// The absolute URL of the HTML page the feed follows: its `rel="alternate"` link.
    pub html_url: String,
    /// Who speaks for the feed (the feed's `<author>`), e.g. the community's name.
    pub author: String,
    /// The feed's `<updated>` when it has no entries (ms), usually now; with entries it is
    /// the latest entry's.
    pub updated_fallback: i64,
    /// The entries, in the order they are written (newest first, as readers expect).
    pub entries: Vec<Entry>,
}

/// One item of a feed: an `<entry>`.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The item's absolute URL: its `<id>` (stable across refreshes) and its
    /// `rel="alternate"` link.
    pub url: String,
    /// The title, as plain text.
    pub title: String,
    /// When the item was first published (ms since the epoch).
    pub published: i64,
    /// When the item last changed for a reader (ms since the epoch).
    pub updated: i64,
    /// The entry's own `<author>`, if it should name one; without it the feed's author stands
    /// for the entry.
    pub author: Option<String>,
    /// Zero or more `<category>`s.
    pub categories: Vec<Category>,
    /// The body as HTML (`<content type="html">`), escaped once more by the writer.
    pub content_html: String,
}

/// A `<category term="…" label="…"/>` of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// What the category is, for machines.
    pub term: String,
    /// A name for people, if it differs from the term.
    pub label: Option<String>,
}

impl Category {
    /// A category with only a term.
    pub fn new(term: impl Into<String>) -> Category {
        Category {
            term: term.into(),
            label: None,
        }
    }

    /// A category with a term and a human-readable label.
    pub fn labelled(term: impl Into<String>, label: impl Into<String>) -> Category {
        Category {
            term: term.into(),
            label: Some(label.into()),
        }
    }
}

impl Feed {
    /// The feed's `<updated>`: the latest of its entries' updated times, or
    /// [`Feed::updated_fallback`] for an empty feed.
    pub fn updated(&self) -> i64 {
        self.entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(self.updated_fallback)
    }
}

/// The feed as an `application/atom+xml` answer ([`BodyKind::Atom`]).
pub fn body(feed: &Feed) -> Response {
    Response::body(BodyKind::Atom, xml(feed))
}

/// The whole document: an XML declaration, then `<feed xmlns xml:lang>` with `<id>`,
/// `<title>`, `<updated>`, the `rel="self"` (`application/atom+xml`) and `rel="alternate"`
/// (`text/html`) links and `<author><name>`, then per entry `<id>`, `<title>`, the
/// `rel="alternate"` link, `<published>`, `<updated>`, the optional `<author>`, the
/// `<category>`s and `<content type="html">`.
pub fn xml(feed: &Feed) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&feed.language)
    ));
    text(&mut out, 1, "id", &feed.self_url);
    text(&mut out, 1, "title", &feed.title);
    instant(&mut out, 1, "updated", feed.updated());
    link(&mut out, 1, "self", "application/atom+xml", &feed.self_url);
    link(&mut out, 1, "alternate", "text/html", &feed.html_url);
    author(&mut out, 1, &feed.author);
    for entry in &feed.entries {
        write_entry(&mut out, entry);
    }
    out.push_str("</feed>\n");
    out
}

fn write_entry(out: &mut String, entry: &Entry) {
    out.push_str("  <entry>\n");
    text(out, 2, "id", &entry.url);
    text(out, 2, "title", &entry.title);
    link(out, 2, "alternate", "text/html", &entry.url);
    instant(out, 2, "published", entry.published);
    instant(out, 2, "updated", entry.updated);
    if let Some(name) = &entry.author {
        author(out, 2, name);
    }
    for category in &entry.categories {
        indent(out, 2);
        out.push_str(&format!(
            "<category term=\"{}\"",
            escape_xml(&category.term)
        ));
        if let Some(label) = &category.label {
            out.push_str(&format!(" label=\"{}\"", escape_xml(label)));
        }
        out.push_str("/>\n");
    }
    indent(out, 2);
    out.push_str(&format!(
        "<content type=\"html\">{}</content>\n",
        escape_xml(&entry.content_html)
    ));
    out.push_str("  </entry>\n");
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// `<name>text</name>`, the text escaped.
fn text(out: &mut String, level: usize, name: &str, value: &str) {
    indent(out, level);
    out.push_str(&format!("<{name}>{}</{name}>\n", escape_xml(value)));
}

/// `<name>2026-07-01T16:00:00Z</name>`.
fn instant(out: &mut String, level: usize, name: &str, ms: i64) {
    indent(out, level);
    out.push_str(&format!("<{name}>{}</{name}>\n", time::rfc3339(ms)));
}

fn link(out: &mut String, level: usize, rel: &str, kind: &str, href: &str) {
    indent(out, level);
    out.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{kind}\" href=\"{}\"/>\n",
        escape_xml(href)
    ));
}

fn author(out: &mut String, level: usize, name: &str) {
    indent(out, level);
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape_xml(name)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-07-01T16:00:00Z
    const JULY: i64 = 1_782_921_600_000;
    const HOUR: i64 = 3_600_000;

    fn feed(entries: Vec<Entry>) -> Feed {
        Feed {
            self_url: "https://q.example/c/ransbach/news/feed.atom".into(),
            title: "Ransbach – Neuigkeiten".into(),
            language: "de".into(),
            html_url: "https://q.example/c/ransbach/news".into(),
            author: "Ransbach".into(),
            updated_fallback: JULY,
            entries,
        }
    }

    fn entry(id: u32, published: i64, updated: i64) -> Entry {
        Entry {
            url: format!("https://q.example/c/ransbach/news/posts/{id}"),
            title: format!("Beitrag {id}"),
            published,
            updated,
            author: None,
            categories: Vec::new(),
            content_html: "<p>Hallo</p>".into(),
        }
    }

    /// The `<entry>` elements of a feed.
    fn entries(xml: &str) -> Vec<&str> {
        xml.split("<entry>")
            .skip(1)
            .map(|e| &e[..e.find("</entry>").expect("</entry>")])
            .collect()
    }

    #[test]
    fn everything_is_escaped() {
        let mut e = entry(1, JULY, JULY);
        e.url = "https://q.example/p?a=1&b=\"2\"".into();
        e.title = "Wasser & Strom <b>fett</b> 'heute'\u{7}".into();
        e.author = Some("Ann & <Bob>".into());
        e.categories = vec![Category::labelled("a\"b", "<Schlüssel> & Co")];
        e.content_html = "<p>Kaffee &amp; Kuchen</p>".into();
        let mut f = feed(vec![e]);
        f.title = "A & B".into();
        f.language = "de\"x".into();
        f.author = "<Gemeinde>".into();
        f.html_url = "https://q.example/?x=<y>".into();
        let xml = xml(&f);
        assert!(xml.contains(" xml:lang=\"de&quot;x\">\n"), "{xml}");
        assert!(xml.contains("  <title>A &amp; B</title>\n"), "{xml}");
        assert!(xml.contains("<author><name>&lt;Gemeinde&gt;</name></author>"));
        assert!(xml.contains("href=\"https://q.example/?x=&lt;y&gt;\""));
        let entry = entries(&xml)[0];
        assert!(entry.contains("<id>https://q.example/p?a=1&amp;b=&quot;2&quot;</id>"));
        assert!(entry.contains("href=\"https://q.example/p?a=1&amp;b=&quot;2&quot;\""));
        assert!(entry.contains(
            "<title>Wasser &amp; Strom &lt;b&gt;fett&lt;/b&gt; &apos;heute&apos;</title>"
        ));
        assert!(entry.contains("<author><name>Ann &amp; &lt;Bob&gt;</name></author>"));
        assert!(
            entry.contains("<category term=\"a&quot;b\" label=\"&lt;Schlüssel&gt; &amp; Co\"/>")
        );
        assert!(entry.contains(
            "<content type=\"html\">&lt;p&gt;Kaffee &amp;amp; Kuchen&lt;/p&gt;</content>"
        ));
        assert!(!xml.contains("<b>") && !xml.contains('\u{7}'));
    }

    #[test]
    fn a_feed_with_two_entries() {
        let mut newer = entry(2, JULY + HOUR, JULY + 3 * HOUR);
        newer.author = Some("Moritz Moderator".into());
        newer.categories = vec![Category::new("Vereine")];
        let older = entry(1, JULY, JULY + HOUR);
        let f = feed(vec![newer, older]);
        assert_eq!(f.updated(), JULY + 3 * HOUR);
        assert_eq!(
            xml(&f),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">\n\
             \x20 <id>https://q.example/c/ransbach/news/feed.atom</id>\n\
             \x20 <title>Ransbach – Neuigkeiten</title>\n\
             \x20 <updated>2026-07-01T19:00:00Z</updated>\n\
             \x20 <link rel=\"self\" type=\"application/atom+xml\" href=\"https://q.example/c/ransbach/news/feed.atom\"/>\n\
             \x20 <link rel=\"alternate\" type=\"text/html\" href=\"https://q.example/c/ransbach/news\"/>\n\
             \x20 <author><name>Ransbach</name></author>\n\
             \x20 <entry>\n\
             \x20   <id>https://q.example/c/ransbach/news/posts/2</id>\n\
             \x20   <title>Beitrag 2</title>\n\
             \x20   <link rel=\"alternate\" type=\"text/html\" href=\"https://q.example/c/ransbach/news/posts/2\"/>\n\
             \x20   <published>2026-07-01T17:00:00Z</published>\n\
             \x20   <updated>2026-07-01T19:00:00Z</updated>\n\
             \x20   <author><name>Moritz Moderator</name></author>\n\
             \x20   <category term=\"Vereine\"/>\n\
             \x20   <content type=\"html\">&lt;p&gt;Hallo&lt;/p&gt;</content>\n\
             \x20 </entry>\n\
             \x20 <entry>\n\
             \x20   <id>https://q.example/c/ransbach/news/posts/1</id>\n\
             \x20   <title>Beitrag 1</title>\n\
             \x20   <link rel=\"alternate\" type=\"text/html\" href=\"https://q.example/c/ransbach/news/posts/1\"/>\n\
             \x20   <published>2026-07-01T16:00:00Z</published>\n\
             \x20   <updated>2026-07-01T17:00:00Z</updated>\n\
             \x20   <content type=\"html\">&lt;p&gt;Hallo&lt;/p&gt;</content>\n\
             \x20 </entry>\n\
             </feed>\n"
        );
    }

    #[test]
    fn an_empty_feed_is_updated_at_the_fallback() {
        let f = feed(Vec::new());
        assert_eq!(f.updated(), JULY);
        let xml = xml(&f);
        assert!(
            xml.contains("  <updated>2026-07-01T16:00:00Z</updated>\n"),
            "{xml}"
        );
        assert!(!xml.contains("<entry>"));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"));
        assert!(xml.ends_with("</feed>\n"));
    }

    #[test]
    fn the_body_is_atom() {
        match body(&feed(Vec::new())) {
            Response::Body(b) => {
                assert!(matches!(b.kind, BodyKind::Atom));
                assert_eq!(b.filename, None);
                assert!(b.content.contains("<feed "));
            }
            _ => panic!("not a body"),
        }
    }
}
