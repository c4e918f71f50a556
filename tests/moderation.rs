//! Moderation from the outside, with the lost-and-found module as the plugin whose entries
//! are reported. The file proves the rules of the moderation issue:
//!
//! - members report an item once each; enough distinct reports hide it at once from
//!   visitors and members (page, list, home card, feed) but not from its author and the
//!   moderators; keeping or restoring it shows it again;
//! - only moderators and managers open the queue and the audit log; the reported person
//!   never learns who reported;
//! - deleting removes the entry and what the plugin kept with it; a blocked author can
//!   neither post nor join again; reporters are told the outcome;
//! - the audit log holds the whole case and the database refuses to change it;
//! - bad reports get a clear message, never a server error.

use crate::support::Expect::{Denied, Login, Open};
use crate::support::{
    Browser, Cast, Person, check_roles, days_from_today, iso, neighbours, plugin_files, record_id,
};

pub(crate) const LOSTFOUND: &str = "/c/ransbach/lostfound";
pub(crate) const QUEUE: &str = "/c/ransbach/moderation";
const INSULT: &str = "Der Typ von nebenan ist ein Vollidiot";

pub(crate) async fn moderation_cast() -> Cast {
    Cast::with_modules(&[&plugin_files().lostfound], &["lostfound"], |_| {}).await
}

