//! Test support: a real server per test on a fresh database (SQLite, or PostgreSQL when
//! `QUARTIER_TEST_DATABASE_URL` is set), a cookie-keeping browser that handles the CSRF
//! token, a standard cast of people with every role in the community "ransbach", the test
//! plugins (built once per test run from the `plugins/` workspace), and what the tests of
//! several modules share: who may open a page, forms and their records, dates in Berlin,
//! iCalendar checks, plugin records, notifications and jobs in the database.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use quartier::accounts;
use quartier::communities::roles::Role as StoredRole;
use quartier::communities::{self, CommunityFields, JoinPolicy, Slug, members};
use quartier::config::Settings;
use quartier::db::Db;
use quartier::i18n::Catalogue;
use quartier::lang::Lang;
use quartier::plugins::{PluginLimits, Plugins};
use quartier::startup::Application;
use quartier::validation::Email;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode, Url, redirect};
use sqlx::{AnyPool, Executor};
use time::{Date, Weekday};

/// The password of every account the tests create (long enough for the rules).
pub const PASSWORD: &str = "correct horse battery";

/// The description of "ransbach" in the standard cast.
pub const RANSBACH_DESCRIPTION: &str = "Der digitale Treffpunkt unserer Stadt am Westerwald.";
pub const RANSBACH_NAME: &str = "Ransbach-Baumbach";
pub const OTHER_NAME: &str = "Nachbardorf Other";

// ---------------------------------------------------------------------------------------
// Fresh databases
// ---------------------------------------------------------------------------------------

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A name no other test (in this run or an earlier one) uses.
pub fn unique_suffix() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{n}_{nanos}", std::process::id())
}

/// A database that exists for one test and is removed when it is dropped
/// (set `QUARTIER_TEST_KEEP_DB=1` to keep it for inspection).
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A new, empty database: a SQLite file in a new temporary directory, or a new database
    /// on the PostgreSQL server named by `QUARTIER_TEST_DATABASE_URL`.
    pub async fn create() -> TestDatabase {
        let suffix = unique_suffix();
        match std::env::var("QUARTIER_TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.trim().is_empty() => {
                sqlx::any::install_default_drivers();
                let name = format!("quartier_test_{suffix}");
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
                    .await
                    .expect("connecting to QUARTIER_TEST_DATABASE_URL");
                conn.execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("creating the test database");
                let _ = sqlx::Connection::close(conn).await;
                TestDatabase {
                    url: with_database_name(&admin_url, &name),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            _ => {
                let dir = std::env::temp_dir()
                    .join(format!("quartier-test-{}", suffix.replace('_', "-")));
                TestDatabase {
                    url: format!("sqlite://{}", dir.join("q.db").display()),
                    cleanup: Cleanup::SqliteDir(dir),
                }
            }
        }
    }
}

