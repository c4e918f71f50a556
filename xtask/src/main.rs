//! Developer commands that need more than one cargo invocation:
//!
//! - `cargo xtask plugins` — install the `wasm32-wasip2` target if missing and build the plugin
//!   workspace (bundled modules, the example and the test guests).
//! - `cargo xtask demo [ARGS]` — build the plugins, then `quartier demo [ARGS]`, which installs
//!   and enables them in the demo communities.
//! - `cargo xtask test [ARGS]` — build the plugins, make sure the mail tests' SMTP server
//!   (Python's `aiosmtpd`) is installed, run the unit tests of the SDK and the bundled modules
//!   natively, then `cargo test --workspace [ARGS]`.

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
        "test" => build_plugins().and_then(|()| {
            install_smtp_server()?;
            test_plugin_units()?;
            let mut cmd = cargo();
            cmd.args(["test", "--workspace"]).args(&rest);
            run(cmd)
        }),
        _ => {
            eprintln!("usage: cargo xtask <plugins | demo [ARGS] | test [ARGS]>");
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
