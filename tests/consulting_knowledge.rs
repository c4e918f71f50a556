//! Peer consulting (`plugins/consulting`) beyond the confidential thread: the knowledge base
//! ("Werkzeugkoffer"), deadlines, consultant profiles and the managers' curation. The file
//! proves:
//!
//! - nothing from a case reaches the knowledge base without the asker's consent and a
//!   manager's review: no summary without consent, a summary needs the "anonymised"
//!   confirmation, the asker can withdraw consent until it is published (the review then
//!   disappears, and publishing checks the consent again), managers send summaries back
//!   with a note or publish them for members or everyone, and everyone involved is told;
//! - managers write, edit and take down articles, members read and report them, visitors
//!   read the public ones only, search finds by words; bad input comes back with 422, the
//!   messages and the input kept;
//! - the `deadlines` job tells the managers once about questions nobody took and the
//!   consultants and managers once about overdue answers, however often it runs; managers
//!   assign late questions from an overview that never shows a question's contents; a
//!   question nobody can take goes to the managers at once;
//! - consultants keep their profile (availability, topics, how many open cases), which
//!   decides where new questions go and what they may take; managers curate topics and
//!   consultants, and a consultant who is removed or leaves the community hands their open
//!   cases back;
//! - the module's pages speak English to an English member.
//!
//! `consulting.rs` covers asking, taking, the thread and its confidentiality.

use std::time::{Duration, Instant};

use crate::consulting::{
    CONSULTING, Consultation, case_data, case_path, consulting_cast, consulting_cast_with,
    post_case, take, topic_id,
};
use crate::support::Expect::{Denied, Login, Open};
use crate::support::{Browser, Cast, Page, check_roles, days_from_today, iso, with_defaults};

const QUESTION: &str = "Dürfen wir Fotos von Gästen zeigen?";
const DESCRIPTION: &str = "Beim Sonntagsfrühstück entstehen Fotos";

// What the summary and the article say.
const SUMMARY_TITLE: &str = "Fotos von Gästen bei offenen Treffen";
const SUMMARY_TEXT: &str = "Vorher schriftlich einwilligen lassen; bei Kindern die Eltern.";
const REVISED_TEXT: &str =
    "Einwilligung vorher schriftlich einholen, bei Kindern von den Eltern. Zettel auslegen.";

// The German messages the tests look for.
const NO_SUMMARY: &str = "Für diese Beratung kann keine Zusammenfassung geschrieben werden.";
const WRITE_SUMMARY: &str = "Anonymisierte Zusammenfassung schreiben";
const NOT_ANONYMISED: &str = "Bitte bestätige, dass die Zusammenfassung anonym ist.";
const SUBMITTED: &str = "Die Zusammenfassung wartet auf die Durchsicht der Verwaltung.";
const KNOWLEDGE_EMPTY: &str = "Im Werkzeugkoffer liegt noch nichts.";
const NOTE_MISSING: &str = "Bitte schreib, was geändert werden soll.";
const VISIBILITY_MISSING: &str = "Bitte wähle, wer den Artikel lesen darf.";
const TITLE_MISSING: &str = "Bitte gib einen Titel an.";
const TEXT_MISSING: &str = "Bitte schreib einen Text.";
const TOPIC_MISSING: &str = "Bitte wähle ein Thema.";
const TOPICS_MISSING: &str = "Bitte wähle mindestens ein Thema.";
const PUBLISHED: &str = "Der Artikel ist im Werkzeugkoffer.";
const MEMBERS_ONLY: &str = "nur für Mitglieder";
const RANGE: &str = "Bitte gib eine Zahl von 1 bis 20 an.";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Follows a `303 See Other` and returns the page it leads to (with its flash).
async fn follow(browser: &Browser, page: &Page) -> Page {
    let to = page.redirect_target();
    browser.get(&to).await
}

/// The summary form: topic, title and text, with `fields` added.
fn summary_form<'a>(topic: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("topic", topic),
        ("title", SUMMARY_TITLE),
        ("text", SUMMARY_TEXT),
    ];
    form.extend_from_slice(fields);
    form
}

/// The titles of the notifications of this kind the module sent an account that contain
/// `words`.
async fn told(cast: &Cast, account: i64, kind: &str, words: &str) -> Vec<String> {
    cast.app
        .notifications("consulting", account, kind)
        .await
        .into_iter()
        .map(|(title, _)| title)
        .filter(|title| title.contains(words))
        .collect()
}

/// The only summary of a case: (record id, data).
async fn summary_of(cast: &Cast, case: &str) -> (i64, serde_json::Value) {
    let mut found: Vec<_> = cast
        .app
        .plugin_records("consulting", "summaries")
        .await
        .into_iter()
        .filter(|(_, s)| s["case"] == case)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

/// Changes a case's stored data behind the module's back (to move its deadlines).
async fn change_case(cast: &Cast, case: &str, change: impl FnOnce(&mut serde_json::Value)) {
    let mut data = case_data(cast, case).await;
    change(&mut data);
    let id: i64 = case.parse().expect("a record id");
    cast.app.write_plugin_record(id, &data).await;
}

/// An hour ago, in the module's milliseconds.
fn an_hour_ago() -> i64 {
    quartier::db::now_ms() - 3_600_000
}

/// The record id of someone's consultant profile, if they have one.
async fn consultant_record(cast: &Cast, person: i64) -> Option<i64> {
    let person = person.to_string();
    cast.app
        .plugin_records("consulting", "consultants")
        .await
        .into_iter()
        .find(|(_, c)| c["person"] == person)
        .map(|(id, _)| id)
}

/// The stored profile of a consultant.
async fn consultant_data(cast: &Cast, person: i64) -> serde_json::Value {
    let person = person.to_string();
    cast.app
        .plugin_records("consulting", "consultants")
        .await
        .into_iter()
        .find(|(_, c)| c["person"] == person)
        .expect("a consultant")
        .1
}

/// The profile form of a consultant, with `fields` in place of these defaults (available,
/// three open cases at most).
fn profile_form<'a>(topics: &[&'a str], fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = topics.iter().map(|t| ("topics", *t)).collect();
    let defaults = [
        ("bio", ""),
        ("languages", ""),
        ("availability", "available"),
        ("away_until", ""),
        ("max_open", "3"),
    ];
    form.extend(with_defaults(&defaults, fields));
    form
}

