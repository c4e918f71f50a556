//! Mails from templates: a subject, a plain-text body and an HTML body (`host/mails/`),
//! in the recipient's language, and the MIME message with the headers a good sender sets
//! (`List-Unsubscribe` with one-click, `Auto-Submitted`, `Content-Language`).

use std::sync::Arc;

use handlebars::Handlebars;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use rust_embed::RustEmbed;
use serde_json::{Value, json};

use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::web::render::register_common_helpers;

#[derive(RustEmbed)]
#[folder = "mails/"]
struct MailTemplates;

/// A rendered mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The mail templates: one registry escaping HTML, one leaving plain text as it is.
#[derive(Debug)]
pub struct Composer {
    html: Handlebars<'static>,
    text: Handlebars<'static>,
    catalogue: Arc<Catalogue>,
}

impl Composer {
    /// Compiles the embedded templates. `name.html.hbs` goes to the HTML registry as `name`,
    /// `name.txt.hbs` to the text registry.
    pub fn load(catalogue: Arc<Catalogue>) -> anyhow::Result<Self> {
        let mut html = Handlebars::new();
        let mut text = Handlebars::new();
        register_common_helpers(&mut html, vec![catalogue.clone()]);
        register_common_helpers(&mut text, vec![catalogue.clone()]);
        text.register_escape_fn(handlebars::no_escape);
        for path in MailTemplates::iter() {
            let file = MailTemplates::get(&path).expect("listed file exists");
            let source = std::str::from_utf8(&file.data)?;
            let (registry, name) = if let Some(name) = path.strip_suffix(".html.hbs") {
                (&mut html, name)
            } else if let Some(name) = path.strip_suffix(".txt.hbs") {
                (&mut text, name)
            } else {
                continue;
            };
            registry
                .register_template_string(name, source)
                .map_err(|e| anyhow::anyhow!("mail template {path}: {e}"))?;
        }
        Ok(Self {
            html,
            text,
            catalogue,
        })
    }

    /// A catalogue message in `lang`.
    pub fn t(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = args
            .iter()
            .map(|(name, value)| (*name, fluent_bundle::FluentValue::from(*value)))
            .collect();
        self.catalogue.text(lang, key, &args)
    }

    /// Renders template `name` with `data` (which gets `lang` and `subject` added).
    pub fn render(
        &self,
        name: &str,
        lang: Lang,
        subject: String,
        mut data: Value,
    ) -> anyhow::Result<Rendered> {
        data["lang"] = json!(lang.code());
        data["subject"] = json!(subject);
        let text = self.text.render(name, &data)?;
        let html = self.html.render(name, &data)?;
        Ok(Rendered {
            subject,
            text: tidy_text(&text),
            html,
        })
    }
}

/// Template conditionals leave runs of blank lines; one is enough.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(['\r']);
        // "-- " is the signature separator; keep its trailing space.
        let line = if line == "-- " { line } else { line.trim_end() };
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned() + "\n"
}

/// What goes into a MIME message besides the rendered bodies.
pub struct Envelope<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub lang: Lang,
    /// The one-click unsubscribe URL, if the mail can be unsubscribed.
    pub unsubscribe_url: Option<&'a str>,
}

/// Builds the MIME message: multipart/alternative with text and (if any) HTML.
pub fn message(
    envelope: &Envelope<'_>,
    subject: &str,
    text: &str,
    html: Option<&str>,
) -> anyhow::Result<Message> {
    let from: Mailbox = envelope
        .from
        .parse()
        .map_err(|e| anyhow::anyhow!("the sender '{}' is not an address: {e}", envelope.from))?;
    let to: Mailbox = envelope
        .to
        .parse()
        .map_err(|e| anyhow::anyhow!("the recipient is not an address: {e}"))?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        // A Message-ID from this machine's name: spam filters distrust mails without one.
        .message_id(None)
        .raw_header(raw("Auto-Submitted", "auto-generated"))
        .raw_header(raw("Content-Language", envelope.lang.code()));
    if let Some(url) = envelope.unsubscribe_url {
        builder = builder
            .raw_header(raw("List-Unsubscribe", &format!("<{url}>")))
            .raw_header(raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }
    let message = match html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            text.to_owned(),
            html.to_owned(),
        ))?,
        None => builder
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(text.to_owned())?,
    };
    Ok(message)
}

fn raw(name: &'static str, value: &str) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composer() -> Composer {
        Composer::load(Arc::new(Catalogue::load())).expect("templates compile")
    }

    #[test]
    fn text_stays_unescaped_and_html_escaped() {
        let c = composer();
        let data = json!({
            "name": "Jo <3",
            "title": "Fish & Chips",
            "body": "a < b",
            "community": "Ransbach",
            "kind": "Neue Beiträge",
            "settings_url": "http://x/notifications/settings",
        });
        let mail = c
            .render("notification", Lang::De, "s".into(), data)
            .expect("renders");
        assert!(mail.text.contains("Fish & Chips"), "{}", mail.text);
        assert!(mail.text.contains("Jo <3"), "{}", mail.text);
        assert!(mail.html.contains("Fish &amp; Chips"), "{}", mail.html);
        assert!(mail.html.contains("lang=\"de\""));
        assert!(!mail.text.contains("\n\n\n"), "{}", mail.text);
    }

    #[test]
    fn messages_carry_the_unsubscribe_headers() {
        let envelope = Envelope {
            from: "Quartier <q@example.org>",
            to: "jo@example.org",
            lang: Lang::En,
            unsubscribe_url: Some("https://q.example.org/unsubscribe/t"),
        };
        let message = message(&envelope, "Hi", "text", Some("<p>html</p>")).expect("builds");
        let raw = String::from_utf8(message.formatted()).expect("utf-8");
        assert!(raw.contains("List-Unsubscribe: <https://q.example.org/unsubscribe/t>"));
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(raw.contains("Content-Language: en"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Message-ID: <"), "{raw}");
    }
}
