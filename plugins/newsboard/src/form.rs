//! The post form: reading what was typed, checking it, and the data to show it again.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;
use serde::Serialize;

use crate::model::{Config, Post, Visibility};

pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 50_000;

/// The form as typed, kept verbatim so a rejected form comes back unchanged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PostForm {
    pub title: String,
    pub body: String,
    pub category: String,
    pub visibility: String,
    pub publish_at: String,
    pub pinned: bool,
    pub urgent: bool,
    pub urgent_until: String,
    /// "publish" or "draft": which button was pressed.
    pub action: String,
    /// The version of the post the form was opened with, to notice someone else's edit.
    pub version: String,
}

impl PostForm {
    pub fn from_request(req: &Request) -> PostForm {
        PostForm {
            title: req.field("title").trim().to_owned(),
            body: req.field("body").to_owned(),
            category: req.field("category").trim().to_owned(),
            visibility: req.field("visibility").to_owned(),
            publish_at: req.field("publish_at").trim().to_owned(),
            pinned: req.checked("pinned"),
            urgent: req.checked("urgent"),
            urgent_until: req.field("urgent_until").trim().to_owned(),
            action: req.field("action").to_owned(),
            version: req.field("version").to_owned(),
        }
    }

    /// An existing post in the form.
    pub fn from_post(record: &Record<Post>) -> PostForm {
        let post = &record.data;
        PostForm {
            title: post.title.clone(),
            body: post.body.clone(),
            category: post.category.clone(),
            visibility: match post.visibility {
                Visibility::Public => "public".into(),
                Visibility::Members => "members".into(),
            },
            // A draft not scheduled for later appears when it is published: no time to keep.
            publish_at: if post.draft && post.publish_at <= time::now() {
                String::new()
            } else {
                time::to_berlin_input(post.publish_at)
            },
            pinned: post.pinned,
            urgent: post.urgent_until.is_some(),
            urgent_until: post
                .urgent_until
                .map(time::to_berlin_input)
                .unwrap_or_default(),
            action: if post.draft { "draft" } else { "publish" }.into(),
            version: record.version.to_string(),
        }
    }

    /// A new post: public, now, not urgent.
    pub fn blank() -> PostForm {
        PostForm {
            visibility: "public".into(),
            ..PostForm::default()
        }
    }
}

/// What a valid form says, ready to be stored.
pub struct Checked {
    pub title: String,
    pub body: String,
    pub category: String,
    pub visibility: Visibility,
    pub publish_at: i64,
    pub draft: bool,
    pub pinned: bool,
    pub urgent_until: Option<i64>,
}

