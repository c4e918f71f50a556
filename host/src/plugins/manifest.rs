//! The host's checked copy of a plugin's manifest: what `describe` returned, validated once at
//! install time and stored as JSON beside the wasm.

use serde::{Deserialize, Serialize};

use super::bindings::v0_1::quartier::plugin::metadata as raw;
use super::bindings::v0_1::quartier::plugin::types::Role as RawRole;
use super::records;
use super::settings_form::SettingsSchema;
use crate::communities::roles::Role;
use crate::lang::Lang;
use crate::mail::Delivery;
use raw::Delivery as RawDelivery;

/// Path segments below `/c/{community}/` that belong to the host; no plugin may mount there.
pub const RESERVED_MOUNTS: &[&str] = &[
    "join",
    "leave",
    "invite",
    "members",
    "requests",
    "settings",
    "moderation",
    "notifications",
    "static",
    "admin",
    "api",
    "feed",
    "search",
    "plugins",
];

/// A capability a plugin can ask for; the manager grants it by enabling the plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Capability {
    /// Look up members of the community (`members` interface).
    #[serde(rename = "members:read")]
    MembersRead,
    /// Send notifications to members (`notify` interface).
    #[serde(rename = "notify")]
    Notify,
    /// Show notices at the top of every page of the community (`banners` interface).
    #[serde(rename = "banners")]
    Banners,
    /// Keep photos people upload (`blobs` interface).
    #[serde(rename = "blobs")]
    Blobs,
}

impl Capability {
    pub fn parse(name: &str) -> Option<Capability> {
        match name {
            "members:read" => Some(Capability::MembersRead),
            "notify" => Some(Capability::Notify),
            "banners" => Some(Capability::Banners),
            "blobs" => Some(Capability::Blobs),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::MembersRead => "members:read",
            Capability::Notify => "notify",
            Capability::Banners => "banners",
            Capability::Blobs => "blobs",
        }
    }

    /// The catalogue key explaining the capability in plain language.
    pub fn description_key(self) -> &'static str {
        match self {
            Capability::MembersRead => "capability-members-read",
            Capability::Notify => "capability-notify",
            Capability::Banners => "capability-banners",
            Capability::Blobs => "capability-blobs",
        }
    }
}

