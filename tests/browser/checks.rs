//! What is checked on every page a journey reaches: axe-core's WCAG 2.1 A/AA rules, the
//! page's weight (HTML + CSS + JS under 100 KB) and origin (no request leaves the server), its
//! language, and, once the journey is over, the Nu HTML Checker on every document as the
//! server sent it. Findings are collected and reported together, so one run shows them all.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};

use super::driver::Session;

/// The page weight budget: HTML + CSS + JS transferred for one page, photos not counted.
pub const PAGE_BUDGET_BYTES: u64 = 100 * 1024;

/// Where the journeys write screenshots and the documents they saw.
pub fn output_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("browser-output")
}

/// The npm packages (axe-core, vnu-jar), installed by `cargo xtask browser-tools` from
/// `tests/browser/package.json`.
fn tools_dir() -> PathBuf {
    std::env::var("QUARTIER_BROWSER_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .expect("the target directory")
                .join("browser-tools")
        })
}

fn tool(relative: &str) -> PathBuf {
    let path = tools_dir().join("node_modules").join(relative);
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask browser-tools` (`cargo xtask test` does it)",
        path.display()
    );
    path
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        std::fs::read_to_string(tool("axe-core/axe.min.js")).expect("axe-core is readable")
    })
}

/// A document as the browser received it.
pub struct SeenDocument {
    pub who: String,
    pub url: String,
    pub body: String,
}

/// One journey in one variant: what it saw and what was wrong.
pub struct Record {
    pub name: String,
    findings: Mutex<BTreeSet<String>>,
    documents: Mutex<Vec<SeenDocument>>,
    /// The heaviest page seen: its weight in bytes and its path.
    heaviest: Mutex<(u64, String)>,
}

impl Record {
    pub fn new(name: String) -> Record {
        Record {
            name,
            findings: Mutex::new(BTreeSet::new()),
            documents: Mutex::new(vec![]),
            heaviest: Mutex::new((0, String::new())),
        }
    }

    /// Notes a page's weight, to report the heaviest.
    pub fn weighed(&self, path: &str, bytes: u64) {
        let mut heaviest = self.heaviest.lock().expect("not poisoned");
        if bytes > heaviest.0 {
            *heaviest = (bytes, path.to_owned());
        }
    }

    /// The heaviest page seen, for the test's output.
    pub fn heaviest(&self) -> (u64, String) {
        self.heaviest.lock().expect("not poisoned").clone()
    }

    pub fn finding(&self, finding: String) {
        self.findings.lock().expect("not poisoned").insert(finding);
    }

    pub fn document(&self, document: SeenDocument) {
        self.documents.lock().expect("not poisoned").push(document);
    }

    pub fn pages_seen(&self) -> usize {
        self.documents.lock().expect("not poisoned").len()
    }

    /// Runs the Nu HTML Checker on every document seen; a report of every finding of the
    /// journey, if there are any.
    pub fn finish(&self) -> Result<(), String> {
        self.validate_documents();
        let findings = self.findings.lock().expect("not poisoned");
        if findings.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}: {} problem(s):\n{}",
            self.name,
            findings.len(),
            findings.iter().cloned().collect::<Vec<_>>().join("\n")
        ))
    }

    fn validate_documents(&self) {
        let documents = self.documents.lock().expect("not poisoned");
        if documents.is_empty() {
            return;
        }
        let dir = output_dir().join("html").join(&self.name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the output directory");
        let mut files = vec![];
        for (i, document) in documents.iter().enumerate() {
            let file = dir.join(format!("{i:03}-{}.html", document.who));
            std::fs::write(&file, &document.body).expect("the document is written");
            files.push(file);
        }
        let output = Command::new("java")
            .arg("-jar")
            .arg(tool("vnu-jar/build/dist/vnu.jar"))
            .args(["--errors-only", "--format", "json", "--exit-zero-always"])
            .args(&files)
            .output()
            .expect(
                "the Nu HTML Checker runs (it needs Java: `apt-get install default-jre-headless`)",
            );
        // vnu writes its report to stderr.
        let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
            panic!(
                "the Nu HTML Checker's report is not JSON ({e}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        for message in report["messages"].as_array().into_iter().flatten() {
            let file = message["url"].as_str().unwrap_or_default();
            let index: usize = file
                .rsplit('/')
                .next()
                .and_then(|name| name.get(..3))
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
            let url = documents.get(index).map_or(file, |d| d.url.as_str());
            self.finding(format!(
                "html: {} — {} (line {}: {})",
                url,
                message["message"].as_str().unwrap_or_default(),
                message["lastLine"],
                message["extract"].as_str().unwrap_or_default().trim()
            ));
        }
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        // A journey that stopped half-way still tells what its pages had shown so far.
        if std::thread::panicking() {
            let findings = self.findings.lock().map(|f| f.clone()).unwrap_or_default();
            if !findings.is_empty() {
                eprintln!(
                    "{}: found before it stopped:\n{}",
                    self.name,
                    findings.into_iter().collect::<Vec<_>>().join("\n")
                );
            }
        }
    }
}

/// Runs axe-core on the page and returns its WCAG 2.1 A/AA violations, one line each.
pub async fn axe_violations(session: &Session) -> Vec<String> {
    session
        .script(&format!("{};\nreturn true;", axe_source()), vec![])
        .await;
    let result = session
        .script_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
               resultTypes: ['violations'],
             }).then(r => done(r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160)),
             })))).catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await;
    if let Some(error) = result.get("error") {
        return vec![format!("axe-core failed: {error}")];
    }
    result
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            format!(
                "{} ({}): {} — {}",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        })
        .collect()
}

/// A script naming the innermost elements that stick out past `arguments[0]` pixels (not
/// counting the insides of horizontally scrolling boxes, which may be wide).
pub const WIDEST_ELEMENTS: &str = "
    const limit = arguments[0];
    const scroller = p => { const o = getComputedStyle(p).overflowX; return o === 'auto' || o === 'scroll'; };
    const inside = e => { for (let p = e; p && p !== document.body; p = p.parentElement) {
      if (scroller(p)) return true; } return false; };
    /* An absolutely positioned element is clipped by a scrolling box only if that box (or one
       inside it) is its containing block. */
    const contained = e => getComputedStyle(e).position === 'absolute'
      ? !!e.offsetParent && inside(e.offsetParent)
      : !!e.parentElement && inside(e.parentElement);
    return [...document.body.querySelectorAll('*')]
      .filter(e => e.getBoundingClientRect().right > limit + 1 && !contained(e))
      .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit + 1 && !contained(c)))
      .slice(0, 5)
      .map(e => e.outerHTML.slice(0, 120));";

/// The page's weight and where its parts came from, from the browser's resource timing.
pub struct Weight {
    /// HTML + CSS + JS bytes as transferred (encoded), images not counted.
    pub bytes: u64,
    /// Every resource that did not come from the page's own origin.
    pub foreign: Vec<String>,
}

pub async fn weight(session: &Session) -> Weight {
    let value = session
        .script(
            "const nav = performance.getEntriesByType('navigation')[0];
             const parts = performance.getEntriesByType('resource');
             const own = location.origin;
             let bytes = nav ? nav.encodedBodySize : 0;
             for (const p of parts) {
               if (p.initiatorType !== 'img' && p.initiatorType !== 'image') bytes += p.encodedBodySize;
             }
             return { bytes, foreign: parts.map(p => p.name).filter(n => !n.startsWith(own + '/')) };",
            vec![],
        )
        .await;
    Weight {
        bytes: value["bytes"].as_u64().unwrap_or_default(),
        foreign: value["foreign"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    }
}

/// The documents the browser received since the last call: (request id, URL, status) of
/// each, and every URL it requested.
pub struct Traffic {
    pub documents: Vec<(String, String, u16)>,
    pub requested: Vec<String>,
}

pub fn traffic(events: &[Value]) -> Traffic {
    let mut traffic = Traffic {
        documents: vec![],
        requested: vec![],
    };
    for event in events {
        let params = &event["params"];
        match event["method"].as_str() {
            Some("Network.responseReceived") if params["type"] == "Document" => {
                let url = params["response"]["url"].as_str().unwrap_or_default();
                if url.starts_with("http") {
                    traffic.documents.push((
                        params["requestId"].as_str().unwrap_or_default().to_owned(),
                        url.to_owned(),
                        params["response"]["status"].as_u64().unwrap_or_default() as u16,
                    ));
                }
            }
            Some("Network.requestWillBeSent") => {
                if let Some(url) = params["request"]["url"].as_str() {
                    traffic.requested.push(url.to_owned());
                }
            }
            _ => {}
        }
    }
    traffic
}

/// The body of a document the browser received.
pub async fn document_body(session: &Session, request_id: &str) -> Option<String> {
    let value = session
        .try_cdp(
            "Network.getResponseBody",
            json!({ "requestId": request_id }),
        )
        .await?;
    value["body"].as_str().map(str::to_owned)
}
