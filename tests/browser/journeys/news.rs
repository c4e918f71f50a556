//! A manager writes an urgent notice on the newsboard (the water is off tomorrow); its banner
//! appears on top of the community's pages, and a member who logs in sees it on the community
//! home and finds the post in the news.

use super::{log_in, speaking};
use crate::browser::walk;
use crate::support::{Cast, RANSBACH_NAME, plugin_files};

const TITLE: &str = "Wasser abgestellt in der Lindenstraße";

/// Berlin wall-clock time a day and two hours from now, as a datetime-local field holds it.
fn a_day_ahead() -> String {
    let millis = quartier::db::now_ms() + 26 * 60 * 60 * 1000;
    let t = quartier::berlin::from_millis(millis).expect("a representable time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

#[tokio::test]
async fn post_an_urgent_notice_and_see_its_banner() {
    walk("news", async |trip| {
        let files = plugin_files();
        let cast = Cast::with_modules(&[&files.newsboard], &["newsboard"], |_| {}).await;
        speaking(trip, &cast.app).await;
        let url = &cast.app.local_url;

        let mut maria = trip.user("manager", url).await;
        log_in(&mut maria, &cast.manager.email).await;
        maria.follow(RANSBACH_NAME).await;
        maria.follow(trip.t("Neuigkeiten", "News")).await;
        maria
            .follow(trip.t("Beitrag schreiben", "Write a post"))
            .await;
        maria.fill(trip.t("Überschrift", "Headline"), TITLE).await;
        maria
            .fill(
                "Text",
                "Wegen eines Rohrbruchs ist morgen von 8 bis 14 Uhr kein Wasser da.",
            )
            .await;
        maria
            .tick(trip.t("Als dringenden Hinweis zeigen", "Show as an urgent notice"))
            .await;
        maria
            .fill(
                trip.t("Gilt bis (deutsche Zeit)", "Valid until (German time)"),
                &a_day_ahead(),
            )
            .await;
        maria.press(trip.t("Veröffentlichen", "Publish")).await;
        maria
            .sees(trip.t("Der Beitrag ist veröffentlicht.", "The post is published."))
            .await;
        let banner = format!("{}: {TITLE}", trip.t("Dringend", "Urgent"));
        let until = trip.t("Gilt bis", "Valid until");
        maria.within(until).sees(&banner).await;

        let mut mia = trip.user("member", url).await;
        log_in(&mut mia, &cast.member.email).await;
        mia.follow(RANSBACH_NAME).await;
        mia.within(until).sees(&banner).await;
        mia.screenshot("community-home").await;
        mia.follow(trip.t("Neuigkeiten", "News")).await;
        mia.within(trip.t("Beiträge", "Posts")).sees(TITLE).await;
        mia.screenshot("news-list").await;
        mia.leave().await;
        maria.leave().await;
    })
    .await;
}
