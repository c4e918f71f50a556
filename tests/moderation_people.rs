//! Moderation beyond single items, from the outside:
//!
//! - pre-moderation: a community's new members' posts wait for approval, hidden from
//!   everyone but their author and the moderators, until approved or rejected;
//! - members report a person; moderators close such a case with a warning or a block, and
//!   lift a block early; the reporter learns only that it was looked into;
//! - managers pass a case on to the instance operators, who are told, find it on their
//!   dashboard with every community's counts, and can decide it;
//! - the moderation settings form keeps bad input with a message per field.

use crate::moderation::{LOSTFOUND, QUEUE, case_of, moderation_cast, post_entry};
use crate::support::Expect::{Denied, Login, Open};
use crate::support::{Browser, Cast, check_roles, days_from_today, iso, neighbours};

const SETTINGS: &str = "/c/ransbach/settings/moderation";

/// Whether `browser` finds the title on the entry's page and in the list.
async fn sees(browser: &Browser, id: i64, title: &str) -> bool {
    let page = browser.get(&format!("{LOSTFOUND}/entries/{id}")).await;
    let list = browser.get(LOSTFOUND).await;
    page.status.as_u16() == 200 && page.body.contains(title) && list.body.contains(title)
}

async fn settings(cast: &Cast, fields: &[(&str, &str)]) -> crate::support::Page {
    cast.manager.browser.post_form(SETTINGS, fields).await
}

#[tokio::test]
async fn new_members_posts_wait_for_approval_until_enough_were_approved() {
    let cast = moderation_cast().await;
    // Only managers change the settings; bad numbers keep what was typed.
    cast.member
        .browser
        .post_form(SETTINGS, &[("auto_hide_reports", "3")])
        .await
        .assert_status(403);
    settings(
        &cast,
        &[
            ("auto_hide_reports", "0"),
            ("premoderate_posts", "viele"),
            ("premoderate_days", "0"),
        ],
    )
    .await
    .assert_status(422)
    .assert_html()
    .assert_contains("value=\"viele\"")
    .assert_contains("ganze Zahl")
    .assert_contains("außerhalb des erlaubten Bereichs");
    assert_eq!(
        cast.app
            .count("SELECT premoderate_posts FROM communities WHERE slug = 'ransbach'")
            .await,
        0
    );
    settings(
        &cast,
        &[
            ("auto_hide_reports", "3"),
            ("premoderate_posts", "1"),
            ("premoderate_days", "0"),
        ],
    )
    .await
    .assert_redirect("/c/ransbach/settings#moderation");
    cast.manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_contains(
            "id=\"premoderate_posts\" name=\"premoderate_posts\" type=\"number\" value=\"1\"",
        );

    // The member's first post is held: the author sees it and is told why; nobody else but
    // the moderators does.
    let title = "Regenschirm mit Entenmuster gefunden";
    let id = post_entry(&cast.target.browser, title).await;
    cast.target
        .browser
        .get(&format!("{LOSTFOUND}/entries/{id}"))
        .await
        .assert_contains("sobald die Moderation ihn freigegeben hat");
    assert!(sees(&cast.target.browser, id, title).await);
    assert!(sees(&cast.moderator.browser, id, title).await);
    assert!(!sees(&cast.visitor, id, title).await);
    assert!(!sees(&cast.member.browser, id, title).await);
    assert_eq!(
        cast.app
            .notifications("moderation", cast.moderator.id, "reports")
            .await
            .len(),
        1
    );
    cast.moderator
        .browser
        .get(QUEUE)
        .await
        .assert_html()
        .assert_contains("Warten auf Freigabe")
        .assert_contains(title)
        .assert_contains("Freigeben");

    // Approved: everyone sees it, and the author hears of it.
    let case = case_of(&cast, id).await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "keep")])
        .await
        .assert_redirect(QUEUE);
    assert!(sees(&cast.visitor, id, title).await);
    let told = cast
        .app
        .notifications("moderation", cast.target.id, "outcomes")
        .await;
    assert_eq!(told.len(), 1);
    assert!(told[0].1.contains("freigegeben"), "{told:?}");

    // One approved post was the rule: the next one appears at once.
    let second = post_entry(&cast.target.browser, "Handschuh gefunden").await;
    assert!(sees(&cast.visitor, second, "Handschuh gefunden").await);

    // Another new member's post is rejected: gone, and they are told.
    let newcomer = &neighbours(&cast, 1).await[0];
    let spam = post_entry(&newcomer.browser, "Billige Uhren hier kaufen").await;
    assert!(!sees(&cast.member.browser, spam, "Billige Uhren").await);
    let case = case_of(&cast, spam).await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "delete")])
        .await
        .assert_redirect(QUEUE);
    newcomer
        .browser
        .get(&format!("{LOSTFOUND}/entries/{spam}"))
        .await
        .assert_status(404);
    let told = cast
        .app
        .notifications("moderation", newcomer.id, "outcomes")
        .await;
    assert!(told[0].1.contains("nicht freigegeben"), "{told:?}");

    // Moderators are never held.
    let own = post_entry(&cast.moderator.browser, "Schlüssel am Brunnen").await;
    assert!(sees(&cast.visitor, own, "Schlüssel am Brunnen").await);

    // The log has every step.
    cast.manager
        .browser
        .get(&format!("{QUEUE}/log"))
        .await
        .assert_contains("Beitrag wartet auf Freigabe")
        .assert_contains("Moderationseinstellungen geändert");
}

