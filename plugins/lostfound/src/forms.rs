//! The module's forms as typed (kept verbatim, so a refused form comes back unchanged) and
//! the rules each must keep. Pure, except for reading the request.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;
use serde::Serialize;

use crate::address::looks_like_address;
use crate::model::{EntryType, Settings};

pub const MIN_TITLE: usize = 3;
pub const MAX_TITLE: usize = 120;
pub const MAX_DESCRIPTION: usize = 4000;
pub const MAX_PLACE: usize = 120;
pub const MAX_QUESTION: usize = 200;
pub const MAX_SECRET: usize = 500;
pub const MAX_ANSWER: usize = 500;
pub const MAX_MESSAGE: usize = 2000;
pub const MAX_NOTE: usize = 300;
pub const MIN_REASON: usize = 3;
pub const MAX_REASON: usize = 500;
pub const MAX_PHOTOS: usize = 3;

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn trimmed(req: &Request, name: &str) -> String {
    req.field(name).trim().to_owned()
}

/// An entry as typed.
#[derive(Debug, Clone, Serialize)]
pub struct EntryForm {
    #[serde(rename = "type")]
    pub entry_type: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub date: String,
    pub area: String,
    pub place: String,
    pub visibility: String,
    pub question: String,
    pub secret: String,
    pub urgent: bool,
    /// Editing: remove the stored secret detail.
    pub clear_secret: bool,
}

impl EntryForm {
    /// An empty form for a new entry of this type (`lost` unless `found` is asked for).
    pub fn blank(entry_type: Option<&str>, today: Date) -> EntryForm {
        EntryForm {
            entry_type: match entry_type {
                Some("found") => "found",
                _ => "lost",
            }
            .into(),
            kind: "item".into(),
            title: String::new(),
            description: String::new(),
            date: today.to_string(),
            area: String::new(),
            place: String::new(),
            visibility: "public".into(),
            question: String::new(),
            secret: String::new(),
            urgent: false,
            clear_secret: false,
        }
    }

    pub fn from_request(req: &Request) -> EntryForm {
        EntryForm {
            entry_type: trimmed(req, "type"),
            kind: trimmed(req, "kind"),
            title: trimmed(req, "title"),
            description: req.field("description").trim_end().to_owned(),
            date: trimmed(req, "date"),
            area: trimmed(req, "area"),
            place: trimmed(req, "place"),
            visibility: trimmed(req, "visibility"),
            question: trimmed(req, "question"),
            secret: trimmed(req, "secret"),
            urgent: req.checked("urgent"),
            clear_secret: req.checked("clear_secret"),
        }
    }

    /// The form for a stored entry; the secret field starts empty (an empty one keeps it).
    pub fn of(entry: &crate::model::Entry) -> EntryForm {
        EntryForm {
            entry_type: entry.entry_type.as_str().into(),
            kind: entry.kind.clone(),
            title: entry.title.clone(),
            description: entry.description.clone(),
            date: entry.date.clone(),
            area: entry.area.clone(),
            place: entry.place.clone(),
            visibility: entry.visibility.clone(),
            question: entry.question.clone(),
            secret: String::new(),
            urgent: entry.urgent,
            clear_secret: false,
        }
    }

    /// Checks every field against the rules; `today` is the Berlin date. Each field gets at
    /// most one message.
    pub fn check(
        &self,
        settings: &Settings,
        today: Date,
        errors: &mut FieldErrors,
    ) -> Option<CheckedEntry> {
        let entry_type = EntryType::parse(&self.entry_type);
        if entry_type.is_none() {
            errors.add("type", "error-type");
        }
        if !settings.knows_kind(&self.kind) {
            errors.add("kind", "error-choice");
        }
        if self.title.is_empty() {
            errors.add("title", "error-required");
        } else if chars(&self.title) < MIN_TITLE {
            errors.add("title", "error-title-short");
        } else if chars(&self.title) > MAX_TITLE {
            errors.add("title", "error-too-long");
        }
        let public = match self.visibility.as_str() {
            "public" => Some(true),
            "members" => Some(false),
            _ => {
                errors.add("visibility", "error-choice");
                None
            }
        };
        if chars(&self.description) > MAX_DESCRIPTION {
            errors.add("description", "error-too-long");
        } else if public != Some(false) && looks_like_address(&self.description) {
            errors.add("description", "error-description-address");
        }
        match Date::parse(&self.date) {
            None => errors.add("date", "error-date"),
            Some(date) if date > today => errors.add("date", "error-date-future"),
            Some(date) if date < a_year_before(today) => errors.add("date", "error-date-old"),
            Some(_) => {}
        }
        let area = if settings.areas.is_empty() {
            String::new()
        } else if self.area.is_empty() || settings.areas.contains(&self.area) {
            self.area.clone()
        } else {
            errors.add("area", "error-choice");
            String::new()
        };
        if self.place.is_empty() {
            errors.add("place", "error-required");
        } else if chars(&self.place) > MAX_PLACE {
            errors.add("place", "error-too-long");
        } else if looks_like_address(&self.place) {
            errors.add("place", "error-place-address");
        }
        let found = entry_type == Some(EntryType::Found);
        if found && chars(&self.question) > MAX_QUESTION {
            errors.add("question", "error-too-long");
        }
        if found && chars(&self.secret) > MAX_SECRET {
            errors.add("secret", "error-too-long");
        }
        if !errors.is_empty() {
            return None;
        }
        Some(CheckedEntry {
            entry_type: entry_type?,
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            date: self.date.clone(),
            area,
            place: self.place.clone(),
            visibility: if public? { "public" } else { "members" }.into(),
            question: if found {
                self.question.clone()
            } else {
                String::new()
            },
            secret: if found {
                self.secret.clone()
            } else {
                String::new()
            },
            clear_secret: !found || self.clear_secret,
            urgent: self.urgent && self.kind == "pet",
        })
    }
}

