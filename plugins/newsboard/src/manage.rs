//! The managers' page: the category list, who may post, and the official accounts.

use quartier_plugin_sdk::members;
use quartier_plugin_sdk::prelude::*;

use crate::model::{CONFIG, Config, Powers};

const MAX_CATEGORIES: usize = 30;
const MAX_CATEGORY: usize = 50;

/// The settings the form edits, as typed.
#[derive(Default, serde::Serialize)]
struct SettingsForm {
    categories: String,
    members_may_post: bool,
}

fn view(viewer: &Viewer, config: &Config, form: &SettingsForm) -> Result<View, Error> {
    // Members to choose official accounts from; officials first, each once.
    let everyone = members::with_role(Role::Member, 500)?;
    let officials: Vec<Json> = everyone
        .iter()
        .filter(|m| config.officials.contains(&m.id))
        .map(|m| json!({ "id": m.id, "name": m.display_name }))
        .collect();
    let candidates: Vec<Json> = everyone
        .iter()
        .filter(|m| !config.officials.contains(&m.id))
        .map(|m| json!({ "id": m.id, "name": m.display_name }))
        .collect();
    Ok(View::new(
        "manage",
        viewer.pick("Neuigkeiten verwalten", "Manage news"),
    )
    .data(json!({
        "form": form,
        "officials": officials,
        "candidates": candidates,
    })))
}

fn manager() -> Result<Option<(Viewer, Config)>, Error> {
    let (config, powers) = Powers::load()?;
    Ok(powers.manages.then_some((powers.viewer, config)))
}

/// `GET /manage`.
pub fn page() -> Result<Response, Error> {
    let Some((viewer, config)) = manager()? else {
        return Ok(Response::forbidden());
    };
    let form = SettingsForm {
        categories: config.categories.join("\n"),
        members_may_post: config.members_may_post,
    };
    Ok(Response::view(view(&viewer, &config, &form)?))
}

/// `POST /manage`: the categories (one per line) and who may post.
pub fn save(req: &Request) -> Result<Response, Error> {
    let Some((viewer, config)) = manager()? else {
        return Ok(Response::forbidden());
    };
    let form = SettingsForm {
        categories: req.field("categories").to_owned(),
        members_may_post: req.field("who_may_post") == "members",
    };
    let mut categories: Vec<String> = vec![];
    let mut errors = FieldErrors::new();
    for line in form
        .categories
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if line.chars().count() > MAX_CATEGORY {
            errors.add("categories", "error-category-long");
            break;
        }
        if !categories
            .iter()
            .any(|c| c.to_lowercase() == line.to_lowercase())
        {
            categories.push(line.to_owned());
        }
    }
    if categories.len() > MAX_CATEGORIES {
        errors.add("categories", "error-categories-many");
    }
    if !errors.is_empty() {
        return Ok(Response::invalid(view(&viewer, &config, &form)?, errors));
    }
    store(|c| {
        c.categories = categories.clone();
        c.members_may_post = form.members_may_post;
    })?;
    Ok(Response::redirect("/manage").with_flash("flash-settings-saved"))
}

/// `POST /manage/officials`: marks a member as an official account or unmarks one.
pub fn officials(req: &Request) -> Result<Response, Error> {
    if manager()?.is_none() {
        return Ok(Response::forbidden());
    }
    let account = req.field("account").to_owned();
    let add = req.field("change") == "add";
    if add {
        // Only members can be official accounts.
        let is_member = !members::get(std::slice::from_ref(&account))?.is_empty();
        if !is_member {
            return Ok(Response::redirect("/manage").with_flash("flash-error-not-member"));
        }
    }
    store(|c| {
        c.officials.retain(|o| *o != account);
        if add {
            c.officials.push(account.clone());
        }
    })?;
    let flash = if add {
        "flash-official-added"
    } else {
        "flash-official-removed"
    };
    Ok(Response::redirect("/manage").with_flash(flash))
}

/// Changes the stored settings (or the defaults, the first time).
fn store(change: impl Fn(&mut Config)) -> Result<(), Error> {
    match Config::stored()? {
        Some(mut record) => {
            change(&mut record.data);
            CONFIG.update(&record)?;
        }
        None => {
            let mut config = Config::load()?;
            change(&mut config);
            CONFIG.insert(&config)?;
        }
    }
    Ok(())
}
