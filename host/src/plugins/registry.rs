//! Installed plugins: validating and storing a `.wasm`, loading each plugin's current version
//! (compiled code, `InstancePre`, templates) into memory, and which communities enabled what.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};
use wasmtime::component::{HasSelf, Linker};

use super::bindings::v0_1::quartier::plugin::types;
use super::bindings::v0_1::{Plugin, PluginPre};
use super::call::{CallContext, CallError, Invocation, Outcome, invoke};
use super::engine::{PluginEngine, PluginLimits};
use super::host::CallState;
use super::manifest::{Capability, Manifest};
use super::render::PluginTemplates;
use crate::db::{Db, now_ms};
use crate::i18n::Catalogue;

/// A plugin version ready to run.
pub struct LoadedPlugin {
    pub manifest: Manifest,
    pub pre: PluginPre<CallState>,
    pub templates: PluginTemplates,
    pub wasm_sha256: String,
    /// The manifest's reportable collections, gathered once for every call's read filter.
    pub reportable: std::sync::Arc<[String]>,
}

/// Why installing failed; the message is for the operator.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("this is not a Quartier plugin component: {0}")]
    NotAPlugin(String),
    #[error("{0}")]
    Manifest(#[from] super::manifest::ManifestError),
    #[error("the templates do not compile: {0}")]
    Templates(String),
    #[error("the mount '{mount}' is used by the plugin '{other}' already")]
    MountTaken { mount: String, other: String },
    #[error(
        "version {0} is installed already with different code; give the new build a new version"
    )]
    VersionClash(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What `plugin list` and `/admin` show.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InstalledPlugin {
    pub id: String,
    pub version: String,
    pub mount: String,
    pub communities: i64,
}

/// A plugin enabled in one community, with what the manager granted.
#[derive(Clone)]
pub struct Enabled {
    pub plugin: Arc<LoadedPlugin>,
    pub granted: Vec<Capability>,
    pub settings_json: String,
}

/// All plugins of this process.
pub struct Plugins {
    engine: PluginEngine,
    linker: Linker<CallState>,
    host_catalogue: Arc<Catalogue>,
    loaded: RwLock<HashMap<String, Arc<LoadedPlugin>>>,
    synced: RwLock<Instant>,
    /// Rung after a call committed mail to the outbox; the mail worker waits on it.
    mail_queued: Arc<tokio::sync::Notify>,
}

impl Plugins {
    /// The host's own texts, e.g. for the host's notification kinds beside the plugins'.
    pub fn host_catalogue(&self) -> &Arc<Catalogue> {
        &self.host_catalogue
    }
}

impl std::fmt::Debug for Plugins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugins")
            .field("engine", &self.engine)
            .finish()
    }
}

/// Another process may install or upgrade a plugin; this one looks at least this often.
const SYNC_EVERY: Duration = Duration::from_secs(10);

impl Plugins {
    pub fn new(
        cache_dir: std::path::PathBuf,
        limits: PluginLimits,
        host_catalogue: Arc<Catalogue>,
    ) -> anyhow::Result<Self> {
        let engine = PluginEngine::new(cache_dir, limits)?;
        let mut linker = Linker::new(engine.engine());
        // WASI with nothing behind it: no files, no sockets, no environment (see `call`).
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        Plugin::add_to_linker::<_, HasSelf<_>>(&mut linker, |state| state)?;
        Ok(Self {
            engine,
            linker,
            host_catalogue,
            loaded: RwLock::new(HashMap::new()),
            synced: RwLock::new(Instant::now() - SYNC_EVERY * 2),
            mail_queued: Arc::new(tokio::sync::Notify::new()),
        })
    }

    pub fn engine(&self) -> &PluginEngine {
        &self.engine
    }

    /// What the mail worker waits on to hear that plugin calls queued mail.
    pub fn mail_queued(&self) -> Arc<tokio::sync::Notify> {
        self.mail_queued.clone()
    }

