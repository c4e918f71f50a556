//! Test guest whose template uses a triple-stash to write raw HTML. The host must refuse to
//! install it: plugins may not bypass escaping.

use quartier_plugin_sdk::prelude::*;

struct RawHtml;

impl Plugin for RawHtml {
    fn manifest() -> Manifest {
        Manifest::new("raw-html", env!("CARGO_PKG_VERSION"), "raw-html")
            .name("Roh", "Raw")
            .description("Versucht rohes HTML.", "Tries raw HTML.")
            .template("index", "<div>{{{html}}}</div>")
    }
}

export_plugin!(RawHtml);
