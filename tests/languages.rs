//! Languages: the browser's Accept-Language, the community's language, the visitor's choice
//! (cookie) and the account's choice, in that order of strength from weakest to strongest.

use crate::support::{Cast, TestApp};

#[tokio::test]
async fn german_is_the_default() {
    let app = TestApp::spawn().await;
    app.client()
        .get("/")
        .await
        .assert_status(200)
        .assert_lang("de");
}

#[tokio::test]
async fn accept_language_picks_english() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    browser
        .get_with("/", &[("Accept-Language", "en")])
        .await
        .assert_lang("en");
    browser
        .get_with("/login", &[("Accept-Language", "en-GB,en;q=0.9,de;q=0.5")])
        .await
        .assert_lang("en");
    browser
        .get_with("/", &[("Accept-Language", "fr-FR,de;q=0.7,en;q=0.5")])
        .await
        .assert_lang("de");
    browser
        .get_with("/", &[("Accept-Language", "fr, it")])
        .await
        .assert_lang("de");
}

#[tokio::test]
async fn error_pages_speak_the_browsers_language() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    browser
        .get_with("/nope", &[("Accept-Language", "en")])
        .await
        .assert_status(404)
        .assert_lang("en");
    browser
        .get_with("/c/nowhere", &[("Accept-Language", "de")])
        .await
        .assert_status(404)
        .assert_lang("de");
}

#[tokio::test]
async fn english_and_german_pages_differ() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let de = browser
        .get_with("/login", &[("Accept-Language", "de")])
        .await;
    let en = browser
        .get_with("/login", &[("Accept-Language", "en")])
        .await;
    assert_ne!(de.title(), en.title(), "the login title is translated");
}

#[tokio::test]
async fn an_english_community_is_english_for_visitors() {
    let app = TestApp::spawn().await;
    app.create_community_with(
        "riverside",
        "Riverside Neighbours",
        "open",
        true,
        "en",
        "Walks by the river.",
        None,
    )
    .await;
    let browser = app.client();
    browser
        .get("/c/riverside")
        .await
        .assert_status(200)
        .assert_lang("en");
    // The community's language is stronger than the browser's…
    browser
        .get_with("/c/riverside", &[("Accept-Language", "de")])
        .await
        .assert_lang("en");
    // …and its error pages follow it too.
    browser.get("/c/riverside/members").await.assert_status(303);
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form(
            "/account/profile",
            &[("display_name", "Anna"), ("language", "")],
        )
        .await
        .assert_status(303);
    anna.browser
        .get("/c/riverside/members")
        .await
        .assert_status(403)
        .assert_lang("en");
}

#[tokio::test]
async fn choosing_a_language_sets_a_cookie_and_returns() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let page = browser
        .post_form("/language", &[("lang", "en"), ("next", "/login")])
        .await;
    page.assert_redirect("/login");
    let cookie = page.cookie_set("quartier_lang").expect("language cookie");
    assert!(cookie.starts_with("quartier_lang=en"), "{cookie}");
    assert!(
        cookie.contains("Max-Age="),
        "remembered beyond the session: {cookie}"
    );
    browser.get("/login").await.assert_lang("en");
    // The visitor's choice beats the browser's.
    browser
        .get_with("/", &[("Accept-Language", "de")])
        .await
        .assert_lang("en");
    browser
        .post_form("/language", &[("lang", "de"), ("next", "/")])
        .await
        .assert_redirect("/");
    browser
        .get_with("/", &[("Accept-Language", "en")])
        .await
        .assert_lang("de");
}

#[tokio::test]
async fn the_visitors_choice_beats_the_communitys_language() {
    let app = TestApp::spawn().await;
    app.create_community_with(
        "riverside",
        "Riverside Neighbours",
        "open",
        true,
        "en",
        "",
        None,
    )
    .await;
    let browser = app.client();
    browser
        .post_form("/language", &[("lang", "de"), ("next", "/c/riverside")])
        .await
        .assert_redirect("/c/riverside");
    browser.get("/c/riverside").await.assert_lang("de");
}

#[tokio::test]
async fn choosing_a_language_rejects_unknown_languages_and_foreign_targets() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    browser
        .post_form("/language", &[("lang", "tlh"), ("next", "/")])
        .await
        .assert_status(400)
        .assert_html();
    assert!(browser.cookie("quartier_lang").is_none());
    browser
        .post_form("/language", &[("lang", "en"), ("next", "//evil.example/")])
        .await
        .assert_redirect("/");
    browser
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "https://evil.example/")],
        )
        .await
        .assert_redirect("/");
}

#[tokio::test]
async fn a_logged_in_choice_is_stored_in_the_account() {
    let cast = Cast::new().await;
    let member = &cast.member;
    member
        .browser
        .post_form("/language", &[("lang", "en"), ("next", "/account")])
        .await
        .assert_redirect("/account");
    // Another device without the cookie gets English as well.
    let other_device = cast
        .app
        .logged_in(&member.email, crate::support::PASSWORD)
        .await;
    other_device.get("/c/ransbach").await.assert_lang("en");
}

#[tokio::test]
async fn error_pages_follow_the_accounts_language() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form(
            "/account/profile",
            &[("display_name", "Anna"), ("language", "en")],
        )
        .await
        .assert_redirect("/account");
    anna.browser.get("/account").await.assert_lang("en");
    // Outside a community the error page must still speak the account's language.
    anna.browser
        .get("/admin")
        .await
        .assert_status(403)
        .assert_lang("en");
    anna.browser
        .get("/nope")
        .await
        .assert_status(404)
        .assert_lang("en");
}
