//! Community settings for managers: description, language, public area, join policy,
//! modules (switching them on and off, each one's settings form), invitation links, and the
//! audit log of membership changes.

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::errors_json;
use crate::audit;
use crate::communities::roles::Role;
use crate::communities::{self, CommunityFields, JoinPolicy, joining};
use crate::lang::Lang;
use crate::plugins::manifest::Manifest;
use crate::plugins::registry;
use crate::plugins::settings_form::{FieldProblem, Inputs, Kind, SettingsSchema};
use crate::validation::{FieldErrors, optional_text, required_text};
use crate::web::context::{Ctx, InCommunity, redirect_with_flash};
use crate::web::error::AppError;

/// The fields of the community form as submitted (shared with the operator's form).
#[derive(Deserialize, Default, Clone, serde::Serialize)]
#[serde(default)]
pub struct CommunityForm {
    pub name: String,
    pub description: String,
    pub language: String,
    pub public_area: Option<String>,
    pub join_policy: String,
}

impl CommunityForm {
    pub fn from_community(c: &communities::Community) -> Self {
        Self {
            name: c.name.clone(),
            description: c.description.clone(),
            language: c.language.code().into(),
            public_area: c.public_area.then(|| "on".into()),
            join_policy: c.join_policy.as_str().into(),
        }
    }

    /// Validates the form, recording a message per rejected field.
    pub fn validate(&self, errors: &mut FieldErrors) -> Option<CommunityFields> {
        let name = errors.check("name", required_text(&self.name, 100));
        let description = errors.check("description", optional_text(&self.description, 20_000));
        let language = errors.check(
            "language",
            Lang::parse(&self.language).ok_or("error-choice-invalid"),
        );
        let join_policy = errors.check("join_policy", JoinPolicy::parse(&self.join_policy));
        Some(CommunityFields {
            name: name?,
            description: description?,
            language: language?,
            public_area: self.public_area.is_some(),
            join_policy: join_policy?,
        })
    }
}

pub async fn show(ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let data = page_data(&ctx, &ic, None).await?;
    let title = ctx.t("settings-title");
    Ok(ctx.page("pages/settings", &title, Some(&ic), data))
}

/// The settings page's data, with the general form as typed (`None`: as stored) and the
/// other panels as stored.
pub(super) async fn page_data(
    ctx: &Ctx,
    ic: &InCommunity,
    general: Option<(&CommunityForm, &FieldErrors)>,
) -> Result<Value, AppError> {
    let stored_form;
    let no_errors = FieldErrors::new();
    let (form, errors) = match general {
        Some(typed) => typed,
        None => {
            stored_form = CommunityForm::from_community(&ic.community);
            (&stored_form, &no_errors)
        }
    };
    let pool = ctx.state.db.pool();
    let moderation = crate::moderation::settings::load(pool, ic.community.id).await?;
    let invitations: Vec<Value> = joining::invitations(pool, ic.community.id)
        .await?
        .into_iter()
        .map(|i| {
            let link = format!(
                "{}/c/{}/invite/{}",
                ctx.state.base_url, ic.community.slug, i.token
            );
            json!({"id": i.id, "link": link, "note": i.note, "expires_at": i.expires_at,
                   "uses": i.uses, "max_uses": i.max_uses, "usable": i.usable})
        })
        .collect();
    let log = audit::latest(pool, ic.community.id, 30).await?;
    let lang = ctx.lang();
    let modules: Vec<Value> = ctx
        .state
        .plugins
        .all()
        .into_iter()
        .map(|plugin| {
            let m = &plugin.manifest;
            let enabled = ic.modules.iter().find(|e| e.plugin.manifest.id == m.id);
            json!({
                "id": m.id,
                "version": m.version,
                "name": m.name.get(lang),
                "description": m.description.get(lang),
                "capabilities": m.capabilities.iter().map(|c| c.description_key()).collect::<Vec<_>>(),
                "enabled": enabled.is_some(),
                "settings_form": enabled.and_then(|e| {
                    let schema = schema_of(&e.plugin.manifest)?;
                    let inputs = schema.inputs_from(&e.settings_json);
                    Some(form_json(lang, &m.id, &schema, &inputs, &[]))
                }),
                "path": format!("/c/{}/{}", ic.community.slug, m.mount),
            })
        })
        .collect();
    Ok(json!({
        "modules": modules,
        "form": form,
        "errors": errors_json(errors),
        "invitations": invitations,
        "audit": log,
        "invite_form": {"valid_days": 14, "max_uses": 10, "note": ""},
        "invite_errors": {},
        "moderation": super::moderation_settings::panel(
            &super::moderation_settings::ModerationForm::from_settings(moderation),
            &no_errors,
        ),
    }))
}

