//! Peer consulting ("Kollegiale Beratung", `plugins/consulting`, mounted at `consulting`)
//! from the outside: a member asks, the question reaches the available consultants of its
//! topic, one takes it, and the two talk in a confidential thread. The file proves:
//!
//! - a question goes to the consultants of its topic only, and concurrent "take" clicks give
//!   it to exactly one of them;
//! - the thread is read by the asker and the case's consultants only: other consultants,
//!   members, moderators, managers, operators and people of other communities get 404, also
//!   by guessed ids, and the managers' overview shows topic and counts, never contents;
//! - a second consultant joins only with the asker's consent; closing needs an outcome and
//!   the asker rates it;
//! - messages are reportable by the people in the thread only, the moderators then see that
//!   message and nothing else, and members under pre-moderation are never held when they
//!   write in a private thread;
//! - bad input is refused with 422, the message and the input kept.
//!
//! `consulting_knowledge.rs` covers the knowledge base, deadlines, profiles and topics.

use quartier::communities::roles::Role as StoredRole;

use crate::support::Expect::{Hidden, HiddenOrLogin, Open};
use crate::support::{
    Browser, Cast, Page, Person, all_at_once, check_roles, neighbours, owned_fields, plugin_files,
    statuses,
};

pub(crate) const CONSULTING: &str = "/c/ransbach/consulting";

/// The standard cast with the consulting module on in "ransbach".
pub(crate) async fn consulting_cast() -> Cast {
    consulting_cast_with(|_| {}).await
}

/// [`consulting_cast`] on a server with settings adjusted by `configure`.
pub(crate) async fn consulting_cast_with(
    configure: impl FnOnce(&mut quartier::config::Settings),
) -> Cast {
    Cast::with_modules(&[&plugin_files().consulting], &["consulting"], configure).await
}

/// The cast of a consultation: the standard cast, the suggested topics, Mia (`member`) and
/// Tilo (`target`) as consultants for data protection, the moderator as consultant for
/// fundraising only, and a neighbour who asks.
pub(crate) struct Consultation {
    pub cast: Cast,
    pub asker: Person,
    pub datenschutz: String,
    pub fundraising: String,
}

impl Consultation {
    pub(crate) async fn new() -> Consultation {
        Consultation::on(consulting_cast().await).await
    }

    pub(crate) async fn on(cast: Cast) -> Consultation {
        cast.manager
            .browser
            .post_form(&format!("{CONSULTING}/topics"), &[("suggested", "yes")])
            .await
            .assert_status(303);
        let datenschutz = topic_id(&cast, "Datenschutz").await;
        let fundraising = topic_id(&cast, "Fundraising").await;
        appoint(&cast, &cast.member, &[&datenschutz]).await;
        appoint(&cast, &cast.target, &[&datenschutz]).await;
        appoint(&cast, &cast.moderator, &[&fundraising]).await;
        let asker = neighbours(&cast, 1).await.remove(0);
        Consultation {
            cast,
            asker,
            datenschutz,
            fundraising,
        }
    }

    /// The asker asks about data protection; returns the case's id.
    pub(crate) async fn ask(&self, fields: &[(&str, &str)]) -> String {
        ask_as(&self.asker.browser, &self.datenschutz, fields).await
    }
}

/// The id of the topic with this name.
pub(crate) async fn topic_id(cast: &Cast, name: &str) -> String {
    cast.app
        .plugin_records("consulting", "topics")
        .await
        .into_iter()
        .find(|(_, data)| data["name"] == name)
        .unwrap_or_else(|| panic!("no topic {name}"))
        .0
        .to_string()
}

/// The manager appoints `who` as consultant for these topics.
pub(crate) async fn appoint(cast: &Cast, who: &Person, topics: &[&str]) {
    let id = who.id.to_string();
    let mut form = vec![("person", id.as_str())];
    form.extend(topics.iter().map(|t| ("topics", *t)));
    cast.manager
        .browser
        .post_form(&format!("{CONSULTING}/consultants"), &form)
        .await
        .assert_redirect(&format!("{CONSULTING}/consultants"));
}

