//! One plugin call: a fresh store and instance, the call's transaction and locks, the limits,
//! and the decision to commit or discard what the call wrote.

use std::time::Duration;

use wasmtime::component::ResourceTable;
use wasmtime::{Store, StoreLimitsBuilder, UpdateDeadline};
use wasmtime_wasi::WasiCtx;

use super::bindings::v0_1::PluginPre;
use super::bindings::v0_1::quartier::plugin::{http, metadata, types};
use super::engine::{PluginEngine, TICK};
use super::host::CallState;
use super::manifest::Capability;
use super::records::{Hidden, Scope};
use super::registry::LoadedPlugin;
use crate::db::{Backend, Db};
use crate::mail::Delivery;

/// What the host asks of the plugin.
pub enum Invocation {
    Handle(http::Request),
    Widget,
    Event { kind: String, payload_json: String },
    Job(String),
}

impl Invocation {
    /// Only POST requests, events and jobs may write; GET requests and widgets read.
    fn may_write(&self) -> bool {
        match self {
            Invocation::Handle(req) => matches!(req.method, http::Method::Post),
            Invocation::Widget => false,
            Invocation::Event { .. } | Invocation::Job(_) => true,
        }
    }
}

/// What the plugin answered.
pub enum Outcome {
    Response(http::Response),
    Widget(Option<http::View>),
    Done(Result<(), String>),
}

/// Why a call produced no usable answer. The message goes to the log, never to the page.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("the plugin trapped: {0}")]
    Trap(String),
    #[error("the plugin did not answer within {0} ms")]
    Timeout(u64),
    #[error("the plugin's answer is larger than {0} KiB")]
    TooLarge(usize),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Who is calling whom, where: everything the host fixes before the instance exists.
pub struct CallContext {
    pub community_id: i64,
    pub community: types::Community,
    pub community_slug: String,
    pub viewer: types::Viewer,
    pub granted: Vec<Capability>,
    pub mount_path: String,
    /// Which documents hidden by moderation the call's reads return.
    pub hidden: Hidden,
    /// Set when the viewer's new posts wait for a moderator's approval.
    pub hold: Option<Hold>,
}

/// Pre-moderation of one call: documents it inserts into reportable collections are held
/// for approval (hidden, with a case in the queue) in the call's own transaction.
#[derive(Clone)]
pub struct Hold {
    pub catalogue: std::sync::Arc<crate::i18n::Catalogue>,
    pub reportable: Vec<super::manifest::Reportable>,
    /// What was held, as (collection, id), for the caller to tell the plugin once committed.
    pub held: std::sync::Arc<std::sync::Mutex<Vec<(String, i64)>>>,
}

impl Hold {
    pub fn new(catalogue: std::sync::Arc<crate::i18n::Catalogue>, plugin: &LoadedPlugin) -> Hold {
        Hold {
            catalogue,
            reportable: plugin.manifest.reportable.clone(),
            held: Default::default(),
        }
    }