pub async fn update(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<CommunityForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let mut errors = FieldErrors::new();
    let Some(fields) = form.validate(&mut errors).filter(|_| errors.is_empty()) else {
        let data = page_data(&ctx, &ic, Some((&form, &errors))).await?;
        let title = ctx.t("settings-title");
        return Ok(ctx.invalid("pages/settings", &title, Some(&ic), data));
    };
    communities::update(ctx.state.db.pool(), ic.community.id, &fields)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    ctx.state.emit(
        &ic.community,
        "settings-changed",
        json!({"what": "community"}),
    );
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings"),
        "flash-settings-saved",
        ctx.state.settings.secure_cookies(),
    ))
}

#[derive(Deserialize, Default, serde::Serialize)]
#[serde(default)]
pub struct InvitationForm {
    note: String,
    valid_days: String,
    max_uses: String,
}

/// Parses a whole number within `range`.
/// A whole number within `range`.
pub(super) fn number_in(
    input: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, &'static str> {
    match input.trim().parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        Ok(_) => Err("error-number-range"),
        Err(_) => Err("error-number-invalid"),
    }
}

pub async fn create_invitation(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<InvitationForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?;
    let mut errors = FieldErrors::new();
    let note = errors.check("note", optional_text(&form.note, 200));
    let days = errors.check("valid_days", number_in(&form.valid_days, 1..=365));
    let uses = errors.check("max_uses", number_in(&form.max_uses, 1..=10_000));
    let (Some(note), Some(days), Some(uses)) = (note, days, uses) else {
        let mut data = page_data(&ctx, &ic, None).await?;
        data["invite_form"] = json!(form);
        data["invite_errors"] = errors_json(&errors);
        let title = ctx.t("settings-title");
        return Ok(ctx.invalid("pages/settings", &title, Some(&ic), data));
    };
    joining::invite(
        ctx.state.db.pool(),
        ic.community.id,
        actor.id,
        &note,
        days,
        uses,
    )
    .await?;
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings#invitations"),
        "flash-invitation-created",
        ctx.state.settings.secure_cookies(),
    ))
}

pub async fn revoke_invitation(
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    if !joining::revoke(ctx.state.db.pool(), ic.community.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings#invitations"),
        "flash-invitation-revoked",
        ctx.state.settings.secure_cookies(),
    ))
}

