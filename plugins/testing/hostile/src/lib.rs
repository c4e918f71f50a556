//! A test guest that misbehaves on purpose, one way per path, to prove that the host's
//! limits and isolation rules hold. It implements the raw bindings itself so it can return
//! what the SDK would never produce.

use quartier_plugin_sdk::bindings::Guest;
use quartier_plugin_sdk::bindings::quartier::plugin::http::{Request, Response, View};
use quartier_plugin_sdk::bindings::quartier::plugin::metadata::{
    Job, Manifest, NavEntry, Template, Text,
};
use quartier_plugin_sdk::bindings::quartier::plugin::{members, records, types::Role};

struct Hostile;

/// A settings form with one field of each kind, written out of alphabetical order (the form
/// must keep this order), with a description that needs escaping.
const SETTINGS_SCHEMA: &str = r#"{
  "type": "object",
  "properties": {
    "open": {
      "type": "boolean", "default": true,
      "title": "Geöffnet", "x-title-en": "Open",
      "description": "Ob Einträge <möglich> sind.", "x-description-en": "Whether entries are <possible>."
    },
    "max_entries": {
      "type": "integer", "minimum": 1, "maximum": 50, "default": 10,
      "title": "Höchstzahl der Einträge", "x-title-en": "Most entries"
    },
    "greeting": {
      "type": "string", "maxLength": 40, "default": "Moin",
      "title": "Begrüßung", "x-title-en": "Greeting"
    },
    "mood": {
      "type": "string", "enum": ["calm", "loud"], "default": "calm",
      "x-enum-titles": ["Ruhig", "Laut"], "x-enum-titles-en": ["Calm", "Loud"],
      "title": "Stimmung", "x-title-en": "Mood"
    }
  }
}"#;

fn text(s: &str) -> Text {
    Text {
        de: s.into(),
        en: s.into(),
    }
}

fn view(data: serde_json::Value) -> Response {
    Response::View(View {
        template: "show".into(),
        title: "Hostile".into(),
        data_json: data.to_string(),
    })
}

/// What a records/members call returned, for the test to read from the page.
fn outcome<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, E>) -> String {
    match result {
        Ok(value) => format!("ok: {value:?}"),
        Err(error) => format!("err: {error:?}"),
    }
}

impl Guest for Hostile {
    fn describe() -> Manifest {
        Manifest {
            id: "hostile".into(),
            // The package version: 0.1.0 here, 0.2.0 when built as `hostile-plugin-next`.
            version: env!("CARGO_PKG_VERSION").into(),
            mount: "hostile".into(),
            name: text("Hostile"),
            description: text("Misbehaves on purpose."),
            // Deliberately asks for nothing: members and notify must be refused.
            capabilities: vec![],
            nav: vec![NavEntry {
                label: text("Hostile"),
                path: "/".into(),
                min_role: Role::Member,
            }],
            templates: vec![Template {
                name: "show".into(),
                source: "<pre id=\"outcome\">{{outcome}}</pre><div id=\"html\">{{html}}</div>"
                    .into(),
            }],
            translations: vec![],
            // A job and two events, each recorded so tests can see that they ran.
            jobs: vec![Job {
                name: "tick".into(),
                every_seconds: 60,
            }],
            events: vec![
                "member-joined".into(),
                "member-left".into(),
                "settings-changed".into(),
            ],
            notification_kinds: vec![],
            settings_schema: Some(SETTINGS_SCHEMA.into()),
            reportable: vec![],
        }
    }

