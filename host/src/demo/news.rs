//! The demo village's newsboard: its managers' categories, the fire brigade as an official
//! account with an urgent notice, and posts by members — written through the newsboard's own
//! pages (real plugin calls with the plugin's checks), so the demo shows what people can do.

use super::acting::Stage;
use crate::db::{Db, now_ms};
use crate::plugins::Plugins;

/// Berlin wall-clock time `hours` from now, as the post form takes it.
fn berlin_input(hours: i64) -> String {
    let at = crate::berlin::from_millis(now_ms() + hours * 3_600_000).expect("a valid time");
    format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// Writes the demo posts in Ransbach once, if the newsboard is on there and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let Some(stage) = Stage::open(plugins, db, "ransbach", "newsboard").await? else {
        return Ok(());
    };
    let manager = stage.person("manager@demo.example").await?;
    let moderator = stage.person("moderator@demo.example").await?;
    let member = stage.person("member@demo.example").await?;
    let brigade = stage.person("feuerwehr@demo.example").await?;
    let steps = [
        (
            &manager,
            "/manage",
            vec![
                (
                    "categories",
                    "Rathaus\nVereine\nVeranstaltungen\nBaustellen".into(),
                ),
                ("who_may_post", "members".into()),
            ],
        ),
        (
            &manager,
            "/manage/officials",
            vec![
                ("change", "add".into()),
                ("account", brigade.0.id.to_string()),
            ],
        ),
        (
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
        ),
        (
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
        ),
        (
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
        ),
        (
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
        ),
        (
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
        ),
    ];
    for (who, path, form) in &steps {
        stage.post(who, path, form).await?;
    }
    Ok(())
}