/// Posts a public found entry as `browser`; returns its id.
pub(crate) async fn post_entry(browser: &Browser, title: &str) -> i64 {
    let date = iso(days_from_today(-1));
    let fields = [
        ("type", "found"),
        ("kind", "item"),
        ("title", title),
        ("description", "Mehr sag ich nicht."),
        ("date", date.as_str()),
        ("place", "Marktplatz"),
        ("visibility", "public"),
        ("question", "Welche Farbe?"),
        ("secret", "Streng geheim 4711"),
    ];
    let page = browser
        .post_multipart(&format!("{LOSTFOUND}/new"), &fields, &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let location = page.redirect_target();
    record_id(
        location.split(['#', '?']).next().unwrap_or_default(),
        &format!("{LOSTFOUND}/entries/"),
    )
    .parse()
    .expect("a numeric id")
}

fn report_path(id: i64) -> String {
    format!("/c/ransbach/moderation/report/lostfound/entries/{id}")
}

async fn report(browser: &Browser, id: i64, reason: &str, note: &str) -> crate::support::Page {
    browser
        .post_form(&report_path(id), &[("reason", reason), ("note", note)])
        .await
}

/// The open case's id for the entry, from the database.
pub(crate) async fn case_of(cast: &Cast, id: i64) -> i64 {
    cast.app
        .count(&format!(
            "SELECT id FROM moderation_cases WHERE record_id = {id} ORDER BY id DESC LIMIT 1"
        ))
        .await
}

/// Waits until `sql` counts `expected` (plugin events run just after the request).
async fn eventually(cast: &Cast, sql: &str, expected: i64) {
    for _ in 0..100 {
        if cast.app.count(sql).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{sql} never counted {expected}");
}

/// Whether `browser` sees the entry: its page, the list, the home card and the feed.
async fn sees(browser: &Browser, id: i64, title: &str) -> [bool; 4] {
    let page = browser.get(&format!("{LOSTFOUND}/entries/{id}")).await;
    let list = browser.get(LOSTFOUND).await;
    let home = browser.get("/c/ransbach").await;
    let feed = browser.get(&format!("{LOSTFOUND}/feed.atom")).await;
    [
        page.status.as_u16() == 200 && page.body.contains(title),
        list.body.contains(title),
        home.body.contains(title),
        feed.body.contains(title),
    ]
}

#[tokio::test]
async fn three_reports_hide_an_entry_and_the_moderator_deletes_it_and_blocks_the_author() {
    let cast = moderation_cast().await;
    let author = &cast.target;
    let id = post_entry(&author.browser, INSULT).await;
    let reporters: Vec<Person> = neighbours(&cast, 2).await;

    // The same "Melden" control for members, none for visitors or the author.
    let entry = format!("{LOSTFOUND}/entries/{id}");
    cast.member
        .browser
        .get(&entry)
        .await
        .assert_contains(&format!("href=\"{}\"", report_path(id)));
    cast.visitor
        .get(&entry)
        .await
        .assert_lacks("/moderation/report/");
    author
        .browser
        .get(&entry)
        .await
        .assert_lacks("/moderation/report/");

    // Two reports: still visible; the third hides it at once.
    report(&cast.member.browser, id, "insult", "")
        .await
        .assert_redirect(&entry);
    report(&reporters[0].browser, id, "insult", "Beleidigend")
        .await
        .assert_redirect(&entry);
    assert_eq!(sees(&cast.visitor, id, INSULT).await, [true; 4]);
    // Reporting twice adds nothing.
    let again = report(&cast.member.browser, id, "spam", "").await;
    assert_eq!(again.status.as_u16(), 303);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM moderation_reports")
            .await,
        2
    );
    cast.member
        .browser
        .get(&report_path(id))
        .await
        .assert_status(200)
        .assert_contains("bereits gemeldet");
    report(&reporters[1].browser, id, "insult", "")
        .await
        .assert_redirect(&entry);

    for viewer in [&cast.visitor, &cast.member.browser, &reporters[1].browser] {
        assert_eq!(sees(viewer, id, INSULT).await, [false; 4]);
    }
    // The author and the moderators still see it, marked as hidden.
    author
        .browser
        .get(&entry)
        .await
        .assert_status(200)
        .assert_contains("ausgeblendet");
    cast.moderator.browser.get(&entry).await.assert_status(200);

    // The moderators were told of the case; the queue shows it without the reporters.
    assert_eq!(
        cast.app
            .notifications("moderation", cast.moderator.id, "reports")
            .await
            .len(),
        1
    );
    let queue = cast.moderator.browser.get(QUEUE).await;
    queue
        .assert_status(200)
        .assert_html()
        .assert_contains(INSULT)
        .assert_contains("3 Meldungen")
        .assert_contains("Beleidigend")
        .assert_lacks(&reporters[0].name)
        .assert_lacks(&cast.member.name);

    // Delete and block for a week.
    let case = case_of(&cast, id).await;
    cast.moderator
        .browser
        .post_form(
            &format!("{QUEUE}/cases/{case}"),
            &[("decision", "delete"), ("block", "7"), ("warning", "")],
        )
        .await
        .assert_redirect(QUEUE);
    assert!(
        cast.app
            .plugin_records("lostfound", "entries")
            .await
            .is_empty()
    );
    // The plugin heard of it and removed the entry's secret.
    eventually(
        &cast,
        "SELECT COUNT(*) FROM plugin_records WHERE collection = 'secrets'",
        0,
    )
    .await;
    cast.moderator.browser.get(&entry).await.assert_status(404);

    // The reporters learn that it was handled; the author that they are blocked, not by whom.
    for person in [&cast.member, &reporters[0], &reporters[1]] {
        let told = cast
            .app
            .notifications("moderation", person.id, "outcomes")
            .await;
        assert_eq!(told.len(), 1, "{}", person.name);
        assert!(told[0].1.contains("gelöscht"), "{told:?}");
    }
    let blocked = cast
        .app
        .notifications("moderation", author.id, "warnings")
        .await;
    assert_eq!(blocked.len(), 1);
    for (title, body) in &blocked {
        for reporter in [&cast.member, &reporters[0], &reporters[1]] {
            assert!(!title.contains(&reporter.name) && !body.contains(&reporter.name));
        }
    }

    // Blocked: no new entries, no joining again after leaving.
    let date = iso(days_from_today(-1));
    let refused = author
        .browser
        .post_multipart(
            &format!("{LOSTFOUND}/new"),
            &[("type", "lost"), ("title", "Noch was"), ("date", &date)],
            &[],
        )
        .await;
    refused.assert_status(403).assert_contains("gesperrt");
    author
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_status(303);
    author
        .browser
        .post_form("/c/ransbach/join", &[])
        .await
        .assert_status(403);

    // The manager finds the whole case in the log, also as CSV.
    let log = cast.manager.browser.get(&format!("{QUEUE}/log")).await;
    log.assert_status(200)
        .assert_html()
        .assert_contains("Gemeldet")
        .assert_contains("Nach mehreren Meldungen automatisch ausgeblendet")
        .assert_contains("Inhalt gelöscht")
        .assert_contains("Verfassende Person gesperrt");
    let csv = cast.manager.browser.get(&format!("{QUEUE}/log.csv")).await;
    csv.assert_status(200);
    assert!(
        csv.body
            .starts_with("time,actor,action,subject,detail,case")
    );
    assert!(csv.body.contains("Inhalt gelöscht"), "{}", csv.body);

    // Nothing in the application can change the log: the database refuses.
    for sql in [
        "UPDATE audit_log SET detail = 'nichts passiert'",
        "DELETE FROM audit_log",
    ] {
        let refused = sqlx::query(sql).execute(cast.app.pool()).await;
        assert!(refused.is_err(), "{sql} was allowed");
    }
}

#[tokio::test]
async fn only_moderators_and_managers_open_the_queue_and_the_log() {
    let cast = moderation_cast().await;
    // visitor, member, moderator, manager, operator, outsider
    for path in [QUEUE.to_owned(), format!("{QUEUE}/log")] {
        check_roles(&cast, &path, [Login, Denied, Open, Open, Open, Denied]).await;
    }
    let csv = cast.member.browser.get(&format!("{QUEUE}/log.csv")).await;
    csv.assert_status(403);
    // Deciding is for moderators too.
    let id = post_entry(&cast.target.browser, "Fahrrad gefunden").await;
    report(&cast.member.browser, id, "spam", "")
        .await
        .assert_status(303);
    // The report form: members of this community (the operator acts as manager everywhere).
    check_roles(
        &cast,
        &report_path(id),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    let case = case_of(&cast, id).await;
    for browser in [&cast.member.browser, &cast.outsider.browser] {
        browser
            .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "delete")])
            .await
            .assert_status(403);
    }
    assert_eq!(
        cast.app.plugin_records("lostfound", "entries").await.len(),
        1
    );
    // A moderator of another community cannot decide this one's case.
    cast.outsider
        .browser
        .post_form(
            &format!("/c/other/moderation/cases/{case}"),
            &[("decision", "delete")],
        )
        .await
        .assert_status(404);
}

