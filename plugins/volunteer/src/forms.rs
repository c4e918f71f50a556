//! The forms of the module — a call, a shift, an item, a pledge — as typed (kept verbatim so
//! a rejected form comes back unchanged) and the rules each must keep.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};
use serde::Serialize;

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_TEXT: usize = 2_000;
pub const MAX_PLACES: u32 = 1_000;
pub const MAX_QUANTITY: u32 = 100_000;
/// The choices for reminders and for the cancellation cut-off, in hours.
pub const REMIND_HOURS: [i64; 7] = [0, 2, 6, 12, 24, 48, 72];
pub const CUTOFF_HOURS: [i64; 5] = [0, 6, 12, 24, 48];

fn trimmed(req: &Request, name: &str) -> String {
    req.field(name).trim().to_owned()
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// A whole number in `min..=max`, or none.
fn number(input: &str, min: u32, max: u32) -> Option<u32> {
    input
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

/// A shift as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ShiftForm {
    pub date: String,
    pub start: String,
    pub end: String,
    pub label: String,
    pub min: String,
    pub max: String,
}

/// A shift that keeps the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedShift {
    pub starts: i64,
    pub ends: i64,
    pub label: String,
    pub min: u32,
    pub max: u32,
}

impl ShiftForm {
    pub fn from_request(req: &Request) -> ShiftForm {
        ShiftForm {
            date: trimmed(req, "date"),
            start: trimmed(req, "start"),
            end: trimmed(req, "end"),
            label: trimmed(req, "label"),
            min: trimmed(req, "min"),
            max: trimmed(req, "max"),
        }
    }

    /// The form for a stored shift.
    pub fn of(shift: &crate::model::Shift) -> ShiftForm {
        let end = time::berlin_minutes(shift.ends - 1) + 1;
        ShiftForm {
            date: Date::of(shift.starts).to_string(),
            start: time::clock(time::berlin_minutes(shift.starts)),
            end: time::clock(end),
            label: shift.label.clone(),
            min: shift.min.to_string(),
            max: shift.max.to_string(),
        }
    }

    /// Checks the shift; `now` to refuse one in the past, `errors` collects the problems.
    pub fn check(&self, now: i64, errors: &mut FieldErrors) -> Option<CheckedShift> {
        let date = Date::parse(&self.date);
        if date.is_none() {
            errors.add("date", "error-date");
        }
        let start = time::parse_clock(&self.start).filter(|m| *m < 1440);
        if start.is_none() {
            errors.add("start", "error-time");
        }
        let end = time::parse_clock(&self.end);
        if end.is_none() {
            errors.add("end", "error-time");
        }
        let label = if self.label.is_empty() {
            errors.add("label", "error-required");
            None
        } else if too_long(&self.label, MAX_TITLE) {
            errors.add("label", "error-too-long");
            None
        } else {
            Some(self.label.clone())
        };
        let max = number(&self.max, 1, MAX_PLACES);
        if max.is_none() {
            errors.add("max", "error-whole-number");
        }
        let min = if self.min.is_empty() {
            max
        } else {
            match self.min.parse::<u32>() {
                Ok(n) if max.is_some_and(|max| n > max) => {
                    errors.add("min", "error-min-above-max");
                    None
                }
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add("min", "error-whole-number-zero");
                    None
                }
            }
        };
        let (date, start, end) = (date?, start?, end?);
        if end <= start {
            errors.add("end", "error-end-before-start");
            return None;
        }
        let (starts, ends) = (date.at(start), date.at(end));
        if starts <= now {
            errors.add("date", "error-past");
            return None;
        }
        Some(CheckedShift {
            starts,
            ends,
            label: label?,
            min: min?,
            max: max?,
        })
    }
}

/// A call as typed; on `/new` it carries its first shift.
#[derive(Debug, Clone, Serialize)]
pub struct CallForm {
    pub title: String,
    pub description: String,
    pub on_behalf: String,
    pub place: String,
    /// `public` or `members`.
    pub visibility: String,
    pub remind_hours: String,
    pub cutoff_hours: String,
    pub shift: ShiftForm,
}

impl Default for CallForm {
    fn default() -> Self {
        CallForm {
            title: String::new(),
            description: String::new(),
            on_behalf: String::new(),
            place: String::new(),
            visibility: "public".into(),
            remind_hours: "24".into(),
            cutoff_hours: "24".into(),
            shift: ShiftForm::default(),
        }
    }
}

