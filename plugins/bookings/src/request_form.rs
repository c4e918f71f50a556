//! The booking request form: reading what was typed, the rules a request must keep (dates,
//! opening hours, duration, horizon, capacity), and the dates of a weekly series.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};
use serde::Serialize;

use crate::model::Resource;

pub const MAX_PURPOSE: usize = 200;
pub const MAX_TEXT: usize = 2_000;
/// The longest weekly series: a year of Tuesdays.
pub const MAX_WEEKS: i64 = 52;

/// The form as typed, kept verbatim so a rejected form comes back unchanged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequestForm {
    pub date: String,
    pub start: String,
    /// Empty for a booking that ends on the day it starts.
    pub end_date: String,
    pub end: String,
    pub purpose: String,
    pub attendees: String,
    pub contact: String,
    pub note: String,
    pub public_event: bool,
    /// How many weeks in a row, "1" for a single booking.
    pub weeks: String,
}

impl RequestForm {
    pub fn from_request(req: &Request) -> RequestForm {
        RequestForm {
            date: req.field("date").trim().to_owned(),
            start: req.field("start").trim().to_owned(),
            end_date: req.field("end_date").trim().to_owned(),
            end: req.field("end").trim().to_owned(),
            purpose: req.field("purpose").trim().to_owned(),
            attendees: req.field("attendees").trim().to_owned(),
            contact: req.field("contact").trim().to_owned(),
            note: req.field("note").trim().to_owned(),
            public_event: req.checked("public_event"),
            weeks: req.field("weeks").trim().to_owned(),
        }
    }

    /// A fresh form, on `date` if the calendar offered one, at the resource's opening time.
    pub fn blank(resource: &Resource, date: Option<Date>) -> RequestForm {
        RequestForm {
            date: date.map(|d| d.to_string()).unwrap_or_default(),
            start: time::clock(resource.opens),
            end: time::clock((resource.opens + 120).min(resource.closes)),
            weeks: "1".into(),
            ..RequestForm::default()
        }
    }
}

/// One stretch of time, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub starts: i64,
    pub ends: i64,
}

/// A request that keeps the rules: its first slot, how many weeks, and the details.
#[derive(Debug, Clone)]
pub struct Checked {
    pub first: Date,
    /// Minutes after midnight on `first` (more than 1440 for a booking over several days).
    pub start_minutes: i64,
    pub end_minutes: i64,
    pub weeks: i64,
    pub purpose: String,
    pub attendees: u32,
    pub contact: String,
    pub note: String,
    pub public_event: bool,
}

impl Checked {
    /// The booking's slot in week `week` (0 for the first), at the same wall-clock times:
    /// a Tuesday 18–20 h stays 18–20 h across a change to summer time.
    pub fn slot(&self, week: i64) -> Slot {
        let date = self.first.add_days(7 * week);
        Slot {
            starts: date.at(self.start_minutes),
            ends: date.at(self.end_minutes),
        }
    }

    /// Every slot of the request, one per week.
    pub fn slots(&self) -> Vec<Slot> {
        (0..self.weeks).map(|w| self.slot(w)).collect()
    }
}