#[tokio::test]
async fn a_hidden_entry_comes_back_when_kept_or_restored() {
    let cast = moderation_cast().await;
    let title = "Katze zugelaufen, grau getigert";
    let id = post_entry(&cast.target.browser, title).await;
    report(&cast.member.browser, id, "misinformation", "")
        .await
        .assert_status(303);
    let case = case_of(&cast, id).await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "hide")])
        .await
        .assert_redirect(QUEUE);
    assert_eq!(sees(&cast.visitor, id, title).await, [false; 4]);
    assert_eq!(sees(&cast.member.browser, id, title).await, [false; 4]);
    // Deciding twice is refused with a message, not an error.
    let twice = cast
        .moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "delete")])
        .await;
    twice.assert_redirect(QUEUE);
    assert_eq!(
        cast.app.plugin_records("lostfound", "entries").await.len(),
        1
    );

    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}/restore"), &[])
        .await
        .assert_redirect(QUEUE);
    assert_eq!(sees(&cast.visitor, id, title).await, [true; 4]);

    // Three reports hide it again; "keep" shows it again and tells the reporters.
    let others = neighbours(&cast, 2).await;
    report(&cast.member.browser, id, "spam", "").await;
    for person in &others {
        report(&person.browser, id, "spam", "").await;
    }
    assert_eq!(sees(&cast.visitor, id, title).await, [false; 4]);
    let case = case_of(&cast, id).await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "keep")])
        .await
        .assert_redirect(QUEUE);
    assert_eq!(sees(&cast.visitor, id, title).await, [true; 4]);
    let told = cast
        .app
        .notifications("moderation", others[0].id, "outcomes")
        .await;
    assert!(told[0].1.contains("sichtbar gelassen"), "{told:?}");
}

