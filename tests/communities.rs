//! Communities: joining (open, by request, by invitation), leaving, and what managers do in
//! the member directory — change roles, remove members — with the last-manager rule.

use quartier::communities::roles::Role as StoredRole;

use crate::support::{Browser, Cast, RANSBACH_DESCRIPTION, RANSBACH_NAME, TestApp, token_after};

#[tokio::test]
async fn community_home_shows_name_and_description() {
    let cast = Cast::new().await;
    let page = cast.visitor.get("/c/ransbach").await;
    page.assert_status(200)
        .assert_html()
        .assert_contains(RANSBACH_NAME)
        .assert_contains(RANSBACH_DESCRIPTION);
    assert!(
        page.title().is_some_and(|t| t.contains(RANSBACH_NAME)),
        "title: {:?}",
        page.title()
    );
}

#[tokio::test]
async fn open_community_join_makes_a_member_at_once() {
    let app = TestApp::spawn().await;
    let manager = app.register("manager@example.org", "Maria").await;
    app.create_community(
        "sportverein",
        "TSV Sportverein",
        "open",
        true,
        Some(&manager.email),
    )
    .await;
    let anna = app.register("anna@example.org", "Anna Neu").await;
    anna.browser
        .get("/c/sportverein/join")
        .await
        .assert_status(200)
        .assert_html();
    anna.browser
        .post_form("/c/sportverein/join", &[])
        .await
        .assert_redirect("/c/sportverein");
    assert_eq!(
        app.role_of("sportverein", &anna.email).await,
        Some(StoredRole::Member)
    );
    anna.browser
        .get("/c/sportverein/members")
        .await
        .assert_status(200)
        .assert_contains("Anna Neu");
    // Joining again changes nothing and sends the member home.
    anna.browser
        .post_form("/c/sportverein/join", &[])
        .await
        .assert_redirect("/c/sportverein");
    anna.browser
        .get("/c/sportverein/join")
        .await
        .assert_redirect("/c/sportverein");
    assert_eq!(
        app.role_of("sportverein", &anna.email).await,
        Some(StoredRole::Member)
    );
}

#[tokio::test]
async fn visitors_are_sent_to_log_in_before_joining() {
    let cast = Cast::new().await;
    cast.visitor
        .get("/c/ransbach/join")
        .await
        .assert_redirect("/login?next=/c/ransbach/join");
    cast.visitor
        .post_form("/c/ransbach/join", &[])
        .await
        .assert_redirect("/login?next=/");
}

#[tokio::test]
async fn a_visitors_post_returns_to_the_page_of_its_form_after_login() {
    let cast = Cast::new().await;
    let referer = format!("{}/c/ransbach/join", cast.app.base_url);
    cast.visitor
        .post_form_with("/c/ransbach/join", &[], &[("referer", referer.as_str())])
        .await
        .assert_redirect("/login?next=/c/ransbach/join");
}

/// Files a join request for a new person and returns them with the request id.
async fn request_to_join(
    cast: &Cast,
    email: &str,
    name: &str,
    message: &str,
) -> (crate::support::Person, i64) {
    let person = cast.app.register(email, name).await;
    person
        .browser
        .post_form("/c/ransbach/join", &[("message", message)])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", email).await,
        None,
        "a request is not a membership"
    );
    let pending = cast.app.pending_requests("ransbach").await;
    let (request_id, _) = *pending
        .iter()
        .find(|(_, account)| *account == person.id)
        .expect("a pending request");
    (person, request_id)
}

