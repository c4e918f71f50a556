//! A member reports a bunch of keys they found, with a question only the owner can answer;
//! the owner, another member, finds the entry and claims it with the answer and a message;
//! the finder reads the claim in the conversation and confirms that the keys are theirs.

use super::{log_in, speaking};
use crate::browser::walk;
use crate::support::{Cast, RANSBACH_NAME, days_from_today, iso, plugin_files};

const TITLE: &str = "Schlüsselbund mit grünem Anhänger";
const ANSWER: &str = "Oma-7391 steht auf dem Anhänger";
const MESSAGE: &str = "Das sind meine Schlüssel! Ich hole sie gern heute Abend ab.";

#[tokio::test]
async fn report_an_entry_found_and_claim_it() {
    walk("lost_and_found", async |trip| {
        let cast = Cast::with_modules(&[&plugin_files().lostfound], &["lostfound"], |_| {}).await;
        speaking(trip, &cast.app).await;
        let url = &cast.app.local_url;
        let module = trip.t("Gesucht – Gefunden", "Lost & found");

        // The finder (Mia) reports the keys, without a photo.
        let mut mia = trip.user("finder", url).await;
        log_in(&mut mia, &cast.member.email).await;
        mia.open("/").await;
        mia.follow(RANSBACH_NAME).await;
        mia.follow(module).await;
        mia.follow(trip.t("Ich habe etwas gefunden", "I found something"))
            .await;
        mia.choose(
            trip.t("Was ist es?", "What is it?"),
            trip.t("Schlüssel", "Key"),
        )
        .await;
        mia.fill(trip.t("Kurze Beschreibung", "Short description"), TITLE)
            .await;
        mia.fill(
            trip.t("Mehr Details", "More details"),
            "Lag auf der Bank vor der Kirche, drei Schlüssel am Ring.",
        )
        .await;
        mia.fill(
            trip.t("Wann hast du es gefunden?", "When did you find it?"),
            &iso(days_from_today(-1)),
        )
        .await;
        mia.fill(
            trip.t("Wo ungefähr?", "Where, roughly?"),
            "Bank vor der Kirche",
        )
        .await;
        mia.tick(trip.t(
            "Nur Mitglieder der Gemeinschaft",
            "Only members of the community",
        ))
        .await;
        mia.fill(
            trip.t(
                "Frage an die Person, der es gehört",
                "Question for the owner",
            ),
            "Was steht auf dem Anhänger?",
        )
        .await;
        mia.fill(
            trip.t("Geheimes Merkmal", "Secret detail"),
            "Auf dem Anhänger steht Oma-7391",
        )
        .await;
        mia.press(trip.t("Eintragen", "Post")).await;
        mia.sees(trip.t("Dein Eintrag ist online.", "Your entry is online."))
            .await;
        mia.sees(TITLE).await;

        // The owner (Tilo) finds it in the list and claims it.
        let mut tilo = trip.user("owner", url).await;
        log_in(&mut tilo, &cast.target.email).await;
        tilo.open("/").await;
        tilo.follow(RANSBACH_NAME).await;
        tilo.follow(module).await;
        tilo.follow(TITLE).await;
        tilo.misses("Oma-7391").await;
        tilo.follow(trip.t("Das gehört mir", "This is mine")).await;
        tilo.fill("Was steht auf dem Anhänger?", ANSWER).await;
        tilo.fill(trip.t("Deine Nachricht", "Your message"), MESSAGE)
            .await;
        tilo.press(trip.t("Senden", "Send")).await;
        tilo.sees(trip.t("Deine Nachricht ist verschickt.", "Your message is sent."))
            .await;
        tilo.sees(MESSAGE).await;

        // The finder sees the claim with the answer and confirms it.
        mia.open("/").await;
        mia.follow(RANSBACH_NAME).await;
        mia.follow(trip.t("Meine Einträge", "My entries")).await;
        mia.within(trip.t("mit Tilo Target", "with Tilo Target"))
            .follow(TITLE)
            .await;
        mia.sees(ANSWER).await;
        mia.sees(MESSAGE).await;
        mia.sees("Auf dem Anhänger steht Oma-7391").await;
        mia.press(trip.t("Ja, es gehört ihr oder ihm", "Yes, it is theirs"))
            .await;
        mia.sees(trip.t(
            "Du hast bestätigt, dass es ihr oder ihm gehört.",
            "You confirmed it is theirs.",
        ))
        .await;
        mia.screenshot("lost-and-found-claim").await;
        mia.leave().await;
        tilo.leave().await;
    })
    .await;
}