    /// Compiles wasm into a runnable plugin (without its manifest checked).
    fn prepare(&self, wasm: &[u8]) -> Result<PluginPre<CallState>, InstallError> {
        let component = self
            .engine
            .load(wasm)
            .map_err(|e| InstallError::NotAPlugin(format!("{e:#}")))?;
        let pre = self
            .linker
            .instantiate_pre(&component)
            .map_err(|e| InstallError::NotAPlugin(format!("{e:#}")))?;
        PluginPre::new(pre).map_err(|e| InstallError::NotAPlugin(format!("{e:#}")))
    }

    fn finish(
        &self,
        manifest: Manifest,
        pre: PluginPre<CallState>,
        wasm_sha256: String,
    ) -> Result<LoadedPlugin, InstallError> {
        let templates = PluginTemplates::build(&manifest, self.host_catalogue.clone())
            .map_err(InstallError::Templates)?;
        let reportable = manifest
            .reportable
            .iter()
            .map(|r| r.collection.clone())
            .collect();
        Ok(LoadedPlugin {
            manifest,
            pre,
            templates,
            wasm_sha256,
            reportable,
        })
    }

    /// Validates a plugin file, stores it and loads it. Upgrading (same id, new version)
    /// keeps the plugin's data and its enablement in communities.
    pub async fn install(&self, db: &Db, wasm: &[u8]) -> Result<Manifest, InstallError> {
        let pre = self.prepare(wasm)?;
        let raw = describe(&self.engine, &pre).await?;
        let manifest = Manifest::validate(raw)?;
        let sha = hex(&Sha256::digest(wasm));
        let loaded = self.finish(manifest.clone(), pre, sha.clone())?;
        let pool = db.pool();
        let mut tx = pool.begin().await?;
        let other: Option<String> =
            sqlx::query_scalar("SELECT id FROM plugins WHERE mount = $1 AND id <> $2")
                .bind(&manifest.mount)
                .bind(&manifest.id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(other) = other {
            return Err(InstallError::MountTaken {
                mount: manifest.mount.clone(),
                other,
            });
        }
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT wasm_sha256 FROM plugin_versions WHERE plugin_id = $1 AND version = $2",
        )
        .bind(&manifest.id)
        .bind(&manifest.version)
        .fetch_optional(&mut *tx)
        .await?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO plugins (id, mount, current_version, installed_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (id) DO UPDATE SET mount = $2, current_version = $3, updated_at = $4",
        )
        .bind(&manifest.id)
        .bind(&manifest.mount)
        .bind(&manifest.version)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        match existing {
            Some(existing) if existing == sha => {}
            Some(_) => return Err(InstallError::VersionClash(manifest.version.clone())),
            None => {
                sqlx::query(
                    "INSERT INTO plugin_versions (plugin_id, version, wasm, wasm_sha256, manifest, installed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&manifest.id)
                .bind(&manifest.version)
                .bind(wasm.to_vec())
                .bind(&sha)
                .bind(serde_json::to_string(&manifest).map_err(|e| InstallError::NotAPlugin(e.to_string()))?)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.loaded
            .write()
            .expect("plugins lock")
            .insert(manifest.id.clone(), Arc::new(loaded));
        tracing::info!(plugin.id = %manifest.id, plugin.version = %manifest.version, "plugin installed");
        Ok(manifest)
    }

    /// Uninstalls a plugin: it disappears from every community. Its records stay in the
    /// database, so installing it again brings them back.
    pub async fn remove(&self, db: &Db, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM plugins WHERE id = $1")
            .bind(id)
            .execute(db.pool())
            .await?;
        self.loaded.write().expect("plugins lock").remove(id);
        Ok(done.rows_affected() == 1)
    }

    /// Installed plugins with the number of communities using each.
    pub async fn list(db: &Db) -> Result<Vec<InstalledPlugin>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT p.id, p.current_version, p.mount, \
             (SELECT COUNT(*) FROM community_plugins c WHERE c.plugin_id = p.id AND c.enabled = 1) AS n \
             FROM plugins p ORDER BY p.id",
        )
        .fetch_all(db.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InstalledPlugin {
                    id: r.try_get("id")?,
                    version: r.try_get("current_version")?,
                    mount: r.try_get("mount")?,
                    communities: r.try_get("n")?,
                })
            })
            .collect()
    }

    /// Loads every installed plugin whose current version is not loaded yet, and forgets
    /// removed ones. Plugins that fail to load are logged and skipped.
    pub async fn sync(&self, db: &Db) -> Result<(), sqlx::Error> {
        *self.synced.write().expect("plugins lock") = Instant::now();
        let rows = sqlx::query(
            "SELECT p.id, p.current_version, v.wasm_sha256 FROM plugins p \
             JOIN plugin_versions v ON v.plugin_id = p.id AND v.version = p.current_version",
        )
        .fetch_all(db.pool())
        .await?;
        let mut wanted = HashMap::new();
        for row in &rows {
            let id: String = row.try_get("id")?;
            let sha: String = row.try_get("wasm_sha256")?;
            wanted.insert(id, (row.try_get::<String, _>("current_version")?, sha));
        }
        let stale: Vec<(String, String)> = {
            let loaded = self.loaded.read().expect("plugins lock");
            wanted
                .iter()
                .filter(|(id, (_, sha))| loaded.get(*id).is_none_or(|p| &p.wasm_sha256 != sha))
                .map(|(id, (version, _))| (id.clone(), version.clone()))
                .collect()
        };
        for (id, version) in stale {
            let row = sqlx::query("SELECT wasm, manifest, wasm_sha256 FROM plugin_versions WHERE plugin_id = $1 AND version = $2")
                .bind(&id)
                .bind(&version)
                .fetch_one(db.pool())
                .await?;
            let wasm: Vec<u8> = row.try_get("wasm")?;
            let manifest_json: String = row.try_get("manifest")?;
            let sha: String = row.try_get("wasm_sha256")?;
            let loaded = serde_json::from_str::<Manifest>(&manifest_json)
                .map_err(|e| InstallError::NotAPlugin(e.to_string()))
                .and_then(|manifest| {
                    let pre = self.prepare(&wasm)?;
                    self.finish(manifest, pre, sha)
                });
            match loaded {
                Ok(plugin) => {
                    self.loaded
                        .write()
                        .expect("plugins lock")
                        .insert(id, Arc::new(plugin));
                }
                Err(e) => {
                    tracing::error!(plugin.id = %id, plugin.version = %version, error = %e, "could not load plugin")
                }
            }
        }
        self.loaded
            .write()
            .expect("plugins lock")
            .retain(|id, _| wanted.contains_key(id));
        Ok(())
    }

    /// [`Plugins::sync`] when the last one is older than a few seconds.
    pub async fn sync_if_stale(&self, db: &Db) {
        if self.synced.read().expect("plugins lock").elapsed() < SYNC_EVERY {
            return;
        }
        if let Err(e) = self.sync(db).await {
            tracing::warn!(error = %e, "could not refresh the plugin list");
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<LoadedPlugin>> {
        self.loaded.read().expect("plugins lock").get(id).cloned()
    }

    /// All loaded plugins, by name.
    pub fn all(&self) -> Vec<Arc<LoadedPlugin>> {
        let mut all: Vec<_> = self
            .loaded
            .read()
            .expect("plugins lock")
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        all
    }

    /// The plugins a community enabled, in the order they were installed.
    pub async fn enabled_in(
        &self,
        pool: &AnyPool,
        community_id: i64,
    ) -> Result<Vec<Enabled>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT plugin_id, granted, settings FROM community_plugins WHERE community_id = $1 AND enabled = 1 ORDER BY plugin_id",
        )
        .bind(community_id)
        .fetch_all(pool)
        .await?;
        let mut enabled = vec![];
        for row in rows {
            let id: String = row.try_get("plugin_id")?;
            let Some(plugin) = self.get(&id) else {
                continue;
            };
            let granted: String = row.try_get("granted")?;
            enabled.push(Enabled {
                plugin,
                granted: granted.split(',').filter_map(Capability::parse).collect(),
                settings_json: row.try_get("settings")?,
            });
        }
        Ok(enabled)
    }

    /// Runs one call of a plugin (see [`invoke`]).
    pub async fn call(
        &self,
        db: &Db,
        plugin: &LoadedPlugin,
        ctx: CallContext,
        invocation: Invocation,
    ) -> Result<Outcome, CallError> {
        let community = ctx.community_slug.clone();
        let result = invoke(&self.engine, db, plugin, ctx, invocation, &self.mail_queued).await;
        if let Err(e) = &result {
            tracing::error!(
                plugin.id = %plugin.manifest.id,
                plugin.version = %plugin.manifest.version,
                community.slug = %community,
                error = %e,
                "plugin call failed"
            );
        }
        result
    }
}

