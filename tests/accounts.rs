//! Accounts: registration and its validation, login and throttling, logout, password reset
//! through the outbox, password change and the profile's language.

use crate::support::{PASSWORD, TestApp, token_after};

const NEW_PASSWORD: &str = "a much better passphrase";

fn registration<'a>(
    email: &'a str,
    name: &'a str,
    password: &'a str,
    confirm: &'a str,
) -> [(&'a str, &'a str); 4] {
    [
        ("email", email),
        ("display_name", name),
        ("password", password),
        ("password_confirm", confirm),
    ]
}

#[tokio::test]
async fn register_form_is_shown() {
    let app = TestApp::spawn().await;
    let page = app.client().get("/register").await;
    page.assert_status(200)
        .assert_html()
        .assert_contains("name=\"csrf_token\"");
    page.assert_contains("name=\"email\"")
        .assert_contains("name=\"password\"");
}

#[tokio::test]
async fn register_logs_in_and_redirects() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let page = browser
        .post_form(
            "/register",
            &registration("anna@example.org", "Anna Beispiel", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_redirect("/");
    assert!(
        page.cookie_set("quartier_session").is_some(),
        "session cookie set"
    );
    browser
        .get("/account")
        .await
        .assert_status(200)
        .assert_contains("Anna Beispiel");
}

#[tokio::test]
async fn register_returns_to_next() {
    let app = TestApp::spawn().await;
    let mut fields = registration("anna@example.org", "Anna", PASSWORD, PASSWORD).to_vec();
    fields.push(("next", "/c/somewhere"));
    app.client()
        .post_form("/register", &fields)
        .await
        .assert_redirect("/c/somewhere");
    let mut fields = registration("berta@example.org", "Berta", PASSWORD, PASSWORD).to_vec();
    fields.push(("next", "//evil.example/"));
    app.client()
        .post_form("/register", &fields)
        .await
        .assert_redirect("/");
}

#[tokio::test]
async fn register_rejects_a_bad_email_and_keeps_the_input() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    let page = browser
        .post_form(
            "/register",
            &registration("not-an-email", "Anna Beispiel", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_status(422)
        .assert_html()
        .assert_contains("not-an-email")
        .assert_contains("Anna Beispiel");
    assert!(
        browser.cookie("quartier_session").is_none(),
        "not logged in"
    );
}

#[tokio::test]
async fn register_rejects_a_short_password() {
    let app = TestApp::spawn().await;
    let page = app
        .client()
        .post_form(
            "/register",
            &registration(
                "anna@example.org",
                "Anna Beispiel",
                "123456789",
                "123456789",
            ),
        )
        .await;
    page.assert_status(422)
        .assert_contains("anna@example.org")
        .assert_contains("Anna Beispiel");
    // The password itself is never echoed back.
    page.assert_lacks("123456789");
}

#[tokio::test]
async fn register_rejects_a_mismatched_confirmation() {
    let app = TestApp::spawn().await;
    let page = app
        .client()
        .post_form(
            "/register",
            &registration(
                "anna@example.org",
                "Anna Beispiel",
                PASSWORD,
                "something else",
            ),
        )
        .await;
    page.assert_status(422).assert_contains("anna@example.org");
    let browser = app.client();
    browser
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(422);
}

#[tokio::test]
async fn register_rejects_an_empty_name() {
    let app = TestApp::spawn().await;
    let page = app
        .client()
        .post_form(
            "/register",
            &registration("anna@example.org", "   ", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_status(422).assert_contains("anna@example.org");
}

#[tokio::test]
async fn register_rejects_a_taken_email_in_any_case() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let page = app
        .client()
        .post_form(
            "/register",
            &registration("Anna@Example.ORG", "Anna Zwei", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_status(422).assert_contains("Anna Zwei");
}

#[tokio::test]
async fn register_is_refused_when_the_operator_closed_it() {
    let app = TestApp::spawn().await;
    let operator = app.register("op@example.org", "Olga").await;
    app.make_operator(&operator.email).await;
    operator
        .browser
        .post_form("/admin/settings", &[("name", "Quartier"), ("tagline", "")])
        .await
        .assert_redirect("/admin");
    let page = app
        .client()
        .post_form(
            "/register",
            &registration("anna@example.org", "Anna", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_status(403).assert_html();
}

#[tokio::test]
async fn logged_in_people_are_sent_away_from_login_and_register() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser.get("/login").await.assert_redirect("/");
    anna.browser
        .get("/register?next=/account")
        .await
        .assert_redirect("/account");
}

#[tokio::test]
async fn login_succeeds_with_a_session_cookie() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna Beispiel").await;
    let browser = app.client();
    browser.get("/login").await.assert_status(200).assert_html();
    let page = browser.login("  Anna@Example.org ", PASSWORD).await;
    page.assert_redirect("/");
    let cookie = page.cookie_set("quartier_session").expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    browser
        .get("/account")
        .await
        .assert_status(200)
        .assert_contains("Anna Beispiel");
}

#[tokio::test]
async fn login_returns_only_to_local_pages() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    let page = browser
        .post_form(
            "/login",
            &[
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    page.assert_redirect("/account");
    let browser = app.client();
    let page = browser
        .post_form(
            "/login",
            &[
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    page.assert_redirect("/");
}

#[tokio::test]
async fn login_with_a_wrong_password_is_rejected() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    let page = browser.login("anna@example.org", "wrong password!").await;
    page.assert_status(422)
        .assert_html()
        .assert_contains("anna@example.org");
    page.assert_lacks("wrong password!");
    assert!(browser.cookie("quartier_session").is_none());
    browser
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
}

#[tokio::test]
async fn login_with_an_unknown_email_is_rejected_the_same_way() {
    let app = TestApp::spawn().await;
    let page = app.client().login("nobody@example.org", PASSWORD).await;
    page.assert_status(422)
        .assert_contains("nobody@example.org");
}

#[tokio::test]
async fn login_is_throttled_after_ten_failures_for_an_account() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    for attempt in 1..=10 {
        let page = browser
            .login("anna@example.org", &format!("wrong password {attempt}"))
            .await;
        page.assert_status(422);
    }
    // The eleventh attempt is refused even with the right password.
    let page = browser.login("anna@example.org", PASSWORD).await;
    page.assert_status(429).assert_html();
    assert!(browser.cookie("quartier_session").is_none());
}

#[tokio::test]
async fn login_is_throttled_after_ten_failures_from_one_address() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    for attempt in 1..=10 {
        let page = browser
            .login(&format!("guess{attempt}@example.org"), PASSWORD)
            .await;
        page.assert_status(422);
    }
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(429);
}

#[tokio::test]
async fn a_successful_login_forgives_earlier_failures_of_the_account() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    for _ in 0..5 {
        browser
            .login("anna@example.org", "wrong password")
            .await
            .assert_status(422);
    }
    browser
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(303);
    let other = app.client();
    for _ in 0..4 {
        other
            .login("anna@example.org", "wrong password")
            .await
            .assert_status(422);
    }
    // 5 + 4 failures from this address, but only 4 for the account since the good login.
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    let token = anna.browser.cookie("quartier_session").expect("session");
    let page = anna.browser.logout().await;
    page.assert_redirect("/");
    assert!(
        anna.browser.cookie("quartier_session").is_none(),
        "cookie cleared"
    );
    anna.browser
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
    // A copy of the old cookie no longer works either.
    let thief = app.client();
    thief.set_cookie("quartier_session", &token);
    thief
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
}

#[tokio::test]
async fn logout_needs_a_post() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .get("/logout")
        .await
        .assert_status(405)
        .assert_html();
    anna.browser.get("/account").await.assert_status(200);
}

#[tokio::test]
async fn a_garbage_session_cookie_is_a_visitor() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    browser.set_cookie("quartier_session", "not-a-token");
    browser
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
    browser.get("/").await.assert_status(200);
}

/// Requests a reset for `email` and returns the token from the mail in the outbox.
async fn reset_token_for(app: &TestApp, email: &str) -> String {
    let page = app
        .client()
        .post_form("/password/forgot", &[("email", email)])
        .await;
    page.assert_status(200).assert_html();
    let mails = app.outbox().await;
    let mail = mails.first().expect("a mail in the outbox");
    assert_eq!(mail.to, email);
    assert_eq!(mail.kind, "password-reset");
    let link_prefix = format!("{}/password/reset?token=", app.base_url);
    assert!(
        mail.body_text.contains(&link_prefix),
        "link in mail: {}",
        mail.body_text
    );
    token_after(&mail.body_text, &link_prefix).expect("a 64-hex token in the link")
}

#[tokio::test]
async fn forgot_form_is_shown() {
    let app = TestApp::spawn().await;
    app.client()
        .get("/password/forgot")
        .await
        .assert_status(200)
        .assert_html()
        .assert_contains("name=\"email\"");
}

#[tokio::test]
async fn password_reset_via_the_outbox_link() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    let token = reset_token_for(&app, "anna@example.org").await;

    let browser = app.client();
    let form = browser.get(&format!("/password/reset?token={token}")).await;
    form.assert_status(200)
        .assert_html()
        .assert_contains(&token);

    let page = browser
        .post_form(
            "/password/reset",
            &[
                ("token", &token),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    page.assert_redirect("/account");
    assert!(
        page.cookie_set("quartier_session").is_some(),
        "logged in after the reset"
    );
    browser.get("/account").await.assert_status(200);

    // Every earlier session ended.
    anna.browser
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
    // The old password is gone, the new one works.
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(422);
    app.client()
        .login("anna@example.org", NEW_PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn a_reset_token_works_once() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let token = reset_token_for(&app, "anna@example.org").await;
    let fields = [
        ("token", token.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    app.client()
        .post_form("/password/reset", &fields)
        .await
        .assert_status(303);

    let again = app.client();
    again
        .get(&format!("/password/reset?token={token}"))
        .await
        .assert_status(404)
        .assert_html();
    let fields = [
        ("token", token.as_str()),
        ("password", "yet another password"),
        ("password_confirm", "yet another password"),
    ];
    again
        .post_form("/password/reset", &fields)
        .await
        .assert_status(404)
        .assert_html();
    assert!(again.cookie("quartier_session").is_none());
    app.client()
        .login("anna@example.org", NEW_PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn a_reset_with_a_short_password_keeps_the_token_usable() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let token = reset_token_for(&app, "anna@example.org").await;
    let browser = app.client();
    browser
        .post_form(
            "/password/reset",
            &[
                ("token", &token),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains(&token);
    browser
        .get(&format!("/password/reset?token={token}"))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn forgot_gives_the_same_answer_for_unknown_emails_and_sends_nothing() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    let known = browser
        .post_form("/password/forgot", &[("email", "anna@example.org")])
        .await;
    let unknown = browser
        .post_form("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    known.assert_status(200);
    unknown.assert_status(200);
    assert_eq!(
        known.body, unknown.body,
        "the answer must not reveal who has an account"
    );
    let mails = app.outbox().await;
    assert_eq!(mails.len(), 1, "only the real account got a mail");
    assert!(mails.iter().all(|m| m.to != "nobody@example.org"));
}

#[tokio::test]
async fn forgot_with_an_invalid_email_is_a_form_error() {
    let app = TestApp::spawn().await;
    let page = app
        .client()
        .post_form("/password/forgot", &[("email", "nonsense")])
        .await;
    page.assert_status(422).assert_contains("nonsense");
    assert!(app.outbox().await.is_empty());
}

#[tokio::test]
async fn malformed_and_unknown_reset_tokens_are_not_found() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    for token in [
        "xyz",
        "../../etc/passwd",
        "",
        &"0".repeat(64),
        &"g".repeat(64),
    ] {
        let path = format!("/password/reset?token={token}");
        browser.get(&path).await.assert_status(404).assert_html();
    }
    let fields = [
        ("token", "xyz"),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    browser
        .post_form("/password/reset", &fields)
        .await
        .assert_status(404)
        .assert_html();
}

#[tokio::test]
async fn account_page_needs_a_login() {
    let app = TestApp::spawn().await;
    app.client()
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
}

#[tokio::test]
async fn change_password_needs_the_current_one() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    let page = anna
        .browser
        .post_form(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    page.assert_status(422).assert_html();
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(303);
    app.client()
        .login("anna@example.org", NEW_PASSWORD)
        .await
        .assert_status(422);
}

#[tokio::test]
async fn change_password_rejects_a_mismatch() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", "something different"),
            ],
        )
        .await
        .assert_status(422);
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn change_password_ends_other_sessions_but_keeps_this_one() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    let other_device = app.logged_in("anna@example.org", PASSWORD).await;
    let page = anna
        .browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    page.assert_redirect("/account");
    anna.browser.get("/account").await.assert_status(200);
    other_device
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(422);
    app.client()
        .login("anna@example.org", NEW_PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn change_password_needs_a_login() {
    let app = TestApp::spawn().await;
    let page = app
        .client()
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    page.assert_redirect("/login?next=/");
}

#[tokio::test]
async fn profile_language_switches_the_interface() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser.get("/account").await.assert_lang("de");
    let page = anna
        .browser
        .post_form(
            "/account/profile",
            &[("display_name", "Anna Neu"), ("language", "en")],
        )
        .await;
    page.assert_redirect("/account");
    let account = anna.browser.get("/account").await;
    account
        .assert_status(200)
        .assert_lang("en")
        .assert_contains("Anna Neu");
    anna.browser.get("/").await.assert_lang("en");
    // Even a browser that prefers German: the account's choice wins.
    anna.browser
        .get_with("/", &[("Accept-Language", "de-DE,de;q=0.9")])
        .await
        .assert_lang("en");
}

#[tokio::test]
async fn profile_rejects_an_empty_name_and_an_unknown_language() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form(
            "/account/profile",
            &[("display_name", " "), ("language", "de")],
        )
        .await
        .assert_status(422);
    anna.browser
        .post_form(
            "/account/profile",
            &[("display_name", "Anna Klingon"), ("language", "tlh")],
        )
        .await
        .assert_status(422)
        .assert_contains("Anna Klingon");
    anna.browser
        .get("/account")
        .await
        .assert_contains("Anna")
        .assert_lacks("Anna Klingon");
}

#[tokio::test]
async fn a_return_target_with_control_characters_is_not_a_server_error() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    let mut failures = vec![];
    // Each `next` passes the "local path" check but cannot be a Location header.
    let page = anna
        .browser
        .get("/login?next=/%0D%0ASet-Cookie:%20x=y")
        .await;
    if page.status.is_server_error() {
        failures.push(format!(
            "GET /login?next=/%0D%0A… (logged in) → {}",
            page.status
        ));
    }
    let page = anna
        .browser
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/\r\nSet-Cookie: x=y")],
        )
        .await;
    if page.status.is_server_error() {
        failures.push(format!("POST /language next=/\\r\\n… → {}", page.status));
    }
    let browser = app.client();
    let page = browser
        .post_form(
            "/login",
            &[
                ("email", "anna@example.org"),
                ("password", PASSWORD),
                ("next", "/\n"),
            ],
        )
        .await;
    if page.status.is_server_error() {
        let logged_in = browser.get("/account").await.status.as_u16() == 200;
        failures.push(format!(
            "POST /login next=/\\n → {} (session created anyway: {logged_in})",
            page.status
        ));
    }
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn throttling_behind_a_proxy_counts_the_address_the_proxy_saw() {
    // Behind a reverse proxy that appends the client address to X-Forwarded-For, the
    // left-most entries are whatever the client sent; only the right-most one is trustworthy.
    let app = TestApp::spawn_with(|s| s.trust_proxy = true).await;
    app.register("anna@example.org", "Anna").await;
    let attacker = app.client();
    for attempt in 1..=10 {
        let spoofed = format!("10.0.0.{attempt}, 203.0.113.7");
        attacker
            .post_form_with(
                "/login",
                &[
                    ("email", &format!("guess{attempt}@example.org")),
                    ("password", "wrong password"),
                ],
                &[("X-Forwarded-For", &spoofed)],
            )
            .await
            .assert_status(422);
    }
    let page = attacker
        .post_form_with(
            "/login",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
            &[("X-Forwarded-For", "10.9.9.9, 203.0.113.7")],
        )
        .await;
    page.assert_status(429);
    // A different real client is not affected.
    app.client()
        .post_form_with(
            "/login",
            &[("email", "anna@example.org"), ("password", PASSWORD)],
            &[("X-Forwarded-For", "198.51.100.1")],
        )
        .await
        .assert_status(303);
}

#[tokio::test]
async fn an_https_public_url_makes_cookies_secure_and_mail_links_absolute() {
    let app = TestApp::spawn_with(|s| s.public_url = "https://quartier.example.org/".into()).await;
    let browser = app.client();
    let page = browser.get("/").await;
    let csrf = page.cookie_set("quartier_csrf").expect("csrf cookie");
    assert!(csrf.contains("; Secure"), "{csrf}");
    // The test talks plain HTTP, so hand the token back explicitly.
    let token = csrf
        .trim_start_matches("quartier_csrf=")
        .split(';')
        .next()
        .expect("value")
        .to_owned();
    browser.set_cookie("quartier_csrf", &token);
    let page = browser
        .post_form(
            "/register",
            &registration("anna@example.org", "Anna", PASSWORD, PASSWORD),
        )
        .await;
    page.assert_status(303);
    let session = page.cookie_set("quartier_session").expect("session cookie");
    assert!(session.contains("; Secure"), "{session}");

    browser
        .post_form("/password/forgot", &[("email", "anna@example.org")])
        .await
        .assert_status(200);
    let mail = app.outbox().await.into_iter().next().expect("mail");
    let prefix = "https://quartier.example.org/password/reset?token=";
    assert!(
        token_after(&mail.body_text, prefix).is_some(),
        "{}",
        mail.body_text
    );
}

#[tokio::test]
async fn an_expired_reset_link_is_not_found() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let token = reset_token_for(&app, "anna@example.org").await;
    app.execute("UPDATE password_resets SET expires_at = 1")
        .await;
    let browser = app.client();
    browser
        .get(&format!("/password/reset?token={token}"))
        .await
        .assert_status(404);
    let fields = [
        ("token", token.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    browser
        .post_form("/password/reset", &fields)
        .await
        .assert_status(404);
    app.client()
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(303);
}

#[tokio::test]
async fn a_completed_reset_invalidates_the_accounts_other_reset_links() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let older = reset_token_for(&app, "anna@example.org").await;
    let newer = reset_token_for(&app, "anna@example.org").await;
    assert_ne!(older, newer);
    let fields = [
        ("token", newer.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    app.client()
        .post_form("/password/reset", &fields)
        .await
        .assert_redirect("/account");
    // A link from an older mail must not reset the password chosen just now.
    app.client()
        .get(&format!("/password/reset?token={older}"))
        .await
        .assert_status(404);
}

#[tokio::test]
async fn an_expired_session_is_a_visitor() {
    let app = TestApp::spawn().await;
    let anna = app.register("anna@example.org", "Anna").await;
    anna.browser.get("/account").await.assert_status(200);
    app.execute("UPDATE sessions SET expires_at = 1").await;
    anna.browser
        .get("/account")
        .await
        .assert_redirect("/login?next=/account");
}

#[tokio::test]
async fn login_failures_older_than_the_window_are_forgotten() {
    let app = TestApp::spawn().await;
    app.register("anna@example.org", "Anna").await;
    let browser = app.client();
    for _ in 0..10 {
        browser
            .login("anna@example.org", "wrong password")
            .await
            .assert_status(422);
    }
    browser
        .login("anna@example.org", PASSWORD)
        .await
        .assert_status(429);
    // Sixteen minutes later (the window is fifteen).
    app.execute("UPDATE login_failures SET at = at - 960000")
        .await;
    browser
        .login("anna@example.org", PASSWORD)
        .await
        .assert_redirect("/");
}
