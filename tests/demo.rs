//! The demo data (`quartier demo`): seeded before the server starts, it gives an account for
//! every role, and seeding again changes nothing.

use quartier::accounts::password::Hasher;
use quartier::db::Db;
use quartier::demo;

use crate::support::{TestApp, TestDatabase};

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
