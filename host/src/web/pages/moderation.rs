//! Moderation pages: the report form behind every plugin's "Melden / Report" control, the
//! community's queue for moderators and managers, and its audit log (also as CSV).

use axum::Form;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::communities::roles::Role;
use crate::moderation::cases::{
    self, Case, CaseKind, Change, DecideError, ItemRef, NewReport, ReportError, Verdict,
};
use crate::moderation::{Decision, Reason, blocks};
use crate::web::context::{Ctx, InCommunity, redirect_with_flash};
use crate::web::error::AppError;

/// The longest note a reporter or a warning a moderator can write.
const MAX_TEXT: usize = 1000;

/// What a report is about, as the report form shows it.
struct Subject {
    item_ref: ItemRef,
    item: cases::Item,
    /// What kind of thing it is, e.g. "Lost and found entry" or "Member".
    label: String,
    /// The page's heading.
    title_key: &'static str,
}

/// Resolves the item a report is about: an enabled module's reportable collection and a
/// document the viewer may see (a hidden one only if it is theirs or they moderate).
async fn reportable_item(
    ctx: &Ctx,
    ic: &InCommunity,
    plugin_id: &str,
    collection: &str,
    record_id: i64,
) -> Result<Subject, AppError> {
    let module = ic
        .modules
        .iter()
        .find(|m| m.plugin.manifest.id == plugin_id)
        .ok_or(AppError::NotFound)?;
    let declared = module
        .plugin
        .manifest
        .reportable(collection)
        .ok_or(AppError::NotFound)?;
    let item_ref = ItemRef {
        community_id: ic.community.id,
        plugin_id: plugin_id.to_owned(),
        collection: collection.to_owned(),
        record_id,
    };
    let mount_path = format!("/c/{}/{}", ic.community.slug, module.plugin.manifest.mount);
    let item = cases::load_item(&ctx.state.db, &item_ref, declared, &mount_path)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = ctx.account.as_ref().map(|a| a.id);
    if item.hidden && item.author_id != viewer && ic.role < Role::Moderator {
        return Err(AppError::NotFound);
    }
    // A private document exists only for its readers, however the id was found.
    if !item.reportable_by(viewer) {
        return Err(AppError::NotFound);
    }
    Ok(Subject {
        item_ref,
        item,
        label: declared.label.get(ctx.lang()).to_owned(),
        title_key: "report-title",
    })
}

/// Resolves a member of the community as the subject of a report.
async fn reportable_person(
    ctx: &Ctx,
    ic: &InCommunity,
    account_id: i64,
) -> Result<Subject, AppError> {
    let item = cases::load_person(
        ctx.state.db.pool(),
        ic.community.id,
        &ic.community.slug,
        account_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Subject {
        item_ref: ItemRef::person(ic.community.id, account_id),
        item,
        label: ctx.t("report-person-label"),
        title_key: "report-person-title",
    })
}

/// The report form's fields as sent.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReportForm {
    reason: String,
    note: String,
}

pub async fn report_form(
    ctx: Ctx,
    Path((slug, plugin_id, collection, record_id)): Path<(String, String, String, i64)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let subject = reportable_item(&ctx, &ic, &plugin_id, &collection, record_id).await?;
    show_report_form(&ctx, &ic, &subject).await
}

pub async fn report_person_form(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let subject = reportable_person(&ctx, &ic, account_id).await?;
    show_report_form(&ctx, &ic, &subject).await
}

async fn show_report_form(
    ctx: &Ctx,
    ic: &InCommunity,
    subject: &Subject,
) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let already =
        cases::already_reported(ctx.state.db.pool(), &subject.item_ref, account.id).await?;
    Ok(report_page(
        ctx,
        ic,
        StatusCode::OK,
        subject,
        &ReportForm::default(),
        json!({}),
        already,
    ))
}

fn report_page(
    ctx: &Ctx,
    ic: &InCommunity,
    status: StatusCode,
    subject: &Subject,
    form: &ReportForm,
    errors: Value,
    already: bool,
) -> Response {
    let reasons: Vec<Value> = Reason::ALL
        .iter()
        .map(|r| json!({"value": r.as_str(), "checked": form.reason == r.as_str()}))
        .collect();
    let title = ctx.t(subject.title_key);
    let person = subject.item_ref.plugin_id.is_empty();
    ctx.page_with_status(
        status,
        "pages/report",
        &title,
        Some(ic),
        json!({
            "heading": subject.title_key,
            "item": subject.item,
            "label": subject.label,
            "person": person,
            "reasons": reasons,
            "form": {"note": form.note},
            "errors": errors,
            "already": already,
            "own": ctx.account.as_ref().map(|a| a.id) == subject.item.author_id,
            "action": ctx.path,
        }),
    )
}

pub async fn report(
    ctx: Ctx,
    Path((slug, plugin_id, collection, record_id)): Path<(String, String, String, i64)>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let subject = reportable_item(&ctx, &ic, &plugin_id, &collection, record_id).await?;
    take_report(&ctx, &ic, &subject, form).await
}