/// `postgres://u@h:5432/postgres?x=y` with another database name.
fn with_database_name(url: &str, name: &str) -> String {
    let (main, query) = match url.split_once('?') {
        Some((main, query)) => (main, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = main.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match main[scheme_end..].find('/') {
        Some(slash) => &main[..scheme_end + slash],
        None => main,
    };
    format!("{base}/{name}{query}")
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if std::env::var_os("QUARTIER_TEST_KEEP_DB").is_some() {
            return;
        }
        match &self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                // Drop is synchronous and may run inside the test's runtime: use a thread
                // with its own small runtime. FORCE ends the server's pooled connections.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    runtime.block_on(async move {
                        if let Ok(mut conn) =
                            <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await
                        {
                            let _ = conn
                                .execute(
                                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                                )
                                .await;
                            let _ = sqlx::Connection::close(conn).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Logs of the server under test, when `QUARTIER_TEST_LOG` is set (e.g. `info`).
fn init_test_logging() {
    if let Ok(filter) = std::env::var("QUARTIER_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

// ---------------------------------------------------------------------------------------
// Races
// ---------------------------------------------------------------------------------------

/// One form POST of a race: who sends it, where, with which fields.
pub type Post = (Browser, String, Vec<(String, String)>);

/// Sends the POSTs at the same time and returns the answers in order.
pub async fn all_at_once(posts: Vec<Post>) -> Vec<Page> {
    // Everyone has a CSRF token before the race starts.
    for (browser, _, _) in &posts {
        browser.csrf_token().await;
    }
    let handles: Vec<_> = posts
        .into_iter()
        .map(|(browser, path, fields)| {
            tokio::spawn(async move {
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                browser.post_form(&path, &fields).await
            })
        })
        .collect();
    let mut pages = vec![];
    for handle in handles {
        pages.push(handle.await.expect("request task"));
    }
    pages
}

/// The status codes of some answers, in order (to assert on and to show when one is off).
pub fn statuses(pages: &[Page]) -> Vec<u16> {
    pages.iter().map(|p| p.status.as_u16()).collect()
}

/// `fields` as the owned pairs a [`Post`] of a race takes.
pub fn owned_fields(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The test plugins
// ---------------------------------------------------------------------------------------

/// The plugin components the tests install, built from the `plugins/` workspace.
pub struct PluginFiles {
    /// `examples/hello-plugin`: the guestbook, mounted at `guestbook`.
    pub guestbook: PathBuf,
    /// `plugins/testing/hostile`: misbehaves on purpose, mounted at `hostile`.
    pub hostile: PathBuf,
    /// `plugins/testing/raw-html`: a template with `{{{…}}}`; installing it must fail.
    pub raw_html: PathBuf,
    /// `plugins/newsboard`: the bundled news module, mounted at `news`.
    pub newsboard: PathBuf,
    /// `plugins/testing/hostile-next`: the hostile guest as version 0.2.0, for upgrades.
    pub hostile_next: PathBuf,
    /// `plugins/bookings`: the bundled room bookings module, mounted at `bookings`.
    pub bookings: PathBuf,
    /// `plugins/volunteer`: the bundled volunteer calls module ("Mach mit!"), mounted at
    /// `volunteer`.
    pub volunteer: PathBuf,
    /// `plugins/lostfound`: the bundled lost-and-found module ("Gesucht – Gefunden"),
    /// mounted at `lostfound`.
    pub lostfound: PathBuf,
    /// `plugins/consulting`: the bundled peer consulting module ("Kollegiale Beratung"),
    /// mounted at `consulting`.
    pub consulting: PathBuf,
}

/// The built plugins. The first caller in this test process runs `cargo build --release` in
/// the plugin workspace (a no-op when nothing changed); everyone else waits for it.
pub fn plugin_files() -> &'static PluginFiles {
    static FILES: OnceLock<PluginFiles> = OnceLock::new();
    FILES.get_or_init(build_plugins)
}

fn build_plugins() -> PluginFiles {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // The workspace's own .cargo/config.toml selects wasm32-wasip2; it is only read when
    // cargo runs inside the workspace. Settings of the outer build must not leak in.
    let output = Command::new(&cargo)
        .current_dir(&workspace)
        .arg("build")
        .arg("--release")
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("could not run {cargo:?} to build the test plugins: {e}"));
    if !output.status.success() {
        panic!(
            "building the test plugins failed ({}) in {}.\n\
             Is the wasm target installed? Try `rustup target add wasm32-wasip2`.\n\
             --- cargo's stderr ---\n{}",
            output.status,
            workspace.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let dir = workspace.join("target/wasm32-wasip2/release");
    let file = |name: &str| {
        let path = dir.join(name);
        assert!(
            path.is_file(),
            "the plugin build succeeded but {} is missing",
            path.display()
        );
        path
    };
    PluginFiles {
        guestbook: file("hello_plugin.wasm"),
        hostile: file("hostile_plugin.wasm"),
        raw_html: file("raw_html_plugin.wasm"),
        newsboard: file("newsboard.wasm"),
        hostile_next: file("hostile_plugin_next.wasm"),
        bookings: file("bookings.wasm"),
        volunteer: file("volunteer.wasm"),
        lostfound: file("lostfound.wasm"),
        consulting: file("consulting.wasm"),
    }
}

/// Where every server and CLI run of the tests caches compiled plugin code, so a plugin is
/// compiled once per build of the host, not once per test.
pub fn plugin_cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache")
}

/// Switches a module on or off in a community, as the settings page's buttons do.
pub async fn switch_module(browser: &Browser, slug: &str, plugin: &str, on: bool) -> Page {
    let action = if on { "enable" } else { "disable" };
    browser
        .post_form(
            &format!("/c/{slug}/settings/modules/{plugin}/{action}"),
            &[],
        )
        .await
}

/// Switches a module on or off like [`switch_module`] and checks that it worked: the
/// settings page sends the browser back to its list of modules.
pub async fn set_module(browser: &Browser, slug: &str, plugin: &str, on: bool) {
    switch_module(browser, slug, plugin, on)
        .await
        .assert_redirect(&format!("/c/{slug}/settings#modules"));
}

/// Installs plugin files into a database the way `quartier plugin install` does (validated,
/// stored, with their manifests), so a server started afterwards loads them.
pub async fn install_plugins(database_url: &str, files: &[&Path]) {
    let db = Db::connect_and_migrate(database_url, 2)
        .await
        .expect("opening the test database to install plugins");
    let plugins = Plugins::new(
        plugin_cache_dir(),
        PluginLimits::default(),
        Arc::new(Catalogue::load()),
    )
    .expect("the plugin runtime starts");
    for file in files {
        let wasm = std::fs::read(file)
            .unwrap_or_else(|e| panic!("reading the plugin {}: {e}", file.display()));
        plugins
            .install(&db, &wasm)
            .await
            .unwrap_or_else(|e| panic!("installing {}: {e}", file.display()));
    }
    db.pool().close().await;
}

// ---------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------

/// A running Quartier server on its own database.
pub struct TestApp {
    /// The address people reach the instance at (`public_url`, else `http://127.0.0.1:PORT`):
    /// what links in mails and pages start with.
    pub base_url: String,
    /// Where the server actually listens, for the test's browsers.
    pub local_url: String,
    db: Db,
    database_url: String,
    server: tokio::task::JoinHandle<()>,
    // Declared last: dropped (which removes the database) after the server task is stopped.
    // `None` for a second server on another one's database.
    _database: Option<TestDatabase>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server with test settings adjusted by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        let database = TestDatabase::create().await;
        Self::spawn_on(database, configure).await
    }

    /// Starts a server with these plugins installed (as `quartier plugin install` would
    /// before the server starts); no community has enabled them yet.
    pub async fn spawn_with_plugins(files: &[&Path]) -> TestApp {
        Self::spawn_with_plugins_and(files, |_| {}).await
    }

    /// [`TestApp::spawn_with_plugins`] with test settings adjusted by `configure` (e.g. other
    /// plugin limits).
    pub async fn spawn_with_plugins_and(
        files: &[&Path],
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let database = TestDatabase::create().await;
        install_plugins(&database.url, files).await;
        Self::spawn_on(database, configure).await
    }

    /// Starts a server on an existing test database (e.g. one the CLI prepared).
    pub async fn spawn_on(
        database: TestDatabase,
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let url = database.url.clone();
        Self::start(&url, Some(database), configure).await
    }

    /// A second server on this server's database, like a second `quartier serve` process of
    /// the same instance: its own connection pool, plugin engine and caches.
    pub async fn another_server(&self) -> TestApp {
        Self::start(&self.database_url, None, |_| {}).await
    }

    /// [`TestApp::another_server`] with settings adjusted by `configure`.
    pub async fn another_server_with(&self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        Self::start(&self.database_url, None, configure).await
    }

    async fn start(
        database_url: &str,
        database: Option<TestDatabase>,
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        init_test_logging();
        let mut settings = Settings {
            bind: "127.0.0.1:0".parse().expect("literal address"),
            database_url: database_url.to_owned(),
            password_hash_memory_kib: 1024,
            database_max_connections: 5,
            plugin_cache_dir: plugin_cache_dir(),
            // Mails go to files (no SMTP server) under the build's temporary directory.
            data_dir: PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .join("data")
                .join(unique_suffix()),
            ..Default::default()
        };
        configure(&mut settings);
        let app = Application::build(settings)
            .await
            .expect("the server starts");
        let base_url = app.base_url().to_owned();
        let local_url = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        let server = tokio::spawn(async move {
            let _ = app.run_until_stopped().await;
        });
        TestApp {
            base_url,
            local_url,
            db,
            database_url: database_url.to_owned(),
            server,
            _database: database,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        self.db.pool()
    }

    /// The URL of this server's database (for the CLI).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// A new browser without cookies (a visitor).
    pub fn client(&self) -> Browser {
        Browser::new(&self.local_url)
    }

    /// Registers an account over HTTP; the returned person's browser is logged in.
    pub async fn register(&self, email: &str, name: &str) -> Person {
        let browser = self.client();
        let page = browser
            .post_form(
                "/register",
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        page.assert_status(303);
        assert!(
            browser.cookie("quartier_session").is_some(),
            "registration logs in"
        );
        Person {
            id: self.account_id(email).await,
            email: email.to_owned(),
            name: name.to_owned(),
            browser,
        }
    }

    /// A browser logged in as `email` (a second device of the same person).
    pub async fn logged_in(&self, email: &str, password: &str) -> Browser {
        let browser = self.client();
        browser.login(email, password).await.assert_status(303);
        browser
    }

    /// Makes an existing account an instance operator, directly in the database.
    pub async fn make_operator(&self, email: &str) {
        let id = self.account_id(email).await;
        accounts::set_operator(self.pool(), id, true)
            .await
            .expect("set_operator");
    }

    pub async fn account_id(&self, email: &str) -> i64 {
        let email = Email::parse(email).expect("valid email");
        accounts::find_by_email(self.pool(), &email)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no account {}", email.as_str()))
            .id
    }

    /// Creates a community directly (as the CLI does), optionally with a first manager.
    pub async fn create_community(
        &self,
        slug: &str,
        name: &str,
        policy: &str,
        public: bool,
        manager_email: Option<&str>,
    ) -> i64 {
        self.create_community_with(slug, name, policy, public, "de", "", manager_email)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn create_community_with(
        &self,
        slug: &str,
        name: &str,
        policy: &str,
        public: bool,
        language: &str,
        description: &str,
        manager_email: Option<&str>,
    ) -> i64 {
        let manager = match manager_email {
            Some(email) => Some(self.account_id(email).await),
            None => None,
        };
        let fields = CommunityFields {
            name: name.to_owned(),
            description: description.to_owned(),
            language: Lang::parse(language).expect("de or en"),
            public_area: public,
            join_policy: JoinPolicy::parse(policy).expect("open, approval or invitation"),
        };
        let slug = Slug::parse(slug).expect("valid slug");
        communities::create_with_manager(self.pool(), &slug, &fields, None, manager, None)
            .await
            .expect("community created")
            .id
    }

    pub async fn community_id(&self, slug: &str) -> i64 {
        communities::find_by_slug(self.pool(), slug)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no community {slug}"))
            .id
    }

    /// Adds a membership directly in the database.
    pub async fn add_member(&self, slug: &str, email: &str, role: StoredRole) {
        let community = self.community_id(slug).await;
        let account = self.account_id(email).await;
        let mut conn = self.pool().acquire().await.expect("connection");
        members::add(&mut conn, community, account, role)
            .await
            .expect("add member");
    }

    /// The stored role of `email` in `slug`, `None` when not a member.
    pub async fn role_of(&self, slug: &str, email: &str) -> Option<StoredRole> {
        let community = self.community_id(slug).await;
        let account = self.account_id(email).await;
        members::role_of(self.pool(), community, account)
            .await
            .expect("query")
    }

    /// The ids of the pending join requests of a community, oldest first.
    pub async fn pending_requests(&self, slug: &str) -> Vec<(i64, i64)> {
        let community = self.community_id(slug).await;
        quartier::communities::joining::pending(self.pool(), community)
            .await
            .expect("query")
            .into_iter()
            .map(|r| (r.id, r.account_id))
            .collect()
    }

    /// Runs one SQL statement on the server's database (to age tokens and the like).
    pub async fn execute(&self, sql: &str) {
        sqlx::query(sql)
            .execute(self.pool())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The newest mails of the outbox, newest first.
    pub async fn outbox(&self) -> Vec<quartier::mail::outbox::StoredMail> {
        quartier::mail::outbox::latest(self.pool(), 10)
            .await
            .expect("outbox")
    }

    /// The number one SQL query (`SELECT COUNT(*) …`) answers.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(self.pool())
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The notifications of this kind a module (`source`, the plugin's id) sent an account:
    /// (title, body), oldest first.
    pub async fn notifications(
        &self,
        source: &str,
        account: i64,
        kind: &str,
    ) -> Vec<(String, String)> {
        sqlx::query_as(&format!(
            "SELECT title, body FROM notifications WHERE account_id = {account} \
             AND source = '{source}' AND kind = '{kind}' ORDER BY id"
        ))
        .fetch_all(self.pool())
        .await
        .expect("reading the notifications")
    }

    /// The records a plugin stores in one of its collections, oldest first: (id, data).
    pub async fn plugin_records(
        &self,
        plugin: &str,
        collection: &str,
    ) -> Vec<(i64, serde_json::Value)> {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, CAST(data AS TEXT) FROM plugin_records \
             WHERE plugin_id = '{plugin}' AND collection = '{collection}' ORDER BY id"
        ))
        .fetch_all(self.pool())
        .await
        .unwrap_or_else(|e| panic!("reading the {collection} of {plugin}: {e}"));
        rows.into_iter()
            .map(|(id, data)| (id, serde_json::from_str(&data).expect("JSON data")))
            .collect()
    }

    /// Overwrites the data of a plugin record behind the plugin's back (to move it in time,
    /// say).
    pub async fn write_plugin_record(&self, id: i64, data: &serde_json::Value) {
        let json = if self.database_url.starts_with("postgres") {
            "CAST($1 AS JSONB)"
        } else {
            "$1"
        };
        sqlx::query(&format!(
            "UPDATE plugin_records SET data = {json} WHERE id = $2"
        ))
        .bind(data.to_string())
        .bind(id)
        .execute(self.pool())
        .await
        .unwrap_or_else(|e| panic!("writing the record {id}: {e}"));
    }

    /// Makes the plugins' jobs due again and waits (at most five seconds) until the scheduler
    /// has run `plugin`'s `job` to the end (a server with a small `job_check_ms`).
    pub async fn run_the_job_again(&self, plugin: &str, job: &str) {
        self.execute("UPDATE plugin_job_runs SET last_started = 0")
            .await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let done = self
                .count(&format!(
                    "SELECT COUNT(*) FROM plugin_job_runs WHERE plugin_id = '{plugin}' \
                     AND job = '{job}' AND last_started > 0 AND running_until < {}",
                    quartier::db::now_ms()
                ))
                .await;
            if done >= 1 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the {job} job of {plugin} did not run again"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

impl TestApp {
    /// Ends the server abruptly, as a crash would (the database stays).
    pub fn kill(&self) {
        self.server.abort();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Someone with an account and a browser logged in as them.
pub struct Person {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub browser: Browser,
}

// ---------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------

/// A browser: keeps cookies, does not follow redirects (tests assert them), and adds the
/// CSRF token to every form it posts.
#[derive(Clone)]
pub struct Browser {
    client: Client,
    jar: Arc<Jar>,
    base: Url,
}

impl Browser {
    pub fn new(base_url: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(redirect::Policy::none())
            .build()
            .expect("http client");
        Browser {
            client,
            jar,
            base: base_url.parse().expect("base url"),
        }
    }

    fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("a valid path")
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// GET with extra request headers (`Accept-Language`, `Host`, …).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Page::read("GET", path, request.send().await.expect("GET request")).await
    }

    /// POSTs a form with this browser's CSRF token (fetching `/` first if it has none).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_form_with(path, fields, &[]).await
    }

    /// POSTs a form with the CSRF token and extra request headers.
    pub async fn post_form_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let token = self.csrf_token().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        let mut request = self.client.post(self.url(path)).form(&form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Page::read("POST", path, request.send().await.expect("POST request")).await
    }

    /// POSTs exactly `body` as a form, without adding a token.
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST request");
        Page::read("POST", path, response).await
    }

    /// POSTs a multipart form with one file, as a browser uploads a file (no token added:
    /// the one upload form carries it in its action's query).
    pub async fn post_file(&self, path: &str, field: &str, filename: &str, content: &[u8]) -> Page {
        let boundary = "quartier-test-boundary-7d3f1c";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
             Content-Type: application/wasm\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(content);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send_multipart(path, boundary, body).await
    }

    /// POSTs a multipart form as a browser sends a form with file inputs: the CSRF token and
    /// the text fields, then each (field, file name, bytes). A file with an empty name and
    /// no bytes is an empty file input.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let token = self.csrf_token().await;
        let boundary = "quartier-test-boundary-4b9e2a";
        let mut body = vec![];
        let mut text = |name: &str, value: &str| {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            )
        };
        text("csrf_token", &token);
        for (name, value) in fields {
            text(name, value);
        }
        for (field, filename, content) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.send_multipart(path, boundary, body).await
    }

    /// POSTs a multipart body built with `boundary`.
    async fn send_multipart(&self, path: &str, boundary: &str, body: Vec<u8>) -> Page {
        let response = self
            .client
            .post(self.url(path))
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST request");
        Page::read("POST", path, response).await
    }

    /// GETs a binary resource (a photo): status, headers and the bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("GET request");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.bytes().await.expect("response body").to_vec();
        (status, headers, bytes)
    }

    /// The value of a cookie this browser would send to the server.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base)?;
        let header = header.to_str().ok()?.to_owned();
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
            .filter(|value| !value.is_empty())
    }

    /// Puts a cookie into this browser, as if the server had set it.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar
            .add_cookie_str(&format!("{name}={value}; Path=/"), &self.base);
    }

    /// The CSRF token of this browser; a first visit to `/` gets one.
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.cookie("quartier_csrf") {
            return token;
        }
        self.get("/").await.assert_status(200);
        self.cookie("quartier_csrf")
            .expect("the server sets the quartier_csrf cookie on the first visit")
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }

    pub async fn logout(&self) -> Page {
        self.post_form("/logout", &[]).await
    }
}

/// A response, read completely.
pub struct Page {
    pub method: &'static str,
    pub path: String,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    async fn read(method: &'static str, path: &str, response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("response body");
        Page {
            method,
            path: path.to_owned(),
            status,
            headers,
            body,
        }
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }

    /// Where this `303 See Other` leads; the answer must be one.
    #[track_caller]
    pub fn redirect_target(&self) -> String {
        self.assert_status(303);
        self.location().expect("a Location header").to_owned()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `Set-Cookie` headers of the response.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The `Set-Cookie` header that sets `name` to a non-empty value, if any.
    pub fn cookie_set(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&prefix) && !c.starts_with(&format!("{prefix};")))
    }

    /// The `lang` attribute of the `<html>` element.
    pub fn html_lang(&self) -> Option<String> {
        let start = self.body.find("<html")?;
        let tag_end = start + self.body[start..].find('>')?;
        let tag = &self.body[start..tag_end];
        let value = tag.split("lang=\"").nth(1)?;
        Some(value.split('"').next()?.to_owned())
    }

    /// The text of `<title>`.
    pub fn title(&self) -> Option<String> {
        let start = self.body.find("<title>")? + "<title>".len();
        let end = start + self.body[start..].find("</title>")?;
        Some(self.body[start..end].trim().to_owned())
    }

    fn describe(&self) -> String {
        let excerpt: String = self.body.chars().take(1500).collect();
        format!(
            "{} {} → {} (Location: {:?})\n--- body ---\n{excerpt}",
            self.method,
            self.path,
            self.status,
            self.location()
        )
    }

    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Page {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status: {}",
            self.describe()
        );
        self
    }

    /// A `303 See Other` to exactly `location`.
    #[track_caller]
    pub fn assert_redirect(&self, location: &str) -> &Page {
        self.assert_status(303);
        assert_eq!(
            self.location(),
            Some(location),
            "unexpected redirect: {}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) -> &Page {
        assert!(
            self.body.contains(needle),
            "expected {needle:?} in the page: {}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn assert_lacks(&self, needle: &str) -> &Page {
        assert!(
            !self.body.contains(needle),
            "did not expect {needle:?} in the page: {}",
            self.describe()
        );
        self
    }

    /// A complete HTML page (an error page too), not a bare status or text.
    #[track_caller]
    pub fn assert_html(&self) -> &Page {
        assert!(
            self.content_type().starts_with("text/html"),
            "not HTML: {}",
            self.describe()
        );
        assert!(
            self.body.contains("<html"),
            "no <html> element: {}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn assert_lang(&self, lang: &str) -> &Page {
        assert_eq!(
            self.html_lang().as_deref(),
            Some(lang),
            "unexpected language: {}",
            self.describe()
        );
        self
    }
}

/// The first 64-hex-digit token that follows `marker` in `text`.
pub fn token_after(text: &str, marker: &str) -> Option<String> {
    text.match_indices(marker).find_map(|(i, _)| {
        let rest = &text[i + marker.len()..];
        let token: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        (token.len() == 64).then_some(token)
    })
}

// ---------------------------------------------------------------------------------------
// The standard cast
// ---------------------------------------------------------------------------------------

/// Who is looking at a page in the access matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not logged in.
    Visitor,
    Member,
    Moderator,
    Manager,
    /// Instance operator, not a member of "ransbach".
    Operator,
    /// Logged in, manager of the community "other", not a member of "ransbach".
    Outsider,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Visitor,
        Role::Member,
        Role::Moderator,
        Role::Manager,
        Role::Operator,
        Role::Outsider,
    ];
}

/// Community "ransbach" (approval, public area on, German) with a manager, a moderator and
/// two members (`member`, and `target` for role changes); community "other" (open) run by the
/// outsider; an operator; and a visitor.
pub struct Cast {
    pub app: TestApp,
    pub manager: Person,
    pub moderator: Person,
    pub member: Person,
    pub target: Person,
    pub operator: Person,
    pub outsider: Person,
    pub visitor: Browser,
}

impl Cast {
    pub async fn new() -> Cast {
        Cast::on(TestApp::spawn().await).await
    }

    /// The cast on a server with the guestbook and the hostile test plugin installed (not yet
    /// enabled anywhere).
    pub async fn with_plugins() -> Cast {
        let files = plugin_files();
        Cast::on(TestApp::spawn_with_plugins(&[&files.guestbook, &files.hostile]).await).await
    }

    /// [`Cast::with_plugins`] with both plugins switched on in "ransbach".
    pub async fn with_plugins_on() -> Cast {
        let files = plugin_files();
        Cast::with_modules(
            &[&files.guestbook, &files.hostile],
            &["guestbook", "hostile"],
            |_| {},
        )
        .await
    }

    /// [`Cast::with_plugins`] on a server with settings adjusted by `configure`.
    pub async fn with_plugins_and(configure: impl FnOnce(&mut Settings)) -> Cast {
        let files = plugin_files();
        let app =
            TestApp::spawn_with_plugins_and(&[&files.guestbook, &files.hostile], configure).await;
        Cast::on(app).await
    }

    /// The cast on a server with these plugins installed (and settings adjusted by
    /// `configure`), the modules `on` switched on in "ransbach" by its manager.
    pub async fn with_modules(
        files: &[&Path],
        on: &[&str],
        configure: impl FnOnce(&mut Settings),
    ) -> Cast {
        let cast = Cast::on(TestApp::spawn_with_plugins_and(files, configure).await).await;
        for plugin in on {
            set_module(&cast.manager.browser, "ransbach", plugin, true).await;
        }
        cast
    }

    /// The cast on a freshly started server.
    pub async fn on(app: TestApp) -> Cast {
        let manager = app
            .register("manager@example.org", "Maria Verwalterin")
            .await;
        let moderator = app
            .register("moderator@example.org", "Moritz Moderator")
            .await;
        let member = app.register("member@example.org", "Mia Mitglied").await;
        let target = app.register("target@example.org", "Tilo Target").await;
        let operator = app
            .register("operator@example.org", "Olga Betreiberin")
            .await;
        let outsider = app.register("outsider@example.org", "Otto Outsider").await;
        app.make_operator(&operator.email).await;
        app.create_community_with(
            "ransbach",
            RANSBACH_NAME,
            "approval",
            true,
            "de",
            RANSBACH_DESCRIPTION,
            Some(&manager.email),
        )
        .await;
        app.add_member("ransbach", &moderator.email, StoredRole::Moderator)
            .await;
        app.add_member("ransbach", &member.email, StoredRole::Member)
            .await;
        app.add_member("ransbach", &target.email, StoredRole::Member)
            .await;
        app.create_community("other", OTHER_NAME, "open", true, Some(&outsider.email))
            .await;
        let visitor = app.client();
        Cast {
            app,
            manager,
            moderator,
            member,
            target,
            operator,
            outsider,
            visitor,
        }
    }

    /// The browser of someone with `role`.
    pub fn as_role(&self, role: Role) -> Browser {
        match role {
            Role::Visitor => self.visitor.clone(),
            Role::Member => self.member.browser.clone(),
            Role::Moderator => self.moderator.browser.clone(),
            Role::Manager => self.manager.browser.clone(),
            Role::Operator => self.operator.browser.clone(),
            Role::Outsider => self.outsider.browser.clone(),
        }
    }
}

/// `n` more members of "ransbach" (`nachbar{i}@example.org`, "Nachbarin {i}"), each logged
/// in on the cast's server.
pub async fn neighbours(cast: &Cast, n: usize) -> Vec<Person> {
    let mut people = vec![];
    for i in 0..n {
        let person = cast
            .app
            .register(
                &format!("nachbar{i}@example.org"),
                &format!("Nachbarin {i}"),
            )
            .await;
        cast.app
            .add_member("ransbach", &person.email, StoredRole::Member)
            .await;
        people.push(person);
    }
    people
}

// ---------------------------------------------------------------------------------------
// Who may open a page
// ---------------------------------------------------------------------------------------

/// What someone gets when they open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200 with an HTML page.
    Open,
    /// 303 to the login page, coming back here afterwards.
    Login,
    /// 403 page.
    Denied,
    /// 403 or 404: not for them, whether it exists or not.
    Hidden,
    /// 404, or (for someone not logged in) 303 to the login page.
    HiddenOrLogin,
}

/// GETs `path` as someone with `role` and checks the outcome.
pub async fn check_role(cast: &Cast, role: Role, path: &str, expected: Expect) {
    let page = cast.as_role(role).get(path).await;
    let context = format!("GET {path} as {role:?}");
    let status = page.status.as_u16();
    let login = format!("/login?next={path}");
    let to_login = status == 303 && page.location() == Some(login.as_str());
    match expected {
        Expect::Open => {
            assert_eq!(status, 200, "{context}: {}", page.body);
            page.assert_html();
        }
        Expect::Login => assert!(to_login, "{context}: {status} {:?}", page.location()),
        Expect::Denied => {
            assert_eq!(status, 403, "{context}: {}", page.body);
            page.assert_html();
        }
        Expect::Hidden => assert!(
            status == 403 || status == 404,
            "{context}: {status} {}",
            page.body
        ),
        Expect::HiddenOrLogin => assert!(
            status == 404 || to_login,
            "{context}: {status} {:?}",
            page.location()
        ),
    }
}

/// GETs `path` as each role of [`Role::ALL`] (visitor, member, moderator, manager, operator,
/// outsider) and checks the outcomes.
pub async fn check_roles(cast: &Cast, path: &str, outcomes: [Expect; 6]) {
    for (role, expected) in Role::ALL.into_iter().zip(outcomes) {
        check_role(cast, role, path, expected).await;
    }
}

// ---------------------------------------------------------------------------------------
// Forms and the records they create
// ---------------------------------------------------------------------------------------

/// `defaults` with `fields` in place of the defaults of the same name (a field given several
/// times, like a group of checkboxes, replaces all default values of that name).
pub fn with_defaults<'a>(
    defaults: &[(&'a str, &'a str)],
    fields: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let given: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    defaults
        .iter()
        .filter(|(k, _)| !given.contains(k))
        .chain(fields)
        .copied()
        .collect()
}

