//! The operator's area: creating communities (with slug validation), assigning managers,
//! archiving and restoring, instance settings, and mapping a hostname to a community.

use quartier::communities::roles::Role as StoredRole;

use crate::support::{Cast, RANSBACH_DESCRIPTION, RANSBACH_NAME};

/// The operator's new-community form with `slug`, `name` and `manager_email`.
fn new_community<'a>(
    slug: &'a str,
    name: &'a str,
    manager_email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("name", name),
        ("hostname", ""),
        ("manager_email", manager_email),
        ("description", "Eine neue Gemeinschaft."),
        ("language", "de"),
        ("public_area", "on"),
        ("join_policy", "open"),
    ]
}

/// The operator's edit form for "ransbach" with a hostname.
fn ransbach_with_hostname(hostname: &str) -> Vec<(&str, &str)> {
    vec![
        ("slug", "ransbach"),
        ("name", RANSBACH_NAME),
        ("hostname", hostname),
        ("description", RANSBACH_DESCRIPTION),
        ("language", "de"),
        ("public_area", "on"),
        ("join_policy", "approval"),
    ]
}

#[tokio::test]
async fn the_dashboard_lists_communities() {
    let cast = Cast::new().await;
    let page = cast.operator.browser.get("/admin").await;
    page.assert_status(200)
        .assert_html()
        .assert_contains(RANSBACH_NAME)
        .assert_contains("Nachbardorf Other");
    cast.operator
        .browser
        .get("/admin/communities/new")
        .await
        .assert_status(200)
        .assert_contains("name=\"slug\"");
    cast.operator
        .browser
        .get("/admin/communities/ransbach")
        .await
        .assert_status(200)
        .assert_contains(RANSBACH_NAME)
        .assert_contains(&cast.manager.name);
    cast.operator
        .browser
        .get("/admin/communities/nowhere")
        .await
        .assert_status(404);
}

#[tokio::test]
async fn operator_creates_a_community_with_a_manager() {
    let cast = Cast::new().await;
    let page = cast
        .operator
        .browser
        .post_form(
            "/admin/communities/new",
            &new_community("westend", "Westend Nachbarn", &cast.member.email),
        )
        .await;
    page.assert_redirect("/admin/communities/westend");
    assert_eq!(
        cast.app.role_of("westend", &cast.member.email).await,
        Some(StoredRole::Manager)
    );
    cast.visitor
        .get("/c/westend")
        .await
        .assert_status(200)
        .assert_contains("Westend Nachbarn");
    cast.visitor
        .get("/")
        .await
        .assert_contains("Westend Nachbarn");
    cast.member
        .browser
        .get("/c/westend/settings")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn operator_creates_a_community_without_a_manager() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/communities/new",
            &new_community("westend", "Westend Nachbarn", ""),
        )
        .await
        .assert_redirect("/admin/communities/westend");
    cast.visitor.get("/c/westend").await.assert_status(200);
}

#[tokio::test]
async fn slug_validation_keeps_the_input() {
    let cast = Cast::new().await;
    let cases = [
        ("Westend", "uppercase"),
        ("we", "too short"),
        ("west_end", "underscore"),
        ("-westend", "leading hyphen"),
        ("ransbach", "taken"),
        ("", "empty"),
    ];
    for (slug, why) in cases {
        let name = format!("Neue Gemeinde {why}");
        let page = cast
            .operator
            .browser
            .post_form("/admin/communities/new", &new_community(slug, &name, ""))
            .await;
        assert_eq!(
            page.status.as_u16(),
            422,
            "slug {slug:?} ({why}) must be refused"
        );
        page.assert_html().assert_contains(&name);
        if !slug.is_empty() {
            page.assert_contains(slug);
        }
    }
    // Nothing was created, and "ransbach" kept its name.
    let listed = quartier::communities::list_all(cast.app.pool(), "")
        .await
        .expect("query");
    assert_eq!(listed.len(), 2, "only ransbach and other exist");
    cast.visitor
        .get("/c/ransbach")
        .await
        .assert_contains(RANSBACH_NAME);
}

#[tokio::test]
async fn an_unknown_manager_email_is_refused_when_creating() {
    let cast = Cast::new().await;
    let page = cast
        .operator
        .browser
        .post_form(
            "/admin/communities/new",
            &new_community("westend", "Westend", "nobody@example.org"),
        )
        .await;
    page.assert_status(422)
        .assert_contains("nobody@example.org")
        .assert_contains("westend");
    cast.visitor.get("/c/westend").await.assert_status(404);
}

