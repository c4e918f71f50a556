//! The checks themselves: a deliberately bad page, served by a tiny server of its own, must
//! fail every one of them (axe-core, the HTML checker, the weight budget, the origin rule,
//! the language and the reflow checks), so a journey that passes has really been checked.

use axum::Router;
use axum::response::{Html, IntoResponse};
use axum::routing::get;

use super::walk_once;

/// A page with an image without text, a missing title, a misnested element, an image from
/// another origin, 120 KB of CSS and a fixed-width box wider than a phone.
async fn bad_page() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"fr\"><head><meta name=\"viewport\" \
         content=\"width=device-width\"><link rel=\"stylesheet\" href=\"/heavy.css\"></head>\
         <body><main><img src=\"/pixel.png\"><img alt=\"\" src=\"http://127.0.0.2:9/pixel.png\">\
         <p><div>misnested</div></p><div style=\"width: 900px\">wide</div></main></body></html>",
    )
}

/// A link that hides where the keyboard focus is.
async fn hidden_focus() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"en\"><head><title>Focus</title>\
         <style>a:focus { outline: none; }</style></head>\
         <body><main><a href=\"/focus\">Again</a></main></body></html>",
    )
}

async fn heavy_css() -> impl IntoResponse {
    (
        [("content-type", "text/css")],
        format!("/*{}*/", "x".repeat(120 * 1024)),
    )
}

/// Serves `app` on a free loopback port; its address.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn a_bad_page_fails_every_check() {
    let url = serve(
        Router::new()
            .route("/", get(bad_page))
            .route("/heavy.css", get(heavy_css)),
    )
    .await;

    let report = walk_once("self-test", "phone", async |trip| {
        let mut someone = trip.user("visitor", &url).await;
        someone.open("/").await;
        someone.leave().await;
    })
    .await;
    let report = report.expect_err("the bad page fails its checks");
    for expected in [
        "axe: / (phone) — image-alt",
        "axe: / (phone) — document-title",
        "html: ",
        "weight: / transferred",
        "origin: / requested http://127.0.0.2:9/pixel.png",
        "lang: / is in \"fr\" for a de browser",
        "reflow: / is",
    ] {
        assert!(
            report.contains(expected),
            "the report names {expected:?}:\n{report}"
        );
    }
}

#[tokio::test]
async fn a_hidden_focus_fails_the_keyboard_walk() {
    let url = serve(Router::new().route("/focus", get(hidden_focus))).await;

    let report = walk_once("self-test-focus", "keyboard", async |trip| {
        let mut someone = trip.user("visitor", &url).await;
        someone.open("/focus").await;
        someone.follow("Again").await;
        someone.leave().await;
    })
    .await;
    let report = report.expect_err("the hidden focus is found");
    assert!(
        report.contains("focus: no visible focus indicator on /focus at <a href=\"/focus\">"),
        "{report}"
    );
}
