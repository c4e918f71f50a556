//! "Might be yours": lost and found entries of the same kind whose words overlap and whose
//! dates fit. The scoring is pure (and unit tested); `announce_new` tells both authors of each
//! new pair once, `best_for` ranks live candidates for an author's entry page.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

use crate::model::{ENTRIES, Entry, EntryType, MATCHES, MatchPair, Powers, Status};
use crate::notices;

/// Words too common to say anything, folded like the words they are compared with.
const STOP_WORDS: &[&str] = &[
    // German
    "der", "die", "das", "den", "dem", "des", "und", "oder", "aber", "mit", "ein", "eine", "einen",
    "einem", "einer", "eines", "bei", "beim", "von", "vom", "zum", "zur", "auf", "aus", "fuer",
    "ist", "sind", "war", "waren", "wurde", "hat", "habe", "haben", "nicht", "noch", "auch", "wie",
    "was", "wer", "wir", "ich", "sie", "ihr", "mein", "meine", "meinen", "meiner", "dein", "deine",
    "sein", "seine", "ihre", "unser", "unsere", "hier", "dort", "heute", "gestern", "bitte",
    "danke", "hallo", "nach", "vor", "hinter", "neben", "naehe", "gegen", "ueber", "unter",
    "zwischen", "etwa", "circa", "sehr", "ganz", "verloren", "gefunden", "gesucht", "vermisst",
    "vermisse", "liegen", "lag", "gelassen", "irgendwo", "jemand", "ohne", "kein", "keine", "dass",
    "wenn", "weil", "sich", "uns", "euch", "ihn", "ihm", // English
    "the", "and", "with", "for", "from", "near", "this", "that", "was", "were", "has", "have",
    "had", "not", "lost", "found", "missing", "please", "thanks", "someone", "left", "behind",
    "our", "your", "his", "her", "its", "but", "are",
];

/// Lower case with umlauts and ß spelled out (ä → ae, ß → ss) and common accents dropped,
/// so "Grün" and "gruen" are the same word.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' => out.push('u'),
            c => out.push(c),
        }
    }
    out
}

/// A form of a text for searching, the same however umlauts were typed: "Schlüssel",
/// "Schluessel" and "Schlussel" all become "schlussel".
pub fn search_key(text: &str) -> String {
    fold(text)
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
}

/// True when the search words all occur in the text (both through [`search_key`]).
pub fn matches_search(haystack: &str, query: &str) -> bool {
    let haystack = search_key(haystack);
    search_key(query)
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The significant words of a text: folded, split on everything but letters, at least three
/// letters long, without stop words, each once.
pub fn significant_words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut words: Vec<String> = Vec::new();
    for word in folded.split(|c: char| !c.is_alphabetic()) {
        if word.chars().count() >= 3
            && !STOP_WORDS.contains(&word)
            && !words.iter().any(|w| w == word)
        {
            words.push(word.to_owned());
        }
    }
    words
}

/// The same word, or — for words of five letters or more — the same stem ("gruenem",
/// "gruener": a common beginning of five letters) or one inside the other ("schluessel",
/// "hausschluessel").
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 5 || lb < 5 {
        return false;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 5 || a.contains(b) || b.contains(a)
}

/// What matching looks at in an entry.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub entry_type: EntryType,
    pub kind: &'a str,
    pub date: &'a str,
    pub area: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub place: &'a str,
}

impl<'a> Candidate<'a> {
    pub fn of(entry: &'a Entry) -> Candidate<'a> {
        Candidate {
            entry_type: entry.entry_type,
            kind: &entry.kind,
            date: &entry.date,
            area: &entry.area,
            title: &entry.title,
            description: &entry.description,
            place: &entry.place,
        }
    }

    fn words(&self) -> Vec<String> {
        significant_words(&format!(
            "{} {} {}",
            self.title, self.description, self.place
        ))
    }
}

/// How many words of `a` have a similar word in `b`.
fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|x| b.iter().any(|y| similar(x, y))).count()
}

