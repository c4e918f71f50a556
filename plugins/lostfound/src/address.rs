//! Does a text look like an exact address? Places are to be landmarks or areas ("by the
//! church", "Bushaltestelle Kirchplatz"), never someone's front door, so a street with a house
//! number is refused: "Hauptstraße 12", "Kirchweg 3a", "Am Markt 5", "12 Main Street".
//!
//! A heuristic, tuned to refuse common address forms and let ordinary descriptions through;
//! it errs on the side of asking once more for a landmark.

/// German street words: a token ending in one of these, followed by a house number.
const STREET_SUFFIXES: &[&str] = &[
    "straße", "strasse", "str", "weg", "gasse", "platz", "allee", "ring", "damm", "pfad", "ufer",
    "steig", "chaussee", "hof", "markt", "stieg", "zeile",
];

/// Words that open a German street name without a street word: "Am Weiher 3", "Zur Mühle 2".
/// Prepositions common in descriptions ("Im Bus 7", "Vor dem Rathaus") are left out.
const STREET_OPENERS: &[&str] = &["Am", "An", "Auf", "Zum", "Zur"];

/// English street types after a number and a name: "12 Main Street", "3 Elm Rd".
const ENGLISH_STREETS: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "ln",
    "avenue",
    "ave",
    "av",
    "drive",
    "dr",
    "close",
    "way",
    "court",
    "ct",
    "place",
    "pl",
    "crescent",
    "terrace",
    "gardens",
    "grove",
    "boulevard",
    "blvd",
    "square",
    "sq",
    "row",
    "mews",
    "hill",
];

/// After a number these make it a time, a distance, an amount: "Am Markt 5 Uhr".
const UNITS: &[&str] = &[
    "uhr", "h", "min", "minuten", "m", "meter", "km", "euro", "eur", "€", "jahre", "jahren",
    "stück", "stk", "mal", "x",
];

/// The words of the text with the punctuation around them removed, each with whether a
/// punctuation mark (comma, full stop, …) follows it.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    text.split(char::is_whitespace)
        .filter_map(|raw| {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '€');
            let closes = raw.ends_with([',', ';', '.', ':', '!', '?', ')']);
            (!word.is_empty()).then_some((word, closes))
        })
        .collect()
}

/// 1–4 digits with an optional letter, optionally a range or fraction: `12`, `3a`, `12-14`,
/// `5/1`.
fn is_house_number(token: &str) -> bool {
    fn part(p: &str) -> bool {
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &p[digits..];
        (1..=4).contains(&digits)
            && (rest.is_empty()
                || (rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_alphabetic())))
    }
    match token.split_once(['-', '/']) {
        Some((a, b)) => part(a) && part(b),
        None => part(token),
    }
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A German street word: ends in a street suffix; a bare suffix ("weg", "platz") only when
/// capitalised, since "weg" alone is also "gone".
fn is_street_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    STREET_SUFFIXES.iter().any(|suffix| {
        lower.ends_with(suffix)
            && (lower.chars().count() > suffix.chars().count() || capitalised(word))
    })
}

fn is_unit(token: Option<&str>) -> bool {
    token.is_some_and(|t| UNITS.contains(&t.to_lowercase().as_str()))
}

/// True when the text contains what looks like a street with a house number.
pub fn looks_like_address(text: &str) -> bool {
    let tokens = tokens(text);
    let words: Vec<&str> = tokens.iter().map(|(w, _)| *w).collect();
    for (i, word) in words.iter().enumerate() {
        if !is_house_number(word) {
            continue;
        }
        let after = words.get(i + 1).copied();
        // German: "Hauptstraße 12", "Berliner Str. 5", "Lindenallee 7".
        if i >= 1 && !is_unit(after) {
            let before = words[i - 1];
            if is_street_word(before) {
                return true;
            }
            // "Am Weiher 3", "An der Mühle 2", "Zur alten Schmiede 4": an opener, the name's
            // capitalised last word, the number — not followed by a capitalised word in the
            // same clause, which reads as a count ("Zum Glück 2 Schlüssel").
            let opener = |j: usize| STREET_OPENERS.contains(&words[j]);
            let counted = !tokens[i].1 && after.is_some_and(capitalised);
            if capitalised(before)
                && !counted
                && ((i >= 2 && opener(i - 2)) || (i >= 3 && opener(i - 3)))
            {
                return true;
            }
        }
        // English: "12 Main Street", "42 Old Mill Road", "3 Elm Lane".
        for name_words in 1..=2 {
            let names = words.get(i + 1..i + 1 + name_words);
            let street = words.get(i + 1 + name_words);
            if let (Some(names), Some(street)) = (names, street)
                && names.iter().all(|n| capitalised(n))
                && ENGLISH_STREETS.contains(&street.to_lowercase().as_str())
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::looks_like_address;

    #[test]
    fn streets_with_house_numbers_are_refused() {
        for text in [
            "Hauptstraße 12",
            "Kirchweg 3a",
            "Am Markt 5",
            "Lindenallee 7",
            "Berliner Straße 12",
            "Berliner Str. 5",
            "Hauptstr. 12",
            "Karl-Marx-Straße 5",
            "Hauptstrasse 12-14",
            "Gartenstr 8/1",
            "vor der Hauptstraße 12, gleich beim Bäcker",
            "Ich wohne Am Weiher 3.",
            "Am Weiher 3, Ransbach",
            "An der Mühle 2",
            "Zur alten Schmiede 4",
            "hauptstraße 12",
            "Mühlenring 4",
            "Bahnhofplatz 1",
            "12 Main Street",
            "5 Church Road",
            "3 Elm Lane",
            "3 Elm Avenue",
            "3 Elm St",
            "3 Elm Rd",
            "42 Old Mill Road",
            "found at 221b Baker Street.",
        ] {
            assert!(looks_like_address(text), "should be refused: {text}");
        }
    }

    #[test]
    fn landmarks_and_areas_pass() {
        for text in [
            "Bushaltestelle Kirchplatz",
            "by the church",
            "Spielplatz am Weiher",
            "Nähe Hausnummer-freie Angaben",
            "Route 66",
            "Linie 5 Richtung Bahnhof",
            "Im Bus 7 gefunden",
            "Gleis 2",
            "Kirche St. Martin",
            "Am Sportplatz",
            "Ortsmitte",
            "Neubaugebiet Nord",
            "Mein Schlüssel ist weg 3 Tage schon",
            "Am Markt 5 Uhr morgens",
            "Zum Glück 2 Schlüssel gefunden",
            "Vor dem Rathaus 2 Handschuhe",
            "3 keys on the way home",
            "Schwarzer Hund, ca. 5 Jahre alt",
            "",
            "Ecke Hauptstraße/Kirchweg",
            "zwischen Bäcker und Rathaus",
            "2026 im Sommer",
        ] {
            assert!(!looks_like_address(text), "should pass: {text}");
        }
    }
}
