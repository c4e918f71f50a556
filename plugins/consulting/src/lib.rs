//! Kollegiale Beratung — peer consulting: members of a network ask the community's trained
//! consultants ("Kommunikationsagent:innen", "Online-Scouts") for advice. A question is
//! routed to the available consultants of its topic, one of them takes it, and the two talk
//! in a confidential thread; closed cases can become anonymised articles of the knowledge
//! base, with the asker's consent and a manager's review. Built only on the public SDK.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::{Delivery, NotificationKind};

mod ask;
mod cases;
mod consultants;
mod deadlines;
mod forms;
mod knowledge;
mod lists;
mod model;
mod notices;
mod overview;
mod summaries;
mod topics;

struct Consulting;

/// Every template, by name; the tests check the messages they use.
const TEMPLATES: [(&str, &str); 22] = [
    ("errors", include_str!("../templates/errors.hbs")),
    ("index", include_str!("../templates/index.hbs")),
    ("widget", include_str!("../templates/widget.hbs")),
    ("ask", include_str!("../templates/ask.hbs")),
    ("mine", include_str!("../templates/mine.hbs")),
    ("case_line", include_str!("../templates/case_line.hbs")),
    ("case", include_str!("../templates/case.hbs")),
    ("candidate", include_str!("../templates/candidate.hbs")),
    (
        "confidential",
        include_str!("../templates/confidential.hbs"),
    ),
    ("board", include_str!("../templates/board.hbs")),
    ("consultants", include_str!("../templates/consultants.hbs")),
    ("profile", include_str!("../templates/profile.hbs")),
    ("topics", include_str!("../templates/topics.hbs")),
    ("overview", include_str!("../templates/overview.hbs")),
    ("summary", include_str!("../templates/summary.hbs")),
    ("reviews", include_str!("../templates/reviews.hbs")),
    ("review", include_str!("../templates/review.hbs")),
    ("knowledge", include_str!("../templates/knowledge.hbs")),
    ("article", include_str!("../templates/article.hbs")),
    (
        "article_page",
        include_str!("../templates/article_page.hbs"),
    ),
    // Partials of the summary, review and article forms.
    (
        "article_form",
        include_str!("../templates/article_form.hbs"),
    ),
    ("visibility", include_str!("../templates/visibility.hbs")),
];

const SETTINGS_SCHEMA: &str = r#"{
  "type": "object",
  "properties": {
    "take_days": {
      "type": "integer",
      "minimum": 1,
      "maximum": 30,
      "default": 3,
      "title": "Tage, bis eine Frage übernommen sein soll",
      "x-title-en": "Days until a question should be taken",
      "description": "Danach erfährt die Verwaltung davon und kann sie zuteilen. Dringende Fragen: ein Tag.",
      "x-description-en": "Then the managers hear of it and can assign it. Urgent questions: one day."
    },
    "answer_days": {
      "type": "integer",
      "minimum": 1,
      "maximum": 14,
      "default": 2,
      "title": "Tage, in denen eine Antwort zugesagt ist",
      "x-title-en": "Days within which an answer is promised",
      "description": "So lange wartet die fragende Person höchstens; danach gilt die Antwort als überfällig.",
      "x-description-en": "The longest an asker waits; after that the answer is overdue."
    }
  }
}"#;

fn kind(id: &str, de: &str, en: &str, delivery: Delivery) -> NotificationKind {
    NotificationKind {
        id: id.into(),
        de: de.into(),
        en: en.into(),
        delivery,
    }
}

impl Plugin for Consulting {
    fn manifest() -> Manifest {
        let mut manifest = Manifest::new("consulting", env!("CARGO_PKG_VERSION"), "consulting")
            .name("Kollegiale Beratung", "Peer consulting")
            .description(
                "Beraterinnen und Berater aus dem Netzwerk beantworten Fragen von Initiativen \
                 – vertraulich, nach Themen wie Datenschutz oder Fundraising. Mit Fristen, \
                 Übersicht für die Verwaltung und einem Werkzeugkoffer aus anonymisierten \
                 Zusammenfassungen.",
                "Consultants of the network answer questions of initiatives — in confidence, \
                 by topics such as data protection or fundraising. With deadlines, an overview \
                 for managers and a knowledge base of anonymised summaries.",
            )
            // To list members a manager can appoint, and to ask whether someone blocked
            // the person who writes to them.
            .capability("members:read")
            .capability("notify")
            .nav("Beratung", "Consulting", "/", Role::Member)
            .nav(
                "Werkzeugkoffer",
                "Knowledge base",
                "/knowledge",
                Role::Visitor,
            )
            .nav("Meine Fragen", "My questions", "/mine", Role::Member)
            .nav(
                "Übersicht Beratung",
                "Consulting overview",
                "/overview",
                Role::Manager,
            )
            // Messages of a confidential thread: the people in it can report one to the
            // moderators, who then see that message and nothing else of the case.
            .reportable_private(
                "messages",
                ("Nachricht in einer Beratung", "message in a consultation"),
                "about",
                Some("text"),
                "/messages/{id}",
                "readers",
            )
            .reportable(
                "articles",
                ("Artikel im Werkzeugkoffer", "knowledge base article"),
                "title",
                Some("body"),
                "/knowledge/{id}",
            )
            .job(deadlines::JOB, deadlines::EVERY_SECONDS)
            .event("member-left")
            .settings_schema(SETTINGS_SCHEMA)
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
            .notification_kind(kind(
                notices::QUESTIONS,
                "Neue Fragen in meinen Themen (für Beratende)",
                "New questions in my topics (for consultants)",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::CASES,
                "Meine Beratungen: übernommen, abgeschlossen, Hinzuziehen",
                "My consultations: taken, closed, bringing someone in",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::MESSAGES,
                "Neue Nachrichten in meinen Beratungen",
                "New messages in my consultations",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::DEADLINES,
                "Fristen: nicht übernommene Fragen, überfällige Antworten",
                "Deadlines: questions nobody took, overdue answers",
                Delivery::Instant,
            ))
            .notification_kind(kind(
                notices::REVIEWS,
                "Zusammenfassungen für den Werkzeugkoffer",
                "Summaries for the knowledge base",
                Delivery::Digest,
            ));
        for (name, source) in TEMPLATES {
            manifest = manifest.template(name, source);
        }
        manifest
    }