/// How well a lost and a found entry fit, or none when they cannot be the same thing: they
/// must be of opposite types and the same kind, the thing must be found at most two days
/// before it was lost and at most 60 days after, and they must share a significant word.
pub fn score(a: &Candidate, b: &Candidate) -> Option<i64> {
    if a.entry_type == b.entry_type || a.kind != b.kind {
        return None;
    }
    let (lost, found) = if a.entry_type == EntryType::Lost {
        (a, b)
    } else {
        (b, a)
    };
    let (lost_date, found_date) = (Date::parse(lost.date)?, Date::parse(found.date)?);
    let days = lost_date.days_until(found_date);
    if !(-2..=60).contains(&days) {
        return None;
    }
    let words = shared(&lost.words(), &found.words());
    if words == 0 {
        return None;
    }
    let mut score = 10 * words as i64;
    if !lost.area.is_empty() && lost.area == found.area {
        score += 5;
    } else if shared(
        &significant_words(lost.place),
        &significant_words(found.place),
    ) > 0
    {
        score += 3;
    }
    // The closer in time, the likelier: up to four points off over two months.
    score -= days.abs() / 15;
    Some(score)
}

/// The open entries of the opposite type and the same kind, for matching with `entry`.
fn candidates(entry: &Entry) -> Result<Vec<Record<Entry>>, Error> {
    Ok(ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Open.as_str())
                .eq("type", entry.entry_type.opposite().as_str())
                .eq("kind", entry.kind.as_str())
                .order_by("created-at")
                .descending()
                .limit(300),
        )?
        .items)
}

/// The best five entries for an author's open entry, among those the author may see.
pub fn best_for(
    entry: &Record<Entry>,
    powers: &Powers,
) -> Result<Vec<(Record<Entry>, i64)>, Error> {
    if !entry.data.is_open() {
        return Ok(vec![]);
    }
    let me = Candidate::of(&entry.data);
    let mut found: Vec<(Record<Entry>, i64)> = candidates(&entry.data)?
        .into_iter()
        .filter(|c| c.id != entry.id && powers.may_see(c))
        .filter_map(|c| score(&me, &Candidate::of(&c.data)).map(|s| (c, s)))
        .collect();
    found.sort_by(|(a, x), (b, y)| y.cmp(x).then(b.created_at.cmp(&a.created_at)));
    found.truncate(5);
    Ok(found)
}

/// At most this many new pairs are announced per save; more would be noise.
const ANNOUNCE_AT_MOST: usize = 5;

/// Records and announces the new pairs of a just saved open entry: both authors hear once per
/// pair, however often the entry is edited.
pub fn announce_new(entry: &Record<Entry>) -> Result<usize, Error> {
    if !entry.data.is_open() {
        return Ok(0);
    }
    let side = match entry.data.entry_type {
        EntryType::Lost => "lost_id",
        EntryType::Found => "found_id",
    };
    let known: Vec<MatchPair> = MATCHES
        .find(Query::new().eq(side, entry.id.as_str()).limit(500))?
        .items
        .into_iter()
        .map(|r| r.data)
        .collect();
    let me = Candidate::of(&entry.data);
    let mut fitting: Vec<(Record<Entry>, i64)> = candidates(&entry.data)?
        .into_iter()
        .filter(|c| c.id != entry.id && c.author.is_some() && c.author != entry.author)
        .filter_map(|c| score(&me, &Candidate::of(&c.data)).map(|s| (c, s)))
        .collect();
    fitting.sort_by(|(_, x), (_, y)| y.cmp(x));
    let mut announced = 0;
    for (other, _) in fitting {
        let pair = match entry.data.entry_type {
            EntryType::Lost => MatchPair {
                lost_id: entry.id.clone(),
                found_id: other.id.clone(),
            },
            EntryType::Found => MatchPair {
                lost_id: other.id.clone(),
                found_id: entry.id.clone(),
            },
        };
        if known
            .iter()
            .any(|k| k.lost_id == pair.lost_id && k.found_id == pair.found_id)
        {
            continue;
        }
        MATCHES.insert(&pair)?;
        notices::might_match(entry, &other)?;
        notices::might_match(&other, entry)?;
        announced += 1;
        if announced == ANNOUNCE_AT_MOST {
            break;
        }
    }
    Ok(announced)
}