/// Saves a consultant's profile and checks that it was saved.
async fn save_profile(browser: &Browser, form: &[(&str, &str)]) {
    let page = browser
        .post_form(&format!("{CONSULTING}/profile"), form)
        .await;
    follow(browser, &page)
        .await
        .assert_contains("Dein Profil ist gespeichert.");
}

/// Polls until `done` holds (events are delivered after the response), for five seconds.
async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done().await {
        assert!(Instant::now() < deadline, "{what} did not happen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The id in a location like `/c/ransbach/consulting/knowledge/7`.
fn article_in(location: &str) -> String {
    location
        .strip_prefix(&format!("{CONSULTING}/knowledge/"))
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("not an article: {location}"))
        .to_owned()
}

// ---------------------------------------------------------------------------------------
// From a closed case to the knowledge base
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn nothing_reaches_the_knowledge_base_without_the_askers_consent_and_a_managers_review() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let (mia, manager, asker) = (&cast.member, &cast.manager, &c.asker);

    // Without the asker's consent (the default) nothing can be summarised, also once closed.
    let private = c.ask(&[]).await;
    take(&mia.browser, &private).await;
    post_case(&mia.browser, &private, "close", &[("outcome", "Geklärt.")])
        .await
        .assert_contains("Die Beratung ist abgeschlossen.")
        .assert_contains("Aus diesem Gespräch wird nichts veröffentlicht.")
        .assert_lacks("mit einer Zusammenfassung einverstanden")
        .assert_lacks(WRITE_SUMMARY);
    let summary_of_private = format!("{}/summary", case_path(&private));
    let page = mia.browser.get(&summary_of_private).await;
    follow(&mia.browser, &page)
        .await
        .assert_contains(NO_SUMMARY);
    post_case(
        &mia.browser,
        &private,
        "summary",
        &summary_form(&c.datenschutz, &[("anonymised", "on")]),
    )
    .await
    .assert_contains(NO_SUMMARY);

    // With consent: once closed, the consultant is asked to write a summary.
    let shared = c.ask(&[("share", "on")]).await;
    assert_eq!(case_data(cast, &shared).await["share_consent"], true);
    take(&mia.browser, &shared).await;
    post_case(
        &mia.browser,
        &shared,
        "close",
        &[("outcome", "Einwilligungszettel für Porträts.")],
    )
    .await
    .assert_contains("schreib sie, solange du alles im Kopf hast")
    .assert_contains(WRITE_SUMMARY);
    let summary_path = format!("{}/summary", case_path(&shared));
    // Only the case's consultant writes it.
    for browser in [&cast.target.browser, &asker.browser, &manager.browser] {
        browser.get(&summary_path).await.assert_status(404);
    }
    mia.browser
        .get(&summary_path)
        .await
        .assert_status(200)
        .assert_contains("Zusammenfassung schreiben");

    // Not confirmed as anonymised: refused, the typed text kept, nothing stored or told.
    let page = mia
        .browser
        .post_form(&summary_path, &summary_form(&c.datenschutz, &[]))
        .await;
    page.assert_status(422)
        .assert_contains(NOT_ANONYMISED)
        .assert_contains(SUMMARY_TITLE)
        .assert_contains(SUMMARY_TEXT);
    assert!(
        cast.app
            .plugin_records("consulting", "summaries")
            .await
            .is_empty()
    );
    assert!(told(cast, manager.id, "reviews", "").await.is_empty());

    // Confirmed: it waits for the managers, who are told.
    post_case(
        &mia.browser,
        &shared,
        "summary",
        &summary_form(&c.datenschutz, &[("anonymised", "on")]),
    )
    .await
    .assert_contains(SUBMITTED)
    .assert_contains("wartet auf Durchsicht");
    let (summary, data) = summary_of(cast, &shared).await;
    assert_eq!(data["status"], "submitted");
    assert_eq!(
        told(cast, manager.id, "reviews", "").await,
        ["Eine Zusammenfassung wartet auf eure Durchsicht"]
    );
    assert!(
        told(cast, cast.moderator.id, "reviews", "")
            .await
            .is_empty()
    );

    // Nothing is in the knowledge base yet, for anyone.
    for browser in [
        &cast.visitor,
        &mia.browser,
        &manager.browser,
        &asker.browser,
    ] {
        browser
            .get(&format!("{CONSULTING}/knowledge"))
            .await
            .assert_status(200)
            .assert_contains(KNOWLEDGE_EMPTY)
            .assert_lacks(SUMMARY_TITLE);
    }
    assert!(
        cast.app
            .plugin_records("consulting", "articles")
            .await
            .is_empty()
    );

    // The review queue is the managers' (operators act as managers).
    let reviews = format!("{CONSULTING}/reviews");
    let review = format!("{reviews}/{summary}");
    check_roles(cast, &reviews, [Login, Denied, Denied, Open, Open, Denied]).await;
    manager
        .browser
        .get(&reviews)
        .await
        .assert_contains(SUMMARY_TITLE)
        .assert_contains(&review);
    // A single summary is not found by anyone else, not even whether it exists.
    for browser in [
        &cast.visitor,
        &mia.browser,
        &cast.moderator.browser,
        &cast.outsider.browser,
    ] {
        browser.get(&review).await.assert_status(404);
    }
    for browser in [&manager.browser, &cast.operator.browser] {
        browser
            .get(&review)
            .await
            .assert_status(200)
            .assert_contains(SUMMARY_TEXT);
    }

    // The asker withdraws consent: the summary leaves the queue and cannot be published.
    post_case(&asker.browser, &shared, "sharing", &[("share", "no")])
        .await
        .assert_contains("Aus deiner Beratung wird nichts veröffentlicht.");
    assert_eq!(summary_of(cast, &shared).await.1["status"], "withdrawn");
    manager.browser.get(&review).await.assert_status(404);
    let publish = format!("{review}/publish");
    let members_only = [
        ("topic", c.datenschutz.as_str()),
        ("title", SUMMARY_TITLE),
        ("text", SUMMARY_TEXT),
        ("visibility", "members"),
    ];
    manager
        .browser
        .post_form(&publish, &members_only)
        .await
        .assert_status(404);
    manager
        .browser
        .get(&reviews)
        .await
        .assert_contains("Nichts wartet auf Durchsicht.")
        .assert_lacks(SUMMARY_TITLE);
    let page = mia.browser.get(&summary_path).await;
    follow(&mia.browser, &page)
        .await
        .assert_contains(NO_SUMMARY);

    // Consenting again puts it back into review.
    post_case(&asker.browser, &shared, "sharing", &[("share", "yes")])
        .await
        .assert_contains("Eine anonymisierte Zusammenfassung darf erscheinen");
    assert_eq!(summary_of(cast, &shared).await.1["status"], "submitted");
    // The managers hear that it is back.
    assert_eq!(told(cast, manager.id, "reviews", "").await.len(), 2);
    manager
        .browser
        .get(&review)
        .await
        .assert_status(200)
        .assert_contains(SUMMARY_TEXT);

    // Publishing checks the consent itself, not only the summary's state.
    change_case(cast, &shared, |d| d["share_consent"] = false.into()).await;
    let page = manager.browser.post_form(&publish, &members_only).await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("hat ihr Einverständnis zurückgezogen");
    assert!(
        cast.app
            .plugin_records("consulting", "articles")
            .await
            .is_empty()
    );
    change_case(cast, &shared, |d| d["share_consent"] = true.into()).await;

    // Sent back: a note is needed; the consultant is told and sees it.
    let send_back = format!("{review}/return");
    manager
        .browser
        .post_form(&send_back, &[("note", "  ")])
        .await
        .assert_status(422)
        .assert_contains(NOTE_MISSING)
        .assert_contains(SUMMARY_TEXT);
    let note = "Bitte ohne den Namen des Cafés.";
    let page = manager
        .browser
        .post_form(&send_back, &[("note", note)])
        .await;
    page.assert_redirect(&reviews);
    follow(&manager.browser, &page)
        .await
        .assert_contains("Die Zusammenfassung ist zurückgegeben.");
    assert_eq!(summary_of(cast, &shared).await.1["status"], "returned");
    assert_eq!(
        told(cast, mia.id, "reviews", "").await,
        ["Deine Zusammenfassung braucht noch eine Änderung"]
    );
    manager.browser.get(&review).await.assert_status(404);
    mia.browser
        .get(&summary_path)
        .await
        .assert_status(200)
        .assert_contains(&format!("Hinweis der Verwaltung: {note}"))
        .assert_contains(SUMMARY_TEXT);
    mia.browser
        .get(&format!("{CONSULTING}/board"))
        .await
        .assert_contains("Zusammenfassungen zu schreiben")
        .assert_contains("zurückgegeben");
    // The consultant revises it.
    post_case(
        &mia.browser,
        &shared,
        "summary",
        &[
            ("topic", c.datenschutz.as_str()),
            ("title", SUMMARY_TITLE),
            ("text", REVISED_TEXT),
            ("anonymised", "on"),
        ],
    )
    .await
    .assert_contains(SUBMITTED);
    assert_eq!(told(cast, manager.id, "reviews", "").await.len(), 3);

    // Published for members: a visibility is needed.
    let page = manager
        .browser
        .post_form(
            &publish,
            &[
                ("topic", c.datenschutz.as_str()),
                ("title", SUMMARY_TITLE),
                ("text", REVISED_TEXT),
                ("visibility", ""),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_contains(VISIBILITY_MISSING)
        .assert_contains(REVISED_TEXT);
    let members_only = [
        ("topic", c.datenschutz.as_str()),
        ("title", SUMMARY_TITLE),
        ("text", REVISED_TEXT),
        ("visibility", "members"),
    ];
    let page = manager.browser.post_form(&publish, &members_only).await;
    let article = article_in(&page.redirect_target());
    follow(&manager.browser, &page)
        .await
        .assert_contains(PUBLISHED);
    let articles = cast.app.plugin_records("consulting", "articles").await;
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].0.to_string(), article);
    let stored = &articles[0].1;
    assert_eq!(stored["public"], false);
    assert_eq!(stored["case"], shared);
    assert_eq!(stored["body"], REVISED_TEXT);
    // It never names the asker or their initiative.
    let stored = stored.to_string();
    assert!(!stored.contains(&asker.name) && !stored.contains("Nachbarschaftscafé"));

    // Members read it; visitors and people of other communities do not find it.
    let article_path = format!("{CONSULTING}/knowledge/{article}");
    cast.target
        .browser
        .get(&article_path)
        .await
        .assert_status(200)
        .assert_contains(SUMMARY_TITLE)
        .assert_contains(REVISED_TEXT)
        .assert_contains("aus einer Beratung")
        .assert_contains(MEMBERS_ONLY)
        .assert_lacks(&asker.name)
        .assert_lacks("Nachbarschaftscafé")
        .assert_lacks(QUESTION);
    cast.visitor.get(&article_path).await.assert_status(404);
    cast.outsider
        .browser
        .get(&article_path)
        .await
        .assert_status(404);
    cast.visitor
        .get(&format!("{CONSULTING}/knowledge"))
        .await
        .assert_contains(KNOWLEDGE_EMPTY)
        .assert_lacks(SUMMARY_TITLE);
    // Search: every word, any case.
    cast.target
        .browser
        .get(&format!("{CONSULTING}/knowledge?q=EINWILLIGUNG+zettel"))
        .await
        .assert_contains(SUMMARY_TITLE);
    cast.target
        .browser
        .get(&format!("{CONSULTING}/knowledge?q=Quarkstrudel"))
        .await
        .assert_contains("Nichts passt zu dieser Suche.")
        .assert_lacks(SUMMARY_TITLE);
    cast.target
        .browser
        .get(&format!(
            "{CONSULTING}/knowledge?q=einwilligung+Quarkstrudel"
        ))
        .await
        .assert_lacks(SUMMARY_TITLE);

    // Published once only.
    manager.browser.get(&review).await.assert_status(404);
    manager
        .browser
        .post_form(&publish, &members_only)
        .await
        .assert_status(404);
    assert_eq!(
        cast.app
            .plugin_records("consulting", "articles")
            .await
            .len(),
        1
    );
    let (_, data) = summary_of(cast, &shared).await;
    assert_eq!(data["status"], "published");
    assert_eq!(data["article"], article);

    // The asker and the consultant are told.
    let in_the_base =
        "Eine anonymisierte Zusammenfassung eurer Beratung steht jetzt im Werkzeugkoffer";
    assert_eq!(told(cast, asker.id, "reviews", "").await, [in_the_base]);
    assert_eq!(told(cast, mia.id, "reviews", in_the_base).await.len(), 1);

    // From now on the consent stays, and nothing more is written.
    post_case(&asker.browser, &shared, "sharing", &[("share", "no")])
        .await
        .assert_contains("Die Zusammenfassung ist schon veröffentlicht.")
        .assert_lacks("Einverständnis zurückziehen")
        .assert_contains(&article_path);
    assert_eq!(case_data(cast, &shared).await["share_consent"], true);
    let page = mia.browser.get(&summary_path).await;
    follow(&mia.browser, &page)
        .await
        .assert_contains(NO_SUMMARY);

    // The manager makes it public: now visitors read it.
    let page = manager
        .browser
        .post_form(
            &format!("{article_path}/edit"),
            &[
                ("topic", c.datenschutz.as_str()),
                ("title", SUMMARY_TITLE),
                ("text", REVISED_TEXT),
                ("visibility", "public"),
            ],
        )
        .await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("Der Artikel ist gespeichert.");
    cast.visitor
        .get(&article_path)
        .await
        .assert_status(200)
        .assert_contains(REVISED_TEXT)
        .assert_lacks(MEMBERS_ONLY);
    cast.visitor
        .get(&format!("{CONSULTING}/knowledge"))
        .await
        .assert_contains(SUMMARY_TITLE);
    cast.visitor
        .get(&format!("{CONSULTING}/knowledge?q=zettel"))
        .await
        .assert_contains(SUMMARY_TITLE);
}

