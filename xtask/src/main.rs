//! Developer commands that need more than one cargo invocation:
//!
//! - `cargo xtask plugins` — install the `wasm32-wasip2` target if missing and build the plugin
//!   workspace (bundled modules, the example and the test guests).
//! - `cargo xtask demo [ARGS]` — build the plugins, then `quartier demo [ARGS]`, which installs
//!   and enables them in the demo communities.
//! - `cargo xtask browser-tools` — make sure the browser journeys have what they need:
//!   Chromium and ChromeDriver (Debian's packages), Java, and the npm packages of
//!   `tests/browser/package.json` (axe-core, the Nu HTML Checker) under `target/browser-tools`.
//! - `cargo xtask test [ARGS]` — build the plugins, make sure the mail tests' SMTP server
//!   (Python's `aiosmtpd`) and the browser tools are installed, run the unit tests of the SDK
//!   and the bundled modules natively, then `cargo test --workspace`; the browser journeys run
//!   last and one at a time, so Chromium does not compete with the timing-sensitive tests.
//!   With ARGS, `cargo test --workspace ARGS` instead (e.g. a filter).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "plugins" => build_plugins(),
        "demo" => build_plugins().and_then(|()| {
            let mut cmd = cargo();
            cmd.args(["run", "--package", "quartier", "--", "demo"])
                .args(&rest);
            cmd.env("QUARTIER_DEMO_PLUGINS", plugin_dir());
            run(cmd)
        }),
        "browser-tools" => install_browser_tools(),
        "test" => build_plugins().and_then(|()| {
            install_smtp_server()?;
            install_browser_tools()?;
            test_plugin_units()?;
            let mut cmd = cargo();
            cmd.args(["test", "--workspace"]);
            if !rest.is_empty() {
                cmd.args(&rest);
                return run(cmd);
            }
            cmd.args(["--", "--skip", "browser::"]);
            run(cmd)?;
            let mut browser = cargo();
            browser.args([
                "test",
                "--package",
                "quartier",
                "--test",
                "blackbox",
                "browser::",
                "--",
                "--test-threads=1",
            ]);
            run(browser)
        }),
        _ => {
            eprintln!("usage: cargo xtask <plugins | demo [ARGS] | browser-tools | test [ARGS]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// Where the built plugin components end up.
fn plugin_dir() -> PathBuf {
    root().join("plugins/target/wasm32-wasip2/release")
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(mut cmd: Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("could not run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

fn build_plugins() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-wasip2"))
        .unwrap_or(false);
    if !installed {
        let mut add = Command::new("rustup");
        add.args(["target", "add", "wasm32-wasip2"]);
        run(add)?;
    }
    let mut build = cargo();
    // The plugin workspace's own .cargo/config.toml selects wasm32-wasip2.
    build
        .current_dir(root().join("plugins"))
        .args(["build", "--release"]);
    run(build)
}

/// The mail tests talk to a real SMTP server on loopback: `tests/smtp_sink.py`, built on
/// Python's `aiosmtpd`. Installs it for the current user if it is missing.
fn install_smtp_server() -> Result<(), String> {
    let present = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .map_err(|e| format!("the mail tests need python3: {e}"))?
        .status
        .success();
    if present {
        return Ok(());
    }
    let mut pip = Command::new("python3");
    pip.args(["-m", "pip", "install", "--quiet", "aiosmtpd"]);
    run(pip)
}

/// The plugin crates' unit tests (pure logic: time, escaping, form checks) run natively: the
/// host-call bindings are only linked, never called.
fn test_plugin_units() -> Result<(), String> {
    let host = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("could not run rustc: {e}"))?;
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .ok_or("rustc -vV did not name the host target")?;
    let mut test = cargo();
    test.current_dir(root().join("plugins")).args([
        "test",
        "--lib",
        "--package",
        "quartier-plugin-sdk",
        "--package",
        "newsboard",
        "--package",
        "bookings",
        "--package",
        "volunteer",
        "--package",
        "lostfound",
        "--package",
        "consulting",
        "--target",
        &host,
    ]);
    run(test)
}

/// Chromium, ChromeDriver and Java from the system's packages (installed with apt-get when
/// running as root on Debian or Ubuntu), and axe-core and the Nu HTML Checker from the npm
/// registry, at the versions `tests/browser/package-lock.json` pins.
fn install_browser_tools() -> Result<(), String> {
    let missing: Vec<&str> = [
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
        ("java", "default-jre-headless"),
        ("npm", "npm"),
    ]
    .into_iter()
    .filter(|(program, _)| !on_path(program))
    .map(|(_, package)| package)
    .collect();
    if !missing.is_empty() {
        apt_install(&missing)?;
    }
    let tools = root().join("target/browser-tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
    let lock = root().join("tests/browser/package-lock.json");
    let wanted = std::fs::read(&lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    let installed = std::fs::read(tools.join("package-lock.json")).unwrap_or_default();
    if installed == wanted && tools.join("node_modules").exists() {
        return Ok(());
    }
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(root().join("tests/browser").join(file), tools.join(file))
            .map_err(|e| format!("copying {file}: {e}"))?;
    }
    // No install scripts: vnu-jar's only downloads a Java, and the machine's is used.
    let mut npm = Command::new("npm");
    npm.current_dir(&tools)
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
    run(npm)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root_user || !on_path("apt-get") {
        return Err(format!(
            "the browser tests need {}: install them (Debian: `sudo apt-get install {}`)",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    let install = || {
        let mut apt = Command::new("apt-get");
        apt.env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q"])
            .args(packages);
        run(apt)
    };
    install().or_else(|_| {
        let mut update = Command::new("apt-get");
        update.args(["update", "-q"]);
        run(update)?;
        install()
    })
}
