//! Formatting the host does the same way for every plugin.

use crate::bindings::quartier::plugin::format as raw;

/// User-written Markdown as sanitised HTML, exactly as the `markdown` template helper renders
/// it. For bodies that are not templates, e.g. the content of an Atom feed entry.
pub fn markdown_to_html(source: &str) -> String {
    raw::markdown_to_html(source)
}

/// Escapes text for XML and HTML (`&`, `<`, `>`, `"`, `'`), e.g. when writing a feed.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a value for a URL query (everything but unreserved characters), e.g. a
/// category name in `?category=…`.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_xml_and_urls() {
        assert_eq!(escape_xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(
            percent_encode("Road works & more/ä"),
            "Road%20works%20%26%20more%2F%C3%A4"
        );
    }
}
