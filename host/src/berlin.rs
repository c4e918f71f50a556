//! Local time in Europe/Berlin, where Quartier's communities live: CET (UTC+1) in winter,
//! CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//! October (the EU rule in force since 1996).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// The last Sunday of a month, at 01:00 UTC.
fn last_sunday_0100_utc(year: i32, month: Month) -> OffsetDateTime {
    let next_month_first = match month {
        Month::December => Date::from_calendar_date(year + 1, Month::January, 1),
        m => Date::from_calendar_date(year, m.next(), 1),
    }
    .expect("valid date");
    let mut day = next_month_first.previous_day().expect("valid date");
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().expect("valid date");
    }
    PrimitiveDateTime::new(day, Time::from_hms(1, 0, 0).expect("valid time")).assume_utc()
}

/// The offset from UTC in Berlin at an instant.
pub fn offset_at(utc: OffsetDateTime) -> UtcOffset {
    let year = utc.year();
    let summer = utc >= last_sunday_0100_utc(year, Month::March)
        && utc < last_sunday_0100_utc(year, Month::October);
    UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).expect("valid offset")
}

/// A stored time (milliseconds since the Unix epoch) as Berlin local time.
pub fn from_millis(millis: i64) -> Option<OffsetDateTime> {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok()?;
    Some(utc.to_offset(offset_at(utc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(millis: i64) -> String {
        let t = from_millis(millis).unwrap();
        format!(
            "{} {:02}:{:02} {}",
            t.date(),
            t.hour(),
            t.minute(),
            t.offset().whole_hours()
        )
    }

    #[test]
    fn daylight_saving_switches_at_the_right_moments() {
        // 2026-03-29 is the last Sunday of March: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
        assert_eq!(local(1_774_745_940_000), "2026-03-29 01:59 1");
        assert_eq!(local(1_774_746_000_000), "2026-03-29 03:00 2");
        // 2026-10-25 is the last Sunday of October: 00:59 UTC is 02:59 CEST, 01:00 UTC is 02:00 CET.
        assert_eq!(local(1_792_889_940_000), "2026-10-25 02:59 2");
        assert_eq!(local(1_792_890_000_000), "2026-10-25 02:00 1");
        // Midwinter and midsummer.
        assert_eq!(local(1_767_225_600_000), "2026-01-01 01:00 1");
        assert_eq!(local(1_782_864_000_000), "2026-07-01 02:00 2");
    }
}