/// The value of `<input name="version" …>` of an edit form, if it has one (what the form
/// sends back so that the server notices a conflicting edit).
pub fn version_field(page: &Page) -> Option<String> {
    let marker = r#"name="version" value=""#;
    let start = page.body.find(marker)? + marker.len();
    let end = start + page.body[start..].find('"')?;
    Some(page.body[start..end].to_owned())
}

/// The id in `location`, which must be the page of one record: `prefix` and a number.
#[track_caller]
pub fn record_id<'a>(location: &'a str, prefix: &str) -> &'a str {
    location
        .strip_prefix(prefix)
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_else(|| panic!("not the page of a record under {prefix}: {location}"))
}

/// The record id at the end of a path (`/c/ransbach/bookings/bookings/17` → 17).
pub fn id_of(path: &str) -> i64 {
    path.rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {path}"))
}

// ---------------------------------------------------------------------------------------
// Dates (Berlin), relative to today so the tests never age
// ---------------------------------------------------------------------------------------

/// Today in Berlin.
pub fn today() -> Date {
    quartier::berlin::from_millis(quartier::db::now_ms())
        .expect("a representable time")
        .date()
}

pub fn days_from_today(days: i64) -> Date {
    today() + time::Duration::days(days)
}

/// The first `weekday` at least `days` days from today.
pub fn weekday_ahead(weekday: Weekday, days: i64) -> Date {
    let mut date = days_from_today(days);
    while date.weekday() != weekday {
        date = date.next_day().expect("a later date");
    }
    date
}

