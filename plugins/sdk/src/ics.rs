//! iCalendar (RFC 5545) feeds: one VCALENDAR with Berlin's VTIMEZONE and a VEVENT per event,
//! escaped, folded and CRLF-terminated as calendar clients expect.

use crate::context::Community;
use crate::time;
use crate::{Body, BodyKind, Response};

/// RFC 5545 §3.1: content lines should not be longer than 75 octets, excluding the line break.
const MAX_LINE_OCTETS: usize = 75;

const HOUR: i64 = 3_600_000;

/// Europe/Berlin with the EU rules. The DTSTARTs are the first last-Sundays of March and
/// October 1970, as the RRULEs demand; clients only use them to anchor the rules.
const BERLIN_VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One event of a calendar: a VEVENT.
#[derive(Debug, Clone)]
pub struct Event {
    /// Globally unique, stable across feed refreshes; build it with [`uid`].
    pub uid: String,
    /// When the event was last changed (ms): DTSTAMP and LAST-MODIFIED.
    pub stamp: i64,
    /// When the event begins (ms since the epoch): DTSTART, written as Berlin wall time (in
    /// UTC during the hour the clocks repeat in October).
    pub starts: i64,
    /// When the event ends (ms since the epoch): DTEND, written like `starts`.
    pub ends: i64,
    /// The title (SUMMARY).
    pub summary: String,
    /// A longer text (DESCRIPTION); line breaks are kept.
    pub description: Option<String>,
    /// Where the event takes place (LOCATION).
    pub location: Option<String>,
    /// true → STATUS:TENTATIVE, false → STATUS:CONFIRMED
    pub tentative: bool,
    /// An absolute URL of the event's page, if any (URL property).
    pub url: Option<String>,
}

/// A globally unique event id, `{kind}-{id}-{slug}@{host}`, with the host (and port) taken
/// from the community's mount URL, e.g. `booking-42-ransbach@quartier.example`.
pub fn uid(kind: &str, id: &str, community: &Community) -> String {
    format!(
        "{kind}-{id}-{}@{}",
        community.slug,
        host_name(&community.mount_url)
    )
}

/// The host part of the mount URL.
fn host_name(mount_url: &str) -> String {
    mount_url
        .split("://")
        .nth(1)
        .unwrap_or(mount_url)
        .split('/')
        .next()
        .unwrap_or("quartier")
        .to_owned()
}

/// The [`calendar`] as a `text/calendar` answer ([`BodyKind::Icalendar`]), offered as a
/// download named `filename` if one is given.
pub fn body(name: &str, events: &[Event], filename: Option<String>) -> Response {
    Response::Body(Body {
        kind: BodyKind::Icalendar,
        content: calendar(name, events),
        filename,
    })
}

/// A whole VCALENDAR (PRODID "-//Quartier//Quartier//DE", VERSION:2.0, CALSCALE:GREGORIAN,
/// METHOD:PUBLISH, X-WR-CALNAME with `name`, X-WR-TIMEZONE:Europe/Berlin), with one
/// VTIMEZONE for Europe/Berlin (STANDARD and DAYLIGHT components with the EU RRULEs:
/// last Sunday of October 03:00 → +0100 CET, last Sunday of March 02:00 → +0200 CEST), and
/// one VEVENT per event with UID, DTSTAMP (UTC, `YYYYMMDDTHHMMSSZ`), LAST-MODIFIED,
/// DTSTART;TZID=Europe/Berlin:YYYYMMDDTHHMMSS and DTEND likewise (local Berlin wall time from
/// berlin_parts, seconds 00), SUMMARY, optional DESCRIPTION/LOCATION/URL, STATUS, TRANSP:OPAQUE.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("PRODID:-//Quartier//Quartier//DE");
    out.line("VERSION:2.0");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", name);
    out.line("X-WR-TIMEZONE:Europe/Berlin");
    for line in BERLIN_VTIMEZONE {
        out.line(line);
    }
    for event in events {
        vevent(&mut out, event);
    }
    out.line("END:VCALENDAR");
    out.0
}

