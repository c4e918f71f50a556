//! The notification centre: the bell in the layout counts a person's unread notifications;
//! `/notifications` lists them grouped by community, newest first; opening one marks it read
//! and follows its link; "mark all as read" clears the bell; nobody opens another person's;
//! old ones are pruned after the retention time; and a module's notification (a volunteer
//! signing up for a call) reaches the organiser's bell.

use std::time::Duration;

use crate::support::{Cast, TestApp, plugin_files};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Stores a notification for `account` in `community` as a module would, `age_days` old.
async fn notify(
    app: &TestApp,
    community: i64,
    account: i64,
    title: &str,
    link: &str,
    age_days: i64,
) {
    let created = quartier::db::now_ms() - age_days * DAY_MS;
    let link = if link.is_empty() {
        "NULL".to_owned()
    } else {
        format!("'{link}'")
    };
    app.execute(&format!(
        "INSERT INTO notifications (community_id, account_id, source, kind, title, body, link, urgent, created_at) \
         VALUES ({community}, {account}, 'volunteer', 'changes', '{title}', 'Sa, 04.07.2026, 14:00–16:00', {link}, 0, {created})"
    ))
    .await;
}

async fn ids_of(app: &TestApp, account: i64) -> Vec<i64> {
    use sqlx::Row;
    sqlx::query(&format!(
        "SELECT id FROM notifications WHERE account_id = {account} ORDER BY id"
    ))
    .fetch_all(app.pool())
    .await
    .expect("reading notifications")
    .iter()
    .map(|row| row.try_get::<i64, _>("id").expect("an id"))
    .collect()
}

/// The bell's count in the layout, or none when there is nothing unread.
fn bell(page: &crate::support::Page) -> Option<String> {
    let start = page.body.find("badge badge-count\">")? + "badge badge-count\">".len();
    Some(
        page.body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect(),
    )
}

#[tokio::test]
async fn the_bell_counts_unread_and_the_centre_groups_them_by_community() {
    let cast = Cast::new().await;
    let app = &cast.app;
    let (ransbach, other) = (
        app.community_id("ransbach").await,
        app.community_id("other").await,
    );
    let member = cast.member.id;
    notify(
        app,
        ransbach,
        member,
        "Du bist nachgerückt",
        "/c/ransbach/volunteer/calls/1",
        1,
    )
    .await;
    notify(app, other, member, "Erinnerung an Aufbau", "", 0).await;
    notify(
        app,
        ransbach,
        member,
        "Neue Zeit für Abbau",
        "/c/ransbach/volunteer/calls/2",
        0,
    )
    .await;
    notify(app, ransbach, cast.moderator.id, "Nur für Moritz", "", 0).await;

    let home = cast.member.browser.get("/").await;
    home.assert_status(200)
        .assert_contains("href=\"/notifications\"");
    assert_eq!(bell(&home).as_deref(), Some("3"));

    let centre = cast.member.browser.get("/notifications").await;
    centre
        .assert_status(200)
        .assert_contains("Du bist nachgerückt")
        .assert_contains("Erinnerung an Aufbau")
        .assert_contains("Sa, 04.07.2026, 14:00–16:00")
        .assert_contains("Alle als gelesen markieren")
        .assert_lacks("Nur für Moritz");
    // Grouped: both of Ransbach's come under its heading, the newest first.
    let body = &centre.body;
    let newest = body.find("Neue Zeit für Abbau").expect("listed");
    let older = body.find("Du bist nachgerückt").expect("listed");
    let other_group = body.find("Erinnerung an Aufbau").expect("listed");
    assert!(newest < older, "newest first within a community");
    assert!(
        other_group < newest || other_group > older,
        "the other community's notification is not between Ransbach's"
    );

    // Visitors are sent to log in; the English page speaks English.
    cast.visitor.get("/notifications").await.assert_status(303);
    let outsider = cast.outsider.browser.get("/notifications").await;
    outsider
        .assert_status(200)
        .assert_lacks("Du bist nachgerückt");
    assert_eq!(bell(&outsider), None);
}