#[tokio::test]
async fn approval_join_request_accepted_by_the_manager() {
    let cast = Cast::new().await;
    let (jonas, request_id) = request_to_join(
        &cast,
        "jonas@example.org",
        "Jonas Neu",
        "Ich wohne in der Bahnhofstraße",
    )
    .await;
    // The requester sees the request pending and still cannot see the directory.
    jonas
        .browser
        .get("/c/ransbach/join")
        .await
        .assert_status(200);
    jonas
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(403);

    let directory = cast.manager.browser.get("/c/ransbach/members").await;
    directory
        .assert_status(200)
        .assert_contains("Jonas Neu")
        .assert_contains("Bahnhofstraße");
    directory.assert_contains(&format!("/c/ransbach/requests/{request_id}/accept"));
    // Moderators and members do not see requests.
    cast.member
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(200)
        .assert_lacks("Jonas Neu");

    cast.manager
        .browser
        .post_form(&format!("/c/ransbach/requests/{request_id}/accept"), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &jonas.email).await,
        Some(StoredRole::Member)
    );
    assert!(cast.app.pending_requests("ransbach").await.is_empty());
    jonas
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(200)
        .assert_contains("Jonas Neu");
    // A decided request cannot be decided again.
    cast.manager
        .browser
        .post_form(&format!("/c/ransbach/requests/{request_id}/decline"), &[])
        .await
        .assert_status(404);
    assert_eq!(
        cast.app.role_of("ransbach", &jonas.email).await,
        Some(StoredRole::Member)
    );
}

#[tokio::test]
async fn approval_join_request_declined_by_the_manager() {
    let cast = Cast::new().await;
    let (jonas, request_id) =
        request_to_join(&cast, "jonas@example.org", "Jonas Neu", "Hallo").await;
    cast.manager
        .browser
        .post_form(&format!("/c/ransbach/requests/{request_id}/decline"), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(cast.app.role_of("ransbach", &jonas.email).await, None);
    assert!(cast.app.pending_requests("ransbach").await.is_empty());
    jonas
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(403);
    cast.manager
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_lacks("Jonas Neu");
    // After a decline one may ask again.
    jonas
        .browser
        .post_form("/c/ransbach/join", &[("message", "Zweiter Versuch")])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(cast.app.pending_requests("ransbach").await.len(), 1);
}

#[tokio::test]
async fn asking_twice_leaves_one_pending_request() {
    let cast = Cast::new().await;
    let (jonas, _) = request_to_join(&cast, "jonas@example.org", "Jonas Neu", "Hallo").await;
    jonas
        .browser
        .post_form("/c/ransbach/join", &[("message", "Noch einmal")])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(cast.app.pending_requests("ransbach").await.len(), 1);
}

#[tokio::test]
async fn a_too_long_join_message_is_a_form_error() {
    let cast = Cast::new().await;
    let jonas = cast.app.register("jonas@example.org", "Jonas").await;
    let message = "x".repeat(1001);
    jonas
        .browser
        .post_form("/c/ransbach/join", &[("message", &message)])
        .await
        .assert_status(422)
        .assert_html();
    assert!(cast.app.pending_requests("ransbach").await.is_empty());
}

#[tokio::test]
async fn only_managers_decide_requests() {
    let cast = Cast::new().await;
    let (jonas, request_id) = request_to_join(&cast, "jonas@example.org", "Jonas", "Hallo").await;
    let accept = format!("/c/ransbach/requests/{request_id}/accept");
    cast.moderator
        .browser
        .post_form(&accept, &[])
        .await
        .assert_status(403);
    cast.member
        .browser
        .post_form(&accept, &[])
        .await
        .assert_status(403);
    cast.outsider
        .browser
        .post_form(&accept, &[])
        .await
        .assert_status(403);
    jonas
        .browser
        .post_form(&accept, &[])
        .await
        .assert_status(403);
    cast.visitor
        .post_form(&accept, &[])
        .await
        .assert_redirect("/login?next=/");
    assert_eq!(cast.app.role_of("ransbach", &jonas.email).await, None);
    // The operator may.
    cast.operator
        .browser
        .post_form(&accept, &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &jonas.email).await,
        Some(StoredRole::Member)
    );
}

#[tokio::test]
async fn a_manager_of_another_community_cannot_decide_requests_here() {
    let cast = Cast::new().await;
    let (jonas, request_id) = request_to_join(&cast, "jonas@example.org", "Jonas", "Hallo").await;
    // The outsider manages "other"; the request id belongs to "ransbach".
    cast.outsider
        .browser
        .post_form(&format!("/c/other/requests/{request_id}/accept"), &[])
        .await
        .assert_status(404);
    assert_eq!(cast.app.role_of("ransbach", &jonas.email).await, None);
    assert_eq!(cast.app.role_of("other", &jonas.email).await, None);
}

