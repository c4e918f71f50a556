//! Every role walks through everything its navigation offers in a community with all bundled
//! modules on: the visitor, a member, the moderator, the manager, an operator and a member of
//! another community. The pages themselves are the test: each one reached is checked like
//! every journey's (axe-core, HTML, weight, origins, reflow, focus).

use super::{log_in, speaking};
use crate::browser::walk;
use crate::support::{Cast, RANSBACH_NAME, plugin_files};

/// The links of the community's navigation bar.
const COMMUNITY_NAV: &str = "nav.community-nav a";

#[tokio::test]
async fn every_role_through_its_navigation() {
    walk("tour", async |trip| {
        let files = plugin_files();
        let cast = Cast::with_modules(
            &[
                &files.newsboard,
                &files.bookings,
                &files.volunteer,
                &files.lostfound,
                &files.consulting,
            ],
            &[
                "newsboard",
                "bookings",
                "volunteer",
                "lostfound",
                "consulting",
            ],
            |_| {},
        )
        .await;
        speaking(trip, &cast.app).await;
        let url = &cast.app.local_url;
        let people = [
            ("visitor", None),
            ("member", Some(&cast.member.email)),
            ("moderator", Some(&cast.moderator.email)),
            ("manager", Some(&cast.manager.email)),
            ("operator", Some(&cast.operator.email)),
            ("outsider", Some(&cast.outsider.email)),
        ];
        for (who, email) in people {
            let mut someone = trip.user(who, url).await;
            match email {
                Some(email) => log_in(&mut someone, email).await,
                None => {
                    someone.open("/").await;
                    someone.use_own_language().await;
                }
            }
            someone.follow(RANSBACH_NAME).await;
            let entries = someone.link_texts(COMMUNITY_NAV).await;
            assert!(
                entries.len() >= 2,
                "{who} sees the community's navigation: {entries:?}"
            );
            for index in 0..entries.len() {
                someone.follow_nth(COMMUNITY_NAV, index).await;
            }
            if email.is_some() {
                someone
                    .follow(trip.t("Benachrichtigungen", "Notifications"))
                    .await;
                someone.open("/account").await;
            }
            if who == "operator" {
                someone.follow(trip.t("Verwaltung", "Administration")).await;
            }
            someone.leave().await;
        }
    })
    .await;
}