// ---------------------------------------------------------------------------------------
// Managers' own articles
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn managers_write_edit_and_take_down_articles_and_bad_input_is_kept() {
    let cast = consulting_cast().await;
    let manager = &cast.manager.browser;
    manager
        .post_form(&format!("{CONSULTING}/topics"), &[("suggested", "yes")])
        .await
        .assert_status(303);
    let law = topic_id(&cast, "Vereinsrecht").await;
    let title = "Satzung ändern in fünf Schritten";
    let text = "Die Mitgliederversammlung beschließt; danach zum Registergericht.";

    // Only managers (and operators) write articles.
    let new = format!("{CONSULTING}/knowledge/new");
    check_roles(&cast, &new, [Login, Denied, Denied, Open, Open, Denied]).await;
    cast.member
        .browser
        .get(&format!("{CONSULTING}/knowledge"))
        .await
        .assert_lacks(&new);
    manager
        .get(&format!("{CONSULTING}/knowledge"))
        .await
        .assert_contains(&new);
    let valid = [
        ("topic", law.as_str()),
        ("title", title),
        ("text", text),
        ("visibility", "members"),
    ];
    cast.member
        .browser
        .post_form(&new, &valid)
        .await
        .assert_status(403);
    cast.moderator
        .browser
        .post_form(&new, &valid)
        .await
        .assert_status(403);

    // Bad input: every message, the input kept.
    let page = manager
        .post_form(
            &new,
            &[
                ("topic", law.as_str()),
                ("title", ""),
                ("text", "   "),
                ("visibility", ""),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_contains(TITLE_MISSING)
        .assert_contains(TEXT_MISSING)
        .assert_contains(VISIBILITY_MISSING)
        .assert_lacks(TOPIC_MISSING)
        .assert_contains(&format!(r#"value="{law}" selected"#))
        .assert_lacks(r#"" checked"#);
    let page = manager
        .post_form(
            &new,
            &[
                ("topic", ""),
                ("title", title),
                ("text", text),
                ("visibility", "public"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_contains(TOPIC_MISSING)
        .assert_lacks(TITLE_MISSING)
        .assert_lacks(TEXT_MISSING)
        .assert_lacks(VISIBILITY_MISSING)
        .assert_contains(&format!(r#"value="{title}""#))
        .assert_contains(text)
        .assert_contains(r#"value="public" checked"#);
    let long = "T".repeat(151);
    manager
        .post_form(
            &new,
            &[
                ("topic", law.as_str()),
                ("title", long.as_str()),
                ("text", text),
                ("visibility", "public"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Der Titel darf höchstens 150 Zeichen haben.")
        .assert_contains(&long);
    assert!(
        cast.app
            .plugin_records("consulting", "articles")
            .await
            .is_empty()
    );

    // Written for members.
    let page = manager.post_form(&new, &valid).await;
    let id = article_in(&page.redirect_target());
    follow(manager, &page).await.assert_contains(PUBLISHED);
    let path = format!("{CONSULTING}/knowledge/{id}");
    let stored = cast.app.plugin_records("consulting", "articles").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1["public"], false);
    assert_eq!(stored[0].1["case"], "");
    cast.member
        .browser
        .get(&path)
        .await
        .assert_status(200)
        .assert_contains(text)
        .assert_contains(MEMBERS_ONLY)
        .assert_lacks("aus einer Beratung")
        .assert_lacks(&format!("{path}/edit"));
    cast.visitor.get(&path).await.assert_status(404);

    // Edited: the form shows what is stored, bad input is kept, then it is public.
    let edit = format!("{path}/edit");
    check_roles(&cast, &edit, [Login, Denied, Denied, Open, Open, Denied]).await;
    manager
        .get(&edit)
        .await
        .assert_contains(&format!(r#"value="{title}""#))
        .assert_contains(text)
        .assert_contains(r#"value="members" checked"#);
    let changed = "Die Versammlung beschließt mit Dreiviertelmehrheit.";
    let page = manager
        .post_form(
            &edit,
            &[
                ("topic", law.as_str()),
                ("title", ""),
                ("text", changed),
                ("visibility", "public"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_contains(TITLE_MISSING)
        .assert_contains(changed);
    assert_eq!(
        cast.app.plugin_records("consulting", "articles").await[0].1["body"],
        text
    );
    let public = [
        ("topic", law.as_str()),
        ("title", title),
        ("text", changed),
        ("visibility", "public"),
    ];
    cast.member
        .browser
        .post_form(&edit, &public)
        .await
        .assert_status(403);
    let page = manager.post_form(&edit, &public).await;
    page.assert_redirect(&path);
    follow(manager, &page)
        .await
        .assert_contains("Der Artikel ist gespeichert.")
        .assert_contains(changed);
    let visitor_page = cast.visitor.get(&path).await;
    visitor_page
        .assert_status(200)
        .assert_contains(changed)
        .assert_lacks(MEMBERS_ONLY)
        .assert_lacks("/moderation/report/");
    cast.visitor
        .get(CONSULTING)
        .await
        .assert_contains(title)
        .assert_lacks(KNOWLEDGE_EMPTY);

    // Members can report it to the moderators.
    let report = format!("/c/ransbach/moderation/report/consulting/articles/{id}");
    cast.member
        .browser
        .get(&path)
        .await
        .assert_contains(&report);
    cast.member.browser.get(&report).await.assert_status(200);
    let page = cast
        .member
        .browser
        .post_form(&report, &[("reason", "spam"), ("note", "Werbung?")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    cast.moderator
        .browser
        .get("/c/ransbach/moderation")
        .await
        .assert_status(200)
        .assert_contains(title);

    // Taken down: only by managers; then it is gone for everyone.
    cast.member
        .browser
        .post_form(&format!("{path}/delete"), &[])
        .await
        .assert_status(403);
    let page = manager.post_form(&format!("{path}/delete"), &[]).await;
    page.assert_redirect(&format!("{CONSULTING}/knowledge"));
    follow(manager, &page)
        .await
        .assert_contains("Der Artikel ist gelöscht.")
        .assert_contains(KNOWLEDGE_EMPTY)
        .assert_lacks(title);
    for browser in [manager, &cast.member.browser, &cast.visitor] {
        browser.get(&path).await.assert_status(404);
    }
    manager
        .post_form(&format!("{path}/delete"), &[])
        .await
        .assert_status(404);
    assert!(
        cast.app
            .plugin_records("consulting", "articles")
            .await
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn questions_nobody_takes_go_to_the_managers_and_overdue_answers_are_flagged_once() {
    let c = Consultation::on(consulting_cast_with(|s| s.job_check_ms = 100).await).await;
    let cast = &c.cast;
    let (mia, manager, asker) = (&cast.member, &cast.manager, &c.asker);
    let overview = format!("{CONSULTING}/overview");
    let not_taken = "Niemand hat eine Frage rechtzeitig übernommen (Datenschutz)";
    let overdue = "Eine Antwort ist überfällig (Datenschutz)";

    // A question waits; its consultants were told, the managers not yet.
    let case = c.ask(&[]).await;
    assert_eq!(told(cast, mia.id, "questions", "").await.len(), 1);
    assert!(told(cast, manager.id, "deadlines", "").await.is_empty());
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert!(told(cast, manager.id, "deadlines", "").await.is_empty());
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains(&format!(r#"id="waiting-{case}""#))
        .assert_lacks("Frist überschritten");

    // Its deadline passes: the managers are told once, however often the job runs.
    change_case(cast, &case, |d| d["take_by"] = an_hour_ago().into()).await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert_eq!(told(cast, manager.id, "deadlines", "").await, [not_taken]);
    assert_eq!(case_data(cast, &case).await["unassigned_flagged"], true);
    for person in [mia, asker, &cast.target] {
        assert!(told(cast, person.id, "deadlines", "").await.is_empty());
    }

    // The overview shows it as late, with a form to assign it, and never its contents.
    let assign = format!("{}/assign", case_path(&case));
    manager
        .browser
        .get(&overview)
        .await
        .assert_status(200)
        .assert_contains("Frist überschritten")
        .assert_contains("1 über der Frist")
        .assert_contains(&format!(r#"action="{assign}""#))
        .assert_contains("Mia Mitglied")
        .assert_lacks(QUESTION)
        .assert_lacks(DESCRIPTION);

    // Only managers assign: to others the case does not exist.
    let mia_id = mia.id.to_string();
    for browser in [&mia.browser, &cast.moderator.browser, &asker.browser] {
        browser
            .post_form(&assign, &[("consultant", mia_id.as_str())])
            .await
            .assert_status(404);
    }
    assert_eq!(case_data(cast, &case).await["status"], "waiting");
    let page = manager
        .browser
        .post_form(&assign, &[("consultant", mia_id.as_str())])
        .await;
    page.assert_redirect(&overview);
    follow(&manager.browser, &page)
        .await
        .assert_contains("Die Frage ist zugeteilt.")
        .assert_contains("Alle Fragen sind übernommen.");
    let data = case_data(cast, &case).await;
    assert_eq!(data["status"], "open");
    assert_eq!(data["lead"], mia_id);
    assert_eq!(
        told(cast, mia.id, "cases", "zugeteilt").await,
        ["Die Verwaltung hat dir eine Frage zugeteilt (Datenschutz)"]
    );
    assert_eq!(
        told(cast, asker.id, "cases", "").await,
        ["Mia Mitglied kümmert sich um deine Frage (Datenschutz)"]
    );
    mia.browser
        .get(&case_path(&case))
        .await
        .assert_status(200)
        .assert_contains(DESCRIPTION);
    // Assigned once: a second assignment is refused.
    let page = manager
        .browser
        .post_form(
            &assign,
            &[("consultant", cast.target.id.to_string().as_str())],
        )
        .await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("Die Frage wartet nicht mehr auf Übernahme.");
    assert_eq!(case_data(cast, &case).await["lead"], mia_id);

    // The asker writes and waits too long: the consultant and the managers are told once.
    post_case(
        &asker.browser,
        &case,
        "messages",
        &[("text", "Gibt es schon etwas?")],
    )
    .await;
    assert!(case_data(cast, &case).await["answer_by"].is_i64());
    change_case(cast, &case, |d| d["answer_by"] = an_hour_ago().into()).await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert_eq!(told(cast, mia.id, "deadlines", "").await, [overdue]);
    assert_eq!(
        told(cast, manager.id, "deadlines", "").await,
        [not_taken, overdue]
    );
    assert!(told(cast, cast.target.id, "deadlines", "").await.is_empty());
    assert!(told(cast, asker.id, "deadlines", "").await.is_empty());
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains("Überfällige Antworten")
        .assert_contains("Datenschutz · Mia Mitglied")
        .assert_contains("1 überfällig")
        .assert_lacks("Keine Antwort ist überfällig.")
        .assert_lacks("Gibt es schon etwas?");
    mia.browser
        .get(&case_path(&case))
        .await
        .assert_contains("Antwort überfällig");

    // The managers take the overdue case from Mia and give it to Tilo: it waits again (the
    // asker is told), and once assigned, Tilo's answer is watched like any other.
    let mias = consultant_record(cast, mia.id).await.expect("Mia advises");
    manager
        .browser
        .post_form(&format!("{CONSULTING}/consultants/{mias}/remove"), &[])
        .await
        .assert_status(303);
    assert_eq!(case_data(cast, &case).await["status"], "waiting");
    assert_eq!(
        told(cast, asker.id, "cases", "nicht mehr dabei")
            .await
            .len(),
        1
    );
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains(&format!(r#"id="waiting-{case}""#))
        .assert_contains("Keine Antwort ist überfällig.");
    let tilo_id = cast.target.id.to_string();
    manager
        .browser
        .post_form(&assign, &[("consultant", tilo_id.as_str())])
        .await
        .assert_redirect(&overview);
    assert_eq!(case_data(cast, &case).await["lead"], tilo_id);
    change_case(cast, &case, |d| d["answer_by"] = an_hour_ago().into()).await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert_eq!(told(cast, cast.target.id, "deadlines", "").await, [overdue]);
    assert_eq!(told(cast, mia.id, "deadlines", "").await.len(), 1);
    assert_eq!(
        told(cast, manager.id, "deadlines", "").await,
        [not_taken, overdue, overdue]
    );
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains("Datenschutz · Tilo Target");

    // The consultant answers: nothing is overdue any more.
    post_case(
        &cast.target.browser,
        &case,
        "messages",
        &[("text", "Ja, hier ist sie.")],
    )
    .await;
    assert!(case_data(cast, &case).await["answer_by"].is_null());
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains("Keine Antwort ist überfällig.")
        .assert_lacks("1 überfällig");
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert_eq!(told(cast, cast.target.id, "deadlines", "").await.len(), 1);

    // Nobody free for a topic: the fundraising consultant says they are busy, so a question
    // on fundraising goes to the managers at once, and the job does not repeat it.
    save_profile(
        &cast.moderator.browser,
        &profile_form(&[c.fundraising.as_str()], &[("availability", "busy")]),
    )
    .await;
    let nobody = crate::consulting::ask_as(&asker.browser, &c.fundraising, &[]).await;
    let nobody_free = "Keine Beraterin und kein Berater frei für eine neue Frage (Fundraising)";
    assert_eq!(
        told(cast, manager.id, "deadlines", "Fundraising").await,
        [nobody_free]
    );
    assert!(
        told(cast, cast.moderator.id, "questions", "")
            .await
            .is_empty()
    );
    assert_eq!(case_data(cast, &nobody).await["unassigned_flagged"], true);
    change_case(cast, &nobody, |d| d["take_by"] = an_hour_ago().into()).await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    cast.app.run_the_job_again("consulting", "deadlines").await;
    assert_eq!(
        told(cast, manager.id, "deadlines", "").await,
        [not_taken, overdue, overdue, nobody_free]
    );
    manager
        .browser
        .get(&overview)
        .await
        .assert_contains(&format!(r#"id="waiting-{nobody}""#))
        .assert_contains("Frist überschritten");
}

// ---------------------------------------------------------------------------------------
// Profiles, topics and consultants
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn consultants_keep_their_profile_and_managers_curate_topics_and_consultants() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let (mia, tilo, manager, asker) = (&cast.member, &cast.target, &cast.manager, &c.asker);

    // Who sees what: members browse the consultants; only consultants have a profile and a
    // board (the moderator advises on fundraising, the manager does not advise); topics and
    // the overview are the managers'.
    let consultants = format!("{CONSULTING}/consultants");
    check_roles(cast, &consultants, [Login, Open, Open, Open, Open, Denied]).await;
    for page in ["/profile", "/board"] {
        let path = format!("{CONSULTING}{page}");
        check_roles(cast, &path, [Login, Open, Open, Denied, Denied, Denied]).await;
        asker.browser.get(&path).await.assert_status(403);
    }
    for page in ["/topics", "/overview"] {
        let path = format!("{CONSULTING}{page}");
        check_roles(cast, &path, [Login, Denied, Denied, Open, Open, Denied]).await;
    }
    asker
        .browser
        .get(&consultants)
        .await
        .assert_contains("Mia Mitglied")
        .assert_contains("Tilo Target")
        .assert_contains("Moritz Moderator")
        .assert_lacks("/remove");

    // Bad input on the profile: every message, the input kept, nothing saved.
    let profile = format!("{CONSULTING}/profile");
    let bio = "Ich kenne mich mit der DSGVO aus.";
    let page = mia
        .browser
        .post_form(
            &profile,
            &profile_form(
                &[],
                &[
                    ("bio", bio),
                    ("languages", "Deutsch, Türkisch"),
                    ("availability", "away"),
                    ("max_open", "0"),
                ],
            ),
        )
        .await;
    page.assert_status(422)
        .assert_contains(TOPICS_MISSING)
        .assert_contains("Bitte gib an, bis wann du abwesend bist.")
        .assert_contains(RANGE)
        .assert_contains(bio)
        .assert_contains(r#"value="Deutsch, Türkisch""#)
        .assert_contains(r#"value="away" checked"#);
    let yesterday = iso(days_from_today(-1));
    let page = mia
        .browser
        .post_form(
            &profile,
            &profile_form(
                &[c.datenschutz.as_str()],
                &[
                    ("availability", "away"),
                    ("away_until", yesterday.as_str()),
                    ("max_open", "21"),
                ],
            ),
        )
        .await;
    page.assert_status(422)
        .assert_contains("Das Datum liegt in der Vergangenheit.")
        .assert_contains(RANGE)
        .assert_lacks(TOPICS_MISSING)
        .assert_contains(&format!(r#"value="{yesterday}""#))
        .assert_contains(r#"value="21""#);
    let before = consultant_data(cast, mia.id).await;
    assert_eq!(before["availability"], "available");
    assert_eq!(before["bio"], "");
    assert_eq!(before["max_open"], 3);

    // A valid profile: away until next week, shown in the directory.
    let next_week = iso(days_from_today(7));
    save_profile(
        &mia.browser,
        &profile_form(
            &[c.datenschutz.as_str()],
            &[
                ("bio", bio),
                ("languages", "Deutsch, Türkisch"),
                ("availability", "away"),
                ("away_until", next_week.as_str()),
                ("max_open", "2"),
            ],
        ),
    )
    .await;
    let after = consultant_data(cast, mia.id).await;
    assert_eq!(after["availability"], "away");
    assert_eq!(after["away_until"], next_week);
    assert_eq!(after["max_open"], 2);
    asker
        .browser
        .get(&consultants)
        .await
        .assert_contains(bio)
        .assert_contains("Deutsch, Türkisch")
        .assert_contains(&format!("abwesend</span> bis {next_week}"));

    // Busy: new questions on the topic are not routed to Mia, only to Tilo.
    save_profile(
        &mia.browser,
        &profile_form(
            &[c.datenschutz.as_str()],
            &[("availability", "busy"), ("max_open", "2")],
        ),
    )
    .await;
    asker
        .browser
        .get(&consultants)
        .await
        .assert_contains("ausgelastet");
    let first = c.ask(&[]).await;
    assert!(told(cast, mia.id, "questions", "").await.is_empty());
    assert_eq!(told(cast, tilo.id, "questions", "").await.len(), 1);

    // At their limit, consultants get no new questions and cannot take one.
    save_profile(
        &tilo.browser,
        &profile_form(&[c.datenschutz.as_str()], &[("max_open", "1")]),
    )
    .await;
    take(&tilo.browser, &first).await;
    let second = c
        .ask(&[("title", "Brauchen wir ein Verarbeitungsverzeichnis?")])
        .await;
    assert_eq!(told(cast, tilo.id, "questions", "").await.len(), 1);
    assert_eq!(
        told(cast, manager.id, "deadlines", "").await,
        ["Keine Beraterin und kein Berater frei für eine neue Frage (Datenschutz)"]
    );
    post_case(&tilo.browser, &second, "take", &[])
        .await
        .assert_contains("Du hast so viele offene Fälle");
    assert_eq!(case_data(cast, &second).await["status"], "waiting");

    // Topics: a name is taken once (whatever the case), renamed, retired and restored.
    let topics = format!("{CONSULTING}/topics");
    let page = manager
        .browser
        .post_form(&topics, &[("name", "datenschutz")])
        .await;
    page.assert_status(422)
        .assert_contains("Dieses Thema gibt es schon.")
        .assert_contains(r#"value="datenschutz""#);
    manager
        .browser
        .post_form(&topics, &[("name", " ")])
        .await
        .assert_status(422)
        .assert_contains("Bitte gib einen Namen an.");
    let page = manager
        .browser
        .post_form(&topics, &[("name", "Steuern")])
        .await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("Das Thema ist angelegt.");
    let taxes = topic_id(cast, "Steuern").await;
    manager
        .browser
        .post_form(&format!("{topics}/{taxes}"), &[("name", "Fundraising")])
        .await
        .assert_status(422)
        .assert_contains("Dieses Thema gibt es schon.")
        // The refused name stays in its own row, marked there.
        .assert_contains(&format!(
            r#"id="name-{taxes}" name="name" type="text" maxlength="60" value="Fundraising" aria-invalid="true""#
        ));
    let page = manager
        .browser
        .post_form(
            &format!("{topics}/{taxes}"),
            &[("name", "Steuern und Finanzen")],
        )
        .await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("Das Thema ist gespeichert.")
        .assert_contains("Steuern und Finanzen");
    assert_eq!(topic_id(cast, "Steuern und Finanzen").await, taxes);
    let ask = format!("{CONSULTING}/ask");
    asker
        .browser
        .get(&ask)
        .await
        .assert_contains(&format!(r#"value="{taxes}""#));
    mia.browser
        .post_form(&format!("{topics}/{taxes}/retire"), &[])
        .await
        .assert_status(403);
    manager
        .browser
        .post_form(&format!("{topics}/{taxes}/retire"), &[])
        .await
        .assert_redirect(&topics);
    manager
        .browser
        .get(&topics)
        .await
        .assert_contains("ruht")
        .assert_contains(&format!("{topics}/{taxes}/restore"));
    asker
        .browser
        .get(&ask)
        .await
        .assert_lacks(&format!(r#"value="{taxes}""#))
        .assert_lacks("Steuern und Finanzen");
    let page = asker
        .browser
        .post_form(
            &ask,
            &[
                ("topic", taxes.as_str()),
                ("title", "Spendenquittungen?"),
                ("description", "Wie stellen wir sie aus?"),
                ("urgency", "normal"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_contains(TOPIC_MISSING)
        .assert_contains("Spendenquittungen?")
        .assert_contains("Wie stellen wir sie aus?");
    assert_eq!(
        cast.app.plugin_records("consulting", "cases").await.len(),
        2,
        "no question on a retired topic"
    );
    manager
        .browser
        .post_form(&format!("{topics}/{taxes}/restore"), &[])
        .await
        .assert_redirect(&topics);
    asker
        .browser
        .get(&ask)
        .await
        .assert_contains(&format!(r#"value="{taxes}""#));

    // Appointing: a member must be chosen, not yet advising, with at least one topic.
    let page = manager
        .browser
        .post_form(
            &consultants,
            &[("person", ""), ("topics", c.datenschutz.as_str())],
        )
        .await;
    page.assert_status(422)
        .assert_contains("Bitte wähle ein Mitglied.");
    let tilo_id = tilo.id.to_string();
    manager
        .browser
        .post_form(
            &consultants,
            &[
                ("person", tilo_id.as_str()),
                ("topics", c.datenschutz.as_str()),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Dieses Mitglied berät schon.");
    let asker_id = asker.id.to_string();
    manager
        .browser
        .post_form(&consultants, &[("person", asker_id.as_str())])
        .await
        .assert_status(422)
        .assert_contains(TOPICS_MISSING)
        .assert_contains(&format!(r#"value="{asker_id}" selected"#));
    assert!(consultant_record(cast, asker.id).await.is_none());
    assert_eq!(
        cast.app
            .plugin_records("consulting", "consultants")
            .await
            .len(),
        3
    );

    // Removing a consultant: their open case waits again, and the asker is told.
    let no_longer = "Deine Beraterin oder dein Berater ist nicht mehr dabei (Datenschutz)";
    let tilos = consultant_record(cast, tilo.id)
        .await
        .expect("Tilo advises");
    manager
        .browser
        .get(&consultants)
        .await
        .assert_contains(&format!("{consultants}/{tilos}/remove"));
    mia.browser
        .post_form(&format!("{consultants}/{tilos}/remove"), &[])
        .await
        .assert_status(403);
    let page = manager
        .browser
        .post_form(&format!("{consultants}/{tilos}/remove"), &[])
        .await;
    follow(&manager.browser, &page)
        .await
        .assert_contains("Die Person berät nicht mehr.");
    assert!(consultant_record(cast, tilo.id).await.is_none());
    let data = case_data(cast, &first).await;
    assert_eq!(data["status"], "waiting");
    assert_eq!(data["lead"], "");
    assert_eq!(told(cast, asker.id, "cases", no_longer).await.len(), 1);
    tilo.browser
        .get(&case_path(&first))
        .await
        .assert_status(404);
    tilo.browser
        .get(&format!("{CONSULTING}/board"))
        .await
        .assert_status(403);
    asker
        .browser
        .get(&case_path(&first))
        .await
        .assert_contains("wartet darauf");

    // Leaving the community does the same (the host's `member-left` event).
    take(&mia.browser, &first).await;
    assert_eq!(case_data(cast, &first).await["lead"], mia.id.to_string());
    manager
        .browser
        .post_form(&format!("/c/ransbach/members/{}/remove", mia.id), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    eventually("releasing Mia's cases", async || {
        case_data(cast, &first).await["status"] == "waiting"
    })
    .await;
    assert!(consultant_record(cast, mia.id).await.is_none());
    assert_eq!(case_data(cast, &first).await["lead"], "");
    assert_eq!(told(cast, asker.id, "cases", no_longer).await.len(), 2);
    manager
        .browser
        .get(&consultants)
        .await
        .assert_lacks("Mia Mitglied")
        .assert_contains("Moritz Moderator");
    assert_eq!(
        cast.app
            .plugin_records("consulting", "consultants")
            .await
            .len(),
        1
    );
}

// ---------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_module_speaks_english() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let asker = &c.asker.browser;
    asker
        .post_form("/language", &[("lang", "en"), ("next", CONSULTING)])
        .await
        .assert_redirect(CONSULTING);

    asker
        .get(CONSULTING)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains("Experienced people of the network advise initiatives")
        .assert_contains("Knowledge base")
        .assert_contains("The knowledge base is empty so far.")
        .assert_lacks("Erfahrene Leute aus dem Netzwerk")
        .assert_lacks(KNOWLEDGE_EMPTY);

    let ask = format!("{CONSULTING}/ask");
    asker
        .get(&ask)
        .await
        .assert_lang("en")
        .assert_contains("Ask a question")
        .assert_contains("Send the question")
        .assert_lacks("Frage abschicken");
    let page = asker
        .post_form(
            &ask,
            &[
                ("topic", ""),
                ("title", ""),
                ("description", ""),
                ("urgency", "normal"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_lang("en")
        .assert_contains("Please choose a topic.")
        .assert_contains("Please give a title.")
        .assert_contains("Please describe your question.")
        .assert_lacks(TOPIC_MISSING);

    let case = c.ask(&[]).await;
    asker
        .get(&case_path(&case))
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains(QUESTION)
        .assert_contains(
            "Confidential: only the asker and their consultants read this conversation.",
        )
        .assert_contains("waiting to be taken")
        .assert_contains("Withdraw the question")
        .assert_contains("Nothing from this conversation is published.")
        .assert_lacks("Vertraulich")
        .assert_lacks("Frage zurückziehen");
    // A German member sees the same case in German; notifications speak the community's
    // language.
    cast.member
        .browser
        .get(&case_path(&case))
        .await
        .assert_lang("de")
        .assert_contains("Übernehmen");
    assert_eq!(
        told(cast, cast.member.id, "questions", "").await,
        ["Neue Frage zum Thema Datenschutz"]
    );
}
