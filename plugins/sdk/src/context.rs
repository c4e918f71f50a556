//! Who is looking and where: fixed by the host for the whole call.

use crate::Role;
use crate::bindings::quartier::plugin::context as raw;

/// The person the call is for.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account id, or none for someone not logged in.
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub role: Role,
    /// "de" or "en".
    pub language: String,
}

impl Viewer {
    /// True when the viewer's role is at least `min`.
    pub fn is_at_least(&self, min: Role) -> bool {
        crate::role_at_least(self.role, min)
    }

    pub fn is_logged_in(&self) -> bool {
        self.id.is_some()
    }

    /// The text in the viewer's language, e.g. for a view's title.
    pub fn pick<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.language == "de" { de } else { en }
    }
}

/// The community the call happens in.
#[derive(Debug, Clone)]
pub struct Community {
    pub slug: String,
    pub name: String,
    pub language: String,
    /// Absolute URL of the plugin's mount in this community.
    pub mount_url: String,
    /// The plugin's per-community settings (a JSON object).
    pub settings: serde_json::Value,
}

impl Community {
    /// The text in the community's language, e.g. for a notification (which has one text
    /// for everyone).
    pub fn pick<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.language == "de" { de } else { en }
    }
}

/// Who is looking.
pub fn viewer() -> Viewer {
    let v = raw::current_viewer();
    Viewer {
        id: v.id,
        display_name: v.display_name,
        role: v.role,
        language: v.language,
    }
}

/// Where the call happens.
pub fn community() -> Community {
    let c = raw::current_community();
    Community {
        slug: c.slug,
        name: c.name,
        language: c.language,
        mount_url: c.mount_url,
        settings: serde_json::from_str(&c.settings_json).unwrap_or(serde_json::Value::Null),
    }
}