/// Enables (granting what the manifest asks for) or disables a plugin in a community.
/// Disabling keeps the plugin's data.
pub async fn set_enabled(
    conn: &mut sqlx::AnyConnection,
    community_id: i64,
    manifest: &Manifest,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    let granted = manifest
        .capabilities
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(
        "INSERT INTO community_plugins (community_id, plugin_id, enabled, granted, settings, changed_at) \
         VALUES ($1, $2, $3, $4, '{}', $5) \
         ON CONFLICT (community_id, plugin_id) DO UPDATE SET enabled = $3, granted = $4, changed_at = $5",
    )
    .bind(community_id)
    .bind(&manifest.id)
    .bind(i64::from(enabled))
    .bind(granted)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Enables a plugin in a community unless its managers already decided about it.
pub async fn enable_if_new(
    pool: &AnyPool,
    community_id: i64,
    manifest: &Manifest,
) -> Result<(), sqlx::Error> {
    let decided: Option<i64> = sqlx::query_scalar(
        "SELECT enabled FROM community_plugins WHERE community_id = $1 AND plugin_id = $2",
    )
    .bind(community_id)
    .bind(&manifest.id)
    .fetch_optional(pool)
    .await?;
    if decided.is_none() {
        let mut conn = pool.acquire().await?;
        set_enabled(&mut conn, community_id, manifest, true).await?;
    }
    Ok(())
}

/// Stores a community's settings for a plugin (a JSON object).
pub async fn set_settings(
    pool: &AnyPool,
    community_id: i64,
    plugin_id: &str,
    settings_json: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE community_plugins SET settings = $1, changed_at = $2 WHERE community_id = $3 AND plugin_id = $4")
        .bind(settings_json)
        .bind(now_ms())
        .bind(community_id)
        .bind(plugin_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Calls `describe` with nothing granted and no community.
async fn describe(
    engine: &PluginEngine,
    pre: &PluginPre<CallState>,
) -> Result<super::bindings::v0_1::quartier::plugin::metadata::Manifest, InstallError> {
    // A throwaway `LoadedPlugin` is not needed: `describe` touches no templates.
    let ctx = CallContext {
        community_id: 0,
        community: types::Community {
            slug: String::new(),
            name: String::new(),
            language: "de".into(),
            mount_url: String::new(),
            settings_json: "{}".into(),
        },
        community_slug: String::new(),
        viewer: types::Viewer {
            id: None,
            display_name: None,
            role: types::Role::Visitor,
            language: "de".into(),
        },
        granted: vec![],
        mount_path: String::new(),
        hidden: super::records::Hidden::Shown,
        hold: None,
    };
    super::call::describe(engine, pre, ctx)
        .await
        .map_err(|e| InstallError::NotAPlugin(e.to_string()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
