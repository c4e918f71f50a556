//! A newcomer registers and asks to join an approval community; its manager accepts them and
//! switches on the newsboard, which the new member then finds in the community's navigation.

use super::{log_in, speaking};
use crate::browser::walk;
use crate::support::{Cast, RANSBACH_NAME, plugin_files};

#[tokio::test]
async fn register_join_approve_and_switch_on_a_module() {
    walk("joining", async |trip| {
        let files = plugin_files();
        let cast = Cast::with_modules(&[&files.newsboard], &[], |_| {}).await;
        speaking(trip, &cast.app).await;
        let url = &cast.app.local_url;

        let mut lena = trip.user("newcomer", url).await;
        lena.open("/").await;
        lena.use_own_language().await;
        lena.follow(RANSBACH_NAME).await;
        lena.within(trip.t("Mitmachen", "Take part"))
            .follow(trip.t("Registrieren", "Register"))
            .await;
        lena.fill(
            trip.t("E-Mail-Adresse", "Email address"),
            "lena@example.org",
        )
        .await;
        lena.fill(trip.t("Anzeigename", "Display name"), "Lena Neu")
            .await;
        lena.fill(trip.t("Passwort", "Password"), crate::support::PASSWORD)
            .await;
        lena.fill(
            trip.t("Passwort wiederholen", "Repeat password"),
            crate::support::PASSWORD,
        )
        .await;
        lena.press(trip.t("Konto anlegen", "Create account")).await;
        lena.fill(
            trip.t("Nachricht an die Verwaltung", "Message to the managers"),
            "Ich wohne seit Mai in der Lindenstraße.",
        )
        .await;
        lena.press(trip.t("Anfrage senden", "Send request")).await;
        lena.sees(trip.t(
            "Ihre Anfrage liegt der Verwaltung vor.",
            "Your request is with the managers.",
        ))
        .await;

        let mut maria = trip.user("manager", url).await;
        log_in(&mut maria, &cast.manager.email).await;
        maria.open("/c/ransbach").await;
        maria.follow(trip.t("Mitglieder", "Members")).await;
        maria.sees("Ich wohne seit Mai in der Lindenstraße.").await;
        maria
            .press(trip.t("Annehmen Lena Neu", "Accept Lena Neu"))
            .await;
        maria
            .sees(trip.t(
                "Die Anfrage ist angenommen.",
                "The request has been accepted.",
            ))
            .await;
        maria.follow(trip.t("Einstellungen", "Settings")).await;
        maria
            .press(trip.t("Einschalten Neuigkeiten", "Switch on News"))
            .await;

        lena.open("/c/ransbach").await;
        lena.follow(trip.t("Neuigkeiten", "News")).await;
        lena.screenshot("news-empty").await;
        lena.leave().await;
        maria.leave().await;
    })
    .await;
}