    /// What the call held.
    pub fn held(&self) -> Vec<(String, i64)> {
        self.held.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

impl CallContext {
    /// The context of a call in `community` for `viewer` (none for jobs and events, which
    /// run as a visitor without an account).
    pub fn new(
        base_url: &str,
        community: &crate::communities::Community,
        enabled: &super::registry::Enabled,
        viewer: Option<(&crate::accounts::Account, crate::communities::roles::Role)>,
        lang: crate::lang::Lang,
    ) -> Self {
        let mount_path = format!("/c/{}/{}", community.slug, enabled.plugin.manifest.mount);
        let role = viewer.map(|(_, r)| r);
        // Moderators see everything; so does everyone where nothing can be reported.
        let hidden = if role >= Some(crate::communities::roles::Role::Moderator)
            || enabled.plugin.reportable.is_empty()
        {
            Hidden::Shown
        } else {
            Hidden::Filtered {
                collections: enabled.plugin.reportable.clone(),
                author: viewer.map(|(a, _)| a.id.to_string()),
            }
        };
        CallContext {
            community_id: community.id,
            community: types::Community {
                slug: community.slug.clone(),
                name: community.name.clone(),
                language: community.language.code().into(),
                mount_url: format!("{base_url}{mount_path}"),
                settings_json: enabled.settings_json.clone(),
            },
            community_slug: community.slug.clone(),
            viewer: types::Viewer {
                id: viewer.map(|(a, _)| a.id.to_string()),
                display_name: viewer.map(|(a, _)| a.display_name.clone()),
                role: super::host::role_to_wit(
                    viewer
                        .map(|(_, r)| r)
                        .unwrap_or(crate::communities::roles::Role::Visitor),
                ),
                language: lang.code().into(),
            },
            granted: enabled.granted.clone(),
            mount_path,
            hidden,
            hold: None,
        }
    }
}

/// Which plugin a store belongs to.
struct PluginIdentity {
    id: String,
    version: String,
    notification_kinds: Vec<(String, Delivery)>,
}

/// A fresh store for one call: empty WASI (no files, sockets or environment), memory
/// limits, and the CPU budget enforced at epoch ticks.
fn new_store(
    engine: &PluginEngine,
    ctx: CallContext,
    plugin: PluginIdentity,
    may_write: bool,
    backend: Backend,
    db: Option<Db>,
) -> Store<CallState> {
    let limits = engine.limits;
    let state = CallState {
        wasi: WasiCtx::builder()
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build(),
        table: ResourceTable::new(),
        memory: StoreLimitsBuilder::new()
            .memory_size(limits.memory_mib << 20)
            .instances(16)
            .tables(32)
            .memories(4)
            .build(),
        scope: Scope {
            community_id: ctx.community_id,
            plugin_id: plugin.id,
        },
        hidden: ctx.hidden,
        hold: ctx.hold,
        community_slug: ctx.community_slug,
        plugin_version: plugin.version,
        community: ctx.community,
        viewer: ctx.viewer,
        granted: ctx.granted,
        notification_kinds: plugin.notification_kinds,
        queued_mail: false,
        mount_path: ctx.mount_path,
        may_write,
        backend,
        db,
        tx: None,
        limits,
        host_calls: 0,
        rows: 0,
        cpu_used: Duration::ZERO,
        last_check: std::time::Instant::now(),
        host_time: Duration::ZERO,
    };
    let mut store = Store::new(engine.engine(), state);
    store.limiter(|state| &mut state.memory);
    // At every epoch tick the guest yields to the executor and its CPU time is charged: the
    // time since the last check, minus the time it waited in host calls, at most one tick
    // (the rest was spent suspended, waiting for the executor). Past its budget it is stopped.
    let budget = Duration::from_millis(limits.cpu_ms);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |mut ctx| {
        let state = ctx.data_mut();
        let now = std::time::Instant::now();
        let ran = now
            .duration_since(state.last_check)
            .saturating_sub(state.host_time);
        state.cpu_used += ran.min(TICK);
        state.last_check = now;
        state.host_time = Duration::ZERO;
        if state.cpu_used > budget {
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Yield(1))
        }
    });
    store
}

/// Calls `describe` of a plugin that is not installed yet: no community, nothing granted,
/// no database access, the usual limits.
pub async fn describe(
    engine: &PluginEngine,
    pre: &PluginPre<CallState>,
    ctx: CallContext,
) -> Result<metadata::Manifest, CallError> {
    let identity = PluginIdentity {
        id: String::new(),
        version: String::new(),
        notification_kinds: vec![],
    };
    let mut store = new_store(engine, ctx, identity, false, Backend::Sqlite, None);
    let wall = Duration::from_millis(engine.limits.wall_ms);
    let run = async {
        let instance = pre.instantiate_async(&mut store).await?;
        instance.call_describe(&mut store).await
    };
    match tokio::time::timeout(wall, run).await {
        Err(_) => Err(CallError::Timeout(engine.limits.wall_ms)),
        Ok(Err(trap)) => Err(CallError::Trap(format!("{trap:#}"))),
        Ok(Ok(manifest)) => Ok(manifest),
    }
}

/// Creates a store and instantiates the plugin without calling it: the fixed cost of every
/// call, measured by the benchmarks.
#[doc(hidden)]
pub async fn instantiate_only(
    engine: &PluginEngine,
    plugin: &LoadedPlugin,
    ctx: CallContext,
) -> Result<(), CallError> {
    let identity = PluginIdentity {
        id: plugin.manifest.id.clone(),
        version: plugin.manifest.version.clone(),
        notification_kinds: vec![],
    };
    let mut store = new_store(engine, ctx, identity, false, Backend::Sqlite, None);
    plugin
        .pre
        .instantiate_async(&mut store)
        .await
        .map(drop)
        .map_err(|e| CallError::Trap(format!("{e:#}")))
}

