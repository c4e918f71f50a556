//! Dates and times as people read them, in German or English: "Sa, 04.07.2026, 10:00–18:00".
//! All in Europe/Berlin wall-clock time.

use crate::time::{self, Date};

const WEEKDAYS_DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn german(lang: &str) -> bool {
    lang == "de"
}

/// The short weekday name, 1 (Monday) to 7.
pub fn weekday(lang: &str, day: i64) -> &'static str {
    let names = if german(lang) {
        &WEEKDAYS_DE
    } else {
        &WEEKDAYS_EN
    };
    names[(day - 1).clamp(0, 6) as usize]
}

/// "November 2026".
pub fn month(lang: &str, date: Date) -> String {
    let names = if german(lang) { &MONTHS_DE } else { &MONTHS_EN };
    format!("{} {}", names[(date.month - 1) as usize], date.year)
}

/// "Sa, 21.11.2026" or "Sat 21 Nov 2026".
pub fn date(lang: &str, date: Date) -> String {
    let day = weekday(lang, date.weekday());
    if german(lang) {
        format!("{day}, {:02}.{:02}.{}", date.day, date.month, date.year)
    } else {
        let month = &MONTHS_EN[(date.month - 1) as usize][..3];
        format!("{day} {} {month} {}", date.day, date.year)
    }
}

/// A stretch of time: "Sa, 21.11.2026, 10:00–18:00", or both ends in full when it spans days.
pub fn span(lang: &str, starts: i64, ends: i64) -> String {
    let (first, last) = (Date::of(starts), Date::of(ends - 1));
    let (from, to) = (time::berlin_minutes(starts), end_clock(ends));
    if first == last {
        format!(
            "{}, {}–{}",
            date(lang, first),
            time::clock(from),
            time::clock(to)
        )
    } else {
        format!(
            "{}, {} – {}, {}",
            date(lang, first),
            time::clock(from),
            date(lang, last),
            time::clock(to)
        )
    }
}

/// The clock time an end shows, with midnight as 24:00 of the day before.
pub fn end_clock(ends: i64) -> i64 {
    time::berlin_minutes(ends - 1) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        let day = Date::parse("2026-07-04").unwrap();
        assert_eq!(
            span("de", day.at(600), day.at(1080)),
            "Sa, 04.07.2026, 10:00–18:00"
        );
        assert_eq!(
            span("en", day.at(1200), day.at(1440)),
            "Sat 4 Jul 2026, 20:00–24:00"
        );
        assert_eq!(
            span("de", day.at(600), day.at(1440 + 1080)),
            "Sa, 04.07.2026, 10:00 – So, 05.07.2026, 18:00"
        );
        assert_eq!(month("de", day), "Juli 2026");
    }
}
