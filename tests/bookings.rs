//! Room bookings (`plugins/bookings`, mounted at `bookings`) from the outside: managers keep
//! the resources and their blocked periods; members request a time, managers approve or
//! decline it, and the requester hears of each decision; weekly series with their conflict
//! report and a decision with exceptions; every rule a request must keep, refused with 422,
//! the input kept and a message at its field; who sees who booked and why (the requester and
//! the managers, nobody else, in pages, calendars and feeds, also by guessing ids); the week
//! and month views, also on the days the clocks change; valid iCalendar in Berlin time; and
//! the proof of the issue: no time is ever confirmed twice, not with fifty requests or
//! approvals at once, and not with two servers on one database.
//!
//! Dates are computed from today in Berlin (a Saturday two to three weeks ahead, the next
//! summer, the next change of clocks), so the tests do not age.

use time::{Date, Month, Weekday};

use crate::support::Expect::{Denied, Login, Open};
use crate::support::{
    Browser, Cast, PASSWORD, Page, Person, TestApp, a_saturday, all_at_once, check_roles,
    components, days_from_today, ics_date, id_of, iso, neighbours, owned_fields, plugin_files,
    record_id, set_module, statuses, today, value, version_field, weekday_ahead, with_defaults,
};

const BOOKINGS: &str = "/c/ransbach/bookings";

// The German messages the tests look for.
const TAKEN: &str = "Diese Zeit ist bereits belegt.";
const BLOCKED: &str = "In dieser Zeit ist die Ressource gesperrt.";
const END_BEFORE_START: &str = "Das Ende muss nach dem Beginn liegen.";
const PAST: &str = "Dieser Zeitpunkt liegt in der Vergangenheit.";
const HORIZON: &str = "So weit im Voraus kann noch nicht gebucht werden.";
const CLOSED_DAY: &str = "An diesem Wochentag kann nicht gebucht werden.";
const OUTSIDE_HOURS: &str = "Das liegt außerhalb der Öffnungszeiten.";
const GRANULARITY: &str = "Bitte eine Uhrzeit im Buchungsraster wählen.";
const TOO_LONG: &str = "Die Buchung ist länger als erlaubt.";
const CAPACITY: &str = "Mehr Personen, als Plätze vorhanden sind.";
const REASON_MISSING: &str = "Bitte einen Grund angeben.";
const TEXT_TOO_LONG: &str = "Dieser Text ist zu lang.";
const GIVEN_TO_ANOTHER: &str = "Der Zeitraum wurde an eine andere Anfrage vergeben.";
const ALREADY_DECIDED: &str = "Über diese Anfrage ist schon entschieden.";

// ---------------------------------------------------------------------------------------
// Helpers: the cast, resources and requests
// ---------------------------------------------------------------------------------------

/// The standard cast on a server with the bookings module installed and on in "ransbach".
async fn bookings_cast() -> Cast {
    Cast::with_modules(&[&plugin_files().bookings], &["bookings"], |_| {}).await
}

/// The barbecue hut: 40 people, every day 8–24 h in hours, up to 48 hours, a year ahead.
const HUT: [(&str, &str); 18] = [
    ("name", "Grillhütte"),
    ("description", "Am Waldrand"),
    ("capacity", "40"),
    ("requesters", "members"),
    ("acceptance", "approval"),
    ("granularity", "60"),
    ("opens", "08:00"),
    ("closes", "24:00"),
    ("weekday", "1"),
    ("weekday", "2"),
    ("weekday", "3"),
    ("weekday", "4"),
    ("weekday", "5"),
    ("weekday", "6"),
    ("weekday", "7"),
    ("max_hours", "48"),
    ("horizon_days", "365"),
    ("active", "on"),
];

/// Sends the "new resource" form: the hut with these fields changed.
async fn new_resource(manager: &Browser, fields: &[(&str, &str)]) -> Page {
    manager
        .post_form(
            &format!("{BOOKINGS}/resources/new"),
            &with_defaults(&HUT, fields),
        )
        .await
}

/// The path of the resource a successful save redirected to.
#[track_caller]
fn resource_path(page: &Page) -> String {
    let location = page.redirect_target();
    record_id(&location, &format!("{BOOKINGS}/resources/"));
    location
}

/// Creates a resource that must be accepted (the hut with these fields changed); returns its
/// path.
async fn create_resource(manager: &Browser, fields: &[(&str, &str)]) -> String {
    resource_path(&new_resource(manager, fields).await)
}

/// The hut as a manager creates it, with approval or confirmed at once (`auto`); returns its
/// path.
pub(crate) async fn create_hut(manager: &Browser, acceptance: &str) -> String {
    create_resource(manager, &[("acceptance", acceptance)]).await
}

/// Saves the edit form of a resource with the version it has now: the hut with these fields.
async fn edit_resource(manager: &Browser, resource: &str, fields: &[(&str, &str)]) -> Page {
    let form = manager.get(&format!("{resource}/edit")).await;
    form.assert_status(200);
    let version = version_field(&form).expect("a version field");
    let mut fields = fields.to_vec();
    fields.push(("version", &version));
    manager
        .post_form(&format!("{resource}/edit"), &with_defaults(&HUT, &fields))
        .await
}

/// Adds a blocked period (`YYYY-MM-DDTHH:MM`, Berlin time) that must be accepted.
async fn block(manager: &Browser, resource: &str, starts: &str, ends: &str, reason: &str) {
    manager
        .post_form(
            &format!("{resource}/blackouts"),
            &[("starts", starts), ("ends", ends), ("reason", reason)],
        )
        .await
        .assert_redirect(&format!("{resource}/blackouts"));
}

/// The request form on `date` with these fields over the defaults (10–14 h, a birthday party
/// of 20, a single booking).
fn request_fields<'a>(date: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    with_defaults(
        &[
            ("date", date),
            ("start", "10:00"),
            ("end_date", ""),
            ("end", "14:00"),
            ("purpose", "Geburtstagsfeier"),
            ("attendees", "20"),
            ("contact", ""),
            ("note", ""),
            ("weeks", "1"),
        ],
        fields,
    )
}

/// Sends the request form of a resource.
async fn request(browser: &Browser, resource: &str, date: &str, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(
            &format!("{resource}/request"),
            &request_fields(date, fields),
        )
        .await
}

/// The path of the booking a successful request redirected to.
#[track_caller]
fn booking_path(page: &Page) -> String {
    let location = page.redirect_target();
    record_id(&location, &format!("{BOOKINGS}/bookings/"));
    location
}

/// Requests a time that must be accepted; returns the booking's path.
pub(crate) async fn requested(
    browser: &Browser,
    resource: &str,
    date: &str,
    fields: &[(&str, &str)],
) -> String {
    booking_path(&request(browser, resource, date, fields).await)
}

pub(crate) async fn approve(manager: &Browser, booking: &str) -> Page {
    manager.post_form(&format!("{booking}/approve"), &[]).await
}

async fn decline(manager: &Browser, booking: &str, reason: &str) -> Page {
    manager
        .post_form(&format!("{booking}/decline"), &[("reason", reason)])
        .await
}

async fn cancel(browser: &Browser, booking: &str, reason: &str) -> Page {
    browser
        .post_form(&format!("{booking}/cancel"), &[("reason", reason)])
        .await
}

/// Requests a time and has the manager approve it; returns the booking's path.
async fn approved(
    cast: &Cast,
    requester: &Browser,
    resource: &str,
    date: &str,
    fields: &[(&str, &str)],
) -> String {
    let booking = requested(requester, resource, date, fields).await;
    approve(&cast.manager.browser, &booking)
        .await
        .assert_redirect(&booking);
    booking
}

