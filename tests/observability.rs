//! Observability: the health check and the Prometheus metrics.

use crate::support::{Cast, TestApp};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let page = app.client().get("/healthz").await;
    page.assert_status(200);
    assert!(
        page.content_type().starts_with("text/plain"),
        "{}",
        page.content_type()
    );
    assert_eq!(page.body.trim(), "ok");
    assert!(page.cookie_set("quartier_session").is_none());
}

#[tokio::test]
async fn metrics_count_requests_by_route_template() {
    let cast = Cast::new().await;
    cast.visitor.get("/c/ransbach").await.assert_status(200);
    cast.visitor.get("/c/other").await.assert_status(200);
    cast.visitor.get("/healthz").await.assert_status(200);
    let page = cast.visitor.get("/metrics").await;
    page.assert_status(200);
    assert!(
        page.content_type().starts_with("text/plain"),
        "{}",
        page.content_type()
    );
    let body = &page.body;
    assert!(
        body.contains("# TYPE quartier_http_requests_total counter"),
        "{body}"
    );
    assert!(
        body.contains(
            r#"quartier_http_requests_total{method="GET",route="/c/{slug}",status="200"} 2"#
        ),
        "both community pages counted under one route label:\n{body}"
    );
    assert!(
        body.contains(
            r#"quartier_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{body}"
    );
    assert!(
        body.contains(
            r#"quartier_http_requests_total{method="POST",route="/register",status="303"}"#
        ),
        "{body}"
    );
    assert!(
        !body.contains("route=\"/c/ransbach\""),
        "no per-slug labels:\n{body}"
    );
    assert!(
        body.contains(
            r#"quartier_http_request_duration_seconds_bucket{route="/c/{slug}",le="+Inf"} 2"#
        ),
        "{body}"
    );
    assert!(
        body.contains("quartier_http_request_duration_seconds_bucket{"),
        "{body}"
    );
    assert!(
        body.contains("quartier_http_request_duration_seconds_count{"),
        "{body}"
    );
    assert!(body.contains("quartier_db_pool_connections "), "{body}");
}

#[tokio::test]
async fn metrics_count_errors_too() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    browser.get("/nope").await.assert_status(404);
    browser.get("/c/nowhere").await.assert_status(404);
    let body = browser.get("/metrics").await.body;
    assert!(
        body.contains(
            r#"quartier_http_requests_total{method="GET",route="/c/{slug}",status="404"} 1"#
        ),
        "{body}"
    );
    let unknown_route_counted = body.lines().any(|l| {
        l.starts_with("quartier_http_requests_total{method=\"GET\"")
            && l.contains("status=\"404\"")
            && !l.contains("/c/{slug}")
    });
    assert!(unknown_route_counted, "{body}");
    assert!(
        !body.contains("/nope"),
        "unknown paths do not become labels:\n{body}"
    );
}
