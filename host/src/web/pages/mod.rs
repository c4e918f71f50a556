//! Page handlers, one module per area; each handler is named after what it does.

pub mod account;
pub mod admin;
pub mod admin_mail;
pub mod auth;
pub mod community;
pub mod delivery;
pub mod home;
pub mod member_blocks;
pub mod members;
pub mod moderation;
pub mod moderation_settings;
pub mod modules;
pub mod notifications;
pub mod settings;
pub mod system;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::validation::FieldErrors;

/// The `errors` object a form template reads: field name → translation key.
pub fn errors_json(errors: &FieldErrors) -> Value {
    let map: BTreeMap<&str, &str> = errors.iter().map(|e| (e.field, e.message)).collect();
    json!(map)
}
