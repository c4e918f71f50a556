//! Request checks before any handler: the CSRF token of every POST and the body size limit.

use crate::support::{PASSWORD, TestApp};

#[tokio::test]
async fn the_first_visit_sets_a_csrf_cookie_and_forms_carry_it() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let page = browser.get("/login").await;
    page.assert_status(200);
    let cookie = page
        .cookie_set("quartier_csrf")
        .expect("csrf cookie on the first visit");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let token = browser.cookie("quartier_csrf").expect("token kept");
    assert_eq!(token.len(), 64);
    page.assert_contains("name=\"csrf_token\"")
        .assert_contains(&token);
    // Not set again once the browser has it.
    let again = browser.get("/login").await;
    assert!(
        again.cookie_set("quartier_csrf").is_none(),
        "cookie set only once"
    );
}

#[tokio::test]
async fn a_post_without_a_token_is_forbidden() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    browser.csrf_token().await;
    let page = browser
        .post_raw(
            "/login",
            format!(
                "email=anna%40example.org&password={}",
                PASSWORD.replace(' ', "+")
            ),
        )
        .await;
    page.assert_status(403).assert_html();
    assert!(browser.cookie("quartier_session").is_none());
}

#[tokio::test]
async fn a_post_with_a_wrong_token_is_forbidden() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    browser.csrf_token().await;
    let wrong = "a".repeat(64);
    let body = format!(
        "csrf_token={wrong}&email=anna%40example.org&password={}",
        PASSWORD.replace(' ', "+")
    );
    browser
        .post_raw("/login", body)
        .await
        .assert_status(403)
        .assert_html();
    assert!(browser.cookie("quartier_session").is_none());
}

#[tokio::test]
async fn a_post_from_a_browser_without_the_cookie_is_forbidden() {
    let app = TestApp::spawn().await;
    // Someone else's valid token does not help a browser that has no cookie.
    let token = app.client().csrf_token().await;
    let stranger = app.client();
    let page = stranger
        .post_raw(
            "/password/forgot",
            format!("csrf_token={token}&email=anna%40example.org"),
        )
        .await;
    page.assert_status(403);
}

#[tokio::test]
async fn a_logged_in_post_without_a_token_changes_nothing() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_raw("/account/profile", "display_name=Mallory&language=en")
        .await
        .assert_status(403);
    anna.browser.get("/account").await.assert_lacks("Mallory");
    anna.browser
        .post_raw("/logout", "")
        .await
        .assert_status(403);
    anna.browser.get("/account").await.assert_status(200);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let token = browser.csrf_token().await;
    let body = format!("csrf_token={token}&email={}", "a".repeat(1024 * 1024 + 10));
    let page = browser.post_raw("/password/forgot", body).await;
    page.assert_status(413).assert_html();
}

#[tokio::test]
async fn a_body_within_a_smaller_limit_passes_and_one_above_is_refused() {
    let app = TestApp::spawn_with(|s| s.max_body_bytes = 4096).await;
    let browser = app.client();
    let token = browser.csrf_token().await;
    let small = format!("csrf_token={token}&email=anna%40example.org");
    browser
        .post_raw("/password/forgot", small)
        .await
        .assert_status(200);
    let big = format!("csrf_token={token}&email={}", "a".repeat(5000));
    browser
        .post_raw("/password/forgot", big)
        .await
        .assert_status(413);
}
