//! `quartier demo`: a living site at once — a village, a sports club, a neighbourhood
//! initiative and an English-speaking network, with an account for every role.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use crate::accounts::{self, password::Hasher};
use crate::communities::roles::Role;
use crate::communities::{self, CommunityFields, JoinPolicy, Slug, joining, members};
use crate::config::Settings;
use crate::db::Db;
use crate::instance::{self, InstanceSettings};
use crate::lang::Lang;
use crate::plugins::{Plugins, registry};
use crate::startup::Application;
use crate::validation::Email;

mod acting;
mod bookings;
mod consulting;
mod lostfound;
mod moderation;
mod news;
mod volunteer;

/// The password of every demo account.
pub const PASSWORD: &str = "quartier-demo";

/// A demo account: email, display name, what it shows.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "operator@demo.example",
        name: "Olga Betreiberin",
        role: "operator (instance)",
    },
    DemoAccount {
        email: "manager@demo.example",
        name: "Maria Verwalterin",
        role: "manager of ransbach and tsv-ransbach",
    },
    DemoAccount {
        email: "moderator@demo.example",
        name: "Moritz Moderator",
        role: "moderator of ransbach",
    },
    DemoAccount {
        email: "member@demo.example",
        name: "Mia Mitglied",
        role: "member of ransbach and tsv-ransbach",
    },
    DemoAccount {
        email: "feuerwehr@demo.example",
        name: "Freiwillige Feuerwehr Ransbach",
        role: "official account in ransbach (news)",
    },
    DemoAccount {
        email: "neighbour@demo.example",
        name: "Nils Nachbar",
        role: "member of nordstadt only",
    },
    DemoAccount {
        email: "baecker@demo.example",
        name: "Bäckerei Huber",
        role: "member of ransbach (one of three who report an insulting entry)",
    },
    DemoAccount {
        email: "krawall@demo.example",
        name: "Kai Krawall",
        role: "member of ransbach whose insulting entry waits in the moderation queue",
    },
    DemoAccount {
        email: "cafe@demo.example",
        name: "Nachbarschaftscafé Kiezkaffee",
        role: "member of stadtteilnetz who asked about photos of guests",
    },
    DemoAccount {
        email: "datenschutz@demo.example",
        name: "Lena Berger",
        role: "consultant (Datenschutz) in stadtteilnetz who took the café's question",
    },
    DemoAccount {
        email: "scout@demo.example",
        name: "Samira Okafor",
        role: "consultant (Datenschutz, Fundraising) in stadtteilnetz",
    },
    DemoAccount {
        email: "newcomer@demo.example",
        name: "Jonas Neu",
        role: "waiting for approval in ransbach",
    },
];

struct DemoCommunity {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    language: Lang,
    public_area: bool,
    join_policy: JoinPolicy,
    /// (account email, role)
    people: &'static [(&'static str, Role)],
}

