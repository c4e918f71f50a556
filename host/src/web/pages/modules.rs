//! Pages of plugins: `/c/{community}/{mount}/…` goes to the plugin's `handle`, and its answer
//! becomes a page in the community layout, a redirect, a typed body or a 422 form. Also the
//! widgets on the community home.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::blobs::store::{self as blob_store, Rendition};
use crate::blobs::uploads::{self, Handled, Refusal, Uploader};
use crate::communities::roles::Role;
use crate::moderation::premoderation;
use crate::plugins::bindings::v0_1::quartier::plugin::{blobs as wit_blobs, http};
use crate::plugins::call::{CallContext, Hold, Invocation, Outcome};
use crate::plugins::links::stays_below_mount;
use crate::plugins::manifest::Capability;
use crate::plugins::records::Scope;
use crate::plugins::registry::Enabled;
use crate::plugins::render::BLOCKED_PEOPLE;
use crate::web::context::{Ctx, InCommunity, redirect_with_flash};
use crate::web::error::AppError;
use crate::web::multipart::Parsed;

pub async fn serve_root(
    ctx: Ctx,
    method: Method,
    Path((slug, mount)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    multipart: Option<Extension<Parsed>>,
    body: Bytes,
) -> Result<Response, AppError> {
    let sent = Sent::new(method, query, multipart, body);
    serve_path(ctx, slug, mount, String::new(), sent).await
}

pub async fn serve(
    ctx: Ctx,
    method: Method,
    Path((slug, mount, rest)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    multipart: Option<Extension<Parsed>>,
    body: Bytes,
) -> Result<Response, AppError> {
    let sent = Sent::new(method, query, multipart, body);
    serve_path(ctx, slug, mount, rest, sent).await
}

/// What the browser sent besides the path.
struct Sent {
    method: Method,
    query: Option<String>,
    /// A multipart form, already parsed by the guard.
    multipart: Option<Parsed>,
    body: Bytes,
}

impl Sent {
    fn new(
        method: Method,
        query: Option<String>,
        multipart: Option<Extension<Parsed>>,
        body: Bytes,
    ) -> Self {
        Sent {
            method,
            query,
            multipart: multipart.map(|Extension(m)| m),
            body,
        }
    }
}

/// The call's fixed facts: community, viewer, grants.
fn call_context(ctx: &Ctx, ic: &InCommunity, module: &Enabled) -> CallContext {
    // Someone without an account is always a visitor; an operator has an account.
    let viewer = ctx.account.as_ref().map(|a| (a, ic.role));
    CallContext::new(
        &ctx.state.base_url,
        &ic.community,
        module,
        viewer,
        ctx.lang(),
    )
}

async fn serve_path(
    ctx: Ctx,
    slug: String,
    mount: String,
    rest: String,
    sent: Sent,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    let module = ic.module(&mount).cloned().ok_or(AppError::NotFound)?;
    // Without a public area, modules are for members only, like the rest of the community.
    if !ic.community.public_area {
        ic.require(&ctx, Role::Member)?;
    }
    let pairs = |raw: &[u8]| {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw).map_err(|_| AppError::BadRequest)
    };
    let is_post = sent.method == Method::POST;
    // Someone a moderator blocked reads but does not write, in every module alike.
    if is_post
        && let Some(account) = &ctx.account
        && crate::moderation::blocks::is_blocked(ctx.state.db.pool(), ic.community.id, account.id)
            .await?
    {
        return Err(AppError::Blocked);
    }
    let (mut form, files) = match (is_post, &sent.multipart) {
        (false, _) => (vec![], vec![]),
        (true, Some(parts)) => (parts.fields.clone(), parts.files.clone()),
        (true, None) => (pairs(&sent.body)?, vec![]),
    };
    form.retain(|(k, _)| k != crate::web::guard::FIELD);
    let scope = Scope {
        community_id: ic.community.id,
        plugin_id: module.plugin.manifest.id.clone(),
    };
    let uploads = if files.is_empty() {
        vec![]
    } else {
        let uploader = Uploader {
            account_id: ctx.account.as_ref().map(|a| a.id),
            granted: module.granted.contains(&Capability::Blobs),
        };
        let limits = ctx.state.settings.upload_limits();
        uploads::accept(ctx.state.db.pool(), &scope, uploader, limits, files)
            .await?
            .into_iter()
            .map(upload_to_wit)
            .collect()
    };
    let request = http::Request {
        method: if is_post {
            http::Method::Post
        } else {
            http::Method::Get
        },
        path: format!("/{rest}"),
        query: pairs(sent.query.unwrap_or_default().as_bytes())?,
        form,
        uploads,
    };
    let mut call = call_context(&ctx, &ic, &module);
    let mount_path = call.mount_path.clone();
    // Pre-moderation: a new member's posts wait for approval.
    if is_post
        && ic.role == Role::Member
        && !module.plugin.reportable.is_empty()
        && let Some(account) = &ctx.account
        && premoderation::applies(ctx.state.db.pool(), ic.community.id, account.id).await?
    {
        call.hold = Some(Hold::new(ctx.state.catalogue.clone(), &module.plugin));
    }
    let hold = call.hold.clone();
    let outcome = ctx
        .state
        .plugins
        .call(
            &ctx.state.db,
            &module.plugin,
            call,
            Invocation::Handle(request),
        )
        .await
        .map_err(|_| AppError::PluginFailed)?;
    let Outcome::Response(response) = outcome else {
        return Err(AppError::PluginFailed);
    };
    let held = hold.map(|h| h.held()).unwrap_or_default();
    for (collection, id) in &held {
        ctx.state.emit_to(
            &ic.community,
            &module.plugin.manifest.id,
            "item-hidden",
            json!({"collection": collection, "id": id.to_string()}),
        );
    }
    // Whom the viewer blocked, for the `by-person` helper: read once, for pages only.
    let blocked = match &response {
        http::Response::View(_) | http::Response::Invalid(_) => blocked_people(&ctx).await?,
        _ => Value::Null,
    };
    match response {
        http::Response::View(view) => {
            render(&ctx, &ic, &module, &blocked, view, &[], StatusCode::OK)
        }
        http::Response::Invalid((view, errors)) => render(
            &ctx,
            &ic,
            &module,
            &blocked,
            view,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // A held post is not published yet, whatever the plugin says: the host says so.
        http::Response::Redirect(redirect) if !held.is_empty() => redirect_to(
            &ctx,
            &module,
            &mount_path,
            redirect,
            Some("flash-held-for-approval"),
        ),
        http::Response::Redirect(redirect) => {
            redirect_to(&ctx, &module, &mount_path, redirect, None)
        }
        http::Response::Body(body) => Ok(typed_body(body)),
        http::Response::Blob((id, rendition)) => {
            let rendition = match rendition {
                http::Rendition::Full => Rendition::Full,
                http::Rendition::Thumbnail => Rendition::Thumbnail,
            };
            let viewer = ctx.account.as_ref().map(|a| a.id);
            let content =
                blob_store::content(ctx.state.db.pool(), &scope, viewer, &id, rendition).await?;
            content.map(blob_body).ok_or(AppError::NotFound)
        }
        http::Response::NotFound => Err(AppError::NotFound),
        http::Response::Forbidden if ctx.account.is_none() => Err(AppError::LoginRequired {
            next: ctx.path.clone(),
        }),
        http::Response::Forbidden => Err(AppError::Forbidden(None)),
    }
}

/// The people the viewer blocked, as the object the `by-person` helper reads (account id →
/// true); `null` for visitors, who block nobody. One query per page.
async fn blocked_people(ctx: &Ctx) -> Result<Value, AppError> {
    let Some(account) = &ctx.account else {
        return Ok(Value::Null);
    };
    let ids =
        crate::moderation::member_blocks::blocked_ids(ctx.state.db.pool(), account.id).await?;
    Ok(Value::Object(
        ids.into_iter()
            .map(|id| (id.to_string(), Value::Bool(true)))
            .collect(),
    ))
}

/// The data a plugin template sees: the plugin's own data plus what the host provides.
fn template_data(
    ctx: &Ctx,
    ic: &InCommunity,
    module: &Enabled,
    blocked: &Value,
    view: &http::View,
    errors: &[http::FieldError],
) -> Result<Value, AppError> {
    let mut data: Value = serde_json::from_str(&view.data_json).map_err(|_| {
        tracing::error!(plugin.id = %module.plugin.manifest.id, "plugin view data is not JSON");
        AppError::PluginFailed
    })?;
    let Value::Object(map) = &mut data else {
        tracing::error!(plugin.id = %module.plugin.manifest.id, "plugin view data is not a JSON object");
        return Err(AppError::PluginFailed);
    };
    let errors: serde_json::Map<String, Value> = errors
        .iter()
        .map(|e| (e.field.clone(), json!(e.message)))
        .collect();
    map.insert("errors".into(), Value::Object(errors));
    // Host values come last: a plugin cannot override them.
    map.insert(
        "mount".into(),
        json!(format!(
            "/c/{}/{}",
            ic.community.slug, module.plugin.manifest.mount
        )),
    );
    map.insert("lang".into(), json!(ctx.lang().code()));
    // For a form's hint on photos: "at most 3 photos, each up to 10 MB".
    map.insert(
        "upload_max_mb".into(),
        json!(ctx.state.settings.max_upload_bytes.div_ceil(1024 * 1024)),
    );
    map.insert("csrf".into(), json!(ctx.csrf));
    // The `report` helper links here; only members report.
    let report_base = (ic.role >= Role::Member && ctx.account.is_some()).then(|| {
        format!(
            "/c/{}/moderation/report/{}",
            ic.community.slug, module.plugin.manifest.id
        )
    });
    map.insert("report_base".into(), json!(report_base));
    map.insert(BLOCKED_PEOPLE.into(), blocked.clone());
    map.insert(
        "viewer".into(),
        json!({
            "logged_in": ctx.account.is_some(),
            "display_name": ctx.account.as_ref().map(|a| a.display_name.clone()),
            "role": ic.role,
        }),
    );
    Ok(data)
}

/// Renders one of the plugin's templates to HTML (escaped by the plugin's registry);
/// `blocked` comes from [`blocked_people`].
pub fn render_view_html(
    ctx: &Ctx,
    ic: &InCommunity,
    module: &Enabled,
    blocked: &Value,
    view: &http::View,
    errors: &[http::FieldError],
) -> Result<String, AppError> {
    let data = template_data(ctx, ic, module, blocked, view, errors)?;
    module.plugin.templates.render(&view.template, &data).map_err(|e| {
        tracing::error!(plugin.id = %module.plugin.manifest.id, template = %view.template, error = %e, "plugin template failed");
        AppError::PluginFailed
    })
}

fn render(
    ctx: &Ctx,
    ic: &InCommunity,
    module: &Enabled,
    blocked: &Value,
    view: http::View,
    errors: &[http::FieldError],
    status: StatusCode,
) -> Result<Response, AppError> {
    let html = render_view_html(ctx, ic, module, blocked, &view, errors)?;
    let title: String = view.title.chars().take(200).collect();
    Ok(ctx.page_with_status(
        status,
        "pages/module",
        &title,
        Some(ic),
        json!({"module_html": html, "module_id": module.plugin.manifest.id}),
    ))
}

fn redirect_to(
    ctx: &Ctx,
    module: &Enabled,
    mount_path: &str,
    redirect: http::Redirect,
    host_flash: Option<&str>,
) -> Result<Response, AppError> {
    let location = redirect.location;
    if !stays_below_mount(&location) {
        tracing::error!(plugin.id = %module.plugin.manifest.id, "plugin redirected outside its mount");
        return Err(AppError::PluginFailed);
    }
    let target = if location == "/" {
        mount_path.to_owned()
    } else {
        format!("{mount_path}{location}")
    };
    let secure = ctx.state.settings.secure_cookies();
    if let Some(key) = host_flash {
        return Ok(redirect_with_flash(&target, key, secure));
    }
    let flash = redirect.flash.filter(|k| {
        !k.is_empty()
            && k.len() < 64
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    Ok(match flash {
        Some(key) => redirect_with_flash(
            &target,
            &format!("p.{}.{key}", module.plugin.manifest.id),
            secure,
        ),
        None => axum::response::Redirect::to(&target).into_response(),
    })
}

fn upload_to_wit(handled: Handled) -> http::Upload {
    http::Upload {
        field: handled.field,
        filename: handled.filename,
        outcome: match handled.outcome {
            Ok(info) => Ok(wit_blobs::Blob {
                id: info.id,
                content_type: info.content_type,
                width: info.width,
                height: info.height,
                size: info.size,
                kept: info.kept,
            }),
            Err(refusal) => Err(match refusal {
                Refusal::TooLarge => wit_blobs::Refusal::TooLarge,
                Refusal::NotAnImage => wit_blobs::Refusal::NotAnImage,
                Refusal::TooManyPixels => wit_blobs::Refusal::TooManyPixels,
                Refusal::TooManyFiles => wit_blobs::Refusal::TooManyFiles,
                Refusal::NotAllowed => wit_blobs::Refusal::NotAllowed,
            }),
        },
    }
}

/// A blob as an image response. Private caching only: who may see it depends on the viewer.
fn blob_body(content: blob_store::Content) -> Response {
    let content_type = HeaderValue::from_str(&content.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        content.bytes,
    )
        .into_response()
}

fn typed_body(body: http::Body) -> Response {
    let content_type = match body.kind {
        http::BodyKind::Atom => "application/atom+xml; charset=utf-8",
        http::BodyKind::Icalendar => "text/calendar; charset=utf-8",
        http::BodyKind::Json => "application/json",
        http::BodyKind::Csv => "text/csv; charset=utf-8",
        http::BodyKind::Text => "text/plain; charset=utf-8",
    };
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        body.content,
    )
        .into_response();
    if let Some(name) = body.filename {
        let safe: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .take(100)
            .collect();
        if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
    }
    response
}

/// The widgets of a community's enabled modules, rendered; a failing widget becomes a short
/// notice and never takes the page down.
pub async fn widgets(ctx: &Ctx, ic: &InCommunity) -> Vec<Value> {
    let mut out = vec![];
    // Read once for all widgets; without it nothing is collapsed, and the page still shows.
    let blocked = if ic.modules.is_empty() {
        Value::Null
    } else {
        blocked_people(ctx).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "could not read whom the viewer blocked");
            Value::Null
        })
    };
    for module in &ic.modules {
        let manifest = &module.plugin.manifest;
        let call = call_context(ctx, ic, module);
        let result = ctx
            .state
            .plugins
            .call(&ctx.state.db, &module.plugin, call, Invocation::Widget)
            .await;
        let html = match result {
            Ok(Outcome::Widget(None)) => continue,
            Ok(Outcome::Widget(Some(view))) => {
                render_view_html(ctx, ic, module, &blocked, &view, &[]).ok()
            }
            _ => None,
        };
        out.push(json!({
            "id": manifest.id,
            "name": manifest.name.get(ctx.lang()),
            "html": html,
        }));
    }
    out
}
