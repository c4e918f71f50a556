//! Email: mails queued in the outbox in the transaction of what caused them, how each person
//! wants each kind of notification, rendering in the recipient's language, the SMTP (or file)
//! transport, the delivery worker with retries, and the daily digest.
//!
//! - `settings`: the `[mail]` section of the configuration.
//! - `outbox`: the queue table: enqueue, claim, mark sent, retry, dead letters, statistics.
//! - `preferences`: instant mail, daily digest or in-app only, per person, community and kind.
//! - `compose`: subjects and plain-text + HTML bodies from the mail templates.
//! - `transport`: SMTP (STARTTLS, TLS or plain) or, with no SMTP configured, files.
//! - `unsubscribe`: signed one-click unsubscribe tokens (`List-Unsubscribe`).
//! - `digest`: one mail per person per day with what waited for it.
//! - `worker`: the background loop that delivers the outbox and sends the digests.

pub mod compose;
pub mod digest;
pub mod outbox;
pub mod preferences;
pub mod settings;
pub mod transport;
pub mod unsubscribe;
pub mod worker;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

pub use settings::MailSettings;

/// How a person receives one kind of notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// A mail at once.
    Instant,
    /// Collected into one mail a day.
    #[default]
    Digest,
    /// Only in the notification centre.
    App,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Instant, Delivery::Digest, Delivery::App];

    /// The value stored in the database and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Instant => "instant",
            Delivery::Digest => "digest",
            Delivery::App => "app",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == value)
    }
}

/// What the web layer and the worker share: settings, the transport, the templates, the
/// secret behind unsubscribe links, a wake-up for the worker and delivery counters.
#[derive(Debug)]
pub struct Mailer {
    pub settings: MailSettings,
    pub transport: transport::Transport,
    pub composer: compose::Composer,
    pub secret: unsubscribe::Secret,
    /// Rung when this process queued mail (shared with the plugin runtime), so it goes out
    /// without waiting for the next poll.
    pub wake: Arc<tokio::sync::Notify>,
    pub counters: Counters,
}

impl Mailer {
    /// Tells the worker that something was queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Mails this process delivered or failed to deliver since it started (for `/metrics`).
#[derive(Debug, Default)]
pub struct Counters {
    pub sent: AtomicU64,
    pub failed: AtomicU64,
    pub dead: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// Shared handle to the mailer.
pub type SharedMailer = Arc<Mailer>;