fn vevent(out: &mut Lines, event: &Event) {
    out.line("BEGIN:VEVENT");
    out.text("UID", &event.uid);
    out.line(&format!("DTSTAMP:{}", utc(event.stamp)));
    out.line(&format!("LAST-MODIFIED:{}", utc(event.stamp)));
    out.line(&format!("DTSTART{}", local(event.starts)));
    out.line(&format!("DTEND{}", local(event.ends)));
    out.text("SUMMARY", &event.summary);
    if let Some(description) = &event.description {
        out.text("DESCRIPTION", description);
    }
    if let Some(location) = &event.location {
        out.text("LOCATION", location);
    }
    if let Some(url) = &event.url {
        // A URI is not TEXT: backslashes and commas in it are meant literally.
        out.line(&format!("URL:{}", without_controls(url)));
    }
    let status = if event.tentative {
        "TENTATIVE"
    } else {
        "CONFIRMED"
    };
    out.line(&format!("STATUS:{status}"));
    out.line("TRANSP:OPAQUE");
    out.line("END:VEVENT");
}

/// The calendar being written: each content line folded and ended with CRLF.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        fold_into(&mut self.0, line);
    }

    /// A property whose value has the TEXT type (RFC 5545 §3.3.11).
    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }
}

/// Appends `line` split into physical lines of at most 75 octets, each continuation starting
/// with a space (which counts towards the 75), never splitting a UTF-8 character: clients
/// that decode each physical line on its own would otherwise show replacement characters.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// A TEXT value: `\`, `;` and `,` escaped, every kind of line break as `\n`, and other control
/// characters dropped, since RFC 5545 does not allow them in a content line.
fn escape_text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' | '\n' => {
                // CRLF is one line break, not two.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

