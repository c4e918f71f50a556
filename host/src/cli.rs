//! The command line: `serve`, `migrate`, `operator create`, `community create`, `demo`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};

use crate::accounts::password::Hasher;
use crate::communities::{self, CommunityFields, JoinPolicy, Slug};
use crate::config::Settings;
use crate::db::Db;
use crate::lang::Lang;
use crate::plugins::Plugins;
use crate::startup::Application;
use crate::validation::{Email, NewPassword};
use crate::{accounts, demo};

/// Quartier — a platform for local community networks.
#[derive(Debug, Parser)]
#[command(name = "quartier", version, about)]
pub struct Cli {
    /// A TOML settings file (default: ./quartier.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// `sqlite://…` or `postgres://…` (default: SQLite in the data directory).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Directory for the SQLite database and other files.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080.
        #[arg(long, value_name = "ADDR")]
        bind: Option<SocketAddr>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage instance operators.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
    /// Manage communities.
    Community {
        #[command(subcommand)]
        command: CommunityCommand,
    },
    /// Install, list and remove plugins.
    Plugin {
        #[command(subcommand)]
        command: PluginCommand,
    },
    /// Run a demo instance with sample communities and accounts for every role.
    Demo {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
    },
}

#[derive(Debug, Subcommand)]
enum OperatorCommand {
    /// Make an account an operator, creating it if needed (a password is generated and printed
    /// unless given).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Operator")]
        name: String,
        /// At least 10 characters; generated when absent.
        #[arg(long, env = "QUARTIER_OPERATOR_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// Install (or upgrade) a plugin from a `.wasm` component. Nothing is granted until a
    /// community's managers enable it.
    Install {
        /// The plugin file.
        file: PathBuf,
    },
    /// List installed plugins.
    List,
    /// Remove a plugin from every community; its records stay in the database.
    Remove {
        /// The plugin's id.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum CommunityCommand {
    /// Create a community.
    Create(CommunityCreate),
}

#[derive(Debug, Args)]
struct CommunityCreate {
    /// Lowercase letters, digits and hyphens, 3–40 characters.
    #[arg(long)]
    slug: String,
    #[arg(long)]
    name: String,
    /// Markdown.
    #[arg(long, default_value = "")]
    description: String,
    /// `de` or `en`.
    #[arg(long, default_value = "de")]
    language: String,
    /// `open`, `approval` or `invitation`.
    #[arg(long, default_value = "approval")]
    join_policy: String,
    /// Hide the public area from visitors.
    #[arg(long)]
    private: bool,
    /// Email of an existing account to make the first manager.
    #[arg(long)]
    manager: Option<String>,
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load(cli.config.as_deref()).context("reading settings")?;
    if let Some(url) = cli.database_url {
        settings.database_url = url;
    }
    if let Some(dir) = cli.data_dir {
        settings.data_dir = dir;
    }
    init_logging(&settings);
    match cli.command {
        Command::Serve { bind } => {
            if let Some(bind) = bind {
                settings.bind = bind;
            }
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?;
        }
        Command::Migrate => {
            open_db(&settings).await?;
            println!("Database is up to date.");
        }
        Command::Operator {
            command:
                OperatorCommand::Create {
                    email,
                    name,
                    password,
                },
        } => create_operator(&settings, &email, &name, password).await?,
        Command::Community {
            command: CommunityCommand::Create(args),
        } => create_community(&settings, args).await?,
        Command::Plugin { command } => run_plugin_command(&settings, command).await?,
        Command::Demo { bind } => {
            settings.bind = bind;
            if cli_left_data_dir_default(&settings) {
                settings.data_dir = PathBuf::from("quartier-demo");
            }
            demo::run(settings).await?;
        }
    }
    Ok(())
}

fn cli_left_data_dir_default(settings: &Settings) -> bool {
    settings.database_url.is_empty() && settings.data_dir == Settings::default().data_dir
}

async fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    Ok(Db::connect_and_migrate(
        &settings.effective_database_url(),
        settings.database_max_connections,
    )
    .await?)
}

