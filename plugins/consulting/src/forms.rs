//! The module's forms as typed (kept verbatim, so a rejected form comes back unchanged) and
//! the rules each must keep. Each `check` adds a message key per bad field.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;
use serde::Serialize;

use crate::model::{Availability, Topic, Urgency};

pub const MAX_TITLE: usize = 150;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_SHORT: usize = 200;
pub const MAX_BIO: usize = 1_000;
pub const MAX_MESSAGE: usize = 5_000;
pub const MAX_OUTCOME: usize = 2_000;
pub const MAX_TOPIC: usize = 60;
pub const MAX_OPEN_LIMIT: u32 = 20;

fn trimmed(req: &Request, name: &str) -> String {
    req.field(name).trim().to_owned()
}

fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

/// The messages for a text field that is empty or too long.
pub struct TextRule {
    pub field: &'static str,
    pub max: usize,
    pub missing: &'static str,
    pub long: &'static str,
}

impl TextRule {
    /// Requires the text, at most `max` characters.
    pub fn required(&self, text: &str, errors: &mut FieldErrors) {
        if text.is_empty() {
            errors.add(self.field, self.missing);
        } else {
            self.optional(text, errors);
        }
    }

    /// An optional text of at most `max` characters.
    pub fn optional(&self, text: &str, errors: &mut FieldErrors) {
        if too_long(text, self.max) {
            errors.add(self.field, self.long);
        }
    }
}

const TITLE: TextRule = TextRule {
    field: "title",
    max: MAX_TITLE,
    missing: "error-title-missing",
    long: "error-title-long",
};
const DESCRIPTION: TextRule = TextRule {
    field: "description",
    max: MAX_TEXT,
    missing: "error-description-missing",
    long: "error-description-long",
};
const ON_BEHALF: TextRule = TextRule {
    field: "on_behalf",
    max: MAX_SHORT,
    missing: "",
    long: "error-on_behalf-long",
};
const BIO: TextRule = TextRule {
    field: "bio",
    max: MAX_BIO,
    missing: "",
    long: "error-bio-long",
};
const LANGUAGES: TextRule = TextRule {
    field: "languages",
    max: MAX_SHORT,
    missing: "",
    long: "error-languages-long",
};
const ARTICLE_TEXT: TextRule = TextRule {
    field: "text",
    max: MAX_TEXT,
    missing: "error-text-missing",
    long: "error-text-long",
};
pub const MESSAGE: TextRule = TextRule {
    field: "text",
    max: MAX_MESSAGE,
    missing: "error-text-missing",
    long: "error-text-long",
};
pub const OUTCOME: TextRule = TextRule {
    field: "outcome",
    max: MAX_OUTCOME,
    missing: "error-outcome-missing",
    long: "error-outcome-long",
};
pub const NOTE: TextRule = TextRule {
    field: "note",
    max: MAX_OUTCOME,
    missing: "error-note-missing",
    long: "error-note-long",
};
pub const TOPIC_NAME: TextRule = TextRule {
    field: "name",
    max: MAX_TOPIC,
    missing: "error-name-missing",
    long: "error-name-long",
};

/// A topic id that is offered for new questions.
fn open_topic(topic: &str, topics: &[Record<Topic>], errors: &mut FieldErrors) {
    if !topics.iter().any(|t| t.id == topic && !t.data.retired) {
        errors.add("topic", "error-topic-missing");
    }
}

/// A question as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AskForm {
    pub topic: String,
    pub title: String,
    pub description: String,
    pub on_behalf: String,
    pub urgent: bool,
    pub share: bool,
}

impl AskForm {
    pub fn from_request(req: &Request) -> AskForm {
        AskForm {
            topic: trimmed(req, "topic"),
            title: trimmed(req, "title"),
            description: trimmed(req, "description"),
            on_behalf: trimmed(req, "on_behalf"),
            urgent: req.field("urgency") == "urgent",
            share: req.checked("share"),
        }
    }

    pub fn check(&self, topics: &[Record<Topic>], errors: &mut FieldErrors) {
        open_topic(&self.topic, topics, errors);
        TITLE.required(&self.title, errors);
        DESCRIPTION.required(&self.description, errors);
        ON_BEHALF.optional(&self.on_behalf, errors);
    }

