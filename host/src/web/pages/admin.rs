//! The operator's area: instance settings, all communities (create, edit, map a hostname,
//! archive, restore, assign managers) and the state of the mail outbox.

use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::errors_json;
use super::settings::CommunityForm;
use crate::accounts;
use crate::communities::{self, SaveCommunityError, Slug, members, parse_hostname};
use crate::instance::{self, InstanceSettings};
use crate::mail::outbox;
use crate::plugins::Plugins;
use crate::validation::{Email, FieldErrors, optional_text, required_text};
use crate::web::context::{Ctx, find_community, redirect_with_flash, search_term};
use crate::web::error::AppError;
use crate::web::guard::{FIELD, PLUGIN_UPLOAD_PATH};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Search {
    q: String,
}

pub async fn dashboard(ctx: Ctx, Query(search): Query<Search>) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let settings = ctx.state.instance.current();
    let data = dashboard_data(&ctx, &search.q, json!(settings), &FieldErrors::new()).await?;
    let title = ctx.t("admin-title");
    Ok(ctx.page("pages/admin", &title, None, data))
}

async fn dashboard_data(
    ctx: &Ctx,
    q: &str,
    settings_form: Value,
    errors: &FieldErrors,
) -> Result<Value, AppError> {
    let pool = ctx.state.db.pool();
    let q = search_term(q);
    let all = communities::list_all(pool, &q).await?;
    Ok(json!({
        "plugins": Plugins::list(&ctx.state.db).await?,
        "upload_action": format!("{PLUGIN_UPLOAD_PATH}?{FIELD}={}", ctx.csrf),
        "q": q,
        "communities": all,
        "settings_form": settings_form,
        "errors": errors_json(errors),
        "accounts": accounts::count(pool).await?,
        "mail": super::admin_mail::transport_json(&ctx.state.mail),
        "mail_counts": outbox::counts(pool).await?,
        "moderation": crate::moderation::summary::per_community(pool).await?,
        "escalated": crate::moderation::summary::escalated(pool).await?,
        "moderation_days": crate::moderation::summary::RECENT_DAYS,
    }))
}

#[derive(Deserialize, Default, serde::Serialize)]
#[serde(default)]
pub struct SettingsForm {
    name: String,
    tagline: String,
    registration_open: Option<String>,
}

pub async fn update_settings(
    ctx: Ctx,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let mut errors = FieldErrors::new();
    let name = errors.check("name", required_text(&form.name, 100));
    let tagline = errors.check("tagline", optional_text(&form.tagline, 300));
    let (Some(name), Some(tagline)) = (name, tagline) else {
        let mut shown = json!(form);
        shown["registration_open"] = json!(form.registration_open.is_some());
        let data = dashboard_data(&ctx, "", shown, &errors).await?;
        let title = ctx.t("admin-title");
        return Ok(ctx.invalid("pages/admin", &title, None, data));
    };
    let settings = InstanceSettings {
        name,
        tagline,
        registration_open: form.registration_open.is_some(),
    };
    instance::save(ctx.state.db.pool(), &settings).await?;
    ctx.state.instance.set(settings);
    Ok(redirect_with_flash(
        "/admin",
        "flash-settings-saved",
        ctx.state.settings.secure_cookies(),
    ))
}

/// `POST /admin/plugins` (multipart, field `file`): installs or upgrades a plugin.
pub async fn upload_plugin(
    ctx: Ctx,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let mut wasm = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest)?
    {
        if field.name() == Some("file") {
            wasm = Some(field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?);
        }
    }
    let secure = ctx.state.settings.secure_cookies();
    let Some(wasm) = wasm.filter(|w| !w.is_empty()) else {
        return Ok(redirect_with_flash(
            "/admin#plugins",
            "flash-error-plugin-missing",
            secure,
        ));
    };
    match ctx.state.plugins.install(&ctx.state.db, &wasm).await {
        Ok(manifest) => {
            tracing::info!(plugin.id = %manifest.id, plugin.version = %manifest.version, "plugin uploaded");
            Ok(redirect_with_flash(
                "/admin#plugins",
                "flash-plugin-installed",
                secure,
            ))
        }
        Err(e) => {
            let mut data = dashboard_data(
                &ctx,
                "",
                json!(ctx.state.instance.current()),
                &FieldErrors::new(),
            )
            .await?;
            data["install_error"] = json!(e.to_string());
            let title = ctx.t("admin-title");
            Ok(ctx.invalid("pages/admin", &title, None, data))
        }
    }
}