/// Runs one call with all limits and returns the plugin's answer.
pub async fn invoke(
    engine: &PluginEngine,
    db: &Db,
    plugin: &LoadedPlugin,
    ctx: CallContext,
    invocation: Invocation,
    mail_queued: &tokio::sync::Notify,
) -> Result<Outcome, CallError> {
    let limits = engine.limits;
    let may_write = invocation.may_write();
    // Jobs and events keep the plugin's data in order, hidden documents included.
    let mut ctx = ctx;
    if matches!(invocation, Invocation::Event { .. } | Invocation::Job(_)) {
        ctx.hidden = Hidden::Shown;
    }
    let identity = PluginIdentity {
        id: plugin.manifest.id.clone(),
        version: plugin.manifest.version.clone(),
        notification_kinds: plugin
            .manifest
            .notification_kinds
            .iter()
            .map(|k| (k.id.clone(), k.default_delivery))
            .collect(),
    };
    let mut store = new_store(
        engine,
        ctx,
        identity,
        may_write,
        db.backend(),
        Some(db.clone()),
    );
    let wall = Duration::from_millis(limits.wall_ms);
    let run = async {
        let instance = plugin.pre.instantiate_async(&mut store).await?;
        let outcome = match &invocation {
            Invocation::Handle(req) => {
                Outcome::Response(instance.call_handle(&mut store, req).await?)
            }
            Invocation::Widget => Outcome::Widget(instance.call_widget(&mut store).await?),
            Invocation::Event { kind, payload_json } => Outcome::Done(
                instance
                    .call_on_event(&mut store, kind, payload_json)
                    .await?,
            ),
            Invocation::Job(name) => Outcome::Done(instance.call_run_job(&mut store, name).await?),
        };
        Ok::<Outcome, wasmtime::Error>(outcome)
    };
    let outcome = match tokio::time::timeout(wall, run).await {
        Err(_) => return Err(CallError::Timeout(limits.wall_ms)),
        Ok(Err(trap)) => return Err(CallError::Trap(format!("{trap:#}"))),
        Ok(Ok(outcome)) => outcome,
    };
    check_size(&outcome, limits.output_kib)?;
    let keep = match &outcome {
        Outcome::Response(r) => matches!(
            r,
            http::Response::View(_)
                | http::Response::Redirect(_)
                | http::Response::Body(_)
                | http::Response::Blob(_)
        ),
        Outcome::Widget(_) => false,
        Outcome::Done(result) => result.is_ok(),
    };
    let mut state = store.into_data();
    if let Some(tx) = state.tx.take() {
        if keep && may_write {
            tx.commit().await?;
            if state.queued_mail {
                mail_queued.notify_one();
            }
        } else {
            tx.rollback().await?;
        }
    }
    Ok(outcome)
}

fn check_size(outcome: &Outcome, max_kib: usize) -> Result<(), CallError> {
    let max = max_kib * 1024;
    let size = match outcome {
        Outcome::Response(http::Response::View(v)) => v.data_json.len() + v.title.len(),
        Outcome::Response(http::Response::Invalid((v, errors))) => {
            v.data_json.len()
                + errors
                    .iter()
                    .map(|e| e.field.len() + e.message.len())
                    .sum::<usize>()
        }
        Outcome::Response(http::Response::Body(b)) => b.content.len(),
        Outcome::Response(http::Response::Redirect(r)) => r.location.len(),
        Outcome::Widget(Some(v)) => v.data_json.len(),
        _ => 0,
    };
    if size > max {
        Err(CallError::TooLarge(max_kib))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::host::lock_key;

    #[test]
    fn lock_keys_differ_by_community_and_plugin() {
        assert_eq!(lock_key(1, "news"), lock_key(1, "news"));
        assert_ne!(lock_key(1, "news"), lock_key(2, "news"));
        assert_ne!(lock_key(1, "news"), lock_key(1, "bookings"));
    }
}