/// Creates an invitation as the manager of "ransbach" (switched to invitation policy) and
/// returns its token, read from the settings page.
async fn create_invitation(cast: &Cast, browser: &Browser, max_uses: &str) -> String {
    browser
        .post_form(
            "/c/ransbach/settings/invitations",
            &[
                ("note", "Für die Nachbarn"),
                ("valid_days", "14"),
                ("max_uses", max_uses),
            ],
        )
        .await
        .assert_redirect("/c/ransbach/settings#invitations");
    let settings = browser.get("/c/ransbach/settings").await;
    settings
        .assert_status(200)
        .assert_contains("Für die Nachbarn");
    let marker = format!("{}/c/ransbach/invite/", cast.app.base_url);
    token_after(&settings.body, &marker).expect("the invitation link is shown on the settings page")
}

async fn switch_ransbach_to_invitation(cast: &Cast) {
    cast.manager
        .browser
        .post_form(
            "/c/ransbach/settings",
            &[
                ("name", RANSBACH_NAME),
                ("description", RANSBACH_DESCRIPTION),
                ("language", "de"),
                ("public_area", "on"),
                ("join_policy", "invitation"),
            ],
        )
        .await
        .assert_redirect("/c/ransbach/settings");
}

#[tokio::test]
async fn invitation_policy_refuses_plain_joining() {
    let cast = Cast::new().await;
    switch_ransbach_to_invitation(&cast).await;
    let anna = cast.app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form("/c/ransbach/join", &[])
        .await
        .assert_status(403)
        .assert_html()
        .assert_contains(RANSBACH_NAME);
    assert_eq!(cast.app.role_of("ransbach", &anna.email).await, None);
    assert!(cast.app.pending_requests("ransbach").await.is_empty());
}

#[tokio::test]
async fn invitation_link_makes_a_member_and_respects_max_uses() {
    let cast = Cast::new().await;
    switch_ransbach_to_invitation(&cast).await;
    let token = create_invitation(&cast, &cast.manager.browser, "1").await;
    let link = format!("/c/ransbach/invite/{token}");

    let anna = cast.app.register("anna@example.org", "Anna").await;
    anna.browser
        .get(&link)
        .await
        .assert_status(200)
        .assert_html()
        .assert_contains(RANSBACH_NAME);
    anna.browser
        .post_form(&link, &[])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &anna.email).await,
        Some(StoredRole::Member)
    );

    // The single use is spent.
    let berta = cast.app.register("berta@example.org", "Berta").await;
    berta
        .browser
        .get(&link)
        .await
        .assert_status(404)
        .assert_html();
    berta
        .browser
        .post_form(&link, &[])
        .await
        .assert_status(404)
        .assert_html();
    assert_eq!(cast.app.role_of("ransbach", &berta.email).await, None);
    // Accepting again as a member changes nothing.
    anna.browser
        .post_form(&link, &[])
        .await
        .assert_redirect("/c/ransbach");
}

#[tokio::test]
async fn invitation_with_several_uses() {
    let cast = Cast::new().await;
    let token = create_invitation(&cast, &cast.manager.browser, "2").await;
    let link = format!("/c/ransbach/invite/{token}");
    for (i, email) in ["a@example.org", "b@example.org", "c@example.org"]
        .iter()
        .enumerate()
    {
        let person = cast.app.register(email, &format!("Person {i}")).await;
        let page = person.browser.post_form(&link, &[]).await;
        if i < 2 {
            page.assert_redirect("/c/ransbach");
            assert_eq!(
                cast.app.role_of("ransbach", email).await,
                Some(StoredRole::Member)
            );
        } else {
            page.assert_status(404);
            assert_eq!(cast.app.role_of("ransbach", email).await, None);
        }
    }
}

#[tokio::test]
async fn visitors_see_the_invitation_and_must_log_in_to_accept() {
    let cast = Cast::new().await;
    let token = create_invitation(&cast, &cast.manager.browser, "5").await;
    let link = format!("/c/ransbach/invite/{token}");
    cast.visitor
        .get(&link)
        .await
        .assert_status(200)
        .assert_contains(RANSBACH_NAME);
    cast.visitor
        .post_form(&link, &[])
        .await
        .assert_redirect("/login?next=/");
}