/// Asks a question on `topic` (the photo question, normal urgency, no consent to share,
/// with `fields` over these defaults); returns the case's id.
pub(crate) async fn ask_as(browser: &Browser, topic: &str, fields: &[(&str, &str)]) -> String {
    let mut form: Vec<(&str, &str)> = vec![
        ("topic", topic),
        ("title", "Dürfen wir Fotos von Gästen zeigen?"),
        (
            "description",
            "Beim Sonntagsfrühstück entstehen Fotos, auch von Kindern.",
        ),
        ("on_behalf", "Nachbarschaftscafé"),
        ("urgency", "normal"),
    ];
    form.retain(|(k, _)| !fields.iter().any(|(f, _)| f == k));
    form.extend(fields);
    let page = browser.post_form(&format!("{CONSULTING}/ask"), &form).await;
    page.assert_status(303);
    case_in(page.location().expect("a redirect to the case"))
}

/// The case id in a location like `/c/ransbach/consulting/cases/7#m-9`.
pub(crate) fn case_in(location: &str) -> String {
    let rest = location
        .split("/cases/")
        .nth(1)
        .unwrap_or_else(|| panic!("not a case: {location}"));
    rest.split(['#', '/', '?']).next().unwrap().to_owned()
}

pub(crate) fn case_path(case: &str) -> String {
    format!("{CONSULTING}/cases/{case}")
}

/// A POST to a path below the case, answered with a redirect; returns the flash page.
pub(crate) async fn post_case(
    browser: &Browser,
    case: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = browser
        .post_form(&format!("{}/{action}", case_path(case)), fields)
        .await;
    assert_eq!(page.status, 303, "POST {action}: {}", page.body);
    browser.get(page.location().unwrap()).await
}

/// The data of the case record.
pub(crate) async fn case_data(cast: &Cast, case: &str) -> serde_json::Value {
    cast.app
        .plugin_records("consulting", "cases")
        .await
        .into_iter()
        .find(|(id, _)| id.to_string() == case)
        .expect("the case")
        .1
}

/// The lead consultant takes the case.
pub(crate) async fn take(browser: &Browser, case: &str) {
    post_case(browser, case, "take", &[])
        .await
        .assert_contains("Du hast die Frage übernommen");
}

const QUESTION: &str = "Dürfen wir Fotos von Gästen zeigen?";
const DESCRIPTION: &str = "Beim Sonntagsfrühstück entstehen Fotos";
const SECRET: &str = "Unser Kassenwart heißt Bernd";

#[tokio::test]
async fn a_question_reaches_the_consultants_of_its_topic_and_is_taken_exactly_once() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let case = c.ask(&[]).await;
    let path = case_path(&case);

    // The two data-protection consultants are told, the fundraising one is not.
    for person in [&cast.member, &cast.target] {
        let told = cast
            .app
            .notifications("consulting", person.id, "questions")
            .await;
        assert_eq!(told.len(), 1, "{}: {told:?}", person.name);
        assert!(told[0].0.contains("Datenschutz"), "{told:?}");
        // Notifications may be mailed: no contents of the question.
        assert!(!told[0].0.contains(QUESTION) && !told[0].1.contains(QUESTION));
    }
    assert!(
        cast.app
            .notifications("consulting", cast.moderator.id, "questions")
            .await
            .is_empty()
    );

    // While it waits: the asker and the topic's consultants see the question; the
    // fundraising consultant, the manager, the operator and the outsider do not.
    c.asker
        .browser
        .get(&path)
        .await
        .assert_status(200)
        .assert_contains(QUESTION)
        .assert_contains("wartet darauf");
    cast.member
        .browser
        .get(&path)
        .await
        .assert_status(200)
        .assert_contains(DESCRIPTION)
        .assert_contains("Übernehmen");
    check_roles(
        cast,
        &path,
        [HiddenOrLogin, Open, Hidden, Hidden, Hidden, Hidden],
    )
    .await;
    // The member of the cast is a consultant of the topic; a member who is not, gets 404.
    let other_member = cast.app.register("andere@example.org", "Anna Andere").await;
    cast.app
        .add_member("ransbach", &other_member.email, StoredRole::Member)
        .await;
    other_member.browser.get(&path).await.assert_status(404);

    // The card on the community home tells the consultants, and only them.
    cast.member
        .browser
        .get("/c/ransbach")
        .await
        .assert_contains("1 Frage wartet in deinen Themen");
    cast.moderator
        .browser
        .get("/c/ransbach")
        .await
        .assert_contains("Kollegiale Beratung")
        .assert_lacks("wartet in deinen Themen");

    // Both consultants click "take" at the same moment: exactly one gets it.
    let posts = [&cast.member, &cast.target]
        .into_iter()
        .map(|p| (p.browser.clone(), format!("{path}/take"), owned_fields(&[])))
        .collect();
    let pages = all_at_once(posts).await;
    assert_eq!(statuses(&pages), [303, 303]);
    let data = case_data(cast, &case).await;
    assert_eq!(data["status"], "open");
    let lead_id = data["lead"].as_str().and_then(|id| id.parse::<i64>().ok());
    let (lead, other) = if lead_id == Some(cast.member.id) {
        (&cast.member, &cast.target)
    } else {
        assert_eq!(data["lead"], cast.target.id.to_string());
        (&cast.target, &cast.member)
    };
    assert_eq!(data["second"], "");
    let told = cast
        .app
        .notifications("consulting", c.asker.id, "cases")
        .await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].0.contains(&lead.name), "{told:?}");
    // The other one learns it was taken, and from now on sees nothing of it.
    let flash_page = other.browser.get("/c/ransbach/consulting/board").await;
    flash_page.assert_contains("Jemand anderes hat die Frage gerade übernommen");
    other.browser.get(&path).await.assert_status(404);
    post_case(&other.browser, &case, "take", &[]).await;
    assert_eq!(case_data(cast, &case).await["lead"], lead.id.to_string());

    // A guessed id is not found for anyone, the asker included.
    for browser in [&c.asker.browser, &lead.browser, &cast.manager.browser] {
        browser
            .get(&format!("{CONSULTING}/cases/99999"))
            .await
            .assert_status(404);
    }
}