pub async fn enable_module(
    ctx: Ctx,
    Path((slug, plugin_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    switch_module(ctx, slug, plugin_id, true).await
}

pub async fn disable_module(
    ctx: Ctx,
    Path((slug, plugin_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    switch_module(ctx, slug, plugin_id, false).await
}

/// Enabling grants what the plugin asked for (shown beside the button); disabling hides the
/// module and keeps its data.
async fn switch_module(
    ctx: Ctx,
    slug: String,
    plugin_id: String,
    enable: bool,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?;
    let plugin = ctx
        .state
        .plugins
        .get(&plugin_id)
        .ok_or(AppError::NotFound)?;
    let pool = ctx.state.db.pool();
    let mut tx = pool.begin().await?;
    registry::set_enabled(&mut tx, ic.community.id, &plugin.manifest, enable).await?;
    let action = if enable {
        "module-enable"
    } else {
        "module-disable"
    };
    audit::record(
        &mut tx,
        Some(ic.community.id),
        Some(actor.id),
        action,
        None,
        &plugin_id,
    )
    .await?;
    tx.commit().await?;
    let flash = if enable {
        "flash-module-enabled"
    } else {
        "flash-module-disabled"
    };
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings#modules"),
        flash,
        ctx.state.settings.secure_cookies(),
    ))
}

/// The settings form of a plugin, if its manifest has a usable schema. Manifests are checked
/// at install; one stored by an older host may still have a schema this host refuses.
fn schema_of(manifest: &Manifest) -> Option<SettingsSchema> {
    let source = manifest.settings_schema.as_deref()?;
    SettingsSchema::parse(source)
        .inspect_err(|e| {
            tracing::warn!(plugin.id = %manifest.id, error = %e, "settings schema not usable");
        })
        .ok()
}

/// What the template needs to draw a module's settings form: one entry per field (in the
/// schema's order) with its label, hint, input and message, plus the list of problems.
fn form_json(
    lang: Lang,
    plugin_id: &str,
    schema: &SettingsSchema,
    inputs: &Inputs,
    problems: &[(String, FieldProblem)],
) -> Value {
    let problem_json = |p: &FieldProblem| {
        let mut args = serde_json::Map::new();
        for (name, value) in &p.args {
            args.insert((*name).into(), json!(value));
        }
        json!({"key": p.message, "min": args.get("min"), "max": args.get("max")})
    };
    let mut errors = vec![];
    let fields: Vec<Value> = schema
        .fields
        .iter()
        .map(|field| {
            // Plugin ids have no dot and property names none either: unique on the page.
            let id = format!("module-{plugin_id}.{}", field.key);
            let input = inputs.get(&field.key);
            let value = input.map(String::as_str).unwrap_or("");
            let label = field.title.get(lang);
            let error = problems
                .iter()
                .find(|(key, _)| *key == field.key)
                .map(|(_, p)| problem_json(p));
            if let Some(error) = &error {
                errors.push(json!({"id": id, "label": label, "error": error}));
            }
            let mut out = json!({
                "id": id,
                "key": field.key,
                "label": label,
                "hint": field.description.as_ref().map(|d| d.get(lang)),
                "error": error,
            });
            let kind = match &field.kind {
                Kind::Boolean { .. } => json!({"boolean": true, "checked": input.is_some()}),
                Kind::Integer {
                    minimum, maximum, ..
                } => json!({
                    "integer": true,
                    "value": value,
                    "has_min": minimum.is_some(),
                    "min": minimum,
                    "has_max": maximum.is_some(),
                    "max": maximum,
                }),
                Kind::Text { max_length, .. } => {
                    json!({"text": true, "value": value, "maxlength": max_length})
                }
                Kind::Choice { options, .. } => json!({
                    "choice": true,
                    "options": options.iter().map(|o| json!({
                        "value": o.value,
                        "label": o.label(lang),
                        "selected": o.value == value.trim(),
                    })).collect::<Vec<_>>(),
                }),
            };
            if let (Some(out), Value::Object(kind)) = (out.as_object_mut(), kind) {
                out.extend(kind);
            }
            out
        })
        .collect();
    json!({"fields": fields, "errors": errors})
}

/// Saves a module's per-community settings from its generated form: every field of the
/// schema is checked and stored as a typed value; fields the schema does not have are
/// ignored, and an unticked checkbox is `false`.
pub async fn module_settings(
    ctx: Ctx,
    Path((slug, plugin_id)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let secure = ctx.state.settings.secure_cookies();
    // Only a module switched on here with a settings form has settings to change.
    let schema = ic
        .modules
        .iter()
        .find(|e| e.plugin.manifest.id == plugin_id)
        .and_then(|e| schema_of(&e.plugin.manifest))
        .ok_or(AppError::NotFound)?;
    // The first value of each field counts (a form sends each once).
    let mut inputs = Inputs::new();
    for (key, value) in posted {
        inputs.entry(key).or_insert(value);
    }
    let values = match schema.check(&inputs) {
        Ok(values) => values,
        Err(problems) => {
            // The settings page again, with what the manager typed and a message per field.
            let mut data = page_data(&ctx, &ic, None).await?;
            let form = form_json(ctx.lang(), &plugin_id, &schema, &inputs, &problems);
            if let Some(modules) = data["modules"].as_array_mut() {
                for module in modules.iter_mut().filter(|m| m["id"] == plugin_id.as_str()) {
                    module["settings_form"] = form.clone();
                }
            }
            let title = ctx.t("settings-title");
            return Ok(ctx.invalid("pages/settings", &title, Some(&ic), data));
        }
    };
    let settings_json = Value::Object(values).to_string();
    if !registry::set_settings(
        ctx.state.db.pool(),
        ic.community.id,
        &plugin_id,
        &settings_json,
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    ctx.state.emit(
        &ic.community,
        "settings-changed",
        json!({"what": "module", "plugin": plugin_id}),
    );
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings#modules"),
        "flash-module-settings-saved",
        secure,
    ))
}

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn numbers() {
        assert_eq!(number_in("14", 1..=365), Ok(14));
        assert_eq!(number_in(" 1 ", 1..=365), Ok(1));
        assert_eq!(number_in("0", 1..=365), Err("error-number-range"));
        assert_eq!(number_in("x", 1..=365), Err("error-number-invalid"));
    }
}