/// The same day a year earlier (28 February for the 29th).
fn a_year_before(today: Date) -> Date {
    Date::new(today.year - 1, today.month, today.day)
        .or_else(|| Date::new(today.year - 1, today.month, 28))
        .unwrap_or(today)
}

/// An entry's fields that keep the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedEntry {
    pub entry_type: EntryType,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub date: String,
    pub area: String,
    pub place: String,
    pub visibility: String,
    pub question: String,
    /// A new secret detail (found entries); empty keeps the stored one when editing.
    pub secret: String,
    /// Editing: drop the stored secret (always for lost entries).
    pub clear_secret: bool,
    pub urgent: bool,
}

/// A blob id as the host makes them (checked before asking the host about it).
pub fn is_blob_id(id: &str) -> bool {
    (1..=100).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The distinct, well-formed ids a repeated field carries (at most `max`).
pub fn ids(req: &Request, field: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in req.fields(field).map(str::trim) {
        if is_blob_id(id) && !out.iter().any(|o| o == id) && out.len() < max {
            out.push(id.to_owned());
        }
    }
    out
}

/// A required text of `min..=max` characters; `missing` is the message when it is empty.
pub fn required_text(
    req: &Request,
    field: &str,
    (min, max): (usize, usize),
    missing: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    let text = req.field(field).trim().to_owned();
    if text.is_empty() {
        errors.add(field, missing);
        None
    } else if chars(&text) < min {
        errors.add(field, "error-too-short");
        None
    } else if chars(&text) > max {
        errors.add(field, "error-too-long");
        None
    } else {
        Some(text)
    }
}

/// An optional text of at most `max` characters.
pub fn optional_text(req: &Request, field: &str, max: usize, errors: &mut FieldErrors) -> String {
    let text = req.field(field).trim().to_owned();
    if chars(&text) > max {
        errors.add(field, "error-too-long");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-05-20").unwrap()
    }

    fn good() -> EntryForm {
        EntryForm {
            entry_type: "found".into(),
            kind: "key".into(),
            title: "Schlüsselbund".into(),
            description: "Drei Schlüssel an einem grünen Anhänger.".into(),
            date: "2026-05-19".into(),
            area: String::new(),
            place: "Bushaltestelle Kirchplatz".into(),
            visibility: "public".into(),
            question: "Was steht auf dem Anhänger?".into(),
            secret: "Bello".into(),
            urgent: true,
            clear_secret: false,
        }
    }

    fn settings() -> Settings {
        Settings {
            expiry_days: 30,
            extra_kinds: vec!["Schmuck".into()],
            areas: vec!["Ortsmitte".into(), "Am Sportplatz".into()],
        }
    }

    fn problems(form: &EntryForm) -> (Option<CheckedEntry>, Vec<(String, String)>) {
        let mut errors = FieldErrors::new();
        let checked = form.check(&settings(), today(), &mut errors);
        let list = errors
            .iter()
            .map(|(f, m)| (f.to_owned(), m.to_owned()))
            .collect();
        (checked, list)
    }

    #[test]
    fn a_good_found_entry_passes() {
        let (checked, errors) = problems(&good());
        assert!(errors.is_empty(), "{errors:?}");
        let checked = checked.unwrap();
        assert_eq!(checked.entry_type, EntryType::Found);
        assert_eq!(checked.secret, "Bello");
        assert!(!checked.urgent, "only pets are urgent");
        assert!(!checked.clear_secret);
    }

    #[test]
    fn lost_entries_have_no_question_or_secret() {
        let form = EntryForm {
            entry_type: "lost".into(),
            kind: "pet".into(),
            ..good()
        };
        let checked = problems(&form).0.unwrap();
        assert!(checked.question.is_empty() && checked.secret.is_empty());
        assert!(checked.clear_secret);
        assert!(checked.urgent, "a pet may be urgent");
    }

    #[test]
    fn each_rule_names_its_field() {
        let long = |n: usize| "x".repeat(n);
        let cases: Vec<(EntryForm, (&str, &str))> = vec![
            (
                EntryForm {
                    entry_type: "stolen".into(),
                    ..good()
                },
                ("type", "error-type"),
            ),
            (
                EntryForm {
                    kind: "car".into(),
                    ..good()
                },
                ("kind", "error-choice"),
            ),
            (
                EntryForm {
                    title: String::new(),
                    ..good()
                },
                ("title", "error-required"),
            ),
            (
                EntryForm {
                    title: "ab".into(),
                    ..good()
                },
                ("title", "error-title-short"),
            ),
            (
                EntryForm {
                    title: long(121),
                    ..good()
                },
                ("title", "error-too-long"),
            ),
            (
                EntryForm {
                    description: long(4001),
                    ..good()
                },
                ("description", "error-too-long"),
            ),
            (
                EntryForm {
                    description: "Abzuholen Hauptstraße 12".into(),
                    ..good()
                },
                ("description", "error-description-address"),
            ),
            (
                EntryForm {
                    date: "20.05.2026".into(),
                    ..good()
                },
                ("date", "error-date"),
            ),
            (
                EntryForm {
                    date: String::new(),
                    ..good()
                },
                ("date", "error-date"),
            ),
            (
                EntryForm {
                    date: "2026-05-21".into(),
                    ..good()
                },
                ("date", "error-date-future"),
            ),
            (
                EntryForm {
                    date: "2025-05-19".into(),
                    ..good()
                },
                ("date", "error-date-old"),
            ),
            (
                EntryForm {
                    area: "Mond".into(),
                    ..good()
                },
                ("area", "error-choice"),
            ),
            (
                EntryForm {
                    place: String::new(),
                    ..good()
                },
                ("place", "error-required"),
            ),
            (
                EntryForm {
                    place: long(121),
                    ..good()
                },
                ("place", "error-too-long"),
            ),
            (
                EntryForm {
                    place: "Kirchweg 3a".into(),
                    ..good()
                },
                ("place", "error-place-address"),
            ),
            (
                EntryForm {
                    visibility: "secret".into(),
                    ..good()
                },
                ("visibility", "error-choice"),
            ),
            (
                EntryForm {
                    question: long(201),
                    ..good()
                },
                ("question", "error-too-long"),
            ),
            (
                EntryForm {
                    secret: long(501),
                    ..good()
                },
                ("secret", "error-too-long"),
            ),
        ];
        for (form, (field, message)) in cases {
            let (checked, errors) = problems(&form);
            assert!(checked.is_none(), "{form:?}");
            assert_eq!(errors, [(field.to_owned(), message.to_owned())], "{form:?}");
        }
    }

    #[test]
    fn limits_are_inclusive_and_members_only_descriptions_may_name_streets() {
        let edge = EntryForm {
            title: "abc".into(),
            place: "p".repeat(120),
            date: "2025-05-20".into(),
            question: "q".repeat(200),
            secret: "s".repeat(500),
            kind: "Schmuck".into(),
            area: "Ortsmitte".into(),
            ..good()
        };
        let (checked, errors) = problems(&edge);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(checked.unwrap().area, "Ortsmitte");
        let members = EntryForm {
            visibility: "members".into(),
            description: "Abzuholen Hauptstraße 12".into(),
            ..good()
        };
        assert!(problems(&members).1.is_empty());
        let members_place = EntryForm {
            visibility: "members".into(),
            place: "Hauptstraße 12".into(),
            ..good()
        };
        assert_eq!(problems(&members_place).1[0].1, "error-place-address");
    }

    #[test]
    fn an_area_is_optional_and_ignored_without_a_list() {
        let (checked, errors) = problems(&EntryForm {
            area: String::new(),
            ..good()
        });
        assert!(errors.is_empty());
        assert_eq!(checked.unwrap().area, "");
        let mut errors = FieldErrors::new();
        let none = Settings {
            areas: vec![],
            ..settings()
        };
        let checked = EntryForm {
            area: "Irgendwo".into(),
            ..good()
        }
        .check(&none, today(), &mut errors)
        .unwrap();
        assert_eq!(checked.area, "");
    }

    #[test]
    fn a_leap_day_looks_back_to_the_28th() {
        let leap = Date::parse("2028-02-29").unwrap();
        assert_eq!(a_year_before(leap).to_string(), "2027-02-28");
    }

    #[test]
    fn blob_ids_are_checked_before_use() {
        assert!(is_blob_id("a1B2-c_3"));
        assert!(!is_blob_id(""));
        assert!(!is_blob_id("../etc"));
        assert!(!is_blob_id(&"a".repeat(101)));
    }
}
