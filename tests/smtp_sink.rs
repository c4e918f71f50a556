//! A real SMTP server on loopback for the tests that send mail: `tests/smtp_sink.py` (Python's
//! aiosmtpd) started as a child process, storing every message it accepts as a JSON file in a
//! fresh temporary directory; it can be told to fail (451) or reject (550) and be stopped and
//! restarted on the same port.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

/// How long the sink may take to report its port before the test gives up.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long `restart` keeps trying when the old port is briefly unavailable.
const REBIND_TIMEOUT: Duration = Duration::from_secs(5);
/// The script's exit code when aiosmtpd is not installed.
const EXIT_NO_AIOSMTPD: i32 = 3;
/// The script's exit code when it cannot listen on the port it was given.
const EXIT_PORT_UNAVAILABLE: i32 = 4;

const INSTALL_HINT: &str =
    "run `python3 -m pip install aiosmtpd` (`cargo xtask test` does it for you)";

/// One message the sink accepted, as `tests/smtp_sink.py` stored it.
#[derive(Debug, Clone, Deserialize)]
pub struct ReceivedMail {
    /// The address in `MAIL FROM`.
    pub envelope_from: String,
    /// The addresses in `RCPT TO`, in order.
    pub envelope_to: Vec<String>,
    /// Lower-case header name → decoded value (the last one if a header occurs several times).
    pub headers: HashMap<String, String>,
    /// The decoded subject ("" if there is none).
    pub subject: String,
    /// The decoded text/plain body (line ends "\n"), if there is one.
    pub text: Option<String>,
    /// The decoded text/html body (line ends "\n"), if there is one.
    pub html: Option<String>,
    /// The message as it came over the wire.
    pub raw: String,
}

impl ReceivedMail {
    /// The decoded value of a header, whatever the case of `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// A running `tests/smtp_sink.py` on 127.0.0.1 with its own directory; killed (and the
/// directory removed) when dropped.
pub struct SmtpSink {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
}

/// Why one attempt to start the script failed.
struct SpawnFailure {
    message: String,
    /// Worth trying again (the port was taken), rather than a broken setup.
    retry: bool,
}

impl SmtpSink {
    /// Starts a sink on a free port with a fresh, empty directory. Blocks until the sink
    /// listens (well under a second normally; panics after 20 s).
    pub fn start() -> SmtpSink {
        let dir = fresh_dir();
        match spawn(&dir, 0) {
            Ok((child, port)) => SmtpSink {
                dir,
                port,
                child: Some(child),
            },
            Err(failure) => {
                let _ = std::fs::remove_dir_all(&dir);
                panic!("{}", failure.message)
            }
        }
    }