pub async fn report_person(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Member)?;
    let subject = reportable_person(&ctx, &ic, account_id).await?;
    take_report(&ctx, &ic, &subject, form).await
}

/// Checks a report as sent and takes it, or shows the form again with what was typed.
async fn take_report(
    ctx: &Ctx,
    ic: &InCommunity,
    subject: &Subject,
    form: ReportForm,
) -> Result<Response, AppError> {
    let account = ctx.require_account()?;
    let secure = ctx.state.settings.secure_cookies();
    let item = &subject.item;
    let note = form.note.trim();
    let reason = Reason::parse(&form.reason);
    let mut errors = serde_json::Map::new();
    if item.author_id == Some(account.id) {
        let own = if subject.item_ref.plugin_id.is_empty() {
            "report-error-own-person"
        } else {
            "report-error-own"
        };
        errors.insert("reason".into(), json!(own));
    } else if reason.is_none() {
        errors.insert("reason".into(), json!("report-error-reason"));
    }
    if note.chars().count() > MAX_TEXT {
        errors.insert("note".into(), json!("report-error-note-long"));
    } else if reason == Some(Reason::Other) && note.is_empty() {
        errors.insert("note".into(), json!("report-error-note"));
    }
    let (Some(reason), true) = (reason, errors.is_empty()) else {
        return Ok(report_page(
            ctx,
            ic,
            StatusCode::UNPROCESSABLE_ENTITY,
            subject,
            &form,
            Value::Object(errors),
            false,
        ));
    };
    let new = NewReport {
        reporter_id: account.id,
        reason,
        note,
    };
    let reported = cases::report(
        &ctx.state.db,
        &ctx.state.catalogue,
        &ic.community.slug,
        &subject.item_ref,
        item,
        new,
    )
    .await;
    match reported {
        Ok(reported) => {
            if reported.hidden_now {
                ctx.state.emit_to(
                    &ic.community,
                    &subject.item_ref.plugin_id,
                    "item-hidden",
                    json!({
                        "collection": subject.item_ref.collection,
                        "id": subject.item_ref.record_id.to_string(),
                    }),
                );
            }
            Ok(redirect_with_flash(&item.link, "flash-reported", secure))
        }
        Err(ReportError::AlreadyReported) => Ok(redirect_with_flash(
            &item.link,
            "flash-error-already-reported",
            secure,
        )),
        Err(ReportError::Db(e)) => Err(e.into()),
    }
}

/// The block lengths a moderator can choose, in days (`forever`: until lifted).
const BLOCKS: &[&str] = &["1", "7", "30", "forever"];

pub async fn queue(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Moderator)?;
    let pool = ctx.state.db.pool();
    let (open, decided) = cases::queue(pool, ic.community.id).await?;
    let (held, reported): (Vec<_>, Vec<_>) = open.iter().partition(|c| c.kind == CaseKind::Held);
    let blocked = blocks::active(pool, ic.community.id).await?;
    let title = ctx.t("moderation-title");
    Ok(ctx.page(
        "pages/moderation",
        &title,
        Some(&ic),
        json!({
            "held": held.into_iter().map(case_json).collect::<Vec<_>>(),
            "open": reported.into_iter().map(case_json).collect::<Vec<_>>(),
            "decided": decided.iter().map(case_json).collect::<Vec<_>>(),
            "blocks": BLOCKS,
            "blocked": blocked,
            "manages": ic.role >= Role::Manager,
        }),
    ))
}

fn case_json(case: &Case) -> Value {
    let item = case.kind != CaseKind::Person;
    json!({
        "case": case,
        "person": !item,
        "held": case.kind == CaseKind::Held,
        "deleted": item && case.hidden.is_none(),
        "hidden": case.hidden == Some(true),
        "reasons": case.reasons.iter().map(|(r, n)| json!({"reason": r, "count": n})).collect::<Vec<_>>(),
    })
}

/// A moderator's decision as sent.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    decision: String,
    warning: String,
    block: String,
}

