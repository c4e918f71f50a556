//! A small W3C WebDriver client for ChromeDriver: the commands the journeys use, and
//! ChromeDriver's DevTools bridge for what the browser really received (documents as served,
//! their status). Hand-written over `reqwest` because the protocol is plain JSON over HTTP and
//! the journeys need a dozen commands, not a framework.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};

/// The key W3C WebDriver uses to mark an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `chromedriver` on a free loopback port; killed when dropped.
pub struct ChromeDriver {
    process: Child,
    url: String,
    http: reqwest::Client,
}

/// How one browser (one person) is started.
pub struct BrowserOptions {
    /// `de` or `en`: the browser's interface language and `Accept-Language`.
    pub lang: &'static str,
    pub width: u32,
    pub height: u32,
    pub javascript: bool,
    /// A fresh, empty profile directory.
    pub profile: PathBuf,
}

/// A WebDriver error: the protocol's error code and ChromeDriver's message.
#[derive(Debug)]
pub struct WebDriverError {
    pub error: String,
    pub message: String,
}

/// A reference to an element on the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(pub String);

impl Element {
    fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// A key on the keyboard, as WebDriver's code points name them.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    Tab,
    Enter,
    Space,
    ArrowDown,
    ArrowUp,
}

impl Key {
    fn code(self) -> &'static str {
        match self {
            Key::Tab => "\u{E004}",
            Key::Enter => "\u{E007}",
            Key::Space => "\u{E00D}",
            Key::ArrowDown => "\u{E015}",
            Key::ArrowUp => "\u{E013}",
        }
    }
}

/// The path of a program: `$QUARTIER_{NAME}` if set, else the first of `candidates` that
/// exists (Debian's packages put Chromium and its driver in /usr/bin).
pub fn program(env: &str, candidates: &[&str]) -> PathBuf {
    if let Ok(path) = std::env::var(env) {
        return PathBuf::from(path);
    }
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "the browser tests need {} (Debian: `apt-get install chromium chromium-driver`; \
                 `cargo xtask test` installs them), or set {env}",
                candidates.join(" or ")
            )
        })
}

impl ChromeDriver {
    /// Starts `chromedriver` and waits until it answers.
    pub async fn start() -> ChromeDriver {
        let binary = program(
            "QUARTIER_CHROMEDRIVER",
            &["/usr/bin/chromedriver", "/usr/local/bin/chromedriver"],
        );
        let port = free_port();
        let process = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", binary.display()));
        let driver = ChromeDriver {
            process,
            url: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(120))
                .build()
                .expect("an HTTP client"),
        };
        for _ in 0..100 {
            if let Ok(response) = driver
                .http
                .get(format!("{}/status", driver.url))
                .send()
                .await
                && response.status().is_success()
            {
                return driver;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("chromedriver did not answer on port {port}");
    }

    /// Starts a headless Chromium with a fresh profile.
    pub async fn session(&self, options: &BrowserOptions) -> Session {
        let chromium = program(
            "QUARTIER_CHROMIUM",
            &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        );
        std::fs::create_dir_all(&options.profile).expect("a profile directory");
        let accept = if options.lang == "en" {
            "en-GB,en"
        } else {
            "de-DE,de"
        };
        let mut prefs = json!({ "intl.accept_languages": accept });
        if !options.javascript {
            // The content setting a person reaches through "Site settings → JavaScript →
            // Don't allow": pages' own scripts never run. WebDriver's scripts still do (they
            // go through DevTools), so the checks keep working.
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let mut capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": { "performance": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    format!("--lang={}", if options.lang == "en" { "en-GB" } else { "de-DE" }),
                    format!("--accept-lang={accept}"),
                    format!("--window-size={},{}", options.width, options.height),
                    format!("--user-data-dir={}", options.profile.display()),
                ],
                "prefs": prefs,
            },
        }}});
        if options.width < 600 {
            // A phone's viewport, emulated by ChromeDriver itself so that its clicks land
            // where the page is laid out.
            capabilities["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["mobileEmulation"] = json!({ "deviceMetrics": {
                "width": options.width, "height": options.height,
                "pixelRatio": 2, "mobile": true, "touch": false,
            }});
        }
        let value = send(
            &self.http,
            "POST",
            &format!("{}/session", self.url),
            Some(capabilities),
        )
        .await
        .unwrap_or_else(|e| panic!("Chromium did not start: {e:?}"));
        let id = value["sessionId"]
            .as_str()
            .expect("a new session has an id");
        let session = Session {
            http: self.http.clone(),
            base: format!("{}/session/{id}", self.url),
        };
        if !options.javascript {
            // Proves the setting took: a page's own script must not run.
            session
                .goto("data:text/html,<title>off</title><script>document.title='on'</script>")
                .await;
            let title = session.must("GET", "/title", None).await;
            assert_eq!(title, json!("off"), "JavaScript is switched off");
        }
        // Every page is measured as a first visit: nothing comes from the cache.
        session
            .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
            .await;
        session
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn send(
    http: &reqwest::Client,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, WebDriverError> {
    let request = match method {
        "GET" => http.get(url),
        "DELETE" => http.delete(url),
        _ => http
            .post(url)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body.unwrap_or_else(|| json!({}))).expect("JSON")),
    };
    let response = request.send().await.map_err(|e| WebDriverError {
        error: "connection".into(),
        message: e.to_string(),
    })?;
    let bytes = response.bytes().await.map_err(|e| WebDriverError {
        error: "connection".into(),
        message: e.to_string(),
    })?;
    let mut reply: Value = serde_json::from_slice(&bytes).map_err(|e| WebDriverError {
        error: "invalid json".into(),
        message: format!("{e}: {}", String::from_utf8_lossy(&bytes)),
    })?;
    let value = reply["value"].take();
    match value.get("error").and_then(Value::as_str) {
        Some(error) => Err(WebDriverError {
            error: error.to_owned(),
            message: value["message"].as_str().unwrap_or_default().to_owned(),
        }),
        None => Ok(value),
    }
}