/// Removes a plugin from every community; its records stay.
pub async fn remove_plugin(ctx: Ctx, Path(plugin_id): Path<String>) -> Result<Response, AppError> {
    ctx.require_operator()?;
    if !ctx.state.plugins.remove(&ctx.state.db, &plugin_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(
        "/admin#plugins",
        "flash-plugin-removed",
        ctx.state.settings.secure_cookies(),
    ))
}

/// The operator's community form: the manager's fields plus slug, hostname and first manager.
#[derive(Deserialize, Default, Clone, serde::Serialize)]
#[serde(default)]
pub struct NewCommunityForm {
    slug: String,
    hostname: String,
    manager_email: String,
    #[serde(flatten)]
    fields: CommunityForm,
}

pub async fn new_community_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let form = NewCommunityForm {
        fields: CommunityForm {
            language: ctx.lang().code().into(),
            public_area: Some("on".into()),
            join_policy: "approval".into(),
            ..CommunityForm::default()
        },
        ..NewCommunityForm::default()
    };
    let title = ctx.t("admin-new-community");
    Ok(ctx.page(
        "pages/admin_community",
        &title,
        None,
        json!({"new": true, "form": form, "errors": {}}),
    ))
}

pub async fn create_community(
    ctx: Ctx,
    Form(form): Form<NewCommunityForm>,
) -> Result<Response, AppError> {
    let operator = ctx.require_operator()?;
    let pool = ctx.state.db.pool();
    let mut errors = FieldErrors::new();
    let slug = errors.check("slug", Slug::parse(&form.slug));
    let hostname = errors.check("hostname", parse_hostname(&form.hostname));
    let fields = form.fields.validate(&mut errors);
    let manager = if form.manager_email.trim().is_empty() {
        Some(None)
    } else {
        match errors.check("manager_email", Email::parse(&form.manager_email)) {
            Some(email) => match accounts::find_by_email(pool, &email).await? {
                Some(account) => Some(Some(account.id)),
                None => {
                    errors.add("manager_email", "error-account-unknown");
                    None
                }
            },
            None => None,
        }
    };
    let title = ctx.t("admin-new-community");
    let rerender = |ctx: &Ctx, errors: &FieldErrors| {
        ctx.invalid(
            "pages/admin_community",
            &title,
            None,
            json!({"new": true, "form": form, "errors": errors_json(errors)}),
        )
    };
    let (Some(slug), Some(hostname), Some(fields), Some(manager), true) =
        (slug, hostname, fields, manager, errors.is_empty())
    else {
        return Ok(rerender(&ctx, &errors));
    };
    match communities::create_with_manager(
        pool,
        &slug,
        &fields,
        hostname.as_deref(),
        manager,
        Some(operator.id),
    )
    .await
    {
        Ok(community) => {
            tracing::info!(community.slug = %community.slug, "community created");
            Ok(redirect_with_flash(
                &format!("/admin/communities/{}", community.slug),
                "flash-community-created",
                ctx.state.settings.secure_cookies(),
            ))
        }
        Err(SaveCommunityError::SlugTaken) => {
            errors.add("slug", "error-slug-taken");
            Ok(rerender(&ctx, &errors))
        }
        Err(SaveCommunityError::HostnameTaken) => {
            errors.add("hostname", "error-hostname-taken");
            Ok(rerender(&ctx, &errors))
        }
        Err(SaveCommunityError::Db(e)) => Err(e.into()),
    }
}

