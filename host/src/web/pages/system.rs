//! Operational endpoints and plumbing: health, metrics, static files, the 404 fallback.

use crate::mail::Counters;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::web::AppState;
use crate::web::context::Ctx;
use crate::web::error::AppError;
use crate::web::render::StaticFiles;

/// Liveness and readiness: answers 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query("SELECT 1").execute(state.db.pool()).await {
        Ok(_) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "ok\n",
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

/// Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let pool = state.db.pool();
    let mut body = state.metrics.render(pool.size(), pool.num_idle());
    let counters = &state.mail.counters;
    for (name, help, counter) in [
        (
            "quartier_mail_sent_total",
            "Mails delivered by this process.",
            &counters.sent,
        ),
        (
            "quartier_mail_failed_total",
            "Failed delivery attempts (retried or dead).",
            &counters.failed,
        ),
        (
            "quartier_mail_dead_total",
            "Mails given up by this process.",
            &counters.dead,
        ),
    ] {
        body.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
            Counters::get(counter)
        ));
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

pub async fn static_file(Path(path): Path<String>) -> Result<Response, AppError> {
    let file = StaticFiles::get(&path).ok_or(AppError::NotFound)?;
    let content_type = match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        file.data.into_owned(),
    )
        .into_response())
}

/// Unknown paths. Extracting the context lets the error page greet a logged-in viewer in
/// their language.
pub async fn not_found(_ctx: Ctx) -> AppError {
    AppError::NotFound
}