const COMMUNITIES: &[DemoCommunity] = &[
    DemoCommunity {
        slug: "ransbach",
        name: "Ransbach-Baumbach",
        description: "Der digitale Treffpunkt unserer Stadt: **Neuigkeiten aus dem Rathaus**, \
                      Fundsachen, Helferaufrufe und die Grillhütte am Waldrand.\n\n\
                      Wer hier wohnt oder arbeitet, ist herzlich willkommen. Die Moderation \
                      schaltet neue Mitglieder in der Regel innerhalb eines Tages frei.",
        language: Lang::De,
        public_area: true,
        join_policy: JoinPolicy::Approval,
        people: &[
            ("manager@demo.example", Role::Manager),
            ("moderator@demo.example", Role::Moderator),
            ("member@demo.example", Role::Member),
            ("feuerwehr@demo.example", Role::Member),
            ("baecker@demo.example", Role::Member),
            ("krawall@demo.example", Role::Member),
        ],
    },
    DemoCommunity {
        slug: "tsv-ransbach",
        name: "TSV Ransbach 1899 e. V.",
        description: "Fußball, Turnen, Tischtennis und Lauftreff. Trainingszeiten, \
                      Hallenbelegung und Helferlisten fürs Sommerfest.",
        language: Lang::De,
        public_area: true,
        join_policy: JoinPolicy::Open,
        people: &[
            ("manager@demo.example", Role::Manager),
            ("member@demo.example", Role::Member),
        ],
    },
    DemoCommunity {
        slug: "nordstadt",
        name: "Nachbarschaftsinitiative Nordstadt",
        description: "Wir leihen uns Leitern, gießen Blumen im Urlaub und feiern einmal im Jahr \
                      ein Straßenfest. Mitglied wird man über eine Einladung aus der Nachbarschaft.",
        language: Lang::De,
        public_area: false,
        join_policy: JoinPolicy::Invitation,
        people: &[("neighbour@demo.example", Role::Manager)],
    },
    DemoCommunity {
        slug: consulting::NETWORK,
        name: "Stadtteilvernetzung Ost",
        description: "Das Netzwerk der Initiativen, Vereine und Treffpunkte im Stadtteil: Wir \
                      teilen Wissen, beraten einander kollegial und sammeln Antworten im \
                      **Werkzeugkoffer**. Fragen zu Datenschutz, Fundraising oder Social Media? \
                      Unsere Beraterinnen und Berater helfen – vertraulich.",
        language: Lang::De,
        public_area: true,
        join_policy: JoinPolicy::Approval,
        people: &[
            ("manager@demo.example", Role::Manager),
            ("cafe@demo.example", Role::Member),
            ("datenschutz@demo.example", Role::Member),
            ("scout@demo.example", Role::Member),
            ("member@demo.example", Role::Member),
        ],
    },
    DemoCommunity {
        slug: "riverside",
        name: "Riverside Neighbours",
        description: "An English-speaking network of neighbours and newcomers: \
                      language cafés, help with paperwork, and a monthly walk along the river.",
        language: Lang::En,
        public_area: true,
        join_policy: JoinPolicy::Open,
        people: &[("operator@demo.example", Role::Manager)],
    },
];

