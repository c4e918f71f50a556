//! The operator's view of mail delivery: where mails go, the outbox by state (with the
//! reason of each failure, never the bodies), a test mail, and another try for dead mails.

use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::errors_json;
use crate::mail::outbox::{self, OutgoingMail};
use crate::mail::{Counters, Mailer};
use crate::validation::{Email, FieldErrors};
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// Entries listed on the page.
const LISTED: i64 = 100;
const STATUSES: [&str; 6] = ["pending", "sending", "sent", "failed", "dead", "cancelled"];

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filter {
    status: String,
}

#[derive(Deserialize, Default, serde::Serialize)]
#[serde(default)]
pub struct TestForm {
    to: String,
}

/// Where mails go and what this process delivered since it started.
pub fn transport_json(mailer: &Mailer) -> Value {
    json!({
        "smtp": mailer.transport.is_smtp(),
        "transport": mailer.transport.describe(),
        "sent": Counters::get(&mailer.counters.sent),
        "failed": Counters::get(&mailer.counters.failed),
        "dead": Counters::get(&mailer.counters.dead),
    })
}

async fn page_data(
    ctx: &Ctx,
    status: &str,
    form: Value,
    errors: &FieldErrors,
) -> Result<Value, AppError> {
    let pool = ctx.state.db.pool();
    let status = STATUSES.iter().find(|s| **s == status).copied();
    let filters: Vec<Value> = STATUSES
        .iter()
        .map(|s| json!({ "value": s, "label": ctx.t(&format!("mail-status-{s}")), "current": Some(*s) == status }))
        .collect();
    let entries: Vec<Value> = outbox::entries(pool, status, LISTED)
        .await?
        .into_iter()
        .map(|e| {
            let label = ctx.t(&format!("mail-status-{}", e.status));
            let mut v = json!(e);
            v["status_label"] = json!(label);
            v["retryable"] = json!(e.status == "dead");
            v
        })
        .collect();
    Ok(json!({
        "mail": transport_json(&ctx.state.mail),
        "counts": outbox::counts(pool).await?,
        "filters": filters,
        "filtered": status.is_some(),
        "entries": entries,
        "form": form,
        "errors": errors_json(errors),
    }))
}

pub async fn show(ctx: Ctx, Query(filter): Query<Filter>) -> Result<Response, AppError> {
    let operator = ctx.require_operator()?;
    let form = json!({ "to": operator.email });
    let data = page_data(&ctx, &filter.status, form, &FieldErrors::new()).await?;
    let title = ctx.t("admin-mail-title");
    Ok(ctx.page("pages/admin_mail", &title, None, data))
}

/// Queues a test mail to the given address (the operator's own by default).
pub async fn send_test(ctx: Ctx, Form(form): Form<TestForm>) -> Result<Response, AppError> {
    let operator = ctx.require_operator()?;
    let mut errors = FieldErrors::new();
    let Some(to) = errors.check("to", Email::parse(&form.to)) else {
        let data = page_data(&ctx, "", json!(form), &errors).await?;
        let title = ctx.t("admin-mail-title");
        return Ok(ctx.invalid("pages/admin_mail", &title, None, data));
    };
    let lang = ctx.lang();
    let composer = &ctx.state.mail.composer;
    let instance = ctx.state.instance.current().name;
    let subject = composer.t(lang, "mail-test-subject", &[("instance", &instance)]);
    let data = json!({ "instance": instance, "base_url": ctx.state.base_url });
    let rendered = composer.render("test", lang, subject, data)?;
    let mut tx = ctx.state.db.pool().begin().await?;
    let id = outbox::enqueue(
        &mut tx,
        &OutgoingMail {
            to: to.as_str().to_owned(),
            account_id: None,
            kind: "test",
            subject: rendered.subject,
            body_text: rendered.text,
            body_html: Some(rendered.html),
            lang,
            unsubscribe_token: None,
        },
    )
    .await?;
    tx.commit().await?;
    ctx.state.mail.wake();
    tracing::info!(
        outbox.id = id,
        operator.id = operator.id,
        "test mail queued"
    );
    Ok(redirect_with_flash(
        "/admin/mail",
        "flash-mail-test-queued",
        ctx.state.settings.secure_cookies(),
    ))
}

/// Puts a dead mail back in the queue.
pub async fn retry(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    ctx.require_operator()?;
    if !outbox::retry_dead(ctx.state.db.pool(), id).await? {
        return Err(AppError::NotFound);
    }
    ctx.state.mail.wake();
    Ok(redirect_with_flash(
        "/admin/mail?status=pending",
        "flash-mail-retry",
        ctx.state.settings.secure_cookies(),
    ))
}
