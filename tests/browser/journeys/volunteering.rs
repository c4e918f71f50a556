//! A member offers to help at a volunteer call whose only place is taken already: she signs up
//! for the shift with a note, lands on its waiting list and is told so on the call's page.

use super::{log_in, speaking};
use crate::browser::walk;
use crate::support::{Cast, RANSBACH_NAME, a_saturday, iso, plugin_files};
use crate::volunteer::call_fields;

const VOLUNTEER: &str = "/c/ransbach/volunteer";
/// The call and shift of `call_fields`' defaults.
const CALL: &str = "Aufbau Dorffest";
const SHIFT: &str = "Bühnenaufbau";

/// The manager opens a call with one shift of one place, which another member takes: both
/// through the module's own forms.
async fn a_full_shift(cast: &Cast) {
    let date = iso(a_saturday());
    cast.manager
        .browser
        .post_form(
            &format!("{VOLUNTEER}/new"),
            &call_fields(&date, &[("max", "1")]),
        )
        .await
        .assert_status(303);
    let shift = cast.app.plugin_records("volunteer", "shifts").await[0].0;
    cast.target
        .browser
        .post_form(&format!("{VOLUNTEER}/shifts/{shift}/signup"), &[])
        .await
        .assert_status(303);
}

#[tokio::test]
async fn sign_up_for_a_full_shift_and_land_on_the_waiting_list() {
    walk("volunteering", async |trip| {
        let files = plugin_files();
        let cast = Cast::with_modules(&[&files.volunteer], &["volunteer"], |_| {}).await;
        speaking(trip, &cast.app).await;
        a_full_shift(&cast).await;
        let url = &cast.app.local_url;

        let mut mia = trip.user("member", url).await;
        log_in(&mut mia, &cast.member.email).await;
        mia.follow(RANSBACH_NAME).await;
        mia.follow(trip.t("Mach mit!", "Volunteer")).await;
        mia.follow(CALL).await;
        // The shift's card: its one place taken, nobody waiting yet.
        let taken = trip.t("1 von 1 Plätzen belegt", "1 of 1 places taken");
        mia.within(taken).sees(SHIFT).await;
        mia.within(taken)
            .follow(trip.t("mit Anmerkung eintragen", "sign up with a note"))
            .await;
        mia.sees(trip.t("Diese Schicht ist voll.", "This shift is full."))
            .await;
        mia.fill(
            trip.t("Anmerkung", "Note"),
            "Ich bringe einen Akkuschrauber mit.",
        )
        .await;
        mia.press(trip.t("Auf die Warteliste", "Join the waiting list"))
            .await;
        mia.sees(trip.t(
            "Die Schicht ist voll – du stehst auf der Warteliste und rückst automatisch nach.",
            "The shift is full – you are on the waiting list and move up automatically.",
        ))
        .await;
        mia.within(taken)
            .sees(trip.t(
                "Du stehst auf der Warteliste (Platz 1).",
                "You are on the waiting list (place 1).",
            ))
            .await;
        mia.screenshot("volunteer-call").await;
        mia.leave().await;
    })
    .await;
}