#[tokio::test]
async fn new_members_are_held_for_their_first_days() {
    let cast = moderation_cast().await;
    settings(
        &cast,
        &[
            ("auto_hide_reports", "3"),
            ("premoderate_posts", "0"),
            ("premoderate_days", "7"),
        ],
    )
    .await
    .assert_status(303);
    let fresh = post_entry(&cast.target.browser, "Brille gefunden").await;
    assert!(!sees(&cast.visitor, fresh, "Brille gefunden").await);
    // A member for longer than a week posts freely.
    cast.app
        .execute(&format!(
            "UPDATE memberships SET joined_at = joined_at - 8 * 86400000 WHERE account_id = {}",
            cast.member.id
        ))
        .await;
    let old = post_entry(&cast.member.browser, "Mütze gefunden").await;
    assert!(sees(&cast.visitor, old, "Mütze gefunden").await);
}

fn report_person_path(account_id: i64) -> String {
    format!("{QUEUE}/report-person/{account_id}")
}

#[tokio::test]
async fn members_report_a_person_and_moderators_warn_block_and_lift_the_block() {
    let cast = moderation_cast().await;
    let path = report_person_path(cast.target.id);
    check_roles(&cast, &path, [Login, Open, Open, Open, Open, Denied]).await;
    cast.member
        .browser
        .get(&path)
        .await
        .assert_html()
        .assert_contains("Person melden")
        .assert_contains(&cast.target.name);
    // Oneself, someone who is not a member, an empty "other": clear answers.
    cast.target
        .browser
        .post_form(&path, &[("reason", "insult")])
        .await
        .assert_status(422)
        .assert_contains("nicht selbst melden");
    cast.member
        .browser
        .post_form(
            &report_person_path(cast.outsider.id),
            &[("reason", "insult")],
        )
        .await
        .assert_status(404);
    cast.member
        .browser
        .post_form(&path, &[("reason", "other"), ("note", " ")])
        .await
        .assert_status(422)
        .assert_contains("beschreibe kurz");

    cast.member
        .browser
        .post_form(
            &path,
            &[("reason", "insult"), ("note", "Schreibt mir ständig")],
        )
        .await
        .assert_redirect("/c/ransbach/members");
    // Twice counts once.
    cast.member
        .browser
        .post_form(&path, &[("reason", "spam")])
        .await
        .assert_status(303);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM moderation_reports")
            .await,
        1
    );
    assert_eq!(
        cast.app
            .notifications("moderation", cast.moderator.id, "reports")
            .await
            .len(),
        1
    );
    let queue = cast.moderator.browser.get(QUEUE).await;
    queue
        .assert_html()
        .assert_contains(&format!("Person: {}", cast.target.name))
        .assert_contains("Schreibt mir ständig")
        .assert_lacks(&cast.member.name);

    // A person cannot be hidden or deleted; a warning and a week's block they can.
    let case = case_of(&cast, cast.target.id).await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "delete")])
        .await
        .assert_status(400);
    cast.moderator
        .browser
        .post_form(
            &format!("{QUEUE}/cases/{case}"),
            &[
                ("decision", "keep"),
                ("warning", "Bitte lass die anderen in Ruhe."),
                ("block", "7"),
            ],
        )
        .await
        .assert_redirect(QUEUE);
    let warned = cast
        .app
        .notifications("moderation", cast.target.id, "warnings")
        .await;
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned.iter().any(|(_, b)| b.contains("lass die anderen")));
    assert!(
        warned
            .iter()
            .all(|(t, b)| !t.contains(&cast.member.name) && !b.contains(&cast.member.name))
    );
    // Everyone chooses how moderation reaches them; only moderators get reports.
    cast.member
        .browser
        .get("/notifications/settings")
        .await
        .assert_contains("Ergebnisse meiner Meldungen")
        .assert_lacks("Neue Meldungen (für die Moderation)");
    cast.moderator
        .browser
        .get("/notifications/settings")
        .await
        .assert_contains("Neue Meldungen (für die Moderation)");

    // The reporter learns it was looked into, not what happened to the other person.
    let told = cast
        .app
        .notifications("moderation", cast.member.id, "outcomes")
        .await;
    assert_eq!(told.len(), 1);
    assert!(told[0].1.contains("angesehen"), "{told:?}");
    assert!(!told[0].1.contains("gesperrt"), "{told:?}");

    let date = iso(days_from_today(-1));
    let new_entry = [
        ("type", "lost"),
        ("title", "Noch was"),
        ("date", date.as_str()),
    ];
    cast.target
        .browser
        .post_multipart(&format!("{LOSTFOUND}/new"), &new_entry, &[])
        .await
        .assert_status(403);

    // The block is listed; members cannot lift it, moderators can.
    cast.moderator
        .browser
        .get(QUEUE)
        .await
        .assert_contains("Gesperrte Mitglieder")
        .assert_contains("Sperre aufheben");
    let lift = format!("{QUEUE}/blocks/{}/lift", cast.target.id);
    cast.member
        .browser
        .post_form(&lift, &[])
        .await
        .assert_status(403);
    cast.moderator
        .browser
        .post_form(&lift, &[])
        .await
        .assert_redirect(QUEUE);
    let id = post_entry(&cast.target.browser, "Ball gefunden").await;
    assert!(id > 0);
    cast.manager
        .browser
        .get(&format!("{QUEUE}/log"))
        .await
        .assert_contains("Sperre aufgehoben");
}