#[tokio::test]
async fn operator_assigns_a_manager_by_email() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach/managers",
            &[("email", "Target@Example.org")],
        )
        .await
        .assert_redirect("/admin/communities/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.target.email).await,
        Some(StoredRole::Manager)
    );
    // Someone who was not a member becomes one.
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach/managers",
            &[("email", &cast.outsider.email)],
        )
        .await
        .assert_redirect("/admin/communities/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.outsider.email).await,
        Some(StoredRole::Manager)
    );
    cast.outsider
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn assigning_an_unknown_manager_is_a_form_error() {
    let cast = Cast::new().await;
    let page = cast
        .operator
        .browser
        .post_form(
            "/admin/communities/ransbach/managers",
            &[("email", "nobody@example.org")],
        )
        .await;
    page.assert_status(422)
        .assert_html()
        .assert_contains("nobody@example.org");
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach/managers",
            &[("email", "not an email")],
        )
        .await
        .assert_status(422);
    cast.operator
        .browser
        .post_form(
            "/admin/communities/nowhere/managers",
            &[("email", &cast.member.email)],
        )
        .await
        .assert_status(404);
}

#[tokio::test]
async fn only_operators_use_the_admin_area() {
    let cast = Cast::new().await;
    let form = new_community("westend", "Westend", "");
    for browser in [
        &cast.manager.browser,
        &cast.member.browser,
        &cast.outsider.browser,
    ] {
        browser.get("/admin").await.assert_status(403);
        browser
            .get("/admin/communities/ransbach")
            .await
            .assert_status(403);
        browser
            .post_form("/admin/communities/new", &form)
            .await
            .assert_status(403);
        browser
            .post_form("/admin/communities/ransbach/archive", &[])
            .await
            .assert_status(403);
        browser
            .post_form(
                "/admin/communities/ransbach/managers",
                &[("email", "member@example.org")],
            )
            .await
            .assert_status(403);
        browser
            .post_form(
                "/admin/settings",
                &[("name", "Hijacked"), ("registration_open", "on")],
            )
            .await
            .assert_status(403);
    }
    cast.visitor
        .get("/admin")
        .await
        .assert_redirect("/login?next=/admin");
    cast.visitor
        .post_form("/admin/communities/new", &form)
        .await
        .assert_redirect("/login?next=/");
    cast.visitor.get("/c/westend").await.assert_status(404);
    cast.visitor.get("/").await.assert_lacks("Hijacked");
}

#[tokio::test]
async fn archiving_hides_a_community_and_restoring_brings_it_back() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form("/admin/communities/ransbach/archive", &[])
        .await
        .assert_redirect("/admin/communities/ransbach");

    for browser in [
        &cast.visitor,
        &cast.member.browser,
        &cast.manager.browser,
        &cast.outsider.browser,
    ] {
        browser
            .get("/c/ransbach")
            .await
            .assert_status(404)
            .assert_html();
        browser.get("/c/ransbach/members").await.assert_status(404);
    }
    cast.manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_status(404);
    cast.outsider
        .browser
        .post_form("/c/ransbach/join", &[])
        .await
        .assert_status(404);
    cast.visitor
        .get("/")
        .await
        .assert_status(200)
        .assert_lacks(RANSBACH_NAME);
    cast.visitor
        .get("/?q=ransbach")
        .await
        .assert_lacks(RANSBACH_NAME);
    // The operator still sees it, in the dashboard too.
    cast.operator
        .browser
        .get("/c/ransbach")
        .await
        .assert_status(200);
    cast.operator
        .browser
        .get("/admin")
        .await
        .assert_contains(RANSBACH_NAME);
    // Memberships survive, but the account page no longer lists the archived community.
    assert_eq!(
        cast.app.role_of("ransbach", &cast.member.email).await,
        Some(StoredRole::Member)
    );

    cast.operator
        .browser
        .post_form("/admin/communities/ransbach/restore", &[])
        .await
        .assert_redirect("/admin/communities/ransbach");
    cast.visitor.get("/c/ransbach").await.assert_status(200);
    cast.member
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(200);
    cast.visitor.get("/").await.assert_contains(RANSBACH_NAME);
}

#[tokio::test]
async fn instance_name_appears_in_page_titles() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/settings",
            &[
                ("name", "Dorfnetz Westerwald"),
                ("tagline", "Alles aus dem Dorf"),
                ("registration_open", "on"),
            ],
        )
        .await
        .assert_redirect("/admin");
    for path in ["/", "/login", "/c/ransbach"] {
        let page = cast.visitor.get(path).await;
        page.assert_status(200);
        let title = page.title().unwrap_or_default();
        assert!(
            title.contains("Dorfnetz Westerwald"),
            "title of {path}: {title:?}"
        );
    }
    cast.visitor
        .get("/")
        .await
        .assert_contains("Alles aus dem Dorf");
    // Registration stayed open.
    cast.app.register("anna@example.org", "Anna").await;
}

