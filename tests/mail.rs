//! Mail delivery against a real SMTP server on loopback (aiosmtpd): instant mails and the
//! daily digest by preference, urgent notices for everyone, language and headers, one-click
//! unsubscribe, retries after failures, dead letters, crashes, two workers, the operator's
//! outbox page and the file transport.

use std::time::Duration;

use quartier::config::Settings;
use quartier::mail::settings::SmtpSecurity;

use crate::bookings::{approve, create_hut, requested};
use crate::news::{berlin_in, publish};
use crate::smtp_sink::{ReceivedMail, SmtpSink};
use crate::support::*;

const WAIT: Duration = Duration::from_secs(20);

/// Settings that deliver to the sink quickly.
fn to_sink(sink: &SmtpSink) -> impl FnOnce(&mut Settings) + use<> {
    let port = sink.port();
    move |s| use_sink(s, port)
}

fn use_sink(s: &mut Settings, port: u16) {
    s.mail.smtp_host = "127.0.0.1".into();
    s.mail.smtp_port = port;
    s.mail.smtp_security = SmtpSecurity::None;
    s.mail.from = "Quartier Ransbach <quartier@ransbach.example>".into();
    s.mail.poll_ms = 50;
    s.mail.digest_check_ms = 100;
    s.mail.retry_base_ms = 100;
    s.mail.timeout_seconds = 5;
}

/// The cast with the newsboard and bookings on in "ransbach", mailing to the sink.
async fn mailing_cast(sink: &SmtpSink) -> Cast {
    let files = plugin_files();
    Cast::with_modules(
        &[&files.newsboard, &files.bookings],
        &["newsboard", "bookings"],
        to_sink(sink),
    )
    .await
}

/// The mails to one address.
fn to<'a>(mails: &'a [ReceivedMail], address: &str) -> Vec<&'a ReceivedMail> {
    mails
        .iter()
        .filter(|m| m.envelope_to.iter().any(|t| t == address))
        .collect()
}

/// Waits until `address` has `count` mails.
async fn mails_to(sink: &SmtpSink, address: &str, count: usize) -> Vec<ReceivedMail> {
    eventually(&format!("{count} mails to {address}"), async || {
        let all = sink.messages();
        let mine: Vec<ReceivedMail> = to(&all, address).into_iter().cloned().collect();
        (mine.len() >= count).then_some(mine)
    })
    .await
}

/// Polls `check` every 50 ms until it gives a value; fails with `what` after [`WAIT`].
async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let started = std::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < WAIT, "gave up waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the outbox entry at `index` (oldest first) is dead; returns its attempts.
async fn dead_after(app: &TestApp, index: usize) -> i64 {
    eventually("a dead mail", async || {
        let status = outbox_status(app).await;
        status.get(index).filter(|s| s.0 == "dead").map(|s| s.1)
    })
    .await
}

/// Long enough for a worker polling every 50 ms to have sent anything that was due.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(800)).await;
}

/// The form field of a kind on the settings page.
fn preference_field(page: &Page, source: &str, kind: &str) -> String {
    let suffix = format!(".{source}.{kind}\"");
    let end = page
        .body
        .find(&suffix)
        .unwrap_or_else(|| panic!("no choice for {source}/{kind}"));
    let start = page.body[..end].rfind("name=\"").expect("a name attribute") + 6;
    page.body[start..end + suffix.len() - 1].to_owned()
}

/// Chooses how `person` receives a kind, through the settings page.
async fn choose(person: &Person, source: &str, kind: &str, delivery: &str) {
    let page = person.browser.get("/notifications/settings").await;
    page.assert_status(200);
    let field = preference_field(&page, source, kind);
    person
        .browser
        .post_form("/notifications/settings", &[(field.as_str(), delivery)])
        .await
        .assert_redirect("/notifications/settings");
}