#[tokio::test]
async fn revoked_unknown_and_malformed_invitations_are_not_found() {
    let cast = Cast::new().await;
    let token = create_invitation(&cast, &cast.manager.browser, "5").await;
    let community = cast.app.community_id("ransbach").await;
    let invitations = quartier::communities::joining::invitations(cast.app.pool(), community)
        .await
        .expect("query");
    let id = invitations
        .iter()
        .find(|i| i.token == token)
        .expect("stored")
        .id;
    // Only managers revoke.
    let revoke = format!("/c/ransbach/settings/invitations/{id}/revoke");
    cast.moderator
        .browser
        .post_form(&revoke, &[])
        .await
        .assert_status(403);
    cast.manager
        .browser
        .post_form(&revoke, &[])
        .await
        .assert_redirect("/c/ransbach/settings#invitations");
    cast.manager
        .browser
        .post_form(&revoke, &[])
        .await
        .assert_status(404);

    let anna = cast.app.register("anna@example.org", "Anna").await;
    let unknown = "ab".repeat(32);
    for t in [
        token.as_str(),
        unknown.as_str(),
        "not-a-token",
        "..%2F..%2Fadmin",
    ] {
        let link = format!("/c/ransbach/invite/{t}");
        anna.browser
            .get(&link)
            .await
            .assert_status(404)
            .assert_html();
        anna.browser
            .post_form(&link, &[])
            .await
            .assert_status(404)
            .assert_html();
    }
    assert_eq!(cast.app.role_of("ransbach", &anna.email).await, None);
}

#[tokio::test]
async fn an_invitation_only_works_for_its_own_community() {
    let cast = Cast::new().await;
    let token = create_invitation(&cast, &cast.manager.browser, "5").await;
    let anna = cast.app.register("anna@example.org", "Anna").await;
    let link = format!("/c/other/invite/{token}");
    anna.browser.get(&link).await.assert_status(404);
    anna.browser.post_form(&link, &[]).await.assert_status(404);
    assert_eq!(cast.app.role_of("other", &anna.email).await, None);
}

#[tokio::test]
async fn invitation_form_errors_keep_the_input() {
    let cast = Cast::new().await;
    let page = cast
        .manager
        .browser
        .post_form(
            "/c/ransbach/settings/invitations",
            &[
                ("note", "Sommerfest-Gäste"),
                ("valid_days", "0"),
                ("max_uses", "lots"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_html()
        .assert_contains("Sommerfest-Gäste")
        .assert_contains("lots");
    let community = cast.app.community_id("ransbach").await;
    let invitations = quartier::communities::joining::invitations(cast.app.pool(), community)
        .await
        .expect("query");
    assert!(invitations.is_empty());
}

#[tokio::test]
async fn only_managers_create_invitations() {
    let cast = Cast::new().await;
    let fields = [("note", ""), ("valid_days", "14"), ("max_uses", "10")];
    cast.moderator
        .browser
        .post_form("/c/ransbach/settings/invitations", &fields)
        .await
        .assert_status(403);
    cast.member
        .browser
        .post_form("/c/ransbach/settings/invitations", &fields)
        .await
        .assert_status(403);
    cast.visitor
        .post_form("/c/ransbach/settings/invitations", &fields)
        .await
        .assert_redirect("/login?next=/");
}

#[tokio::test]
async fn a_member_can_leave() {
    let cast = Cast::new().await;
    cast.member
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/");
    assert_eq!(cast.app.role_of("ransbach", &cast.member.email).await, None);
    cast.member
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(403);
    // Leaving again: not a member.
    cast.member
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_status(403);
}

#[tokio::test]
async fn visitors_cannot_leave() {
    let cast = Cast::new().await;
    cast.visitor
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/login?next=/");
}

#[tokio::test]
async fn the_last_manager_cannot_leave() {
    let cast = Cast::new().await;
    cast.manager
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.manager.email).await,
        Some(StoredRole::Manager)
    );
    // The refusal is shown once, as an error, on the next page, then cleared.
    let page = cast.manager.browser.get("/c/ransbach").await;
    page.assert_status(200)
        .assert_contains("flash-error")
        .assert_contains("role=\"alert\"");
    assert!(
        page.set_cookies()
            .iter()
            .any(|c| c.starts_with("quartier_flash=;")),
        "flash cleared: {:?}",
        page.set_cookies()
    );
    cast.manager
        .browser
        .get("/c/ransbach")
        .await
        .assert_lacks("class=\"flash");
}

#[tokio::test]
async fn a_success_is_confirmed_once() {
    let cast = Cast::new().await;
    cast.member
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/");
    let page = cast.member.browser.get("/").await;
    page.assert_contains("class=\"flash\"")
        .assert_lacks("flash-error");
    cast.member
        .browser
        .get("/")
        .await
        .assert_lacks("class=\"flash");
}

#[tokio::test]
async fn the_last_manager_cannot_demote_or_remove_themselves() {
    let cast = Cast::new().await;
    let own = cast.manager.id;
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{own}/role"),
            &[("role", "member")],
        )
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.manager.email).await,
        Some(StoredRole::Manager)
    );
    cast.manager
        .browser
        .post_form(&format!("/c/ransbach/members/{own}/remove"), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.manager.email).await,
        Some(StoredRole::Manager)
    );
    // The operator cannot remove the last manager either.
    cast.operator
        .browser
        .post_form(&format!("/c/ransbach/members/{own}/remove"), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.manager.email).await,
        Some(StoredRole::Manager)
    );
}

