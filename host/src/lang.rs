//! The languages the interface speaks, and how a request's language is chosen.

use serde::{Deserialize, Serialize};

/// A supported interface language. German is the primary audience and the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Parses a code such as `de`, `en`, `en-GB` (the region is ignored).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_weighed() {
        let check = |header: &str, expected: Option<Lang>| {
            assert_eq!(Lang::from_accept_language(header), expected, "{header}");
        };
        check("de-DE,de;q=0.9,en;q=0.8", Some(Lang::De));
        check("fr-FR, en;q=0.5, de;q=0.7", Some(Lang::De));
        check("en-GB,en;q=0.9", Some(Lang::En));
        check("fr, it", None);
        check("", None);
        check("de;q=0", None);
    }
}
