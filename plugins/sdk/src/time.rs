//! Time for plugins: now, and local time in Europe/Berlin (where Quartier's communities live)
//! for forms and feeds. Stored times are milliseconds since the Unix epoch (UTC).
//!
//! Berlin is UTC+1 in winter and UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC
//! on the last Sunday of October (the EU rule in force since 1996).

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// The current time in milliseconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    next - days_from_civil(year, month, 1)
}

/// The last Sunday of a month at 01:00 UTC, in milliseconds.
fn last_sunday_0100_utc(year: i64, month: i64) -> i64 {
    let last = days_from_civil(year, month, days_in_month(year, month));
    // 1970-01-01 was a Thursday: with Sunday = 0 it has weekday 4.
    let weekday = (last + 4).rem_euclid(7);
    (last - weekday) * DAY + HOUR
}

/// Berlin's offset from UTC at an instant, in milliseconds.
pub fn berlin_offset(utc: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc.div_euclid(DAY));
    let summer = utc >= last_sunday_0100_utc(year, 3) && utc < last_sunday_0100_utc(year, 10);
    if summer { 2 * HOUR } else { HOUR }
}

/// Local Berlin wall-clock parts of an instant: (year, month, day, hour, minute).
pub fn berlin_parts(utc: i64) -> (i64, i64, i64, i64, i64) {
    let local = utc + berlin_offset(utc);
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let in_day = local.rem_euclid(DAY);
    (y, m, d, in_day / HOUR, in_day % HOUR / MINUTE)
}

/// An instant as the value of an `<input type="datetime-local">` in Berlin,
/// e.g. `2026-11-21T14:30`.
pub fn to_berlin_input(utc: i64) -> String {
    let (y, m, d, h, min) = berlin_parts(utc);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}")
}

/// Reads a Berlin wall-clock time as a browser sends it from `<input type="datetime-local">`
/// (`2026-11-21T14:30`, seconds allowed, a space instead of `T` too). A time that happens
/// twice when the clocks go back is the first (summer) one; a time skipped when they go
/// forward is moved on by the hour that does not exist, as clocks do.
pub fn parse_berlin_input(input: &str) -> Option<i64> {
    let input = input.trim();
    let (date, time) = input.split_once(['T', ' '])?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = number(date_parts.next()?, 4)?;
    let month: i64 = number(date_parts.next()?, 2)?;
    let day: i64 = number(date_parts.next()?, 2)?;
    let mut time_parts = time.splitn(3, ':');
    let hour: i64 = number(time_parts.next()?, 2)?;
    let minute: i64 = number(time_parts.next()?, 2)?;
    let second: i64 = match time_parts.next() {
        Some(s) => number(s.split('.').next()?, 2)?,
        None => 0,
    };
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let local =
        days_from_civil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second * 1000;
    [2 * HOUR, HOUR]
        .into_iter()
        .map(|offset| local - offset)
        .find(|utc| utc + berlin_offset(*utc) == local)
        .or(Some(local - HOUR))
}

/// Exactly `digits` ASCII digits.
fn number(s: &str, digits: usize) -> Option<i64> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// An instant in RFC 3339 (UTC), as Atom and iCalendar-adjacent formats want it,
/// e.g. `2026-11-21T13:30:00Z`.
pub fn rfc3339(utc: i64) -> String {
    let (y, m, d) = civil_from_days(utc.div_euclid(DAY));
    let in_day = utc.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        in_day / HOUR,
        in_day % HOUR / MINUTE,
        in_day % MINUTE / 1000
    )
}

/// A calendar day in Berlin, e.g. for a calendar page or a booking form's date field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
    /// 1 to 31.
    pub day: i64,
}

impl Date {
    /// The date, if it exists.
    pub fn new(year: i64, month: i64, day: i64) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Reads `2026-11-21`, as `<input type="date">` sends it.
    pub fn parse(input: &str) -> Option<Date> {
        let mut parts = input.trim().splitn(3, '-');
        let year = number(parts.next()?, 4)?;
        let month = number(parts.next()?, 2)?;
        let day = number(parts.next()?, 2)?;
        Date::new(year, month, day)
    }

    /// Reads `2026-11`, as `<input type="month">` sends it: the first of that month.
    pub fn parse_month(input: &str) -> Option<Date> {
        let (year, month) = input.trim().split_once('-')?;
        Date::new(number(year, 4)?, number(month, 2)?, 1)
    }

    /// The Berlin date of an instant.
    pub fn of(utc: i64) -> Date {
        let (year, month, day, _, _) = berlin_parts(utc);
        Date { year, month, day }
    }

    /// Today in Berlin.
    pub fn today() -> Date {
        Date::of(now())
    }

    fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days);
        Date { year, month, day }
    }

    /// 1 for Monday to 7 for Sunday (ISO 8601).
    pub fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) + 1
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.days() - self.days()
    }

    /// The Monday of this date's week.
    pub fn monday(self) -> Date {
        self.add_days(1 - self.weekday())
    }

    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    pub fn days_in_month(self) -> i64 {
        days_in_month(self.year, self.month)
    }

    /// The first of the month `n` months after this date's month (before, when negative).
    pub fn add_months(self, n: i64) -> Date {
        let index = self.year * 12 + self.month - 1 + n;
        Date {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) + 1,
            day: 1,
        }
    }

    /// The instant this day's Berlin clock shows `minutes` after midnight (1440 is the next
    /// midnight). A time the clocks skip in March is moved on by an hour, as clocks do; a
    /// time that happens twice in October is the first one.
    pub fn at(self, minutes: i64) -> i64 {
        let date = self.add_days(minutes.div_euclid(24 * 60));
        let minutes = minutes.rem_euclid(24 * 60);
        parse_berlin_input(&format!("{date}T{:02}:{:02}", minutes / 60, minutes % 60))
            .unwrap_or_default()
    }

    /// Midnight at the start of this day in Berlin.
    pub fn start(self) -> i64 {
        self.at(0)
    }
}

