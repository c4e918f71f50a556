//! The one wasmtime `Engine` of the process: configuration, the epoch ticker that bounds CPU
//! time, and compiled components cached on disk so a restart does not recompile.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// How often the epoch advances; CPU limits are counted in these ticks.
pub const TICK: Duration = Duration::from_millis(5);

/// Limits of a single plugin call. Every call gets all of them.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PluginLimits {
    /// Guest CPU time per call, in milliseconds (epoch interruption).
    pub cpu_ms: u64,
    /// Wall time per call including host calls, in milliseconds.
    pub wall_ms: u64,
    /// Linear memory per instance, in MiB.
    pub memory_mib: usize,
    /// Largest view data or body a call may return, in KiB.
    pub output_kib: usize,
    /// Host functions a call may invoke.
    pub host_calls: u32,
    /// Records a call may read.
    pub rows: u32,
    /// Instances that may exist at once (the pooling allocator's slots).
    pub concurrent_instances: u32,
}

impl Default for PluginLimits {
    fn default() -> Self {
        Self {
            cpu_ms: 100,
            wall_ms: 2000,
            memory_mib: 64,
            output_kib: 1024,
            host_calls: 1000,
            rows: 5000,
            concurrent_instances: 200,
        }
    }
}

/// The engine and where its compiled code is kept.
pub struct PluginEngine {
    engine: Engine,
    cache_dir: PathBuf,
    pub limits: PluginLimits,
}

impl std::fmt::Debug for PluginEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginEngine")
            .field("cache_dir", &self.cache_dir)
            .finish()
    }
}

impl PluginEngine {
    /// Builds the engine and starts its epoch ticker (a thread that ends with the engine).
    pub fn new(cache_dir: PathBuf, limits: PluginLimits) -> anyhow::Result<Self> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.epoch_interruption(true);
        let mut pool = PoolingAllocationConfig::default();
        let slots = limits.concurrent_instances.max(1);
        pool.total_component_instances(slots);
        // A wasip2 component holds a few core instances (the program plus adapters).
        pool.total_core_instances(slots * 8);
        pool.total_memories(slots * 2);
        pool.total_tables(slots * 8);
        pool.max_memory_size(limits.memory_mib << 20);
        // Calls are short and many: zeroing a little memory by hand when a slot is reused is
        // cheaper than giving it back to the OS and faulting it in again every call.
        pool.linear_memory_keep_resident(256 << 10);
        pool.table_keep_resident(64 << 10);
        pool.async_stack_keep_resident(128 << 10);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine =
            Engine::new(&config).map_err(|e| with_context(e, "configuring the wasm engine"))?;
        std::fs::create_dir_all(&cache_dir)
            .with_context(|| format!("creating the plugin cache {}", cache_dir.display()))?;
        spawn_ticker(&engine);
        Ok(Self {
            engine,
            cache_dir,
            limits,
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The component for this wasm, from the disk cache or freshly compiled (and cached).
    pub fn load(&self, wasm: &[u8]) -> anyhow::Result<Component> {
        let path = self.cache_path(wasm);
        if path.exists() {
            match deserialize_cached(&self.engine, &path) {
                Ok(component) => return Ok(component),
                Err(err) => {
                    tracing::warn!(path = %path.display(), error = %err, "ignoring unusable cached plugin code")
                }
            }
        }
        let component = Component::new(&self.engine, wasm)
            .map_err(|e| with_context(e, "compiling the plugin"))?;
        let bytes = component
            .serialize()
            .map_err(|e| with_context(e, "serialising compiled plugin code"))?;
        // Write then rename, so a concurrent reader never sees half a file.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .is_err()
        {
            tracing::warn!(path = %path.display(), "could not cache compiled plugin code");
            let _ = std::fs::remove_file(&tmp);
        }
        Ok(component)
    }

    /// `<sha256 of the wasm>-<hash of the engine's code-compatibility settings>.cwasm`
    fn cache_path(&self, wasm: &[u8]) -> PathBuf {
        let digest = Sha256::digest(wasm);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.engine
            .precompile_compatibility_hash()
            .hash(&mut hasher);
        let wasm_hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.cache_dir
            .join(format!("{wasm_hex}-{:016x}.cwasm", hasher.finish()))
    }
}

/// Loads precompiled code from the host's own cache directory.
///
/// This is the one `unsafe` in Quartier. `Component::deserialize_file` trusts its input to be
/// code that this version of wasmtime compiled with these settings; arbitrary bytes could run
/// as native code. That holds here because the file is only ever written by
/// [`PluginEngine::load`] into a directory the host owns, and its name carries both the hash
/// of the source wasm and the engine's compatibility hash, so code from another engine
/// configuration is never picked up (wasmtime also checks the header and refuses mismatches).
#[allow(unsafe_code)]
fn deserialize_cached(engine: &Engine, path: &Path) -> anyhow::Result<Component> {
    // SAFETY: see the function documentation — only files this process's engine wrote.
    Ok(unsafe { Component::deserialize_file(engine, path) }?)
}

/// wasmtime has its own error type; this turns it into ours with a note of what failed.
fn with_context(err: wasmtime::Error, what: &'static str) -> anyhow::Error {
    anyhow::Error::from(err).context(what)
}

/// Advances the engine's epoch every [`TICK`] until the engine is dropped.
fn spawn_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("quartier-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(TICK);
            }
        })
        .expect("spawning the epoch thread");
}