/// One browser window with its own profile (cookies, language, JavaScript setting).
pub struct Session {
    http: reqwest::Client,
    base: String,
}

impl Session {
    async fn command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WebDriverError> {
        send(&self.http, method, &format!("{}{path}", self.base), body).await
    }

    async fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.command(method, path, body)
            .await
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e:?}"))
    }

    pub async fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn current_url(&self) -> String {
        self.must("GET", "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn click(&self, element: &Element) -> Result<(), WebDriverError> {
        self.command("POST", &format!("/element/{}/click", element.0), None)
            .await
            .map(drop)
    }

    /// Types `text` into the element (which gets the focus, as a click would give it).
    pub async fn type_into(&self, element: &Element, text: &str) {
        self.must(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(json!({ "text": text })),
        )
        .await;
    }

    pub async fn clear(&self, element: &Element) {
        self.must("POST", &format!("/element/{}/clear", element.0), None)
            .await;
    }

    /// Presses and releases one key, wherever the focus is.
    pub async fn press(&self, key: Key) {
        let code = key.code();
        self.must(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "key", "id": "keyboard",
                "actions": [{ "type": "keyDown", "value": code }, { "type": "keyUp", "value": code }],
            }]})),
        )
        .await;
        self.command("DELETE", "/actions", None).await.ok();
    }

    /// Types text wherever the focus is, key by key.
    pub async fn type_keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                [
                    json!({ "type": "keyDown", "value": c.to_string() }),
                    json!({ "type": "keyUp", "value": c.to_string() }),
                ]
            })
            .collect();
        self.must(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }]})),
        )
        .await;
    }

    /// Runs a script in the page; `arguments[i]` are `args` (elements as references).
    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// Runs a script that calls `arguments[arguments.length - 1]` with its result.
    pub async fn script_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.must(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// An element as a script argument.
    pub fn arg(element: &Element) -> Value {
        element.json()
    }

    pub async fn screenshot(&self, path: &Path) {
        let value = self.must("GET", "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().expect("a base64 screenshot"))
            .expect("valid base64");
        std::fs::write(path, png).expect("the screenshot is written");
    }

    /// The DevTools events logged since the last call (the "performance" log).
    pub async fn network_events(&self) -> Vec<Value> {
        let entries = self
            .must("POST", "/se/log", Some(json!({ "type": "performance" })))
            .await;
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| entry["message"].as_str())
            .filter_map(|message| serde_json::from_str::<Value>(message).ok())
            .map(|mut message| message["message"].take())
            .collect()
    }

    /// A DevTools command through ChromeDriver's bridge.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.must(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .await
    }

    /// A DevTools command that may fail (e.g. a body the browser no longer has).
    pub async fn try_cdp(&self, cmd: &str, params: Value) -> Option<Value> {
        self.command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .await
        .ok()
    }

    pub async fn quit(&self) {
        self.command("DELETE", "", None).await.ok();
    }
}