async fn create_operator(
    settings: &Settings,
    email: &str,
    name: &str,
    password: Option<String>,
) -> anyhow::Result<()> {
    let db = open_db(settings).await?;
    let email = Email::parse(email)
        .map_err(|_| anyhow::anyhow!("'{email}' is not a valid email address"))?;
    if let Some(account) = accounts::find_by_email(db.pool(), &email).await? {
        accounts::set_operator(db.pool(), account.id, true).await?;
        println!("{} is now an operator.", email.as_str());
        return Ok(());
    }
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (crate::tokens::new_token()[..20].to_owned(), true),
    };
    let password = NewPassword::parse(&password).map_err(|_| {
        anyhow::anyhow!(
            "the password must have at least {} characters",
            NewPassword::MIN_CHARS
        )
    })?;
    let hash = Hasher::new(settings.password_hash_memory_kib)
        .hash(password.as_str().to_owned())
        .await?;
    let mut conn = db.pool().acquire().await?;
    let account = accounts::create(&mut conn, &email, name, &hash, None).await?;
    accounts::set_operator(db.pool(), account.id, true).await?;
    println!("Created operator {}.", email.as_str());
    if generated {
        println!(
            "Password: {}   (change it after logging in)",
            password.as_str()
        );
    }
    Ok(())
}

async fn create_community(settings: &Settings, args: CommunityCreate) -> anyhow::Result<()> {
    let db = open_db(settings).await?;
    let slug = Slug::parse(&args.slug).map_err(|_| {
        anyhow::anyhow!("the slug must be 3–40 lowercase letters, digits or inner hyphens")
    })?;
    let Some(language) = Lang::parse(&args.language) else {
        bail!("the language must be 'de' or 'en'");
    };
    let join_policy = JoinPolicy::parse(&args.join_policy)
        .map_err(|_| anyhow::anyhow!("the join policy must be open, approval or invitation"))?;
    let manager = match &args.manager {
        Some(email) => {
            let email = Email::parse(email)
                .map_err(|_| anyhow::anyhow!("'{email}' is not a valid email address"))?;
            let account = accounts::find_by_email(db.pool(), &email)
                .await?
                .with_context(|| format!("no account with the email {}", email.as_str()))?;
            Some(account.id)
        }
        None => None,
    };
    let fields = CommunityFields {
        name: args.name.trim().to_owned(),
        description: args.description,
        language,
        public_area: !args.private,
        join_policy,
    };
    if fields.name.is_empty() {
        bail!("the name must not be empty");
    }
    let community =
        communities::create_with_manager(db.pool(), &slug, &fields, None, manager, None)
            .await
            .map_err(|e| match e {
                communities::SaveCommunityError::SlugTaken => {
                    anyhow::anyhow!("the slug '{}' is taken", slug.as_str())
                }
                other => anyhow::anyhow!(other),
            })?;
    println!(
        "Created community {} at /c/{}.",
        community.name, community.slug
    );
    Ok(())
}

async fn run_plugin_command(settings: &Settings, command: PluginCommand) -> anyhow::Result<()> {
    let db = open_db(settings).await?;
    match command {
        PluginCommand::List => {
            let installed = Plugins::list(&db).await?;
            if installed.is_empty() {
                println!("No plugins installed.");
            }
            for p in installed {
                println!(
                    "{:<20} {:<10} /c/…/{:<16} enabled in {} communities",
                    p.id, p.version, p.mount, p.communities
                );
            }
        }
        PluginCommand::Install { file } => {
            let wasm =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let plugins = plugin_runtime(settings)?;
            let manifest = plugins.install(&db, &wasm).await?;
            println!(
                "Installed {} {} at /c/<community>/{}.",
                manifest.id, manifest.version, manifest.mount
            );
            if !manifest.capabilities.is_empty() {
                let caps: Vec<_> = manifest.capabilities.iter().map(|c| c.as_str()).collect();
                println!(
                    "It asks for: {} (granted when a community enables it).",
                    caps.join(", ")
                );
            }
        }
        PluginCommand::Remove { id } => {
            let plugins = plugin_runtime(settings)?;
            if plugins.remove(&db, &id).await? {
                println!("Removed {id}. Its records stay in the database.");
            } else {
                bail!("no plugin with the id '{id}' is installed");
            }
        }
    }
    Ok(())
}

fn plugin_runtime(settings: &Settings) -> anyhow::Result<Plugins> {
    Plugins::new(
        settings.effective_plugin_cache_dir(),
        settings.plugin_limits,
        std::sync::Arc::new(crate::i18n::Catalogue::load()),
    )
}

fn init_logging(settings: &Settings) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("QUARTIER_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if settings.log_format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