#[tokio::test]
async fn with_a_second_manager_the_first_may_leave() {
    let cast = Cast::new().await;
    let moderator = cast.moderator.id;
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{moderator}/role"),
            &[("role", "manager")],
        )
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.moderator.email).await,
        Some(StoredRole::Manager)
    );
    cast.manager
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.manager.email).await,
        None
    );
    // Now the new manager is the last one.
    cast.moderator
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.moderator.email).await,
        Some(StoredRole::Manager)
    );
}

#[tokio::test]
async fn manager_changes_roles() {
    let cast = Cast::new().await;
    let member = cast.member.id;
    let path = format!("/c/ransbach/members/{member}/role");
    cast.manager
        .browser
        .post_form(&path, &[("role", "moderator")])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.member.email).await,
        Some(StoredRole::Moderator)
    );
    cast.manager
        .browser
        .post_form(&path, &[("role", "member")])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(
        cast.app.role_of("ransbach", &cast.member.email).await,
        Some(StoredRole::Member)
    );
    // Roles that are not memberships are refused.
    for bad in ["operator", "visitor", "", "Manager"] {
        cast.manager
            .browser
            .post_form(&path, &[("role", bad)])
            .await
            .assert_status(400)
            .assert_html();
    }
    assert_eq!(
        cast.app.role_of("ransbach", &cast.member.email).await,
        Some(StoredRole::Member)
    );
}

#[tokio::test]
async fn role_changes_for_non_members_are_not_found() {
    let cast = Cast::new().await;
    let outsider = cast.outsider.id;
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{outsider}/role"),
            &[("role", "moderator")],
        )
        .await
        .assert_status(404);
    assert_eq!(
        cast.app.role_of("ransbach", &cast.outsider.email).await,
        None
    );
    cast.manager
        .browser
        .post_form("/c/ransbach/members/999999/remove", &[])
        .await
        .assert_status(404);
}

#[tokio::test]
async fn a_moderator_cannot_change_roles() {
    let cast = Cast::new().await;
    let moderator = cast.moderator.id;
    cast.moderator
        .browser
        .post_form(
            &format!("/c/ransbach/members/{moderator}/role"),
            &[("role", "manager")],
        )
        .await
        .assert_status(403);
    assert_eq!(
        cast.app.role_of("ransbach", &cast.moderator.email).await,
        Some(StoredRole::Moderator)
    );
}