#[tokio::test]
async fn the_thread_is_read_by_the_asker_and_the_case_consultants_only() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let case = c.ask(&[]).await;
    let path = case_path(&case);
    take(&cast.member.browser, &case).await;

    // Bad input: an empty message and one too long come back with a message, the text kept.
    let page = c
        .asker
        .browser
        .post_form(&format!("{path}/messages"), &[("text", "   ")])
        .await;
    page.assert_status(422)
        .assert_contains("Bitte schreib einen Text.");
    let long = "x".repeat(5_001);
    let page = c
        .asker
        .browser
        .post_form(&format!("{path}/messages"), &[("text", long.as_str())])
        .await;
    page.assert_status(422).assert_contains(&long);

    post_case(&c.asker.browser, &case, "messages", &[("text", SECRET)])
        .await
        .assert_contains(SECRET);
    post_case(
        &cast.member.browser,
        &case,
        "messages",
        &[("text", "Danke, dann schauen wir uns das an.")],
    )
    .await
    .assert_contains(SECRET);
    let told = cast
        .app
        .notifications("consulting", cast.member.id, "messages")
        .await;
    assert_eq!(told.len(), 1);
    assert!(!told[0].0.contains(SECRET) && !told[0].1.contains(SECRET));
    assert_eq!(
        cast.app
            .notifications("consulting", c.asker.id, "messages")
            .await
            .len(),
        1
    );

    // Nobody else reads it: not the other data-protection consultant, nor the moderator,
    // the manager, the operator or the outsider.
    check_roles(
        cast,
        &path,
        [HiddenOrLogin, Open, Hidden, Hidden, Hidden, Hidden],
    )
    .await;
    cast.target.browser.get(&path).await.assert_status(404);
    for browser in [
        &cast.target.browser,
        &cast.moderator.browser,
        &cast.manager.browser,
        &cast.operator.browser,
        &cast.outsider.browser,
    ] {
        let page = browser
            .post_form(&format!("{path}/messages"), &[("text", "Ich lese mit")])
            .await;
        page.assert_status(404);
    }
    // No page of the module shows the contents to others; the manager's overview has the
    // topic and the counts.
    for (browser, page) in [
        (&cast.manager.browser, "/overview"),
        (&cast.manager.browser, ""),
        (&cast.manager.browser, "/knowledge"),
        (&cast.target.browser, "/board"),
        (&cast.moderator.browser, "/board"),
        (&cast.target.browser, "/mine"),
    ] {
        let page = browser.get(&format!("{CONSULTING}{page}")).await;
        page.assert_status(200)
            .assert_lacks(SECRET)
            .assert_lacks(QUESTION)
            .assert_lacks(DESCRIPTION);
    }
    cast.manager
        .browser
        .get(&format!("{CONSULTING}/overview"))
        .await
        .assert_contains("Datenschutz")
        .assert_contains("Mia Mitglied");
    // The asker's and the consultant's lists have it.
    c.asker
        .browser
        .get(&format!("{CONSULTING}/mine"))
        .await
        .assert_contains(QUESTION)
        // The consultant had the last word, so no answer is due.
        .assert_contains("in Beratung")
        .assert_lacks("Antwort erwartet bis");
    cast.member
        .browser
        .get(&format!("{CONSULTING}/board"))
        .await
        .assert_contains(QUESTION);

    // A message's own address: its people go to the thread, moderators learn why they see
    // nothing, everyone else gets 404.
    let (message, _) = cast
        .app
        .plugin_records("consulting", "messages")
        .await
        .remove(0);
    let address = format!("{CONSULTING}/messages/{message}");
    let page = c.asker.browser.get(&address).await;
    assert_eq!(page.status, 303);
    assert!(page.location().unwrap().ends_with(&format!("#m-{message}")));
    cast.moderator
        .browser
        .get(&address)
        .await
        .assert_status(200)
        .assert_contains("Vertrauliche Beratung")
        .assert_lacks(SECRET);
    cast.target.browser.get(&address).await.assert_status(404);
    cast.outsider.browser.get(&address).await.assert_status(404);

    // The asker can withdraw only while it waits.
    let page = c
        .asker
        .browser
        .post_form(&format!("{path}/withdraw"), &[])
        .await;
    c.asker
        .browser
        .get(page.location().unwrap())
        .await
        .assert_contains("wartet nicht mehr");
    assert_eq!(case_data(cast, &case).await["status"], "open");
}

