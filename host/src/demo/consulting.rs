//! The demo network of initiatives' peer consulting: the suggested topics, two consultants
//! for data protection, and a neighbourhood café that asks about photos of its guests — the
//! question reaches both consultants, one takes it, they talk it through in the private
//! thread, the case is closed as helpful, and the manager publishes the consultant's
//! anonymised summary in the knowledge base. All through the module's own pages.

use anyhow::Context as _;

use super::acting::{Actor, Stage};
use crate::db::Db;
use crate::plugins::Plugins;

/// The community of the demo network.
pub const NETWORK: &str = "stadtteilnetz";

/// The id in a redirect to `/cases/{id}` (with an optional `#anchor`).
fn case_id(location: &str) -> anyhow::Result<String> {
    location
        .strip_prefix("/cases/")
        .and_then(|rest| rest.split(['#', '/']).next())
        .map(str::to_owned)
        .with_context(|| format!("a redirect to a case, not {location}"))
}

/// The id of the topic with this name.
async fn topic(stage: &Stage<'_>, name: &str) -> anyhow::Result<String> {
    stage
        .records("topics")
        .await?
        .into_iter()
        .find(|(_, data)| data["name"] == name)
        .map(|(id, _)| id.to_string())
        .with_context(|| format!("the demo topic {name}"))
}

/// Appoints a demo person as consultant for these topics.
async fn appoint(
    stage: &Stage<'_>,
    manager: &Actor,
    who: &Actor,
    topics: &[&str],
) -> anyhow::Result<()> {
    let mut form = vec![("person", who.0.id.to_string())];
    for name in topics {
        form.push(("topics", topic(stage, name).await?));
    }
    stage.post(manager, "/consultants", &form).await.map(drop)
}

/// Writes the demo consultations once, if the module is on in the network and still empty.
pub async fn seed(plugins: &Plugins, db: &Db) -> anyhow::Result<()> {
    let Some(stage) = Stage::open(plugins, db, NETWORK, "consulting").await? else {
        return Ok(());
    };
    let manager = stage.person("manager@demo.example").await?;
    let lena = stage.person("datenschutz@demo.example").await?;
    let samira = stage.person("scout@demo.example").await?;
    let cafe = stage.person("cafe@demo.example").await?;

    stage
        .post(&manager, "/topics", &[("suggested", "yes".into())])
        .await?;
    appoint(&stage, &manager, &lena, &["Datenschutz", "Social Media"]).await?;
    appoint(&stage, &manager, &samira, &["Datenschutz", "Fundraising"]).await?;

    let asked = stage
        .post(
            &cafe,
            "/ask",
            &[
                ("topic", topic(&stage, "Datenschutz").await?),
                (
                    "title",
                    "Dürfen wir Fotos von unseren Gästen zeigen?".into(),
                ),
                (
                    "description",
                    "Bei unserem Sonntagsfrühstück entstehen schöne Fotos. Wir würden sie \
                     gern auf Instagram und auf einem Aushang im Café zeigen. Auf manchen \
                     Bildern sind Kinder. Was müssen wir beachten?"
                        .into(),
                ),
                ("on_behalf", "Nachbarschaftscafé Kiezkaffee".into()),
                ("urgency", "normal".into()),
                ("share", "on".into()),
            ],
        )
        .await?;
    let case = case_id(&asked)?;
    stage
        .post(&lena, &format!("/cases/{case}/take"), &[])
        .await?;
    let thread = [
        (
            &lena,
            "Hallo! Kurz gesagt: Für Fotos, auf denen einzelne Gäste erkennbar sind, braucht \
             ihr deren Einwilligung – bei Kindern die der Eltern. Fragt ihr bisher schon nach?",
        ),
        (
            &cafe,
            "Bisher nicht ausdrücklich. Meistens fotografieren wir einfach den Raum. Reicht \
             ein Schild an der Tür?",
        ),
        (
            &lena,
            "Ein Schild reicht für Übersichtsaufnahmen, auf denen niemand im Mittelpunkt \
             steht. Für Porträts und alles mit Kindern nehmt einen kurzen Einwilligungszettel. \
             Ich schicke euch eine Vorlage aus dem Netzwerk; Bilder ohne Einwilligung bitte \
             nicht auf Instagram.",
        ),
        (
            &cafe,
            "Danke, das ist machbar. Wir drucken den Zettel und hängen das Schild auf.",
        ),
    ];
    for (who, text) in thread {
        stage
            .post(
                who,
                &format!("/cases/{case}/messages"),
                &[("text", text.into())],
            )
            .await?;
    }
    stage
        .post(
            &lena,
            &format!("/cases/{case}/close"),
            &[(
                "outcome",
                "Schild für Übersichtsaufnahmen, Einwilligungszettel für Porträts und Kinder."
                    .into(),
            )],
        )
        .await?;
    stage
        .post(
            &cafe,
            &format!("/cases/{case}/rate"),
            &[("rating", "helpful".into())],
        )
        .await?;
    let datenschutz = topic(&stage, "Datenschutz").await?;
    let summary = [
        ("topic", datenschutz.clone()),
        ("title", "Fotos von Gästen bei Veranstaltungen".into()),
        (
            "text",
            "**Die Frage:** Eine Initiative möchte Fotos von ihren Veranstaltungen in sozialen \
             Netzwerken und auf Aushängen zeigen.\n\n\
             **Was wir geraten haben:**\n\n\
             - Übersichtsaufnahmen, auf denen niemand im Mittelpunkt steht: ein gut sichtbarer \
             Hinweis am Eingang genügt.\n\
             - Porträts und erkennbare Einzelpersonen: vorher schriftlich einwilligen lassen.\n\
             - Kinder: nur mit der Einwilligung der Eltern.\n\
             - Wer widerspricht, wird nicht gezeigt; Bilder auf Wunsch wieder löschen.\n\n\
             Eine Vorlage für den Einwilligungszettel gibt es bei der Beratung."
                .into(),
        ),
        ("anonymised", "on".into()),
    ];
    stage
        .post(&lena, &format!("/cases/{case}/summary"), &summary)
        .await?;
    let (review, _) = stage
        .records("summaries")
        .await?
        .into_iter()
        .next()
        .context("the demo summary")?;
    let mut publish: Vec<(&str, String)> = summary[..3].to_vec();
    publish.push(("visibility", "public".into()));
    stage
        .post(&manager, &format!("/reviews/{review}/publish"), &publish)
        .await?;
    Ok(())
}