#[tokio::test]
async fn opening_one_marks_it_read_and_follows_its_link_and_all_can_be_marked_read() {
    let cast = Cast::new().await;
    let app = &cast.app;
    let ransbach = app.community_id("ransbach").await;
    let member = cast.member.id;
    notify(
        app,
        ransbach,
        member,
        "Du bist nachgerückt",
        "/c/ransbach/volunteer/calls/1",
        0,
    )
    .await;
    notify(app, ransbach, member, "Ohne Link", "", 0).await;
    notify(app, ransbach, member, "Dritte", "", 0).await;
    let ids = ids_of(app, member).await;

    // Someone else cannot open (or mark) it.
    cast.moderator
        .browser
        .get(&format!("/notifications/{}", ids[0]))
        .await
        .assert_status(404);
    cast.member
        .browser
        .get("/notifications/999999")
        .await
        .assert_status(404);
    assert_eq!(
        bell(&cast.member.browser.get("/").await).as_deref(),
        Some("3")
    );

    cast.member
        .browser
        .get(&format!("/notifications/{}", ids[0]))
        .await
        .assert_redirect("/c/ransbach/volunteer/calls/1");
    cast.member
        .browser
        .get(&format!("/notifications/{}", ids[1]))
        .await
        .assert_redirect(&format!("/notifications#n-{}", ids[1]));
    assert_eq!(
        bell(&cast.member.browser.get("/").await).as_deref(),
        Some("1")
    );

    cast.member
        .browser
        .post_form("/notifications/read-all", &[])
        .await
        .assert_redirect("/notifications");
    let centre = cast.member.browser.get("/notifications").await;
    centre
        .assert_contains("Alle Benachrichtigungen sind als gelesen markiert.")
        .assert_contains("Dritte")
        .assert_lacks("Alle als gelesen markieren");
    assert_eq!(bell(&centre), None);
}

#[tokio::test]
async fn notifications_older_than_the_retention_are_pruned() {
    let cast = Cast::new().await;
    let app = &cast.app;
    let ransbach = app.community_id("ransbach").await;
    notify(app, ransbach, cast.member.id, "Uralt", "", 200).await;
    notify(app, ransbach, cast.member.id, "Von gestern", "", 1).await;

    // Housekeeping runs when a server starts (and every hour after).
    let _second = app.another_server().await;
    let mut left = Vec::new();
    for _ in 0..50 {
        left = ids_of(app, cast.member.id).await;
        if left.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        left.len(),
        1,
        "the 200-day-old notification is pruned, yesterday's kept"
    );
    cast.member
        .browser
        .get("/notifications")
        .await
        .assert_contains("Von gestern")
        .assert_lacks("Uralt");
}

#[tokio::test]
async fn a_module_notification_reaches_the_organisers_bell() {
    let files = plugin_files();
    let cast = Cast::with_modules(&[&files.volunteer], &["volunteer"], |_| {}).await;
    let day = quartier::berlin::from_millis(quartier::db::now_ms())
        .expect("now")
        .date()
        + time::Duration::days(10);
    let posted = cast
        .manager
        .browser
        .post_form(
            "/c/ransbach/volunteer/new",
            &[
                ("title", "Helfer:innen für das Dorffest"),
                ("visibility", "public"),
                ("remind_hours", "24"),
                ("cutoff_hours", "24"),
                ("date", &day.to_string()),
                ("start", "14:00"),
                ("end", "16:00"),
                ("label", "Kuchenstand"),
                ("max", "4"),
            ],
        )
        .await;
    posted.assert_status(303);
    let shift = posted
        .location()
        .and_then(|l| l.split_once("#shift-"))
        .map(|(_, id)| id.to_owned())
        .expect("the new shift's id");
    cast.member
        .browser
        .post_form(&format!("/c/ransbach/volunteer/shifts/{shift}/signup"), &[])
        .await
        .assert_status(303);

    let home = cast.manager.browser.get("/c/ransbach").await;
    assert_eq!(bell(&home).as_deref(), Some("1"));
    let centre = cast.manager.browser.get("/notifications").await;
    centre
        .assert_contains("Ransbach")
        .assert_contains("Mia Mitglied hilft mit bei „Kuchenstand“");
    let id = ids_of(&cast.app, cast.manager.id).await[0];
    let opened = cast
        .manager
        .browser
        .get(&format!("/notifications/{id}"))
        .await;
    let call = opened.location().expect("the call's page").to_owned();
    assert!(call.starts_with("/c/ransbach/volunteer/calls/"), "{call}");
    cast.manager
        .browser
        .get(&call)
        .await
        .assert_status(200)
        .assert_contains("Mia Mitglied");
}
