//! A member asks for the barbecue hut on a Saturday, typing the date and times; the manager
//! approves the request from the queue, and the member finds it approved among their bookings,
//! in the hut's month calendar (as a public event, with its purpose) and in its week.

use time::Date;

use super::{log_in, speaking};
use crate::bookings::create_hut;
use crate::browser::{Trip, walk};
use crate::support::{Cast, RANSBACH_NAME, a_saturday, iso, plugin_files, today};

const PURPOSE: &str = "Grillfest der Lindenstraße";

/// A day as the pages show it: "Sa, 05.12.2026" or "Sat 5 Dec 2026".
fn shown_day(trip: &Trip<'_>, date: Date) -> String {
    const DAYS_DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = usize::from(date.weekday().number_days_from_monday());
    let month = u8::from(date.month());
    if trip.variant.lang == "en" {
        format!(
            "{} {} {} {}",
            DAYS_EN[weekday],
            date.day(),
            MONTHS_EN[usize::from(month) - 1],
            date.year()
        )
    } else {
        format!(
            "{}, {:02}.{month:02}.{}",
            DAYS_DE[weekday],
            date.day(),
            date.year()
        )
    }
}

#[tokio::test]
async fn request_and_approve_a_hut_booking() {
    walk("booking", async |trip| {
        let cast = Cast::with_modules(&[&plugin_files().bookings], &["bookings"], |_| {}).await;
        speaking(trip, &cast.app).await;
        // The manager keeps the hut, which needs approval (precondition, through its form).
        create_hut(&cast.manager.browser, "approval").await;
        let url = &cast.app.local_url;
        let date = a_saturday();
        let day = shown_day(trip, date);
        let when = format!("{day}, 16:00–22:00");

        let mut mia = trip.user("member", url).await;
        log_in(&mut mia, &cast.member.email).await;
        mia.open("/").await;
        mia.follow(RANSBACH_NAME).await;
        mia.follow(trip.t("Raumbuchung", "Room bookings")).await;
        mia.follow("Grillhütte").await;
        mia.follow(trip.t("Anfrage stellen", "Make a request"))
            .await;
        mia.fill(trip.t("Datum", "Date"), &iso(date)).await;
        mia.fill(trip.t("Beginn", "Start"), "16:00").await;
        mia.fill(trip.t("Ende", "End"), "22:00").await;
        mia.fill(trip.t("Zweck", "Purpose"), PURPOSE).await;
        mia.fill(trip.t("Erwartete Personen", "Expected people"), "25")
            .await;
        mia.tick(trip.t("Öffentliche Veranstaltung", "Public event"))
            .await;
        mia.press(trip.t("Anfrage senden", "Send request")).await;
        mia.sees(trip.t("Ihre Anfrage ist eingegangen.", "Your request has arrived."))
            .await;
        mia.sees(trip.t("angefragt", "requested")).await;

        let mut maria = trip.user("manager", url).await;
        log_in(&mut maria, &cast.manager.email).await;
        maria.open("/").await;
        maria.follow(RANSBACH_NAME).await;
        maria.follow(trip.t("Raumbuchung", "Room bookings")).await;
        maria
            .follow(trip.t("Offene Anfragen (1)", "Pending requests (1)"))
            .await;
        maria.within(PURPOSE).follow(&when).await;
        maria.sees("Mia Mitglied").await;
        maria.follow(trip.t("Bestätigen", "Approve")).await;
        maria
            .sees(trip.t(
                "Keine andere Anfrage überschneidet sich mit dieser.",
                "No other request overlaps this one.",
            ))
            .await;
        maria.press(trip.t("Bestätigen", "Approve")).await;
        maria
            .sees(trip.t("Die Buchung ist bestätigt.", "The booking is approved."))
            .await;
        maria
            .follow(trip.t("Offene Anfragen", "Pending requests"))
            .await;
        maria
            .sees(trip.t("Keine offenen Anfragen.", "No pending requests."))
            .await;
        maria.leave().await;

        mia.open("/").await;
        mia.follow(RANSBACH_NAME).await;
        mia.follow(trip.t("Meine Buchungen", "My bookings")).await;
        mia.within(PURPOSE)
            .sees(trip.t("bestätigt", "approved"))
            .await;
        mia.follow(&format!("Grillhütte: {when}")).await;
        mia.follow("Grillhütte").await;
        mia.follow(trip.t("Monat", "Month")).await;
        if (date.year(), date.month()) != (today().year(), today().month()) {
            mia.follow(trip.t("Nächster Monat", "Next month")).await;
        }
        // The day is partly taken; the approved public event shows with its purpose (on a
        // phone only the state fits into the month's grid).
        let partly = trip.t("teilweise belegt", "partly taken");
        mia.sees(partly).await;
        let shown = if trip.variant.phone { partly } else { PURPOSE };
        mia.sees(shown).await;
        mia.scroll_to(shown).await;
        mia.screenshot("booking-calendar").await;
        mia.follow(&format!("{}, {day}", date.day())).await;
        mia.within(PURPOSE)
            .sees(trip.t("bestätigt", "approved"))
            .await;
        mia.leave().await;
    })
    .await;
}