#[tokio::test]
async fn manager_removes_a_member() {
    let cast = Cast::new().await;
    let member = cast.member.id;
    cast.manager
        .browser
        .post_form(&format!("/c/ransbach/members/{member}/remove"), &[])
        .await
        .assert_redirect("/c/ransbach/members");
    assert_eq!(cast.app.role_of("ransbach", &cast.member.email).await, None);
    cast.member
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_status(403);
    cast.manager
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_lacks(&cast.member.name);
}

#[tokio::test]
async fn member_directory_lists_everyone_with_roles() {
    let cast = Cast::new().await;
    let page = cast.member.browser.get("/c/ransbach/members").await;
    page.assert_status(200).assert_html();
    for name in [
        &cast.manager.name,
        &cast.moderator.name,
        &cast.member.name,
        &cast.target.name,
    ] {
        page.assert_contains(name);
    }
    page.assert_lacks(&cast.outsider.name)
        .assert_lacks(&cast.operator.name);
    // Managers get the controls; plain members do not.
    page.assert_lacks(&format!("/c/ransbach/members/{}/role", cast.target.id));
    cast.manager
        .browser
        .get("/c/ransbach/members")
        .await
        .assert_contains(&format!("/c/ransbach/members/{}/role", cast.target.id));
}

#[tokio::test]
async fn manager_updates_settings() {
    let cast = Cast::new().await;
    let page = cast
        .manager
        .browser
        .post_form(
            "/c/ransbach/settings",
            &[
                ("name", "Ransbach Neu"),
                ("description", "Neue **Beschreibung** hier."),
                ("language", "de"),
                ("public_area", "on"),
                ("join_policy", "open"),
            ],
        )
        .await;
    page.assert_redirect("/c/ransbach/settings");
    let home = cast.visitor.get("/c/ransbach").await;
    home.assert_status(200)
        .assert_contains("Ransbach Neu")
        .assert_contains("<strong>Beschreibung</strong>");
    // Open now: joining is immediate.
    let anna = cast.app.register("anna@example.org", "Anna").await;
    anna.browser
        .post_form("/c/ransbach/join", &[])
        .await
        .assert_redirect("/c/ransbach");
    assert_eq!(
        cast.app.role_of("ransbach", &anna.email).await,
        Some(StoredRole::Member)
    );
}

#[tokio::test]
async fn settings_errors_keep_the_input() {
    let cast = Cast::new().await;
    let page = cast
        .manager
        .browser
        .post_form(
            "/c/ransbach/settings",
            &[
                ("name", ""),
                ("description", "Entwurf der Beschreibung"),
                ("language", "fr"),
                ("join_policy", "everyone"),
            ],
        )
        .await;
    page.assert_status(422)
        .assert_html()
        .assert_contains("Entwurf der Beschreibung");
    cast.visitor
        .get("/c/ransbach")
        .await
        .assert_contains(RANSBACH_NAME);
}

#[tokio::test]
async fn markdown_in_descriptions_is_sanitised() {
    let cast = Cast::new().await;
    cast.manager
        .browser
        .post_form(
            "/c/ransbach/settings",
            &[
                ("name", RANSBACH_NAME),
                (
                    "description",
                    "Hallo <script>alert('x')</script> [Link](javascript:alert(1))",
                ),
                ("language", "de"),
                ("public_area", "on"),
                ("join_policy", "approval"),
            ],
        )
        .await
        .assert_redirect("/c/ransbach/settings");
    let page = cast.visitor.get("/c/ransbach").await;
    page.assert_status(200).assert_contains("Hallo");
    page.assert_lacks("<script>alert")
        .assert_lacks("javascript:alert");
}

#[tokio::test]
async fn an_expired_invitation_is_not_found() {
    let cast = Cast::new().await;
    let token = create_invitation(&cast, &cast.manager.browser, "5").await;
    cast.app
        .execute("UPDATE invitations SET expires_at = 1")
        .await;
    let anna = cast.app.register("anna@example.org", "Anna").await;
    let link = format!("/c/ransbach/invite/{token}");
    anna.browser.get(&link).await.assert_status(404);
    anna.browser.post_form(&link, &[]).await.assert_status(404);
    assert_eq!(cast.app.role_of("ransbach", &anna.email).await, None);
    // The settings page no longer offers the expired link.
    cast.manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_lacks(&token);
}