#[tokio::test]
async fn a_second_consultant_joins_only_with_the_askers_consent_and_closing_asks_for_a_rating() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let case = c.ask(&[]).await;
    let path = case_path(&case);
    take(&cast.member.browser, &case).await;
    post_case(&c.asker.browser, &case, "messages", &[("text", SECRET)]).await;
    let tilo = cast.target.id.to_string();

    // Only the lead invites; the asker is asked, and until they agree Tilo reads nothing.
    c.asker
        .browser
        .post_form(&format!("{path}/invite"), &[("consultant", tilo.as_str())])
        .await
        .assert_status(403);
    post_case(
        &cast.member.browser,
        &case,
        "invite",
        &[("consultant", tilo.as_str())],
    )
    .await
    .assert_contains("ob sie einverstanden ist");
    cast.target.browser.get(&path).await.assert_status(404);
    c.asker
        .browser
        .get(&path)
        .await
        .assert_contains("möchte Tilo Target zu diesem Gespräch hinzuziehen");
    // Only the asker answers.
    cast.member
        .browser
        .post_form(&format!("{path}/consent"), &[("answer", "yes")])
        .await
        .assert_status(403);
    post_case(&c.asker.browser, &case, "consent", &[("answer", "no")])
        .await
        .assert_contains("es bleibt bei eurer Beratung");
    cast.target.browser.get(&path).await.assert_status(404);
    assert_eq!(case_data(cast, &case).await["second"], "");

    post_case(
        &cast.member.browser,
        &case,
        "invite",
        &[("consultant", tilo.as_str())],
    )
    .await;
    post_case(&c.asker.browser, &case, "consent", &[("answer", "yes")])
        .await
        .assert_contains("die zweite Beratung ist jetzt dabei");
    cast.target
        .browser
        .get(&path)
        .await
        .assert_status(200)
        .assert_contains(SECRET);
    post_case(
        &cast.target.browser,
        &case,
        "messages",
        &[("text", "Ich ergänze etwas zum Recht am eigenen Bild.")],
    )
    .await;
    assert_eq!(
        cast.app
            .notifications("consulting", cast.target.id, "cases")
            .await
            .len(),
        2,
        "appointed, then brought in"
    );

    // Closing: only a consultant, only with an outcome (kept when missing).
    c.asker
        .browser
        .post_form(&format!("{path}/close"), &[("outcome", "Erledigt")])
        .await
        .assert_status(403);
    let page = cast
        .member
        .browser
        .post_form(&format!("{path}/close"), &[("outcome", "")])
        .await;
    page.assert_status(422)
        .assert_contains("Bitte beschreibe kurz das Ergebnis.")
        .assert_contains(SECRET);
    post_case(
        &cast.member.browser,
        &case,
        "close",
        &[("outcome", "Einwilligungszettel für Porträts.")],
    )
    .await
    .assert_contains("Die Beratung ist abgeschlossen.");
    // Nothing more is written into a closed thread.
    let page = c
        .asker
        .browser
        .post_form(&format!("{path}/messages"), &[("text", "Noch was")])
        .await;
    c.asker
        .browser
        .get(page.location().unwrap())
        .await
        .assert_contains("Diese Beratung ist nicht offen.");

    // The asker rates it; nobody else can.
    let page = c.asker.browser.get(&path).await;
    page.assert_contains("War die Beratung hilfreich?")
        .assert_contains("Einwilligungszettel für Porträts.");
    cast.member
        .browser
        .post_form(&format!("{path}/rate"), &[("rating", "helpful")])
        .await
        .assert_status(403);
    post_case(&c.asker.browser, &case, "rate", &[("rating", "bogus")])
        .await
        .assert_contains("Bitte wähle „hilfreich“ oder „nicht hilfreich“.");
    post_case(&c.asker.browser, &case, "rate", &[("rating", "helpful")])
        .await
        .assert_contains("Danke für deine Rückmeldung.");
    assert_eq!(case_data(cast, &case).await["rating"], "helpful");
    cast.manager
        .browser
        .get(&format!("{CONSULTING}/overview"))
        .await
        .assert_contains("1 von 1 hilfreich")
        .assert_lacks(SECRET);
}

