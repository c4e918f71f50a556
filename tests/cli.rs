//! The command line: `migrate`, `operator create` and `community create` against a fresh
//! database, their exit codes and messages, and a server started on the result.

use std::process::{Command, Output};

use crate::support::{TestApp, TestDatabase, plugin_cache_dir};

const OPERATOR_PASSWORD: &str = "operator password 123";

/// Runs the built `quartier` binary with `--database-url` and `args`.
pub(crate) fn quartier(database_url: &str, args: &[&str]) -> Output {
    let workdir = std::env::temp_dir();
    Command::new(env!("CARGO_BIN_EXE_quartier"))
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .current_dir(workdir)
        .env_remove("QUARTIER_DATABASE_URL")
        .env_remove("QUARTIER_OPERATOR_PASSWORD")
        .env("QUARTIER_PASSWORD_HASH_MEMORY_KIB", "1024")
        .env("QUARTIER_LOG", "warn")
        .env("QUARTIER_PLUGIN_CACHE_DIR", plugin_cache_dir())
        .output()
        .expect("the quartier binary runs")
}

fn describe(output: &Output) -> String {
    format!(
        "exit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[track_caller]
pub(crate) fn assert_success(output: &Output) -> String {
    assert!(
        output.status.success(),
        "expected success: {}",
        describe(output)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[track_caller]
pub(crate) fn assert_failure(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "expected failure: {}",
        describe(output)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn migrate_operator_and_community_then_serve() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();

    let out = assert_success(&quartier(&url, &["migrate"]));
    assert!(out.contains("up to date"), "{out}");
    // Migrating twice is harmless.
    assert_success(&quartier(&url, &["migrate"]));

    let out = assert_success(&quartier(
        &url,
        &[
            "operator",
            "create",
            "--email",
            "Op@Example.org",
            "--name",
            "Olga",
            "--password",
            OPERATOR_PASSWORD,
        ],
    ));
    assert!(out.contains("op@example.org"), "{out}");
    assert!(
        !out.contains(OPERATOR_PASSWORD),
        "a given password is not printed: {out}"
    );

    let out = assert_success(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Unser Dorf",
            "--description",
            "Alles über **unser** Dorf.",
            "--join-policy",
            "open",
            "--manager",
            "op@example.org",
        ],
    ));
    assert!(out.contains("/c/dorf"), "{out}");

    // A server on the same database sees what the CLI made.
    let app = TestApp::spawn_on(database, |_| {}).await;
    let visitor = app.client();
    visitor
        .get("/c/dorf")
        .await
        .assert_status(200)
        .assert_contains("Unser Dorf")
        .assert_contains("<strong>unser</strong>");
    visitor.get("/").await.assert_contains("Unser Dorf");
    let operator = app.logged_in("op@example.org", OPERATOR_PASSWORD).await;
    operator.get("/admin").await.assert_status(200);
    operator.get("/c/dorf/settings").await.assert_status(200);
    assert_eq!(
        app.role_of("dorf", "op@example.org").await,
        Some(quartier::communities::roles::Role::Manager)
    );
}

#[tokio::test]
async fn operator_create_promotes_an_existing_account() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser.get("/admin").await.assert_status(403);
    // The server keeps running on the same database while the CLI changes it.
    let url = app.database_url().to_owned();
    let out = assert_success(&quartier(
        &url,
        &["operator", "create", "--email", "anna@example.org"],
    ));
    assert!(out.contains("anna@example.org"), "{out}");
    assert!(
        !out.contains("Password:"),
        "no password generated for an existing account: {out}"
    );
    anna.browser.get("/admin").await.assert_status(200);
}

#[tokio::test]
async fn operator_create_generates_a_password_when_none_is_given() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let out = assert_success(&quartier(
        &url,
        &["operator", "create", "--email", "op@example.org"],
    ));
    let password = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("Password: "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("a generated password is printed: {out}"))
        .to_owned();
    assert!(password.len() >= 10, "{password}");
    let app = TestApp::spawn_on(database, |_| {}).await;
    app.logged_in("op@example.org", &password)
        .await
        .get("/admin")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn a_bad_slug_fails_with_a_clear_message() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    for slug in ["Bad_Slug", "ab", "-dorf"] {
        let err = assert_failure(&quartier(
            &url,
            &["community", "create", "--slug", slug, "--name", "Dorf"],
        ));
        assert!(err.contains("slug"), "the message names the problem: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let app = TestApp::spawn_on(database, |_| {}).await;
    let listed = quartier::communities::list_all(app.pool(), "")
        .await
        .expect("query");
    assert!(listed.is_empty(), "nothing was created");
}

#[tokio::test]
async fn community_create_reports_other_mistakes() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let err = assert_failure(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Dorf",
            "--manager",
            "nobody@example.org",
        ],
    ));
    assert!(err.contains("nobody@example.org"), "{err}");
    let err = assert_failure(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Dorf",
            "--language",
            "fr",
        ],
    ));
    assert!(err.contains("language"), "{err}");
    let err = assert_failure(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Dorf",
            "--join-policy",
            "anyone",
        ],
    ));
    assert!(err.contains("join policy"), "{err}");
    let err = assert_failure(&quartier(
        &url,
        &["community", "create", "--slug", "dorf", "--name", "  "],
    ));
    assert!(err.contains("name"), "{err}");

    assert_success(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Dorf",
            "--private",
        ],
    ));
    let err = assert_failure(&quartier(
        &url,
        &["community", "create", "--slug", "dorf", "--name", "Dorf 2"],
    ));
    assert!(err.contains("taken"), "{err}");

    let app = TestApp::spawn_on(database, |_| {}).await;
    let listed = quartier::communities::list_all(app.pool(), "")
        .await
        .expect("query");
    assert_eq!(listed.len(), 1);
    assert!(
        !listed[0].community.public_area,
        "--private turns the public area off"
    );
}

#[tokio::test]
async fn operator_create_rejects_bad_input() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let err = assert_failure(&quartier(
        &url,
        &["operator", "create", "--email", "not-an-email"],
    ));
    assert!(err.contains("not-an-email"), "{err}");
    let err = assert_failure(&quartier(
        &url,
        &[
            "operator",
            "create",
            "--email",
            "op@example.org",
            "--password",
            "short",
        ],
    ));
    assert!(err.contains("10"), "{err}");
}

#[tokio::test]
async fn an_unsupported_database_url_is_refused() {
    let out = quartier("mysql://localhost/quartier", &["migrate"]);
    let err = assert_failure(&out);
    assert!(
        err.contains("sqlite://") && err.contains("postgres://"),
        "{err}"
    );
}