/// Host events a plugin can subscribe to.
pub const EVENTS: &[&str] = &[
    "member-joined",
    "member-left",
    "settings-changed",
    "item-hidden",
    "item-restored",
    "item-deleted",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Text {
    pub de: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NavEntry {
    pub label: Text,
    pub path: String,
    pub min_role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub name: String,
    pub every_seconds: u32,
}

/// A collection whose documents members may report (see `reportable` in the contract).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reportable {
    pub collection: String,
    pub label: Text,
    pub title_field: String,
    pub text_field: Option<String>,
    /// A path below the mount with `{id}` for the document's id.
    pub link: String,
    /// For private documents: the data field listing the account ids who may read (and
    /// report) each one. Such documents are never held for pre-moderation.
    #[serde(default)]
    pub readers_field: Option<String>,
}

impl Reportable {
    /// The path below the mount that shows document `id`.
    pub fn link_to(&self, id: i64) -> String {
        self.link.replace("{id}", &id.to_string())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotificationKind {
    pub id: String,
    pub label: Text,
    /// Stored manifests from before this field default to the digest.
    #[serde(default)]
    pub default_delivery: Delivery,
}

/// A validated manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub id: String,
    pub version: String,
    pub mount: String,
    pub name: Text,
    pub description: Text,
    pub capabilities: Vec<Capability>,
    pub nav: Vec<NavEntry>,
    /// (name, handlebars source)
    pub templates: Vec<(String, String)>,
    /// (language, Fluent source)
    pub translations: Vec<(Lang, String)>,
    pub jobs: Vec<Job>,
    pub events: Vec<String>,
    pub notification_kinds: Vec<NotificationKind>,
    pub settings_schema: Option<String>,
    /// Stored manifests from before this field declare none.
    #[serde(default)]
    pub reportable: Vec<Reportable>,
}

/// Why a manifest was refused; the message is for the operator installing the plugin.
#[derive(Debug, thiserror::Error)]
#[error("invalid manifest: {0}")]
pub struct ManifestError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, ManifestError> {
    Err(ManifestError(message.into()))
}

/// Lowercase letters, digits and inner hyphens, 2 to 40 characters.
fn is_identifier(s: &str) -> bool {
    (2..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// `MAJOR.MINOR.PATCH` with an optional `-suffix`.
fn is_version(s: &str) -> bool {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<_> = core.split('.').collect();
    s.len() <= 40
        && parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn text(t: raw::Text, what: &str) -> Result<Text, ManifestError> {
    let ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= 500;
    if !ok(&t.de) || !ok(&t.en) {
        return fail(format!(
            "{what} needs a German and an English text of at most 500 characters"
        ));
    }
    Ok(Text { de: t.de, en: t.en })
}

pub fn role_from_raw(role: RawRole) -> Role {
    match role {
        RawRole::Visitor => Role::Visitor,
        RawRole::Member => Role::Member,
        RawRole::Moderator => Role::Moderator,
        RawRole::Manager => Role::Manager,
        RawRole::Operator => Role::Operator,
    }
}

/// Rejects template constructs that would write unescaped HTML.
pub fn check_template_source(name: &str, source: &str) -> Result<(), ManifestError> {
    if source.len() > 64 * 1024 {
        return fail(format!("template {name} is larger than 64 KiB"));
    }
    let compact: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    for forbidden in ["{{{", "{{&", "{{~{", "{{~&"] {
        if compact.contains(forbidden) {
            return fail(format!(
                "template {name} uses '{forbidden}', which would output unescaped HTML; plugins may not"
            ));
        }
    }
    Ok(())
}

impl Manifest {
    /// The label of one of the plugin's notification kinds, in `lang`.
    pub fn notification_kind_label(&self, kind: &str, lang: Lang) -> Option<&str> {
        self.notification_kinds
            .iter()
            .find(|k| k.id == kind)
            .map(|k| k.label.get(lang))
    }

    /// Checks what a plugin's `describe` returned.
    pub fn validate(m: raw::Manifest) -> Result<Manifest, ManifestError> {
        if !is_identifier(&m.id) {
            return fail("the id must be 2–40 lowercase letters, digits or inner hyphens");
        }
        if m.id == crate::moderation::notices::SOURCE {
            return fail("the id 'moderation' belongs to the host");
        }
        if !is_version(&m.version) {
            return fail("the version must look like 1.2.3");
        }
        if !is_identifier(&m.mount) || RESERVED_MOUNTS.contains(&m.mount.as_str()) {
            return fail(format!(
                "the mount '{}' is not allowed (lowercase letters, digits, hyphens; not one of {})",
                m.mount,
                RESERVED_MOUNTS.join(", ")
            ));
        }
        let mut capabilities = vec![];
        for c in &m.capabilities {
            match Capability::parse(c) {
                Some(cap) if !capabilities.contains(&cap) => capabilities.push(cap),
                Some(_) => {}
                None => return fail(format!("unknown capability '{c}'")),
            }
        }
        let nav = m
            .nav
            .into_iter()
            .map(|n| {
                if !n.path.starts_with('/') || n.path.len() > 200 {
                    return fail("navigation paths start with '/' and are at most 200 characters");
                }
                Ok(NavEntry {
                    label: text(n.label, "a navigation entry")?,
                    path: n.path,
                    min_role: role_from_raw(n.min_role),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if m.templates.len() > 100 {
            return fail("at most 100 templates");
        }
        for t in &m.templates {
            let name_ok = !t.name.is_empty()
                && t.name.len() <= 64
                && t.name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/'));
            if !name_ok {
                return fail(format!("template name '{}' is not allowed", t.name));
            }
            check_template_source(&t.name, &t.source)?;
        }
        let mut translations = vec![];
        for (lang, source) in m.translations {
            let Some(lang) = Lang::parse(&lang).filter(|l| l.code() == lang) else {
                return fail(format!(
                    "translations for '{lang}': only 'de' and 'en' are supported"
                ));
            };
            if source.len() > 256 * 1024 {
                return fail("translations are larger than 256 KiB");
            }
            if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(source.clone()) {
                return fail(format!(
                    "the {} translations do not parse: {errors:?}",
                    lang.code()
                ));
            }
            translations.push((lang, source));
        }
        let jobs = m
            .jobs
            .into_iter()
            .map(|j| {
                if !is_identifier(&j.name) || j.every_seconds < 60 {
                    return fail("jobs need an identifier name and run at most once a minute");
                }
                Ok(Job {
                    name: j.name,
                    every_seconds: j.every_seconds,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for e in &m.events {
            if !EVENTS.contains(&e.as_str()) {
                return fail(format!(
                    "unknown event '{e}' (known: {})",
                    EVENTS.join(", ")
                ));
            }
        }
        let notification_kinds = m
            .notification_kinds
            .into_iter()
            .map(|k| {
                if !is_identifier(&k.id) {
                    return fail("notification kinds need an identifier");
                }
                Ok(NotificationKind {
                    id: k.id,
                    label: text(k.label, "a notification kind")?,
                    default_delivery: match k.default_delivery {
                        RawDelivery::Instant => Delivery::Instant,
                        RawDelivery::Digest => Delivery::Digest,
                        RawDelivery::InApp => Delivery::App,
                    },
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let reportable = m
            .reportable
            .into_iter()
            .map(|r| {
                let field_ok = |f: &str| records::is_name(f) && !f.contains('-');
                if !records::is_name(&r.collection)
                    || !field_ok(&r.title_field)
                    || !r.text_field.as_deref().is_none_or(field_ok)
                    || !r.readers_field.as_deref().is_none_or(field_ok)
                {
                    return fail(format!(
                        "reportable collection '{}': collection and field names are letters, digits and '_'",
                        r.collection
                    ));
                }
                if !r.link.starts_with('/') || !r.link.contains("{id}") || r.link.len() > 200 {
                    return fail(format!(
                        "reportable collection '{}': the link is a path below the mount with {{id}}",
                        r.collection
                    ));
                }
                Ok(Reportable {
                    label: text(r.label, "a reportable collection")?,
                    collection: r.collection,
                    title_field: r.title_field,
                    text_field: r.text_field,
                    link: r.link,
                    readers_field: r.readers_field,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(schema) = &m.settings_schema {
            // Only the subset the host can turn into a form; the error names the property.
            SettingsSchema::parse(schema).map_err(|e| ManifestError(e.0))?;
        }
        Ok(Manifest {
            name: text(m.name, "the name")?,
            description: text(m.description, "the description")?,
            id: m.id,
            version: m.version,
            mount: m.mount,
            capabilities,
            nav,
            templates: m
                .templates
                .into_iter()
                .map(|t| (t.name, t.source))
                .collect(),
            translations,
            jobs,
            events: m.events,
            notification_kinds,
            settings_schema: m.settings_schema,
            reportable,
        })
    }

    /// The declaration of a reportable collection, if `collection` is one.
    pub fn reportable(&self, collection: &str) -> Option<&Reportable> {
        self.reportable.iter().find(|r| r.collection == collection)
    }

    pub fn wants(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_versions() {
        assert!(is_identifier("guestbook"));
        assert!(is_identifier("lost-and-found"));
        assert!(!is_identifier("Guestbook"));
        assert!(!is_identifier("-x"));
        assert!(is_version("0.1.0"));
        assert!(is_version("1.20.3-beta.1"));
        assert!(!is_version("1.2"));
        assert!(!is_version("v1.2.3"));
    }

    #[test]
    fn templates_cannot_output_raw_html() {
        assert!(check_template_source("a", "<p>{{name}}</p>").is_ok());
        for bad in [
            "{{{name}}}",
            "{{ {name} }}",
            "{{&name}}",
            "{{~{name}~}}",
            "{{{{raw}}}}x{{{{/raw}}}}",
        ] {
            assert!(check_template_source("a", bad).is_err(), "{bad}");
        }
    }
}