/// Checks the form; every problem becomes a message on its field. For an edited post,
/// `existing` keeps its time when the field is left empty and lets an expired notice keep its
/// expiry.
pub fn check(
    form: &PostForm,
    config: &Config,
    existing: Option<&Post>,
    now: i64,
) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    // An edited post keeps its time; a draft published without one appears now.
    let existing_publish_at = existing.filter(|p| !p.draft).map(|p| p.publish_at);
    let existing_until = existing.and_then(|p| p.urgent_until);
    let title_len = form.title.chars().count();
    if title_len == 0 {
        errors.add("title", "error-title-empty");
    } else if title_len > MAX_TITLE {
        errors.add("title", "error-title-long");
    } else if form.title.chars().any(char::is_control) {
        errors.add("title", "error-title-line");
    }
    if form.body.chars().count() > MAX_BODY {
        errors.add("body", "error-body-long");
    }
    if !form.category.is_empty() && !config.categories.contains(&form.category) {
        errors.add("category", "error-category-unknown");
    }
    let visibility = match form.visibility.as_str() {
        "public" => Some(Visibility::Public),
        "members" => Some(Visibility::Members),
        _ => {
            errors.add("visibility", "error-visibility");
            None
        }
    };
    let publish_at = if form.publish_at.is_empty() {
        Some(existing_publish_at.unwrap_or(now))
    } else {
        let parsed = time::parse_berlin_input(&form.publish_at);
        if parsed.is_none() {
            errors.add("publish_at", "error-date-invalid");
        }
        parsed
    };
    let mut urgent_until = None;
    if form.urgent {
        if form.urgent_until.is_empty() {
            errors.add("urgent_until", "error-until-missing");
        } else {
            match time::parse_berlin_input(&form.urgent_until) {
                None => errors.add("urgent_until", "error-date-invalid"),
                Some(until) if publish_at.is_some_and(|start| until <= start) => {
                    errors.add("urgent_until", "error-until-before-start")
                }
                Some(until) if until <= now && Some(until) != existing_until => {
                    errors.add("urgent_until", "error-until-past")
                }
                Some(until) => urgent_until = Some(until),
            }
        }
    }
    match (visibility, publish_at) {
        (Some(visibility), Some(publish_at)) if errors.is_empty() => Ok(Checked {
            title: form.title.clone(),
            body: form.body.clone(),
            category: form.category.clone(),
            visibility,
            publish_at,
            draft: form.action == "draft",
            pinned: form.pinned,
            urgent_until,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::default_for("de")
    }

    fn form() -> PostForm {
        PostForm {
            title: "Straßenfest".into(),
            body: "Am Samstag.".into(),
            category: "Vereine".into(),
            action: "publish".into(),
            ..PostForm::blank()
        }
    }

    const NOW: i64 = 1_782_864_000_000; // 2026-07-01 02:00 in Berlin

    #[test]
    fn a_plain_post_publishes_now() {
        let checked = check(&form(), &config(), None, NOW).expect("valid");
        assert_eq!(checked.publish_at, NOW);
        assert!(!checked.draft);
        assert_eq!(checked.urgent_until, None);
    }

    #[test]
    fn an_urgent_notice_needs_an_expiry_after_its_start_and_now() {
        let urgent = |until: &str, start: &str| PostForm {
            urgent: true,
            urgent_until: until.into(),
            publish_at: start.into(),
            ..form()
        };
        assert!(check(&urgent("", ""), &config(), None, NOW).is_err());
        assert!(check(&urgent("2026-07-01T01:00", ""), &config(), None, NOW).is_err());
        assert!(
            check(
                &urgent("2026-07-02T10:00", "2026-07-03T10:00"),
                &config(),
                None,
                NOW
            )
            .is_err()
        );
        assert!(check(&urgent("morgen", ""), &config(), None, NOW).is_err());
        let checked = check(&urgent("2026-07-02T10:00", ""), &config(), None, NOW).expect("valid");
        assert_eq!(checked.urgent_until, Some(1_782_979_200_000));
    }

    #[test]
    fn a_published_post_keeps_its_time_and_a_draft_appears_when_published() {
        let stored = |draft: bool| Post {
            title: "t".into(),
            body: String::new(),
            category: String::new(),
            visibility: Visibility::Public,
            publish_at: NOW - 86_400_000,
            draft,
            pinned: false,
            urgent_until: None,
            notify_pending: false,
            notified: false,
            author_name: "A".into(),
            edited_at: None,
        };
        let published = check(&form(), &config(), Some(&stored(false)), NOW).expect("valid");
        assert_eq!(published.publish_at, NOW - 86_400_000);
        let draft = check(&form(), &config(), Some(&stored(true)), NOW).expect("valid");
        assert_eq!(draft.publish_at, NOW);
    }

    #[test]
    fn titles_bodies_and_categories_are_checked() {
        let bad = [
            PostForm {
                title: "".into(),
                ..form()
            },
            PostForm {
                title: "x".repeat(MAX_TITLE + 1),
                ..form()
            },
            PostForm {
                body: "x".repeat(MAX_BODY + 1),
                ..form()
            },
            PostForm {
                category: "Unbekannt".into(),
                ..form()
            },
            PostForm {
                visibility: "everyone".into(),
                ..form()
            },
            PostForm {
                publish_at: "31.12.2026".into(),
                ..form()
            },
        ];
        for f in bad {
            assert!(check(&f, &config(), None, NOW).is_err(), "{f:?}");
        }
        let ok = PostForm {
            title: "ä".repeat(MAX_TITLE),
            category: "".into(),
            ..form()
        };
        assert!(check(&ok, &config(), None, NOW).is_ok());
    }
}
