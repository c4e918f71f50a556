//! Benchmarks of the plugin runtime, reported in docs/benchmarks.md.
//!
//! `cargo bench --bench plugins` measures, with the `bench` test guest (a 50-item list built in
//! the guest, no database): store + instantiate; one whole call including template rendering;
//! and the throughput of that page's handler against a native handler rendering the same data
//! with the same template, side by side.
//!
//! `cargo bench --bench plugins -- scale` prepares 10 000 communities with every test guest
//! enabled in each, then starts `target/release/quartier serve` on them with a warm code cache
//! and reports the time until `/healthz` answers and the process's resident memory.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use handlebars::Handlebars;
use quartier::communities::roles::Role;
use quartier::communities::{self, CommunityFields, JoinPolicy, Slug};
use quartier::db::Db;
use quartier::i18n::Catalogue;
use quartier::lang::Lang;
use quartier::plugins::bindings::v0_1::quartier::plugin::http;
use quartier::plugins::call::{CallContext, Invocation, Outcome, instantiate_only};
use quartier::plugins::registry::{self, Enabled};
use quartier::plugins::{PluginLimits, Plugins};
use serde_json::{Value, json};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root")
        .to_path_buf()
}

fn wasm(name: &str) -> Vec<u8> {
    let path = repo()
        .join("plugins/target/wasm32-wasip2/release")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run `cargo xtask plugins` first",
            path.display()
        )
    })
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p) as usize]
}

fn report(name: &str, samples: &mut [Duration]) {
    let median = percentile(samples, 0.5);
    let p90 = percentile(samples, 0.9);
    let p99 = percentile(samples, 0.99);
    println!(
        "{name:<44} median {:>8.1} µs   p90 {:>8.1} µs   p99 {:>8.1} µs   (n = {})",
        median.as_secs_f64() * 1e6,
        p90.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        samples.len()
    );
}

struct Setup {
    plugins: Arc<Plugins>,
    db: Db,
    community: communities::Community,
    enabled: Enabled,
}

async fn setup(dir: &Path) -> Setup {
    let db = Db::connect_and_migrate(&format!("sqlite://{}", dir.join("bench.db").display()), 4)
        .await
        .unwrap();
    let plugins = Arc::new(
        Plugins::new(
            dir.join("cache"),
            PluginLimits::default(),
            Arc::new(Catalogue::load()),
        )
        .unwrap(),
    );
    let manifest = plugins
        .install(&db, &wasm("bench_plugin.wasm"))
        .await
        .unwrap();
    let fields = CommunityFields {
        name: "Bench".into(),
        description: String::new(),
        language: Lang::De,
        public_area: true,
        join_policy: JoinPolicy::Open,
    };
    let community = communities::create_with_manager(
        db.pool(),
        &Slug::parse("bench").unwrap(),
        &fields,
        None,
        None,
        None,
    )
    .await
    .unwrap();
    let mut conn = db.pool().acquire().await.unwrap();
    registry::set_enabled(&mut conn, community.id, &manifest, true)
        .await
        .unwrap();
    drop(conn);
    let enabled = plugins
        .enabled_in(db.pool(), community.id)
        .await
        .unwrap()
        .remove(0);
    Setup {
        plugins,
        db,
        community,
        enabled,
    }
}

fn ctx(s: &Setup) -> CallContext {
    CallContext::new("http://127.0.0.1", &s.community, &s.enabled, None, Lang::De)
}

fn get_root() -> http::Request {
    http::Request {
        method: http::Method::Get,
        path: "/".into(),
        query: vec![],
        form: vec![],
        uploads: vec![],
    }
}

/// What the page handler does for the plugin: call, then render its view.
async fn plugin_page(s: &Setup) -> String {
    let outcome = s
        .plugins
        .call(
            &s.db,
            &s.enabled.plugin,
            ctx(s),
            Invocation::Handle(get_root()),
        )
        .await
        .unwrap();
    let Outcome::Response(http::Response::View(view)) = outcome else {
        panic!("the bench guest answers with a view")
    };
    let mut data: Value = serde_json::from_str(&view.data_json).unwrap();
    data["lang"] = json!("de");
    s.enabled
        .plugin
        .templates
        .render(&view.template, &data)
        .unwrap()
}

/// The same page from a native handler: the same data built in Rust, the same template.
fn native_page(registry: &Handlebars<'static>) -> String {
    let items: Vec<Value> = (0..50)
        .map(|i| {
            json!({
                "title": format!("Eintrag {i}"),
                "body": "Ein kurzer Text mit <Sonderzeichen> & Umlauten: äöü.",
                "author": "Mia Mitglied",
                "at": 1_795_262_400_000_i64 + i,
            })
        })
        .collect();
    registry
        .render("list", &json!({ "items": items, "lang": "de" }))
        .unwrap()
}

fn native_registry(s: &Setup) -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    let plugin_catalogue = Arc::new(Catalogue::parse(&[(Lang::De, "title = Liste\n")]).unwrap());
    quartier::web::render::register_common_helpers(
        &mut registry,
        vec![plugin_catalogue, Arc::new(Catalogue::load())],
    );
    let source = &s.enabled.plugin.manifest.templates[0].1;
    registry.register_template_string("list", source).unwrap();
    registry
}

