//! A plugin's templates: its own handlebars registry (so it cannot reach the host's templates
//! or another plugin's), HTML escaping on, and the host helpers plugins may use.
//!
//! Helpers write straight to the output, so each one escapes what it writes (`url`,
//! `csrf_field`, `report`, `by-person`) or writes host-sanitised HTML (`markdown`).

use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    Renderable, html_escape,
};
use serde_json::Value;

use super::manifest::Manifest;
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::web::render::register_common_helpers;

/// A plugin version's compiled templates and messages.
pub struct PluginTemplates {
    registry: Handlebars<'static>,
    catalogue: Arc<Catalogue>,
}

impl PluginTemplates {
    /// Compiles the manifest's templates; `host` backs up messages the plugin lacks.
    pub fn build(manifest: &Manifest, host: Arc<Catalogue>) -> Result<Self, String> {
        let sources: Vec<(Lang, &str)> = manifest
            .translations
            .iter()
            .map(|(l, s)| (*l, s.as_str()))
            .collect();
        let catalogue = Arc::new(Catalogue::parse(&sources)?);
        let mut registry = Handlebars::new();
        registry.set_strict_mode(false);
        register_common_helpers(&mut registry, vec![catalogue.clone(), host.clone()]);
        registry.register_helper("url", Box::new(url_helper));
        registry.register_helper("csrf_field", Box::new(csrf_helper));
        registry.register_helper("markdown", Box::new(markdown_helper));
        registry.register_helper("report", Box::new(ReportHelper { host: host.clone() }));
        registry.register_helper("by-person", Box::new(ByPersonHelper { host: host.clone() }));
        for (name, source) in &manifest.templates {
            registry
                .register_template_string(name, source)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        Ok(Self {
            registry,
            catalogue,
        })
    }

    pub fn render(&self, template: &str, data: &Value) -> Result<String, RenderError> {
        self.registry.render(template, data)
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.registry.has_template(name)
    }

    /// One of the plugin's own messages (e.g. a flash key), if it has it.
    pub fn text(&self, lang: Lang, key: &str) -> Option<String> {
        self.catalogue.lookup(lang, key, &[])
    }
}

/// `{{url "/path"}}`: the path below the plugin's mount in this community.
fn url_helper(
    h: &Helper,
    _: &Handlebars,
    ctx: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let mount = ctx
        .data()
        .get("mount")
        .and_then(Value::as_str)
        .unwrap_or("");
    let path = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("/");
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let joined = if path == "/" {
        mount.to_owned()
    } else {
        format!("{mount}{path}")
    };
    out.write(&html_escape(&joined))?;
    Ok(())
}

/// `{{csrf_field}}`: the hidden field every POST form needs.
fn csrf_helper(
    _: &Helper,
    _: &Handlebars,
    ctx: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let token = ctx.data().get("csrf").and_then(Value::as_str).unwrap_or("");
    out.write(&format!(
        r#"<input type="hidden" name="csrf_token" value="{}">"#,
        html_escape(token)
    ))?;
    Ok(())
}

/// `{{markdown text}}`: user-written Markdown, rendered and sanitised by the host.
fn markdown_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let source = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
    out.write(&crate::markdown::render(source))?;
    Ok(())
}

/// The page's language, as the host put it into the data.
fn page_lang(ctx: &Context) -> Lang {
    ctx.data()
        .get("lang")
        .and_then(Value::as_str)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// An id given to a helper as a string or a number.
fn id_param(h: &Helper, index: usize) -> Option<String> {
    match h.param(index).map(|p| p.value()) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// `{{report "collection" id}}`: the host's "Melden / Report" link for a document of a
/// reportable collection, the same in every plugin. Shown only to members (the host puts
/// `report_base` into the data only for them).
struct ReportHelper {
    host: Arc<Catalogue>,
}

impl HelperDef for ReportHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(base) = ctx.data().get("report_base").and_then(Value::as_str) else {
            return Ok(());
        };
        let collection = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let Some(id) = id_param(h, 1) else {
            return Ok(());
        };
        let lang = page_lang(ctx);
        out.write(&format!(
            r#"<a class="report-link" href="{}/{}/{}" rel="nofollow">{}<span class="visually-hidden"> {}</span></a>"#,
            html_escape(base),
            html_escape(collection),
            html_escape(&id),
            html_escape(&self.host.get(lang, "report-link")),
            html_escape(&self.host.get(lang, "report-link-label")),
        ))?;
        Ok(())
    }
}

/// Where the host puts the ids of the people the viewer blocked (an object whose keys are
/// the account ids), for `by-person`. Loaded once per page, only for someone logged in.
pub const BLOCKED_PEOPLE: &str = "blocked_people";

/// `{{#by-person author_id}}…{{/by-person}}`: the block as it is, unless the viewer blocked
/// that person — then it is collapsed in a `<details>` that says whose it is, so the viewer
/// can still open it. The same in every plugin.
struct ByPersonHelper {
    host: Arc<Catalogue>,
}

impl HelperDef for ByPersonHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(inner) = h.template() else {
            return Ok(());
        };
        let author = id_param(h, 0);
        let blocked = author.is_some_and(|id| {
            ctx.data()
                .get(BLOCKED_PEOPLE)
                .and_then(|ids| ids.get(&id))
                .is_some()
        });
        if !blocked {
            return inner.render(r, ctx, rc, out);
        }
        let lang = page_lang(ctx);
        out.write(&format!(
            r#"<details class="blocked-content"><summary>{}</summary>"#,
            html_escape(&self.host.get(lang, "member-blocks-collapsed"))
        ))?;
        inner.render(r, ctx, rc, out)?;
        out.write("</details>")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(template: &str, data: Value) -> String {
        let mut registry = Handlebars::new();
        registry.register_helper(
            "by-person",
            Box::new(ByPersonHelper {
                host: Arc::new(Catalogue::load()),
            }),
        );
        registry.register_template_string("t", template).unwrap();
        registry.render("t", &data).unwrap()
    }

    const LIST: &str =
        "{{#each items}}<li>{{#by-person author}}<b>{{text}}</b>{{/by-person}}</li>{{/each}}";

    #[test]
    fn by_person_collapses_only_what_blocked_people_wrote() {
        let items = json!([
            {"author": "7", "text": "a<b"},
            {"author": 7, "text": "same person, id as a number"},
            {"author": "8", "text": "c"},
            {"text": "no author"},
        ]);
        let html = render(
            LIST,
            json!({"lang": "en", BLOCKED_PEOPLE: {"7": true}, "items": items}),
        );
        let collapsed = r#"<details class="blocked-content"><summary>Content from a person you blocked</summary>"#;
        assert_eq!(
            html,
            format!(
                "<li>{collapsed}<b>a&lt;b</b></details></li>\
                 <li>{collapsed}<b>same person, id as a number</b></details></li>\
                 <li><b>c</b></li><li><b>no author</b></li>"
            )
        );
        // In German, and for visitors (who block nobody) nothing is collapsed.
        let german = render(
            LIST,
            json!({"lang": "de", BLOCKED_PEOPLE: {"7": true}, "items": [{"author": "7", "text": "x"}]}),
        );
        assert!(german.contains("<summary>Inhalt einer Person, die du blockiert hast</summary>"));
        let visitor = render(
            LIST,
            json!({"lang": "de", BLOCKED_PEOPLE: null, "items": items}),
        );
        assert!(!visitor.contains("<details"));
    }
}
