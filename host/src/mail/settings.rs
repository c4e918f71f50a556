//! The `[mail]` section of the configuration: the SMTP server, the sender, retries and the
//! time of the daily digest. With no SMTP host, mails are written to files (the demo).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required), usually port 587.
    Starttls,
    /// TLS from the first byte ("SMTPS"), usually port 465.
    Tls,
    /// No encryption: only for a relay on the same machine or in tests.
    None,
}

/// Mail delivery settings; every field has a default.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// Whether this process delivers mail. Several processes may; each entry still goes out
    /// once. Turn it off for processes that should only serve pages.
    pub deliver: bool,
    /// The SMTP server's host name. Empty: no SMTP, mails go to files under `file_dir`.
    pub smtp_host: String,
    /// 0 means the usual port for `smtp_security` (587, 465 or 25).
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    /// Login for the SMTP server; empty means none.
    pub smtp_username: String,
    pub smtp_password: String,
    /// The sender, e.g. `Quartier Ransbach <quartier@ransbach.example>`.
    pub from: String,
    /// Where mails are written when no SMTP server is set; empty means `<data_dir>/outgoing-mail`.
    pub file_dir: PathBuf,
    /// Attempts before a mail is given up as dead (temporary failures only; a permanent
    /// refusal such as "no such mailbox" is dead at once).
    pub max_attempts: u32,
    /// The first retry waits this long (milliseconds); each further one twice as long, at
    /// most six hours. With the defaults, ten attempts span about eight and a half hours.
    pub retry_base_ms: u64,
    /// How often the worker looks for due mails, in milliseconds (mails queued by this
    /// process go out at once; this catches those of other processes and retries).
    pub poll_ms: u64,
    /// How often the worker checks whether a digest is due, in milliseconds.
    pub digest_check_ms: u64,
    /// The hour (Berlin time, 0–23) the daily digest is sent.
    pub digest_hour: u8,
    /// How long one SMTP delivery may take, in seconds.
    pub timeout_seconds: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            deliver: true,
            smtp_host: String::new(),
            smtp_port: 0,
            smtp_security: SmtpSecurity::Starttls,
            smtp_username: String::new(),
            smtp_password: String::new(),
            from: "Quartier <quartier@localhost>".into(),
            file_dir: PathBuf::new(),
            max_attempts: 10,
            retry_base_ms: 60_000,
            poll_ms: 5_000,
            digest_check_ms: 60_000,
            digest_hour: 7,
            timeout_seconds: 30,
        }
    }
}

impl MailSettings {
    /// The port to connect to.
    pub fn effective_port(&self) -> u16 {
        match (self.smtp_port, self.smtp_security) {
            (0, SmtpSecurity::Starttls) => 587,
            (0, SmtpSecurity::Tls) => 465,
            (0, SmtpSecurity::None) => 25,
            (port, _) => port,
        }
    }

    /// The directory of the file transport.
    pub fn effective_file_dir(&self, data_dir: &Path) -> PathBuf {
        if self.file_dir.as_os_str().is_empty() {
            data_dir.join("outgoing-mail")
        } else {
            self.file_dir.clone()
        }
    }

    /// Milliseconds to wait before attempt `attempts + 1`, after `attempts` failed ones.
    pub fn backoff_ms(&self, attempts: u32) -> i64 {
        const SIX_HOURS_MS: u64 = 6 * 3600 * 1000;
        let base = self.retry_base_ms;
        let factor = 1u64 << attempts.saturating_sub(1).min(20);
        i64::try_from(base.saturating_mul(factor).min(SIX_HOURS_MS)).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_six_hours() {
        let settings = MailSettings::default();
        assert_eq!(settings.backoff_ms(1), 60_000);
        assert_eq!(settings.backoff_ms(2), 120_000);
        assert_eq!(settings.backoff_ms(3), 240_000);
        assert_eq!(settings.backoff_ms(30), 6 * 3600 * 1000);
    }

    #[test]
    fn ports_follow_the_security() {
        let mut settings = MailSettings::default();
        assert_eq!(settings.effective_port(), 587);
        settings.smtp_security = SmtpSecurity::Tls;
        assert_eq!(settings.effective_port(), 465);
        settings.smtp_port = 2525;
        assert_eq!(settings.effective_port(), 2525);
    }
}
