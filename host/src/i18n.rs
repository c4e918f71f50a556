//! The German and English string catalogues (Fluent), embedded in the binary.
//!
//! A key missing in one language falls back to the other, then to the key itself, so a
//! page never fails over a string; a unit test keeps both catalogues in step.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::lang::Lang;

const DE: &str = include_str!("../locales/de.ftl");
const EN: &str = include_str!("../locales/en.ftl");

/// Both catalogues, ready to format messages.
pub struct Catalogue {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Catalogue")
    }
}

impl Catalogue {
    /// Parses the embedded catalogues. Panics on a syntax error: that is a build defect,
    /// caught by the unit tests.
    pub fn load() -> Self {
        Self::parse(&[(Lang::De, DE), (Lang::En, EN)]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Builds a catalogue from Fluent sources (a plugin's translations, say).
    pub fn parse(sources: &[(Lang, &str)]) -> Result<Self, String> {
        let mut bundles = HashMap::new();
        for (lang, source) in sources {
            let resource = FluentResource::try_new((*source).to_owned())
                .map_err(|(_, errors)| format!("{} catalogue: {errors:?}", lang.code()))?;
            let id: LanguageIdentifier = lang.code().parse().expect("valid language id");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks would end up inside HTML attributes and mail subjects.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("{} catalogue: {errors:?}", lang.code()))?;
            bundles.insert(*lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// Formats `key` in `lang`, or in the other language; `None` if neither has it.
    pub fn lookup(
        &self,
        lang: Lang,
        key: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Option<String> {
        let fallback = match lang {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        };
        for lang in [lang, fallback] {
            let Some(bundle) = self.bundles.get(&lang) else {
                continue;
            };
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut fluent_args = FluentArgs::new();
                for (name, value) in args {
                    fluent_args.set(*name, value.clone());
                }
                let mut errors = vec![];
                return Some(
                    bundle
                        .format_pattern(pattern, Some(&fluent_args), &mut errors)
                        .into_owned(),
                );
            }
        }
        None
    }

    /// Formats `key` in `lang` with the given named arguments; the key itself if unknown.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.lookup(lang, key, args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Shorthand for a message without arguments.
    pub fn get(&self, lang: Lang, key: &str) -> String {
        self.text(lang, key, &[])
    }

    /// Every message id of a language (for the consistency test).
    #[cfg(test)]
    fn keys(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next().map(str::trim).map(str::to_owned))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        let catalogue = Catalogue::load();
        let (de, en) = (Catalogue::keys(DE), Catalogue::keys(EN));
        let only_de: Vec<_> = de.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&de).collect();
        assert!(
            only_de.is_empty() && only_en.is_empty(),
            "only de: {only_de:?}, only en: {only_en:?}"
        );
        assert_eq!(catalogue.get(Lang::De, "nav-login"), "Anmelden");
        assert_eq!(catalogue.get(Lang::En, "nav-login"), "Log in");
    }

    #[test]
    fn every_key_used_by_templates_and_code_exists() {
        let de = Catalogue::keys(DE);
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        let mut missing = vec![];
        // Templates name keys as `t "key"`; code names them as literals with known prefixes.
        let places: [(&str, &[&str]); 3] = [
            ("templates", &["t \""]),
            ("mails", &["t \""]),
            ("src", &["\"error-", "\"flash-", "\"mail-", "\"audit-"]),
        ];
        for (dir, markers) in places {
            for path in files_under(&format!("{root}{dir}")) {
                let text = std::fs::read_to_string(&path).unwrap();
                for key in used_keys(&text, markers) {
                    if !de.contains(&key) {
                        missing.push(format!("{key} ({})", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in the catalogues: {missing:#?}"
        );
    }

    fn used_keys(text: &str, markers: &[&str]) -> Vec<String> {
        let mut keys = vec![];
        for marker in markers {
            let mut rest = text;
            while let Some(pos) = rest.find(marker) {
                // After `t "` the key follows; a `"error-…` literal starts right after its quote.
                let start = if marker.starts_with("t ") {
                    pos + marker.len()
                } else {
                    pos + 1
                };
                let tail = &rest[start..];
                let key = &tail[..tail.find('"').unwrap_or(0)];
                let complete = !key.ends_with('-') && key != "key";
                if !key.is_empty()
                    && complete
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    keys.push(key.to_owned());
                }
                rest = &rest[pos + marker.len()..];
            }
        }
        keys
    }

    fn files_under(dir: &str) -> Vec<std::path::PathBuf> {
        let mut out = vec![];
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(files_under(path.to_str().unwrap()));
            } else if path.extension().is_some_and(|e| e == "hbs" || e == "rs") {
                out.push(path);
            }
        }
        out
    }
}
