//! Neuigkeiten — the newsboard: posts by category with pinned posts and scheduled
//! publishing, urgent notices shown on every page of the community until they expire, a
//! widget for the community home, and an Atom feed of the public posts. Built only on the
//! public plugin SDK.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::{Delivery, NotificationKind, time};

mod feed;
mod form;
mod manage;
mod model;
mod notices;
mod pages;
mod shown;

use model::{POSTS, Powers};

struct Newsboard;

/// The job that sends the notifications of scheduled urgent notices.
const NOTIFY_JOB: &str = "urgent-notices";

impl Plugin for Newsboard {
    fn manifest() -> Manifest {
        Manifest::new("newsboard", env!("CARGO_PKG_VERSION"), "news")
            .name("Neuigkeiten", "News")
            .description(
                "Neuigkeiten aus dem Ort nach Rubriken, dringende Hinweise oben auf jeder Seite \
                 (etwa Wasserabstellung oder Unwetter) und ein Atom-Feed der öffentlichen Beiträge.",
                "Local news by category, urgent notices at the top of every page (a water outage, \
                 a storm warning) and an Atom feed of the public posts.",
            )
            .capability("members:read")
            .capability("notify")
            .capability("banners")
            .nav("Neuigkeiten", "News", "/", Role::Visitor)
            // Members report posts to the host's moderators; a hidden or deleted urgent
            // notice takes its banner with it.
            .reportable(
                "posts",
                ("Beitrag", "news post"),
                "title",
                Some("body"),
                "/posts/{id}",
            )
            .event("item-hidden")
            .event("item-restored")
            .event("item-deleted")
            .template("list", include_str!("../templates/list.hbs"))
            .template("post_item", include_str!("../templates/post_item.hbs"))
            .template("post", include_str!("../templates/post.hbs"))
            .template("form", include_str!("../templates/form.hbs"))
            .template("delete", include_str!("../templates/delete.hbs"))
            .template("manage", include_str!("../templates/manage.hbs"))
            .template("widget", include_str!("../templates/widget.hbs"))
            .translations("de", include_str!("../locales/de.ftl"))
            .translations("en", include_str!("../locales/en.ftl"))
            .job(NOTIFY_JOB, 60)
            .notification_kind(NotificationKind {
                id: notices::KIND.into(),
                de: "Dringende Hinweise".into(),
                en: "Urgent notices".into(),
                delivery: Delivery::Instant,
            })
            .notification_kind(NotificationKind {
                id: notices::POSTS_KIND.into(),
                de: "Neue Beiträge".into(),
                en: "New posts".into(),
                delivery: Delivery::Digest,
            })
    }

    fn handle(req: Request) -> Response {
        let segments = req.segments();
        let result = match (req.is_post(), segments.as_slice()) {
            (false, []) => pages::list(&req),
            (false, ["feed.atom"]) => feed::atom(&req),
            (false, ["new"]) => pages::new_form(),
            (true, ["new"]) => pages::create(&req),
            (false, ["posts", id]) => pages::show(id),
            (false, ["posts", id, "edit"]) => pages::edit_form(id),
            (true, ["posts", id, "edit"]) => pages::update(id, &req),
            (false, ["posts", id, "delete"]) => pages::delete_form(id),
            (true, ["posts", id, "delete"]) => pages::delete(id),
            (false, ["manage"]) => manage::page(),
            (true, ["manage"]) => manage::save(&req),
            (true, ["manage", "officials"]) => manage::officials(&req),
            _ => Ok(Response::not_found()),
        };
        result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))
    }

    /// The latest three posts the viewer may read. Urgent notices need no card: the host
    /// shows their banner above every page, the community home included.
    fn widget() -> Option<View> {
        let now = time::now();
        let (config, powers) = Powers::load().ok()?;
        let latest = POSTS
            .find(
                powers
                    .readable(now)
                    .order_by("publish_at")
                    .descending()
                    .limit(3),
            )
            .ok()?;
        let names = shown::author_names(&latest.items);
        let posts = shown::posts(&latest.items, &names, &config, &powers, now);
        Some(View::new("widget", "").data(json!({ "posts": posts, "may_post": powers.may_post })))
    }

    /// The moderators hid, showed again or deleted a post: its banner follows.
    fn on_event(kind: &str, payload: Json) -> Result<(), String> {
        let (Some("posts"), Some(id)) = (payload["collection"].as_str(), payload["id"].as_str())
        else {
            return Ok(());
        };
        let result = match kind {
            "item-restored" => match POSTS.get(id) {
                Ok(Some(post)) => notices::sync_banner(id, &post.data),
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            },
            "item-hidden" | "item-deleted" => {
                quartier_plugin_sdk::banners::withdraw(id).map(|_| ())
            }
            _ => Ok(()),
        };
        result.map_err(|e| e.to_string())
    }

    fn run_job(name: &str) -> Result<(), String> {
        match name {
            NOTIFY_JOB => notices::send_due(time::now()),
            other => Err(format!("unknown job {other}")),
        }
    }
}

export_plugin!(Newsboard);

#[cfg(test)]
mod tests {
    use quartier_plugin_sdk::testing;

    const DE: &str = include_str!("../locales/de.ftl");

    #[test]
    fn german_and_english_have_the_same_messages() {
        testing::assert_same_messages(DE, include_str!("../locales/en.ftl"));
    }

    #[test]
    fn every_message_the_templates_and_code_use_exists() {
        testing::assert_templates_use_known_messages(
            DE,
            &[
                ("list", include_str!("../templates/list.hbs")),
                ("post_item", include_str!("../templates/post_item.hbs")),
                ("post", include_str!("../templates/post.hbs")),
                ("form", include_str!("../templates/form.hbs")),
                ("delete", include_str!("../templates/delete.hbs")),
                ("manage", include_str!("../templates/manage.hbs")),
                ("widget", include_str!("../templates/widget.hbs")),
            ],
        );
        // Field messages and flashes named in the code.
        testing::assert_code_uses_known_messages(
            DE,
            &[
                include_str!("form.rs"),
                include_str!("pages.rs"),
                include_str!("manage.rs"),
            ],
            &["error-", "flash-"],
        );
    }
}
