//! User-written rich text: Markdown rendered to HTML that is safe by construction.
//!
//! Raw HTML in the source is never passed through: it is shown as text. Links and images keep
//! only `http`, `https`, `mailto` and relative targets, so `javascript:` URLs cannot appear.
//! Images are rendered as links (no remote images loaded into a community's pages).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// Renders `source` to sanitised HTML.
pub fn render(source: &str) -> String {
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    let mut in_image = false;
    let events = parser.map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => {
            in_image = true;
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: safe_url(dest_url),
                title,
                id,
            })
        }
        Event::End(TagEnd::Image) if in_image => {
            in_image = false;
            Event::End(TagEnd::Link)
        }
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Keeps a link target only if its scheme is harmless; otherwise points it nowhere.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_delimiter = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_delimiter) {
        (Some(colon), Some(slash)) => colon < slash,
        (Some(_), None) => true,
        _ => false,
    };
    if !has_scheme
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
    {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let check =
            |input: &str, expected: &str| assert_eq!(render(input).trim(), expected, "{input}");
        check(
            "**Fest** am _Samstag_",
            "<p><strong>Fest</strong> am <em>Samstag</em></p>",
        );
        check(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        );
        check(
            "a <b onclick=x>b</b>",
            "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>",
        );
        check("[x](javascript:alert(1))", "<p><a href=\"#\">x</a></p>");
        check("[x](JavaScript:alert(1))", "<p><a href=\"#\">x</a></p>");
        check(
            "[x](https://example.org)",
            "<p><a href=\"https://example.org\">x</a></p>",
        );
        check("[x](/c/ransbach)", "<p><a href=\"/c/ransbach\">x</a></p>");
        check(
            "![bild](data:image/png;base64,xx)",
            "<p><a href=\"#\">bild</a></p>",
        );
    }
}