#[tokio::test]
async fn bad_reports_get_a_clear_message_and_never_a_server_error() {
    let cast = moderation_cast().await;
    let id = post_entry(&cast.target.browser, "Schirm gefunden").await;
    let member = &cast.member.browser;

    // Unknown items, collections that are not reportable, modules that are off: 404.
    for path in [
        report_path(id + 1000),
        report_path(0),
        format!("/c/ransbach/moderation/report/lostfound/secrets/{id}"),
        format!("/c/ransbach/moderation/report/newsboard/posts/{id}"),
        "/c/ransbach/moderation/report/lostfound/entries/abc".to_owned(),
    ] {
        let page = member.get(&path).await;
        assert!(
            matches!(page.status.as_u16(), 400 | 404),
            "{path}: {}",
            page.status
        );
        let page = member.post_form(&path, &[("reason", "spam")]).await;
        assert!(
            matches!(page.status.as_u16(), 400 | 404),
            "{path}: {}",
            page.status
        );
    }
    // No reason, an unknown reason, "other" without words: 422 with the input kept.
    for (reason, note, message) in [
        ("", "Das ist nicht okay", "Bitte wähle aus"),
        ("rude", "Das ist nicht okay", "Bitte wähle aus"),
        ("other", "   ", "Bitte beschreibe kurz"),
    ] {
        let page = report(member, id, reason, note).await;
        page.assert_status(422)
            .assert_html()
            .assert_contains(message);
        if !note.trim().is_empty() {
            page.assert_contains(note);
        }
    }
    let long = "x".repeat(1001);
    report(member, id, "spam", &long)
        .await
        .assert_status(422)
        .assert_contains("höchstens 1000 Zeichen");
    // One's own entry cannot be reported.
    report(&cast.target.browser, id, "spam", "")
        .await
        .assert_status(422);
    // Visitors are sent to log in; people from elsewhere are refused.
    let visitor = report(&cast.visitor, id, "spam", "").await;
    assert_eq!(visitor.status.as_u16(), 303);
    report(&cast.outsider.browser, id, "spam", "")
        .await
        .assert_status(403);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM moderation_reports")
            .await,
        0
    );
    // A bad decision is a message, not an error.
    report(member, id, "other", "Das ist Werbung für einen Laden")
        .await
        .assert_status(303);
    let case = case_of(&cast, id).await;
    for fields in [vec![("decision", "purge")], vec![("decision", "")]] {
        cast.moderator
            .browser
            .post_form(&format!("{QUEUE}/cases/{case}"), &fields)
            .await
            .assert_redirect(QUEUE);
    }
    let page = cast
        .moderator
        .browser
        .post_form(
            &format!("{QUEUE}/cases/{case}"),
            &[("decision", "keep"), ("block", "365")],
        )
        .await;
    page.assert_status(400);
    cast.moderator
        .browser
        .post_form(
            &format!("{QUEUE}/cases/{}", case + 99),
            &[("decision", "keep")],
        )
        .await
        .assert_status(404);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM moderation_cases WHERE status = 'open'")
            .await,
        1
    );
}

/// Whether `browser` gets each path with `text` on it.
async fn visible_in(browser: &Browser, paths: &[String], text: &str) -> Vec<bool> {
    let mut seen = vec![];
    for path in paths {
        let page = browser.get(path).await;
        seen.push(page.status.as_u16() == 200 && page.body.contains(text));
    }
    seen
}

