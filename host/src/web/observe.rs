//! Observability: one log line per request (request id, route, community, status,
//! duration_ms) and the Prometheus metrics behind `/metrics`.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::AppState;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Request counters and a latency histogram per route, kept in memory.
#[derive(Debug, Default)]
pub struct Metrics {
    next_request_id: AtomicU64,
    requests: Mutex<HashMap<(String, String, u16), u64>>,
    latency: Mutex<HashMap<String, Histogram>>,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        *self
            .requests
            .lock()
            .expect("metrics lock")
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let mut latency = self.latency.lock().expect("metrics lock");
        let histogram = latency.entry(route.to_owned()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                histogram.counts[i] += 1;
            }
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    /// The metrics in Prometheus text exposition format.
    pub fn render(&self, pool_size: u32, pool_idle: usize) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP quartier_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE quartier_http_requests_total counter\n");
        let requests = self.requests.lock().expect("metrics lock").clone();
        let mut rows: Vec<_> = requests.into_iter().collect();
        rows.sort();
        for ((method, route, status), count) in rows {
            let _ = writeln!(
                out,
                "quartier_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape_label(&route)
            );
        }
        out.push_str(
            "# HELP quartier_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE quartier_http_request_duration_seconds histogram\n");
        let latency = self.latency.lock().expect("metrics lock").clone();
        let mut routes: Vec<_> = latency.into_iter().collect();
        routes.sort_by(|a, b| a.0.cmp(&b.0));
        for (route, h) in routes {
            let route = escape_label(&route);
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "quartier_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "quartier_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "quartier_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "quartier_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP quartier_db_pool_connections Open database connections.\n");
        out.push_str("# TYPE quartier_db_pool_connections gauge\n");
        let _ = writeln!(out, "quartier_db_pool_connections {pool_size}");
        out.push_str("# HELP quartier_db_pool_idle_connections Idle database connections.\n");
        out.push_str("# TYPE quartier_db_pool_idle_connections gauge\n");
        let _ = writeln!(out, "quartier_db_pool_idle_connections {pool_idle}");
        out
    }
}

fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Layer: gives the request an id and a tracing span, logs its outcome, counts it.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = state
        .metrics
        .next_request_id
        .fetch_add(1, Ordering::Relaxed)
        + 1;
    let method = req.method().as_str().to_owned();
    // The route template keeps label cardinality bounded: `/c/{slug}`, not every slug.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let community = req
        .uri()
        .path()
        .strip_prefix("/c/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("")
        .to_owned();
    let span = tracing::info_span!(
        "request",
        request.id = id,
        http.method = %method,
        http.route = %route,
        community.slug = %community,
    );
    let response = next.run(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            http.status = status,
            duration_ms = elapsed.as_secs_f64() * 1000.0,
            "request finished"
        )
    });
    state
        .metrics
        .record(&method, &route, status, elapsed.as_secs_f64());
    response
}
