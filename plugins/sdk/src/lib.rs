//! Write Quartier plugins in Rust.
//!
//! A plugin is a type implementing [`Plugin`], exported with [`export_plugin!`] and built for
//! `wasm32-wasip2`. The host creates a fresh instance for every call, so a plugin keeps its
//! state in [`Collection`]s of typed records, never in memory.
//!
//! ```ignore
//! use quartier_plugin_sdk::prelude::*;
//!
//! struct Hello;
//!
//! impl Plugin for Hello {
//!     fn manifest() -> Manifest {
//!         Manifest::new("hello", env!("CARGO_PKG_VERSION"), "hello")
//!             .name("Hallo", "Hello")
//!             .template("index", "<p>{{t \"greeting\"}}</p>")
//!     }
//!     fn handle(_req: Request) -> Response {
//!         Response::view(View::new("index", "Hello"))
//!     }
//! }
//!
//! export_plugin!(Hello);
//! ```

// Lets the generated code name this crate by its public name, as plugin crates do.
extern crate self as quartier_plugin_sdk;

mod manifest;
mod records;
mod web;

pub mod atom;
pub mod banners;
pub mod blobs;
pub mod context;
pub mod dates;
pub mod format;
pub mod ics;
pub mod log;
pub mod members;
pub mod notify;
pub mod random;
pub mod testing;
pub mod time;

pub use manifest::{Delivery, Manifest, NotificationKind};
pub use records::{Collection, Error, Page, Query, Record, Value};
pub use web::{Body, BodyKind, FieldErrors, Method, Rendition, Request, Response, View};

/// The raw bindings generated from the WIT contract. Plugin code should not need them.
#[doc(hidden)]
// The generated export of `handle` takes the request's fields one by one.
#[allow(clippy::too_many_arguments)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit/v0.1",
        world: "plugin",
        pub_export_macro: true,
        export_macro_name: "__export_plugin_world",
        default_bindings_module: "quartier_plugin_sdk::bindings",
        runtime_path: "quartier_plugin_sdk::__wit_bindgen::rt",
        generate_all,
    });
}

#[doc(hidden)]
pub use wit_bindgen as __wit_bindgen;

/// JSON for view data and event payloads, re-exported so plugins need no extra dependency.
pub use serde_json;

/// A role in a community, from least to most powerful.
pub use bindings::quartier::plugin::types::Role;

/// Everything a plugin usually needs, in one `use`.
pub mod prelude {
    pub use crate::context::{self, Community, Viewer};
    pub use crate::{
        Body, BodyKind, Collection, Error, FieldErrors, Manifest, Method, Plugin, Query, Record,
        Request, Response, Role, View, export_plugin, log,
    };
    pub use serde_json::{Value as Json, json};
}

/// Ends a call that cannot go on because a host call failed (the database is away, a limit
/// was hit): logs the error and traps, so the host shows its error page for this module and
/// keeps nothing the call wrote. `handle` usually ends with
/// `result.unwrap_or_else(|e| quartier_plugin_sdk::fail(&e))`.
pub fn fail(error: &Error) -> ! {
    log::error(&format!("request failed: {error}"));
    panic!("request failed: {error}");
}

/// True when `role` is at least `min` (visitor < member < moderator < manager < operator).
pub fn role_at_least(role: Role, min: Role) -> bool {
    role as u8 >= min as u8
}

/// A Quartier plugin. Every method is called on a fresh instance; only [`Plugin::manifest`]
/// is required.
pub trait Plugin {
    /// What the plugin is: id, version, mount, names, templates, translations, capabilities.
    fn manifest() -> Manifest;

    /// Answers a request below the plugin's mount. The default finds nothing.
    fn handle(req: Request) -> Response {
        let _ = req;
        Response::not_found()
    }

    /// A card for the community home. The default shows none.
    fn widget() -> Option<View> {
        None
    }

    /// A host event the plugin subscribed to in its manifest.
    fn on_event(kind: &str, payload: serde_json::Value) -> Result<(), String> {
        let _ = (kind, payload);
        Ok(())
    }

    /// A scheduled job declared in the manifest.
    fn run_job(name: &str) -> Result<(), String> {
        let _ = name;
        Ok(())
    }
}

/// Exports a [`Plugin`] implementation as the component's entry points. Use it once per
/// plugin crate, at the crate root.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        #[doc(hidden)]
        pub struct __QuartierPluginExport;

        impl $crate::bindings::Guest for __QuartierPluginExport {
            fn describe() -> $crate::bindings::quartier::plugin::metadata::Manifest {
                <$plugin as $crate::Plugin>::manifest().into_raw()
            }
            fn handle(
                req: $crate::bindings::quartier::plugin::http::Request,
            ) -> $crate::bindings::quartier::plugin::http::Response {
                <$plugin as $crate::Plugin>::handle($crate::Request::from_raw(req)).into_raw()
            }
            fn widget() -> Option<$crate::bindings::quartier::plugin::http::View> {
                <$plugin as $crate::Plugin>::widget().map($crate::View::into_raw)
            }
            fn on_event(kind: String, payload_json: String) -> Result<(), String> {
                let payload = $crate::__parse_payload(&payload_json)?;
                <$plugin as $crate::Plugin>::on_event(&kind, payload)
            }
            fn run_job(name: String) -> Result<(), String> {
                <$plugin as $crate::Plugin>::run_job(&name)
            }
        }

        $crate::bindings::__export_plugin_world!(__QuartierPluginExport with_types_in $crate::bindings);
    };
}

#[doc(hidden)]
pub fn __parse_payload(json: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(json).map_err(|e| format!("event payload is not JSON: {e}"))
}
