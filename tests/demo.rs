//! The demo data (`quartier demo`): seeded before the server starts, it gives an account for
//! every role, and seeding again changes nothing; with the bundled modules, the village has
//! news, an official fire brigade and its urgent notice; the network of initiatives has a
//! closed consultation and its summary in the knowledge base.

use quartier::accounts::password::Hasher;
use quartier::db::Db;
use quartier::demo;

use quartier::config::Settings;

use crate::support::{TestApp, TestDatabase, plugin_cache_dir, plugin_files};

async fn demo_app() -> TestApp {
    let database = TestDatabase::create().await;
    let db = Db::connect_and_migrate(&database.url, 2)
        .await
        .expect("database");
    demo::seed(&db, Hasher::new(1024)).await.expect("seed");
    demo::seed(&db, Hasher::new(1024))
        .await
        .expect("seeding twice is harmless");
    db.pool().close().await;
    TestApp::spawn_on(database, |_| {}).await
}

/// The demo data with the bundled modules installed (twice: the second time changes
/// nothing), on a running server.
async fn demo_village_with_modules() -> TestApp {
    let database = TestDatabase::create().await;
    let db = Db::connect_and_migrate(&database.url, 2)
        .await
        .expect("database");
    demo::seed(&db, Hasher::new(1024)).await.expect("seed");
    let settings = Settings {
        plugin_cache_dir: plugin_cache_dir(),
        ..Default::default()
    };
    let dir = plugin_files()
        .newsboard
        .parent()
        .expect("the plugin build directory")
        .to_path_buf();
    let installed = demo::install_modules(&settings, &db, &dir)
        .await
        .expect("the bundled modules install");
    for module in [
        "newsboard ",
        "bookings ",
        "volunteer ",
        "lostfound ",
        "consulting ",
    ] {
        assert!(
            installed.iter().any(|m| m.starts_with(module)),
            "{installed:?}"
        );
    }
    demo::install_modules(&settings, &db, &dir)
        .await
        .expect("installing again is harmless");
    db.pool().close().await;
    TestApp::spawn_on(database, |_| {}).await
}

#[tokio::test]
async fn every_demo_account_logs_in_and_sees_what_its_role_allows() {
    let app = demo_app().await;
    let home = app.client().get("/").await;
    home.assert_status(200)
        .assert_contains("Ransbach-Baumbach")
        .assert_contains("Riverside Neighbours");
    assert!(
        home.title().is_some_and(|t| t.contains("Quartier Demo")),
        "{:?}",
        home.title()
    );
    // The invitation-only, members-only community is not listed.
    home.assert_lacks("Nachbarschaftsinitiative Nordstadt");

    for account in demo::ACCOUNTS {
        app.logged_in(account.email, demo::PASSWORD)
            .await
            .get("/account")
            .await
            .assert_status(200);
    }
    let operator = app.logged_in("operator@demo.example", demo::PASSWORD).await;
    operator
        .get("/admin")
        .await
        .assert_status(200)
        .assert_contains("Nachbarschaftsinitiative Nordstadt");
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get("/c/ransbach/members")
        .await
        .assert_status(200)
        .assert_contains("Jonas Neu")
        .assert_contains("Bahnhofstraße");
    manager.get("/c/ransbach/settings").await.assert_status(200);
    let moderator = app
        .logged_in("moderator@demo.example", demo::PASSWORD)
        .await;
    moderator
        .get("/c/ransbach/settings")
        .await
        .assert_status(403);
    let member = app.logged_in("member@demo.example", demo::PASSWORD).await;
    member
        .get("/c/tsv-ransbach/members")
        .await
        .assert_status(200);
    let neighbour = app
        .logged_in("neighbour@demo.example", demo::PASSWORD)
        .await;
    neighbour
        .get("/c/ransbach/members")
        .await
        .assert_status(403);
    neighbour
        .get("/c/nordstadt/settings")
        .await
        .assert_status(200);
    let newcomer = app.logged_in("newcomer@demo.example", demo::PASSWORD).await;
    newcomer.get("/c/ransbach/join").await.assert_status(200);
    // The English community speaks English to visitors.
    app.client().get("/c/riverside").await.assert_lang("en");
}