    /// The port the sink listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory the messages are stored in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("reading the SMTP sink's directory")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
                serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("parsing {}: {e}\n{text}", path.display()))
            })
            .collect()
    }

    /// Waits until at least `count` messages have arrived and returns all of them; panics
    /// (saying how many did arrive) after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            if Instant::now() >= deadline {
                let subjects: Vec<&str> = messages.iter().map(|m| m.subject.as_str()).collect();
                panic!(
                    "the SMTP sink received {} message(s) within {timeout:?}, expected {count}; \
                     subjects: {subjects:?}; delivery attempts: {:?}",
                    messages.len(),
                    self.attempts()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// One entry per DATA command the sink answered: "ok", "fail" or "reject".
    pub fn attempts(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("attempts.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// While on, every message is answered with "451 4.3.0 Try again later" (a transient
    /// error) and not stored.
    pub fn set_failing(&self, on: bool) {
        self.set_flag("fail", on);
    }

    /// While on, every message is answered with "550 5.1.1 Mailbox unavailable" (a permanent
    /// error) and not stored.
    pub fn set_rejecting(&self, on: bool) {
        self.set_flag("reject", on);
    }

    fn set_flag(&self, name: &str, on: bool) {
        let path = self.dir.join(name);
        if on {
            std::fs::write(&path, b"").expect("creating a flag file of the SMTP sink");
        } else if let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            panic!("removing {}: {e}", path.display());
        }
    }

    /// Stops the server (connections are refused afterwards); the messages stay.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and directory (stopping it first if it
    /// runs); new messages continue the numbering.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + REBIND_TIMEOUT;
        loop {
            match spawn(&self.dir, self.port) {
                Ok((child, port)) => {
                    assert_eq!(port, self.port, "the SMTP sink came back on another port");
                    self.child = Some(child);
                    return;
                }
                Err(failure) if failure.retry && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(failure) => panic!("restarting the SMTP sink: {}", failure.message),
            }
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A new, empty directory under the system's temporary directory.
fn fresh_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "quartier-smtp-sink-{}-{n}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}

/// Starts `tests/smtp_sink.py <dir> <port>` and waits for its `PORT n` line.
fn spawn(dir: &Path, port: u16) -> Result<(Child, u16), SpawnFailure> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/smtp_sink.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .arg(dir)
        .arg(port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SpawnFailure {
            message: format!(
                "cannot run python3 for the SMTP sink ({e}); the tests that send mail need \
                 Python 3 with aiosmtpd: {INSTALL_HINT}"
            ),
            retry: false,
        })?;

    // Both pipes are drained by threads, so the child never blocks on a full pipe and a
    // sink that never reports its port cannot hang the test past the timeout.
    let stderr_text = Arc::new(Mutex::new(String::new()));
    if let Some(mut stderr) = child.stderr.take() {
        let stderr_text = Arc::clone(&stderr_text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut text) = stderr_text.lock() {
                    text.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
    }
    let (sender, receiver) = mpsc::channel();
    let stdout = child.stdout.take().expect("the sink's stdout is piped");
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let _ = sender.send(lines.next());
        // Keep draining (the script prints nothing more, but never let it block).
        for _ in lines {}
    });

    let first_line = receiver.recv_timeout(STARTUP_TIMEOUT);
    let reported_port = match &first_line {
        Ok(Some(Ok(line))) => line
            .strip_prefix("PORT ")
            .and_then(|n| n.trim().parse::<u16>().ok()),
        _ => None,
    };
    if let Some(port) = reported_port {
        return Ok((child, port));
    }

    // It did not start: collect what it said and why it ended.
    let _ = child.kill();
    let status = child.wait().ok();
    // Give the stderr thread a moment to read the last words.
    std::thread::sleep(Duration::from_millis(100));
    let stderr = stderr_text.lock().map(|t| t.clone()).unwrap_or_default();
    let code = status.and_then(|s| s.code());
    let mut message = match &first_line {
        Err(_) => format!(
            "the SMTP sink ({}) did not report its port within {STARTUP_TIMEOUT:?}",
            script.display()
        ),
        Ok(Some(Ok(line))) => format!("the SMTP sink printed {line:?} instead of `PORT <n>`"),
        Ok(_) => format!("the SMTP sink exited (status {code:?}) without reporting its port"),
    };
    if !stderr.trim().is_empty() {
        message.push_str(&format!("; its stderr:\n{}", stderr.trim_end()));
    }
    if code == Some(EXIT_NO_AIOSMTPD) || stderr.contains("aiosmtpd") {
        message.push_str(&format!(
            "\nThe tests that send mail need aiosmtpd: {INSTALL_HINT}"
        ));
    }
    Err(SpawnFailure {
        message,
        // The port could not be bound (maybe not yet free after a stop).
        retry: code == Some(EXIT_PORT_UNAVAILABLE),
    })
}

#[tokio::test]
async fn the_sink_receives_fails_and_recovers() {
    use lettre::message::{Mailbox, MultiPart};
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

    let mut sink = SmtpSink::start();
    let transport = |port: u16| {
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(port)
            .timeout(Some(Duration::from_secs(10)))
            .build()
    };
    let from: Mailbox = "Quartier <noreply@quartier.test>".parse().unwrap();
    let to: Mailbox = "Jürgen Müller <juergen@example.org>".parse().unwrap();
    let mail = |subject: &str| {
        Message::builder()
            .from(from.clone())
            .to(to.clone())
            .subject(subject)
            .multipart(MultiPart::alternative_plain_html(
                "Schöne Grüße aus Ransbach-Baumbach!\nZweite Zeile.".to_owned(),
                "<p>Schöne Grüße aus <b>Ransbach-Baumbach</b>!</p>".to_owned(),
            ))
            .expect("a valid message")
    };

    // A German subject with umlauts and a multipart/alternative body arrive decoded.
    let subject = "Einladung: Straßenfest in Ransbach-Baumbach – Grüße & Tschüß";
    transport(sink.port())
        .send(mail(subject))
        .await
        .expect("sending to the sink");
    let messages = sink.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 1);
    let received = &messages[0];
    assert_eq!(received.subject, subject, "raw message:\n{}", received.raw);
    assert_eq!(received.header("SUBJECT"), Some(subject));
    assert_eq!(received.envelope_from, "noreply@quartier.test");
    assert_eq!(received.envelope_to, vec!["juergen@example.org".to_owned()]);
    assert_eq!(
        received.header("To"),
        Some("Jürgen Müller <juergen@example.org>")
    );
    assert_eq!(
        received.text.as_deref(),
        Some("Schöne Grüße aus Ransbach-Baumbach!\nZweite Zeile."),
        "raw message:\n{}",
        received.raw
    );
    assert_eq!(
        received.html.as_deref(),
        Some("<p>Schöne Grüße aus <b>Ransbach-Baumbach</b>!</p>"),
        "raw message:\n{}",
        received.raw
    );
    assert_eq!(sink.attempts(), ["ok"]);

    // Failing: a transient error, nothing stored, but the attempt is logged.
    sink.set_failing(true);
    let error = transport(sink.port())
        .send(mail("Zweiter Versuch"))
        .await
        .expect_err("the sink is failing");
    assert!(error.is_transient(), "expected a 4xx error, got {error:?}");
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(sink.attempts(), ["ok", "fail"]);

    // Rejecting: a permanent error.
    sink.set_failing(false);
    sink.set_rejecting(true);
    let error = transport(sink.port())
        .send(mail("Dritter Versuch"))
        .await
        .expect_err("the sink is rejecting");
    assert!(error.is_permanent(), "expected a 5xx error, got {error:?}");
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(sink.attempts(), ["ok", "fail", "reject"]);

    // Recovered.
    sink.set_rejecting(false);
    transport(sink.port())
        .send(mail("Vierter Versuch"))
        .await
        .expect("the sink works again");
    let messages = sink.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(messages[1].subject, "Vierter Versuch");

    // Stopped: the connection is refused.
    let port = sink.port();
    sink.stop();
    transport(port)
        .send(mail("Niemand da"))
        .await
        .expect_err("the sink is stopped");

    // Restarted on the same port and directory: the numbering continues.
    sink.restart();
    assert_eq!(sink.port(), port);
    transport(sink.port())
        .send(mail("Wieder da"))
        .await
        .expect("the restarted sink accepts mail");
    let messages = sink.wait_for(3, Duration::from_secs(10)).await;
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[2].subject, "Wieder da");
    assert!(sink.dir().join("000003.json").exists());
    assert_eq!(sink.attempts(), ["ok", "fail", "reject", "ok", "ok"]);

    let dir = sink.dir().to_owned();
    drop(sink);
    assert!(
        !dir.exists(),
        "the sink's directory is removed when it is dropped"
    );
}
