//! The demo village's lost and found: a house key with a green tag found by the church (with
//! a photo and a secret only the owner knows), the owner's entry for the lost key (so the
//! module suggests the match), a missing cat marked urgent and a found children's bicycle —
//! all made through the module's pages — and an insulting entry that three residents report.

use image::{Rgb, RgbImage};
use time::Duration;

use super::acting::{Actor, Stage, today};
use crate::db::Db;
use crate::plugins::Plugins;

/// An entry's fields over the defaults (public, no photo).
fn entry(fields: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("visibility", "public".into()),
        ("description", String::new()),
    ];
    form.retain(|(k, _)| !fields.iter().any(|(name, _)| name == k));
    form.extend(fields.iter().cloned());
    form
}

/// Posts a new entry as `who`.
async fn post(
    stage: &Stage<'_>,
    who: &Actor,
    fields: &[(&'static str, String)],
) -> anyhow::Result<()> {
    stage.post(who, "/new", &entry(fields)).await.map(drop)
}

/// A date `days` ago in Berlin, as the form wants it.
fn days_ago(days: i64) -> String {
    (today() - Duration::days(days)).to_string()
}

/// Writes the demo entries in Ransbach once, if the module is on there and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let Some(stage) = Stage::open(plugins, db, "ransbach", "lostfound").await? else {
        return Ok(());
    };
    let owner = stage.person("member@demo.example").await?;
    let finder = stage.person("feuerwehr@demo.example").await?;
    let manager = stage.person("manager@demo.example").await?;

    // The owner lost the key on the way home from the market and posted it first.
    post(
        &stage,
        &owner,
        &[
            ("type", "lost".into()),
            ("kind", "key".into()),
            ("title", "Hausschlüssel mit grünem Anhänger verloren".into()),
            (
                "description",
                "Zwei Schlüssel an einem Ring mit grünem Anhänger. Vermutlich zwischen \
                     Marktplatz und Kirche verloren."
                    .into(),
            ),
            ("date", days_ago(3)),
            ("place", "Zwischen Marktplatz und Kirche".into()),
        ],
    )
    .await?;

    // The finder posts the key with a photo and a detail only the owner can know; the
    // module tells both that the entries might belong together.
    let photo = stage.upload_photo(&finder, key_photo()).await?;
    post(
        &stage,
        &finder,
        &[
            ("type", "found".into()),
            ("kind", "key".into()),
            ("title", "Schlüsselbund mit grünem Anhänger gefunden".into()),
            (
                "description",
                "Lag auf der Bank vor der Kirche. Abzuholen bei der Feuerwehr.".into(),
            ),
            ("date", days_ago(1)),
            ("place", "Bank vor der Kirche St. Martin".into()),
            ("question", "Was steht auf dem Anhänger?".into()),
            ("secret", "Auf dem Anhänger steht „Oma“.".into()),
            ("keep_photo", photo),
        ],
    )
    .await?;

    post(
        &stage,
        &manager,
        &[
            ("type", "lost".into()),
            ("kind", "pet".into()),
            ("title", "Kater Felix wird vermisst".into()),
            (
                "description",
                "Grau getigert, weiße Pfoten, sehr zutraulich. Er braucht täglich \
                     Medikamente – bitte melden!"
                    .into(),
            ),
            ("date", days_ago(0)),
            ("place", "Neubaugebiet Nord".into()),
            ("urgent", "on".into()),
        ],
    )
    .await?;

    post(
        &stage,
        &finder,
        &[
            ("type", "found".into()),
            ("kind", "bicycle".into()),
            ("title", "Blaues Kinderfahrrad gefunden".into()),
            ("description", "Mit Klingel und Korb, ohne Schloss.".into()),
            ("date", days_ago(2)),
            ("place", "Spielplatz am Weiher".into()),
        ],
    )
    .await?;

    // Someone uses the board to insult a neighbour; three residents report it, which hides
    // it until the moderator decides (demo/moderation.rs).
    let troll = stage.person("krawall@demo.example").await?;
    let location = stage
        .post(
            &troll,
            "/new",
            &entry(&[
                ("type", "found".into()),
                ("kind", "other".into()),
                (
                    "title",
                    "Gefunden: das Hirn vom Falschparker aus der Gartenstraße".into(),
                ),
                (
                    "description",
                    "Wer seinen roten Kombi jeden Tag so hinstellt, hat offensichtlich sein \
                     Hirn verloren. Abzuholen bei mir, du Vollpfosten."
                        .into(),
                ),
                ("date", days_ago(0)),
                ("place", "Parkplatz am Rathaus".into()),
            ]),
        )
        .await?;
    super::moderation::report_insult(&stage, &location).await
}

/// A photo of the found key: a key with a green tag on a wooden table, drawn here so the
/// demo needs no image files.
fn key_photo() -> Vec<u8> {
    let (width, height) = (960, 720);
    let inside = |x: u32, y: u32, (cx, cy, r): (i64, i64, i64)| {
        let (dx, dy) = (i64::from(x) - cx, i64::from(y) - cy);
        dx * dx + dy * dy <= r * r
    };
    let image = RgbImage::from_fn(width, height, |x, y| {
        let ring = inside(x, y, (330, 330, 95)) && !inside(x, y, (330, 330, 42));
        let shaft = (400..760).contains(&x) && (312..348).contains(&y);
        let teeth = [(640, 680), (700, 730)]
            .iter()
            .any(|(a, b)| (*a..*b).contains(&x) && (348..400).contains(&y));
        let string = (250..262).contains(&x) && (390..470).contains(&y);
        let tag = (170..350).contains(&x) && (470..580).contains(&y);
        if tag {
            Rgb([46, 139, 87])
        } else if ring || shaft || teeth {
            Rgb([178, 178, 170])
        } else if string {
            Rgb([90, 60, 40])
        } else {
            // Wood: warm brown with a little grain.
            let grain = ((y / 7 + x / 90) % 5) as u8 * 6;
            Rgb([150 + grain, 105 + grain / 2, 60])
        }
    });
    let mut jpeg = vec![];
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85);
    if image.write_with_encoder(encoder).is_err() {
        return vec![];
    }
    jpeg
}
