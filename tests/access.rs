//! The access matrix: every core page and action for every kind of viewer, as one table.
//!
//! Expected outcomes: `Ok` (200), `Done` (303 to the action's usual target), `Login` (303 to
//! `/login?next=<the requested path>`), `Forbidden` (403), `To(path)` (303 elsewhere).

use crate::support::{Browser, Cast, RANSBACH_NAME, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200 with a full HTML page.
    Ok,
    /// 303 to the login page, coming back here afterwards.
    Login,
    /// 403 page.
    Forbidden,
    /// 403 page that explains how to join "ransbach".
    JoinHint,
    /// 303 to this location.
    To(&'static str),
}

use Expect::{Forbidden, JoinHint, Login, Ok, To};

enum Request {
    Get(&'static str),
    /// A POST of a form; `{target}` in the path is the id of the `target` member.
    Post(&'static str, &'static [(&'static str, &'static str)]),
}

const SETTINGS_FORM: &[(&str, &str)] = &[
    ("name", RANSBACH_NAME),
    (
        "description",
        "Der digitale Treffpunkt unserer Stadt am Westerwald.",
    ),
    ("language", "de"),
    ("public_area", "on"),
    ("join_policy", "approval"),
];

const ROLE_FORM: &[(&str, &str)] = &[("role", "moderator")];

/// One row per request: the outcome for visitor, member, moderator, manager, operator, outsider.
fn table() -> Vec<(Request, [Expect; 6])> {
    use Request::{Get, Post};
    vec![
        (Get("/"), [Ok, Ok, Ok, Ok, Ok, Ok]),
        (
            Get("/login"),
            [Ok, To("/"), To("/"), To("/"), To("/"), To("/")],
        ),
        (
            Get("/register"),
            [Ok, To("/"), To("/"), To("/"), To("/"), To("/")],
        ),
        (Get("/password/forgot"), [Ok, Ok, Ok, Ok, Ok, Ok]),
        (Get("/account"), [Login, Ok, Ok, Ok, Ok, Ok]),
        (Get("/notifications"), [Login, Ok, Ok, Ok, Ok, Ok]),
        (Get("/notifications/settings"), [Login, Ok, Ok, Ok, Ok, Ok]),
        (
            Get("/admin"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
        ),
        (
            Get("/admin/mail"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
        ),
        (
            Get("/admin/communities/new"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
        ),
        (
            Get("/admin/communities/ransbach"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Forbidden],
        ),
        (Get("/c/ransbach"), [Ok, Ok, Ok, Ok, Ok, Ok]),
        (
            Get("/c/ransbach/join"),
            [
                Login,
                To("/c/ransbach"),
                To("/c/ransbach"),
                To("/c/ransbach"),
                Ok,
                Ok,
            ],
        ),
        (
            Get("/c/ransbach/members"),
            [Login, Ok, Ok, Ok, Ok, JoinHint],
        ),
        (
            Get("/c/ransbach/settings"),
            [Login, Forbidden, Forbidden, Ok, Ok, JoinHint],
        ),
        (Get("/c/other"), [Ok, Ok, Ok, Ok, Ok, Ok]),
        (
            Get("/c/other/members"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Ok],
        ),
        (
            Get("/c/other/settings"),
            [Login, Forbidden, Forbidden, Forbidden, Ok, Ok],
        ),
        (
            Post("/c/ransbach/settings", SETTINGS_FORM),
            [
                Login,
                Forbidden,
                Forbidden,
                To("/c/ransbach/settings"),
                To("/c/ransbach/settings"),
                JoinHint,
            ],
        ),
        (
            Post("/c/ransbach/members/{target}/role", ROLE_FORM),
            [
                Login,
                Forbidden,
                Forbidden,
                To("/c/ransbach/members"),
                To("/c/ransbach/members"),
                JoinHint,
            ],
        ),
        (
            Post(
                "/c/ransbach/settings/invitations",
                &[("note", ""), ("valid_days", "7"), ("max_uses", "3")],
            ),
            [
                Login,
                Forbidden,
                Forbidden,
                To("/c/ransbach/settings#invitations"),
                To("/c/ransbach/settings#invitations"),
                JoinHint,
            ],
        ),
        (
            Post(
                "/admin/settings",
                &[
                    ("name", "Quartier"),
                    ("tagline", ""),
                    ("registration_open", "on"),
                ],
            ),
            [
                Login,
                Forbidden,
                Forbidden,
                Forbidden,
                To("/admin"),
                Forbidden,
            ],
        ),
    ]
}

/// Sends the request as `browser` and checks the outcome.
async fn check(cast: &Cast, browser: &Browser, role: Role, request: &Request, expected: Expect) {
    let target = cast.target.id.to_string();
    let (page, path) = match request {
        Request::Get(path) => (browser.get(path).await, path.to_string()),
        Request::Post(path, form) => {
            let path = path.replace("{target}", &target);
            (browser.post_form(&path, form).await, path)
        }
    };
    let context = format!("{} as {role:?}", page.path);
    match expected {
        Ok => {
            assert_eq!(page.status.as_u16(), 200, "{context}: {}", page.body);
            page.assert_html();
        }
        Login => {
            // A GET comes back to itself after logging in; a POST cannot be repeated by a
            // redirect, so it comes back to the page its form was on (here: no Referer → /).
            let next = match request {
                Request::Get(_) => path.as_str(),
                Request::Post(..) => "/",
            };
            assert_eq!(page.status.as_u16(), 303, "{context}");
            assert_eq!(
                page.location(),
                Some(format!("/login?next={next}").as_str()),
                "{context}"
            );
        }
        Forbidden | JoinHint => {
            assert_eq!(page.status.as_u16(), 403, "{context}: {}", page.body);
            page.assert_html();
            if expected == JoinHint {
                // The page names the community and leads to its join page.
                assert!(
                    page.body.contains(RANSBACH_NAME),
                    "{context}: join hint names the community"
                );
                assert!(
                    page.body.contains("/c/ransbach"),
                    "{context}: join hint links the community"
                );
            }
        }
        To(location) => {
            assert_eq!(page.status.as_u16(), 303, "{context}: {}", page.body);
            assert_eq!(page.location(), Some(location), "{context}");
        }
    }
}

#[tokio::test]
async fn access_matrix() {
    let cast = Cast::new().await;
    for (request, outcomes) in table() {
        for (role, expected) in Role::ALL.into_iter().zip(outcomes) {
            let browser = cast.as_role(role);
            check(&cast, &browser, role, &request, expected).await;
        }
    }
}

#[tokio::test]
async fn the_join_hint_for_a_visitor_is_a_login_that_returns() {
    let cast = Cast::new().await;
    let page = cast.visitor.get("/c/ransbach/members?tab=all").await;
    page.assert_redirect("/login?next=/c/ransbach/members%3Ftab%3Dall");
    // The login form carries the return target.
    cast.visitor
        .get("/login?next=/c/ransbach/members")
        .await
        .assert_status(200)
        .assert_contains(r#"name="next" value="/c/ransbach/members""#);
    // Logging in with that `next` comes back to the page.
    cast.visitor
        .post_form(
            "/login",
            &[
                ("email", &cast.member.email),
                ("password", crate::support::PASSWORD),
                ("next", "/c/ransbach/members?tab=all"),
            ],
        )
        .await
        .assert_redirect("/c/ransbach/members?tab=all");
    cast.visitor
        .get("/c/ransbach/members")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn the_join_hint_names_the_community_asked_for() {
    let cast = Cast::new().await;
    // The manager of "ransbach" is not a member of "other".
    let page = cast.manager.browser.get("/c/other/members").await;
    page.assert_status(403)
        .assert_html()
        .assert_contains(crate::support::OTHER_NAME);
    page.assert_lacks(RANSBACH_NAME);
}