fn without_controls(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// A UTC DATE-TIME, e.g. `20260701T160000Z`.
fn utc(ms: i64) -> String {
    time::rfc3339(ms).replace(['-', ':'], "")
}

/// `;TZID=Europe/Berlin:20260701T180000` (the property name goes in front), or `:…Z` in UTC
/// for the second pass through the hour the clocks repeat in October: RFC 5545 §3.3.5 reads
/// a repeated wall time as its first occurrence, which would put the event an hour early.
fn local(ms: i64) -> String {
    if time::berlin_offset(ms) < time::berlin_offset(ms - HOUR) {
        return format!(":{}", utc(ms));
    }
    let (year, month, day, hour, minute) = time::berlin_parts(ms);
    format!(";TZID=Europe/Berlin:{year:04}{month:02}{day:02}T{hour:02}{minute:02}00")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn community(slug: &str, mount_url: &str) -> Community {
        Community {
            slug: slug.into(),
            name: "Hausgemeinschaft".into(),
            language: "de".into(),
            mount_url: mount_url.into(),
            settings: serde_json::Value::Null,
        }
    }

    fn berlin(input: &str) -> i64 {
        time::parse_berlin_input(input).unwrap()
    }

    fn event(starts: &str, ends: &str) -> Event {
        Event {
            uid: "booking-42@quartier.example".into(),
            stamp: berlin("2026-06-01T14:00"),
            starts: berlin(starts),
            ends: berlin(ends),
            summary: "Chorprobe".into(),
            description: None,
            location: None,
            tentative: false,
            url: None,
        }
    }

    /// The content lines, with folding undone (RFC 5545 §3.1).
    fn unfolded(ics: &str) -> Vec<String> {
        let ics = ics.replace("\r\n ", "");
        let body = ics.strip_suffix("\r\n").expect("ends with CRLF");
        body.split("\r\n").map(str::to_owned).collect()
    }

    fn has(lines: &[String], line: &str) -> bool {
        lines.iter().any(|l| l == line)
    }

    /// Every BEGIN has its END, properly nested, and the whole is one VCALENDAR.
    fn assert_balanced(lines: &[String]) {
        let mut open = Vec::new();
        for line in lines {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                open.push(name);
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(open.pop(), Some(name), "unbalanced {line}");
            }
        }
        assert!(open.is_empty(), "left open: {open:?}");
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    }

    fn assert_crlf_only(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        let bytes = ics.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}"),
                b'\n' => assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}"),
                _ => {}
            }
        }
    }

    #[test]
    fn the_host_comes_from_the_mount_url() {
        assert_eq!(
            host_name("https://quartier.example:8443/c/ransbach/bookings"),
            "quartier.example:8443"
        );
        assert_eq!(host_name("weird"), "weird");
    }

    #[test]
    fn uids_name_kind_id_community_and_host() {
        let c = community("ransbach", "https://quartier.example/c/ransbach/bookings");
        assert_eq!(
            uid("booking", "42", &c),
            "booking-42-ransbach@quartier.example"
        );
        let c = community("ransbach", "http://localhost:8080/c/ransbach/volunteer");
        assert_eq!(uid("call", "7", &c), "call-7-ransbach@localhost:8080");
    }

    #[test]
    fn the_body_is_an_icalendar_download() {
        let events = [event("2026-07-01T18:00", "2026-07-01T20:00")];
        let Response::Body(b) = body("Räume", &events, Some("booking-42.ics".into())) else {
            panic!("not a body");
        };
        assert!(matches!(b.kind, BodyKind::Icalendar));
        assert_eq!(b.content, calendar("Räume", &events));
        assert_eq!(b.filename.as_deref(), Some("booking-42.ics"));
        let Response::Body(b) = body("Räume", &[], None) else {
            panic!("not a body");
        };
        assert_eq!(b.filename, None);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\nf\rg\u{7}h\u{0}i\u{7f}j: \"ok\""),
            "a\\\\b\\;c\\,d\\ne\\nf\\nghij: \"ok\""
        );
        assert_eq!(escape_text("\r\n\r\n"), "\\n\\n");
        assert_eq!(escape_text("Größe 😀"), "Größe 😀");
    }

    #[test]
    fn urls_are_not_escaped_but_lose_control_characters() {
        let mut e = event("2026-07-01T18:00", "2026-07-01T20:00");
        e.url = Some("https://q.example/b?x=1,2;y=a\\b\r\n".into());
        e.summary = "Probe; Raum 1, oben".into();
        let lines = unfolded(&calendar("Räume", &[e]));
        assert!(has(&lines, "URL:https://q.example/b?x=1,2;y=a\\b"));
        assert!(has(&lines, "SUMMARY:Probe\\; Raum 1\\, oben"));
        assert!(has(&lines, "X-WR-CALNAME:Räume"));
    }

    #[test]
    fn long_lines_fold_between_characters() {
        // Shift the text by 0 to 3 octets so multi-byte characters straddle every fold point.
        for shift in 0..4 {
            let line = format!("DESCRIPTION:{}{}", "x".repeat(shift), "ä😀ab".repeat(40));
            let mut folded = String::new();
            fold_into(&mut folded, &line);
            let physical: Vec<&str> = folded.strip_suffix("\r\n").unwrap().split("\r\n").collect();
            assert!(physical.len() > 3);
            for (i, p) in physical.iter().enumerate() {
                assert!(p.len() <= MAX_LINE_OCTETS, "{} octets: {p}", p.len());
                assert_eq!(i > 0, p.starts_with(' '));
            }
            assert_eq!(folded.replace("\r\n ", ""), line + "\r\n");
        }
    }

    #[test]
    fn lines_of_75_octets_stay_whole() {
        let mut out = String::new();
        fold_into(&mut out, &"x".repeat(75));
        assert_eq!(out, "x".repeat(75) + "\r\n");
        out.clear();
        fold_into(&mut out, &"x".repeat(76));
        assert_eq!(out, "x".repeat(75) + "\r\n x\r\n");
    }

    #[test]
    fn event_times_are_berlin_wall_time_and_stamps_utc() {
        let summer = event("2026-07-01T18:00", "2026-07-01T20:30");
        assert_eq!(time::rfc3339(summer.starts), "2026-07-01T16:00:00Z");
        let winter = event("2026-01-15T09:00", "2026-01-15T12:00");
        assert_eq!(time::rfc3339(winter.starts), "2026-01-15T08:00:00Z");
        let lines = unfolded(&calendar("Räume", &[summer, winter]));
        for line in [
            "DTSTART;TZID=Europe/Berlin:20260701T180000",
            "DTEND;TZID=Europe/Berlin:20260701T203000",
            "DTSTART;TZID=Europe/Berlin:20260115T090000",
            "DTEND;TZID=Europe/Berlin:20260115T120000",
            "DTSTAMP:20260601T120000Z",
            "LAST-MODIFIED:20260601T120000Z",
            "UID:booking-42@quartier.example",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
        ] {
            assert!(has(&lines, line), "missing {line}");
        }
    }

    #[test]
    fn the_repeated_october_hour_is_written_in_utc() {
        // 2026-10-25: 02:30 CEST (00:30 UTC), then 02:30 CET (01:30 UTC).
        let first = 1_792_888_200_000;
        let second = first + HOUR;
        assert_eq!(local(first), ";TZID=Europe/Berlin:20261025T023000");
        assert_eq!(local(second), ":20261025T013000Z");
        assert_eq!(local(second + HOUR), ";TZID=Europe/Berlin:20261025T033000");
    }

    #[test]
    fn a_full_calendar_is_well_formed() {
        let mut e = event("2026-07-01T18:00", "2026-07-01T20:00");
        e.description = Some("Bitte Schlüssel\r\nbeim Hausmeister abholen. ".repeat(5));
        e.location = Some("Gemeinschaftsraum, EG".into());
        e.tentative = true;
        e.url = Some("https://q.example/bookings/42".into());
        let ics = calendar("Räume der Hausgemeinschaft", &[e]);
        assert_crlf_only(&ics);
        for physical in ics.split("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS);
        }
        let lines = unfolded(&ics);
        assert_balanced(&lines);
        assert!(has(&lines, "STATUS:TENTATIVE"));
        assert!(has(&lines, "LOCATION:Gemeinschaftsraum\\, EG"));
        assert!(has(&lines, "URL:https://q.example/bookings/42"));
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert!(description.contains("Schlüssel\\nbeim"));
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn optional_properties_are_left_out() {
        let lines = unfolded(&calendar(
            "R",
            &[event("2026-07-01T18:00", "2026-07-01T20:00")],
        ));
        for name in ["DESCRIPTION", "LOCATION", "URL"] {
            assert!(!lines.iter().any(|l| l.starts_with(&format!("{name}:"))));
        }
    }

    #[test]
    fn an_empty_calendar_is_valid() {
        let ics = calendar("Leer", &[]);
        assert_crlf_only(&ics);
        let lines = unfolded(&ics);
        assert_balanced(&lines);
        for line in [
            "PRODID:-//Quartier//Quartier//DE",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Leer",
            "X-WR-TIMEZONE:Europe/Berlin",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Berlin",
        ] {
            assert!(has(&lines, line), "missing {line}");
        }
        assert!(!ics.contains("VEVENT"));
    }

    #[test]
    fn the_timezone_rules_start_on_last_sundays() {
        for (month, day) in [(3, 29), (10, 25)] {
            let date = time::Date::new(1970, month, day).unwrap();
            assert_eq!(date.weekday(), 7);
            assert_eq!(date.add_days(7).month, month + 1);
        }
        assert!(BERLIN_VTIMEZONE.contains(&"DTSTART:19700329T020000"));
        assert!(BERLIN_VTIMEZONE.contains(&"DTSTART:19701025T030000"));
    }
}
