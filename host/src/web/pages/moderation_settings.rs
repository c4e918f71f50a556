//! The moderation panel of a community's settings: after how many reports content is hidden,
//! and how long new members' posts wait for approval.

use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::errors_json;
use super::settings::number_in;
use crate::communities::roles::Role;
use crate::moderation::settings::{
    self as stored, AUTO_HIDE, ModerationSettings, PREMODERATE_DAYS, PREMODERATE_POSTS,
};
use crate::validation::FieldErrors;
use crate::web::context::{Ctx, redirect_with_flash};
use crate::web::error::AppError;

/// The panel's fields as typed.
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ModerationForm {
    auto_hide_reports: String,
    premoderate_posts: String,
    premoderate_days: String,
}

impl ModerationForm {
    pub fn from_settings(settings: ModerationSettings) -> Self {
        ModerationForm {
            auto_hide_reports: settings.auto_hide_reports.to_string(),
            premoderate_posts: settings.premoderate_posts.to_string(),
            premoderate_days: settings.premoderate_days.to_string(),
        }
    }

    fn validate(&self, errors: &mut FieldErrors) -> Option<ModerationSettings> {
        let auto_hide_reports = errors.check(
            "auto_hide_reports",
            number_in(&self.auto_hide_reports, AUTO_HIDE),
        );
        let premoderate_posts = errors.check(
            "premoderate_posts",
            number_in(&self.premoderate_posts, PREMODERATE_POSTS),
        );
        let premoderate_days = errors.check(
            "premoderate_days",
            number_in(&self.premoderate_days, PREMODERATE_DAYS),
        );
        Some(ModerationSettings {
            auto_hide_reports: auto_hide_reports?,
            premoderate_posts: premoderate_posts?,
            premoderate_days: premoderate_days?,
        })
    }
}

/// The panel's data for the settings page.
pub fn panel(form: &ModerationForm, errors: &FieldErrors) -> Value {
    json!({"form": form, "errors": errors_json(errors)})
}

pub async fn update(
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<ModerationForm>,
) -> Result<Response, AppError> {
    let ic = ctx.community(&slug).await?;
    ic.require(&ctx, Role::Manager)?;
    let actor = ctx.require_account()?.id;
    let mut errors = FieldErrors::new();
    let Some(settings) = form.validate(&mut errors).filter(|_| errors.is_empty()) else {
        let mut data = super::settings::page_data(&ctx, &ic, None).await?;
        data["moderation"] = panel(&form, &errors);
        let title = ctx.t("settings-title");
        return Ok(ctx.invalid("pages/settings", &title, Some(&ic), data));
    };
    stored::save(ctx.state.db.pool(), ic.community.id, actor, settings).await?;
    Ok(redirect_with_flash(
        &format!("/c/{slug}/settings#moderation"),
        "flash-settings-saved",
        ctx.state.settings.secure_cookies(),
    ))
}
