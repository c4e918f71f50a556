//! The demo village's newsboard: its managers' categories, the fire brigade as an official
//! account with an urgent notice, and posts by members — written through the newsboard's own
//! pages (real plugin calls with the plugin's checks), so the demo shows what people can do.

use anyhow::Context as _;

use crate::accounts::{self, Account};
use crate::communities::roles::Role;
use crate::communities::{self, members};
use crate::db::{Db, now_ms};
use crate::lang::Lang;
use crate::plugins::Plugins;
use crate::plugins::bindings::v0_1::quartier::plugin::http;
use crate::plugins::call::{CallContext, Invocation, Outcome};
use crate::validation::Email;

/// Berlin wall-clock time `hours` from now, as the post form takes it.
fn berlin_input(hours: i64) -> String {
    let at = crate::berlin::from_millis(now_ms() + hours * 3_600_000).expect("a valid time");
    format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// Writes the demo posts in Ransbach once, if the newsboard is on there and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let pool = db.pool();
    let Some(ransbach) = communities::find_by_slug(pool, "ransbach").await? else {
        return Ok(());
    };
    let enabled = plugins.enabled_in(pool, ransbach.id).await?;
    let Some(module) = enabled.iter().find(|m| m.plugin.manifest.id == "newsboard") else {
        return Ok(());
    };
    let written: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM plugin_records WHERE community_id = $1 AND plugin_id = 'newsboard'",
    )
    .bind(ransbach.id)
    .fetch_one(pool)
    .await?;
    if written > 0 {
        return Ok(());
    }
    let person = |email: &'static str| async move {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!(e))?;
        let account = accounts::find_by_email(pool, &email)
            .await?
            .context("a demo account")?;
        let role = members::role_of(pool, ransbach.id, account.id)
            .await?
            .unwrap_or(Role::Visitor);
        anyhow::Ok((account, role))
    };
    let manager = person("manager@demo.example").await?;
    let moderator = person("moderator@demo.example").await?;
    let member = person("member@demo.example").await?;
    let brigade = person("feuerwehr@demo.example").await?;
    let post = |who: &(Account, Role), path: &str, form: Vec<(&str, String)>| {
        let ctx = CallContext::new("", &ransbach, module, Some((&who.0, who.1)), Lang::De);
        let request = http::Request {
            method: http::Method::Post,
            path: path.to_owned(),
            query: vec![],
            form: form.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        };
        plugins.call(db, &module.plugin, ctx, Invocation::Handle(request))
    };
    let steps = [
        post(
            &manager,
            "/manage",
            vec![
                (
                    "categories",
                    "Rathaus\nVereine\nVeranstaltungen\nBaustellen".into(),
                ),
                ("who_may_post", "members".into()),
            ],
        )
        .await,
        post(
            &manager,
            "/manage/officials",
            vec![
                ("change", "add".into()),
                ("account", brigade.0.id.to_string()),
            ],
        )
        .await,
        post(
            &moderator,
            "/new",
            vec![
                ("title", "Willkommen auf dem digitalen Dorfplatz!".into()),
                (
                    "body",
                    "Hier finden Sie **Neuigkeiten aus Rathaus und Vereinen**. Wer Mitglied ist, \
                     kann selbst schreiben.\n\nFragen? Die Moderation hilft gern."
                        .into(),
                ),
                ("category", "Rathaus".into()),
                ("visibility", "public".into()),
                ("pinned", "on".into()),
                ("action", "publish".into()),
            ],
        )
        .await,
        post(
            &member,
            "/new",
            vec![
                ("title", "Flohmarkt im Pfarrgarten am Samstag".into()),
                (
                    "body",
                    "Ab 10 Uhr, Kuchenspenden sind willkommen. Standgebühr: eine Spende für die \
                     Jugendfeuerwehr."
                        .into(),
                ),
                ("category", "Veranstaltungen".into()),
                ("visibility", "public".into()),
                ("action", "publish".into()),
            ],
        )
        .await,
        post(
            &member,
            "/new",
            vec![
                ("title", "Wer hat eine Leiter zu verleihen?".into()),
                (
                    "body",
                    "Für die Dachrinne, nur für einen Nachmittag. Nur für Mitglieder sichtbar."
                        .into(),
                ),
                ("visibility", "members".into()),
                ("action", "publish".into()),
            ],
        )
        .await,
        post(
            &brigade,
            "/new",
            vec![
                ("title", "Hydrantenspülung: Wasser kann trüb sein".into()),
                (
                    "body",
                    "Die Freiwillige Feuerwehr spült in der Bahnhof- und der Schulstraße die \
                     Hydranten. Das Wasser kann **kurzzeitig trüb** sein; es ist unbedenklich. \
                     Bitte lassen Sie es einige Minuten laufen."
                        .into(),
                ),
                ("category", "Baustellen".into()),
                ("visibility", "public".into()),
                ("urgent", "on".into()),
                ("urgent_until", berlin_input(72)),
                ("action", "publish".into()),
            ],
        )
        .await,
        post(
            &manager,
            "/new",
            vec![
                ("title", "Sitzung des Stadtrats".into()),
                (
                    "body",
                    "Die Tagesordnung erscheint eine Woche vorher hier.".into(),
                ),
                ("category", "Rathaus".into()),
                ("visibility", "public".into()),
                ("publish_at", berlin_input(48)),
                ("action", "publish".into()),
            ],
        )
        .await,
    ];
    for (i, step) in steps.into_iter().enumerate() {
        match step {
            Ok(Outcome::Response(http::Response::Redirect(_))) => {}
            Ok(_) => anyhow::bail!("demo news step {i} was not accepted by the newsboard"),
            Err(e) => anyhow::bail!("demo news step {i} failed: {e}"),
        }
    }
    Ok(())
}