/// Forgets the pairs of a deleted entry.
pub fn forget(entry_id: &str) -> Result<(), Error> {
    for side in ["lost_id", "found_id"] {
        for pair in MATCHES
            .find(Query::new().eq(side, entry_id).limit(500))?
            .items
        {
            MATCHES.delete(&pair.id)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate<'a>(
        entry_type: EntryType,
        kind: &'a str,
        date: &'a str,
        title: &'a str,
        description: &'a str,
        place: &'a str,
    ) -> Candidate<'a> {
        Candidate {
            entry_type,
            kind,
            date,
            area: "",
            title,
            description,
            place,
        }
    }

    #[test]
    fn words_are_folded_and_stop_words_dropped() {
        assert_eq!(
            significant_words("Schlüssel mit grünem Anhänger, bei der Kirche!"),
            ["schluessel", "gruenem", "anhaenger", "kirche"]
        );
        assert_eq!(
            significant_words("Der GROSSE Hund, der große Hund"),
            ["grosse", "hund"]
        );
        assert!(significant_words("in an am 12 ab").is_empty());
    }

    #[test]
    fn similar_words_share_a_stem_or_contain_each_other() {
        assert!(similar("schluessel", "hausschluessel"));
        assert!(similar("gruenem", "gruener"));
        assert!(similar("gruen", "gruener"));
        assert!(similar("hund", "hund"));
        assert!(!similar("hund", "hunde"), "short words must be equal");
        assert!(!similar("schwarz", "schwester"));
        assert!(!similar("kirche", "kirsche"));
    }

    #[test]
    fn the_keys_at_the_church_match() {
        let lost = candidate(
            EntryType::Lost,
            "key",
            "2026-05-02",
            "Schlüssel mit grünem Anhänger",
            "Verloren auf dem Heimweg",
            "Kirche",
        );
        let found = candidate(
            EntryType::Found,
            "key",
            "2026-05-03",
            "Hausschlüssel, grüner Anhänger",
            "",
            "Kirche St. Martin",
        );
        let s = score(&lost, &found).expect("they match");
        // schluessel, gruenem, anhaenger, kirche + place bonus.
        assert_eq!(s, 43);
        assert_eq!(score(&found, &lost), Some(s), "symmetric");
    }

    #[test]
    fn dates_kinds_and_types_must_fit() {
        let lost = candidate(
            EntryType::Lost,
            "pet",
            "2026-05-10",
            "Grauer Kater",
            "",
            "Ortsmitte",
        );
        let found = |date| {
            candidate(
                EntryType::Found,
                "pet",
                date,
                "Kater zugelaufen",
                "",
                "Am Sportplatz",
            )
        };
        assert!(
            score(&lost, &found("2026-05-08")).is_some(),
            "two days before is fine"
        );
        assert!(
            score(&lost, &found("2026-05-07")).is_none(),
            "three days before is not"
        );
        assert!(
            score(&lost, &found("2026-07-09")).is_some(),
            "60 days after"
        );
        assert!(
            score(&lost, &found("2026-07-10")).is_none(),
            "61 days after"
        );
        assert!(score(&lost, &found("not a date")).is_none());
        let other_kind = candidate(EntryType::Found, "item", "2026-05-10", "Kater", "", "");
        assert!(score(&lost, &other_kind).is_none());
        let same_type = candidate(EntryType::Lost, "pet", "2026-05-10", "Kater", "", "");
        assert!(score(&lost, &same_type).is_none());
        let nothing_shared = candidate(
            EntryType::Found,
            "pet",
            "2026-05-10",
            "Wellensittich",
            "gelb",
            "Bahnhof",
        );
        assert!(score(&lost, &nothing_shared).is_none());
    }

    #[test]
    fn the_same_area_and_a_close_date_rank_higher() {
        let mut lost = candidate(
            EntryType::Lost,
            "bicycle",
            "2026-05-10",
            "Rotes Fahrrad",
            "",
            "Schule",
        );
        lost.area = "Ortsmitte";
        let mut near = candidate(
            EntryType::Found,
            "bicycle",
            "2026-05-10",
            "Fahrrad rot",
            "",
            "Bahnhof",
        );
        near.area = "Ortsmitte";
        let far = candidate(
            EntryType::Found,
            "bicycle",
            "2026-06-30",
            "Fahrrad rot",
            "",
            "Bahnhof",
        );
        assert!(score(&lost, &near) > score(&lost, &far));
    }

    #[test]
    fn search_ignores_case_and_how_umlauts_are_typed() {
        assert!(matches_search(
            "Schlüssel mit grünem Anhänger",
            "schlussel GRUEN"
        ));
        assert!(matches_search("Schluessel", "schlüssel"));
        assert!(matches_search("Straße", "strasse"));
        assert!(!matches_search("Fahrrad", "schlüssel"));
        assert!(matches_search("anything", ""));
    }
}
