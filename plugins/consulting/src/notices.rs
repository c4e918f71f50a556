//! Telling people what happened to a case. Notifications can end up in mail, so they name
//! the topic and what happened, never the contents of a question or a message. Written in the
//! community's language (a notification has one text).

use quartier_plugin_sdk::dates;
use quartier_plugin_sdk::notify::{self, Recipients};
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::Date;

/// New questions in a consultant's topics.
pub const QUESTIONS: &str = "questions";
/// A case of mine was taken, assigned, closed; an invitation waits for consent.
pub const CASES: &str = "cases";
/// New messages in my confidential threads.
pub const MESSAGES: &str = "messages";
/// Nobody took a question in time; an answer is overdue.
pub const DEADLINES: &str = "deadlines";
/// Summaries waiting for review, returned or published.
pub const REVIEWS: &str = "reviews";

/// The words of one notification, in the community's language.
pub struct Words {
    german: bool,
}

impl Words {
    pub fn now() -> Words {
        Words {
            german: context::community().language == "de",
        }
    }

    pub fn pick<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.german { de } else { en }
    }

    pub fn date(&self, millis: i64) -> String {
        dates::date(if self.german { "de" } else { "en" }, Date::of(millis))
    }
}

/// Tells these people (nobody if the list is empty).
pub fn tell(
    people: Vec<String>,
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<(), Error> {
    if people.is_empty() {
        return Ok(());
    }
    notify::send(
        Recipients::People(people),
        kind,
        title,
        body,
        Some(link),
        false,
    )
}

/// Tells every manager of the community.
pub fn tell_managers(kind: &str, title: &str, body: &str, link: &str) -> Result<(), Error> {
    notify::send(
        Recipients::RoleAtLeast(Role::Manager),
        kind,
        title,
        body,
        Some(link),
        false,
    )
}

pub fn case_link(case: &str) -> String {
    format!("/cases/{case}")
}