#[tokio::test]
async fn the_demo_village_has_news_an_urgent_notice_and_a_feed() {
    let app = demo_village_with_modules().await;
    let posts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'newsboard' AND collection = 'posts'",
    )
    .fetch_one(app.pool())
    .await
    .expect("count");
    assert_eq!(posts, 5, "the news is written once");

    // A visitor: the fire brigade's urgent notice on every page of the village, public posts
    // only, and the same in the feed.
    let visitor = app.client();
    for page in ["/c/ransbach", "/c/ransbach/news", "/c/ransbach/guestbook"] {
        visitor
            .get(page)
            .await
            .assert_status(200)
            .assert_contains("banner-urgent")
            .assert_contains("Hydrantenspülung");
    }
    visitor
        .get("/c/tsv-ransbach")
        .await
        .assert_lacks("Hydrantenspülung");
    visitor
        .get("/c/ransbach/news")
        .await
        .assert_contains("Flohmarkt im Pfarrgarten")
        .assert_contains("Freiwillige Feuerwehr Ransbach")
        .assert_contains("Offiziell")
        .assert_lacks("Wer hat eine Leiter")
        .assert_lacks("Sitzung des Stadtrats");
    let feed = visitor.get("/c/ransbach/news/feed.atom").await;
    feed.assert_status(200)
        .assert_contains("<title>Flohmarkt im Pfarrgarten am Samstag</title>")
        .assert_contains("<title>Hydrantenspülung: Wasser kann trüb sein</title>")
        .assert_lacks("Leiter")
        .assert_lacks("Sitzung des Stadtrats");
    assert!(feed.content_type().starts_with("application/atom+xml"));

    // A member reads the members-only post; the manager finds the categories they keep.
    let member = app.logged_in("member@demo.example", demo::PASSWORD).await;
    member
        .get("/c/ransbach/news")
        .await
        .assert_contains("Wer hat eine Leiter");
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get("/c/ransbach/news/manage")
        .await
        .assert_status(200)
        .assert_contains("Baustellen")
        .assert_contains("Freiwillige Feuerwehr Ransbach");
    // The scheduled council meeting waits in the managers' own list.
    manager
        .get("/c/ransbach/news")
        .await
        .assert_contains("Sitzung des Stadtrats")
        .assert_contains("Geplant");
}

/// The first Saturday at least `days` days from today in Berlin, as the demo counts.
fn saturday_after(days: i64) -> time::Date {
    let now = quartier::berlin::from_millis(quartier::db::now_ms()).expect("now");
    let mut day = now.date() + time::Duration::days(days);
    while day.weekday() != time::Weekday::Saturday {
        day = day.next_day().expect("a date");
    }
    day
}

/// The path of the first link on the page just before `text`.
fn link_before(page: &crate::support::Page, text: &str) -> String {
    let body = &page.body[..page.body.find(text).expect("the text is on the page")];
    let start = body.rfind("href=\"").expect("a link before the text") + 6;
    body[start..start + body[start..].find('"').expect("a closing quote")].to_owned()
}

