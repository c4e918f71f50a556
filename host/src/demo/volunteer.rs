//! The demo village's volunteer calls: the sports club's festival with four shifts, ladders
//! and cakes to bring, a cake stand that is already full (the next helper lands on the
//! waiting list), and a members-only spring clean-up — all made through the module's pages.

use time::{Date, Duration, Weekday};

use super::acting::{Actor, Stage, next};
use crate::db::Db;
use crate::plugins::Plugins;

/// A shift's fields for `date`.
fn shift(date: Date, start: &str, end: &str, label: &str, max: u32) -> Vec<(&'static str, String)> {
    vec![
        ("date", date.to_string()),
        ("start", start.into()),
        ("end", end.into()),
        ("label", label.into()),
        ("max", max.to_string()),
    ]
}

/// The id after `#{kind}-` in a redirect to a call's page, e.g. `/calls/7#shift-9` → `9`.
fn id_in(location: &str, kind: &str) -> anyhow::Result<String> {
    location
        .split_once(&format!("#{kind}-"))
        .map(|(_, id)| id.to_owned())
        .ok_or_else(|| anyhow::anyhow!("no {kind} id in {location}"))
}

/// The call's page in a redirect to it, e.g. `/calls/7#shift-9` → `/calls/7`.
fn call_of(location: &str) -> &str {
    location.split('#').next().unwrap_or(location)
}

/// Posts a call with its first shift and returns where the module sent the organiser.
async fn call(
    stage: &Stage<'_>,
    who: &Actor,
    fields: &[(&'static str, &str)],
    first_shift: Vec<(&'static str, String)>,
) -> anyhow::Result<String> {
    let mut form: Vec<(&str, String)> = vec![
        ("visibility", "public".into()),
        ("remind_hours", "24".into()),
        ("cutoff_hours", "24".into()),
    ];
    form.retain(|(k, _)| !fields.iter().any(|(name, _)| name == k));
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    form.extend(first_shift);
    stage.post(who, "/new", &form).await
}

/// Writes the demo calls in Ransbach once, if the module is on there and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let Some(stage) = Stage::open(plugins, db, "ransbach", "volunteer").await? else {
        return Ok(());
    };
    let manager = stage.person("manager@demo.example").await?;
    let moderator = stage.person("moderator@demo.example").await?;
    let member = stage.person("member@demo.example").await?;
    let fire_brigade = stage.person("feuerwehr@demo.example").await?;

    // The sports club's summer festival, posted by its chair (the village's manager).
    let festival_day = next(Weekday::Saturday, 12);
    let posted = call(
        &stage,
        &manager,
        &[
            ("title", "Helfer:innen für das Sommerfest"),
            (
                "description",
                "Am Sportplatz feiern wir unser **Sommerfest** mit Spielen für Kinder, \
                 Kuchenbuffet und Grillstand. Dafür brauchen wir helfende Hände – schon eine \
                 Schicht hilft sehr!\n\nGetränke und Essen für alle Helfer:innen gibt es gratis.",
            ),
            ("on_behalf", "TSV Ransbach 1899 e. V."),
            ("place", "Sportplatz am Schulweg"),
        ],
        shift(festival_day, "09:00", "11:00", "Aufbau: Bänke und Zelte", 4),
    )
    .await?;
    let (festival, setting_up) = (call_of(&posted), id_in(&posted, "shift")?);
    let cake_stand = stage
        .post(
            &manager,
            &format!("{festival}/shifts/new"),
            &shift(festival_day, "14:00", "16:00", "Kuchenstand 14–16 Uhr", 2),
        )
        .await?;
    for (start, end, label, max) in [
        ("16:00", "18:00", "Kuchenstand 16–18 Uhr", 2),
        ("18:00", "20:00", "Abbau", 4),
    ] {
        stage
            .post(
                &manager,
                &format!("{festival}/shifts/new"),
                &shift(festival_day, start, end, label, max),
            )
            .await?;
    }
    let mut items = Vec::new();
    for (label, wanted, extra) in [("Leitern", "2", false), ("Kuchen", "10", true)] {
        let mut item = vec![("label", label.to_owned()), ("wanted", wanted.to_owned())];
        if extra {
            item.push(("extra_welcome", "on".into()));
        }
        let added = stage
            .post(&manager, &format!("{festival}/items/new"), &item)
            .await?;
        items.push(id_in(&added, "item")?);
    }
    let (cake_stand, ladders, cakes) = (id_in(&cake_stand, "shift")?, &items[0], &items[1]);
    // The cake stand from 14 h fills up; Mia helps setting up and brings a ladder.
    for who in [&moderator, &fire_brigade] {
        stage
            .post(who, &format!("/shifts/{cake_stand}/signup"), &[])
            .await?;
    }
    stage
        .post(
            &member,
            &format!("/shifts/{setting_up}/signup"),
            &[("comment", "Ich bringe einen Akkuschrauber mit.".into())],
        )
        .await?;
    stage
        .post(
            &member,
            &format!("/items/{ladders}/pledge"),
            &[("quantity", "1".into())],
        )
        .await?;
    stage
        .post(
            &moderator,
            &format!("/items/{cakes}/pledge"),
            &[("quantity", "3".into()), ("comment", "Käsekuchen".into())],
        )
        .await?;

    // A members-only clean-up of the playground, posted by a member.
    let clean_up = festival_day - Duration::days(6);
    call(
        &stage,
        &member,
        &[
            ("title", "Frühjahrsputz am Spielplatz"),
            (
                "description",
                "Wir streichen die Bänke und harken den Sand. Handschuhe und Farbe sind da.",
            ),
            ("place", "Spielplatz Lindenstraße"),
            ("visibility", "members"),
        ],
        shift(clean_up, "10:00", "13:00", "Streichen und Harken", 6),
    )
    .await?;
    Ok(())
}