/// Reports the item as `reporter`, hides it as the moderator, checks that visitors and
/// members no longer see it anywhere, restores it and checks that it is back.
async fn hide_and_restore(
    cast: &Cast,
    reporter: &Browser,
    item: (&str, &str, i64),
    paths: &[String],
    text: &str,
) {
    let (plugin, collection, id) = item;
    let everywhere = vec![true; paths.len()];
    let nowhere = vec![false; paths.len()];
    for viewer in [&cast.visitor, &cast.target.browser] {
        assert_eq!(
            visible_in(viewer, paths, text).await,
            everywhere,
            "{plugin} before"
        );
    }
    let page = reporter.get(paths[0].as_str()).await;
    let report = format!("/c/ransbach/moderation/report/{plugin}/{collection}/{id}");
    page.assert_contains(&format!("href=\"{report}\""));
    reporter
        .post_form(&report, &[("reason", "insult")])
        .await
        .assert_status(303);
    let case = cast
        .app
        .count(&format!(
            "SELECT id FROM moderation_cases WHERE plugin_id = '{plugin}' AND record_id = {id}"
        ))
        .await;
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}"), &[("decision", "hide")])
        .await
        .assert_redirect(QUEUE);
    for viewer in [&cast.visitor, &cast.target.browser] {
        assert_eq!(
            visible_in(viewer, paths, text).await,
            nowhere,
            "{plugin} hidden"
        );
    }
    cast.moderator
        .browser
        .post_form(&format!("{QUEUE}/cases/{case}/restore"), &[])
        .await
        .assert_redirect(QUEUE);
    for viewer in [&cast.visitor, &cast.target.browser] {
        assert_eq!(
            visible_in(viewer, paths, text).await,
            everywhere,
            "{plugin} restored"
        );
    }
}

#[tokio::test]
async fn hidden_items_disappear_from_every_bundled_module_and_come_back() {
    let files = plugin_files();
    let cast = Cast::with_modules(
        &[&files.newsboard, &files.volunteer, &files.guestbook],
        &["newsboard", "volunteer", "guestbook"],
        |_| {},
    )
    .await;
    let home = "/c/ransbach".to_owned();

    // News: the post's page, the list, the home card and the feed.
    let title = "Sperrmüll am Montag";
    let id = crate::news::publish(
        &cast.manager.browser,
        &[("title", title), ("body", "Bitte bis 7 Uhr rausstellen.")],
    )
    .await;
    let paths = [
        format!("/c/ransbach/news/posts/{id}"),
        "/c/ransbach/news".to_owned(),
        home.clone(),
        "/c/ransbach/news/feed.atom".to_owned(),
    ];
    let id: i64 = id.parse().expect("numeric id");
    hide_and_restore(
        &cast,
        &cast.member.browser,
        ("newsboard", "posts", id),
        &paths,
        title,
    )
    .await;

    // Volunteer calls: the call's page, the list and the home card.
    let date = iso(days_from_today(7));
    let title = "Helfer für den Flohmarkt";
    let fields = [
        ("title", title),
        ("description", "Wir brauchen Hände."),
        ("visibility", "public"),
        ("date", date.as_str()),
        ("start", "10:00"),
        ("end", "14:00"),
        ("label", "Aufbau"),
        ("min", "1"),
        ("max", "4"),
        ("remind_hours", "24"),
        ("cutoff_hours", "24"),
    ];
    let page = cast
        .manager
        .browser
        .post_form("/c/ransbach/volunteer/new", &fields)
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let location = page.redirect_target();
    let call = location.split('#').next().unwrap_or_default().to_owned();
    let id: i64 = record_id(&call, "/c/ransbach/volunteer/calls/")
        .parse()
        .expect("numeric id");
    let paths = [
        call.clone(),
        "/c/ransbach/volunteer".to_owned(),
        home.clone(),
    ];
    hide_and_restore(
        &cast,
        &cast.member.browser,
        ("volunteer", "calls", id),
        &paths,
        title,
    )
    .await;

    // The guestbook: its page and the home card.
    let message = "Schönes Dorffest gestern!";
    cast.member
        .browser
        .post_form("/c/ransbach/guestbook", &[("message", message)])
        .await
        .assert_status(303);
    let id = cast
        .app
        .count("SELECT MAX(id) FROM plugin_records WHERE plugin_id = 'guestbook'")
        .await;
    let paths = ["/c/ransbach/guestbook".to_owned(), home.clone()];
    hide_and_restore(
        &cast,
        &cast.moderator.browser,
        ("guestbook", "entries", id),
        &paths,
        message,
    )
    .await;
}