    pub fn urgency(&self) -> Urgency {
        if self.urgent {
            Urgency::Urgent
        } else {
            Urgency::Normal
        }
    }
}

/// A consultant's profile as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProfileForm {
    pub topics: Vec<String>,
    pub bio: String,
    pub languages: String,
    pub availability: String,
    pub away_until: String,
    pub max_open: String,
}

/// A profile that keeps the rules.
pub struct CheckedProfile {
    pub topics: Vec<String>,
    pub availability: Availability,
    pub max_open: u32,
}

impl ProfileForm {
    pub fn from_request(req: &Request) -> ProfileForm {
        ProfileForm {
            topics: req.fields("topics").map(str::to_owned).collect(),
            bio: trimmed(req, "bio"),
            languages: trimmed(req, "languages"),
            availability: trimmed(req, "availability"),
            away_until: trimmed(req, "away_until"),
            max_open: trimmed(req, "max_open"),
        }
    }

    pub fn of(c: &crate::model::Consultant) -> ProfileForm {
        ProfileForm {
            topics: c.topics.clone(),
            bio: c.bio.clone(),
            languages: c.languages.clone(),
            availability: match c.availability {
                Availability::Available => "available",
                Availability::Busy => "busy",
                Availability::Away => "away",
            }
            .into(),
            away_until: c.away_until.clone(),
            max_open: c.max_open.to_string(),
        }
    }

    pub fn check(
        &self,
        topics: &[Record<Topic>],
        today: Date,
        errors: &mut FieldErrors,
    ) -> Option<CheckedProfile> {
        let known: Vec<String> = self
            .topics
            .iter()
            .filter(|id| topics.iter().any(|t| &t.id == *id))
            .cloned()
            .collect();
        if known.is_empty() {
            errors.add("topics", "error-topics-missing");
        }
        BIO.optional(&self.bio, errors);
        LANGUAGES.optional(&self.languages, errors);
        let availability = match self.availability.as_str() {
            "available" => Some(Availability::Available),
            "busy" => Some(Availability::Busy),
            "away" => match Date::parse(&self.away_until) {
                Some(d) if d >= today => Some(Availability::Away),
                Some(_) => {
                    errors.add("away_until", "error-away_until-past");
                    None
                }
                None => {
                    errors.add("away_until", "error-away_until-missing");
                    None
                }
            },
            _ => {
                errors.add("availability", "error-availability-missing");
                None
            }
        };
        let max_open = self
            .max_open
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_OPEN_LIMIT).contains(n));
        if max_open.is_none() {
            errors.add("max_open", "error-max_open-range");
        }
        if !errors.is_empty() {
            return None;
        }
        Some(CheckedProfile {
            topics: known,
            availability: availability?,
            max_open: max_open?,
        })
    }
}

/// An anonymised summary (or a manager's article) as typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleForm {
    pub topic: String,
    pub title: String,
    pub text: String,
    /// "public" or "members".
    pub visibility: String,
    /// The consultant confirms that nothing identifies the asker.
    pub anonymised: bool,
}

impl ArticleForm {
    pub fn from_request(req: &Request) -> ArticleForm {
        ArticleForm {
            topic: trimmed(req, "topic"),
            title: trimmed(req, "title"),
            text: trimmed(req, "text"),
            visibility: trimmed(req, "visibility"),
            anonymised: req.checked("anonymised"),
        }
    }

    /// The form for a stored summary, to revise it or to review it for publication.
    pub fn of_summary(summary: &crate::model::Summary, visibility: &str) -> ArticleForm {
        ArticleForm {
            topic: summary.topic.clone(),
            title: summary.title.clone(),
            text: summary.text.clone(),
            visibility: visibility.into(),
            anonymised: false,
        }
    }

    /// The checks for a consultant's summary: topic, title, text and the confirmation.
    pub fn check_summary(&self, topics: &[Record<Topic>], errors: &mut FieldErrors) {
        self.check_text(topics, errors);
        if !self.anonymised {
            errors.add("anonymised", "error-anonymised-missing");
        }
    }

