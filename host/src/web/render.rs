//! Server-side rendering: the handlebars registry (HTML escaping on), its helpers, and the
//! embedded templates and static files.

use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use rust_embed::RustEmbed;
use serde_json::Value;

use crate::i18n::Catalogue;
use crate::lang::Lang;

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

#[derive(RustEmbed)]
#[folder = "static/"]
pub struct StaticFiles;

/// The compiled templates plus the helpers they use.
#[derive(Debug)]
pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// Registers every embedded `.hbs` file under its path without extension
    /// (`pages/login`, `partials/field`); any template can be used as a partial.
    pub fn load(catalogue: Arc<Catalogue>) -> anyhow::Result<Self> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(false);
        registry.set_dev_mode(false);
        for path in TemplateFiles::iter() {
            let Some(name) = path.strip_suffix(".hbs") else {
                continue;
            };
            let file = TemplateFiles::get(&path).expect("listed file exists");
            let source = std::str::from_utf8(&file.data)?;
            registry
                .register_template_string(name, source)
                .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
        }
        register_common_helpers(&mut registry, vec![catalogue]);
        Ok(Self { registry })
    }

    pub fn render(&self, name: &str, data: &Value) -> Result<String, RenderError> {
        self.registry.render(name, data)
    }
}

/// The language of the page being rendered, read from the data's `lang` field.
pub fn page_lang(ctx: &Context) -> Lang {
    ctx.data()
        .get("lang")
        .and_then(Value::as_str)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// Escaping and the helpers every registry has: `t` (over the given catalogues, first match
/// wins), `date` and `concat`. Used for the host's templates and for each plugin's.
pub fn register_common_helpers(
    registry: &mut Handlebars<'static>,
    catalogues: Vec<Arc<Catalogue>>,
) {
    registry.register_escape_fn(handlebars::html_escape);
    registry.register_helper("t", Box::new(TranslateHelper { catalogues }));
    registry.register_helper("date", Box::new(TimeHelper(format_date)));
    registry.register_helper("datetime", Box::new(TimeHelper(format_datetime)));
    registry.register_helper("concat", Box::new(concat_helper));
}

/// `{{t "key" name=value}}`: a catalogue message in the page's language, escaped with the
/// registry's escape function.
struct TranslateHelper {
    catalogues: Vec<Arc<Catalogue>>,
}

impl handlebars::HelperDef for TranslateHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let key = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = h
            .hash()
            .iter()
            .map(|(name, value)| {
                let value = match value.value() {
                    Value::Number(n) => fluent_bundle::FluentValue::from(n.as_f64().unwrap_or(0.0)),
                    Value::String(s) => fluent_bundle::FluentValue::from(s.as_str()),
                    other => fluent_bundle::FluentValue::from(other.to_string()),
                };
                (*name, value)
            })
            .collect();
        let lang = page_lang(ctx);
        let text = self
            .catalogues
            .iter()
            .find_map(|c| c.lookup(lang, key, &args))
            .unwrap_or_else(|| key.to_owned());
        // HTML-escaped in pages; as it is in the plain-text mail registry.
        out.write(&registry.get_escape_fn()(&text))?;
        Ok(())
    }
}

/// `{{date millis}}` and `{{datetime millis}}`: a stored time in Berlin, formatted for the
/// page's language by the wrapped function.
struct TimeHelper(fn(i64, Lang) -> String);

impl handlebars::HelperDef for TimeHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let millis = h.param(0).and_then(|p| p.value().as_i64()).unwrap_or(0);
        out.write(&(self.0)(millis, page_lang(ctx)))?;
        Ok(())
    }
}

/// Formats a stored time as a date in Berlin.
pub fn format_date(millis: i64, lang: Lang) -> String {
    let Some(at) = crate::berlin::from_millis(millis) else {
        return String::new();
    };
    let format = match lang {
        Lang::De => time::macros::format_description!("[day].[month].[year]"),
        Lang::En => {
            time::macros::format_description!("[day padding:none] [month repr:short] [year]")
        }
    };
    at.format(&format).unwrap_or_default()
}

/// Formats a stored time as date and time in Berlin.
pub fn format_datetime(millis: i64, lang: Lang) -> String {
    let Some(at) = crate::berlin::from_millis(millis) else {
        return String::new();
    };
    format!(
        "{}, {:02}:{:02}",
        format_date(millis, lang),
        at.hour(),
        at.minute()
    )
}

// `{{t (concat "label-" name)}}`, `{{url (concat "/posts/" id "/edit")}}`: joins any number
// of parts into one text. (`eq`, `or`, `not` and friends are built into handlebars.)
handlebars::handlebars_helper!(concat_helper: |*args| args.iter().map(|a| plain(a)).collect::<String>());

/// A JSON scalar as text without quotes (`"de"` → `de`, `404` → `404`).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        // 2026-11-21 12:00 UTC
        let millis = 1_795_262_400_000;
        assert_eq!(format_date(millis, Lang::De), "21.11.2026");
        assert_eq!(format_date(millis, Lang::En), "21 Nov 2026");
        // 12:00 UTC in November is 13:00 in Berlin.
        assert_eq!(format_datetime(millis, Lang::De), "21.11.2026, 13:00");
        // 23:30 UTC on 31 December is already New Year in Berlin.
        assert_eq!(format_date(1_798_759_800_000, Lang::De), "01.01.2027");
    }

    #[test]
    fn all_templates_compile_and_escape() {
        let templates = Templates::load(Arc::new(Catalogue::load())).unwrap();
        let html = templates
            .render(
                "pages/error",
                &serde_json::json!({"lang": "en", "title": "<script>", "message_key": "error-not-found"}),
            )
            .unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn concat_joins_every_part() {
        let mut registry = Handlebars::new();
        register_common_helpers(&mut registry, vec![]);
        let out = registry
            .render_template(
                r#"{{concat "/shifts/" id "/signup"}}|{{concat "a" 1}}"#,
                &serde_json::json!({"id": 7}),
            )
            .unwrap();
        assert_eq!(out, "/shifts/7/signup|a1");
    }
}