/// Checks the form against the resource's rules at time `now`. The checks against other
/// bookings and blackout periods need the database and come after.
pub fn check(form: &RequestForm, resource: &Resource, now: i64) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = Date::parse(&form.date);
    if date.is_none() {
        errors.add("date", "error-date");
    }
    let start = time::parse_clock(&form.start).filter(|m| *m < 24 * 60);
    if start.is_none() {
        errors.add("start", "error-time");
    }
    let end_date = if form.end_date.is_empty() {
        date
    } else {
        let parsed = Date::parse(&form.end_date);
        if parsed.is_none() {
            errors.add("end_date", "error-date");
        }
        parsed
    };
    let end = time::parse_clock(&form.end);
    if end.is_none() {
        errors.add("end", "error-time");
    }
    let weeks = match form.weeks.as_str() {
        "" => Some(1),
        w => w
            .parse::<i64>()
            .ok()
            .filter(|w| (1..=MAX_WEEKS).contains(w)),
    };
    if weeks.is_none() {
        errors.add("weeks", "error-weeks");
    }
    if form.purpose.is_empty() {
        errors.add("purpose", "error-purpose");
    } else if form.purpose.chars().count() > MAX_PURPOSE || form.purpose.contains('\n') {
        errors.add("purpose", "error-purpose-long");
    }
    let attendees = form.attendees.parse::<u32>().ok().filter(|n| *n >= 1);
    match attendees {
        None => errors.add("attendees", "error-attendees"),
        Some(n) if n > resource.capacity => errors.add("attendees", "error-capacity"),
        Some(_) => {}
    }
    if form.contact.chars().count() > MAX_PURPOSE {
        errors.add("contact", "error-too-long-text");
    }
    if form.note.chars().count() > MAX_TEXT {
        errors.add("note", "error-too-long-text");
    }
    let (Some(date), Some(start), Some(end_date), Some(end), Some(weeks)) =
        (date, start, end_date, end, weeks)
    else {
        return Err(errors);
    };
    let end_minutes = date.days_until(end_date) * 24 * 60 + end;
    if end_minutes <= start {
        errors.add("end", "error-end-before-start");
        return Err(errors);
    }
    if weeks > 1 && end_minutes > 24 * 60 {
        errors.add("weeks", "error-series-one-day");
    }
    let checked = Checked {
        first: date,
        start_minutes: start,
        end_minutes,
        weeks,
        purpose: form.purpose.clone(),
        attendees: attendees.unwrap_or(1),
        contact: form.contact.clone(),
        note: form.note.clone(),
        public_event: form.public_event,
    };
    for (field, message) in rule_problems(&checked, resource, now) {
        errors.add(field, message);
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// The resource's rules the first slot breaks, as (field, message key). Later dates of a
/// series are checked one by one in the conflict report (see [`date_problem`]).
fn rule_problems(
    checked: &Checked,
    resource: &Resource,
    now: i64,
) -> Vec<(&'static str, &'static str)> {
    let mut problems = vec![];
    let slot = checked.slot(0);
    let last_day = checked
        .first
        .add_days((checked.end_minutes - 1).div_euclid(24 * 60));
    if !resource.is_open_on(checked.first) {
        problems.push(("date", "error-closed-day"));
    } else if !resource.is_open_on(last_day) {
        problems.push(("end_date", "error-closed-day"));
    }
    if checked.start_minutes < resource.opens {
        problems.push(("start", "error-outside-hours"));
    }
    // The end's clock time on the day it falls on, with midnight as 24:00 of the day before.
    let end_clock = (checked.end_minutes - 1).rem_euclid(24 * 60) + 1;
    if end_clock > resource.closes {
        problems.push(("end", "error-outside-hours"));
    }
    let granularity = resource.granularity.max(1);
    if checked.start_minutes % granularity != 0 {
        problems.push(("start", "error-granularity"));
    }
    if checked.end_minutes % granularity != 0 {
        problems.push(("end", "error-granularity"));
    }
    if (slot.ends - slot.starts) / 60_000 > resource.max_minutes {
        problems.push(("end", "error-too-long"));
    }
    if let Some(problem) = date_problem(slot, resource, now) {
        problems.push(("date", problem));
    }
    problems
}

/// What makes one date of a request impossible regardless of other bookings: it lies in the
/// past or beyond how far ahead the resource can be booked.
pub fn date_problem(slot: Slot, resource: &Resource, now: i64) -> Option<&'static str> {
    if slot.starts < now {
        Some("error-past")
    } else if Date::today().days_until(Date::of(slot.starts)) > resource.horizon_days {
        Some("error-horizon")
    } else {
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Requesters;

    /// The barbecue hut: every day 08:00–24:00 in hours, up to 48 h, a year ahead.
    pub(crate) fn hut() -> Resource {
        Resource {
            name: "Grillhütte".into(),
            description: String::new(),
            capacity: 40,
            location: String::new(),
            house_rules: String::new(),
            price_note: String::new(),
            accessibility: String::new(),
            requesters: Requesters::Members,
            auto_accept: false,
            granularity: 30,
            opens: 8 * 60,
            closes: 24 * 60,
            weekdays: vec![1, 2, 3, 4, 5, 6, 7],
            max_minutes: 48 * 60,
            horizon_days: 365,
            active: true,
            feed_token: "x".into(),
        }
    }

    fn form(date: &str, start: &str, end_date: &str, end: &str) -> RequestForm {
        RequestForm {
            date: date.into(),
            start: start.into(),
            end_date: end_date.into(),
            end: end.into(),
            purpose: "Geburtstag".into(),
            attendees: "20".into(),
            weeks: "1".into(),
            ..RequestForm::default()
        }
    }

    fn problems(form: &RequestForm, resource: &Resource) -> Vec<String> {
        match check(form, resource, time::now()) {
            Ok(_) => vec![],
            Err(errors) => format!("{errors:?}")
                .split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect(),
        }
    }

    /// A day next year, so the tests keep passing as time goes by.
    fn future(month_day: &str) -> String {
        format!("{}-{month_day}", Date::today().year + 1)
    }

    #[test]
    fn a_weekend_over_night_is_one_booking() {
        let mut resource = hut();
        resource.horizon_days = 800;
        let f = form(&future("07-04"), "10:00", &future("07-05"), "18:00");
        let checked = check(&f, &resource, 0).expect("valid");
        let slot = checked.slot(0);
        assert_eq!((slot.ends - slot.starts) / 3_600_000, 32);
    }

    #[test]
    fn each_rule_names_its_field() {
        let mut resource = hut();
        resource.horizon_days = 800;
        let day = future("07-04");
        assert_eq!(
            problems(&form(&day, "18:00", "", "17:00"), &resource),
            ["end", "error-end-before-start"]
        );
        assert_eq!(
            problems(&form(&day, "06:00", "", "09:00"), &resource),
            ["start", "error-outside-hours"]
        );
        assert_eq!(
            problems(&form(&day, "10:15", "", "12:00"), &resource),
            ["start", "error-granularity"]
        );
        assert_eq!(
            problems(&form(&day, "10:00", &future("07-07"), "12:00"), &resource),
            ["end", "error-too-long"]
        );
        assert_eq!(
            problems(&form("2020-01-01", "10:00", "", "12:00"), &resource),
            ["date", "error-past"]
        );
        let mut f = form(&day, "10:00", "", "12:00");
        f.attendees = "41".into();
        assert_eq!(problems(&f, &resource), ["attendees", "error-capacity"]);
        resource.horizon_days = 30;
        assert_eq!(
            problems(&form(&day, "10:00", "", "12:00"), &resource),
            ["date", "error-horizon"]
        );
    }

    #[test]
    fn closing_at_midnight_allows_ending_at_midnight() {
        let mut resource = hut();
        resource.horizon_days = 800;
        let f = form(&future("07-04"), "20:00", &future("07-05"), "00:00");
        assert!(check(&f, &resource, 0).is_ok());
        resource.closes = 22 * 60;
        assert_eq!(problems(&f, &resource), ["end", "error-outside-hours"]);
    }

    #[test]
    fn closed_weekdays_are_refused() {
        let mut resource = hut();
        resource.horizon_days = 800;
        let date = Date::parse(&future("07-04")).unwrap();
        resource.weekdays.retain(|d| *d != date.weekday());
        assert_eq!(
            problems(&form(&date.to_string(), "10:00", "", "12:00"), &resource),
            ["date", "error-closed-day"]
        );
    }

    #[test]
    fn a_series_keeps_its_wall_clock_times_across_daylight_saving() {
        let mut resource = hut();
        resource.horizon_days = 800;
        // Tuesdays from mid-March into April: the clocks change on the last Sunday of March.
        let mut f = form(&future("03-10"), "18:00", "", "20:00");
        f.weeks = "6".into();
        let checked = check(&f, &resource, 0).expect("valid");
        let slots = checked.slots();
        assert_eq!(slots.len(), 6);
        for slot in slots {
            assert_eq!(time::berlin_minutes(slot.starts), 18 * 60);
            assert_eq!(slot.ends - slot.starts, 2 * 3_600_000);
        }
        f.end_date = future("03-11");
        assert_eq!(problems(&f, &resource), ["weeks", "error-series-one-day"]);
    }

    #[test]
    fn nonsense_is_refused_field_by_field() {
        let f = RequestForm {
            date: "morgen".into(),
            start: "25:00".into(),
            end: "".into(),
            purpose: "".into(),
            attendees: "viele".into(),
            weeks: "100".into(),
            ..RequestForm::default()
        };
        let found = problems(&f, &hut());
        for field in ["date", "start", "end", "purpose", "attendees", "weeks"] {
            assert!(found.iter().any(|f| f == field), "{field}: {found:?}");
        }
    }
}