    fn handle(req: Request) -> Response {
        let post = matches!(
            req.method,
            quartier_plugin_sdk::bindings::quartier::plugin::http::Method::Post
        );
        match (post, req.path.as_str()) {
            (false, "/loop") =>
            {
                #[allow(clippy::empty_loop)]
                loop {}
            }
            (false, "/memory") => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                }
            }
            (false, "/huge") => view(serde_json::json!({ "outcome": "x".repeat(20 << 20) })),
            (false, "/panic") => panic!("hostile plugin panics on purpose"),
            (false, "/garbage") => Response::View(View {
                template: "show".into(),
                title: "x".into(),
                data_json: "{not json".into(),
            }),
            (false, "/missing-template") => Response::View(View {
                template: "nope".into(),
                title: "x".into(),
                data_json: "{}".into(),
            }),
            (false, "/script") => {
                view(serde_json::json!({ "outcome": "safe", "html": "<script>alert(1)</script>" }))
            }
            (false, "/members") => view(
                serde_json::json!({ "outcome": outcome(members::with_role(Role::Member, 10)) }),
            ),
            (false, "/write-on-get") => view(
                serde_json::json!({ "outcome": outcome(records::insert("entries", "{\"a\":1}")) }),
            ),
            (false, "/entries") => {
                let q = records::Query {
                    conditions: vec![],
                    order_by: None,
                    descending: false,
                    limit: 100,
                    cursor: None,
                };
                view(
                    serde_json::json!({ "outcome": outcome(records::find("entries", &q).map(|p| p.items.len())) }),
                )
            }
            (true, "/entries") => {
                let inserted = records::insert("entries", "{\"secret\":\"hostile\"}");
                view(serde_json::json!({ "outcome": outcome(inserted.map(|d| d.id)) }))
            }
            (true, "/claim") => {
                // Check, then write: only one claim per slot may ever succeed. Under concurrent
                // requests this holds only if the host serialises writing calls.
                let slot = req
                    .form
                    .iter()
                    .find(|(k, _)| k == "slot")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                let taken = records::count(
                    "claims",
                    &[records::Condition {
                        field: "slot".into(),
                        op: records::Op::Eq,
                        value: records::Value::Text(slot.clone()),
                    }],
                );
                match taken {
                    Ok(0) => {
                        let doc = serde_json::json!({ "slot": slot }).to_string();
                        view(
                            serde_json::json!({ "outcome": outcome(records::insert("claims", &doc).map(|d| d.id)) }),
                        )
                    }
                    Ok(_) => view(serde_json::json!({ "outcome": "full" })),
                    Err(e) => view(serde_json::json!({ "outcome": format!("err: {e:?}") })),
                }
            }
            (false, "/ticks") => {
                view(serde_json::json!({ "outcome": outcome(records::count("ticks", &[])) }))
            }
            (false, "/events") => {
                let q = records::Query {
                    conditions: vec![],
                    order_by: None,
                    descending: false,
                    limit: 100,
                    cursor: None,
                };
                let kinds = records::find("events", &q)
                    .map(|p| p.items.into_iter().map(|d| d.data_json).collect::<Vec<_>>());
                view(serde_json::json!({ "outcome": outcome(kinds) }))
            }
            // The settings the host gives this community's calls, as the plugin sees them.
            (false, "/settings") => view(
                serde_json::json!({ "outcome": quartier_plugin_sdk::context::community().settings.to_string() }),
            ),
            (false, "/claims") => {
                let n = records::count("claims", &[]);
                view(serde_json::json!({ "outcome": outcome(n) }))
            }
            (true, "/insert-then-panic") => {
                let _ = records::insert("entries", "{\"half\":true}");
                panic!("after a write");
            }
            (true, "/heap") => {
                // Fills a collection so that a filtered count has rows to scan (below).
                let mut last = String::new();
                for n in 0..2000 {
                    let doc = serde_json::json!({ "n": n }).to_string();
                    last = outcome(records::insert("heap", &doc).map(|d| d.id));
                    if last.starts_with("err") {
                        break;
                    }
                }
                view(serde_json::json!({ "outcome": last }))
            }
            (false, "/slow-host-calls") => {
                // Each count scans the whole heap on the host's side (no document has the
                // field), while the guest itself does next to nothing between the calls.
                let absent = [records::Condition {
                    field: "absent".into(),
                    op: records::Op::Eq,
                    value: records::Value::Text("x".into()),
                }];
                let mut last = String::new();
                for _ in 0..100_000 {
                    last = outcome(records::count("heap", &absent));
                    if last.starts_with("err") {
                        break;
                    }
                }
                view(serde_json::json!({ "outcome": last }))
            }
            (false, "/host-calls") => {
                let mut last = String::new();
                for _ in 0..100_000 {
                    last = outcome(records::get("entries", "1"));
                    if last.starts_with("err") {
                        break;
                    }
                }
                view(serde_json::json!({ "outcome": last }))
            }
            _ => Response::NotFound,
        }
    }

    fn widget() -> Option<View> {
        panic!("hostile widget panics on purpose")
    }

    fn on_event(kind: String, payload_json: String) -> Result<(), String> {
        let doc = serde_json::json!({ "kind": kind, "payload": payload_json }).to_string();
        records::insert("events", &doc)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }

    fn run_job(name: String) -> Result<(), String> {
        let doc = serde_json::json!({ "job": name }).to_string();
        records::insert("ticks", &doc)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }
}

quartier_plugin_sdk::bindings::__export_plugin_world!(Hostile with_types_in quartier_plugin_sdk::bindings);
