//! The managers' resource form: reading it, checking it, and showing a stored resource in it.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;
use serde::Serialize;

use crate::model::{Requesters, Resource};
use crate::request_form::{MAX_PURPOSE, MAX_TEXT};

/// The booking steps a manager can choose from, in minutes.
pub const GRANULARITIES: [i64; 6] = [15, 30, 60, 120, 240, 1440];

/// The form as typed, kept verbatim so a rejected form comes back unchanged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResourceForm {
    pub name: String,
    pub description: String,
    pub capacity: String,
    pub location: String,
    pub house_rules: String,
    pub price_note: String,
    pub accessibility: String,
    /// "members" or "accounts".
    pub requesters: String,
    /// "auto" or "approval".
    pub acceptance: String,
    pub granularity: String,
    pub opens: String,
    pub closes: String,
    /// Which weekdays (1–7) are ticked.
    pub weekdays: Vec<bool>,
    pub max_hours: String,
    pub horizon_days: String,
    pub active: bool,
    /// The version of the resource the form was opened with.
    pub version: String,
}

impl ResourceForm {
    pub fn from_request(req: &Request) -> ResourceForm {
        let ticked: Vec<&str> = req
            .form
            .iter()
            .filter(|(k, _)| k == "weekday")
            .map(|(_, v)| v.as_str())
            .collect();
        ResourceForm {
            name: req.field("name").trim().to_owned(),
            description: req.field("description").trim().to_owned(),
            capacity: req.field("capacity").trim().to_owned(),
            location: req.field("location").trim().to_owned(),
            house_rules: req.field("house_rules").trim().to_owned(),
            price_note: req.field("price_note").trim().to_owned(),
            accessibility: req.field("accessibility").trim().to_owned(),
            requesters: req.field("requesters").to_owned(),
            acceptance: req.field("acceptance").to_owned(),
            granularity: req.field("granularity").to_owned(),
            opens: req.field("opens").trim().to_owned(),
            closes: req.field("closes").trim().to_owned(),
            weekdays: (1..=7)
                .map(|d| ticked.contains(&d.to_string().as_str()))
                .collect(),
            max_hours: req.field("max_hours").trim().to_owned(),
            horizon_days: req.field("horizon_days").trim().to_owned(),
            active: req.checked("active"),
            version: req.field("version").to_owned(),
        }
    }

    /// A new resource: every day 8–22 h in hours, up to a day, a year ahead, with approval.
    pub fn blank() -> ResourceForm {
        ResourceForm {
            capacity: "20".into(),
            requesters: "members".into(),
            acceptance: "approval".into(),
            granularity: "60".into(),
            opens: "08:00".into(),
            closes: "22:00".into(),
            weekdays: vec![true; 7],
            max_hours: "24".into(),
            horizon_days: "365".into(),
            active: true,
            ..ResourceForm::default()
        }
    }

    pub fn from_resource(record: &Record<Resource>) -> ResourceForm {
        let r = &record.data;
        ResourceForm {
            name: r.name.clone(),
            description: r.description.clone(),
            capacity: r.capacity.to_string(),
            location: r.location.clone(),
            house_rules: r.house_rules.clone(),
            price_note: r.price_note.clone(),
            accessibility: r.accessibility.clone(),
            requesters: match r.requesters {
                Requesters::Members => "members",
                Requesters::Accounts => "accounts",
            }
            .into(),
            acceptance: if r.auto_accept { "auto" } else { "approval" }.into(),
            granularity: r.granularity.to_string(),
            opens: time::clock(r.opens),
            closes: time::clock(r.closes),
            weekdays: (1..=7).map(|d| r.weekdays.contains(&d)).collect(),
            max_hours: format_hours(r.max_minutes),
            horizon_days: r.horizon_days.to_string(),
            active: r.active,
            version: record.version.to_string(),
        }
    }

