//! Benchmark guest: `GET /` renders a list of 50 items built in the guest, touching no
//! records, so a call measures instantiation, the call and template rendering only.

use quartier_plugin_sdk::prelude::*;

/// The list template; the native handler in `host/benches/plugins.rs` renders the same one.
pub const LIST_TEMPLATE: &str = "<h1>{{t \"title\"}}</h1><ul class=\"entries\">{{#each items}}<li><h2>{{title}}</h2><p>{{body}}</p><p class=\"meta\">{{author}} · {{date at}}</p></li>{{/each}}</ul>";

struct Bench;

impl Plugin for Bench {
    fn manifest() -> Manifest {
        Manifest::new("bench", env!("CARGO_PKG_VERSION"), "bench")
            .name("Messung", "Benchmark")
            .description("Misst die Laufzeit.", "Measures the runtime.")
            .template("list", LIST_TEMPLATE)
            .translations("de", "title = Liste\n")
            .translations("en", "title = List\n")
    }

    fn handle(_req: Request) -> Response {
        let items: Vec<Json> = (0..50)
            .map(|i| {
                json!({
                    "title": format!("Eintrag {i}"),
                    "body": "Ein kurzer Text mit <Sonderzeichen> & Umlauten: äöü.",
                    "author": "Mia Mitglied",
                    "at": 1_795_262_400_000_i64 + i,
                })
            })
            .collect();
        Response::view(View::new("list", "Liste").data(json!({ "items": items })))
    }
}

export_plugin!(Bench);