impl std::fmt::Display for Date {
    /// `2026-11-21`, as `<input type="date">` wants it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads a clock time `14:30` (as `<input type="time">` sends it; seconds allowed) as minutes
/// after midnight. `24:00` is the end of the day.
pub fn parse_clock(input: &str) -> Option<i64> {
    let mut parts = input.trim().splitn(3, ':');
    let hour = number(parts.next()?, 2)?;
    let minute = number(parts.next()?, 2)?;
    if let Some(seconds) = parts.next() {
        number(seconds.split('.').next()?, 2).filter(|s| *s < 60)?;
    }
    let minutes = hour * 60 + minute;
    (minute < 60 && minutes <= 24 * 60).then_some(minutes)
}

/// Minutes after midnight as a clock time, e.g. `14:30` (1440 is `24:00`).
pub fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after Berlin midnight of an instant.
pub fn berlin_minutes(utc: i64) -> i64 {
    let (_, _, _, hour, minute) = berlin_parts(utc);
    hour * 60 + minute
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_know_their_week_and_month() {
        let d = Date::parse("2026-11-21").unwrap();
        assert_eq!(d.weekday(), 6); // a Saturday
        assert_eq!(d.monday().to_string(), "2026-11-16");
        assert_eq!(d.add_days(10).to_string(), "2026-12-01");
        assert_eq!(d.add_months(2).to_string(), "2027-01-01");
        assert_eq!(d.add_months(-11).to_string(), "2025-12-01");
        assert_eq!(d.days_until(Date::parse("2026-12-24").unwrap()), 33);
        assert_eq!(Date::parse_month("2026-02").unwrap().days_in_month(), 28);
        for bad in ["2026-02-30", "2026-1-01", "", "2026-13-01"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_has_23_or_25_hours_when_the_clocks_change() {
        let spring = Date::parse("2026-03-29").unwrap();
        assert_eq!(spring.at(24 * 60) - spring.start(), 23 * HOUR);
        let autumn = Date::parse("2026-10-25").unwrap();
        assert_eq!(autumn.at(24 * 60) - autumn.start(), 25 * HOUR);
        assert_eq!(to_berlin_input(autumn.at(18 * 60)), "2026-10-25T18:00");
        assert_eq!(Date::of(autumn.at(23 * 60 + 59)), autumn);
        assert_eq!(berlin_minutes(autumn.at(18 * 60 + 30)), 18 * 60 + 30);
    }

    #[test]
    fn clock_times_read_and_write() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("18:00:00"), Some(1080));
        for bad in ["24:01", "8:30", "12:60", "10:00:99", "", "noon"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(clock(510), "08:30");
        assert_eq!(clock(1440), "24:00");
    }

    #[test]
    fn calendar_arithmetic_round_trips() {
        for days in [-1000, 0, 1, 59, 365, 10_957, 20_000, 20_513, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
    }

    #[test]
    fn daylight_saving_switches_at_the_right_moments() {
        // 2026-03-29 01:00 UTC: 01:59 CET becomes 03:00 CEST.
        assert_eq!(to_berlin_input(1_774_745_940_000), "2026-03-29T01:59");
        assert_eq!(to_berlin_input(1_774_746_000_000), "2026-03-29T03:00");
        // 2026-10-25 01:00 UTC: 02:59 CEST becomes 02:00 CET.
        assert_eq!(to_berlin_input(1_792_889_940_000), "2026-10-25T02:59");
        assert_eq!(to_berlin_input(1_792_890_000_000), "2026-10-25T02:00");
    }

    #[test]
    fn form_input_is_read_as_berlin_time() {
        // Winter (UTC+1) and summer (UTC+2).
        assert_eq!(
            parse_berlin_input("2026-01-01T01:00"),
            Some(1_767_225_600_000)
        );
        assert_eq!(
            parse_berlin_input("2026-07-01T02:00"),
            Some(1_782_864_000_000)
        );
        assert_eq!(
            parse_berlin_input("2026-07-01 02:00:00"),
            Some(1_782_864_000_000)
        );
        // Twice in October: the first (summer) one.
        assert_eq!(
            parse_berlin_input("2026-10-25T02:30"),
            Some(1_792_888_200_000)
        );
        // Skipped in March: 02:30 becomes 03:30 CEST.
        assert_eq!(
            parse_berlin_input("2026-03-29T02:30").map(to_berlin_input),
            Some("2026-03-29T03:30".into())
        );
        for bad in [
            "",
            "2026-02-30T10:00",
            "2026-1-1T10:00",
            "2026-01-01",
            "2026-01-01T24:00",
            "tomorrow",
        ] {
            assert_eq!(parse_berlin_input(bad), None, "{bad}");
        }
        for t in [1_767_225_600_000, 1_782_864_000_000, 1_774_746_000_000] {
            assert_eq!(parse_berlin_input(&to_berlin_input(t)), Some(t));
        }
    }

    #[test]
    fn rfc3339_is_utc() {
        assert_eq!(rfc3339(1_782_864_000_000), "2026-07-01T00:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