#[tokio::test]
async fn instance_settings_need_a_name() {
    let cast = Cast::new().await;
    let page = cast
        .operator
        .browser
        .post_form(
            "/admin/settings",
            &[
                ("name", " "),
                ("tagline", "Mein Slogan"),
                ("registration_open", "on"),
            ],
        )
        .await;
    page.assert_status(422).assert_contains("Mein Slogan");
    let title = cast.visitor.get("/").await.title().unwrap_or_default();
    assert!(title.contains("Quartier"), "{title}");
}

#[tokio::test]
async fn a_mapped_hostname_shows_the_community_home() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach",
            &ransbach_with_hostname("Ransbach.Example.org"),
        )
        .await
        .assert_redirect("/admin/communities/ransbach");
    let community_title = cast.visitor.get("/c/ransbach").await.title();
    let instance_title = cast.visitor.get("/").await.title();
    assert_ne!(community_title, instance_title);

    let page = cast
        .visitor
        .get_with("/", &[("Host", "ransbach.example.org")])
        .await;
    page.assert_status(200)
        .assert_html()
        .assert_contains(RANSBACH_NAME)
        .assert_contains(RANSBACH_DESCRIPTION);
    assert_eq!(
        page.title(),
        community_title,
        "the community's home, not the instance's"
    );
    // With a port, and in another case.
    let page = cast
        .visitor
        .get_with("/", &[("Host", "RANSBACH.example.org:8080")])
        .await;
    assert_eq!(page.title(), community_title);
    // Another host shows the instance home.
    let page = cast
        .visitor
        .get_with("/", &[("Host", "elsewhere.example.org")])
        .await;
    page.assert_status(200);
    assert_eq!(page.title(), instance_title);
    // Only `/` is mapped; other paths keep working under the community's host.
    cast.visitor
        .get_with("/c/other", &[("Host", "ransbach.example.org")])
        .await
        .assert_status(200)
        .assert_contains(crate::support::OTHER_NAME);
}

#[tokio::test]
async fn an_archived_community_loses_its_hostname_home() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach",
            &ransbach_with_hostname("ransbach.example.org"),
        )
        .await
        .assert_status(303);
    cast.operator
        .browser
        .post_form("/admin/communities/ransbach/archive", &[])
        .await
        .assert_status(303);
    cast.visitor
        .get_with("/", &[("Host", "ransbach.example.org")])
        .await
        .assert_status(200)
        .assert_lacks(RANSBACH_DESCRIPTION);
}

#[tokio::test]
async fn a_hostname_belongs_to_one_community() {
    let cast = Cast::new().await;
    cast.operator
        .browser
        .post_form(
            "/admin/communities/ransbach",
            &ransbach_with_hostname("ransbach.example.org"),
        )
        .await
        .assert_status(303);
    let mut form = new_community("westend", "Westend", "");
    form.retain(|(k, _)| *k != "hostname");
    form.push(("hostname", "ransbach.example.org"));
    let page = cast
        .operator
        .browser
        .post_form("/admin/communities/new", &form)
        .await;
    page.assert_status(422)
        .assert_contains("ransbach.example.org");
    cast.visitor.get("/c/westend").await.assert_status(404);
    // An invalid hostname is a form error too.
    let page = cast
        .operator
        .browser
        .post_form(
            "/admin/communities/ransbach",
            &ransbach_with_hostname("not a host"),
        )
        .await;
    page.assert_status(422).assert_contains("not a host");
}

#[tokio::test]
async fn operator_creates_a_private_community() {
    let cast = Cast::new().await;
    let mut form = new_community("geheim", "Geheimer Kreis", &cast.member.email);
    form.retain(|(k, _)| *k != "public_area" && *k != "description" && *k != "join_policy");
    form.push(("description", "Nur für Eingeweihte."));
    form.push(("join_policy", "invitation"));
    cast.operator
        .browser
        .post_form("/admin/communities/new", &form)
        .await
        .assert_redirect("/admin/communities/geheim");
    cast.visitor
        .get("/c/geheim")
        .await
        .assert_status(200)
        .assert_contains("Geheimer Kreis")
        .assert_lacks("Nur für Eingeweihte.");
    cast.visitor.get("/").await.assert_lacks("Geheimer Kreis");
    cast.member
        .browser
        .get("/c/geheim")
        .await
        .assert_contains("Nur für Eingeweihte.");
    cast.outsider
        .browser
        .post_form("/c/geheim/join", &[])
        .await
        .assert_status(403);
}
