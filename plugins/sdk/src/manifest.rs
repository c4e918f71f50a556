//! The plugin's description of itself, built with a fluent builder.

use crate::Role;
use crate::bindings::quartier::plugin::metadata as raw;

/// A kind of notification the plugin sends (people choose how to receive each kind).
pub struct NotificationKind {
    pub id: String,
    pub de: String,
    pub en: String,
    /// How people receive it until they choose otherwise.
    pub delivery: Delivery,
}

/// How a kind of notification reaches people by default. Choose [`Delivery::Instant`] for
/// what concerns the person directly and soon (a decision on their booking, a reminder),
/// [`Delivery::Digest`] for news they can read tomorrow, [`Delivery::InApp`] for the rest.
/// Urgent messages always go out at once, whatever was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// A mail at once.
    Instant,
    /// In the daily digest mail.
    Digest,
    /// Only in the notification centre.
    InApp,
}

/// What a plugin is. Start with [`Manifest::new`] and add what the plugin has.
pub struct Manifest {
    raw: raw::Manifest,
}

fn text(de: &str, en: &str) -> raw::Text {
    raw::Text {
        de: de.into(),
        en: en.into(),
    }
}

impl Manifest {
    /// `id`: lowercase letters, digits and hyphens, stable across versions; `version`:
    /// semantic version (usually `env!("CARGO_PKG_VERSION")`); `mount`: the path segment
    /// below the community, e.g. `"guestbook"` for `/c/{community}/guestbook`.
    pub fn new(id: &str, version: &str, mount: &str) -> Self {
        Self {
            raw: raw::Manifest {
                id: id.into(),
                version: version.into(),
                mount: mount.into(),
                name: text(id, id),
                description: text("", ""),
                capabilities: vec![],
                nav: vec![],
                templates: vec![],
                translations: vec![],
                jobs: vec![],
                events: vec![],
                notification_kinds: vec![],
                settings_schema: None,
                reportable: vec![],
            },
        }
    }

    /// Lets members report documents of `collection` to the community's moderators with the
    /// host's `{{report "collection" id}}` link. `label_de`/`label_en` name one document
    /// ("Fundmeldung"), `title_field` and `text_field` are the data fields the moderation
    /// queue shows, `link` is where a document is shown, with `{id}` for its id
    /// (`"/entries/{id}"`). The host then gives hidden documents of the collection only to
    /// moderators and their authors; declare only collections every member may see.
    pub fn reportable(
        mut self,
        collection: &str,
        label: (&str, &str),
        title_field: &str,
        text_field: Option<&str>,
        link: &str,
    ) -> Self {
        self.raw.reportable.push(raw::Reportable {
            collection: collection.into(),
            label: text(label.0, label.1),
            title_field: title_field.into(),
            text_field: text_field.map(Into::into),
            link: link.into(),
            readers_field: None,
        });
        self
    }

    /// Like [`Manifest::reportable`], for private documents such as the messages of a
    /// confidential conversation: `readers_field` names a data field with the account ids
    /// (strings) of the people who may read each document. Only they can report one, and
    /// members under pre-moderation are never held when they write one, so the moderators
    /// see a document only after one of its readers reported it.
    pub fn reportable_private(
        mut self,
        collection: &str,
        label: (&str, &str),
        title_field: &str,
        text_field: Option<&str>,
        link: &str,
        readers_field: &str,
    ) -> Self {
        self = self.reportable(collection, label, title_field, text_field, link);
        if let Some(last) = self.raw.reportable.last_mut() {
            last.readers_field = Some(readers_field.into());
        }
        self
    }

    /// The plugin's name in German and English.
    pub fn name(mut self, de: &str, en: &str) -> Self {
        self.raw.name = text(de, en);
        self
    }

    /// What the plugin does, in German and English (shown to managers before enabling it).
    pub fn description(mut self, de: &str, en: &str) -> Self {
        self.raw.description = text(de, en);
        self
    }

    /// Asks for a capability: `"members:read"`, `"notify"`, `"banners"` or `"blobs"`.
    pub fn capability(mut self, capability: &str) -> Self {
        self.raw.capabilities.push(capability.into());
        self
    }

    /// A navigation entry for the community's menu, seen by `min_role` and above.
    pub fn nav(mut self, de: &str, en: &str, path: &str, min_role: Role) -> Self {
        self.raw.nav.push(raw::NavEntry {
            label: text(de, en),
            path: path.into(),
            min_role,
        });
        self
    }

    /// A handlebars template, named for [`crate::View::new`].
    pub fn template(mut self, name: &str, source: &str) -> Self {
        self.raw.templates.push(raw::Template {
            name: name.into(),
            source: source.into(),
        });
        self
    }

    /// Fluent (`.ftl`) messages for a language (`"de"` or `"en"`), used by `{{t "key"}}`.
    pub fn translations(mut self, language: &str, ftl: &str) -> Self {
        self.raw.translations.push((language.into(), ftl.into()));
        self
    }

    /// A job the host runs in every community with the plugin enabled.
    pub fn job(mut self, name: &str, every_seconds: u32) -> Self {
        self.raw.jobs.push(raw::Job {
            name: name.into(),
            every_seconds,
        });
        self
    }

    /// Subscribes to a host event: `"member-joined"`, `"member-left"`, `"settings-changed"`,
    /// and for reportable collections `"item-hidden"`, `"item-restored"`, `"item-deleted"`.
    pub fn event(mut self, kind: &str) -> Self {
        self.raw.events.push(kind.into());
        self
    }

    /// Declares a kind of notification the plugin sends.
    pub fn notification_kind(mut self, kind: NotificationKind) -> Self {
        self.raw.notification_kinds.push(raw::NotificationKind {
            id: kind.id,
            label: text(&kind.de, &kind.en),
            default_delivery: match kind.delivery {
                Delivery::Instant => raw::Delivery::Instant,
                Delivery::Digest => raw::Delivery::Digest,
                Delivery::InApp => raw::Delivery::InApp,
            },
        });
        self
    }

    /// A JSON Schema for the per-community settings form.
    pub fn settings_schema(mut self, schema: &str) -> Self {
        self.raw.settings_schema = Some(schema.into());
        self
    }

    #[doc(hidden)]
    pub fn into_raw(self) -> raw::Manifest {
        self.raw
    }
}