/// Seeds the demo data unless it is there already. Safe to call on every start.
pub async fn seed(db: &Db, hasher: Hasher) -> anyhow::Result<()> {
    let pool = db.pool();
    if communities::find_by_slug(pool, "ransbach").await?.is_some() {
        return Ok(());
    }
    instance::save(
        pool,
        &InstanceSettings {
            name: "Quartier Demo".into(),
            tagline:
                "Gemeinsam vor Ort – Nachbarschaften, Vereine und Gemeinden auf einer Plattform."
                    .into(),
            registration_open: true,
        },
    )
    .await?;
    let hash = hasher.hash(PASSWORD.to_owned()).await?;
    let mut ids = std::collections::HashMap::new();
    for demo in ACCOUNTS {
        let email = Email::parse(demo.email).map_err(|e| anyhow::anyhow!(e))?;
        let mut conn = pool.acquire().await?;
        let account = accounts::create(&mut conn, &email, demo.name, &hash, None).await?;
        ids.insert(demo.email, account.id);
    }
    accounts::set_operator(pool, ids["operator@demo.example"], true).await?;
    for demo in COMMUNITIES {
        let slug = Slug::parse(demo.slug).map_err(|e| anyhow::anyhow!(e))?;
        let fields = CommunityFields {
            name: demo.name.into(),
            description: demo.description.into(),
            language: demo.language,
            public_area: demo.public_area,
            join_policy: demo.join_policy,
        };
        let community = communities::create_with_manager(pool, &slug, &fields, None, None, None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut conn = pool.acquire().await?;
        for (email, role) in demo.people {
            members::add(&mut conn, community.id, ids[email], *role).await?;
        }
    }
    let ransbach = communities::find_by_slug(pool, "ransbach")
        .await?
        .context("seeded")?;
    joining::request(
        pool,
        ransbach.id,
        ids["newcomer@demo.example"],
        "Hallo! Ich bin im Sommer in die Bahnhofstraße gezogen.",
    )
    .await?;
    Ok(())
}

/// The bundled modules the demo installs (file in the plugin build directory) and the
/// communities where it switches each on (first start only). Test guests are not listed.
const MODULES: &[(&str, &[&str])] = &[
    (
        "newsboard.wasm",
        &[
            "ransbach",
            "tsv-ransbach",
            "nordstadt",
            consulting::NETWORK,
            "riverside",
        ],
    ),
    ("hello_plugin.wasm", &["ransbach", "riverside"]),
    ("bookings.wasm", &["ransbach", "tsv-ransbach", "riverside"]),
    ("volunteer.wasm", &["ransbach", "tsv-ransbach", "riverside"]),
    ("lostfound.wasm", &["ransbach", "riverside"]),
    ("consulting.wasm", &[consulting::NETWORK]),
];

/// Installs the bundled modules found in `dir` and, the first time, enables them in the demo
/// communities and writes the village's news.
pub async fn install_modules(
    settings: &Settings,
    db: &Db,
    dir: &Path,
) -> anyhow::Result<Vec<String>> {
    let plugins = Plugins::new(
        settings.effective_plugin_cache_dir(),
        settings.plugin_limits,
        Arc::new(crate::i18n::Catalogue::load()),
    )?;
    let mut installed = vec![];
    for (file_name, communities) in MODULES {
        let file = dir.join(file_name);
        let Ok(wasm) = std::fs::read(&file) else {
            continue;
        };
        let manifest = match plugins.install(db, &wasm).await {
            Ok(manifest) => manifest,
            Err(e) => {
                tracing::warn!(file = %file.display(), error = %e, "demo: skipping a plugin that does not install");
                continue;
            }
        };
        for slug in *communities {
            if let Some(community) = communities::find_by_slug(db.pool(), slug).await? {
                registry::enable_if_new(db.pool(), community.id, &manifest).await?;
            }
        }
        installed.push(format!("{} {}", manifest.id, manifest.version));
    }
    plugins.sync(db).await?;
    news::seed(&plugins, db).await?;
    bookings::seed(&plugins, db).await?;
    volunteer::seed(&plugins, db).await?;
    lostfound::seed(&plugins, db).await?;
    consulting::seed(&plugins, db).await?;
    Ok(installed)
}

/// Runs the demo server on SQLite in the data directory and prints how to use it.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let hasher = Hasher::new(settings.password_hash_memory_kib);
    let db = Db::connect_and_migrate(
        &settings.effective_database_url(),
        settings.database_max_connections,
    )
    .await?;
    seed(&db, hasher).await?;
    let plugin_dir = std::env::var_os("QUARTIER_DEMO_PLUGINS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("plugins/target/wasm32-wasip2/release"));
    let modules = install_modules(&settings, &db, &plugin_dir).await?;
    let app = Application::build_with_db(settings.clone(), db).await?;
    println!();
    println!("  Quartier demo is running: {}", app.base_url());
    println!("  Data: {}", settings.effective_database_url());
    if modules.is_empty() {
        println!(
            "  Modules: none found in {} (build them with `cargo xtask plugins`)",
            plugin_dir.display()
        );
    } else {
        println!("  Modules: {}", modules.join(", "));
    }
    println!();
    println!("  Demo accounts (password for all: {PASSWORD}):");
    for account in ACCOUNTS {
        println!(
            "    {:<26} {:<31} {}",
            account.email, account.name, account.role
        );
    }
    println!();
    println!("  Try it: register a new account, ask to join Ransbach-Baumbach, then log in as");
    println!("  manager@demo.example and accept the request under Mitglieder / Members.");
    println!("  Stop with Ctrl-C.");
    println!();
    app.run_until_stopped().await?;
    Ok(())
}