    fn handle(req: Request) -> Response {
        let segments = req.segments();
        let result = match (req.is_post(), segments.as_slice()) {
            (false, []) => lists::index(),
            (false, ["ask"]) => ask::form(&req),
            (true, ["ask"]) => ask::create(&req),
            (false, ["mine"]) => lists::mine(),
            (false, ["board"]) => lists::board(),
            (false, ["cases", id]) => cases::show(id),
            (true, ["cases", id, "take"]) => cases::take(id),
            (true, ["cases", id, "assign"]) => cases::assign(id, &req),
            (true, ["cases", id, "messages"]) => cases::write(id, &req),
            (true, ["cases", id, "invite"]) => cases::invite(id, &req),
            (true, ["cases", id, "consent"]) => cases::consent(id, &req),
            (true, ["cases", id, "close"]) => cases::close(id, &req),
            (true, ["cases", id, "withdraw"]) => cases::withdraw(id),
            (true, ["cases", id, "rate"]) => cases::rate(id, &req),
            (true, ["cases", id, "sharing"]) => cases::sharing(id, &req),
            (false, ["cases", id, "summary"]) => summaries::form(id),
            (true, ["cases", id, "summary"]) => summaries::submit(id, &req),
            (false, ["messages", id]) => cases::message(id),
            (false, ["consultants"]) => consultants::directory(),
            (true, ["consultants"]) => consultants::appoint(&req),
            (true, ["consultants", id, "remove"]) => consultants::remove(id),
            (false, ["profile"]) => consultants::profile(),
            (true, ["profile"]) => consultants::save_profile(&req),
            (false, ["overview"]) => overview::page(),
            (false, ["topics"]) => topics::page(),
            (true, ["topics"]) => topics::add(&req),
            (true, ["topics", id]) => topics::rename(id, &req),
            (true, ["topics", id, "retire"]) => topics::set_retired(id, true),
            (true, ["topics", id, "restore"]) => topics::set_retired(id, false),
            (false, ["reviews"]) => summaries::queue(),
            (false, ["reviews", id]) => summaries::review(id),
            (true, ["reviews", id, "publish"]) => summaries::publish(id, &req),
            (true, ["reviews", id, "return"]) => summaries::send_back(id, &req),
            (false, ["knowledge"]) => knowledge::index(&req),
            (false, ["knowledge", "new"]) => knowledge::new_form(),
            (true, ["knowledge", "new"]) => knowledge::create(&req),
            (false, ["knowledge", id]) => knowledge::show(id),
            (false, ["knowledge", id, "edit"]) => knowledge::edit_form(id),
            (true, ["knowledge", id, "edit"]) => knowledge::update(id, &req),
            (true, ["knowledge", id, "delete"]) => knowledge::delete(id),
            _ => Ok(Response::not_found()),
        };
        result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))
    }

    fn widget() -> Option<View> {
        lists::widget().ok().flatten()
    }

    fn on_event(kind: &str, payload: Json) -> Result<(), String> {
        if kind != "member-left" {
            return Ok(());
        }
        let Some(person) = payload.get("account_id").and_then(Json::as_str) else {
            return Err("member-left without an account id".into());
        };
        // Someone who left the community no longer advises in it; their cases go on
        // without them.
        match model::consultant_of(person).map_err(|e| e.to_string())? {
            Some(consultant) => consultants::release(&consultant).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    fn run_job(name: &str) -> Result<(), String> {
        match name {
            deadlines::JOB => deadlines::run()
                .map(|n| {
                    if n > 0 {
                        log::info(&format!("flagged {n} late consultations"));
                    }
                })
                .map_err(|e| e.to_string()),
            _ => Err(format!("no job named {name}")),
        }
    }
}

export_plugin!(Consulting);

#[cfg(test)]
mod tests {
    use quartier_plugin_sdk::testing;

    use super::TEMPLATES;

    const DE: &str = include_str!("../locales/de.ftl");

    #[test]
    fn german_and_english_have_the_same_messages() {
        testing::assert_same_messages(DE, include_str!("../locales/en.ftl"));
    }

    #[test]
    fn every_message_the_templates_and_code_use_exists() {
        testing::assert_templates_use_known_messages(DE, &TEMPLATES);
        testing::assert_code_uses_known_messages(
            DE,
            &[
                include_str!("ask.rs"),
                include_str!("forms.rs"),
                include_str!("cases.rs"),
                include_str!("consultants.rs"),
                include_str!("knowledge.rs"),
                include_str!("summaries.rs"),
                include_str!("topics.rs"),
            ],
            &["error-", "flash-"],
        );
        let known = testing::message_ids(DE);
        for status in ["waiting", "open", "closed", "withdrawn"] {
            let key = format!("status-{status}");
            assert!(known.contains(key.as_str()), "message {key} is missing");
        }
        for availability in ["available", "busy", "away"] {
            let key = format!("availability-{availability}");
            assert!(known.contains(key.as_str()), "message {key} is missing");
        }
    }
}
