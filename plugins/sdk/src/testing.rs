//! Checks for a plugin's own unit tests: that both languages have the same messages and that
//! every message the templates and the code name exists. Run them natively
//! (`cargo test --target <host triple>`); they read the sources as text.

use std::collections::BTreeSet;

/// The message ids of a Fluent file (one `id = text` per line; comments skipped).
pub fn message_ids(ftl: &str) -> BTreeSet<&str> {
    ftl.lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim()))
        .filter(|id| !id.is_empty() && !id.starts_with('#'))
        .collect()
}

/// Panics unless the two Fluent files define the same messages.
pub fn assert_same_messages(de: &str, en: &str) {
    let (de, en) = (message_ids(de), message_ids(en));
    let only_de: Vec<_> = de.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&de).collect();
    assert!(
        only_de.is_empty() && only_en.is_empty(),
        "only in German: {only_de:?}; only in English: {only_en:?}"
    );
}

/// Panics if a template names a message (`{{t "key"`) the Fluent file lacks.
pub fn assert_templates_use_known_messages(ftl: &str, templates: &[(&str, &str)]) {
    let known = message_ids(ftl);
    for (name, template) in templates {
        for used in template.split("{{t \"").skip(1) {
            let key = used.split('"').next().unwrap_or_default();
            assert!(
                known.contains(key),
                "message {key} in template {name} is missing"
            );
        }
    }
}

/// Panics if a string literal in the sources that starts with one of `prefixes` (e.g.
/// `"error-"`, `"flash-"`) is not a message of the Fluent file.
pub fn assert_code_uses_known_messages(ftl: &str, sources: &[&str], prefixes: &[&str]) {
    let known = message_ids(ftl);
    for source in sources {
        for literal in source.split('"').skip(1).step_by(2) {
            if prefixes.iter().any(|p| literal.starts_with(p)) {
                assert!(known.contains(literal), "message {literal} is missing");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE: &str = "# Kommentar\ngreeting = Hallo\nerror-name = Name fehlt\n";
    const EN: &str = "greeting = Hello\nerror-name = Name missing\n";

    #[test]
    fn known_messages_pass() {
        assert_eq!(message_ids(DE).len(), 2);
        assert_same_messages(DE, EN);
        assert_templates_use_known_messages(DE, &[("index", "<p>{{t \"greeting\"}}</p>")]);
        assert_code_uses_known_messages(DE, &["add(\"name\", \"error-name\")"], &["error-"]);
    }

    #[test]
    #[should_panic(expected = "message farewell in template index is missing")]
    fn an_unknown_template_message_fails() {
        assert_templates_use_known_messages(DE, &[("index", "{{t \"farewell\"}}")]);
    }

    #[test]
    #[should_panic(expected = "only in German")]
    fn a_message_missing_in_one_language_fails() {
        assert_same_messages(DE, "greeting = Hello\n");
    }
}