async fn latency(s: &Setup) {
    const WARMUP: usize = 1000;
    const N: usize = 10_000;
    let mut samples = Vec::with_capacity(N);
    for i in 0..WARMUP + N {
        let started = Instant::now();
        instantiate_only(s.plugins.engine(), &s.enabled.plugin, ctx(s))
            .await
            .unwrap();
        if i >= WARMUP {
            samples.push(started.elapsed());
        }
    }
    report("store + instantiate", &mut samples);

    let mut samples = Vec::with_capacity(N);
    for i in 0..WARMUP + N {
        let started = Instant::now();
        let outcome = s
            .plugins
            .call(
                &s.db,
                &s.enabled.plugin,
                ctx(s),
                Invocation::Handle(get_root()),
            )
            .await
            .unwrap();
        if i >= WARMUP {
            samples.push(started.elapsed());
        }
        assert!(matches!(outcome, Outcome::Response(_)));
    }
    report("call only (instantiate + handle, no render)", &mut samples);

    let mut samples = Vec::with_capacity(N);
    for i in 0..WARMUP + N {
        let started = Instant::now();
        let html = plugin_page(s).await;
        if i >= WARMUP {
            samples.push(started.elapsed());
        }
        assert!(html.len() > 1000);
    }
    report("call + render (50-item list, no database)", &mut samples);

    let registry = native_registry(s);
    let mut samples = Vec::with_capacity(N);
    for i in 0..WARMUP + N {
        let started = Instant::now();
        let html = native_page(&registry);
        if i >= WARMUP {
            samples.push(started.elapsed());
        }
        assert!(html.len() > 1000);
    }
    report("native handler, same data and template", &mut samples);
}

/// Pages per second from `workers` concurrent tasks for `secs` seconds.
async fn throughput<F, Fut>(workers: usize, secs: u64, page: F) -> f64
where
    F: Fn() -> Fut + Send + Sync + 'static + Clone,
    Fut: std::future::Future<Output = String> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = vec![];
    for _ in 0..workers {
        let page = page.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                std::hint::black_box(page().await);
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / secs as f64
}

async fn side_by_side(s: Arc<Setup>) {
    let registry = Arc::new(native_registry(&s));
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    for round in 1..=2 {
        let r = registry.clone();
        let native = throughput(workers, 5, move || {
            let r = r.clone();
            async move { native_page(&r) }
        })
        .await;
        let s2 = s.clone();
        let plugin = throughput(workers, 5, move || {
            let s = s2.clone();
            async move { plugin_page(&s).await }
        })
        .await;
        println!(
            "round {round}: native {native:>9.0} pages/s   plugin {plugin:>9.0} pages/s   plugin/native {:>5.1} %   ({workers} workers, 5 s each)",
            plugin / native * 100.0
        );
    }
}

/// 10 000 communities, every test guest enabled in each; start-up time and memory of a server.
async fn scale(dir: &Path) {
    let binary = repo().join("target/release/quartier");
    assert!(binary.exists(), "build it first: cargo build --release");
    let url = format!("sqlite://{}", dir.join("scale.db").display());
    let db = Db::connect_and_migrate(&url, 4).await.unwrap();
    let plugins = Plugins::new(
        dir.join("cache"),
        PluginLimits::default(),
        Arc::new(Catalogue::load()),
    )
    .unwrap();
    let mut manifests = vec![];
    for name in [
        "bench_plugin.wasm",
        "hello_plugin.wasm",
        "hostile_plugin.wasm",
    ] {
        manifests.push(plugins.install(&db, &wasm(name)).await.unwrap());
    }
    let started = Instant::now();
    let mut tx = db.pool().begin().await.unwrap();
    for i in 0..10_000 {
        let fields = CommunityFields {
            name: format!("Gemeinschaft {i}"),
            description: "Eine von vielen.".into(),
            language: Lang::De,
            public_area: true,
            join_policy: JoinPolicy::Open,
        };
        let community = communities::create(
            &mut tx,
            &Slug::parse(&format!("c{i:05}")).unwrap(),
            &fields,
            None,
        )
        .await
        .unwrap();
        for m in &manifests {
            sqlx::query("INSERT INTO community_plugins (community_id, plugin_id, enabled, granted, settings, changed_at) VALUES ($1, $2, 1, '', '{}', 0)")
                .bind(community.id)
                .bind(&m.id)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
    let _ = Role::Member;
    println!(
        "prepared 10 000 communities × {} plugins in {:.1} s",
        manifests.len(),
        started.elapsed().as_secs_f64()
    );
    drop(db);

    for run in 1..=3 {
        let started = Instant::now();
        let mut child = std::process::Command::new(&binary)
            .args(["--database-url", &url, "serve", "--bind", "127.0.0.1:18765"])
            .env("QUARTIER_PLUGIN_CACHE_DIR", dir.join("cache"))
            .env("QUARTIER_LOG", "warn")
            .spawn()
            .unwrap();
        let client = reqwest::Client::new();
        loop {
            if let Ok(r) = client.get("http://127.0.0.1:18765/healthz").send().await
                && r.status().is_success()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let startup = started.elapsed();
        // Touch a spread of communities and every plugin, then read the resident set.
        for i in (0..10_000).step_by(97) {
            for mount in ["bench", "guestbook", "hostile/entries"] {
                let _ = client
                    .get(format!("http://127.0.0.1:18765/c/c{i:05}/{mount}"))
                    .send()
                    .await;
            }
        }
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        let rss = status
            .lines()
            .find(|l| l.starts_with("VmRSS"))
            .unwrap_or("VmRSS: ?")
            .to_owned();
        let hwm = status
            .lines()
            .find(|l| l.starts_with("VmHWM"))
            .unwrap_or("VmHWM: ?")
            .to_owned();
        println!(
            "run {run}: start-up until /healthz answers {:>6.0} ms   {rss}   {hwm}",
            startup.as_secs_f64() * 1000.0
        );
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = std::env::temp_dir().join(format!("quartier-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mode = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    runtime.block_on(async {
        if mode == "scale" {
            scale(&dir).await;
        } else {
            let s = Arc::new(setup(&dir).await);
            latency(&s).await;
            side_by_side(s).await;
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}
