//! A resource's calendar: a week day by day with its bookings, and a month as a grid that
//! tells at a glance which days are free, partly taken, asked for, taken, blocked or closed.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{Powers, Resource, Status, blackouts_within, holding_time};
use crate::shown;

/// The part of `[starts, ends)` within one day, as clock times ("24:00" for midnight after).
fn clipped(day: Date, starts: i64, ends: i64) -> (String, String) {
    let (from, to) = minutes_within(day, starts, ends);
    (time::clock(from), time::clock(to))
}

/// Whether the viewer may start a request on this day.
fn requestable(resource: &Resource, powers: &Powers, day: Date, today: Date) -> bool {
    resource.may_request(&powers.viewer)
        && resource.is_open_on(day)
        && day >= today
        && today.days_until(day) <= resource.horizon_days
}

/// One week, Monday to Sunday, with every booking and blackout of each day.
pub fn week(
    resource: &Record<Resource>,
    monday: Date,
    powers: &Powers,
    lang: &str,
) -> Result<Json, Error> {
    let (from, to) = (monday.start(), monday.add_days(7).start());
    let bookings = holding_time(&resource.id, from, to, false)?;
    let blocked = blackouts_within(&resource.id, from, to)?;
    let today = Date::today();
    let days: Vec<Json> = (0..7)
        .map(|offset| {
            let day = monday.add_days(offset);
            let (day_from, day_to) = (day.start(), day.add_days(1).start());
            let entries: Vec<Json> = bookings
                .iter()
                .filter(|b| b.data.starts < day_to && b.data.ends > day_from)
                .map(|b| {
                    let (from, to) = clipped(day, b.data.starts, b.data.ends);
                    let mut shown = shown::booking(b, powers, lang);
                    shown["from"] = from.into();
                    shown["to"] = to.into();
                    shown
                })
                .collect();
            let blackouts: Vec<Json> = blocked
                .iter()
                .filter(|b| b.data.starts < day_to && b.data.ends > day_from)
                .map(|b| {
                    let (from, to) = clipped(day, b.data.starts, b.data.ends);
                    json!({ "from": from, "to": to, "reason": b.data.reason })
                })
                .collect();
            let open = resource.data.is_open_on(day);
            json!({
                "label": shown::date(lang, day),
                "date": day.to_string(),
                "today": day == today,
                "open": open,
                "free": open && entries.is_empty() && blackouts.is_empty(),
                "entries": entries,
                "blackouts": blackouts,
                "may_request": requestable(&resource.data, powers, day, today),
            })
        })
        .collect();
    Ok(json!({
        "days": days,
        "label": format!("{} – {}", shown::date(lang, monday), shown::date(lang, monday.add_days(6))),
        "previous": monday.add_days(-7).to_string(),
        "next": monday.add_days(7).to_string(),
        "this_week": today.monday().to_string(),
    }))
}

/// How much of a day is taken, from the bookings and blackouts that touch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayState {
    Past,
    Closed,
    Blocked,
    Taken,
    /// Every open hour is taken or asked for, some only by pending requests.
    Requested,
    Partly,
    Free,
}

impl DayState {
    fn key(self) -> &'static str {
        match self {
            DayState::Past => "past",
            DayState::Closed => "closed",
            DayState::Blocked => "blocked",
            DayState::Taken => "taken",
            DayState::Requested => "requested",
            DayState::Partly => "partly",
            DayState::Free => "free",
        }
    }
}

/// Minutes of `[open, close)` (minutes after the day's midnight) covered by the stretches.
fn covered(open: i64, close: i64, mut stretches: Vec<(i64, i64)>) -> i64 {
    stretches.sort();
    let mut total = 0;
    let mut reached = open;
    for (from, to) in stretches {
        let (from, to) = (from.max(reached), to.min(close));
        if to > from {
            total += to - from;
            reached = to;
        }
    }
    total
}

/// The stretches (minutes after a day's midnight) that approved bookings, pending requests
/// and blocked periods take on one day.
#[derive(Debug, Default)]
struct Taken {
    approved: Vec<(i64, i64)>,
    pending: Vec<(i64, i64)>,
    blocked: Vec<(i64, i64)>,
}

/// The state of one day from what is taken on it.
fn day_state(resource: &Resource, day: Date, today: Date, taken: Taken) -> DayState {
    let (open, close) = (resource.opens, resource.closes);
    let full = |parts: &[&Vec<(i64, i64)>]| {
        let stretches = parts.iter().flat_map(|p| p.iter().copied()).collect();
        covered(open, close, stretches) >= close - open
    };
    let Taken {
        approved,
        pending,
        blocked,
    } = &taken;
    if day < today {
        DayState::Past
    } else if !resource.is_open_on(day) {
        DayState::Closed
    } else if full(&[blocked]) {
        DayState::Blocked
    } else if full(&[approved, blocked]) {
        DayState::Taken
    } else if full(&[approved, pending, blocked]) {
        DayState::Requested
    } else if approved.is_empty() && pending.is_empty() && blocked.is_empty() {
        DayState::Free
    } else {
        DayState::Partly
    }
}