/// The unsubscribe URL of a mail's `List-Unsubscribe` header.
fn unsubscribe_url(mail: &ReceivedMail) -> String {
    let header = mail.header("list-unsubscribe").expect("List-Unsubscribe");
    header
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

/// Moves every notification waiting for the digest a day back: "yesterday's news".
async fn make_waiting_notifications_yesterdays(app: &TestApp) {
    sqlx::query(
        "UPDATE notifications SET created_at = created_at - 86400000 \
         WHERE delivery = 'digest' AND mailed_at IS NULL",
    )
    .execute(app.pool())
    .await
    .expect("backdating");
}

#[tokio::test]
async fn a_booking_decision_is_mailed_at_once_and_news_come_in_one_digest() {
    let sink = SmtpSink::start();
    let cast = mailing_cast(&sink).await;
    // Mia wants news once a day and booking decisions at once (both the defaults, chosen
    // explicitly as a resident would).
    choose(&cast.member, "newsboard", "posts", "digest").await;
    choose(&cast.member, "bookings", "decisions", "instant").await;

    publish(
        &cast.manager.browser,
        &[
            ("title", "Sperrmüll am Montag"),
            ("body", "Bitte rausstellen."),
        ],
    )
    .await;
    publish(
        &cast.manager.browser,
        &[
            ("title", "Neuer Spielplatz"),
            ("body", "Eröffnung am Samstag."),
        ],
    )
    .await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let booking = requested(&cast.member.browser, &hut, &iso(a_saturday()), &[]).await;
    approve(&cast.manager.browser, &booking)
        .await
        .assert_redirect(&booking);

    // The decision arrives at once, with everything a good mail has.
    let mails = mails_to(&sink, &cast.member.email, 1).await;
    settle().await;
    let mails_now = sink.messages();
    let mia = to(&mails_now, &cast.member.email);
    assert_eq!(mia.len(), 1, "only the decision so far: {mails:#?}");
    let decision = mia[0];
    assert!(
        decision.subject.starts_with(&format!("[{RANSBACH_NAME}] ")),
        "{}",
        decision.subject
    );
    assert_eq!(
        decision.header("from"),
        Some("Quartier Ransbach <quartier@ransbach.example>")
    );
    assert_eq!(decision.header("content-language"), Some("de"));
    assert_eq!(decision.header("auto-submitted"), Some("auto-generated"));
    assert_eq!(
        decision.header("list-unsubscribe-post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(unsubscribe_url(decision).starts_with(&format!("{}/unsubscribe/", cast.app.base_url)));
    let text = decision.text.as_deref().expect("a plain-text part");
    let html = decision.html.as_deref().expect("an HTML part");
    assert!(text.contains("Hallo Mia Mitglied,"), "{text}");
    assert!(
        text.contains(&format!("{}/notifications/", cast.app.base_url)),
        "{text}"
    );
    assert!(
        text.contains("Entscheidungen über meine Buchungen"),
        "{text}"
    );
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    // The manager was told of the request at once (their default).
    assert_eq!(to(&mails_now, &cast.manager.email).len(), 1);

    // The morning after: one digest with both posts, and no second one.
    make_waiting_notifications_yesterdays(&cast.app).await;
    let mails = mails_to(&sink, &cast.member.email, 2).await;
    settle().await;
    let digests: Vec<ReceivedMail> = to(&sink.messages(), &cast.member.email)
        .into_iter()
        .filter(|m| m.subject.starts_with("Deine Zusammenfassung"))
        .cloned()
        .collect();
    assert_eq!(digests.len(), 1, "{mails:#?}");
    let digest = &digests[0];
    assert_eq!(digest.subject, "Deine Zusammenfassung: 2 Neuigkeiten");
    let text = digest.text.as_deref().expect("text");
    for title in ["Sperrmüll am Montag", "Neuer Spielplatz", RANSBACH_NAME] {
        assert!(text.contains(title), "{title} missing in {text}");
    }
    assert!(unsubscribe_url(digest).contains("/unsubscribe/d."));
    settled_outbox(&cast.app).await;
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")
            .await,
        0,
        "the operator sees that all mails went out"
    );
}

#[tokio::test]
async fn an_urgent_notice_reaches_everyone_at_once_in_their_language() {
    let sink = SmtpSink::start();
    let cast = mailing_cast(&sink).await;
    // Tilo wants nothing by mail; Mia reads English.
    choose(&cast.target, "newsboard", "urgent", "app").await;
    choose(&cast.target, "newsboard", "posts", "app").await;
    cast.member
        .browser
        .post_form(
            "/account/profile",
            &[("display_name", "Mia Mitglied"), ("language", "en")],
        )
        .await
        .assert_redirect("/account");
    let until = berlin_in(3600);
    publish(
        &cast.moderator.browser,
        &[
            ("title", "Hochwasser an der Brücke"),
            ("body", "Bitte die Uferstraße meiden."),
            ("urgent", "on"),
            ("urgent_until", until.as_str()),
        ],
    )
    .await;
    for person in [&cast.manager, &cast.moderator, &cast.member, &cast.target] {
        mails_to(&sink, &person.email, 1).await;
    }
    settle().await;
    let mails = sink.messages();
    assert_eq!(
        mails.len(),
        4,
        "one mail per member, nobody outside: {mails:#?}"
    );
    assert!(to(&mails, &cast.outsider.email).is_empty());
    let mia = to(&mails, &cast.member.email)[0];
    assert_eq!(mia.header("content-language"), Some("en"));
    let text = mia.text.as_deref().expect("text");
    assert!(text.contains("Hello Mia Mitglied,"), "{text}");
    assert!(text.contains("Urgent: Hochwasser an der Brücke"), "{text}");
    // Urgent mails cannot be unsubscribed, so they do not pretend they can.
    assert_eq!(mia.header("list-unsubscribe"), None);
    assert!(text.contains("always go to all members at once"), "{text}");
    assert!(mia.header("message-id").is_some());
    let tilo = to(&mails, &cast.target.email)[0];
    assert!(
        tilo.text
            .as_deref()
            .unwrap_or("")
            .contains("Dringend: Hochwasser")
    );
}

#[tokio::test]
async fn preferences_are_honoured_per_kind_and_one_click_unsubscribe_works() {
    let sink = SmtpSink::start();
    let cast = mailing_cast(&sink).await;
    choose(&cast.member, "newsboard", "posts", "instant").await;
    publish(
        &cast.manager.browser,
        &[("title", "Erster Beitrag"), ("body", "Hallo.")],
    )
    .await;
    let mails = mails_to(&sink, &cast.member.email, 1).await;
    settle().await;
    // Tilo kept the default (digest): nothing yet.
    assert!(to(&sink.messages(), &cast.target.email).is_empty());
    let url = unsubscribe_url(&mails[0]);
    let path = url.trim_start_matches(&cast.app.base_url).to_owned();

    // Opening the link asks first and changes nothing; a forged token is not found.
    cast.visitor
        .get(&path)
        .await
        .assert_status(200)
        .assert_contains("Neue Beiträge")
        .assert_contains(RANSBACH_NAME);
    let forged = path.replacen(
        &format!(".{}.", cast.member.id),
        &format!(".{}.", cast.target.id),
        1,
    );
    cast.visitor.get(&forged).await.assert_status(404);
    let settings = cast.member.browser.get("/notifications/settings").await;
    let field = preference_field(&settings, "newsboard", "posts");
    assert!(settings.body.contains(&format!(r#"name="{field}""#)));

    // A mail program's one-click POST: no cookies, no CSRF token, just the token in the URL.
    let response = reqwest::Client::new()
        .post(format!("{}{path}", cast.app.local_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one-click request");
    assert_eq!(response.status(), 200);
    let stored = cast
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM notification_preferences WHERE account_id = {} \
             AND source = 'newsboard' AND kind = 'posts' AND delivery = 'app'",
            cast.member.id
        ))
        .await;
    assert_eq!(stored, 1);

    publish(
        &cast.manager.browser,
        &[("title", "Zweiter Beitrag"), ("body", "Hallo.")],
    )
    .await;
    settle().await;
    assert_eq!(
        to(&sink.messages(), &cast.member.email).len(),
        1,
        "no more news by mail"
    );
    // Still in the notification centre.
    cast.member
        .browser
        .get("/notifications")
        .await
        .assert_contains("Zweiter Beitrag");
}

#[tokio::test]
async fn the_settings_page_keeps_to_ones_own_communities_and_refuses_nonsense() {
    let sink = SmtpSink::start();
    let cast = mailing_cast(&sink).await;
    cast.visitor
        .get("/notifications/settings")
        .await
        .assert_status(303);
    let page = cast.member.browser.get("/notifications/settings").await;
    page.assert_status(200)
        .assert_contains(RANSBACH_NAME)
        .assert_contains("Neue Buchungsanfragen")
        .assert_contains("Tägliche Zusammenfassung");
    // The outsider's community has no modules on: nothing to choose, and Ransbach's kinds
    // are not theirs to set.
    let outsider = cast.outsider.browser.get("/notifications/settings").await;
    outsider.assert_status(200).assert_lacks(RANSBACH_NAME);
    let field = preference_field(&page, "newsboard", "posts");
    cast.outsider
        .browser
        .post_form("/notifications/settings", &[(field.as_str(), "instant")])
        .await
        .assert_redirect("/notifications/settings");
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM notification_preferences")
            .await,
        0
    );
    // A value no form offers: the page again with a message at that field and the other
    // choices as they were sent; nothing stored.
    let decisions = preference_field(&page, "bookings", "decisions");
    let refused = cast
        .member
        .browser
        .post_form(
            "/notifications/settings",
            &[
                (field.as_str(), "carrier-pigeon"),
                (decisions.as_str(), "app"),
            ],
        )
        .await;
    refused
        .assert_status(422)
        .assert_contains("eine der angebotenen Möglichkeiten")
        .assert_contains(&format!(r#"name="{field}" aria-invalid="true""#));
    let decisions_select = &refused.body[refused
        .body
        .find(&format!(r#"name="{decisions}""#))
        .expect("select")..];
    let decisions_select = &decisions_select[..decisions_select.find("</select>").expect("end")];
    assert!(
        decisions_select.contains(r#"<option value="app" selected>"#),
        "{decisions_select}"
    );
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM notification_preferences")
            .await,
        0
    );
}

/// Asks for a password reset mail for `email`.
async fn reset_mail(app: &TestApp, email: &str) {
    app.client()
        .post_form("/password/forgot", &[("email", email)])
        .await
        .assert_status(200);
}

/// The outbox once no entry is waiting or being sent any more: the worker records an outcome
/// just after the SMTP server answered, so a mail can arrive a moment before it is "sent".
async fn settled_outbox(app: &TestApp) -> Vec<(String, i64)> {
    eventually("a settled outbox", async || {
        let status = outbox_status(app).await;
        let busy = ["pending", "sending", "failed"];
        (!status.iter().any(|(s, _)| busy.contains(&s.as_str()))).then_some(status)
    })
    .await
}

async fn outbox_status(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as::<_, (String, i64)>("SELECT status, attempts FROM outbox ORDER BY id")
        .fetch_all(app.pool())
        .await
        .expect("outbox")
}

#[tokio::test]
async fn a_failing_smtp_server_that_recovers_gets_each_mail_exactly_once() {
    let mut sink = SmtpSink::start();
    let app = TestApp::spawn_with(to_sink(&sink)).await;
    let anna = app.register("anna@example.org", "Anna").await;

    // The server answers "try again later" for a while.
    sink.set_failing(true);
    reset_mail(&app, &anna.email).await;
    eventually("three refused attempts", async || {
        (sink.attempts().len() >= 3).then_some(())
    })
    .await;
    assert!(sink.messages().is_empty());
    sink.set_failing(false);
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails[0].envelope_to, vec![anna.email.clone()]);
    settle().await;
    assert_eq!(sink.messages().len(), 1);
    let status = settled_outbox(&app).await;
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].0, "sent");
    assert!(
        status[0].1 >= 4,
        "three refusals, then the delivery: {status:?}"
    );

    // The server is switched off and on again (connections refused meanwhile).
    sink.stop();
    reset_mail(&app, &anna.email).await;
    eventually("the refused mail waiting for its retry", async || {
        let status = outbox_status(&app).await;
        status.get(1).filter(|s| s.0 == "failed").map(|_| ())
    })
    .await;
    sink.restart();
    sink.wait_for(2, WAIT).await;
    settle().await;
    assert_eq!(sink.messages().len(), 2);
    assert!(settled_outbox(&app).await.iter().all(|(s, _)| s == "sent"));
}

#[tokio::test]
async fn refused_mails_end_up_dead_for_the_operator_who_can_send_them_again() {
    let sink = SmtpSink::start();
    let port = sink.port();
    let cast = Cast::on(
        TestApp::spawn_with(move |s| {
            use_sink(s, port);
            s.mail.max_attempts = 2;
        })
        .await,
    )
    .await;
    let operator = &cast.operator.browser;

    // A permanent refusal is dead at once.
    sink.set_rejecting(true);
    reset_mail(&cast.app, &cast.member.email).await;
    assert_eq!(dead_after(&cast.app, 0).await, 1);
    // Temporary failures: dead after the last of `max_attempts`.
    sink.set_rejecting(false);
    sink.set_failing(true);
    reset_mail(&cast.app, &cast.target.email).await;
    assert_eq!(dead_after(&cast.app, 1).await, 2);

    // The operator sees both with their reasons, never the bodies with reset links.
    let page = operator.get("/admin/mail?status=dead").await;
    page.assert_status(200)
        .assert_contains("Endgültig gescheitert")
        .assert_contains(&cast.member.email)
        .assert_contains("550")
        .assert_contains("451")
        .assert_lacks("/password/reset?token=");
    operator
        .get("/admin")
        .await
        .assert_contains("2 E-Mails konnten endgültig nicht zugestellt werden.");
    // Once the server works again, the operator sends one again.
    sink.set_failing(false);
    let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM outbox")
        .fetch_one(cast.app.pool())
        .await
        .expect("id");
    operator
        .post_form(&format!("/admin/mail/{id}/retry"), &[])
        .await
        .assert_redirect("/admin/mail?status=pending");
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails[0].envelope_to, vec![cast.member.email.clone()]);
    // Only dead mails can be tried again.
    operator
        .post_form(&format!("/admin/mail/{id}/retry"), &[])
        .await
        .assert_status(404);
    let metrics = cast.app.client().get("/metrics").await;
    metrics
        .assert_contains("quartier_mail_sent_total 1")
        .assert_contains("quartier_mail_dead_total 2");
}

#[tokio::test]
async fn a_crash_between_commit_and_send_loses_nothing() {
    let sink = SmtpSink::start();
    // This process queues mail but dies before sending any (it delivers none).
    let first = TestApp::spawn_with(|s| s.mail.deliver = false).await;
    let anna = first.register("anna@example.org", "Anna").await;
    reset_mail(&first, &anna.email).await;
    // And one mail whose sender crashed in the middle of the delivery: claimed, never done.
    reset_mail(&first, &anna.email).await;
    sqlx::query(
        "UPDATE outbox SET status = 'sending', attempts = 1, claimed_until = 1 \
         WHERE id = (SELECT MAX(id) FROM outbox)",
    )
    .execute(first.pool())
    .await
    .expect("a stale claim");
    settle().await;
    assert!(sink.messages().is_empty());
    first.kill();
    let second = first.another_server_with(to_sink(&sink)).await;
    let mails = sink.wait_for(2, WAIT).await;
    settle().await;
    assert_eq!(sink.messages().len(), 2, "{mails:#?}");
    assert!(
        settled_outbox(&second)
            .await
            .iter()
            .all(|(s, _)| s == "sent")
    );
}

#[tokio::test]
async fn two_workers_never_send_the_same_mail_twice() {
    let sink = SmtpSink::start();
    let first = TestApp::spawn_with(to_sink(&sink)).await;
    let second = first.another_server_with(to_sink(&sink)).await;
    // Forty mails committed at once by a third party, for both workers to fight over.
    let now = quartier::db::now_ms();
    for i in 0..40 {
        sqlx::query(
            "INSERT INTO outbox (to_address, kind, subject, body_text, status, attempts, \
             next_attempt_at, created_at) VALUES ($1, 'test', $2, 'Hallo', 'pending', 0, $3, $3)",
        )
        .bind(format!("person{i}@example.org"))
        .bind(format!("Nummer {i}"))
        .bind(now)
        .execute(first.pool())
        .await
        .expect("queued");
    }
    let mails = sink.wait_for(40, WAIT).await;
    settle().await;
    let mut subjects: Vec<String> = sink.messages().into_iter().map(|m| m.subject).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 40);
    assert_eq!(sink.messages().len(), 40, "{} duplicates", mails.len() - 40);
    assert!(
        settled_outbox(&second)
            .await
            .iter()
            .all(|(s, a)| s == "sent" && *a == 1)
    );
}

#[tokio::test]
async fn only_operators_see_the_outbox_and_send_test_mails() {
    let sink = SmtpSink::start();
    let cast = Cast::on(TestApp::spawn_with(to_sink(&sink)).await).await;
    use Expect::*;
    // Visitor, member, moderator, manager, operator, member of another community.
    check_roles(
        &cast,
        "/admin/mail",
        [Login, Denied, Denied, Denied, Open, Denied],
    )
    .await;
    let operator = &cast.operator.browser;
    let page = operator.get("/admin/mail").await;
    page.assert_status(200)
        .assert_contains("SMTP 127.0.0.1:")
        .assert_contains(&cast.operator.email)
        .assert_lacks("kein Mailserver");
    // A bad address: the form again with the input kept.
    operator
        .post_form("/admin/mail/test", &[("to", "nicht-gültig")])
        .await
        .assert_status(422)
        .assert_contains("nicht-gültig");
    cast.member
        .browser
        .post_form("/admin/mail/test", &[("to", "x@example.org")])
        .await
        .assert_status(403);
    operator
        .post_form("/admin/mail/test", &[("to", "postmaster@example.org")])
        .await
        .assert_redirect("/admin/mail");
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(
        mails[0].envelope_to,
        vec!["postmaster@example.org".to_owned()]
    );
    assert!(mails[0].subject.starts_with("Test-E-Mail von "));
    // The worker records the delivery just after the server accepted the mail.
    settled_outbox(&cast.app).await;
    operator
        .get("/admin/mail?status=sent")
        .await
        .assert_contains("postmaster@example.org");
}

#[tokio::test]
async fn without_smtp_mails_are_written_to_files_and_operators_are_told() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("mail-files")
        .join(unique_suffix());
    let files = dir.clone();
    let cast = Cast::on(TestApp::spawn_with(move |s| s.mail.file_dir = files).await).await;
    cast.operator
        .browser
        .get("/admin")
        .await
        .assert_contains("Es ist kein Mailserver eingerichtet");
    reset_mail(&cast.app, &cast.member.email).await;
    let file = eventually("a mail file", async || {
        std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "eml"))
    })
    .await;
    let raw = std::fs::read_to_string(&file).expect("mail file");
    assert!(raw.contains(&format!("To: {}", cast.member.email)), "{raw}");
    let _ = std::fs::remove_dir_all(&dir);
}
