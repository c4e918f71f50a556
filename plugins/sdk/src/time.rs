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

#[cfg(test)]
mod tests {
    use super::*;

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