/// The part of a stretch of time within `day`, as minutes after midnight by the Berlin clock
/// (1440 for the midnight after): what the opening hours are measured in, also on the days
/// the clocks change and a day has 23 or 25 hours.
fn minutes_within(day: Date, starts: i64, ends: i64) -> (i64, i64) {
    let from = if starts <= day.start() {
        0
    } else {
        time::berlin_minutes(starts)
    };
    let to = if ends >= day.add_days(1).start() {
        24 * 60
    } else {
        shown::end_clock(ends)
    };
    (from, to)
}

/// One month as weeks of seven days (from the Monday before the first to the Sunday after
/// the last), each day with its state.
pub fn month(
    resource: &Record<Resource>,
    first: Date,
    powers: &Powers,
    lang: &str,
) -> Result<Json, Error> {
    let grid_start = first.monday();
    let last = first.add_days(first.days_in_month() - 1);
    let grid_end = last.monday().add_days(7);
    let (from, to) = (grid_start.start(), grid_end.start());
    let bookings = holding_time(&resource.id, from, to, false)?;
    let blocked = blackouts_within(&resource.id, from, to)?;
    let today = Date::today();
    let weeks: Vec<Json> = (0..grid_start.days_until(grid_end) / 7)
        .map(|week| {
            let days: Vec<Json> = (0..7)
                .map(|offset| {
                    let day = grid_start.add_days(week * 7 + offset);
                    let (day_from, day_to) = (day.start(), day.add_days(1).start());
                    let touching = |starts: i64, ends: i64| starts < day_to && ends > day_from;
                    let mut taken = Taken::default();
                    for b in bookings
                        .iter()
                        .filter(|b| touching(b.data.starts, b.data.ends))
                    {
                        let stretch = minutes_within(day, b.data.starts, b.data.ends);
                        match b.data.status {
                            Status::Approved => taken.approved.push(stretch),
                            _ => taken.pending.push(stretch),
                        }
                    }
                    let events: Vec<&str> = bookings
                        .iter()
                        .filter(|b| touching(b.data.starts, b.data.ends))
                        .filter_map(|b| shown::public_title(&b.data))
                        .collect();
                    taken.blocked = blocked
                        .iter()
                        .filter(|b| touching(b.data.starts, b.data.ends))
                        .map(|b| minutes_within(day, b.data.starts, b.data.ends))
                        .collect();
                    let state = day_state(&resource.data, day, today, taken);
                    json!({
                        "day": day.day,
                        "date": day.to_string(),
                        "label": shown::date(lang, day),
                        "in_month": day.month == first.month,
                        "today": day == today,
                        "state": state.key(),
                        "state_key": format!("day-{}", state.key()),
                        "events": events,
                        "week": day.monday().to_string(),
                        "may_request": !matches!(state, DayState::Taken | DayState::Blocked)
                            && requestable(&resource.data, powers, day, today),
                    })
                })
                .collect();
            json!({ "days": days })
        })
        .collect();
    let weekdays: Vec<&str> = (1..=7).map(|d| shown::weekday(lang, d)).collect();
    Ok(json!({
        "weeks": weeks,
        "weekdays": weekdays,
        "label": shown::month(lang, first),
        "previous": first.add_months(-1).to_string()[..7].to_owned(),
        "next": first.add_months(1).to_string()[..7].to_owned(),
        "this_month": today.first_of_month().to_string()[..7].to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_asked_for_in_full_is_requested_until_approved() {
        let resource = crate::request_form::tests::hut();
        let day = Date::today().add_days(3);
        let whole = (resource.opens, resource.closes);
        let state = |taken| day_state(&resource, day, Date::today(), taken);
        assert_eq!(state(Taken::default()), DayState::Free);
        let asked = Taken {
            pending: vec![whole],
            ..Taken::default()
        };
        assert_eq!(state(asked), DayState::Requested);
        let approved = Taken {
            approved: vec![whole],
            ..Taken::default()
        };
        assert_eq!(state(approved), DayState::Taken);
        let mixed = Taken {
            approved: vec![(resource.opens, 720)],
            pending: vec![(720, resource.closes)],
            ..Taken::default()
        };
        assert_eq!(state(mixed), DayState::Requested);
        let half = Taken {
            approved: vec![(resource.opens, 720)],
            ..Taken::default()
        };
        assert_eq!(state(half), DayState::Partly);
        let blocked = Taken {
            blocked: vec![(0, 1440)],
            ..Taken::default()
        };
        assert_eq!(state(blocked), DayState::Blocked);
    }

    #[test]
    fn overlapping_stretches_count_once() {
        assert_eq!(covered(480, 1320, vec![(600, 720), (660, 780)]), 180);
        assert_eq!(covered(480, 1320, vec![(0, 1440)]), 840);
        assert_eq!(covered(480, 1320, vec![]), 0);
        assert_eq!(covered(480, 1320, vec![(1400, 1440)]), 0);
    }
}
