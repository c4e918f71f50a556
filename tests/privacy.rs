//! Privacy and robustness: a community without public area shows visitors nothing inside;
//! unknown communities, routes and malformed paths are HTML error pages, never 500.

use crate::support::{Cast, RANSBACH_NAME, TestApp};

const SECRET: &str = "Geheimes Grillfest am Waldrand";

async fn cast_with_private_community() -> Cast {
    let cast = Cast::new().await;
    cast.app
        .create_community_with(
            "verborgen",
            "Verborgene Runde",
            "invitation",
            false,
            "de",
            SECRET,
            Some(&cast.manager.email),
        )
        .await;
    cast.app
        .add_member(
            "verborgen",
            &cast.member.email,
            quartier::communities::roles::Role::Member,
        )
        .await;
    cast
}

#[tokio::test]
async fn a_private_community_hides_its_description_from_visitors() {
    let cast = cast_with_private_community().await;
    let page = cast.visitor.get("/c/verborgen").await;
    page.assert_status(200)
        .assert_html()
        .assert_contains("Verborgene Runde")
        .assert_lacks(SECRET);
    // Logged in but not a member: still nothing inside.
    cast.outsider
        .browser
        .get("/c/verborgen")
        .await
        .assert_status(200)
        .assert_lacks(SECRET);
    // Members see it.
    cast.member
        .browser
        .get("/c/verborgen")
        .await
        .assert_status(200)
        .assert_contains(SECRET);
    cast.manager
        .browser
        .get("/c/verborgen")
        .await
        .assert_contains(SECRET);
}

#[tokio::test]
async fn a_private_community_is_not_listed_or_searchable() {
    let cast = cast_with_private_community().await;
    let home = cast.visitor.get("/").await;
    home.assert_status(200)
        .assert_contains(RANSBACH_NAME)
        .assert_lacks("Verborgene Runde");
    cast.visitor
        .get("/?q=verborgen")
        .await
        .assert_lacks("Verborgene Runde");
}

#[tokio::test]
async fn a_private_community_does_not_leak_through_invitation_pages() {
    let cast = cast_with_private_community().await;
    let bogus = "cd".repeat(32);
    for browser in [&cast.visitor, &cast.outsider.browser] {
        let page = browser.get(&format!("/c/verborgen/invite/{bogus}")).await;
        page.assert_status(404).assert_lacks(SECRET);
        let page = browser.get("/c/verborgen/invite/nonsense").await;
        page.assert_status(404).assert_lacks(SECRET);
    }
}

#[tokio::test]
async fn a_public_description_is_shown_to_visitors() {
    let cast = Cast::new().await;
    cast.visitor
        .get("/c/ransbach")
        .await
        .assert_contains(crate::support::RANSBACH_DESCRIPTION);
}

#[tokio::test]
async fn the_home_page_search_finds_by_name() {
    let cast = Cast::new().await;
    let page = cast.visitor.get("/?q=baumbach").await;
    page.assert_status(200)
        .assert_contains(RANSBACH_NAME)
        .assert_lacks(crate::support::OTHER_NAME);
    // LIKE wildcards are taken literally.
    cast.visitor
        .get("/?q=%25")
        .await
        .assert_status(200)
        .assert_lacks(RANSBACH_NAME);
    cast.visitor
        .get("/?q=_")
        .await
        .assert_status(200)
        .assert_lacks(RANSBACH_NAME);
}

#[tokio::test]
async fn an_unknown_community_is_an_html_404() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    for path in [
        "/c/nowhere",
        "/c/nowhere/members",
        "/c/nowhere/settings",
        "/c/nowhere/join",
        "/c/Bad_Slug",
        "/c/..%2Fadmin",
        "/c/ransbach%27%20OR%201=1--",
    ] {
        let page = browser.get(path).await;
        page.assert_status(404).assert_html();
    }
}

#[tokio::test]
async fn unknown_routes_are_html_404s() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    for path in [
        "/nope",
        "/c",
        "/c/",
        "/admin/nope",
        "/static/nope.css",
        "/static/../Cargo.toml",
    ] {
        let page = browser.get(path).await;
        page.assert_status(404).assert_html();
    }
}

#[tokio::test]
async fn wrong_methods_and_malformed_ids_are_client_errors() {
    let cast = Cast::new().await;
    let manager = &cast.manager.browser;
    manager
        .get("/c/ransbach/leave")
        .await
        .assert_status(405)
        .assert_html();
    manager
        .get("/admin/settings")
        .await
        .assert_status(405)
        .assert_html();
    manager
        .post_form("/c/ransbach/members/abc/role", &[("role", "member")])
        .await
        .assert_status(400)
        .assert_html();
    manager
        .post_form("/c/ransbach/requests/99999999999999999999999/accept", &[])
        .await
        .assert_status(400)
        .assert_html();
    manager
        .post_form("/c/ransbach/requests/424242/accept", &[])
        .await
        .assert_status(404)
        .assert_html();
}

#[tokio::test]
async fn a_form_that_is_not_urlencoded_is_a_client_error() {
    let cast = Cast::new().await;
    // A body that is not a form at all fails the CSRF check first.
    cast.member
        .browser
        .post_raw("/c/ransbach/leave", vec![0xff_u8, 0xfe, 0x00])
        .await
        .assert_status(403);
}

#[tokio::test]
async fn nul_bytes_in_paths_and_queries_are_not_server_errors() {
    let cast = Cast::new().await;
    let mut failures = vec![];
    for path in [
        "/c/%00",
        "/c/%00/members",
        "/c/a%00b/settings",
        "/?q=%00",
        "/?q=a%00b",
    ] {
        let page = cast.visitor.get(path).await;
        if page.status.is_server_error() || !page.content_type().starts_with("text/html") {
            failures.push(format!("GET {path} as visitor → {}", page.status));
        }
    }
    for path in ["/admin?q=%00", "/admin/communities/%00"] {
        let page = cast.operator.browser.get(path).await;
        if page.status.is_server_error() {
            failures.push(format!("GET {path} as operator → {}", page.status));
        }
    }
    let page = cast.member.browser.post_form("/c/%00/join", &[]).await;
    if page.status.is_server_error() {
        failures.push(format!("POST /c/%00/join as member → {}", page.status));
    }
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn user_input_is_escaped_everywhere_it_is_shown() {
    let cast = Cast::new().await;
    let evil = "<img src=x onerror=alert(1)>";
    let mallory = cast.app.register("mallory@example.org", evil).await;
    mallory
        .browser
        .post_form(
            "/c/ransbach/join",
            &[("message", "<script>alert('join')</script>")],
        )
        .await
        .assert_status(303);
    let page = cast.manager.browser.get("/c/ransbach/members").await;
    page.assert_status(200)
        .assert_lacks(evil)
        .assert_lacks("<script>alert('join')")
        .assert_contains("&lt;img")
        .assert_contains("&lt;script&gt;");
    mallory
        .browser
        .get("/account")
        .await
        .assert_lacks(evil)
        .assert_contains("&lt;img");

    let page = cast
        .visitor
        .get("/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
        .await;
    page.assert_status(200).assert_lacks("<script>alert(1)");

    let page = cast
        .visitor
        .post_form(
            "/register",
            &[
                ("email", "\"><script>alert(2)</script>"),
                ("display_name", evil),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_lacks("<script>alert(2)")
        .assert_lacks(evil);
}
