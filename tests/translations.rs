//! Every page, in German and in English, shows translated text: no raw message id (such as
//! `nav-members` or `error-required`) may reach the reader, on normal pages, forms with
//! errors, flash messages and error pages alike.

use crate::support::{Browser, Cast, Page, RANSBACH_NAME, token_after};

/// The prefixes of the catalogue's message ids.
const PREFIXES: &[&str] = &[
    "error",
    "flash",
    "admin",
    "label",
    "settings",
    "members",
    "community",
    "hint",
    "nav",
    "home",
    "account",
    "join",
    "audit",
    "role",
    "register",
    "invitation",
    "reset",
    "login",
    "forgot",
    "policy",
    "forbidden",
    "mail",
    "footer",
    "skip",
    "save",
    "language",
    "form",
    "back",
];

/// The words of the page's visible text and title (outside tags and `<head>`).
pub(crate) fn visible_words(page: &Page) -> Vec<String> {
    let mut rest = page.body.as_str();
    // Drop <head> (no visible text there except the title, which we check separately).
    let title = page.title().unwrap_or_default();
    if let Some(end) = rest.find("</head>") {
        rest = &rest[end..];
    }
    let mut text = String::from(" ");
    text.push_str(&title);
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ')' | ',' | '.' | '·'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words of the page's text (outside tags) that look like message ids.
fn raw_message_ids(page: &Page) -> Vec<String> {
    let mut found = vec![];
    for word in visible_words(page) {
        let Some((prefix, tail)) = word.split_once('-') else {
            continue;
        };
        let looks_like_id = PREFIXES.contains(&prefix)
            && !tail.is_empty()
            && tail
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if looks_like_id {
            found.push(word);
        }
    }
    found
}

#[track_caller]
fn check(page: &Page, lang: &str, problems: &mut Vec<String>) {
    if page.status.is_redirection() {
        problems.push(format!(
            "{} {} redirected to {:?}",
            page.method,
            page.path,
            page.location()
        ));
        return;
    }
    if page.html_lang().as_deref() != Some(lang) {
        problems.push(format!(
            "{} {} is not in {lang}: {:?}",
            page.method,
            page.path,
            page.html_lang()
        ));
    }
    let ids = raw_message_ids(page);
    if !ids.is_empty() {
        problems.push(format!(
            "{} {} ({lang}, {}): {ids:?}",
            page.method, page.path, page.status
        ));
    }
}

/// Visits the pages every role sees, including forms with errors and error pages.
async fn crawl(cast: &Cast, lang: &str, invitation: &str, problems: &mut Vec<String>) {
    let visitor = &cast.visitor;
    let headers: &[(&str, &str)] = &[("Accept-Language", lang)];
    let get = |browser: &Browser, path: &'static str| {
        let browser = browser.clone();
        async move { browser.get_with(path, headers).await }
    };
    for path in [
        "/",
        "/login",
        "/register",
        "/password/forgot",
        "/password/reset?token=nonsense",
        "/c/nowhere",
        "/nope",
    ] {
        check(&get(visitor, path).await, lang, problems);
    }
    // A visitor sees a community in the community's language (German for "ransbach").
    check(&get(visitor, "/c/ransbach").await, "de", problems);
    let invitation_path = format!("/c/ransbach/invite/{invitation}");
    check(
        &visitor.get_with(&invitation_path, headers).await,
        "de",
        problems,
    );

    // Forms with every field wrong.
    let form_errors = [
        (
            "/register",
            vec![
                ("email", "x"),
                ("display_name", ""),
                ("password", "short"),
                ("password_confirm", ""),
            ],
        ),
        ("/login", vec![("email", ""), ("password", "")]),
        ("/password/forgot", vec![("email", "x")]),
    ];
    for (path, fields) in &form_errors {
        let page = visitor.post_form_with(path, fields, headers).await;
        check(&page, lang, problems);
    }

    let member = &cast.member.browser;
    for path in [
        "/",
        "/account",
        "/notifications",
        "/notifications/settings",
        "/c/ransbach",
        "/c/ransbach/members",
        "/c/ransbach/settings",
        "/admin",
        "/logout",
    ] {
        check(&member.get(path).await, lang, problems);
    }
    check(
        &cast.outsider.browser.get("/c/ransbach/join").await,
        lang,
        problems,
    );
    check(
        &cast.outsider.browser.get("/c/ransbach/members").await,
        lang,
        problems,
    );
    let page = member
        .post_form(
            "/account/password",
            &[
                ("current_password", "x"),
                ("password", "y"),
                ("password_confirm", "z"),
            ],
        )
        .await;
    check(&page, lang, problems);

    let manager = &cast.manager.browser;
    for path in ["/c/ransbach/members", "/c/ransbach/settings", "/account"] {
        check(&manager.get(path).await, lang, problems);
    }
    let page = manager
        .post_form(
            "/c/ransbach/settings",
            &[
                ("name", ""),
                ("description", ""),
                ("language", "xx"),
                ("join_policy", "xx"),
            ],
        )
        .await;
    check(&page, lang, problems);
    let page = manager
        .post_form(
            "/c/ransbach/settings/invitations",
            &[("note", ""), ("valid_days", "0"), ("max_uses", "x")],
        )
        .await;
    check(&page, lang, problems);
    // A flash message after a refused action.
    manager
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_status(303);
    check(&manager.get("/c/ransbach").await, lang, problems);

    let operator = &cast.operator.browser;
    for path in [
        "/admin",
        "/admin/mail",
        "/admin/communities/new",
        "/admin/communities/ransbach",
        "/c/ransbach/settings",
    ] {
        check(&operator.get(path).await, lang, problems);
    }
    let page = operator
        .post_form(
            "/admin/communities/new",
            &[
                ("slug", "X"),
                ("name", ""),
                ("hostname", "x"),
                ("manager_email", "nobody@example.org"),
            ],
        )
        .await;
    check(&page, lang, problems);
    let page = operator.post_form("/admin/settings", &[("name", "")]).await;
    check(&page, lang, problems);
}

