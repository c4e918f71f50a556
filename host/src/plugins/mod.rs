//! The plugin runtime: every feature a community uses is a WebAssembly component, run
//! sandboxed with a fresh instance per call and only the capabilities it was granted.
//!
//! - `bindings`: the host side of each contract version (`wit/v0.1`).
//! - `engine`: the shared wasmtime engine, epoch ticker, compiled-code cache.
//! - `manifest`: what a plugin says it is, validated at install time.
//! - `registry`: installed plugins, loading, per-community enablement.
//! - `call`: one call — store, limits, transaction, commit or discard.
//! - `host`: the imports (context, records, members, notify, banners, format, log).
//! - `banners`: the notices plugins show on every page of a community.
//! - `links`: the one check that a link a plugin gives stays below its mount.
//! - `records`: the SQL behind `records`, always scoped to (community, plugin).
//! - `render`: each plugin's own template registry and helpers.
//! - `settings_form`: the per-community settings form generated from a manifest's schema.

pub mod background;
pub mod banners;
pub mod bindings;
pub mod call;
pub mod engine;
pub mod host;
pub mod links;
pub mod manifest;
pub mod records;
pub mod registry;
pub mod render;
pub mod settings_form;

pub use engine::PluginLimits;
pub use registry::Plugins;