    /// The checks for an article a manager publishes: topic, title, text and visibility.
    pub fn check_article(&self, topics: &[Record<Topic>], errors: &mut FieldErrors) {
        self.check_text(topics, errors);
        if !matches!(self.visibility.as_str(), "public" | "members") {
            errors.add("visibility", "error-visibility-missing");
        }
    }

    fn check_text(&self, topics: &[Record<Topic>], errors: &mut FieldErrors) {
        if !topics.iter().any(|t| t.id == self.topic) {
            errors.add("topic", "error-topic-missing");
        }
        TITLE.required(&self.title, errors);
        ARTICLE_TEXT.required(&self.text, errors);
    }

    pub fn is_public(&self) -> bool {
        self.visibility == "public"
    }
}

/// A message, an outcome, a review note or a topic name: one required text field, as typed
/// (trimmed), and whether it keeps the rule.
pub fn text_field(req: &Request, rule: &TextRule, errors: &mut FieldErrors) -> (String, bool) {
    let text = trimmed(req, rule.field);
    let before = errors.iter().count();
    rule.required(&text, errors);
    let ok = errors.iter().count() == before;
    (text, ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

    fn topic(id: &str, retired: bool) -> Record<Topic> {
        Record {
            id: id.into(),
            version: 1,
            created_at: 0,
            updated_at: 0,
            author: None,
            data: Topic {
                name: id.into(),
                retired,
            },
            hidden: false,
        }
    }

    fn keys(errors: &FieldErrors) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|(f, k)| (f.to_owned(), k.to_owned()))
            .collect()
    }

    #[test]
    fn a_question_needs_an_open_topic_a_title_and_a_description() {
        let topics = [topic("1", false), topic("2", true)];
        let mut errors = FieldErrors::new();
        AskForm {
            topic: "2".into(),
            title: "x".repeat(MAX_TITLE + 1),
            ..AskForm::default()
        }
        .check(&topics, &mut errors);
        assert_eq!(
            keys(&errors),
            [
                ("topic".into(), "error-topic-missing".into()),
                ("title".into(), "error-title-long".into()),
                ("description".into(), "error-description-missing".into()),
            ]
        );
        let mut errors = FieldErrors::new();
        AskForm {
            topic: "1".into(),
            title: "Fotos".into(),
            description: "Dürfen wir?".into(),
            ..AskForm::default()
        }
        .check(&topics, &mut errors);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_profile_keeps_known_topics_and_needs_a_date_when_away() {
        let topics = [topic("1", false)];
        let today = Date::parse("2026-11-22").unwrap();
        let form = ProfileForm {
            topics: vec!["1".into(), "99".into()],
            availability: "away".into(),
            away_until: "2026-11-21".into(),
            max_open: "0".into(),
            ..ProfileForm::default()
        };
        let mut errors = FieldErrors::new();
        assert!(form.check(&topics, today, &mut errors).is_none());
        assert_eq!(
            keys(&errors),
            [
                ("away_until".into(), "error-away_until-past".into()),
                ("max_open".into(), "error-max_open-range".into()),
            ]
        );
        let form = ProfileForm {
            away_until: "2026-12-01".into(),
            max_open: "4".into(),
            ..form
        };
        let mut errors = FieldErrors::new();
        let checked = form.check(&topics, today, &mut errors).unwrap();
        assert_eq!(checked.topics, ["1"]);
        assert_eq!(checked.max_open, 4);
    }

    #[test]
    fn a_summary_needs_the_confirmation_that_it_is_anonymised() {
        let topics = [topic("1", false)];
        let form = ArticleForm {
            topic: "1".into(),
            title: "Fotos von Gästen".into(),
            text: "Einwilligung einholen".into(),
            ..ArticleForm::default()
        };
        let mut errors = FieldErrors::new();
        form.check_summary(&topics, &mut errors);
        assert_eq!(
            keys(&errors),
            [("anonymised".into(), "error-anonymised-missing".into())]
        );
        let mut errors = FieldErrors::new();
        form.check_article(&topics, &mut errors);
        assert_eq!(
            keys(&errors),
            [("visibility".into(), "error-visibility-missing".into())]
        );
    }
}
