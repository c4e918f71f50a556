//! The demo data (`quartier demo`): seeded before the server starts, it gives an account for
//! every role, and seeding again changes nothing; with the bundled modules, the village has
//! news, an official fire brigade and its urgent notice.

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
    assert!(
        installed.iter().any(|m| m.starts_with("newsboard ")),
        "{installed:?}"
    );
    demo::install_modules(&settings, &db, &dir)
        .await
        .expect("installing again is harmless");
    let posts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'newsboard' AND collection = 'posts'",
    )
    .fetch_one(db.pool())
    .await
    .expect("count");
    assert_eq!(posts, 5, "the news is written once");
    db.pool().close().await;
    let app = TestApp::spawn_on(database, |_| {}).await;

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
