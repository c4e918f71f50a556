//! The journeys, each a test walked in every variant: joining a community and switching on a
//! module; an urgent notice; a hut booking; a volunteer shift's waiting list; a found item
//! claimed by its owner.

mod booking;
mod joining;
mod lost_and_found;
mod news;
mod tour;
mod volunteering;

use super::user::User;
use crate::browser::Trip;
use crate::support::{PASSWORD, TestApp};

/// Logs in through the login form, as `email` with the test password.
pub async fn log_in(user: &mut User<'_>, email: &str) {
    user.open("/login").await;
    user.fill(user.t("E-Mail-Adresse", "Email address"), email)
        .await;
    user.fill(user.t("Passwort", "Password"), PASSWORD).await;
    let submit = user.t("Anmelden", "Log in");
    user.press(submit).await;
}

/// Gives every account of the test setup the variant's language, as if each had chosen it.
pub async fn speaking(trip: &Trip<'_>, app: &TestApp) {
    app.execute(&format!(
        "UPDATE accounts SET language = '{}'",
        trip.variant.lang
    ))
    .await;
}
