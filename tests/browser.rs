//! Real-browser journeys: headless Chromium, driven over WebDriver, uses the real server as
//! people do (links, fields and buttons found by their words; clicks, or the keyboard alone),
//! in German and English, at phone width and without JavaScript. Every page reached is checked
//! with axe-core (WCAG 2.1 A/AA), the Nu HTML Checker, a 100 KB weight budget and for requests
//! to other origins. Needs Chromium, ChromeDriver, Java and the npm packages of
//! `tests/browser/package.json` (`cargo xtask test` sets them up); run on their own with
//! `cargo test --test blackbox browser:: -- --test-threads=1`.

mod checks;
mod driver;
mod journeys;
mod self_test;
mod user;
mod variants;

use checks::Record;
use driver::ChromeDriver;
use user::User;
use variants::Variant;

/// One walk of a journey: its variant, its browser driver and what it saw.
pub struct Trip<'d> {
    pub variant: Variant,
    driver: &'d ChromeDriver,
    pub record: Record,
}

impl Trip<'_> {
    /// A new person in their own browser, on the server at `base_url`.
    pub async fn user(&self, who: &'static str, base_url: &str) -> User<'_> {
        User::start(self.driver, self.variant, who, &self.record, base_url).await
    }

    /// The German or the English words, by the variant's language.
    pub fn t<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        self.variant.t(de, en)
    }
}

/// Walks a journey in every variant, each on a fresh server, and fails with everything the
/// checks found.
pub async fn walk(journey: &str, steps: impl AsyncFn(&Trip<'_>)) {
    let driver = ChromeDriver::start().await;
    // QUARTIER_BROWSER_VARIANTS=phone,nojs walks only those (while working on a page).
    let only = std::env::var("QUARTIER_BROWSER_VARIANTS").unwrap_or_default();
    for variant in variants::ALL {
        if !only.is_empty() && !only.split(',').any(|name| name == variant.name) {
            continue;
        }
        if let Err(report) = walk_variant(&driver, journey, variant, &steps).await {
            panic!("{report}");
        }
    }
}

/// Walks a journey in one variant (by name); the checks' report if they found anything.
pub async fn walk_once(
    journey: &str,
    variant: &str,
    steps: impl AsyncFn(&Trip<'_>),
) -> Result<(), String> {
    let driver = ChromeDriver::start().await;
    let variant = variants::ALL
        .into_iter()
        .find(|v| v.name == variant)
        .expect("a known variant");
    walk_variant(&driver, journey, variant, &steps).await
}

async fn walk_variant(
    driver: &ChromeDriver,
    journey: &str,
    variant: Variant,
    steps: &impl AsyncFn(&Trip<'_>),
) -> Result<(), String> {
    let trip = Trip {
        variant,
        driver,
        record: Record::new(format!("{journey}-{}", variant.name)),
    };
    steps(&trip).await;
    let (bytes, page) = trip.record.heaviest();
    eprintln!(
        "{journey} ({}): {} pages checked; the heaviest, {page}, {bytes} bytes",
        variant.name,
        trip.record.pages_seen()
    );
    trip.record.finish()
}