/// A Saturday two to three weeks ahead.
pub fn a_saturday() -> Date {
    weekday_ahead(Weekday::Saturday, 14)
}

/// `2026-12-05`, as the date fields take it.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `20261205`, as iCalendar writes a date.
pub fn ics_date(date: Date) -> String {
    iso(date).replace('-', "")
}

// ---------------------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------------------

/// The content lines (unfolded) of an iCalendar answer, after checking it the way RFC 5545
/// asks and calendar apps expect: `text/calendar`; every line ended by CRLF and no other line
/// break; no line over 75 octets; BEGIN and END balanced; one VTIMEZONE for Europe/Berlin;
/// every VEVENT with its own UID, a DTSTAMP in UTC, and DTSTART and DTEND in Berlin time.
#[track_caller]
pub fn icalendar(page: &Page) -> Vec<String> {
    page.assert_status(200);
    assert!(
        page.content_type().starts_with("text/calendar"),
        "{} is {}",
        page.path,
        page.content_type()
    );
    let ics = page.body.as_str();
    assert!(ics.ends_with("\r\n"), "the last line ends with CRLF");
    let bytes = ics.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at octet {i}"),
            b'\n' => assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at octet {i}"),
            _ => {}
        }
    }
    let body = &ics[..ics.len() - 2];
    for physical in body.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{} octets in {physical:?}",
            physical.len()
        );
        assert!(!physical.is_empty(), "an empty line in {}", page.path);
    }
    let lines: Vec<String> = body
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    let mut open: Vec<&str> = vec![];
    for line in &lines {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push(name);
        } else if let Some(name) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(name), "unbalanced {line}");
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"), "VERSION");
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")), "PRODID");
    let zones = components(&lines, "VTIMEZONE");
    assert_eq!(zones.len(), 1, "one VTIMEZONE");
    assert_eq!(value(&zones[0], "TZID"), Some("Europe/Berlin"));
    let mut uids = BTreeSet::new();
    for event in components(&lines, "VEVENT") {
        let uid = value(&event, "UID").expect("every VEVENT has a UID");
        assert!(!uid.is_empty() && uids.insert(uid.to_owned()), "UID {uid}");
        let stamp = value(&event, "DTSTAMP").expect("every VEVENT has a DTSTAMP");
        assert!(
            is_stamp(stamp.strip_suffix('Z').unwrap_or("no Z")),
            "DTSTAMP:{stamp}"
        );
        for name in ["DTSTART", "DTEND"] {
            let local = value(&event, &format!("{name};TZID=Europe/Berlin"))
                .unwrap_or_else(|| panic!("{name} in Berlin time: {event:?}"));
            assert!(is_stamp(local), "{name}:{local}");
        }
    }
    lines
}

/// `20260701T180000`.
fn is_stamp(s: &str) -> bool {
    s.len() == 15
        && s.char_indices()
            .all(|(i, c)| if i == 8 { c == 'T' } else { c.is_ascii_digit() })
}

/// The lines of each `BEGIN:{name}` … `END:{name}` component.
pub fn components(lines: &[String], name: &str) -> Vec<Vec<String>> {
    let (begin, end) = (format!("BEGIN:{name}"), format!("END:{name}"));
    let mut found = vec![];
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        if *line == begin {
            current = Some(vec![]);
        } else if *line == end {
            found.extend(current.take());
        } else if let Some(component) = current.as_mut() {
            component.push(line.clone());
        }
    }
    found
}

/// The value of a property (`UID`, or with its parameters: `DTSTART;TZID=Europe/Berlin`).
pub fn value<'a>(lines: &'a [String], property: &str) -> Option<&'a str> {
    let prefix = format!("{property}:");
    lines.iter().find_map(|l| l.strip_prefix(&prefix))
}