#[tokio::test]
async fn managers_pass_a_case_on_to_the_operators_who_see_every_community() {
    let cast = moderation_cast().await;
    let title = "Verbotene Inhalte hier";
    let id = post_entry(&cast.target.browser, title).await;
    cast.member
        .browser
        .post_form(
            &format!("{QUEUE}/report/lostfound/entries/{id}"),
            &[("reason", "other"), ("note", "Das ist strafbar")],
        )
        .await
        .assert_status(303);
    let case = case_of(&cast, id).await;
    let escalate = format!("{QUEUE}/cases/{case}/escalate");
    for person in [&cast.member, &cast.moderator, &cast.outsider] {
        person
            .browser
            .post_form(&escalate, &[])
            .await
            .assert_status(403);
    }
    cast.manager
        .browser
        .get(QUEUE)
        .await
        .assert_contains("An den Betrieb weitergeben");
    cast.manager
        .browser
        .post_form(&escalate, &[])
        .await
        .assert_redirect(QUEUE);
    // Once is enough.
    cast.manager
        .browser
        .post_form(&escalate, &[])
        .await
        .assert_redirect(QUEUE);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'moderation-escalate'")
            .await,
        1
    );
    let told = cast
        .app
        .notifications("moderation", cast.operator.id, "reports")
        .await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].0.contains(title));

    // The operators' dashboard: the escalated case and the community's counts, no contents.
    let admin = cast.operator.browser.get("/admin").await;
    admin
        .assert_status(200)
        .assert_html()
        .assert_contains("Weitergegebene Fälle")
        .assert_contains(&format!("/c/ransbach/moderation#case-{case}"))
        .assert_contains("href=\"/c/ransbach/moderation\"")
        .assert_contains("Moderation in den Gemeinschaften")
        .assert_lacks("Das ist strafbar");
    cast.manager.browser.get("/admin").await.assert_status(403);

    // The operator decides the case in the community's queue.
    cast.operator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "delete")])
        .await
        .assert_redirect(QUEUE);
    assert!(
        cast.app
            .plugin_records("lostfound", "entries")
            .await
            .is_empty()
    );
    cast.operator
        .browser
        .get("/admin")
        .await
        .assert_lacks(&format!("#case-{case}"));
}