#[tokio::test]
async fn a_resident_books_the_demo_hut_and_the_manager_approves_it() {
    let app = demo_village_with_modules().await;

    // A visitor finds the hut and sees the nursery's public summer party, nothing private.
    let visitor = app.client();
    let index = visitor.get("/c/ransbach/bookings").await;
    index.assert_status(200);
    let hut = link_before(&index, "Grillhütte am Waldrand");
    let party_week = saturday_after(10) + time::Duration::days(7);
    visitor
        .get(&format!("{hut}?week={party_week}"))
        .await
        .assert_status(200)
        .assert_contains("Sommerfest der Kita Regenbogen");
    visitor
        .get(&format!("{hut}?week={}", saturday_after(10)))
        .await
        .assert_contains("angefragt")
        .assert_lacks("Geburtstagsfeier")
        .assert_lacks("Mia");
    visitor
        .get(&format!("{hut}/month"))
        .await
        .assert_status(200)
        .assert_contains("frei");

    // A resident asks for a free weekend a month ahead.
    let weekend = saturday_after(28);
    let member = app.logged_in("member@demo.example", demo::PASSWORD).await;
    let requested = member
        .post_form(
            &format!("{hut}/request"),
            &[
                ("date", &weekend.to_string()),
                ("start", "12:00"),
                ("end", "22:00"),
                ("purpose", "Nachbarschaftsgrillen Lindenweg"),
                ("attendees", "30"),
                ("weeks", "1"),
            ],
        )
        .await;
    requested.assert_status(303);
    let booking = requested.location().expect("the booking's page").to_owned();

    // The manager approves it from the queue.
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get("/c/ransbach/bookings/queue")
        .await
        .assert_status(200)
        .assert_contains("Nachbarschaftsgrillen Lindenweg")
        .assert_contains("Geburtstagsfeier")
        .assert_contains("Zeltlager der Jugendfeuerwehr")
        // Approved in the demo already: the party and the choir's weekly series.
        .assert_lacks("Sommerfest")
        .assert_lacks("Chorprobe");
    manager
        .post_form(&format!("{booking}/approve"), &[])
        .await
        .assert_status(303);

    // The resident sees it confirmed in "my bookings" and takes it to their calendar app.
    member
        .get("/c/ransbach/bookings/mine")
        .await
        .assert_contains("Nachbarschaftsgrillen Lindenweg")
        .assert_contains("bestätigt");
    let ics = member.get(&format!("{booking}/event.ics")).await;
    ics.assert_status(200)
        .assert_contains("SUMMARY:Grillhütte am Waldrand: Nachbarschaftsgrillen Lindenweg")
        .assert_contains("DTSTART;TZID=Europe/Berlin:")
        .assert_contains("STATUS:CONFIRMED");
    assert!(ics.content_type().starts_with("text/calendar"));

    // Nobody can book the hut for that time again.
    let moderator = app
        .logged_in("moderator@demo.example", demo::PASSWORD)
        .await;
    moderator
        .post_form(
            &format!("{hut}/request"),
            &[
                ("date", &weekend.to_string()),
                ("start", "18:00"),
                ("end", "23:00"),
                ("purpose", "Doppelt"),
                ("attendees", "10"),
                ("weeks", "1"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Diese Zeit ist bereits belegt.");
}

/// The path in the first `action="…"` of the page after `text`.
fn form_after(page: &crate::support::Page, text: &str) -> String {
    let body = &page.body[page.body.find(text).expect("the text is on the page")..];
    let start = body.find("action=\"").expect("a form after the text") + 8;
    body[start..start + body[start..].find('"').expect("a closing quote")].to_owned()
}

#[tokio::test]
async fn the_sports_club_finds_helpers_for_its_festival_and_the_waiting_list_moves_up() {
    let app = demo_village_with_modules().await;

    // A visitor sees the festival call with its counts, never who signed up; the
    // members-only clean-up stays hidden.
    let visitor = app.client();
    let index = visitor.get("/c/ransbach/volunteer").await;
    index
        .assert_status(200)
        .assert_contains("Helfer:innen für das Sommerfest")
        .assert_lacks("Frühjahrsputz");
    let festival = link_before(&index, "Helfer:innen für das Sommerfest");
    visitor
        .get(&festival)
        .await
        .assert_status(200)
        .assert_contains("TSV Ransbach 1899 e. V.")
        .assert_contains("Kuchenstand 14–16 Uhr")
        .assert_contains("2 von 2 Plätzen belegt")
        .assert_contains("Es fehlen noch 1 von 2")
        .assert_lacks("Moritz")
        // (The fire brigade's urgent notice names the brigade, not its account.)
        .assert_lacks("Freiwillige Feuerwehr Ransbach")
        .assert_lacks("Mia")
        .assert_lacks("Akkuschrauber")
        .assert_lacks("Käsekuchen");
    visitor
        .get("/c/ransbach")
        .await
        .assert_contains("Helfer:innen für das Sommerfest")
        .assert_lacks("Moritz");

    // The full cake stand puts the next resident on the waiting list.
    let member = app.logged_in("member@demo.example", demo::PASSWORD).await;
    member
        .get("/c/ransbach/volunteer")
        .await
        .assert_contains("Frühjahrsputz");
    let page = member.get(&festival).await;
    let cake_stand = form_after(&page, "Kuchenstand 14–16 Uhr");
    assert!(cake_stand.ends_with("/signup"), "{cake_stand}");
    member.post_form(&cake_stand, &[]).await.assert_status(303);
    member
        .get(&festival)
        .await
        .assert_contains("Die Schicht ist voll")
        .assert_contains("Du stehst auf der Warteliste (Platz 1).");

    // The moderator cancels; the resident moves up the moment it happens.
    let moderator = app
        .logged_in("moderator@demo.example", demo::PASSWORD)
        .await;
    let mine = moderator.get("/c/ransbach/volunteer/mine").await;
    let cancel = form_after(&mine, "Kuchenstand 14–16 Uhr");
    assert!(cancel.ends_with("/cancel"), "{cancel}");
    moderator.post_form(&cancel, &[]).await.assert_status(303);
    member
        .get("/c/ransbach/volunteer/mine")
        .await
        .assert_contains("Kuchenstand 14–16 Uhr")
        .assert_contains("Du bist eingetragen.")
        .assert_lacks("Warteliste (Platz");
    let told: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE title LIKE '%nachgerückt%'")
            .fetch_one(app.pool())
            .await
            .expect("count");
    assert_eq!(told, 1, "the resident who moved up is told");

    // The organiser sees every name and note.
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get(&festival)
        .await
        .assert_contains("Mia Mitglied")
        .assert_contains("Akkuschrauber")
        .assert_contains("Käsekuchen");
}

/// The first link into a lost-and-found entry before `text` on a page.
fn entry_before(page: &crate::support::Page, text: &str) -> String {
    let link = link_before(page, text);
    let entry = link.split('#').next().unwrap_or_default();
    assert!(
        entry.starts_with("/c/ransbach/lostfound/entries/"),
        "{entry}"
    );
    entry.to_owned()
}

#[tokio::test]
async fn the_owner_of_the_demo_key_claims_it_through_the_platform() {
    let app = demo_village_with_modules().await;

    // The found key is public, with its photo; the secret is not shown.
    let visitor = app.client();
    let index = visitor.get("/c/ransbach/lostfound").await;
    index
        .assert_status(200)
        .assert_contains("Kater Felix wird vermisst")
        .assert_lacks("Oma");
    let found = entry_before(&index, "Schlüsselbund mit grünem Anhänger gefunden");
    let page = visitor.get(&found).await;
    page.assert_status(200)
        .assert_contains("Was steht auf dem Anhänger?")
        .assert_lacks("Oma");
    let (status, headers, photo) = visitor.get_bytes(&format!("{found}/photos/0")).await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert!(!crate::photos::has_exif(&photo));

    // The owner finds the hint on their own lost-key entry.
    let owner = app.logged_in("member@demo.example", demo::PASSWORD).await;
    let mine = owner.get("/c/ransbach/lostfound/mine").await;
    let lost = entry_before(&mine, "Hausschlüssel mit grünem Anhänger verloren");
    owner
        .get(&lost)
        .await
        .assert_status(200)
        .assert_contains(&found);

    // They claim it, answer the question, and the finder answers through the platform.
    let claimed = owner
        .post_form(
            &format!("{found}/claim"),
            &[
                ("answer", "Oma"),
                (
                    "message",
                    "Das ist mein Schlüssel! Wann kann ich ihn holen?",
                ),
            ],
        )
        .await;
    claimed.assert_status(303);
    let conversation = claimed.redirect_target();
    let finder = app
        .logged_in("feuerwehr@demo.example", demo::PASSWORD)
        .await;
    finder
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Das ist mein Schlüssel!")
        .assert_contains("Auf dem Anhänger steht „Oma“.");
    finder
        .post_form(
            &conversation,
            &[("body", "Heute ab 18 Uhr im Feuerwehrhaus.")],
        )
        .await
        .assert_status(303);
    owner
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Heute ab 18 Uhr im Feuerwehrhaus.")
        .assert_lacks("Auf dem Anhänger steht");
}

#[tokio::test]
async fn the_demo_villages_insulting_entry_is_hidden_deleted_and_its_author_blocked() {
    let app = demo_village_with_modules().await;
    const INSULT: &str = "Falschparker";
    // Three residents reported it: hidden at once from visitors and members.
    app.client()
        .get("/c/ransbach/lostfound")
        .await
        .assert_status(200)
        .assert_lacks(INSULT);
    let member = app.logged_in("member@demo.example", demo::PASSWORD).await;
    member
        .get("/c/ransbach/lostfound")
        .await
        .assert_lacks(INSULT);

    // The moderator finds it in the queue, without who reported it.
    let moderator = app
        .logged_in("moderator@demo.example", demo::PASSWORD)
        .await;
    let queue = moderator.get("/c/ransbach/moderation").await;
    queue
        .assert_status(200)
        .assert_contains(INSULT)
        .assert_contains("3 Meldungen")
        .assert_contains("einfach nur gemein")
        .assert_lacks("Mia Mitglied")
        .assert_lacks("Bäckerei Huber");
    let marker = "action=\"/c/ransbach/moderation/cases/";
    let start = queue.body.find(marker).expect("a case to decide") + marker.len();
    let case: i64 = queue.body[start..]
        .split('"')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("the case id");

    // Deleted, the author blocked for a week.
    moderator
        .post_form(
            &format!("/c/ransbach/moderation/cases/{case}"),
            &[("decision", "delete"), ("block", "7"), ("warning", "")],
        )
        .await
        .assert_redirect("/c/ransbach/moderation");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'lostfound' \
             AND collection = 'entries' AND CAST(data AS TEXT) LIKE '%Falschparker%'"
        )
        .await,
        0
    );
    let troll = app.logged_in("krawall@demo.example", demo::PASSWORD).await;
    troll
        .post_form("/c/ransbach/lostfound/new", &[("type", "lost")])
        .await
        .assert_status(403);

    // The three reporters are told it was handled.
    for email in [
        "member@demo.example",
        "feuerwehr@demo.example",
        "baecker@demo.example",
    ] {
        let id = app.account_id(email).await;
        let told = app.notifications("moderation", id, "outcomes").await;
        assert_eq!(told.len(), 1, "{email}");
        assert!(told[0].1.contains("gelöscht"), "{told:?}");
    }

    // The manager finds the whole case in the audit log.
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get("/c/ransbach/moderation/log")
        .await
        .assert_status(200)
        .assert_contains("Gemeldet")
        .assert_contains("Nach mehreren Meldungen automatisch ausgeblendet")
        .assert_contains("Inhalt gelöscht")
        .assert_contains("Verfassende Person gesperrt");
}

#[tokio::test]
async fn the_networks_cafe_asks_about_photos_and_the_answer_lands_in_the_knowledge_base() {
    let app = demo_village_with_modules().await;
    let consulting = "/c/stadtteilnetz/consulting";

    // The question reached both consultants for data protection.
    for email in ["datenschutz@demo.example", "scout@demo.example"] {
        let told = app
            .notifications("consulting", app.account_id(email).await, "questions")
            .await;
        assert_eq!(told.len(), 1, "{email}: {told:?}");
        assert!(told[0].0.contains("Datenschutz"), "{told:?}");
    }

    // The café sees its closed, helpful consultation with Lena and the whole thread.
    let cafe = app.logged_in("cafe@demo.example", demo::PASSWORD).await;
    let mine = cafe.get(&format!("{consulting}/mine")).await;
    mine.assert_status(200)
        .assert_contains("Dürfen wir Fotos von unseren Gästen zeigen?")
        .assert_contains("abgeschlossen");
    let case = app.plugin_records("consulting", "cases").await.remove(0);
    assert_eq!(case.1["status"], "closed");
    assert_eq!(case.1["rating"], "helpful");
    assert_eq!(case.1["lead_name"], "Lena Berger");
    let thread = format!("{consulting}/cases/{}", case.0);
    cafe.get(&thread)
        .await
        .assert_status(200)
        .assert_contains("Einwilligungszettel")
        .assert_contains("Lena Berger");
    let lena = app
        .logged_in("datenschutz@demo.example", demo::PASSWORD)
        .await;
    lena.get(&thread).await.assert_status(200);
    // The other consultant, the manager and other members do not read it.
    for email in [
        "scout@demo.example",
        "manager@demo.example",
        "member@demo.example",
    ] {
        app.logged_in(email, demo::PASSWORD)
            .await
            .get(&thread)
            .await
            .assert_status(404);
    }
    let manager = app.logged_in("manager@demo.example", demo::PASSWORD).await;
    manager
        .get(&format!("{consulting}/overview"))
        .await
        .assert_status(200)
        .assert_contains("1 von 1 hilfreich")
        .assert_lacks("Sonntagsfrühstück");

    // The next initiative with the same question finds the anonymised answer, also
    // without an account.
    let visitor = app.client();
    let found = visitor
        .get(&format!("{consulting}/knowledge?q=fotos"))
        .await;
    found
        .assert_status(200)
        .assert_contains("Fotos von Gästen bei Veranstaltungen");
    // The network's home page has it on the module's card.
    visitor
        .get("/c/stadtteilnetz")
        .await
        .assert_status(200)
        .assert_contains("Fotos von Gästen bei Veranstaltungen");
    let (article, _) = app.plugin_records("consulting", "articles").await.remove(0);
    visitor
        .get(&format!("{consulting}/knowledge/{article}"))
        .await
        .assert_status(200)
        .assert_contains("Einwilligung der Eltern")
        .assert_lacks("Kiezkaffee")
        .assert_lacks("Sonntagsfrühstück");
}