#[tokio::test]
async fn messages_are_reported_by_their_readers_only_and_never_held_for_approval() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    // New members' posts wait for approval in this community.
    cast.app
        .execute("UPDATE communities SET premoderate_posts = 5 WHERE slug = 'ransbach'")
        .await;
    let case = c.ask(&[]).await;
    take(&cast.member.browser, &case).await;
    post_case(&c.asker.browser, &case, "messages", &[("text", SECRET)]).await;
    post_case(
        &cast.member.browser,
        &case,
        "messages",
        &[("text", "Ein unverschämter Satz, der gemeldet wird.")],
    )
    .await;
    // Nothing was held: the other side reads both, no case waits for approval.
    c.asker
        .browser
        .get(&case_path(&case))
        .await
        .assert_contains("Ein unverschämter Satz");
    cast.member
        .browser
        .get(&case_path(&case))
        .await
        .assert_contains(SECRET);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM moderation_cases WHERE kind = 'held'")
            .await,
        0
    );

    let messages = cast.app.plugin_records("consulting", "messages").await;
    let rude = messages
        .iter()
        .find(|(_, m)| m["text"].as_str().unwrap().contains("unverschämt"))
        .unwrap()
        .0;
    let report = format!("/c/ransbach/moderation/report/consulting/messages/{rude}");
    // Only the people in the thread may report it; everyone else finds no such item.
    for browser in [
        &cast.target.browser,
        &cast.moderator.browser,
        &cast.manager.browser,
        &cast.operator.browser,
    ] {
        browser.get(&report).await.assert_status(404);
        browser
            .post_form(&report, &[("reason", "insult"), ("note", "")])
            .await
            .assert_status(404);
    }
    // The asker's thread offers the report link for the consultant's message only.
    c.asker
        .browser
        .get(&case_path(&case))
        .await
        .assert_contains(&format!("/moderation/report/consulting/messages/{rude}"));
    c.asker.browser.get(&report).await.assert_status(200);
    let page = c
        .asker
        .browser
        .post_form(
            &report,
            &[("reason", "insult"), ("note", "Das war beleidigend.")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    // The moderators see the reported message in their queue, and nothing else of the case.
    let queue = cast.moderator.browser.get("/c/ransbach/moderation").await;
    queue
        .assert_status(200)
        .assert_contains("Ein unverschämter Satz")
        .assert_contains("Nachricht in einer Beratung zu Datenschutz")
        .assert_lacks(SECRET)
        .assert_lacks(QUESTION);
}

/// The module's message ids with a hyphen (those without, like "urgent", are ordinary words
/// in English), which must never reach a page as they are.
fn module_message_ids() -> Vec<String> {
    include_str!("../plugins/consulting/locales/de.ftl")
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(id, _)| id.trim()))
        .filter(|id| id.contains('-') && !id.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_page_of_the_module_is_translated_in_german_and_english() {
    let c = Consultation::new().await;
    let cast = &c.cast;
    let case = c.ask(&[("share", "on")]).await;
    take(&cast.member.browser, &case).await;
    post_case(&c.asker.browser, &case, "messages", &[("text", SECRET)]).await;
    post_case(
        &cast.member.browser,
        &case,
        "invite",
        &[("consultant", &cast.target.id.to_string())],
    )
    .await;
    post_case(&c.asker.browser, &case, "consent", &[("answer", "yes")]).await;
    post_case(
        &cast.member.browser,
        &case,
        "close",
        &[("outcome", "Erledigt")],
    )
    .await;
    let summary = [
        ("topic", c.datenschutz.as_str()),
        ("title", "Fotos"),
        ("text", "Einwilligung einholen."),
        ("anonymised", "on"),
    ];
    post_case(&cast.member.browser, &case, "summary", &summary).await;
    let (review, _) = cast
        .app
        .plugin_records("consulting", "summaries")
        .await
        .remove(0);
    let waiting = c.ask(&[("urgency", "urgent")]).await;
    let (message, _) = cast
        .app
        .plugin_records("consulting", "messages")
        .await
        .remove(0);

    let ids = module_message_ids();
    let pages: Vec<(&Browser, String)> = vec![
        (&cast.visitor, String::new()),
        (&cast.visitor, "/knowledge".into()),
        (&c.asker.browser, String::new()),
        (&c.asker.browser, "/ask".into()),
        (&c.asker.browser, "/mine".into()),
        (&c.asker.browser, format!("/cases/{case}")),
        (&c.asker.browser, format!("/cases/{waiting}")),
        (&c.asker.browser, "/consultants".into()),
        (&cast.member.browser, "/board".into()),
        (&cast.member.browser, "/profile".into()),
        (&cast.member.browser, format!("/cases/{case}")),
        (&cast.member.browser, format!("/cases/{case}/summary")),
        (&cast.target.browser, format!("/cases/{waiting}")),
        (&cast.moderator.browser, format!("/messages/{message}")),
        (&cast.manager.browser, "/overview".into()),
        (&cast.manager.browser, "/topics".into()),
        (&cast.manager.browser, "/consultants".into()),
        (&cast.manager.browser, "/reviews".into()),
        (&cast.manager.browser, format!("/reviews/{review}")),
        (&cast.manager.browser, "/knowledge".into()),
        (&cast.manager.browser, "/knowledge/new".into()),
    ];
    let mut problems = vec![];
    for lang in ["de", "en"] {
        for browser in [
            &cast.visitor,
            &c.asker.browser,
            &cast.member.browser,
            &cast.target.browser,
            &cast.moderator.browser,
            &cast.manager.browser,
        ] {
            browser
                .post_form("/language", &[("lang", lang), ("next", CONSULTING)])
                .await
                .assert_status(303);
        }
        let mut checked: Vec<Page> = vec![];
        for (browser, path) in &pages {
            let page = browser.get(&format!("{CONSULTING}{path}")).await;
            assert_eq!(page.status, 200, "{lang} {path}: {}", page.body);
            checked.push(page);
        }
        // Forms with errors and a page with a flash message.
        checked.push(
            c.asker
                .browser
                .post_form(&format!("{CONSULTING}/ask"), &[("title", "")])
                .await,
        );
        checked.push(
            cast.member
                .browser
                .post_form(
                    &format!("{CONSULTING}/profile"),
                    &[("availability", "away"), ("max_open", "0")],
                )
                .await,
        );
        checked.push(post_case(&c.asker.browser, &case, "rate", &[("rating", "helpful")]).await);
        for page in &checked {
            page.assert_lang(lang);
            let raw: Vec<String> = crate::translations::visible_words(page)
                .into_iter()
                .filter(|w| ids.contains(w))
                .collect();
            if !raw.is_empty() {
                problems.push(format!("{lang} {}: {raw:?}", page.path));
            }
        }
    }
    assert!(problems.is_empty(), "raw message ids: {problems:#?}");
}