/// The community and the case a moderator acts on; the viewer must moderate there.
async fn moderated_case(
    ctx: &Ctx,
    slug: &str,
    case_id: i64,
) -> Result<(InCommunity, i64, Case), AppError> {
    let ic = ctx.community(slug).await?;
    ic.require(ctx, Role::Moderator)?;
    let actor = ctx.require_account()?.id;
    let case = cases::find(ctx.state.db.pool(), ic.community.id, case_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((ic, actor, case))
}

/// Back to the queue after a decision: tells the plugin what changed, then shows `flash`.
fn after_decision(
    ctx: &Ctx,
    ic: &InCommunity,
    case: &Case,
    outcome: Result<Change, DecideError>,
    flash: &str,
) -> Result<Response, AppError> {
    let back = format!("/c/{}/moderation", ic.community.slug);
    let secure = ctx.state.settings.secure_cookies();
    let change = match outcome {
        Ok(change) => change,
        Err(DecideError::NotOpen) => {
            return Ok(redirect_with_flash(
                &back,
                "flash-error-case-closed",
                secure,
            ));
        }
        Err(DecideError::Db(e)) => return Err(e.into()),
    };
    if let Some((event, payload)) = change.event(case) {
        ctx.state
            .emit_to(&ic.community, &case.plugin_id, event, payload);
    }
    Ok(redirect_with_flash(&back, flash, secure))
}

pub async fn decide(
    ctx: Ctx,
    Path((slug, case_id)): Path<(String, i64)>,
    Form(form): Form<DecideForm>,
) -> Result<Response, AppError> {
    let (ic, actor, case) = moderated_case(&ctx, &slug, case_id).await?;
    let refuse = |flash: &str| {
        Ok(redirect_with_flash(
            &format!("/c/{slug}/moderation"),
            flash,
            ctx.state.settings.secure_cookies(),
        ))
    };
    let Some(decision) = Decision::parse(&form.decision) else {
        return refuse("flash-error-decision-missing");
    };
    // A person is neither hidden nor deleted; warnings and blocks are what there is.
    if case.kind == CaseKind::Person && decision != Decision::Keep {
        return Err(AppError::BadRequest);
    }
    let warning = form.warning.trim();
    if warning.chars().count() > MAX_TEXT {
        return refuse("flash-error-warning-too-long");
    }
    let block_until = match form.block.as_str() {
        "" => None,
        "forever" => Some(None),
        days => match days.parse::<i64>() {
            Ok(days) if BLOCKS.contains(&form.block.as_str()) => {
                Some(Some(crate::db::now_ms() + days * 86_400_000))
            }
            _ => return Err(AppError::BadRequest),
        },
    };
    let block_until_text = block_until
        .flatten()
        .map(|ms| crate::web::render::format_date(ms, ic.community.language));
    let verdict = Verdict {
        decision,
        warning: Some(warning),
        block_until,
        block_until_text,
    };
    let outcome = cases::decide(
        &ctx.state.db,
        &ctx.state.catalogue,
        &case,
        ic.community.id,
        actor,
        &verdict,
    )
    .await;
    after_decision(&ctx, &ic, &case, outcome, "flash-case-decided")
}

pub async fn restore(
    ctx: Ctx,
    Path((slug, case_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (ic, actor, case) = moderated_case(&ctx, &slug, case_id).await?;
    let outcome = cases::restore(&ctx.state.db, &case, ic.community.id, actor).await;
    after_decision(&ctx, &ic, &case, outcome, "flash-case-restored")
}

pub async fn escalate(
    ctx: Ctx,
    Path((slug, case_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (ic, actor, case) = moderated_case(&ctx, &slug, case_id).await?;
    ic.require(&ctx, Role::Manager)?;
    let outcome = cases::escalate(
        &ctx.state.db,
        &ctx.state.catalogue,
        &case,
        ic.community.id,
        &slug,
        actor,
    )
    .await
    .map(|()| Change::None);
    after_decision(&ctx, &ic, &case, outcome, "flash-case-escalated")
}

pub async fn lift_block(
    ctx: Ctx,
    Path((slug, account_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Moderator)?;
    let actor = ctx.require_account()?.id;
    let lifted = blocks::lift(ctx.state.db.pool(), ic.community.id, account_id, actor).await?;
    let flash = if lifted {
        "flash-block-lifted"
    } else {
        "flash-error-not-blocked"
    };
    Ok(redirect_with_flash(
        &format!("/c/{slug}/moderation"),
        flash,
        ctx.state.settings.secure_cookies(),
    ))
}

/// How many log entries the page and the export show.
const LOG_LIMIT: i64 = 5000;

pub async fn log(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Moderator)?;
    let entries = crate::audit::latest(ctx.state.db.pool(), ic.community.id, 500).await?;
    let title = ctx.t("moderation-log-title");
    Ok(ctx.page(
        "pages/moderation_log",
        &title,
        Some(&ic),
        json!({ "entries": entries }),
    ))
}

pub async fn log_csv(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Moderator)?;
    let entries = crate::audit::latest(ctx.state.db.pool(), ic.community.id, LOG_LIMIT).await?;
    let lang = ctx.lang();
    let mut csv = String::from("time,actor,action,subject,detail,case\r\n");
    for e in entries.iter().rev() {
        let action = ctx
            .state
            .catalogue
            .get(lang, &format!("audit-{}", e.action));
        let row = [
            crate::web::render::format_datetime(e.at, lang),
            e.actor.clone().unwrap_or_default(),
            action,
            e.subject.clone().unwrap_or_default(),
            e.detail.clone(),
            e.case_id.map(|c| c.to_string()).unwrap_or_default(),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    let filename = format!("moderation-log-{slug}.csv");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
        .into_response())
}

/// One CSV cell: quoted when needed, and never starting like a spreadsheet formula.
fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