/// The status badge of a booking's page or list entry, e.g. `bestätigt`.
fn badge(label: &str) -> String {
    format!(r#"<span class="badge">{label}</span>"#)
}

// ---------------------------------------------------------------------------------------
// Helpers: dates (Berlin), relative to today so the tests never age
// ---------------------------------------------------------------------------------------

/// The first Saturday at least two weeks ahead in one of these months.
fn saturday_in(months: &[Month]) -> Date {
    let mut date = a_saturday();
    while !months.contains(&date.month()) {
        date += time::Duration::days(7);
    }
    date
}

/// The next last Sunday of March or October at least two weeks ahead: the day the clocks
/// change (23 or 25 hours long).
fn next_change_of_clocks() -> Date {
    let mut sunday = weekday_ahead(Weekday::Sunday, 14);
    while !(matches!(sunday.month(), Month::March | Month::October)
        && (sunday + time::Duration::days(7)).month() != sunday.month())
    {
        sunday += time::Duration::days(7);
    }
    sunday
}

/// The last `weekday` before today.
fn weekday_before_today(weekday: Weekday) -> Date {
    let mut date = days_from_today(-1);
    while date.weekday() != weekday {
        date = date.previous_day().expect("an earlier date");
    }
    date
}

/// `2026-12`, as the month view takes it.
fn iso_month(date: Date) -> String {
    iso(date)[..7].to_owned()
}

/// `Sa, 05.12.2026`, as the German pages show a date.
fn label(date: Date) -> String {
    const DAYS: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    format!(
        "{}, {:02}.{:02}.{}",
        DAYS[usize::from(date.weekday().number_days_from_monday())],
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `Dezember 2026`, the heading of a month view.
fn month_label(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    format!(
        "{} {}",
        MONTHS[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

fn monday_of(date: Date) -> Date {
    date - time::Duration::days(i64::from(date.weekday().number_days_from_monday()))
}

/// The week view of a resource for the week of `date`.
fn week_path(resource: &str, date: Date) -> String {
    format!("{resource}?week={}", iso(date))
}

/// The month view of a resource for the month of `date`.
fn month_path(resource: &str, date: Date) -> String {
    format!("{resource}/month?month={}", iso_month(date))
}

/// The state the month view gives a day (`frei`, `belegt`, …), from the label of its link.
#[track_caller]
fn month_state(page: &Page, date: Date) -> String {
    page.assert_status(200);
    let marker = format!(r#"aria-label="{}, {}: "#, date.day(), label(date));
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("{} is not in the month view {}", label(date), page.path))
        + marker.len();
    let end = start + page.body[start..].find('"').expect("end of the label");
    page.body[start..end].to_owned()
}

// ---------------------------------------------------------------------------------------
// Helpers: the database
// ---------------------------------------------------------------------------------------

/// A booking as the database holds it.
#[derive(Debug)]
struct Stored {
    id: i64,
    status: String,
    purpose: String,
    reason: String,
    reason_key: String,
    series: Option<String>,
    starts: i64,
    ends: i64,
}

/// Every booking the module stores, oldest first.
async fn stored_bookings(app: &TestApp) -> Vec<Stored> {
    app.plugin_records("bookings", "bookings")
        .await
        .into_iter()
        .map(|(id, data)| {
            let text = |name: &str| data[name].as_str().unwrap_or_default().to_owned();
            Stored {
                id,
                status: text("status"),
                purpose: text("purpose"),
                reason: text("reason"),
                reason_key: text("reason_key"),
                series: data["series"].as_str().map(str::to_owned),
                starts: data["starts"].as_i64().expect("starts"),
                ends: data["ends"].as_i64().expect("ends"),
            }
        })
        .collect()
}

/// The stored status of one booking.
async fn status_of(app: &TestApp, booking: &str) -> String {
    let id = id_of(booking);
    stored_bookings(app)
        .await
        .into_iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("booking {id} is not stored"))
        .status
}

/// How many stored bookings have this status.
async fn with_status(app: &TestApp, status: &str) -> usize {
    stored_bookings(app)
        .await
        .iter()
        .filter(|b| b.status == status)
        .count()
}

/// How many resources the module stores.
async fn stored_resources(app: &TestApp) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'bookings' AND collection = 'resources'",
    )
    .await
}

/// The notifications of this kind (`requests` or `decisions`) the module sent an account:
/// (title, body), oldest first.
async fn notifications(app: &TestApp, account: i64, kind: &str) -> Vec<(String, String)> {
    app.notifications("bookings", account, kind).await
}

// ---------------------------------------------------------------------------------------
// Helpers: iCalendar
// ---------------------------------------------------------------------------------------

/// The content lines of an iCalendar answer checked by [`crate::support::icalendar`], whose
/// VTIMEZONE also has both its STANDARD and its DAYLIGHT rule (bookings are made across the
/// changes of clocks).
#[track_caller]
fn icalendar(page: &Page) -> Vec<String> {
    let lines = crate::support::icalendar(page);
    let zones = components(&lines, "VTIMEZONE");
    for part in ["BEGIN:STANDARD", "BEGIN:DAYLIGHT"] {
        assert!(
            zones[0].iter().any(|l| l == part),
            "{part} in the VTIMEZONE"
        );
    }
    lines
}

/// The secret token in the managers' feed link on a resource page, if it shows one.
fn feed_token(page: &Page) -> Option<String> {
    let body = page.body.replace("&#x3D;", "=");
    let marker = "/feed.ics?token=";
    let start = body.find(marker)? + marker.len();
    let token: String = body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (token.len() == 32).then_some(token)
}

// ---------------------------------------------------------------------------------------
// Helpers: at once
// ---------------------------------------------------------------------------------------

/// Of fifty requests for one free slot on an auto-accept resource exactly one is confirmed
/// and the other 49 are told the time is taken; exactly one booking is stored, approved.
async fn assert_exactly_one_confirmed(app: &TestApp, pages: &[Page]) {
    let all = statuses(pages);
    assert!(all.iter().all(|s| *s == 303 || *s == 422), "{all:?}");
    let confirmed: Vec<&Page> = pages.iter().filter(|p| p.status.as_u16() == 303).collect();
    assert_eq!(confirmed.len(), 1, "{all:?}");
    let refused = pages
        .iter()
        .filter(|p| p.status.as_u16() == 422 && p.body.contains(TAKEN))
        .count();
    assert_eq!(refused, pages.len() - 1, "{all:?}");
    let winner = booking_path(confirmed[0]);
    let stored = stored_bookings(app).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(
        (stored[0].id, stored[0].status.as_str()),
        (id_of(&winner), "approved")
    );
}

/// Of fifty overlapping requests approved at once at most one is approved (and, since the
/// first approval finds nothing in its way, exactly one); the others are declined as given
/// to another, and every requester hears exactly once.
async fn assert_at_most_one_approved(app: &TestApp, pages: &[Page], requesters: &[Person]) {
    let all = statuses(pages);
    // The losers were declined by the winner's approval: "already decided", never an error.
    assert!(all.iter().all(|s| *s == 303 || *s == 422), "{all:?}");
    let stored = stored_bookings(app).await;
    let approved = stored.iter().filter(|b| b.status == "approved").count();
    assert_eq!(approved, 1, "{stored:?}");
    let declined: Vec<&Stored> = stored.iter().filter(|b| b.status == "declined").collect();
    assert_eq!(declined.len(), stored.len() - 1, "{stored:?}");
    assert!(declined.iter().all(|b| b.reason_key == "reason-overlap"));
    for person in requesters {
        assert_eq!(
            notifications(app, person.id, "decisions").await.len(),
            1,
            "{}",
            person.name
        );
    }
}

// ---------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn every_page_renders_and_each_role_is_offered_what_it_may_do() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let hut_path = hut.strip_prefix(BOOKINGS).unwrap().to_owned();
    for path in [
        "",
        "/queue",
        "/mine",
        &hut_path,
        &format!("{hut_path}/month"),
        &format!("{hut_path}/request"),
        &format!("{hut_path}/edit"),
        &format!("{hut_path}/blackouts"),
        "/resources/new",
    ] {
        let page = cast.manager.browser.get(&format!("{BOOKINGS}{path}")).await;
        page.assert_status(200).assert_html();
    }
    // Visitors are offered to log in; accounts outside a members-only resource's community
    // are told who may ask; members get the request button.
    cast.visitor
        .get(&hut)
        .await
        .assert_status(200)
        .assert_contains("Grillhütte")
        .assert_contains(&format!(
            "<a href=\"/login?next={hut}\">Zum Anfragen bitte anmelden.</a>"
        ))
        .assert_lacks("Anfrage stellen");
    cast.outsider
        .browser
        .get(&hut)
        .await
        .assert_contains("Anfragen können nur Mitglieder der Gemeinschaft stellen.")
        .assert_lacks("Anfrage stellen");
    cast.member
        .browser
        .get(&hut)
        .await
        .assert_contains("Anfrage stellen")
        .assert_lacks("Anfragen können nur Mitglieder");
    let page = cast
        .visitor
        .get(&format!("{BOOKINGS}/resources/x/busy.ics"))
        .await;
    page.assert_status(404);
}

#[tokio::test]
async fn managers_create_edit_and_deactivate_resources() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hall_fields = [
        ("name", "Bürgerhaus"),
        ("description", "Großer Saal mit **Bühne**"),
        ("capacity", "120"),
        ("location", "Hauptstraße 1"),
        ("house_rules", "Ab 22 Uhr bitte Ruhe."),
        ("price_note", "50 € pro Tag"),
        ("accessibility", "Stufenloser Zugang"),
        ("requesters", "accounts"),
        ("granularity", "30"),
        ("opens", "09:00"),
        ("closes", "23:00"),
        ("weekday", "1"),
        ("weekday", "2"),
        ("weekday", "3"),
        ("weekday", "4"),
        ("weekday", "5"),
        ("max_hours", "6"),
        ("horizon_days", "90"),
    ];
    // The hall with these fields changed.
    let hall_with = |fields: &[(&'static str, &'static str)]| with_defaults(&hall_fields, fields);
    let hall = create_resource(manager, &hall_fields).await;
    // Everything typed shows on the resource's page; the description is Markdown.
    manager
        .get(&hall)
        .await
        .assert_status(200)
        .assert_contains("Die Ressource ist angelegt.")
        .assert_contains("<h1>Bürgerhaus</h1>")
        .assert_contains("<strong>Bühne</strong>")
        .assert_contains("Hauptstraße 1")
        .assert_contains("Ab 22 Uhr bitte Ruhe.")
        .assert_contains("50 € pro Tag")
        .assert_contains("Stufenloser Zugang")
        .assert_contains("Mo, Di, Mi, Do, Fr, 09:00–23:00")
        .assert_contains("alle mit einem Konto")
        .assert_contains("mit Freigabe durch die Verwaltung");
    cast.visitor
        .get(BOOKINGS)
        .await
        .assert_contains(&format!(r#"href="{hall}""#));

    // The edit form shows what is stored; saving changes it.
    let form = manager.get(&format!("{hall}/edit")).await;
    form.assert_status(200)
        .assert_contains(r#"value="Bürgerhaus""#)
        .assert_contains(r#"value="120""#)
        .assert_contains(r#"value="accounts" checked"#)
        .assert_contains(r#"value="30" selected"#)
        .assert_contains(r#"inputmode="decimal" value="6""#);
    let stale_version = version_field(&form).expect("a version field");
    edit_resource(
        manager,
        &hall,
        &hall_with(&[
            ("name", "Bürgerhaus am Markt"),
            ("capacity", "100"),
            ("acceptance", "auto"),
        ]),
    )
    .await
    .assert_redirect(&hall);
    manager
        .get(&hall)
        .await
        .assert_contains("Die Änderungen sind gespeichert.")
        .assert_contains("<h1>Bürgerhaus am Markt</h1>")
        .assert_contains("sofort bestätigt");

    // A form opened before someone else saved is refused, with the input kept.
    let page = manager
        .post_form(
            &format!("{hall}/edit"),
            &with_defaults(
                &HUT,
                &[("name", "Alter Stand"), ("version", &stale_version)],
            ),
        )
        .await;
    page.assert_status(422)
        .assert_contains("Jemand anderes hat die Ressource inzwischen geändert.")
        .assert_contains(r#"value="Alter Stand""#);
    cast.visitor
        .get(&hall)
        .await
        .assert_contains("Bürgerhaus am Markt")
        .assert_lacks("Alter Stand");

    // Deactivated (the box unticked): only managers see it, nobody can request it.
    let booking_date = iso(weekday_ahead(Weekday::Wednesday, 14));
    edit_resource(
        manager,
        &hall,
        &hall_with(&[
            ("name", "Bürgerhaus am Markt"),
            ("capacity", "100"),
            ("active", ""),
        ]),
    )
    .await
    .assert_redirect(&hall);
    manager
        .get(&hall)
        .await
        .assert_status(200)
        .assert_contains("Diese Ressource ist deaktiviert");
    manager
        .get(BOOKINGS)
        .await
        .assert_contains("Bürgerhaus am Markt")
        .assert_contains("Deaktiviert");
    for browser in [
        &cast.visitor,
        &cast.member.browser,
        &cast.moderator.browser,
        &cast.outsider.browser,
    ] {
        for path in [
            hall.clone(),
            format!("{hall}/month"),
            format!("{hall}/request"),
            format!("{hall}/busy.ics"),
        ] {
            browser.get(&path).await.assert_status(404);
        }
        browser
            .get(BOOKINGS)
            .await
            .assert_status(200)
            .assert_lacks("Bürgerhaus");
    }
    request(&cast.member.browser, &hall, &booking_date, &[])
        .await
        .assert_status(404);
    assert!(stored_bookings(&cast.app).await.is_empty());

    // Active again, it can be requested (by anyone with an account: the outsider too).
    edit_resource(
        manager,
        &hall,
        &hall_with(&[("name", "Bürgerhaus am Markt"), ("capacity", "100")]),
    )
    .await
    .assert_redirect(&hall);
    cast.visitor.get(&hall).await.assert_status(200);
    let outsiders = requested(
        &cast.outsider.browser,
        &hall,
        &booking_date,
        &[("attendees", "80")],
    )
    .await;
    // Deciding on it works, though only members of the community get notifications.
    approve(manager, &outsiders)
        .await
        .assert_redirect(&outsiders);
    cast.outsider
        .browser
        .get(&outsiders)
        .await
        .assert_contains(&badge("bestätigt"));
}

/// The resource form came back with 422, kept what was typed and shows these messages, each
/// at its field.
#[track_caller]
fn assert_resource_rejected(page: &Page, kept: &[&str], messages: &[&str], fields: usize) {
    page.assert_status(422).assert_html();
    page.assert_contains(r#"class="error-summary""#);
    for text in kept {
        page.assert_contains(text);
    }
    for message in messages {
        page.assert_contains(message);
    }
    assert_eq!(
        page.body.matches(r#"class="field-error""#).count(),
        fields,
        "one message per field: {}",
        page.body
    );
}

#[tokio::test]
async fn bad_resource_input_comes_back_with_422_a_message_per_field_and_the_input_kept() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let long_name = "Ü".repeat(201);
    let long_rules = "x".repeat(2001);
    let page = new_resource(
        manager,
        &[
            ("name", ""),
            ("description", "Am Waldrand, mit Feuerstelle"),
            ("location", "Waldweg 3"),
            ("capacity", "0"),
            ("requesters", "alle"),
            ("acceptance", "vielleicht"),
            ("granularity", "7"),
            ("opens", "25:00"),
            ("closes", "00:00"),
            ("weekday", ""),
            ("max_hours", "viel"),
            ("horizon_days", "0"),
        ],
    )
    .await;
    assert_resource_rejected(
        &page,
        &[
            "Am Waldrand, mit Feuerstelle",
            r#"value="Waldweg 3""#,
            r#"value="0""#,
            r#"value="25:00""#,
            r#"value="viel""#,
        ],
        &[
            "Bitte einen Namen angeben.",
            "Bitte eine Zahl ab 1 angeben.",
            "Bitte eine der Möglichkeiten wählen.",
            "Bitte eine Uhrzeit angeben, z. B. 18:00.",
            "Bitte mindestens einen Wochentag wählen.",
            "Bitte eine Dauer in Stunden angeben (höchstens 14 Tage).",
            "Bitte eine Zahl von 1 bis 1095 angeben.",
        ],
        10,
    );
    let page = new_resource(manager, &[("opens", "22:00"), ("closes", "08:00")]).await;
    assert_resource_rejected(
        &page,
        &[r#"value="22:00""#, r#"value="08:00""#],
        &["Schließen muss nach dem Öffnen liegen."],
        1,
    );
    let page = new_resource(
        manager,
        &[
            ("name", &long_name),
            ("house_rules", &long_rules),
            ("max_hours", "337"),
            ("horizon_days", "1096"),
        ],
    )
    .await;
    assert_resource_rejected(
        &page,
        &[&long_name, &long_rules],
        &[
            TEXT_TOO_LONG,
            "Bitte eine Dauer in Stunden angeben (höchstens 14 Tage).",
            "Bitte eine Zahl von 1 bis 1095 angeben.",
        ],
        4,
    );
    assert_eq!(stored_resources(&cast.app).await, 0);

    // The limits themselves are allowed: 14 days, three years, hours with a comma.
    let hut = create_resource(
        manager,
        &[
            ("max_hours", "336"),
            ("horizon_days", "1095"),
            ("name", "Zelt"),
        ],
    )
    .await;
    create_resource(manager, &[("max_hours", "1,5"), ("name", "Beamer")]).await;
    assert_eq!(stored_resources(&cast.app).await, 2);

    // Editing with bad input keeps the resource as it was.
    let page = edit_resource(manager, &hut, &[("name", ""), ("capacity", "viele")]).await;
    assert_resource_rejected(
        &page,
        &[r#"value="viele""#],
        &[
            "Bitte einen Namen angeben.",
            "Bitte eine Zahl ab 1 angeben.",
        ],
        2,
    );
    cast.visitor
        .get(&hut)
        .await
        .assert_contains("<h1>Zelt</h1>")
        .assert_lacks("viele");
}

#[tokio::test]
async fn only_managers_reach_the_resource_forms_blocked_periods_and_the_queue() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let date = iso(a_saturday());
    let booking = requested(&cast.member.browser, &hut, &date, &[]).await;
    let managers_only = [Login, Denied, Denied, Open, Open, Denied];
    for path in [
        format!("{BOOKINGS}/resources/new"),
        format!("{hut}/edit"),
        format!("{hut}/blackouts"),
        format!("{BOOKINGS}/queue"),
        format!("{booking}/approve"),
    ] {
        check_roles(&cast, &path, managers_only).await;
    }
    // Everyone sees the calendars; members (and up) may request; everyone logged in has a
    // "my bookings" page.
    for path in [BOOKINGS.to_owned(), hut.clone(), format!("{hut}/month")] {
        check_roles(&cast, &path, [Open; 6]).await;
    }
    check_roles(
        &cast,
        &format!("{hut}/request"),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &format!("{BOOKINGS}/mine"),
        [Login, Open, Open, Open, Open, Open],
    )
    .await;
    // Only managers are offered the managers' links.
    for browser in [&cast.member.browser, &cast.moderator.browser, &cast.visitor] {
        browser
            .get(&hut)
            .await
            .assert_lacks(&format!(r#"href="{hut}/edit""#))
            .assert_lacks(&format!(r#"href="{hut}/blackouts""#));
    }
    cast.manager
        .browser
        .get(&hut)
        .await
        .assert_contains(&format!(r#"href="{hut}/edit""#))
        .assert_contains(&format!(r#"href="{hut}/blackouts""#));

    // Sending the managers' forms directly is refused just the same, and changes nothing.
    let edit = with_defaults(&HUT, &[("name", "Gekapert")]);
    let blackout = [
        ("starts", "2030-01-01T00:00"),
        ("ends", "2030-01-02T00:00"),
        ("reason", "Gekapert"),
    ];
    for (browser, refused) in [
        (&cast.member.browser, 403),
        (&cast.moderator.browser, 403),
        (&cast.outsider.browser, 403),
        (&cast.visitor, 303),
    ] {
        let posts: [(String, &[(&str, &str)]); 6] = [
            (format!("{BOOKINGS}/resources/new"), edit.as_slice()),
            (format!("{hut}/edit"), edit.as_slice()),
            (format!("{hut}/token"), &[]),
            (format!("{hut}/blackouts"), &blackout),
            (format!("{booking}/approve"), &[]),
            (format!("{booking}/decline"), &[("reason", "Gekapert")]),
        ];
        for (path, fields) in posts {
            let page = browser.post_form(&path, fields).await;
            assert_eq!(page.status.as_u16(), refused, "POST {path}: {}", page.body);
            if refused == 303 {
                assert!(page.location().unwrap_or("").starts_with("/login?next="));
            }
        }
    }
    assert_eq!(stored_resources(&cast.app).await, 1);
    assert_eq!(status_of(&cast.app, &booking).await, "pending");
    cast.manager
        .browser
        .get(&format!("{hut}/blackouts"))
        .await
        .assert_contains("Keine Sperrzeiten.")
        .assert_lacks("Gekapert");
    cast.visitor.get(&hut).await.assert_lacks("Gekapert");

    // A members-only resource is not for the outsider.
    request(
        &cast.outsider.browser,
        &hut,
        &date,
        &[("start", "16:00"), ("end", "18:00")],
    )
    .await
    .assert_status(403);
    request(
        &cast.visitor,
        &hut,
        &date,
        &[("start", "16:00"), ("end", "18:00")],
    )
    .await
    .assert_status(303);
    assert_eq!(stored_bookings(&cast.app).await.len(), 1);
}

#[tokio::test]
async fn managers_block_periods_and_remove_them_again() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "auto").await;
    let saturday = a_saturday();
    let date = iso(saturday);
    let from = format!("{date}T09:00");
    let until = format!("{date}T13:00");
    // Bad periods come back with the input kept.
    let yesterday = iso(days_from_today(-1));
    let (past_from, past_until) = (format!("{yesterday}T08:00"), format!("{yesterday}T09:00"));
    for (fields, message) in [
        (
            [
                ("starts", from.as_str()),
                ("ends", from.as_str()),
                ("reason", "Wartung"),
            ],
            END_BEFORE_START,
        ),
        (
            [
                ("starts", "morgen"),
                ("ends", until.as_str()),
                ("reason", "Wartung"),
            ],
            "Bitte Datum und Uhrzeit angeben.",
        ),
        (
            [
                ("starts", from.as_str()),
                ("ends", until.as_str()),
                ("reason", ""),
            ],
            REASON_MISSING,
        ),
        (
            [
                ("starts", past_from.as_str()),
                ("ends", past_until.as_str()),
                ("reason", "Wartung"),
            ],
            PAST,
        ),
    ] {
        let page = manager
            .post_form(&format!("{hut}/blackouts"), &fields)
            .await;
        page.assert_status(422).assert_contains(message);
        for (_, typed) in fields {
            page.assert_contains(&format!(r#"value="{typed}""#));
        }
    }
    block(manager, &hut, &from, &until, "Wartung der Feuerstelle").await;
    let list = manager.get(&format!("{hut}/blackouts")).await;
    list.assert_contains("Die Sperrzeit ist eingetragen.")
        .assert_contains(&format!("{}, 09:00–13:00", label(saturday)))
        .assert_contains("Wartung der Feuerstelle");
    // Everyone sees the period in the calendar; no request gets into it.
    cast.visitor
        .get(&week_path(&hut, saturday))
        .await
        .assert_contains("09:00–13:00: gesperrt (Wartung der Feuerstelle)");
    request(
        &cast.member.browser,
        &hut,
        &date,
        &[("start", "12:00"), ("end", "15:00")],
    )
    .await
    .assert_status(422)
    .assert_contains(BLOCKED);
    // Removed, the time is bookable again.
    let marker = format!("{hut}/blackouts/");
    let start = list.body.find(&marker).expect("a remove button") + marker.len();
    let id: String = list.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    cast.member
        .browser
        .post_form(&format!("{hut}/blackouts/{id}/delete"), &[])
        .await
        .assert_status(403);
    manager
        .post_form(&format!("{hut}/blackouts/{id}/delete"), &[])
        .await
        .assert_redirect(&format!("{hut}/blackouts"));
    manager
        .get(&format!("{hut}/blackouts"))
        .await
        .assert_contains("Keine Sperrzeiten.");
    requested(
        &cast.member.browser,
        &hut,
        &date,
        &[("start", "12:00"), ("end", "15:00")],
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Requests and decisions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_member_requests_the_hut_and_the_manager_approves_it_from_the_queue() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let mia = &cast.member;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let date = iso(saturday);

    // The calendar offers the day; the form comes with it filled in.
    mia.browser
        .get(&week_path(&hut, saturday))
        .await
        .assert_contains(&format!(r#"href="{hut}/request?date={date}""#));
    mia.browser
        .get(&format!("{hut}/request?date={date}"))
        .await
        .assert_status(200)
        .assert_contains(&format!(r#"value="{date}""#));
    let booking = requested(
        &mia.browser,
        &hut,
        &date,
        &[
            ("start", "15:00"),
            ("end", "22:00"),
            ("purpose", "Sommerfest der Familie Mitglied"),
            ("attendees", "35"),
            ("contact", "0171 2345678"),
        ],
    )
    .await;
    mia.browser
        .get(&booking)
        .await
        .assert_status(200)
        .assert_contains("Ihre Anfrage ist eingegangen.")
        .assert_contains(&badge("angefragt"))
        .assert_contains("Sommerfest der Familie Mitglied")
        .assert_contains(&format!("{}, 15:00–22:00", label(saturday)));
    assert_eq!(status_of(&cast.app, &booking).await, "pending");

    // The managers hear of the request; nobody else does.
    let told = notifications(&cast.app, cast.manager.id, "requests").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "Neue Anfrage: Grillhütte");
    assert!(told[0].1.contains("Mia Mitglied"), "{told:?}");
    for person in [&cast.member, &cast.moderator, &cast.target] {
        assert!(
            notifications(&cast.app, person.id, "requests")
                .await
                .is_empty()
        );
    }

    // The queue lists it with who asked; the overview counts it.
    manager
        .get(BOOKINGS)
        .await
        .assert_contains("Offene Anfragen (1)");
    manager
        .get(&format!("{BOOKINGS}/queue"))
        .await
        .assert_status(200)
        .assert_contains(&format!(r#"href="{booking}""#))
        .assert_contains("Sommerfest der Familie Mitglied")
        .assert_contains("Mia Mitglied")
        .assert_contains("Grillhütte");
    manager
        .get(&booking)
        .await
        .assert_contains("Mia Mitglied")
        .assert_contains("0171 2345678")
        .assert_contains(&format!(r#"href="{booking}/approve""#));
    manager
        .get(&format!("{booking}/approve"))
        .await
        .assert_status(200)
        .assert_contains("Keine andere Anfrage überschneidet sich mit dieser.");

    // Approved: the requester is told, the queue is empty.
    approve(manager, &booking).await.assert_redirect(&booking);
    manager
        .get(&booking)
        .await
        .assert_contains("Die Buchung ist bestätigt.")
        .assert_contains(&badge("bestätigt"));
    assert_eq!(status_of(&cast.app, &booking).await, "approved");
    let told = notifications(&cast.app, mia.id, "decisions").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "Grillhütte: Buchung bestätigt");
    assert!(told[0].1.contains("Sommerfest der Familie Mitglied"));
    manager
        .get(&format!("{BOOKINGS}/queue"))
        .await
        .assert_contains("Keine offenen Anfragen.");
    // Mia reads who decided.
    mia.browser
        .get(&booking)
        .await
        .assert_contains(&badge("bestätigt"))
        .assert_contains("Maria Verwalterin");
    mia.browser
        .get(&format!("{BOOKINGS}/mine"))
        .await
        .assert_contains("Sommerfest der Familie Mitglied")
        .assert_contains(&badge("bestätigt"));

    // Deciding twice does nothing more.
    approve(manager, &booking).await.assert_redirect(&booking);
    manager.get(&booking).await.assert_contains(ALREADY_DECIDED);
    decline(manager, &booking, "Doch nicht")
        .await
        .assert_redirect(&booking);
    assert_eq!(status_of(&cast.app, &booking).await, "approved");
    assert_eq!(notifications(&cast.app, mia.id, "decisions").await.len(), 1);
}

#[tokio::test]
async fn declining_needs_a_reason_which_the_requester_then_reads() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let booking = requested(
        &cast.member.browser,
        &hut,
        &iso(saturday),
        &[("purpose", "Gartenparty")],
    )
    .await;

    let page = decline(manager, &booking, "   ").await;
    page.assert_status(422)
        .assert_contains(REASON_MISSING)
        .assert_contains(r#"id="reason-error""#);
    let long = format!("Weil {}", "sehr ".repeat(250));
    let page = decline(manager, &booking, &long).await;
    page.assert_status(422)
        .assert_contains(TEXT_TOO_LONG)
        .assert_contains(long.trim());
    assert_eq!(status_of(&cast.app, &booking).await, "pending");
    assert!(
        notifications(&cast.app, cast.member.id, "decisions")
            .await
            .is_empty()
    );

    let reason = "An diesem Tag findet das Dorffest statt.";
    decline(manager, &booking, reason)
        .await
        .assert_redirect(&booking);
    assert_eq!(status_of(&cast.app, &booking).await, "declined");
    cast.member
        .browser
        .get(&booking)
        .await
        .assert_contains(&badge("abgelehnt"))
        .assert_contains(reason);
    let told = notifications(&cast.app, cast.member.id, "decisions").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "Grillhütte: Buchung abgelehnt");
    assert!(told[0].1.contains(&format!("Grund: {reason}")), "{told:?}");

    // A declined request holds no time and cannot be approved or cancelled any more.
    cast.visitor
        .get(&week_path(&hut, saturday))
        .await
        .assert_lacks("10:00–14:00");
    approve(manager, &booking).await.assert_redirect(&booking);
    cancel(&cast.member.browser, &booking, "")
        .await
        .assert_redirect(&booking);
    cast.member
        .browser
        .get(&booking)
        .await
        .assert_contains("Diese Buchung kann nicht mehr storniert werden.");
    assert_eq!(status_of(&cast.app, &booking).await, "declined");
}

#[tokio::test]
async fn requesters_cancel_without_a_reason_managers_only_with_one() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let mia = &cast.member;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let next_saturday = saturday + time::Duration::days(7);

    // The requester cancels her own request; nobody needs to tell her.
    let own = requested(&mia.browser, &hut, &iso(saturday), &[]).await;
    cancel(&mia.browser, &own, "").await.assert_redirect(&own);
    mia.browser
        .get(&own)
        .await
        .assert_contains("Die Buchung ist storniert.")
        .assert_contains(&badge("storniert"));
    assert_eq!(status_of(&cast.app, &own).await, "cancelled");
    assert!(
        notifications(&cast.app, mia.id, "decisions")
            .await
            .is_empty()
    );
    cast.visitor
        .get(&week_path(&hut, saturday))
        .await
        .assert_lacks("10:00–14:00");

    // Another member cannot cancel someone else's booking, not even by its address.
    let booking = approved(&cast, &mia.browser, &hut, &iso(next_saturday), &[]).await;
    for browser in [&cast.target.browser, &cast.outsider.browser, &cast.visitor] {
        cancel(browser, &booking, "Ich will da feiern")
            .await
            .assert_status(404);
    }
    assert_eq!(status_of(&cast.app, &booking).await, "approved");

    // A manager must say why; the requester reads it.
    let page = cancel(manager, &booking, "").await;
    page.assert_status(422)
        .assert_contains(REASON_MISSING)
        .assert_contains(r#"id="cancel_reason-error""#);
    assert_eq!(status_of(&cast.app, &booking).await, "approved");
    let reason = "Die Hütte ist nach dem Sturm gesperrt.";
    cancel(manager, &booking, reason)
        .await
        .assert_redirect(&booking);
    assert_eq!(status_of(&cast.app, &booking).await, "cancelled");
    mia.browser
        .get(&booking)
        .await
        .assert_contains(&badge("storniert"))
        .assert_contains(reason);
    let told = notifications(&cast.app, mia.id, "decisions").await;
    assert_eq!(told.len(), 2, "approved, then cancelled: {told:?}");
    assert_eq!(told[1].0, "Grillhütte: Buchung storniert");
    assert!(told[1].1.contains(reason), "{told:?}");

    // Cancelled twice is refused; the time is free for someone else.
    cancel(&mia.browser, &booking, "")
        .await
        .assert_redirect(&booking);
    mia.browser
        .get(&booking)
        .await
        .assert_contains("Diese Buchung kann nicht mehr storniert werden.");
    approved(&cast, &cast.target.browser, &hut, &iso(next_saturday), &[]).await;
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// A request that must be refused: what the case is, the fields over the defaults, what must
/// come back as typed, and the messages with the field each belongs to.
type BadRequest<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    Vec<String>,
    Vec<(&'a str, &'a str)>,
);

#[tokio::test]
async fn bad_requests_come_back_with_422_the_input_kept_and_the_right_message() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    // The village hall: weekdays 8–22 h in half hours, at most 4 hours, for 30 people, 60
    // days ahead.
    let hall = create_resource(
        manager,
        &[
            ("name", "Bürgerhaus"),
            ("capacity", "30"),
            ("granularity", "30"),
            ("opens", "08:00"),
            ("closes", "22:00"),
            ("weekday", "1"),
            ("weekday", "2"),
            ("weekday", "3"),
            ("weekday", "4"),
            ("weekday", "5"),
            ("max_hours", "4"),
            ("horizon_days", "60"),
        ],
    )
    .await;
    let wednesday = weekday_ahead(Weekday::Wednesday, 14);
    let days = [
        iso(wednesday),
        iso(wednesday + time::Duration::days(7)),
        iso(wednesday + time::Duration::days(14)),
        iso(weekday_before_today(Weekday::Wednesday)),
        iso(wednesday + time::Duration::days(63)),
        iso(weekday_ahead(Weekday::Saturday, 14)),
    ];
    let [date, blocked_day, taken_day, past, too_far, saturday] =
        days.each_ref().map(String::as_str);
    block(
        manager,
        &hall,
        &format!("{blocked_day}T12:00"),
        &format!("{blocked_day}T18:00"),
        "Gemeinderatssitzung",
    )
    .await;
    approved(
        &cast,
        &cast.target.browser,
        &hall,
        taken_day,
        &[("start", "10:00"), ("end", "12:00")],
    )
    .await;
    let kept = |values: &[&str]| -> Vec<String> {
        values.iter().map(|v| format!(r#"value="{v}""#)).collect()
    };
    let cases: Vec<BadRequest> = vec![
        (
            "end before start",
            vec![
                ("date", date),
                ("start", "14:00"),
                ("end", "12:00"),
                ("purpose", "Verkehrt herum"),
            ],
            kept(&[date, "14:00", "12:00", "Verkehrt herum"]),
            vec![("end", END_BEFORE_START)],
        ),
        (
            "a past date",
            vec![("date", past), ("purpose", "Schon vorbei")],
            kept(&[past, "Schon vorbei"]),
            vec![("date", PAST)],
        ),
        (
            "starting before opening",
            vec![
                ("date", date),
                ("start", "06:00"),
                ("end", "09:00"),
                ("purpose", "Frühsport"),
            ],
            kept(&["06:00", "09:00", "Frühsport"]),
            vec![("start", OUTSIDE_HOURS)],
        ),
        (
            "ending after closing",
            vec![
                ("date", date),
                ("start", "20:00"),
                ("end", "23:00"),
                ("purpose", "Spätschicht"),
            ],
            kept(&["20:00", "23:00", "Spätschicht"]),
            vec![("end", OUTSIDE_HOURS)],
        ),
        (
            "longer than allowed",
            vec![
                ("date", date),
                ("start", "08:00"),
                ("end", "13:00"),
                ("purpose", "Marathon"),
            ],
            kept(&["08:00", "13:00", "Marathon"]),
            vec![("end", TOO_LONG)],
        ),
        (
            "beyond the horizon",
            vec![("date", too_far), ("purpose", "Weit voraus")],
            kept(&[too_far, "Weit voraus"]),
            vec![("date", HORIZON)],
        ),
        (
            "more people than places",
            vec![
                ("date", date),
                ("attendees", "31"),
                ("purpose", "Großer Andrang"),
            ],
            kept(&["31", "Großer Andrang"]),
            vec![("attendees", CAPACITY)],
        ),
        (
            "a closed weekday",
            vec![("date", saturday), ("purpose", "Am Wochenende")],
            kept(&[saturday, "Am Wochenende"]),
            vec![("date", CLOSED_DAY)],
        ),
        (
            "off the half-hour steps",
            vec![
                ("date", date),
                ("start", "10:15"),
                ("end", "12:00"),
                ("purpose", "Krumm"),
            ],
            kept(&["10:15", "12:00", "Krumm"]),
            vec![("start", GRANULARITY)],
        ),
        (
            "in a blocked period",
            vec![
                ("date", blocked_day),
                ("start", "13:00"),
                ("end", "15:00"),
                ("purpose", "Trotz Sitzung"),
            ],
            kept(&[blocked_day, "13:00", "15:00", "Trotz Sitzung"]),
            vec![("date", BLOCKED)],
        ),
        (
            "overlapping an approved booking",
            vec![
                ("date", taken_day),
                ("start", "11:00"),
                ("end", "13:00"),
                ("purpose", "Zu spät"),
            ],
            kept(&[taken_day, "11:00", "13:00", "Zu spät"]),
            vec![("date", TAKEN)],
        ),
        (
            "everything wrong at once",
            vec![
                ("date", "morgen"),
                ("start", "25:00"),
                ("end", ""),
                ("purpose", ""),
                ("attendees", "viele"),
                ("weeks", "100"),
                ("contact", "Ruf mich an"),
            ],
            kept(&["morgen", "25:00", "viele", "100", "Ruf mich an"]),
            vec![
                ("date", "Bitte ein Datum angeben."),
                ("start", "Bitte eine Uhrzeit angeben, z. B. 18:00."),
                ("end", "Bitte eine Uhrzeit angeben, z. B. 18:00."),
                ("purpose", "Bitte den Zweck angeben."),
                (
                    "attendees",
                    "Bitte die erwartete Zahl der Personen angeben.",
                ),
                ("weeks", "Bitte eine Zahl von 1 bis 52 angeben."),
            ],
        ),
    ];
    let before = stored_bookings(&cast.app).await.len();
    for (case, fields, kept, messages) in &cases {
        let date = fields
            .iter()
            .find(|(k, _)| *k == "date")
            .map(|(_, v)| *v)
            .unwrap_or_default();
        let page = request(&cast.member.browser, &hall, date, fields).await;
        assert_eq!(page.status.as_u16(), 422, "{case}: {}", page.body);
        page.assert_html()
            .assert_contains(r#"class="error-summary""#);
        for text in kept {
            assert!(page.body.contains(text.as_str()), "{case}: {text} not kept");
        }
        for (field, message) in messages {
            // Each message sits at its field.
            let at_field = format!(r#"id="{field}-error">{message}</p>"#);
            assert!(
                page.body.contains(&at_field),
                "{case}: no {at_field:?}: {}",
                page.body
            );
        }
        assert_eq!(
            page.body.matches(r#"class="field-error""#).count(),
            messages.len(),
            "{case}: one message per field"
        );
        assert_eq!(stored_bookings(&cast.app).await.len(), before, "{case}");
    }
    // Requests for the managers arrived only from the one good request.
    assert_eq!(
        notifications(&cast.app, cast.manager.id, "requests")
            .await
            .len(),
        1
    );
    // The rules' own limits are allowed: 4 hours, 30 people, up to closing.
    requested(
        &cast.member.browser,
        &hall,
        date,
        &[("start", "18:00"), ("end", "22:00"), ("attendees", "30")],
    )
    .await;
}

#[tokio::test]
async fn garbage_addresses_and_fields_never_cause_a_server_error() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let date = iso(a_saturday());
    let booking = requested(&cast.member.browser, &hut, &date, &[]).await;
    for path in [
        "/resources/abc",
        "/resources/0",
        "/resources/-1",
        "/resources/99999999999999999999999",
        "/resources/abc/month",
        "/resources/abc/request",
        "/resources/abc/edit",
        "/resources/abc/blackouts",
        "/resources/abc/busy.ics",
        "/resources/abc/feed.ics?token=abc",
        "/bookings/abc",
        "/bookings/0/event.ics",
        "/bookings/999999/approve",
        "/series/nicht-da",
        "/nope",
        "/resources",
    ] {
        let page = manager.get(&format!("{BOOKINGS}{path}")).await;
        assert_eq!(page.status.as_u16(), 404, "{path}: {}", page.body);
    }
    for query in [
        "?date=morgen",
        "?date=2026-02-30",
        "?date=",
        "?date=99999-01-01",
        "?date=%00",
    ] {
        manager
            .get(&format!("{hut}/request{query}"))
            .await
            .assert_status(200);
    }
    for path in [
        format!("{BOOKINGS}/resources/abc/edit"),
        format!("{BOOKINGS}/resources/abc/token"),
        format!("{BOOKINGS}/resources/abc/blackouts"),
        format!("{hut}/blackouts/abc/delete"),
        format!("{hut}/blackouts/999999/delete"),
        format!("{BOOKINGS}/bookings/abc/approve"),
        format!("{BOOKINGS}/bookings/abc/decline"),
        format!("{BOOKINGS}/bookings/abc/cancel"),
        format!("{BOOKINGS}/series/abc/decide"),
        format!("{BOOKINGS}/series/abc/cancel"),
        format!("{BOOKINGS}/resources/abc/request"),
    ] {
        let page = manager.post_form(&path, &[("reason", "x")]).await;
        assert_eq!(page.status.as_u16(), 404, "POST {path}: {}", page.body);
    }
    // Nonsense in every field of the request form is refused field by field.
    for (fields, message) in [
        (
            vec![("weeks", "0")],
            "Bitte eine Zahl von 1 bis 52 angeben.",
        ),
        (
            vec![("weeks", "53")],
            "Bitte eine Zahl von 1 bis 52 angeben.",
        ),
        (
            vec![("weeks", "-1")],
            "Bitte eine Zahl von 1 bis 52 angeben.",
        ),
        (
            vec![("weeks", "2"), ("end_date", "2099-01-01")],
            "Eine Serie muss am selben Tag enden",
        ),
        (vec![("end_date", "übermorgen")], "Bitte ein Datum angeben."),
        (
            vec![("attendees", "0")],
            "Bitte die erwartete Zahl der Personen angeben.",
        ),
        (
            vec![("attendees", "-5")],
            "Bitte die erwartete Zahl der Personen angeben.",
        ),
        (
            vec![("attendees", "99999999999999")],
            "Bitte die erwartete Zahl der Personen angeben.",
        ),
        (vec![("purpose", "Zwei\nZeilen")], "Der Zweck ist zu lang"),
        (
            vec![("start", "24:00"), ("end", "24:00")],
            "Bitte eine Uhrzeit angeben",
        ),
        (vec![("date", "2026-02-29")], "Bitte ein Datum angeben."),
    ] {
        let page = request(&cast.member.browser, &hut, &date, &fields).await;
        assert_eq!(page.status.as_u16(), 422, "{fields:?}: {}", page.body);
        page.assert_contains(message);
    }
    let long_note = "n".repeat(2001);
    request(&cast.member.browser, &hut, &date, &[("note", &long_note)])
        .await
        .assert_status(422)
        .assert_contains(TEXT_TOO_LONG)
        .assert_contains(&long_note);
    // A form with no fields at all, and one with unknown ones.
    cast.member
        .browser
        .post_form(&format!("{hut}/request"), &[])
        .await
        .assert_status(422);
    cast.member
        .browser
        .post_form(&format!("{hut}/request"), &[("datum", &date), ("x", "y")])
        .await
        .assert_status(422);
    // Markup stays text.
    let markup = requested(
        &cast.member.browser,
        &hut,
        &date,
        &[
            ("start", "16:00"),
            ("end", "18:00"),
            ("purpose", "<script>alert(1)</script>"),
        ],
    )
    .await;
    manager
        .get(&markup)
        .await
        .assert_lacks("<script>alert(1)</script>")
        .assert_contains("&lt;script&gt;");
    assert_eq!(stored_bookings(&cast.app).await.len(), 2);
    assert_eq!(status_of(&cast.app, &booking).await, "pending");
}

// ---------------------------------------------------------------------------------------
// Overlapping requests
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn approving_a_request_declines_the_overlapping_ones_with_a_clear_reason() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let date = iso(saturday);
    let first = requested(
        &cast.member.browser,
        &hut,
        &date,
        &[("start", "10:00"), ("end", "14:00"), ("purpose", "Brunch")],
    )
    .await;
    let rival = requested(
        &cast.target.browser,
        &hut,
        &date,
        &[
            ("start", "12:00"),
            ("end", "16:00"),
            ("purpose", "Grillen mit Tilo"),
        ],
    )
    .await;
    // Overlaps the rival but not the first.
    let later = requested(
        &cast.moderator.browser,
        &hut,
        &date,
        &[("start", "15:00"), ("end", "18:00"), ("purpose", "Kaffee")],
    )
    .await;
    let evening = requested(
        &cast.member.browser,
        &hut,
        &date,
        &[
            ("start", "18:00"),
            ("end", "20:00"),
            ("purpose", "Abendessen"),
        ],
    )
    .await;
    // The queue marks the requests that overlap another.
    let queue = manager.get(&format!("{BOOKINGS}/queue")).await;
    assert_eq!(
        queue.body.matches("Überschneidung").count(),
        3,
        "{}",
        queue.body
    );

    // The approval page names the rival (and only it) before anything happens.
    let page = manager.get(&format!("{first}/approve")).await;
    page.assert_status(200)
        .assert_contains("Überschneidende Anfragen")
        .assert_contains(&format!(r#"href="{rival}""#))
        .assert_contains("12:00–16:00")
        .assert_contains("Grillen mit Tilo")
        .assert_contains("Tilo Target")
        .assert_contains("Bestätigen und die anderen ablehnen")
        .assert_lacks("Kaffee")
        .assert_lacks("Abendessen");
    manager
        .get(&format!("{evening}/approve"))
        .await
        .assert_contains("Keine andere Anfrage überschneidet sich mit dieser.");
    assert_eq!(with_status(&cast.app, "pending").await, 4);

    approve(manager, &first).await.assert_redirect(&first);
    assert_eq!(status_of(&cast.app, &first).await, "approved");
    assert_eq!(status_of(&cast.app, &rival).await, "declined");
    assert_eq!(status_of(&cast.app, &later).await, "pending");
    assert_eq!(status_of(&cast.app, &evening).await, "pending");
    cast.target
        .browser
        .get(&rival)
        .await
        .assert_contains(&badge("abgelehnt"))
        .assert_contains(GIVEN_TO_ANOTHER);
    let told = notifications(&cast.app, cast.target.id, "decisions").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "Grillhütte: Buchung abgelehnt");
    assert!(told[0].1.contains(GIVEN_TO_ANOTHER), "{told:?}");
    assert_eq!(
        notifications(&cast.app, cast.member.id, "decisions")
            .await
            .len(),
        1
    );
    assert!(
        notifications(&cast.app, cast.moderator.id, "decisions")
            .await
            .is_empty()
    );

    // What did not overlap the approved booking can still be approved.
    approve(manager, &later).await.assert_redirect(&later);
    approve(manager, &evening).await.assert_redirect(&evening);
    assert_eq!(with_status(&cast.app, "approved").await, 3);
}

#[tokio::test]
async fn a_request_whose_time_is_already_taken_or_blocked_cannot_be_approved() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let date = iso(saturday);
    let waiting = requested(&cast.member.browser, &hut, &date, &[("purpose", "Wartet")]).await;
    // The managers switch the hut to confirming at once: a later request overlapping the
    // pending one is confirmed, since only approved bookings hold a time for good.
    edit_resource(manager, &hut, &[("acceptance", "auto")])
        .await
        .assert_redirect(&hut);
    let quick = requested(
        &cast.target.browser,
        &hut,
        &date,
        &[
            ("start", "12:00"),
            ("end", "16:00"),
            ("purpose", "Schneller"),
        ],
    )
    .await;
    cast.target
        .browser
        .get(&quick)
        .await
        .assert_contains("Ihre Buchung ist bestätigt.")
        .assert_contains(&badge("bestätigt"));
    assert_eq!(status_of(&cast.app, &quick).await, "approved");

    // The approval page warns; approving is refused and changes nothing.
    manager
        .get(&format!("{waiting}/approve"))
        .await
        .assert_status(200)
        .assert_contains(TAKEN);
    let page = approve(manager, &waiting).await;
    page.assert_status(422).assert_contains(TAKEN);
    assert_eq!(status_of(&cast.app, &waiting).await, "pending");
    assert_eq!(status_of(&cast.app, &quick).await, "approved");
    assert!(
        notifications(&cast.app, cast.member.id, "decisions")
            .await
            .is_empty()
    );

    // The same with a blocked period put over a pending request.
    edit_resource(manager, &hut, &[("acceptance", "approval")])
        .await
        .assert_redirect(&hut);
    let next_week = iso(saturday + time::Duration::days(7));
    let blocked = requested(&cast.member.browser, &hut, &next_week, &[]).await;
    block(
        manager,
        &hut,
        &format!("{next_week}T09:00"),
        &format!("{next_week}T11:00"),
        "Baumfällarbeiten",
    )
    .await;
    approve(manager, &blocked)
        .await
        .assert_status(422)
        .assert_contains(BLOCKED);
    assert_eq!(status_of(&cast.app, &blocked).await, "pending");
    // Declining it still works.
    decline(manager, &blocked, "Baumfällarbeiten")
        .await
        .assert_redirect(&blocked);
}

// ---------------------------------------------------------------------------------------
// Weekly series
// ---------------------------------------------------------------------------------------

/// The ids of the date checkboxes of a series page, in order.
fn approve_boxes(page: &Page) -> Vec<String> {
    page.body
        .split(r#"name="approve" value=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("end of the value")].to_owned())
        .collect()
}

#[tokio::test]
async fn a_weekly_series_shows_its_conflicts_first_and_books_only_the_free_dates() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let tuesday = weekday_ahead(Weekday::Tuesday, 14);
    let dates: Vec<Date> = (0..4).map(|w| tuesday + time::Duration::weeks(w)).collect();
    // Tilo has the third Tuesday evening.
    approved(
        &cast,
        &cast.target.browser,
        &hut,
        &iso(dates[2]),
        &[("start", "19:00"), ("end", "21:00")],
    )
    .await;
    let date = iso(tuesday);
    let series = request_fields(
        &date,
        &[
            ("start", "18:00"),
            ("end", "20:00"),
            ("purpose", "Chorprobe des Gesangvereins"),
            ("attendees", "25"),
            ("weeks", "4"),
        ],
    );
    let path = format!("{hut}/request");
    let report = cast.member.browser.post_form(&path, &series).await;
    report
        .assert_status(200)
        .assert_contains("3 von 4 Terminen sind frei.")
        .assert_contains("3 freie Termine anfragen")
        .assert_contains(r#"name="purpose" value="Chorprobe des Gesangvereins""#)
        .assert_contains(r#"name="weeks" value="4""#);
    let rows: Vec<&str> = report.body.split("<tr><td>").skip(1).collect();
    assert_eq!(rows.len(), 4, "one row per date: {}", report.body);
    for (row, day) in rows.iter().zip(&dates) {
        assert!(
            row.starts_with(&format!("{}, 18:00–20:00", label(*day))),
            "{row}"
        );
    }
    assert!(rows[2].contains(TAKEN), "{}", rows[2]);
    for free in [0, 1, 3] {
        assert!(rows[free].contains("frei") && !rows[free].contains(TAKEN));
    }
    // Nothing is stored before it is confirmed.
    assert_eq!(stored_bookings(&cast.app).await.len(), 1);
    // "Change" brings the form back as it was.
    let mut change = series.clone();
    change.push(("edit", "on"));
    cast.member
        .browser
        .post_form(&path, &change)
        .await
        .assert_status(200)
        .assert_contains(r#"value="Chorprobe des Gesangvereins""#)
        .assert_contains(r#"value="4""#)
        .assert_contains("Anfrage senden");
    assert_eq!(stored_bookings(&cast.app).await.len(), 1);

    // Confirmed: the free dates are requested as one series, the taken one is left out.
    let mut confirm = series.clone();
    confirm.push(("confirm", "on"));
    let page = cast.member.browser.post_form(&path, &confirm).await;
    page.assert_status(303);
    let location = page.location().expect("a Location header").to_owned();
    let key = location
        .strip_prefix(&format!("{BOOKINGS}/series/"))
        .unwrap_or_else(|| panic!("not a series: {location}"))
        .to_owned();
    let stored: Vec<Stored> = stored_bookings(&cast.app)
        .await
        .into_iter()
        .filter(|b| b.series.as_deref() == Some(key.as_str()))
        .collect();
    assert_eq!(stored.len(), 3, "{stored:?}");
    assert!(stored.iter().all(|b| b.status == "pending"));
    assert!(
        stored
            .iter()
            .all(|b| b.purpose == "Chorprobe des Gesangvereins")
    );
    let series_page = cast.member.browser.get(&location).await;
    series_page
        .assert_status(200)
        .assert_contains("Die Serie ist angefragt.")
        .assert_contains("Chorprobe des Gesangvereins");
    for day in [dates[0], dates[1], dates[3]] {
        series_page.assert_contains(&format!("{}, 18:00–20:00", label(day)));
    }
    series_page.assert_lacks(&label(dates[2]));
    // The managers hear once, for the whole series; the queue shows it as one entry.
    let told = notifications(&cast.app, cast.manager.id, "requests").await;
    assert_eq!(told.len(), 2, "Tilo's request and the series: {told:?}");
    manager
        .get(&format!("{BOOKINGS}/queue"))
        .await
        .assert_contains("Serie, 3 Termine")
        .assert_contains(&format!(r#"href="{location}""#));
    // The series is nobody else's business.
    for browser in [&cast.target.browser, &cast.visitor, &cast.outsider.browser] {
        browser.get(&location).await.assert_status(404);
    }
    // "Approve all dates" needs no reason: nothing is declined.
    manager
        .post_form(
            &format!("{location}/decide"),
            &[("all", "on"), ("reason", "")],
        )
        .await
        .assert_redirect(&location);
    assert_eq!(with_status(&cast.app, "approved").await, 4);
    let told = notifications(&cast.app, cast.member.id, "decisions").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].1.starts_with("3 Termine ab"), "{told:?}");
}

#[tokio::test]
async fn managers_decide_a_series_with_exceptions_and_say_why() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let tuesday = weekday_ahead(Weekday::Tuesday, 14);
    let page = request(
        &cast.member.browser,
        &hut,
        &iso(tuesday),
        &[
            ("start", "18:00"),
            ("end", "20:00"),
            ("purpose", "Training der Jugendfeuerwehr"),
            ("weeks", "3"),
            ("confirm", "on"),
        ],
    )
    .await;
    page.assert_status(303);
    let location = page.location().expect("a Location header").to_owned();
    let page = manager.get(&location).await;
    page.assert_status(200)
        .assert_contains("Mia Mitglied")
        .assert_contains("Welche Termine bestätigen?");
    let boxes = approve_boxes(&page);
    assert_eq!(boxes.len(), 3, "{}", page.body);
    // The members cannot decide it themselves.
    cast.member
        .browser
        .post_form(
            &format!("{location}/decide"),
            &[
                ("approve", &boxes[0]),
                ("approve", &boxes[1]),
                ("approve", &boxes[2]),
            ],
        )
        .await
        .assert_status(403);

    // Declining dates needs a reason, like declining one request.
    let decide = format!("{location}/decide");
    manager
        .post_form(
            &decide,
            &[
                ("approve", &boxes[0]),
                ("approve", &boxes[2]),
                ("reason", ""),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains(REASON_MISSING)
        // The ticks come back as sent, so adding the reason does not approve everything.
        .assert_contains(&format!(r#"value="{}" checked>"#, boxes[0]))
        .assert_contains(&format!(r#"value="{}">"#, boxes[1]))
        .assert_contains(&format!(r#"value="{}" checked>"#, boxes[2]));
    // A reason that is too long comes back as typed.
    let long = "Weil ".repeat(250);
    manager
        .post_form(&decide, &[("approve", &boxes[0]), ("reason", &long)])
        .await
        .assert_status(422)
        .assert_contains(TEXT_TOO_LONG)
        .assert_contains(long.trim());
    assert_eq!(with_status(&cast.app, "pending").await, 3);

    // The first and the third approved, the second declined with the reason.
    let reason = "Am zweiten Dienstag tagt der Gemeinderat in der Hütte.";
    manager
        .post_form(
            &decide,
            &[
                ("approve", &boxes[0]),
                ("approve", &boxes[2]),
                ("reason", reason),
            ],
        )
        .await
        .assert_redirect(&location);
    let stored = stored_bookings(&cast.app).await;
    let by_id = |id: &str| {
        stored
            .iter()
            .find(|b| b.id.to_string() == id)
            .expect("a stored date")
    };
    assert_eq!(by_id(&boxes[0]).status, "approved");
    assert_eq!(by_id(&boxes[1]).status, "declined");
    assert_eq!(by_id(&boxes[1]).reason, reason);
    assert_eq!(by_id(&boxes[2]).status, "approved");
    cast.member
        .browser
        .get(&location)
        .await
        .assert_contains(&badge("bestätigt"))
        .assert_contains(&badge("abgelehnt"))
        .assert_contains(reason);
    // The requester hears once for the approved dates and once for the declined one.
    let told = notifications(&cast.app, cast.member.id, "decisions").await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert_eq!(told[0].0, "Grillhütte: Buchung bestätigt");
    assert!(told[0].1.starts_with("2 Termine ab"), "{told:?}");
    assert_eq!(told[1].0, "Grillhütte: Buchung abgelehnt");
    assert!(told[1].1.contains(reason), "{told:?}");
    // Nothing is left to decide.
    manager
        .get(&format!("{BOOKINGS}/queue"))
        .await
        .assert_contains("Keine offenen Anfragen.");
    // The requester cancels the rest of the series at once.
    cast.member
        .browser
        .post_form(&format!("{location}/cancel"), &[("reason", "")])
        .await
        .assert_redirect(&location);
    assert_eq!(with_status(&cast.app, "cancelled").await, 2);
    assert_eq!(with_status(&cast.app, "declined").await, 1);
}

#[tokio::test]
async fn a_weekly_series_keeps_its_evening_across_the_change_of_clocks() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let change = next_change_of_clocks();
    // Two Tuesdays before the change and two after.
    let first = change - time::Duration::days(12);
    let date = iso(first);
    let page = request(
        &cast.member.browser,
        &hut,
        &date,
        &[
            ("start", "18:00"),
            ("end", "20:00"),
            ("purpose", "Chorprobe"),
            ("weeks", "4"),
            ("confirm", "on"),
        ],
    )
    .await;
    page.assert_status(303);
    let series = cast
        .member
        .browser
        .get(page.location().expect("a Location header"))
        .await;
    for week in 0..4 {
        let day = first + time::Duration::weeks(week);
        series.assert_contains(&format!("{}, 18:00–20:00", label(day)));
    }
    let mut stored = stored_bookings(&cast.app).await;
    stored.sort_by_key(|b| b.starts);
    assert_eq!(stored.len(), 4);
    const HOUR: i64 = 3_600_000;
    for b in &stored {
        assert_eq!(b.ends - b.starts, 2 * HOUR);
    }
    // A week across the change is an hour longer or shorter than 168 hours.
    let gaps: Vec<i64> = stored
        .windows(2)
        .map(|w| w[1].starts - w[0].starts)
        .collect();
    let week = 7 * 24 * HOUR;
    assert_eq!(gaps[0], week);
    assert_ne!(gaps[1], week);
    assert_eq!((gaps[1] - week).abs(), HOUR);
    assert_eq!(gaps[2], week);
    // And the managers' calendar app shows every date at 18:00 Berlin time.
    let token = feed_token(&manager.get(&hut).await).expect("the managers' feed link");
    let feed = cast
        .visitor
        .get(&format!("{hut}/feed.ics?token={token}"))
        .await;
    let lines = icalendar(&feed);
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 4);
    for week in 0..4 {
        let day = first + time::Duration::weeks(week);
        let start = format!("DTSTART;TZID=Europe/Berlin:{}T180000", ics_date(day));
        assert!(lines.contains(&start), "{start}");
    }
}

// ---------------------------------------------------------------------------------------
// Who sees what
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn others_never_see_who_booked_or_why_in_calendars_feeds_or_booking_pages() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let sunday = saturday + time::Duration::days(1);
    let birthday = approved(
        &cast,
        &cast.member.browser,
        &hut,
        &iso(saturday),
        &[
            ("purpose", "Geburtstag von Oma Erna"),
            ("contact", "0171 2345678"),
            ("attendees", "37"),
            ("note", "Wir bringen den Grill selbst mit."),
        ],
    )
    .await;
    let christening = requested(
        &cast.member.browser,
        &hut,
        &iso(sunday),
        &[
            ("start", "11:00"),
            ("end", "13:00"),
            ("purpose", "Taufe von Baby Paul"),
        ],
    )
    .await;
    let secrets = [
        "Oma Erna",
        "0171 2345678",
        "Grill selbst",
        "Baby Paul",
        "Mia Mitglied",
    ];
    let unknown = format!("{BOOKINGS}/bookings/{}", id_of(&christening) + 1000);
    // Visitors, other members, moderators and members of other communities.
    for (who, browser) in [
        ("visitor", &cast.visitor),
        ("another member", &cast.target.browser),
        ("moderator", &cast.moderator.browser),
        ("outsider", &cast.outsider.browser),
    ] {
        let week = browser.get(&week_path(&hut, saturday)).await;
        week.assert_status(200)
            .assert_contains("10:00–14:00:")
            .assert_contains("belegt")
            .assert_contains("11:00–13:00:")
            .assert_contains("angefragt");
        let month = browser.get(&month_path(&hut, saturday)).await;
        month.assert_status(200);
        let busy = browser.get(&format!("{hut}/busy.ics")).await;
        let lines = icalendar(&busy);
        assert!(lines.contains(&"SUMMARY:Belegt".to_owned()), "{who}");
        for page in [&week, &month, &busy] {
            for secret in secrets {
                assert!(
                    !page.body.contains(secret),
                    "{who} sees {secret:?} in {}",
                    page.path
                );
            }
            // Not even the ids, which would lead to the booking pages.
            for booking in [&birthday, &christening] {
                assert!(
                    !page.body.contains(&format!("{booking}\"")),
                    "{who}: {}",
                    page.path
                );
            }
        }
        // Booking pages and their calendar files are "not found", whether they exist or not.
        for path in [
            birthday.clone(),
            christening.clone(),
            unknown.clone(),
            format!("{birthday}/event.ics"),
            format!("{unknown}/event.ics"),
            format!("{BOOKINGS}/bookings/abc"),
        ] {
            let page = browser.get(&path).await;
            assert_eq!(page.status.as_u16(), 404, "{who}: GET {path}");
            for secret in secrets {
                assert!(
                    !page.body.contains(secret),
                    "{who} sees {secret:?} at {path}"
                );
            }
        }
        // "My bookings" of someone else does not list them either.
        let mine = browser.get(&format!("{BOOKINGS}/mine")).await;
        for secret in secrets {
            assert!(
                !mine.body.contains(secret),
                "{who}: {secret:?} in my bookings"
            );
        }
    }
    // The requester sees her own bookings; the managers see everything.
    cast.member
        .browser
        .get(&week_path(&hut, saturday))
        .await
        .assert_contains("Geburtstag von Oma Erna")
        .assert_contains("Taufe von Baby Paul");
    cast.member
        .browser
        .get(&birthday)
        .await
        .assert_status(200)
        .assert_contains("Wir bringen den Grill selbst mit.");
    manager
        .get(&week_path(&hut, saturday))
        .await
        .assert_contains("Geburtstag von Oma Erna")
        .assert_contains("Mia Mitglied");
    manager
        .get(&birthday)
        .await
        .assert_status(200)
        .assert_contains("Mia Mitglied")
        .assert_contains("0171 2345678")
        .assert_contains("<dd>37</dd>");

    // The manager of another community, with the module on there, finds nothing of
    // ransbach's by trying its ids there, and cannot decide on them.
    set_module(&cast.outsider.browser, "other", "bookings", true).await;
    let there = "/c/other/bookings";
    let hut_id = hut.rsplit('/').next().expect("an id");
    let id = id_of(&christening);
    for path in [
        format!("{there}/bookings/{id}"),
        format!("{there}/bookings/{id}/event.ics"),
        format!("{there}/bookings/{id}/approve"),
        format!("{there}/resources/{hut_id}"),
        format!("{there}/resources/{hut_id}/busy.ics"),
    ] {
        cast.outsider.browser.get(&path).await.assert_status(404);
    }
    cast.outsider
        .browser
        .post_form(&format!("{there}/bookings/{id}/approve"), &[])
        .await
        .assert_status(404);
    cast.outsider
        .browser
        .get(&format!("{there}/queue"))
        .await
        .assert_status(200)
        .assert_contains("Keine offenen Anfragen.");
    assert_eq!(status_of(&cast.app, &christening).await, "pending");
}

#[tokio::test]
async fn an_approved_public_event_shows_its_purpose_to_everyone_but_not_who_asked() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let event = requested(
        &cast.target.browser,
        &hut,
        &iso(saturday),
        &[
            ("start", "15:00"),
            ("end", "23:00"),
            ("purpose", "Sommerfest des Sportvereins"),
            ("contact", "tilo@example.org"),
            ("public_event", "on"),
        ],
    )
    .await;
    // Until it is approved it is a request like any other.
    for browser in [&cast.visitor, &cast.member.browser] {
        browser
            .get(&week_path(&hut, saturday))
            .await
            .assert_lacks("Sommerfest des Sportvereins");
    }
    approve(manager, &event).await.assert_redirect(&event);
    for browser in [&cast.visitor, &cast.member.browser, &cast.outsider.browser] {
        for path in [week_path(&hut, saturday), month_path(&hut, saturday)] {
            browser
                .get(&path)
                .await
                .assert_status(200)
                .assert_contains("Sommerfest des Sportvereins")
                .assert_lacks("Tilo Target")
                .assert_lacks("tilo@example.org");
        }
        let busy = browser.get(&format!("{hut}/busy.ics")).await;
        let lines = icalendar(&busy);
        assert!(lines.contains(&"SUMMARY:Sommerfest des Sportvereins".to_owned()));
        assert!(!busy.body.contains("Tilo") && !busy.body.contains("tilo@example.org"));
        // Its page stays the requester's and the managers'.
        browser.get(&event).await.assert_status(404);
    }
}

#[tokio::test]
async fn the_managers_feed_needs_the_current_secret_link() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let tent = create_resource(manager, &[("name", "Festzelt")]).await;
    approved(
        &cast,
        &cast.member.browser,
        &hut,
        &iso(a_saturday()),
        &[
            ("purpose", "Hochzeit im Grünen"),
            ("contact", "0171 2345678"),
        ],
    )
    .await;
    // The link is on the resource page for managers only.
    let token = feed_token(&manager.get(&hut).await).expect("the managers' feed link");
    let tent_token = feed_token(&manager.get(&tent).await).expect("the tent's feed link");
    assert_ne!(token, tent_token);
    for browser in [
        &cast.visitor,
        &cast.member.browser,
        &cast.moderator.browser,
        &cast.outsider.browser,
    ] {
        let page = browser.get(&hut).await;
        page.assert_status(200)
            .assert_contains(&format!("{hut}/busy.ics"))
            .assert_lacks("feed.ics")
            .assert_lacks(&token);
    }
    // With the right token anyone's calendar app gets the details (the token is the key).
    let feed = cast
        .visitor
        .get(&format!("{hut}/feed.ics?token={token}"))
        .await;
    icalendar(&feed);
    feed.assert_contains("Hochzeit im Grünen")
        .assert_contains("Mia Mitglied")
        .assert_contains("0171 2345678");
    // Without it, nothing at all.
    let mut wrong = token.clone();
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(31.., last);
    for query in [
        format!("?token={wrong}"),
        "?token=".to_owned(),
        String::new(),
        format!("?token={}", &token[..31]),
        format!("?token={token}0"),
        format!("?token={tent_token}"),
        format!("?token={}", token.to_uppercase()),
    ] {
        let page = cast.visitor.get(&format!("{hut}/feed.ics{query}")).await;
        assert_eq!(page.status.as_u16(), 404, "{query}");
        page.assert_lacks("Hochzeit");
    }
    // Only managers renew it; then the old link stops working.
    cast.member
        .browser
        .post_form(&format!("{hut}/token"), &[])
        .await
        .assert_status(403);
    cast.visitor
        .get(&format!("{hut}/feed.ics?token={token}"))
        .await
        .assert_status(200);
    manager
        .post_form(&format!("{hut}/token"), &[])
        .await
        .assert_redirect(&hut);
    let page = manager.get(&hut).await;
    page.assert_contains("Der geheime Link ist neu; der alte funktioniert nicht mehr.");
    let renewed = feed_token(&page).expect("the new feed link");
    assert_ne!(renewed, token);
    cast.visitor
        .get(&format!("{hut}/feed.ics?token={token}"))
        .await
        .assert_status(404);
    let feed = cast
        .visitor
        .get(&format!("{hut}/feed.ics?token={renewed}"))
        .await;
    icalendar(&feed);
    feed.assert_contains("Hochzeit im Grünen");
    // The other resource's link was not touched.
    cast.visitor
        .get(&format!("{tent}/feed.ics?token={tent_token}"))
        .await
        .assert_status(200);
}

// ---------------------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn calendar_feeds_are_valid_icalendar_in_berlin_time() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    // An empty calendar is valid too.
    let empty = icalendar(&cast.visitor.get(&format!("{hut}/busy.ics")).await);
    assert!(components(&empty, "VEVENT").is_empty());

    // A summer evening (CEST, UTC+2) with a long purpose full of umlauts, commas and
    // semicolons, so lines must be folded and text escaped; and a winter evening (CET).
    let summer = saturday_in(&[Month::June, Month::July, Month::August]);
    let winter = saturday_in(&[Month::December, Month::January, Month::February]);
    let purpose = "Sommerfest der Nachbarschaft, mit Grillwürstchen; Kuchen, Musik und \
                   Tanz bis in den späten Abend – alle sind herzlich willkommen";
    let party = approved(
        &cast,
        &cast.member.browser,
        &hut,
        &iso(summer),
        &[
            ("start", "18:00"),
            ("end", "22:00"),
            ("purpose", purpose),
            ("contact", "0171 2345678"),
            ("note", "Schlüssel bitte\r\nbeim Hausmeister abholen."),
        ],
    )
    .await;
    let pending = requested(
        &cast.target.browser,
        &hut,
        &iso(winter),
        &[
            ("start", "18:00"),
            ("end", "20:00"),
            ("purpose", "Glühweinabend"),
        ],
    )
    .await;
    let escaped_purpose = purpose.replace(',', "\\,").replace(';', "\\;");

    // The public feed: approved bookings only, as "Belegt".
    let busy = cast.visitor.get(&format!("{hut}/busy.ics")).await;
    let lines = icalendar(&busy);
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 1, "{lines:?}");
    let day = ics_date(summer);
    assert_eq!(
        value(&events[0], "DTSTART;TZID=Europe/Berlin"),
        Some(format!("{day}T180000").as_str())
    );
    assert_eq!(
        value(&events[0], "DTEND;TZID=Europe/Berlin"),
        Some(format!("{day}T220000").as_str())
    );
    assert_eq!(value(&events[0], "SUMMARY"), Some("Belegt"));
    assert!(value(&events[0], "DESCRIPTION").is_none());

    // The managers' feed: pending requests as tentative, with every detail.
    let token = feed_token(&manager.get(&hut).await).expect("the managers' feed link");
    let feed = cast
        .visitor
        .get(&format!("{hut}/feed.ics?token={token}"))
        .await;
    let lines = icalendar(&feed);
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 2, "{lines:?}");
    let find = |date: Date| {
        let start = format!("{}T180000", ics_date(date));
        events
            .iter()
            .find(|e| value(e, "DTSTART;TZID=Europe/Berlin") == Some(start.as_str()))
            .unwrap_or_else(|| panic!("no event at {start}: {lines:?}"))
    };
    let summer_event = find(summer);
    assert_eq!(
        value(summer_event, "SUMMARY"),
        Some(format!("Grillhütte: {escaped_purpose}").as_str())
    );
    assert_eq!(value(summer_event, "STATUS"), Some("CONFIRMED"));
    let description = value(summer_event, "DESCRIPTION").expect("a description");
    for detail in [
        "Mia Mitglied",
        "0171 2345678",
        "Schlüssel bitte\\nbeim Hausmeister abholen.",
    ] {
        assert!(description.contains(detail), "{detail} in {description}");
    }
    let winter_event = find(winter);
    assert_eq!(value(winter_event, "STATUS"), Some("TENTATIVE"));
    assert_eq!(
        value(winter_event, "DTEND;TZID=Europe/Berlin"),
        Some(format!("{}T200000", ics_date(winter)).as_str())
    );
    // The long lines were folded, and folding did not cut a character in two.
    assert!(feed.body.contains("\r\n "), "folded lines");

    // One booking for one's own calendar: the requester's (and the managers') only.
    let own = cast.member.browser.get(&format!("{party}/event.ics")).await;
    let lines = icalendar(&own);
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 1);
    assert_eq!(
        value(&events[0], "DTSTART;TZID=Europe/Berlin"),
        Some(format!("{day}T180000").as_str())
    );
    let disposition = own
        .headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        disposition.contains(&format!("booking-{}.ics", id_of(&party))),
        "{disposition}"
    );
    icalendar(&manager.get(&format!("{pending}/event.ics")).await);
    cast.target
        .browser
        .get(&format!("{party}/event.ics"))
        .await
        .assert_status(404);
    // The same event keeps its UID in every feed, so calendar apps do not duplicate it.
    let uid = value(&events[0], "UID").expect("a UID").to_owned();
    let busy_uid = components(&icalendar(&busy), "VEVENT")[0]
        .iter()
        .find_map(|l| l.strip_prefix("UID:").map(str::to_owned));
    assert_eq!(busy_uid, Some(uid));
}

// ---------------------------------------------------------------------------------------
// Never twice: requests and approvals at the same time
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_requests_for_one_slot_confirm_exactly_one() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "auto").await;
    let people = neighbours(&cast, 50).await;
    let date = iso(a_saturday());
    let posts = people
        .iter()
        .map(|p| {
            let purpose = format!("Feier von {}", p.name);
            (
                p.browser.clone(),
                format!("{hut}/request"),
                owned_fields(&request_fields(&date, &[("purpose", &purpose)])),
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    assert_exactly_one_confirmed(&cast.app, &pages).await;
    // Everyone sees one booking in the calendar.
    let week = cast.visitor.get(&week_path(&hut, a_saturday())).await;
    assert_eq!(week.body.matches("10:00–14:00:").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_approvals_of_overlapping_requests_approve_at_most_one() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let people = neighbours(&cast, 50).await;
    let date = iso(a_saturday());
    // Fifty requests that all overlap from 10 to 12 h, each ending at another hour.
    let mut requests = vec![];
    for (i, person) in people.iter().enumerate() {
        let end = format!("{}:00", 12 + i % 10);
        requests.push(requested(&person.browser, &hut, &date, &[("end", &end)]).await);
    }
    let posts = requests
        .iter()
        .map(|booking| {
            (
                cast.manager.browser.clone(),
                format!("{booking}/approve"),
                vec![],
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    assert_at_most_one_approved(&cast.app, &pages, &people).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_confirm_exactly_one_of_fifty_requests() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "auto").await;
    let people = neighbours(&cast, 50).await;
    // A second `quartier serve` on the same database, as behind a load balancer.
    let second = cast.app.another_server().await;
    let date = iso(a_saturday());
    let mut posts = vec![];
    for (i, person) in people.iter().enumerate() {
        let browser = if i % 2 == 0 {
            person.browser.clone()
        } else {
            second.logged_in(&person.email, PASSWORD).await
        };
        posts.push((
            browser,
            format!("{hut}/request"),
            owned_fields(&request_fields(&date, &[])),
        ));
    }
    let pages = all_at_once(posts).await;
    assert_exactly_one_confirmed(&cast.app, &pages).await;
    // Both servers show the one booking.
    for browser in [cast.visitor.clone(), second.client()] {
        let week = browser.get(&week_path(&hut, a_saturday())).await;
        assert_eq!(week.body.matches("10:00–14:00:").count(), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_database_approve_at_most_one_of_fifty_overlapping_requests() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let people = neighbours(&cast, 50).await;
    let date = iso(a_saturday());
    let mut requests = vec![];
    for (i, person) in people.iter().enumerate() {
        let start = format!("{:02}:00", 8 + i % 4);
        requests.push(
            requested(
                &person.browser,
                &hut,
                &date,
                &[("start", &start), ("end", "14:00")],
            )
            .await,
        );
    }
    let second = cast.app.another_server().await;
    let manager_there = second.logged_in(&cast.manager.email, PASSWORD).await;
    let posts = requests
        .iter()
        .enumerate()
        .map(|(i, booking)| {
            let browser = if i % 2 == 0 {
                cast.manager.browser.clone()
            } else {
                manager_there.clone()
            };
            (browser, format!("{booking}/approve"), vec![])
        })
        .collect();
    let pages = all_at_once(posts).await;
    assert_at_most_one_approved(&cast.app, &pages, &people).await;
}

// ---------------------------------------------------------------------------------------
// Lists and calendars
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn my_bookings_lists_my_own_bookings_only() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let mine = format!("{BOOKINGS}/mine");
    cast.member
        .browser
        .get(&mine)
        .await
        .assert_status(200)
        .assert_contains("Keine kommenden Buchungen.");
    let hers = requested(
        &cast.member.browser,
        &hut,
        &iso(saturday),
        &[("purpose", "Mias Grillabend")],
    )
    .await;
    let his = requested(
        &cast.target.browser,
        &hut,
        &iso(saturday + time::Duration::days(7)),
        &[("purpose", "Tilos Skatrunde")],
    )
    .await;
    let declined = requested(
        &cast.member.browser,
        &hut,
        &iso(saturday + time::Duration::days(14)),
        &[("purpose", "Mias Flohmarkt")],
    )
    .await;
    approve(manager, &hers).await.assert_redirect(&hers);
    decline(manager, &declined, "Zu laut")
        .await
        .assert_redirect(&declined);
    let page = cast.member.browser.get(&mine).await;
    page.assert_status(200)
        .assert_contains("Mias Grillabend")
        .assert_contains(&format!(r#"href="{hers}""#))
        .assert_contains(&badge("bestätigt"))
        .assert_contains("Mias Flohmarkt")
        .assert_contains(&badge("abgelehnt"))
        .assert_lacks("Tilos Skatrunde")
        .assert_lacks(&format!(r#"href="{his}""#));
    cast.target
        .browser
        .get(&mine)
        .await
        .assert_contains("Tilos Skatrunde")
        .assert_contains(&badge("angefragt"))
        .assert_lacks("Mias");
    // Managers see their own list, not everyone's (that is the queue).
    manager
        .get(&mine)
        .await
        .assert_contains("Keine kommenden Buchungen.")
        .assert_lacks("Mias")
        .assert_lacks("Tilos");
    cast.outsider
        .browser
        .get(&mine)
        .await
        .assert_status(200)
        .assert_lacks("Mias");
    cast.visitor
        .get(&mine)
        .await
        .assert_redirect(&format!("/login?next={mine}"));
}

#[tokio::test]
async fn the_month_view_tells_free_partly_taken_requested_taken_and_blocked_days() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let saturday = a_saturday();
    let sunday = saturday + time::Duration::days(1);
    let monday = saturday + time::Duration::days(2);
    let tuesday = saturday + time::Duration::days(3);
    let wednesday = saturday + time::Duration::days(4);
    // Saturday taken from opening to closing, Sunday in part, Monday blocked all day,
    // Wednesday asked for from opening to closing but not approved yet.
    approved(
        &cast,
        &cast.member.browser,
        &hut,
        &iso(saturday),
        &[("start", "08:00"), ("end", "24:00")],
    )
    .await;
    approved(&cast, &cast.target.browser, &hut, &iso(sunday), &[]).await;
    block(
        manager,
        &hut,
        &format!("{}T00:00", iso(monday)),
        &format!("{}T00:00", iso(tuesday)),
        "Wartung",
    )
    .await;
    requested(
        &cast.moderator.browser,
        &hut,
        &iso(wednesday),
        &[("start", "08:00"), ("end", "24:00")],
    )
    .await;
    for browser in [&cast.visitor, &cast.member.browser, manager] {
        for (day, state) in [
            (saturday, "belegt"),
            (sunday, "teilweise belegt"),
            (monday, "gesperrt"),
            (tuesday, "frei"),
            (wednesday, "angefragt"),
        ] {
            let page = browser.get(&month_path(&hut, day)).await;
            assert_eq!(month_state(&page, day), state, "{}", label(day));
        }
    }
    let yesterday = days_from_today(-1);
    let page = cast.visitor.get(&month_path(&hut, yesterday)).await;
    assert_eq!(month_state(&page, yesterday), "vorbei");
    // A free day offers a request, and so does one only asked for (the request may be
    // declined); a taken or blocked one does not.
    let page = cast.member.browser.get(&month_path(&hut, tuesday)).await;
    page.assert_contains(&format!("{hut}/request?date={}", iso(tuesday)));
    let page = cast.member.browser.get(&month_path(&hut, wednesday)).await;
    page.assert_contains(&format!("{hut}/request?date={}", iso(wednesday)));
    let page = cast.member.browser.get(&month_path(&hut, saturday)).await;
    page.assert_lacks(&format!("{hut}/request?date={}", iso(saturday)));
    let page = cast.member.browser.get(&month_path(&hut, monday)).await;
    page.assert_lacks(&format!("{hut}/request?date={}", iso(monday)));
    // Closed weekdays show as such.
    let weekdays_only = create_resource(
        manager,
        &[
            ("name", "Bürgerbüro"),
            ("weekday", "1"),
            ("weekday", "2"),
            ("weekday", "3"),
            ("weekday", "4"),
            ("weekday", "5"),
        ],
    )
    .await;
    let page = cast
        .visitor
        .get(&month_path(&weekdays_only, saturday))
        .await;
    assert_eq!(month_state(&page, saturday), "geschlossen");
}

#[tokio::test]
async fn a_day_booked_from_opening_to_closing_is_taken_even_when_the_clocks_change() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "auto").await;
    // The day has 23 or 25 hours; the hut is open from 8 to 24 h by the clock all the same.
    let change = next_change_of_clocks();
    let monday = change + time::Duration::days(1);
    requested(
        &cast.member.browser,
        &hut,
        &iso(change),
        &[("start", "08:00"), ("end", "24:00")],
    )
    .await;
    requested(&cast.member.browser, &hut, &iso(monday), &[]).await;
    let page = cast.visitor.get(&month_path(&hut, change)).await;
    assert_eq!(month_state(&page, change), "belegt", "{}", label(change));
    let page = cast.visitor.get(&month_path(&hut, monday)).await;
    assert_eq!(month_state(&page, monday), "teilweise belegt");
    cast.visitor
        .get(&week_path(&hut, change))
        .await
        .assert_contains("08:00–24:00:");
    cast.visitor
        .get(&week_path(&hut, monday))
        .await
        .assert_contains("10:00–14:00:");
    // Nothing else fits into that day.
    request(
        &cast.target.browser,
        &hut,
        &iso(change),
        &[("start", "22:00"), ("end", "24:00")],
    )
    .await
    .assert_status(422)
    .assert_contains(TAKEN);
}

#[tokio::test]
async fn week_and_month_navigation_works_and_nonsense_falls_back_to_now() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let saturday = a_saturday();
    let monday = monday_of(saturday);
    let sunday = monday + time::Duration::days(6);
    let page = cast.visitor.get(&week_path(&hut, saturday)).await;
    page.assert_status(200)
        .assert_contains(&format!("Woche {} – {}", label(monday), label(sunday)))
        .assert_contains(&format!(
            "{hut}?week={}",
            iso(monday - time::Duration::days(7))
        ))
        .assert_contains(&format!(
            "{hut}?week={}",
            iso(monday + time::Duration::days(7))
        ))
        .assert_contains(&format!("{hut}?week={}", iso(monday_of(today()))));
    for offset in 0..7 {
        page.assert_contains(&label(monday + time::Duration::days(offset)));
    }
    // Following "next week" shows the week after.
    let next = monday + time::Duration::days(7);
    cast.visitor
        .get(&week_path(&hut, next))
        .await
        .assert_contains(&format!(
            "Woche {} – {}",
            label(next),
            label(next + time::Duration::days(6))
        ));
    // Without or with a nonsense week, this week.
    let this_week = format!(
        "Woche {} – {}",
        label(monday_of(today())),
        label(monday_of(today()) + time::Duration::days(6))
    );
    for query in [
        "",
        "?week=",
        "?week=nonsense",
        "?week=2026-13-45",
        "?week=%00",
        "?week=20261201",
    ] {
        cast.visitor
            .get(&format!("{hut}{query}"))
            .await
            .assert_status(200)
            .assert_contains(&this_week);
    }
    // Dates at the ends of the calendar are shown, not an error.
    for query in ["?week=0001-01-01", "?week=9999-12-31"] {
        cast.visitor
            .get(&format!("{hut}{query}"))
            .await
            .assert_status(200);
    }

    // The month view: a heading, and links to the months around it.
    let page = cast.visitor.get(&month_path(&hut, saturday)).await;
    let first = Date::from_calendar_date(saturday.year(), saturday.month(), 1).expect("a date");
    let previous = first - time::Duration::days(1);
    let following = first + time::Duration::days(31);
    page.assert_status(200)
        .assert_contains(&month_label(saturday))
        .assert_contains(&format!("{hut}/month?month={}", iso_month(previous)))
        .assert_contains(&format!("{hut}/month?month={}", iso_month(following)));
    cast.visitor
        .get(&month_path(&hut, following))
        .await
        .assert_contains(&month_label(following));
    for query in [
        "",
        "?month=",
        "?month=nonsense",
        "?month=2026-13",
        "?month=2026-1",
        "?month=%00",
    ] {
        cast.visitor
            .get(&format!("{hut}/month{query}"))
            .await
            .assert_status(200)
            .assert_contains(&month_label(today()));
    }
    for query in ["?month=0001-01", "?month=9999-12"] {
        cast.visitor
            .get(&format!("{hut}/month{query}"))
            .await
            .assert_status(200);
    }
}

// ---------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_request_form_speaks_english_to_an_english_member() {
    let cast = bookings_cast().await;
    let hut = create_hut(&cast.manager.browser, "approval").await;
    let form = format!("{hut}/request");
    cast.member
        .browser
        .post_form("/language", &[("lang", "en"), ("next", &form)])
        .await
        .assert_redirect(&form);
    let page = cast.member.browser.get(&form).await;
    page.assert_status(200)
        .assert_lang("en")
        .assert_contains("Request: Grillhütte")
        .assert_contains(">Date</label>")
        .assert_contains(">Start</label>")
        .assert_contains(">End</label>")
        .assert_contains(">Purpose</label>")
        .assert_contains(">Expected people</label>")
        .assert_contains("The managers decide on the request; you will be notified.")
        .assert_contains("Send request")
        .assert_lacks("Anfrage senden")
        .assert_lacks("Zweck");
    let date = iso(a_saturday());
    request(&cast.member.browser, &hut, &date, &[("end", "09:00")])
        .await
        .assert_status(422)
        .assert_lang("en")
        .assert_contains("The end must be after the start.");
    let booking = requested(&cast.member.browser, &hut, &date, &[]).await;
    cast.member
        .browser
        .get(&booking)
        .await
        .assert_contains("Your request has arrived.")
        .assert_contains(&badge("requested"));
    // The others keep their German.
    cast.target
        .browser
        .get(&form)
        .await
        .assert_lang("de")
        .assert_contains("Anfrage senden");
}

/// Moves a stored booking a week into the past behind the module's back, as time would.
async fn shift_into_past(app: &TestApp, booking: &str) {
    let id = id_of(booking);
    let (data,): (String,) =
        sqlx::query_as("SELECT CAST(data AS TEXT) FROM plugin_records WHERE id = $1")
            .bind(id)
            .fetch_one(app.pool())
            .await
            .expect("the booking");
    let mut data: serde_json::Value = serde_json::from_str(&data).expect("JSON data");
    let week = 7 * 24 * 3_600_000;
    let now = quartier::db::now_ms();
    let length = data["ends"].as_i64().expect("ends") - data["starts"].as_i64().expect("starts");
    data["starts"] = (now - week).into();
    data["ends"] = (now - week + length).into();
    app.write_plugin_record(id, &data).await;
}

#[tokio::test]
async fn a_request_whose_time_has_passed_is_neither_approved_nor_declined() {
    let cast = bookings_cast().await;
    let manager = &cast.manager.browser;
    let hut = create_hut(manager, "approval").await;
    let booking = requested(
        &cast.member.browser,
        &hut,
        &iso(a_saturday()),
        &[("purpose", "Zu spät entschieden")],
    )
    .await;
    manager
        .get(BOOKINGS)
        .await
        .assert_contains("Offene Anfragen (1)");
    shift_into_past(&cast.app, &booking).await;
    // No longer waiting: neither counted on the overview nor listed in the queue.
    manager
        .get(BOOKINGS)
        .await
        .assert_contains("Offene Anfragen (0)");
    manager
        .get(&format!("{BOOKINGS}/queue"))
        .await
        .assert_lacks("Zu spät entschieden");

    manager
        .post_form(&format!("{booking}/approve"), &[])
        .await
        .assert_redirect(&booking);
    manager
        .get(&booking)
        .await
        .assert_contains("Diese Anfrage liegt in der Vergangenheit")
        .assert_lacks("Bestätigen</a>");
    decline(manager, &booking, "Zu spät")
        .await
        .assert_redirect(&booking);
    assert_eq!(status_of(&cast.app, &booking).await, "pending");
}