async fn edit_page(
    ctx: &Ctx,
    slug: &str,
    form: Value,
    errors: &FieldErrors,
    invalid: bool,
) -> Result<Response, AppError> {
    let community = find_community(ctx.state.db.pool(), slug).await?;
    let managers: Vec<_> = members::list(ctx.state.db.pool(), community.id)
        .await?
        .into_iter()
        .filter(|m| m.role == crate::communities::roles::Role::Manager)
        .collect();
    let data = json!({
        "new": false,
        "slug": community.slug,
        "archived": community.archived,
        "form": form,
        "errors": errors_json(errors),
        "managers": managers,
    });
    let title = community.name.clone();
    Ok(if invalid {
        ctx.invalid("pages/admin_community", &title, None, data)
    } else {
        ctx.page("pages/admin_community", &title, None, data)
    })
}

pub async fn edit_community_form(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let community = find_community(ctx.state.db.pool(), &slug).await?;
    let form = NewCommunityForm {
        slug: community.slug.clone(),
        hostname: community.hostname.clone().unwrap_or_default(),
        manager_email: String::new(),
        fields: CommunityForm::from_community(&community),
    };
    edit_page(&ctx, &slug, json!(form), &FieldErrors::new(), false).await
}

pub async fn update_community(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<NewCommunityForm>,
) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let pool = ctx.state.db.pool();
    let community = find_community(pool, &slug).await?;
    let mut errors = FieldErrors::new();
    let hostname = errors.check("hostname", parse_hostname(&form.hostname));
    let fields = form.fields.validate(&mut errors);
    let (Some(hostname), Some(fields), true) = (hostname, fields, errors.is_empty()) else {
        return edit_page(&ctx, &slug, json!(form), &errors, true).await;
    };
    let saved = async {
        communities::update(pool, community.id, &fields).await?;
        communities::set_hostname(pool, community.id, hostname.as_deref()).await
    }
    .await;
    match saved {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/admin/communities/{slug}"),
            "flash-settings-saved",
            ctx.state.settings.secure_cookies(),
        )),
        Err(SaveCommunityError::HostnameTaken) => {
            errors.add("hostname", "error-hostname-taken");
            edit_page(&ctx, &slug, json!(form), &errors, true).await
        }
        Err(SaveCommunityError::SlugTaken) => Err(AppError::BadRequest),
        Err(SaveCommunityError::Db(e)) => Err(e.into()),
    }
}

pub async fn archive_community(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    set_archived(ctx, slug, true).await
}

pub async fn restore_community(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    set_archived(ctx, slug, false).await
}

async fn set_archived(ctx: Ctx, slug: String, archived: bool) -> Result<Response, AppError> {
    ctx.require_operator()?;
    let pool = ctx.state.db.pool();
    let community = find_community(pool, &slug).await?;
    communities::set_archived(pool, community.id, archived).await?;
    let flash = if archived {
        "flash-community-archived"
    } else {
        "flash-community-restored"
    };
    Ok(redirect_with_flash(
        &format!("/admin/communities/{slug}"),
        flash,
        ctx.state.settings.secure_cookies(),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ManagerForm {
    email: String,
}

pub async fn assign_manager(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<ManagerForm>,
) -> Result<Response, AppError> {
    let operator = ctx.require_operator()?;
    let pool = ctx.state.db.pool();
    let community = find_community(pool, &slug).await?;
    let mut errors = FieldErrors::new();
    let account = match errors.check("email", Email::parse(&form.email)) {
        Some(email) => accounts::find_by_email(pool, &email).await?,
        None => None,
    };
    let Some(account) = account else {
        if errors.is_empty() {
            errors.add("email", "error-account-unknown");
        }
        let current = NewCommunityForm {
            slug: community.slug.clone(),
            hostname: community.hostname.clone().unwrap_or_default(),
            manager_email: form.email.clone(),
            fields: CommunityForm::from_community(&community),
        };
        let mut manager_errors = FieldErrors::new();
        for e in errors.iter() {
            manager_errors.add("manager_email", e.message);
        }
        return edit_page(&ctx, &slug, json!(current), &manager_errors, true).await;
    };
    members::make_manager(pool, community.id, account.id, Some(operator.id)).await?;
    Ok(redirect_with_flash(
        &format!("/admin/communities/{slug}"),
        "flash-manager-assigned",
        ctx.state.settings.secure_cookies(),
    ))
}