/// The fields of a call that keep the rules.
#[derive(Debug, Clone)]
pub struct CheckedCall {
    pub title: String,
    pub description: String,
    pub on_behalf: String,
    pub place: String,
    pub public: bool,
    pub remind_hours: i64,
    pub cutoff_hours: i64,
}

impl CallForm {
    pub fn from_request(req: &Request) -> CallForm {
        CallForm {
            title: trimmed(req, "title"),
            description: req.field("description").trim_end().to_owned(),
            on_behalf: trimmed(req, "on_behalf"),
            place: trimmed(req, "place"),
            visibility: trimmed(req, "visibility"),
            remind_hours: trimmed(req, "remind_hours"),
            cutoff_hours: trimmed(req, "cutoff_hours"),
            shift: ShiftForm::from_request(req),
        }
    }

    /// The form for a stored call (without a shift).
    pub fn of(call: &crate::model::Call) -> CallForm {
        CallForm {
            title: call.title.clone(),
            description: call.description.clone(),
            on_behalf: call.on_behalf.clone(),
            place: call.place.clone(),
            visibility: if call.public { "public" } else { "members" }.into(),
            remind_hours: call.remind_hours.to_string(),
            cutoff_hours: call.cutoff_hours.to_string(),
            shift: ShiftForm::default(),
        }
    }

    /// Checks the call's own fields.
    pub fn check(&self, errors: &mut FieldErrors) -> Option<CheckedCall> {
        if self.title.is_empty() {
            errors.add("title", "error-required");
        } else if too_long(&self.title, MAX_TITLE) {
            errors.add("title", "error-too-long");
        }
        if too_long(&self.description, MAX_DESCRIPTION) {
            errors.add("description", "error-too-long");
        }
        if too_long(&self.on_behalf, MAX_TITLE) {
            errors.add("on_behalf", "error-too-long");
        }
        if too_long(&self.place, MAX_TITLE) {
            errors.add("place", "error-too-long");
        }
        let public = match self.visibility.as_str() {
            "public" => Some(true),
            "members" => Some(false),
            _ => {
                errors.add("visibility", "error-choice");
                None
            }
        };
        let choice = |input: &str, choices: &[i64], field: &str, errors: &mut FieldErrors| {
            let hours = input.parse::<i64>().ok().filter(|h| choices.contains(h));
            if hours.is_none() {
                errors.add(field, "error-choice");
            }
            hours
        };
        let remind_hours = choice(&self.remind_hours, &REMIND_HOURS, "remind_hours", errors);
        let cutoff_hours = choice(&self.cutoff_hours, &CUTOFF_HOURS, "cutoff_hours", errors);
        if !errors.is_empty() {
            return None;
        }
        Some(CheckedCall {
            title: self.title.clone(),
            description: self.description.clone(),
            on_behalf: self.on_behalf.clone(),
            place: self.place.clone(),
            public: public?,
            remind_hours: remind_hours?,
            cutoff_hours: cutoff_hours?,
        })
    }
}

/// An item as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemForm {
    pub label: String,
    pub wanted: String,
    pub extra_welcome: bool,
}

impl ItemForm {
    pub fn from_request(req: &Request) -> ItemForm {
        ItemForm {
            label: trimmed(req, "label"),
            wanted: trimmed(req, "wanted"),
            extra_welcome: req.checked("extra_welcome"),
        }
    }

    pub fn of(item: &crate::model::Item) -> ItemForm {
        ItemForm {
            label: item.label.clone(),
            wanted: item.wanted.to_string(),
            extra_welcome: item.extra_welcome,
        }
    }

    /// The label and how many are wanted.
    pub fn check(&self, errors: &mut FieldErrors) -> Option<(String, u32)> {
        if self.label.is_empty() {
            errors.add("label", "error-required");
        } else if too_long(&self.label, MAX_TITLE) {
            errors.add("label", "error-too-long");
        }
        let wanted = number(&self.wanted, 1, MAX_QUANTITY);
        if wanted.is_none() {
            errors.add("wanted", "error-whole-number");
        }
        if !errors.is_empty() {
            return None;
        }
        Some((self.label.clone(), wanted?))
    }
}

/// A pledge as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PledgeForm {
    pub quantity: String,
    pub comment: String,
}

impl PledgeForm {
    pub fn from_request(req: &Request) -> PledgeForm {
        PledgeForm {
            quantity: trimmed(req, "quantity"),
            comment: trimmed(req, "comment"),
        }
    }

