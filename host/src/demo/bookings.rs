//! The demo village's room bookings: the barbecue hut (with approval), the hall of the
//! community centre (a choir's weekly series) and the meeting room in the town hall
//! (confirmed at once), with requests waiting for the manager and approved bookings in the
//! calendar — all made through the bookings module's own pages.

use time::{Date, Duration, Weekday};

use super::acting::{Stage, next};
use crate::db::Db;
use crate::plugins::Plugins;

/// The resource form with the demo's choices; `fields` overrides or adds fields.
fn resource(fields: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("requesters", "members".into()),
        ("acceptance", "approval".into()),
        ("granularity", "60".into()),
        ("opens", "08:00".into()),
        ("closes", "22:00".into()),
        ("max_hours", "12".into()),
        ("horizon_days", "365".into()),
        ("active", "on".into()),
    ];
    form.extend((1..=7).map(|d| ("weekday", d.to_string())));
    form.retain(|(k, _)| !fields.iter().any(|(name, _)| name == k));
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    form
}

/// A request form for `date` from `start` to `end` (on `end_date` when given), one date.
fn request(
    date: Date,
    start: &str,
    end_date: Option<Date>,
    end: &str,
    purpose: &str,
    attendees: u32,
) -> Vec<(&'static str, String)> {
    vec![
        ("date", date.to_string()),
        ("start", start.into()),
        (
            "end_date",
            end_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("end", end.into()),
        ("purpose", purpose.into()),
        ("attendees", attendees.to_string()),
        ("weeks", "1".into()),
    ]
}

/// Writes the demo bookings in Ransbach once, if the module is on there and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let Some(stage) = Stage::open(plugins, db, "ransbach", "bookings").await? else {
        return Ok(());
    };
    let manager = stage.person("manager@demo.example").await?;
    let moderator = stage.person("moderator@demo.example").await?;
    let member = stage.person("member@demo.example").await?;

    let hut = stage
        .post(
            &manager,
            "/resources/new",
            &resource(&[
                ("name", "Grillhütte am Waldrand"),
                (
                    "description",
                    "Überdachte Hütte mit Grillstelle, Tischen und Bänken für 40 Personen. \
                     Strom und Wasser vorhanden.",
                ),
                ("capacity", "40"),
                ("location", "Am Waldrand, Zufahrt über den Schulweg"),
                (
                    "house_rules",
                    "- Ruhe ab 22 Uhr\n- Müll bitte mitnehmen\n- Schlüssel im Rathaus abholen \
                     und am nächsten Werktag zurückgeben",
                ),
                ("price_note", "50 € pro Tag, Vereine aus dem Ort 25 €"),
                (
                    "accessibility",
                    "Ebenerdiger Zugang über einen befestigten Weg; kein barrierefreies WC.",
                ),
                ("closes", "24:00"),
                ("max_hours", "48"),
            ]),
        )
        .await?;
    let hall = stage
        .post(
            &manager,
            "/resources/new",
            &resource(&[
                ("name", "Bürgerhaus, großer Saal"),
                (
                    "description",
                    "Saal mit Bühne, Küche und Beamer. Für Vereine, Feiern und Versammlungen.",
                ),
                ("capacity", "120"),
                ("location", "Bahnhofstraße 12"),
                ("requesters", "accounts"),
                ("granularity", "30"),
                ("opens", "07:00"),
                ("closes", "23:00"),
                (
                    "price_note",
                    "Vereine aus dem Ort frei, sonst nach Gebührenordnung",
                ),
                (
                    "accessibility",
                    "Stufenloser Eingang, Aufzug zur Bühne, barrierefreies WC, Induktionsschleife.",
                ),
            ]),
        )
        .await?;
    stage
        .post(
            &manager,
            "/resources/new",
            &resource(&[
                ("name", "Besprechungsraum im Rathaus"),
                ("capacity", "12"),
                ("location", "Rathaus, 1. Stock, Zimmer 104"),
                ("acceptance", "auto"),
                ("weekday", "1"),
                ("weekday", "2"),
                ("weekday", "3"),
                ("weekday", "4"),
                ("weekday", "5"),
                ("opens", "09:00"),
                ("closes", "20:00"),
                ("max_hours", "4"),
            ]),
        )
        .await?;

    // The hut: a birthday waiting for the manager, the nursery's summer party approved and
    // public, and a weekend over night.
    let saturday = next(Weekday::Saturday, 10);
    stage
        .post(
            &member,
            &format!("{hut}/request"),
            &request(saturday, "12:00", None, "22:00", "Geburtstagsfeier", 25),
        )
        .await?;
    let party = stage
        .post(
            &moderator,
            &format!("{hut}/request"),
            &[
                request(
                    saturday + Duration::days(7),
                    "11:00",
                    None,
                    "18:00",
                    "Sommerfest der Kita Regenbogen",
                    40,
                ),
                vec![("public_event", "on".into())],
            ]
            .concat(),
        )
        .await?;
    stage
        .post(&manager, &format!("{party}/approve"), &[])
        .await?;
    stage
        .post(
            &member,
            &format!("{hut}/request"),
            &request(
                saturday + Duration::days(14),
                "14:00",
                Some(saturday + Duration::days(15)),
                "12:00",
                "Zeltlager der Jugendfeuerwehr",
                30,
            ),
        )
        .await?;

    // The hall: the choir rehearses every Tuesday, approved as a series.
    let tuesday = next(Weekday::Tuesday, 3);
    let series = stage
        .post(
            &moderator,
            &format!("{hall}/request"),
            &[
                request(
                    tuesday,
                    "18:00",
                    None,
                    "20:00",
                    "Chorprobe Gesangverein",
                    35,
                )
                .into_iter()
                .filter(|(k, _)| *k != "weeks")
                .collect(),
                vec![("weeks", "8".into()), ("confirm", "on".into())],
            ]
            .concat(),
        )
        .await?;
    stage
        .post(
            &manager,
            &format!("{series}/decide"),
            &[("all", "on".into())],
        )
        .await?;
    Ok(())
}