    /// The resource the form describes, or a message per field. `feed_token` is kept from
    /// the stored resource (or a new one for a new resource).
    pub fn check(&self, feed_token: String) -> Result<Resource, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.name.is_empty() {
            errors.add("name", "error-name");
        } else if self.name.chars().count() > MAX_PURPOSE || self.name.contains('\n') {
            errors.add("name", "error-too-long-text");
        }
        for (field, text) in [
            ("description", &self.description),
            ("location", &self.location),
            ("house_rules", &self.house_rules),
            ("price_note", &self.price_note),
            ("accessibility", &self.accessibility),
        ] {
            if text.chars().count() > MAX_TEXT {
                errors.add(field, "error-too-long-text");
            }
        }
        let capacity = self.capacity.parse::<u32>().ok().filter(|c| *c >= 1);
        if capacity.is_none() {
            errors.add("capacity", "error-capacity-number");
        }
        let requesters = match self.requesters.as_str() {
            "members" => Some(Requesters::Members),
            "accounts" => Some(Requesters::Accounts),
            _ => None,
        };
        if requesters.is_none() {
            errors.add("requesters", "error-choose");
        }
        let auto_accept = match self.acceptance.as_str() {
            "auto" => Some(true),
            "approval" => Some(false),
            _ => None,
        };
        if auto_accept.is_none() {
            errors.add("acceptance", "error-choose");
        }
        let granularity = self
            .granularity
            .parse::<i64>()
            .ok()
            .filter(|g| GRANULARITIES.contains(g));
        if granularity.is_none() {
            errors.add("granularity", "error-choose");
        }
        let opens = time::parse_clock(&self.opens).filter(|m| *m < 24 * 60);
        if opens.is_none() {
            errors.add("opens", "error-time");
        }
        let closes = time::parse_clock(&self.closes).filter(|m| *m > 0);
        if closes.is_none() {
            errors.add("closes", "error-time");
        }
        if let (Some(opens), Some(closes)) = (opens, closes)
            && closes <= opens
        {
            errors.add("closes", "error-closes-before-opens");
        }
        let weekdays: Vec<i64> = (1..=7)
            .filter(|d| self.weekdays.get(*d as usize - 1) == Some(&true))
            .collect();
        if weekdays.is_empty() {
            errors.add("weekdays", "error-weekdays");
        }
        let max_minutes = parse_hours(&self.max_hours).filter(|m| (1..=14 * 24 * 60).contains(m));
        if max_minutes.is_none() {
            errors.add("max_hours", "error-max-hours");
        }
        let horizon_days = self
            .horizon_days
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3 * 365).contains(d));
        if horizon_days.is_none() {
            errors.add("horizon_days", "error-horizon-days");
        }
        match (
            capacity,
            requesters,
            auto_accept,
            granularity,
            opens,
            closes,
            max_minutes,
            horizon_days,
        ) {
            (
                Some(capacity),
                Some(requesters),
                Some(auto_accept),
                Some(granularity),
                Some(opens),
                Some(closes),
                Some(max_minutes),
                Some(horizon_days),
            ) if errors.is_empty() => Ok(Resource {
                name: self.name.clone(),
                description: self.description.clone(),
                capacity,
                location: self.location.clone(),
                house_rules: self.house_rules.clone(),
                price_note: self.price_note.clone(),
                accessibility: self.accessibility.clone(),
                requesters,
                auto_accept,
                granularity,
                opens,
                closes,
                weekdays,
                max_minutes,
                horizon_days,
                active: self.active,
                feed_token,
            }),
            _ => Err(errors),
        }
    }
}

/// Hours as typed ("3", "1,5", "0.5") in minutes.
fn parse_hours(input: &str) -> Option<i64> {
    let hours: f64 = input.trim().replace(',', ".").parse().ok()?;
    (hours.is_finite() && hours > 0.0).then(|| (hours * 60.0).round() as i64)
}

fn format_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{}", minutes as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blank_form_is_a_valid_resource() {
        let mut form = ResourceForm::blank();
        form.name = "Grillhütte".into();
        let resource = form.check("t".into()).expect("valid");
        assert_eq!(resource.weekdays, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(resource.max_minutes, 24 * 60);
        assert!(!resource.auto_accept);
    }

    #[test]
    fn hours_read_with_comma_or_point() {
        assert_eq!(parse_hours("1,5"), Some(90));
        assert_eq!(parse_hours("2"), Some(120));
        assert_eq!(parse_hours("-1"), None);
        assert_eq!(parse_hours("viel"), None);
        assert_eq!(format_hours(90), "1.5");
    }

    #[test]
    fn bad_settings_are_refused_field_by_field() {
        let form = ResourceForm {
            name: String::new(),
            capacity: "0".into(),
            opens: "22:00".into(),
            closes: "08:00".into(),
            weekdays: vec![false; 7],
            max_hours: "x".into(),
            horizon_days: "0".into(),
            ..ResourceForm::blank()
        };
        let found = format!("{:?}", form.check(String::new()).unwrap_err());
        for field in [
            "name",
            "capacity",
            "closes",
            "weekdays",
            "max_hours",
            "horizon_days",
        ] {
            assert!(found.contains(&format!("\"{field}\"")), "{field}: {found}");
        }
    }
}
