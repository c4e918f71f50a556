//! Where mails go: an SMTP server (STARTTLS, TLS from the start, or plain for a local relay)
//! or, when none is configured, one `.eml` file per mail in a directory, so a demo or a
//! developer can read every mail that would have been sent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::settings::{MailSettings, SmtpSecurity};

/// Why a mail was not delivered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// Worth retrying: the server is down, busy, or answered with a 4xx code.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Retrying will not help: the server refused the mail or recipient (5xx).
    #[error("permanent failure: {0}")]
    Permanent(String),
}

/// The configured transport.
pub enum Transport {
    Smtp {
        client: AsyncSmtpTransport<Tokio1Executor>,
        /// `host:port (security)` for operators; never the password.
        description: String,
    },
    Files(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Transport {
    /// Builds the transport from the settings; no SMTP host means files under the data dir.
    pub fn from_settings(settings: &MailSettings, data_dir: &Path) -> anyhow::Result<Self> {
        if settings.smtp_host.trim().is_empty() {
            return Ok(Transport::Files(settings.effective_file_dir(data_dir)));
        }
        let host = settings.smtp_host.trim();
        let mut builder = match settings.smtp_security {
            SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        }
        .port(settings.effective_port())
        .timeout(Some(Duration::from_secs(settings.timeout_seconds.max(1))));
        if !settings.smtp_username.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.smtp_username.clone(),
                settings.smtp_password.clone(),
            ));
        }
        let security = match settings.smtp_security {
            SmtpSecurity::Starttls => "STARTTLS",
            SmtpSecurity::Tls => "TLS",
            SmtpSecurity::None => "unencrypted",
        };
        Ok(Transport::Smtp {
            client: builder.build(),
            description: format!("{host}:{} ({security})", settings.effective_port()),
        })
    }

    pub fn is_smtp(&self) -> bool {
        matches!(self, Transport::Smtp { .. })
    }

    /// What operators are shown.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp { description, .. } => format!("SMTP {description}"),
            Transport::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Delivers one mail; `id` names the file of the file transport.
    pub async fn send(&self, id: i64, message: &Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp { client, .. } => match client.send(message.clone()).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Temporary(e.to_string())),
            },
            Transport::Files(dir) => {
                let dir = dir.clone();
                let bytes = message.formatted();
                let written = tokio::task::spawn_blocking(move || write_file(&dir, id, &bytes))
                    .await
                    .map_err(|e| SendError::Temporary(e.to_string()))?;
                let path = written.map_err(|e| SendError::Temporary(e.to_string()))?;
                tracing::info!(
                    outbox.id = id,
                    path = %path.display(),
                    "mail written to a file (no SMTP server configured)"
                );
                Ok(())
            }
        }
    }
}

/// Writes `<dir>/<id>.eml` whole or not at all.
fn write_file(dir: &Path, id: i64, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{id:08}.eml"));
    let partial = dir.join(format!(".{id:08}.eml.partial"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}
