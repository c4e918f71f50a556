//! Instance-wide settings an operator edits in `/admin`: the instance's name, a short
//! description for the home page, and whether anyone may register.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use sqlx::{AnyPool, Row};

/// The settings as shown on every page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InstanceSettings {
    pub name: String,
    pub tagline: String,
    pub registration_open: bool,
}

impl Default for InstanceSettings {
    fn default() -> Self {
        Self {
            name: "Quartier".into(),
            tagline: String::new(),
            registration_open: true,
        }
    }
}

pub async fn load(pool: &AnyPool) -> Result<InstanceSettings, sqlx::Error> {
    let rows = sqlx::query("SELECT key, value FROM instance_settings")
        .fetch_all(pool)
        .await?;
    let mut settings = InstanceSettings::default();
    for row in rows {
        let (key, value): (String, String) = (row.try_get("key")?, row.try_get("value")?);
        match key.as_str() {
            "name" => settings.name = value,
            "tagline" => settings.tagline = value,
            "registration_open" => settings.registration_open = value == "1",
            _ => {}
        }
    }
    Ok(settings)
}

pub async fn save(pool: &AnyPool, settings: &InstanceSettings) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let open = if settings.registration_open { "1" } else { "0" };
    for (key, value) in [
        ("name", settings.name.as_str()),
        ("tagline", &settings.tagline),
        ("registration_open", open),
    ] {
        sqlx::query(
            "INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The settings cached in memory. Other `quartier` processes pick up a change within
/// [`Self::MAX_AGE`].
#[derive(Debug)]
pub struct Cached {
    value: RwLock<(InstanceSettings, Instant)>,
}

impl Cached {
    pub const MAX_AGE: Duration = Duration::from_secs(30);

    pub fn new(settings: InstanceSettings) -> Self {
        Self {
            value: RwLock::new((settings, Instant::now())),
        }
    }

    /// The settings, reloaded from the database when the cached copy is old.
    pub async fn get(&self, pool: &AnyPool) -> InstanceSettings {
        let (settings, loaded) = self.value.read().expect("settings lock").clone();
        if loaded.elapsed() < Self::MAX_AGE {
            return settings;
        }
        match load(pool).await {
            Ok(fresh) => {
                self.set(fresh.clone());
                fresh
            }
            Err(err) => {
                tracing::warn!(error = %err, "could not reload instance settings; keeping the old ones");
                settings
            }
        }
    }

    /// Replaces the cached settings (after this process saved them).
    pub fn set(&self, settings: InstanceSettings) {
        *self.value.write().expect("settings lock") = (settings, Instant::now());
    }

    /// The cached value without reloading (for rendering inside sync code).
    pub fn current(&self) -> InstanceSettings {
        self.value.read().expect("settings lock").0.clone()
    }
}