#[tokio::test]
async fn no_page_shows_a_raw_message_id() {
    let cast = Cast::new().await;
    // Something to show: a pending request, an invitation, audit entries.
    let jonas = cast.app.register("jonas@example.org", "Jonas").await;
    jonas
        .browser
        .post_form("/c/ransbach/join", &[("message", "Hallo")])
        .await
        .assert_status(303);
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{}/role", cast.target.id),
            &[("role", "moderator")],
        )
        .await
        .assert_status(303);
    cast.manager
        .browser
        .post_form(
            "/c/ransbach/settings/invitations",
            &[("note", "Test"), ("valid_days", "3"), ("max_uses", "2")],
        )
        .await
        .assert_status(303);
    let settings = cast.manager.browser.get("/c/ransbach/settings").await;
    let invitation = token_after(&settings.body, "/c/ransbach/invite/").expect("invitation link");
    settings.assert_contains(RANSBACH_NAME);

    let mut problems = vec![];
    crawl(&cast, "de", &invitation, &mut problems).await;
    // Everyone switches to English (stored in their accounts).
    for browser in [
        &cast.member.browser,
        &cast.manager.browser,
        &cast.operator.browser,
        &cast.outsider.browser,
    ] {
        browser
            .post_form("/language", &[("lang", "en"), ("next", "/")])
            .await
            .assert_status(303);
    }
    crawl(&cast, "en", &invitation, &mut problems).await;
    assert!(
        problems.is_empty(),
        "untranslated or wrong-language pages:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_detector_finds_raw_ids_in_text_but_not_in_markup() {
    let page = Page {
        method: "GET",
        path: "/".into(),
        status: reqwest::StatusCode::OK,
        headers: Default::default(),
        body: r#"<html lang="de"><head><title>nav-home – Quartier</title></head><body>
            <a href="/c/tsv-ransbach" class="badge-member">Mitglieder</a>
            <p>label-email: error-required</p><p>Ransbach-Baumbach · role-member</p></body></html>"#
            .into(),
    };
    assert_eq!(
        raw_message_ids(&page),
        ["nav-home", "label-email", "error-required", "role-member"]
    );
}
