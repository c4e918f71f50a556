//! Building and running the server; `main`, the demo and the tests all start it this way:
//! `Application::build(settings)` → `port()` → `run_until_stopped()`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::accounts::password::Hasher;
use crate::accounts::{sessions, throttle};
use crate::config::Settings;
use crate::db::Db;
use crate::i18n::Catalogue;
use crate::instance;
use crate::mail::Mailer;
use crate::mail::compose::Composer;
use crate::mail::transport::Transport;
use crate::mail::unsubscribe::Secret;
use crate::mail::worker::Worker;
use crate::plugins::Plugins;
use crate::web::observe::Metrics;
use crate::web::render::Templates;
use crate::web::{AppState, Shared, router};

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects to the database (migrating it), binds the listener and builds the routes.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = Db::connect_and_migrate(
            &settings.effective_database_url(),
            settings.database_max_connections,
        )
        .await
        .context("opening the database")?;
        Self::build_with_db(settings, db).await
    }

    /// Like [`Application::build`] with a database that is already open and migrated.
    pub async fn build_with_db(settings: Settings, db: Db) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("binding {}", settings.bind))?;
        let local = listener.local_addr()?;
        let base_url = if settings.public_url.is_empty() {
            format!("http://{local}")
        } else {
            settings.public_url.trim_end_matches('/').to_owned()
        };
        let catalogue = Arc::new(Catalogue::load());
        let templates = Templates::load(catalogue.clone())?;
        let hasher = Hasher::new(settings.password_hash_memory_kib);
        let dummy_hash = hasher.hash(crate::tokens::new_token()).await?;
        let instance = instance::Cached::new(instance::load(db.pool()).await?);
        let plugins = Arc::new(Plugins::new(
            settings.effective_plugin_cache_dir(),
            settings.plugin_limits,
            catalogue.clone(),
        )?);
        plugins.sync(&db).await?;
        let mail = Arc::new(Mailer {
            transport: Transport::from_settings(&settings.mail, &settings.data_dir)
                .context("setting up mail delivery")?,
            composer: Composer::load(catalogue.clone())?,
            secret: Secret::load_or_create(db.pool()).await?,
            settings: settings.mail.clone(),
            wake: plugins.mail_queued(),
            counters: Default::default(),
        });
        let state = AppState::new(Shared {
            db,
            settings,
            base_url,
            catalogue,
            templates,
            hasher,
            dummy_hash,
            metrics: Metrics::default(),
            instance,
            plugins,
            mail,
        });
        Ok(Self { listener, state })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The URL people reach this server at.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        spawn_housekeeping(self.state.clone());
        if self.state.settings.mail.deliver {
            Worker {
                db: self.state.db.clone(),
                mailer: self.state.mail.clone(),
                plugins: self.state.plugins.clone(),
                base_url: self.state.base_url.clone(),
            }
            .spawn();
        }
        crate::plugins::background::spawn_scheduler(
            self.state.plugins.clone(),
            self.state.db.clone(),
            self.state.base_url.clone(),
            Duration::from_millis(self.state.settings.job_check_ms.max(10)),
        );
        tracing::info!(url = %self.state.base_url, "Quartier is listening");
        let app = router::build(self.state);
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

/// Delivered mails stay visible to operators this long.
const OUTBOX_KEEP_DAYS: u32 = 30;

/// Uploads no plugin call kept are deleted after a day.
const PENDING_UPLOAD_KEEP_MS: i64 = 24 * 3600 * 1000;

/// Prunes expired sessions, old login failures, long-ended banners, notifications past
/// their retention, old delivered mails and forgotten uploads once an hour (the first time
/// at start-up).
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            let pool = state.db.pool();
            let retention = state.settings.notification_retention_days;
            match (
                sessions::prune_expired(pool).await,
                throttle::prune(pool).await,
                crate::plugins::banners::prune_ended(pool).await,
                crate::notifications::prune(pool, retention).await,
                crate::mail::outbox::prune(pool, OUTBOX_KEEP_DAYS).await,
                crate::blobs::store::prune_pending(pool, PENDING_UPLOAD_KEEP_MS).await,
            ) {
                (
                    Ok(sessions),
                    Ok(failures),
                    Ok(banners),
                    Ok(notifications),
                    Ok(mails),
                    Ok(uploads),
                ) => {
                    tracing::debug!(
                        sessions,
                        failures,
                        banners,
                        notifications,
                        mails,
                        uploads,
                        "housekeeping pruned expired rows"
                    )
                }
                (Err(e), ..)
                | (_, Err(e), ..)
                | (_, _, Err(e), ..)
                | (_, _, _, Err(e), ..)
                | (_, _, _, _, Err(e), _)
                | (.., Err(e)) => tracing::warn!(error = %e, "housekeeping failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
