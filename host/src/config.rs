//! Typed settings: built-in defaults, then an optional TOML file, then `QUARTIER_*` variables
//! (`__` separates sections: `QUARTIER_MAIL__SMTP_HOST`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything the server needs to start. Nothing is required: the defaults run an embedded
/// SQLite database under `./quartier-data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests use it).
    pub bind: SocketAddr,
    /// `sqlite://…` or `postgres://…`; empty means SQLite under `data_dir`.
    pub database_url: String,
    /// Where the SQLite database (and later uploads and compiled plugins) live.
    pub data_dir: PathBuf,
    /// The address people use to reach the instance, e.g. `https://quartier.example.org`.
    /// Empty means "derive it from the bind address". An `https` URL makes cookies `Secure`.
    pub public_url: String,
    /// Largest accepted request body in bytes; larger bodies get a 413 page.
    pub max_body_bytes: usize,
    /// Largest plugin file an operator can upload in `/admin`, in bytes.
    pub max_plugin_bytes: usize,
    /// Largest photo (or other file) someone can upload to a module, in bytes.
    pub max_upload_bytes: usize,
    /// Most files one form may carry to a module.
    pub max_upload_files: usize,
    /// Trust `X-Forwarded-For` for the client address (only behind a reverse proxy).
    pub trust_proxy: bool,
    /// Log format: `text` for people, `json` for log collectors.
    pub log_format: String,
    /// argon2 memory cost in KiB. The default follows the OWASP recommendation.
    pub password_hash_memory_kib: u32,
    /// Maximum connections in the database pool.
    pub database_max_connections: u32,
    /// Where compiled plugin code is cached; empty means `<data_dir>/plugin-cache`.
    pub plugin_cache_dir: PathBuf,
    /// Limits of every plugin call.
    pub plugin_limits: crate::plugins::PluginLimits,
    /// How often the scheduler looks for due plugin jobs, in milliseconds.
    pub job_check_ms: u64,
    /// How long notifications are kept (read or not), in days.
    pub notification_retention_days: u32,
    /// Mail delivery: the SMTP server, sender, retries and the daily digest (`[mail]`).
    pub mail: crate::mail::MailSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".parse().expect("literal address"),
            database_url: String::new(),
            data_dir: PathBuf::from("quartier-data"),
            public_url: String::new(),
            max_body_bytes: 1024 * 1024,
            max_plugin_bytes: 32 * 1024 * 1024,
            max_upload_bytes: 10 * 1024 * 1024,
            max_upload_files: 6,
            trust_proxy: false,
            log_format: "text".into(),
            password_hash_memory_kib: 19 * 1024,
            database_max_connections: 10,
            plugin_cache_dir: PathBuf::new(),
            plugin_limits: crate::plugins::PluginLimits::default(),
            job_check_ms: 30_000,
            notification_retention_days: 180,
            mail: crate::mail::MailSettings::default(),
        }
    }
}

impl Settings {
    /// Loads defaults, then `file` (if given and present), then `QUARTIER_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            figment = figment.merge(Toml::file(file));
        } else if Path::new("quartier.toml").exists() {
            figment = figment.merge(Toml::file("quartier.toml"));
        }
        figment
            // `QUARTIER_MAIL__SMTP_PASSWORD` sets `mail.smtp_password`.
            .merge(Env::prefixed("QUARTIER_").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL to use, defaulting to a SQLite file in the data directory.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("quartier.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// The directory for compiled plugin code.
    pub fn effective_plugin_cache_dir(&self) -> PathBuf {
        if self.plugin_cache_dir.as_os_str().is_empty() {
            self.data_dir.join("plugin-cache")
        } else {
            self.plugin_cache_dir.clone()
        }
    }

    /// The largest multipart form a module accepts: every file at its limit, plus the
    /// ordinary body limit for the text fields.
    pub fn upload_request_limit(&self) -> usize {
        self.max_upload_bytes
            .saturating_mul(self.max_upload_files)
            .saturating_add(self.max_body_bytes)
    }

    /// The limits of one module form's uploads.
    pub fn upload_limits(&self) -> crate::blobs::uploads::UploadLimits {
        crate::blobs::uploads::UploadLimits {
            max_bytes: self.max_upload_bytes,
            max_files: self.max_upload_files,
        }
    }

    /// Whether cookies must carry the `Secure` attribute.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_configuration_loads() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/quartier.toml");
        let settings = Settings::load(Some(&example)).expect("the example is valid");
        assert_eq!(settings.mail.smtp_host, "smtp.example.org");
        assert_eq!(
            settings.mail.smtp_security,
            crate::mail::settings::SmtpSecurity::Starttls
        );
        assert_eq!(settings.notification_retention_days, 180);
    }
}
