//! Races: the rules (an invitation's use count, the last manager, one account per email, one
//! pending request) hold when the requests arrive at the same time.

use quartier::communities::roles::Role as StoredRole;

use crate::support::{Browser, Cast, PASSWORD, TestApp, all_at_once, statuses, token_after};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_invitation_is_not_used_more_often_than_allowed() {
    let cast = Cast::new().await;
    cast.manager
        .browser
        .post_form(
            "/c/ransbach/settings/invitations",
            &[("note", ""), ("valid_days", "1"), ("max_uses", "2")],
        )
        .await
        .assert_status(303);
    let settings = cast.manager.browser.get("/c/ransbach/settings").await;
    let token = token_after(&settings.body, "/c/ransbach/invite/").expect("invitation link");
    let mut people = vec![];
    for i in 0..6 {
        people.push(
            cast.app
                .register(&format!("p{i}@example.org"), &format!("Person {i}"))
                .await,
        );
    }
    let posts = people
        .iter()
        .map(|p| {
            (
                p.browser.clone(),
                format!("/c/ransbach/invite/{token}"),
                vec![],
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    let joined = pages.iter().filter(|p| p.status.as_u16() == 303).count();
    let refused = pages.iter().filter(|p| p.status.as_u16() == 404).count();
    assert_eq!(
        (joined, refused),
        (2, 4),
        "statuses: {:?}",
        pages.iter().map(|p| p.status).collect::<Vec<_>>()
    );
    let mut members = 0;
    for p in &people {
        if cast.app.role_of("ransbach", &p.email).await.is_some() {
            members += 1;
        }
    }
    assert_eq!(members, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_managers_leaving_at_once_leave_one_behind() {
    let cast = Cast::new().await;
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{}/role", cast.moderator.id),
            &[("role", "manager")],
        )
        .await
        .assert_redirect("/c/ransbach/members");
    let posts = vec![
        (
            cast.manager.browser.clone(),
            "/c/ransbach/leave".to_owned(),
            vec![],
        ),
        (
            cast.moderator.browser.clone(),
            "/c/ransbach/leave".to_owned(),
            vec![],
        ),
    ];
    let pages = all_at_once(posts).await;
    let left = pages.iter().filter(|p| p.location() == Some("/")).count();
    assert_eq!(
        left,
        1,
        "exactly one manager left: {:?}",
        pages.iter().map(|p| p.location()).collect::<Vec<_>>()
    );
    let manager = cast.app.role_of("ransbach", &cast.manager.email).await;
    let moderator = cast.app.role_of("ransbach", &cast.moderator.email).await;
    assert!(
        manager == Some(StoredRole::Manager) || moderator == Some(StoredRole::Manager),
        "a manager remains: {manager:?} {moderator:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_managers_demoting_each_other_at_once_leave_one_manager() {
    let cast = Cast::new().await;
    cast.manager
        .browser
        .post_form(
            &format!("/c/ransbach/members/{}/role", cast.moderator.id),
            &[("role", "manager")],
        )
        .await
        .assert_status(303);
    let role = vec![("role".to_owned(), "member".to_owned())];
    let posts = vec![
        (
            cast.manager.browser.clone(),
            format!("/c/ransbach/members/{}/role", cast.moderator.id),
            role.clone(),
        ),
        (
            cast.moderator.browser.clone(),
            format!("/c/ransbach/members/{}/role", cast.manager.id),
            role,
        ),
    ];
    let pages = all_at_once(posts).await;
    for page in &pages {
        assert!(
            page.status.as_u16() == 303 || page.status.as_u16() == 403,
            "{}",
            page.status
        );
    }
    let managers = [
        cast.app.role_of("ransbach", &cast.manager.email).await,
        cast.app.role_of("ransbach", &cast.moderator.email).await,
    ]
    .iter()
    .filter(|r| **r == Some(StoredRole::Manager))
    .count();
    assert_eq!(managers, 1, "one manager remains");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_account_per_email_even_at_once() {
    let app = TestApp::spawn().await;
    let browsers: Vec<Browser> = (0..4).map(|_| app.client()).collect();
    let posts = browsers
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let fields = vec![
                ("email".to_owned(), "same@example.org".to_owned()),
                ("display_name".to_owned(), format!("Same {i}")),
                ("password".to_owned(), PASSWORD.to_owned()),
                ("password_confirm".to_owned(), PASSWORD.to_owned()),
            ];
            (b.clone(), "/register".to_owned(), fields)
        })
        .collect();
    let pages = all_at_once(posts).await;
    let statuses = statuses(&pages);
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        3,
        "{statuses:?}"
    );
    let count = quartier::accounts::count(app.pool()).await.expect("count");
    assert_eq!(count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_pending_request_even_at_once() {
    let cast = Cast::new().await;
    let jonas = cast.app.register("jonas@example.org", "Jonas").await;
    let posts = (0..4)
        .map(|i| {
            (
                jonas.browser.clone(),
                "/c/ransbach/join".to_owned(),
                vec![("message".to_owned(), format!("Anfrage {i}"))],
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    for page in &pages {
        page.assert_redirect("/c/ransbach");
    }
    assert_eq!(cast.app.pending_requests("ransbach").await.len(), 1);
}