    pub fn check(&self, errors: &mut FieldErrors) -> Option<u32> {
        let quantity = number(&self.quantity, 1, MAX_QUANTITY);
        if quantity.is_none() {
            errors.add("quantity", "error-whole-number");
        }
        if too_long(&self.comment, MAX_TEXT) {
            errors.add("comment", "error-too-long");
        }
        quantity.filter(|_| errors.is_empty())
    }
}

/// A required text of at most `MAX_TEXT` characters: a `reason` or a `message` (each has
/// its own message when it is missing).
pub fn required_text(req: &Request, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let text = req.field(field).trim().to_owned();
    if text.is_empty() {
        let missing = if field == "reason" {
            "error-reason-missing"
        } else {
            "error-message-missing"
        };
        errors.add(field, missing);
        None
    } else if too_long(&text, MAX_TEXT) {
        errors.add(field, "error-too-long");
        None
    } else {
        Some(text)
    }
}

/// An optional text of at most `MAX_TEXT` characters (a comment).
pub fn optional_text(req: &Request, field: &str, errors: &mut FieldErrors) -> String {
    let text = req.field(field).trim().to_owned();
    if too_long(&text, MAX_TEXT) {
        errors.add(field, "error-too-long");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(date: &str, start: &str, end: &str, min: &str, max: &str) -> ShiftForm {
        ShiftForm {
            date: date.into(),
            start: start.into(),
            end: end.into(),
            label: "Kuchenstand".into(),
            min: min.into(),
            max: max.into(),
        }
    }

    fn problems(form: &ShiftForm, now: i64) -> (Option<CheckedShift>, Vec<String>) {
        let mut errors = FieldErrors::new();
        let checked = form.check(now, &mut errors);
        let errors = errors
            .iter()
            .flat_map(|(field, key)| [field.to_owned(), key.to_owned()])
            .collect();
        (checked, errors)
    }

    #[test]
    fn a_good_shift_is_berlin_wall_clock_time() {
        let day = Date::parse("2026-07-04").unwrap();
        let (checked, errors) = problems(&shift("2026-07-04", "14:00", "16:00", "", "4"), 0);
        assert!(errors.is_empty(), "{errors:?}");
        let checked = checked.unwrap();
        assert_eq!((checked.starts, checked.ends), (day.at(840), day.at(960)));
        assert_eq!(
            (checked.min, checked.max),
            (4, 4),
            "a blank minimum means all places"
        );
        let (checked, _) = problems(&shift("2026-07-04", "20:00", "24:00", "2", "3"), 0);
        assert_eq!(checked.unwrap().ends, day.add_days(1).start());
    }

    #[test]
    fn each_rule_names_its_field() {
        let later = Date::parse("2026-07-04").unwrap().at(0);
        let cases = [
            (
                shift("2026-07-04", "16:00", "14:00", "", "4"),
                vec!["end", "error-end-before-start"],
            ),
            (
                shift("2026-07-04", "14:00", "16:00", "", "0"),
                vec!["max", "error-whole-number"],
            ),
            (
                shift("2026-07-04", "14:00", "16:00", "", "-2"),
                vec!["max", "error-whole-number"],
            ),
            (
                shift("2026-07-04", "14:00", "16:00", "5", "4"),
                vec!["min", "error-min-above-max"],
            ),
            (
                shift("04.07.2026", "14:00", "16:00", "", "4"),
                vec!["date", "error-date"],
            ),
            (
                shift("2026-07-04", "2pm", "16:00", "", "4"),
                vec!["start", "error-time"],
            ),
        ];
        for (form, expected) in cases {
            let (checked, errors) = problems(&form, 0);
            assert!(checked.is_none());
            assert_eq!(errors, expected, "{form:?}");
        }
        let (_, errors) = problems(&shift("2026-07-04", "14:00", "16:00", "", "4"), later + 1);
        assert!(errors.is_empty() || errors == ["date", "error-past"]);
        let (checked, errors) = problems(&shift("2026-07-03", "14:00", "16:00", "", "4"), later);
        assert!(checked.is_none());
        assert_eq!(errors, ["date", "error-past"]);
    }

    #[test]
    fn quantities_are_whole_numbers_from_one() {
        for (input, ok) in [
            ("1", true),
            ("12", true),
            ("0", false),
            ("-3", false),
            ("zwei", false),
            ("", false),
        ] {
            let form = PledgeForm {
                quantity: input.into(),
                comment: String::new(),
            };
            assert_eq!(form.check(&mut FieldErrors::new()).is_some(), ok, "{input}");
        }
    }
}
