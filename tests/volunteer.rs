//! "Mach mit!" volunteer calls (`plugins/volunteer`, mounted at `volunteer`) from the outside:
//! organisers open calls for helpers with shifts and things to bring; members sign up, join
//! the waiting list of a full shift and pledge items. The file proves the module's rules:
//!
//! - a shift never has more confirmed people than places, not with twenty sign-ups at once;
//!   the rest wait in arrival order, and when confirmed people cancel or are removed (also
//!   at once) exactly the first waiting people move up and are told so;
//! - pledges never add up to more than was asked (unless more is welcome), also at once;
//! - names and comments of volunteers stay with the organisers (the creator, moderators and
//!   managers) on every page, the widget, the calendar files and by guessed ids; a volunteer
//!   who chose to show their name is seen by the other volunteers of the call only;
//! - bad input on every form is refused with 422, the message and the input kept; closed and
//!   past calls take no sign-ups; nothing ever answers with a server error;
//! - the reminders job reminds each confirmed volunteer exactly once, however often it runs;
//! - who may open which page, and the community setting `members_create_calls`;
//! - the personal calendar feed behind a secret link, and English pages.
//!
//! Dates are computed from today in Berlin (a Saturday two to three weeks ahead, a shift two
//! hours from now), so the tests do not age.

use std::collections::BTreeSet;

use quartier::communities::roles::Role as StoredRole;
use time::Date;

use crate::support::Expect::{Denied, Hidden, HiddenOrLogin, Login, Open};
use crate::support::{
    Browser, Cast, Page, Person, Post, Role, TestApp, a_saturday, all_at_once, check_role,
    check_roles, components, days_from_today, icalendar, ics_date, id_of, iso, neighbours,
    owned_fields, plugin_files, record_id, set_module, statuses, value, version_field,
    with_defaults,
};

const VOLUNTEER: &str = "/c/ransbach/volunteer";

// The German messages the tests look for.
const REQUIRED: &str = "Bitte ausfüllen.";
const END_BEFORE_START: &str = "Das Ende muss nach dem Beginn liegen.";
const PAST: &str = "Dieser Zeitpunkt liegt in der Vergangenheit.";
const BAD_DATE: &str = "Bitte ein Datum wie 2026-07-04 angeben.";
const BAD_TIME: &str = "Bitte eine Uhrzeit wie 14:30 angeben.";
const WHOLE_NUMBER: &str = "Bitte eine ganze Zahl ab 1 angeben.";
const MIN_ABOVE_MAX: &str = "Höchstens so viele wie Plätze.";
const FEWER_THAN_SIGNED_UP: &str = "Es sind schon mehr Personen eingetragen.";
const ONLY_MISSING: &str = "Es fehlen nur noch";
const TEXT_TOO_LONG: &str = "Dieser Text ist zu lang.";
const REASON_MISSING: &str = "Bitte einen Grund angeben.";

// The German flashes after a redirect.
const SIGNED_UP: &str = "Du bist eingetragen. Danke!";
const WAITING_LIST: &str = "Warteliste";
const ALREADY_SIGNED_UP: &str = "Du bist für diese Schicht schon eingetragen.";
const NO_MORE_SIGN_UPS: &str = "Für diesen Aufruf kann man sich nicht mehr eintragen.";
const CUT_OFF_PASSED: &str =
    "Die Frist zum Austragen ist vorbei. Bitte melde dich bei der Organisation.";

// ---------------------------------------------------------------------------------------
// Helpers: the cast, calls, shifts and items
// ---------------------------------------------------------------------------------------

/// The standard cast on a server with the volunteer module installed and on in "ransbach".
async fn volunteer_cast() -> Cast {
    volunteer_cast_with(|_| {}).await
}

/// [`volunteer_cast`] on a server with settings adjusted by `configure`.
async fn volunteer_cast_with(configure: impl FnOnce(&mut quartier::config::Settings)) -> Cast {
    Cast::with_modules(&[&plugin_files().volunteer], &["volunteer"], configure).await
}

/// The call form on `date` with these fields over the defaults: the stage for the village
/// fair, public, 10–14 h, four places, reminders a day ahead.
pub(crate) fn call_fields<'a>(
    date: &'a str,
    fields: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    with_defaults(
        &[
            ("title", "Aufbau Dorffest"),
            ("description", "Wir bauen **gemeinsam** die Bühne auf."),
            ("on_behalf", "Heimatverein"),
            ("place", "Festplatz"),
            ("visibility", "public"),
            ("remind_hours", "24"),
            ("cutoff_hours", "24"),
            ("date", date),
            ("start", "10:00"),
            ("end", "14:00"),
            ("label", "Bühnenaufbau"),
            ("min", "1"),
            ("max", "4"),
        ],
        fields,
    )
}

/// Sends the "new call" form.
async fn new_call(browser: &Browser, date: &str, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(&format!("{VOLUNTEER}/new"), &call_fields(date, fields))
        .await
}

/// A call as the tests know it: its page and its first shift.
#[derive(Debug, Clone)]
struct Call {
    path: String,
    shift: i64,
}

/// The path of the call a successful save redirected to.
#[track_caller]
fn call_path(page: &Page) -> String {
    let location = page.redirect_target();
    // The call's page, perhaps at one of its parts (`#shift-2`).
    let location = location.split('#').next().unwrap_or_default();
    record_id(location, &format!("{VOLUNTEER}/calls/"));
    location.to_owned()
}

/// Creates a call that must be accepted (the defaults with these fields changed).
async fn create_call(
    app: &TestApp,
    browser: &Browser,
    date: &str,
    fields: &[(&str, &str)],
) -> Call {
    let path = call_path(&new_call(browser, date, fields).await);
    Call {
        path,
        shift: newest(app, "shifts").await,
    }
}

/// POSTs one of the organisers' buttons of a call (`close`, `reopen`).
async fn call_action(browser: &Browser, call: &Call, action: &str) -> Page {
    browser
        .post_form(&format!("{}/{action}", call.path), &[])
        .await
}

/// The shift form on `date` with these fields over the defaults (15–18 h, four places).
fn shift_fields<'a>(date: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    with_defaults(
        &[
            ("date", date),
            ("start", "15:00"),
            ("end", "18:00"),
            ("label", "Abbau"),
            ("min", "1"),
            ("max", "4"),
        ],
        fields,
    )
}

async fn new_shift(browser: &Browser, call: &Call, date: &str, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(
            &format!("{}/shifts/new", call.path),
            &shift_fields(date, fields),
        )
        .await
}

/// Adds a shift that must be accepted; returns its id.
async fn add_shift(
    app: &TestApp,
    browser: &Browser,
    call: &Call,
    date: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let page = new_shift(browser, call, date, fields).await;
    assert_eq!(page.status.as_u16(), 303, "new shift: {}", page.body);
    newest(app, "shifts").await
}

/// Saves the edit form of a shift (with its version, if the form has one).
async fn edit_shift(browser: &Browser, shift: i64, date: &str, fields: &[(&str, &str)]) -> Page {
    let path = format!("{VOLUNTEER}/shifts/{shift}/edit");
    let form = browser.get(&path).await;
    form.assert_status(200);
    let version = version_field(&form);
    let mut fields = shift_fields(date, fields);
    if let Some(version) = &version {
        fields.push(("version", version));
    }
    browser.post_form(&path, &fields).await
}

async fn new_item(browser: &Browser, call: &Call, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(
            &format!("{}/items/new", call.path),
            &with_defaults(&[("label", "Kuchen"), ("wanted", "3")], fields),
        )
        .await
}

/// Adds an item that must be accepted; returns its id.
async fn add_item(app: &TestApp, browser: &Browser, call: &Call, fields: &[(&str, &str)]) -> i64 {
    let page = new_item(browser, call, fields).await;
    assert_eq!(page.status.as_u16(), 303, "new item: {}", page.body);
    newest(app, "items").await
}

async fn pledge(browser: &Browser, item: i64, quantity: &str, comment: &str) -> Page {
    browser
        .post_form(
            &format!("{VOLUNTEER}/items/{item}/pledge"),
            &[("quantity", quantity), ("comment", comment)],
        )
        .await
}

async fn withdraw(browser: &Browser, pledge: i64) -> Page {
    browser
        .post_form(&format!("{VOLUNTEER}/pledges/{pledge}/withdraw"), &[])
        .await
}

/// Sends the sign-up form of a shift.
async fn signup(browser: &Browser, shift: i64, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(&format!("{VOLUNTEER}/shifts/{shift}/signup"), fields)
        .await
}

/// Signs up (the redirect is asserted) and checks the flash on the page it led to:
/// [`SIGNED_UP`] when confirmed, [`WAITING_LIST`] when waiting.
async fn signed_up(browser: &Browser, shift: i64, fields: &[(&str, &str)], flash: &str) {
    let page = signup(browser, shift, fields).await;
    follow(browser, &page).await.assert_contains(flash);
}

/// A volunteer cancels their own sign-up.
async fn cancel(browser: &Browser, signup: i64) -> Page {
    browser
        .post_form(&format!("{VOLUNTEER}/signups/{signup}/cancel"), &[])
        .await
}

/// An organiser removes a sign-up, giving a reason.
async fn remove(browser: &Browser, signup: i64, reason: &str) -> Page {
    browser
        .post_form(
            &format!("{VOLUNTEER}/signups/{signup}/remove"),
            &[("reason", reason)],
        )
        .await
}

/// The page a redirect leads to, opened with the same browser (so it shows the flash).
async fn follow(browser: &Browser, page: &Page) -> Page {
    let location = page.redirect_target();
    assert!(
        !location.starts_with("/login"),
        "{} {} asked to log in",
        page.method,
        page.path
    );
    browser.get(&location).await
}

/// An action refused with `message`: a redirect to a page that shows it as a flash, or a
/// 4xx page that says it; never a server error.
async fn assert_refused(browser: &Browser, page: &Page, message: &str) {
    match page.status.as_u16() {
        303 => {
            follow(browser, page).await.assert_contains(message);
        }
        400..=499 => {
            page.assert_contains(message);
        }
        other => panic!(
            "{} {} → {other}, expected a refusal with {message:?}: {}",
            page.method, page.path, page.body
        ),
    }
}

/// A redirect to the login page (someone not logged in tried something).
#[track_caller]
fn assert_asks_to_log_in(page: &Page) {
    page.assert_status(303);
    assert!(
        page.location().unwrap_or("").starts_with("/login?next="),
        "{:?}",
        page.location()
    );
}

/// Every answer of a race is a redirect (the action was taken or queued).
#[track_caller]
fn assert_all_redirected(pages: &[Page]) {
    let statuses = statuses(pages);
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
}

/// A manager switches `members_create_calls` on the module's settings form, and the stored
/// settings say so. The form is sent both ways the settings page has taken input: as the
/// generated form's checkbox and as a JSON object in `settings` (each ignores the other).
async fn allow_members_to_create_calls(cast: &Cast, allowed: bool) {
    let json = format!(r#"{{"members_create_calls": {allowed}}}"#);
    let mut fields = vec![("settings", json.as_str())];
    if allowed {
        fields.push(("members_create_calls", "on"));
    }
    cast.manager
        .browser
        .post_form("/c/ransbach/settings/modules/volunteer/settings", &fields)
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    let community = cast.app.community_id("ransbach").await;
    let stored: String = sqlx::query_scalar(&format!(
        "SELECT settings FROM community_plugins WHERE community_id = {community} \
         AND plugin_id = 'volunteer'"
    ))
    .fetch_one(cast.app.pool())
    .await
    .expect("the module's settings");
    let stored: serde_json::Value = serde_json::from_str(&stored).expect("JSON settings");
    assert_eq!(
        stored["members_create_calls"],
        serde_json::Value::Bool(allowed),
        "stored settings: {stored}"
    );
}

// ---------------------------------------------------------------------------------------
// Helpers: dates (Berlin), relative to today so the tests never age
// ---------------------------------------------------------------------------------------

/// `2026-12-05` as a date, if it is one.
fn parse_iso(s: &str) -> Option<Date> {
    let bytes = s.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = s[..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    let day: u8 = s[8..].parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// Date, start and end (an hour later, or midnight) of a shift that starts a minute or so
/// more than `minutes` from now, Berlin time.
fn starting_in(minutes: i64) -> (String, String, String) {
    let at = quartier::berlin::from_millis(quartier::db::now_ms() + (minutes + 1) * 60_000)
        .expect("a representable time");
    let start = format!("{:02}:{:02}", at.hour(), at.minute());
    let end = if at.hour() < 23 {
        format!("{:02}:{:02}", at.hour() + 1, at.minute())
    } else {
        "24:00".to_owned()
    };
    (iso(at.date()), start, end)
}

// ---------------------------------------------------------------------------------------
// Helpers: the database
// ---------------------------------------------------------------------------------------

/// The records of one of the module's collections, oldest first: (id, data).
async fn records(app: &TestApp, collection: &str) -> Vec<(i64, serde_json::Value)> {
    app.plugin_records("volunteer", collection).await
}

/// The id of the newest record of a collection.
async fn newest(app: &TestApp, collection: &str) -> i64 {
    records(app, collection)
        .await
        .last()
        .unwrap_or_else(|| panic!("no {collection} stored"))
        .0
}

/// A JSON value that may be stored as a string or a number, as text.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// A JSON value that may be stored as a number or a string, as a number.
fn number(value: &serde_json::Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// A sign-up as the database holds it.
#[derive(Debug, Clone)]
struct Signup {
    id: i64,
    status: String,
    seq: i64,
    person: String,
    shift: String,
}

/// Every sign-up of a shift, oldest first.
async fn signups_of(app: &TestApp, shift: i64) -> Vec<Signup> {
    records(app, "signups")
        .await
        .into_iter()
        .map(|(id, data)| Signup {
            id,
            status: text(&data["status"]),
            seq: number(&data["seq"]).unwrap_or_else(|| panic!("no seq in {data}")),
            person: text(&data["person"]),
            shift: text(&data["shift"]),
        })
        .filter(|s| s.shift == shift.to_string())
        .collect()
}

/// The sign-up of `person` for a shift, which must exist.
async fn signup_of(app: &TestApp, shift: i64, person: &Person) -> Signup {
    signups_of(app, shift)
        .await
        .into_iter()
        .find(|s| s.person == person.id.to_string())
        .unwrap_or_else(|| panic!("{} has no sign-up for shift {shift}", person.name))
}

fn with_status<'a>(signups: &'a [Signup], status: &str) -> Vec<&'a Signup> {
    signups.iter().filter(|s| s.status == status).collect()
}

/// The pledges of an item that are not withdrawn: (pledger, quantity).
async fn live_pledges(app: &TestApp, item: i64) -> Vec<(String, i64)> {
    records(app, "pledges")
        .await
        .into_iter()
        .filter(|(_, data)| text(&data["item"]) == item.to_string())
        .filter(|(_, data)| {
            !matches!(
                text(&data["status"]).as_str(),
                "withdrawn" | "cancelled" | "removed" | "deleted"
            ) && data["withdrawn"] != serde_json::Value::Bool(true)
        })
        .map(|(_, data)| {
            (
                text(&data["person"]),
                number(&data["quantity"]).unwrap_or_else(|| panic!("no quantity in {data}")),
            )
        })
        .collect()
}

async fn pledged(app: &TestApp, item: i64) -> i64 {
    live_pledges(app, item).await.iter().map(|(_, q)| q).sum()
}

/// The notifications of this kind (`changes` or `reminders`) the module sent an account:
/// (title, body), oldest first.
async fn notifications(app: &TestApp, account: i64, kind: &str) -> Vec<(String, String)> {
    app.notifications("volunteer", account, kind).await
}

/// How many notifications of this kind the module sent to anyone.
async fn all_notifications(app: &TestApp, kind: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM notifications WHERE source = 'volunteer' AND kind = '{kind}'"
    ))
    .await
}

/// Makes the reminders job due and waits until it has run, `times` times over.
async fn run_reminders(app: &TestApp, times: usize) {
    for _ in 0..times {
        app.run_the_job_again("volunteer", "reminders").await;
    }
}

/// Moves every stored call and shift thirty days into the past behind the module's back, as
/// time would: every time stamp (milliseconds) and every `YYYY-MM-DD` date in their data.
async fn move_into_past(app: &TestApp) {
    const MONTH_MS: i64 = 30 * 24 * 3_600_000;
    fn earlier(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(n) => {
                if let Some(ms) = n.as_i64()
                    && (1_000_000_000_000..10_000_000_000_000).contains(&ms)
                {
                    *value = (ms - MONTH_MS).into();
                }
            }
            serde_json::Value::String(s) => {
                if let Some(date) = parse_iso(s) {
                    *s = iso(date - time::Duration::days(30));
                }
            }
            serde_json::Value::Object(map) => map.values_mut().for_each(earlier),
            serde_json::Value::Array(list) => list.iter_mut().for_each(earlier),
            _ => {}
        }
    }
    for collection in ["calls", "shifts"] {
        for (id, mut data) in records(app, collection).await {
            earlier(&mut data);
            app.write_plugin_record(id, &data).await;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers: the personal feed
// ---------------------------------------------------------------------------------------

/// The secret token of the personal feed link on "my commitments", if it shows one.
fn feed_token(page: &Page) -> Option<String> {
    let marker = "/volunteer/feed/";
    page.body.match_indices(marker).find_map(|(i, _)| {
        let rest = &page.body[i + marker.len()..];
        let end = rest.find(".ics")?;
        let token = &rest[..end];
        (!token.is_empty()
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then(|| token.to_owned())
    })
}

/// Asks for a (new) feed link on "my commitments" and returns the token it then shows.
async fn new_feed_link(browser: &Browser) -> String {
    browser
        .post_form(&format!("{VOLUNTEER}/mine/feed"), &[])
        .await
        .assert_status(303);
    let mine = browser.get(&format!("{VOLUNTEER}/mine")).await;
    feed_token(&mine).expect("the feed link")
}

// ---------------------------------------------------------------------------------------
// Capacity and the waiting list
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_sign_ups_at_once_confirm_four_and_queue_the_rest_in_arrival_order() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let call = create_call(&cast.app, manager, &date, &[("max", "4")]).await;
    let people = neighbours(&cast, 20).await;
    let by_id = |signup: &Signup| -> &Person {
        people
            .iter()
            .find(|p| p.id.to_string() == signup.person)
            .expect("a neighbour")
    };
    let posts = people
        .iter()
        .map(|p| {
            (
                p.browser.clone(),
                format!("{VOLUNTEER}/shifts/{}/signup", call.shift),
                owned_fields(&[("comment", &format!("Grüße von {}", p.name))]),
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    assert_all_redirected(&pages);

    // Exactly four confirmed, sixteen waiting, numbered in the order they arrived, and the
    // confirmed are the first four.
    let stored = signups_of(&cast.app, call.shift).await;
    assert_eq!(stored.len(), 20, "{stored:?}");
    let confirmed = with_status(&stored, "confirmed");
    let waiting = with_status(&stored, "waiting");
    assert_eq!((confirmed.len(), waiting.len()), (4, 16), "{stored:?}");
    let seqs: BTreeSet<i64> = stored.iter().map(|s| s.seq).collect();
    assert_eq!(seqs.len(), 20, "arrival numbers are unique: {stored:?}");
    let first = *seqs.first().expect("a number");
    assert_eq!(
        seqs.iter().copied().collect::<Vec<_>>(),
        (first..first + 20).collect::<Vec<_>>(),
        "arrival numbers follow each other"
    );
    let last_confirmed = confirmed.iter().map(|s| s.seq).max().expect("confirmed");
    let first_waiting = waiting.iter().map(|s| s.seq).min().expect("waiting");
    assert!(
        last_confirmed < first_waiting,
        "the first four to arrive are confirmed: {stored:?}"
    );
    // Every answer told its sender what happened: confirmed, or the place on the list.
    for (person, page) in people.iter().zip(&pages) {
        let own = stored
            .iter()
            .find(|s| s.person == person.id.to_string())
            .unwrap_or_else(|| panic!("{} has no sign-up", person.name));
        let shown = follow(&person.browser, page).await;
        if own.status == "confirmed" {
            shown.assert_contains(SIGNED_UP);
        } else {
            // The flash says so; the call page and "my commitments" say where.
            let place = waiting.iter().filter(|w| w.seq <= own.seq).count();
            shown
                .assert_contains(WAITING_LIST)
                .assert_contains(&format!("Warteliste (Platz {place})"));
        }
    }
    // Everyone sees the shift full.
    cast.visitor
        .get(&call.path)
        .await
        .assert_status(200)
        .assert_contains("4 von 4");
    // Signing up twice does not add a second sign-up.
    let again = signup(&people[0].browser, call.shift, &[]).await;
    assert_refused(&people[0].browser, &again, ALREADY_SIGNED_UP).await;
    assert_eq!(signups_of(&cast.app, call.shift).await.len(), 20);
    // A waiting person sees their place on "my commitments".
    let last = waiting.iter().max_by_key(|w| w.seq).expect("waiting");
    by_id(last)
        .browser
        .get(&format!("{VOLUNTEER}/mine"))
        .await
        .assert_status(200)
        .assert_contains("Warteliste (Platz 16)")
        .assert_contains("Aufbau Dorffest");

    // A removal needs a reason.
    let removed = confirmed[3];
    remove(manager, removed.id, "")
        .await
        .assert_status(422)
        .assert_contains(REASON_MISSING);
    // Three confirmed people cancel and the organiser removes the fourth, all at once:
    // exactly the first four waiting move up, in order, and each is told.
    let mut posts: Vec<Post> = confirmed[..3]
        .iter()
        .map(|s| {
            (
                by_id(s).browser.clone(),
                format!("{VOLUNTEER}/signups/{}/cancel", s.id),
                vec![],
            )
        })
        .collect();
    posts.push((
        manager.clone(),
        format!("{VOLUNTEER}/signups/{}/remove", removed.id),
        owned_fields(&[("reason", "Doppelt eingetragen")]),
    ));
    assert_all_redirected(&all_at_once(posts).await);
    let after = signups_of(&cast.app, call.shift).await;
    let mut waiting_before: Vec<&Signup> = waiting.clone();
    waiting_before.sort_by_key(|s| s.seq);
    let moved_up: BTreeSet<i64> = waiting_before[..4].iter().map(|s| s.id).collect();
    let now_confirmed: BTreeSet<i64> = with_status(&after, "confirmed")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(now_confirmed, moved_up, "{after:?}");
    assert_eq!(with_status(&after, "waiting").len(), 12, "{after:?}");
    assert_eq!(with_status(&after, "cancelled").len(), 3, "{after:?}");
    assert_eq!(with_status(&after, "removed").len(), 1, "{after:?}");
    // Those who moved up and the removed person are told once; those who still wait and
    // those who cancelled themselves are told nothing.
    for signup in &stored {
        let person = by_id(signup);
        let expected = usize::from(moved_up.contains(&signup.id) || signup.id == removed.id);
        assert_eq!(
            notifications(&cast.app, person.id, "changes").await.len(),
            expected,
            "{} ({} before)",
            person.name,
            signup.status
        );
    }
    cast.visitor
        .get(&call.path)
        .await
        .assert_contains("4 von 4");
}

#[tokio::test]
async fn raising_the_places_moves_waiting_people_up_and_lowering_below_the_confirmed_is_refused() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let call = create_call(&cast.app, manager, &date, &[("max", "2")]).await;
    let people = neighbours(&cast, 5).await;
    for person in &people {
        signup(&person.browser, call.shift, &[])
            .await
            .assert_status(303);
    }
    // The call's shift as it is, with another number of places.
    let places = |max| {
        [
            ("start", "10:00"),
            ("end", "14:00"),
            ("label", "Bühnenaufbau"),
            ("max", max),
        ]
    };
    // Fewer places than confirmed people: refused, nothing changes.
    edit_shift(manager, call.shift, &date, &places("1"))
        .await
        .assert_status(422)
        .assert_contains(FEWER_THAN_SIGNED_UP)
        .assert_contains(r#"value="Bühnenaufbau""#);
    // Two more places: the next two waiting people are confirmed and told.
    edit_shift(manager, call.shift, &date, &places("4"))
        .await
        .assert_status(303);
    for (i, person) in people.iter().enumerate() {
        let own = signup_of(&cast.app, call.shift, person).await;
        let expected = if i < 4 { "confirmed" } else { "waiting" };
        assert_eq!(own.status, expected, "{}", person.name);
        let told = notifications(&cast.app, person.id, "changes").await.len();
        assert_eq!(told, usize::from(i == 2 || i == 3), "{}", person.name);
    }
}

// ---------------------------------------------------------------------------------------
// Pledges
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn pledges_never_exceed_what_was_asked_unless_more_is_welcome() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let (mia, tilo) = (&cast.member.browser, &cast.target.browser);
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    let cakes = add_item(
        &cast.app,
        manager,
        &call,
        &[("label", "Kuchen"), ("wanted", "3")],
    )
    .await;
    pledge(mia, cakes, "2", "Zwei Bleche Streusel")
        .await
        .assert_status(303);
    // Two more would be one too many.
    let page = pledge(tilo, cakes, "2", "Marmorkuchen").await;
    assert_rejected(
        "more than is missing",
        &page,
        &[r#"value="2""#, r#"value="Marmorkuchen""#],
        &format!("{ONLY_MISSING} 1"),
    );
    assert_eq!(pledged(&cast.app, cakes).await, 2);
    pledge(tilo, cakes, "1", "Marmorkuchen")
        .await
        .assert_status(303);
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    // Nothing is missing any more: every further pledge is refused.
    pledge(&cast.moderator.browser, cakes, "1", "")
        .await
        .assert_status(422);
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    cast.visitor.get(&call.path).await.assert_status(200);

    // Withdrawn, the two are missing again.
    let mias = records(&cast.app, "pledges")
        .await
        .into_iter()
        .find(|(_, d)| text(&d["person"]) == cast.member.id.to_string())
        .expect("Mia's pledge")
        .0;
    let page = withdraw(tilo, mias).await;
    assert!(
        matches!(page.status.as_u16(), 403 | 404),
        "someone else's pledge: {}",
        page.status
    );
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    withdraw(mia, mias).await.assert_status(303);
    assert_eq!(pledged(&cast.app, cakes).await, 1);
    pledge(&cast.moderator.browser, cakes, "2", "")
        .await
        .assert_status(303);
    assert_eq!(pledged(&cast.app, cakes).await, 3);

    // Where more is welcome, pledges may go beyond what was asked.
    let more_welcome = [
        ("label", "Salate"),
        ("wanted", "2"),
        ("extra_welcome", "on"),
    ];
    let salads = add_item(&cast.app, manager, &call, &more_welcome).await;
    pledge(mia, salads, "5", "Nudelsalat")
        .await
        .assert_status(303);
    pledge(tilo, salads, "1", "Kartoffelsalat")
        .await
        .assert_status(303);
    assert_eq!(pledged(&cast.app, salads).await, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_pledges_at_once_never_exceed_what_was_asked() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    let benches = add_item(
        &cast.app,
        manager,
        &call,
        &[("label", "Bierbänke"), ("wanted", "3")],
    )
    .await;
    let people = neighbours(&cast, 10).await;
    let posts = people
        .iter()
        .map(|p| {
            (
                p.browser.clone(),
                format!("{VOLUNTEER}/items/{benches}/pledge"),
                owned_fields(&[("quantity", "1"), ("comment", "")]),
            )
        })
        .collect();
    let statuses = statuses(&all_at_once(posts).await);
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        3,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 422),
        "{statuses:?}"
    );
    let live = live_pledges(&cast.app, benches).await;
    assert_eq!(live.len(), 3, "{live:?}");
    assert_eq!(pledged(&cast.app, benches).await, 3);
}

// ---------------------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------------------

/// The page (any status but a server error) shows none of these texts.
#[track_caller]
fn assert_hides(who: &str, page: &Page, secrets: &[&str]) {
    assert!(
        page.status.as_u16() < 500,
        "{who}: {} {} → {}",
        page.method,
        page.path,
        page.status
    );
    for secret in secrets {
        assert!(
            !page.body.contains(secret),
            "{who} sees {secret:?} at {} {}",
            page.method,
            page.path
        );
    }
}

/// An organisers' page or action refused to someone who is not one (403, 404, or the login
/// page for a visitor), showing none of the secrets.
#[track_caller]
fn assert_not_for(who: &str, page: &Page, secrets: &[&str]) {
    assert!(
        matches!(page.status.as_u16(), 303 | 403 | 404),
        "{who}: {} {} → {}",
        page.method,
        page.path,
        page.status
    );
    if page.status.as_u16() == 303 {
        assert_asks_to_log_in(page);
    }
    assert_hides(who, page, secrets);
}

#[tokio::test]
async fn names_and_comments_of_volunteers_stay_with_the_organisers() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let saturday = a_saturday();
    let fields = [("title", "Kuchenbasar"), ("max", "4")];
    let call = create_call(&cast.app, manager, &iso(saturday), &fields).await;
    let comment = "Bringe Käsekuchen ohne Gluten";
    let mia = &cast.member.browser;
    signed_up(mia, call.shift, &[("comment", comment)], SIGNED_UP).await;
    let mias = signup_of(&cast.app, call.shift, &cast.member).await;
    let nina = neighbours(&cast, 1).await.remove(0);
    let secrets = ["Mia Mitglied", comment];

    let event = format!("{VOLUNTEER}/shifts/{}/event.ics", call.shift);
    let remove_mia = format!("{VOLUNTEER}/signups/{}/remove", mias.id);
    for (who, browser) in [
        ("visitor", &cast.visitor),
        ("another member", &nina.browser),
        ("outsider", &cast.outsider.browser),
    ] {
        // The call's page, the list and the widget show the call, but not her.
        for (path, shown) in [
            (call.path.as_str(), &["Kuchenbasar", "1 von 4"][..]),
            (VOLUNTEER, &["Kuchenbasar"]),
            ("/c/ransbach", &["widget-volunteer", "Kuchenbasar"]),
        ] {
            let page = browser.get(path).await;
            page.assert_status(200);
            for text in shown {
                page.assert_contains(text);
            }
            assert_hides(who, &page, &secrets);
        }
        let ics = browser.get(&event).await;
        icalendar(&ics);
        assert_hides(who, &ics, &secrets);
        for path in [
            format!("{VOLUNTEER}/mine"),
            format!("{VOLUNTEER}?needs=1"),
            format!("{VOLUNTEER}?date={}", iso(saturday)),
            format!("{VOLUNTEER}/shifts/{}/signup", call.shift),
        ] {
            assert_hides(who, &browser.get(&path).await, &secrets);
        }
        // Guessed ids: the organisers' pages are refused and tell nothing.
        for path in [
            remove_mia.clone(),
            format!("{}/message", call.path),
            format!("{}/edit", call.path),
        ] {
            assert_not_for(who, &browser.get(&path).await, &secrets);
        }
        // Nor can they cancel or remove her.
        assert_not_for(who, &cancel(browser, mias.id).await, &secrets);
        assert_not_for(who, &remove(browser, mias.id, "Weg").await, &secrets);
    }
    let still_there = signup_of(&cast.app, call.shift, &cast.member).await;
    assert_eq!(still_there.status, "confirmed");

    // The creator and a moderator see who and what; Mia sees the call on "my commitments".
    for browser in [manager, &cast.moderator.browser] {
        browser
            .get(&call.path)
            .await
            .assert_contains("Mia Mitglied")
            .assert_contains(comment);
        browser
            .get(&remove_mia)
            .await
            .assert_status(200)
            .assert_contains("Mia Mitglied");
    }
    cast.member
        .browser
        .get(&format!("{VOLUNTEER}/mine"))
        .await
        .assert_contains("Kuchenbasar");

    // The manager of another community, with the module on there, finds nothing of
    // ransbach's by trying its ids there.
    set_module(&cast.outsider.browser, "other", "volunteer", true).await;
    let there = "/c/other/volunteer";
    let call_id = id_of(&call.path);
    for path in [
        format!("{there}/calls/{call_id}"),
        format!("{there}/calls/{call_id}/edit"),
        format!("{there}/shifts/{}/event.ics", call.shift),
        format!("{there}/signups/{}/remove", mias.id),
    ] {
        let page = cast.outsider.browser.get(&path).await;
        page.assert_status(404);
        assert_hides("outsider in other", &page, &secrets);
    }
    cast.outsider
        .browser
        .post_form(
            &format!("{there}/signups/{}/remove", mias.id),
            &[("reason", "Weg")],
        )
        .await
        .assert_status(404);
    let still_there = signup_of(&cast.app, call.shift, &cast.member).await;
    assert_eq!(still_there.status, "confirmed");
}

#[tokio::test]
async fn a_volunteer_who_shows_their_name_is_seen_by_the_other_volunteers_only() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let call = create_call(&cast.app, manager, &date, &[("max", "1")]).await;
    let nina = neighbours(&cast, 1).await.remove(0);
    // Mia signs up without showing her name; Tilo shows his and ends up waiting.
    let (mia, tilo) = (&cast.member.browser, &cast.target.browser);
    signed_up(mia, call.shift, &[("comment", "Mias Notiz")], SIGNED_UP).await;
    let shown = [("comment", "Tilos Notiz"), ("show_name", "on")];
    signed_up(tilo, call.shift, &shown, WAITING_LIST).await;
    // A second shift of the same call: someone there is a volunteer of the call too.
    let second = add_shift(&cast.app, manager, &call, &date, &[]).await;
    let hanna = cast
        .app
        .register("helfer@example.org", "Hanna Helferin")
        .await;
    cast.app
        .add_member("ransbach", &hanna.email, StoredRole::Member)
        .await;
    signed_up(&hanna.browser, second, &[], SIGNED_UP).await;

    // The other volunteers of the call see Tilo's name, but not his comment, nor Mia's name.
    for volunteer in [mia, &hanna.browser] {
        volunteer
            .get(&call.path)
            .await
            .assert_status(200)
            .assert_contains("Tilo Target")
            .assert_lacks("Tilos Notiz");
    }
    tilo.get(&call.path)
        .await
        .assert_lacks("Mia Mitglied")
        .assert_lacks("Mias Notiz");
    // Nobody else who is not an organiser does.
    for (who, browser) in [
        ("visitor", &cast.visitor),
        ("a member who did not sign up", &nina.browser),
        ("outsider", &cast.outsider.browser),
    ] {
        for path in [
            call.path.clone(),
            VOLUNTEER.to_owned(),
            "/c/ransbach".to_owned(),
            format!("{VOLUNTEER}/shifts/{}/event.ics", call.shift),
        ] {
            let page = browser.get(&path).await;
            assert_hides(who, &page, &["Tilo Target", "Tilos Notiz", "Mia Mitglied"]);
        }
    }
    // Another call's volunteers do not see him either.
    let other_call = create_call(&cast.app, manager, &date, &[("title", "Anderer Aufruf")]).await;
    signed_up(&nina.browser, other_call.shift, &[], SIGNED_UP).await;
    nina.browser
        .get(&call.path)
        .await
        .assert_lacks("Tilo Target");
    // Organisers see everyone.
    manager
        .get(&call.path)
        .await
        .assert_contains("Tilo Target")
        .assert_contains("Mia Mitglied")
        .assert_contains("Tilos Notiz");
}

#[tokio::test]
async fn volunteers_see_their_own_comment() {
    let cast = volunteer_cast().await;
    let call = create_call(
        &cast.app,
        &cast.manager.browser,
        &iso(a_saturday()),
        &[("max", "1")],
    )
    .await;
    // Confirmed, and on the waiting list.
    for (person, comment) in [
        (&cast.member, "Bringe Käsekuchen ohne Gluten"),
        (&cast.target, "Kann erst ab 11 Uhr"),
    ] {
        signup(&person.browser, call.shift, &[("comment", comment)])
            .await
            .assert_status(303);
        let on_call = person.browser.get(&call.path).await;
        let on_mine = person.browser.get(&format!("{VOLUNTEER}/mine")).await;
        assert!(
            on_call.body.contains(comment) || on_mine.body.contains(comment),
            "{} does not see their own comment {comment:?} on the call page or on \
             \"my commitments\": {}",
            person.name,
            on_call.body
        );
    }
}

#[tokio::test]
async fn a_member_who_creates_a_call_is_its_organiser_and_no_one_elses() {
    let cast = volunteer_cast().await;
    let date = iso(a_saturday());
    let (mia, tilo) = (&cast.member.browser, &cast.target.browser);
    let flea_market = [("title", "Tilos Flohmarkt"), ("visibility", "members")];
    let tilos = create_call(&cast.app, tilo, &date, &flea_market).await;
    let summer_party = [("title", "Marias Sommerfest")];
    let marias = create_call(&cast.app, &cast.manager.browser, &date, &summer_party).await;
    for (call, comment) in [
        (&tilos, "Bringe Stühle mit"),
        (&marias, "Bringe Tische mit"),
    ] {
        signed_up(mia, call.shift, &[("comment", comment)], SIGNED_UP).await;
    }
    tilo.get(&tilos.path)
        .await
        .assert_contains("Mia Mitglied")
        .assert_contains("Bringe Stühle mit");
    tilo.get(&format!("{}/edit", tilos.path))
        .await
        .assert_status(200)
        .assert_contains(r#"value="Tilos Flohmarkt""#);
    // Not an organiser of someone else's call.
    tilo.get(&marias.path)
        .await
        .assert_status(200)
        .assert_lacks("Mia Mitglied")
        .assert_lacks("Bringe Tische mit");
    tilo.get(&format!("{}/edit", marias.path))
        .await
        .assert_status(403);
    let mias = signup_of(&cast.app, marias.shift, &cast.member).await;
    tilo.get(&format!("{VOLUNTEER}/signups/{}/remove", mias.id))
        .await
        .assert_status(403);
    call_action(tilo, &marias, "close").await.assert_status(403);
    // The organiser of his own call removes sign-ups, with a reason that the volunteer is
    // told.
    let reason = "Der Flohmarkt wird kleiner.";
    let mias_at_tilos = signup_of(&cast.app, tilos.shift, &cast.member).await;
    remove(tilo, mias_at_tilos.id, reason)
        .await
        .assert_status(303);
    let kept_as_removed = signup_of(&cast.app, tilos.shift, &cast.member).await;
    assert_eq!(kept_as_removed.status, "removed");
    let told = notifications(&cast.app, cast.member.id, "changes").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].0.contains(reason) || told[0].1.contains(reason),
        "the reason is in the notification: {told:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// A case of bad input: what it is, the fields sent (over the defaults), the fields whose
/// input the answer must keep, and the message it must show.
type BadInput<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str], &'a str);

/// `value="…"` of each of the `kept` fields, as a form that keeps its input shows it.
fn kept_values(fields: &[(&str, &str)], kept: &[&str]) -> Vec<String> {
    kept.iter()
        .map(|name| {
            let (_, value) = fields
                .iter()
                .find(|(k, _)| k == name)
                .unwrap_or_else(|| panic!("{name} is not sent"));
            format!(r#"value="{value}""#)
        })
        .collect()
}

/// A form came back with 422 (an HTML page), kept `kept` and says `message`.
#[track_caller]
fn assert_rejected(case: &str, page: &Page, kept: &[impl AsRef<str>], message: &str) {
    assert_eq!(page.status.as_u16(), 422, "{case}: {}", page.body);
    page.assert_html();
    for text in kept {
        let text = text.as_ref();
        assert!(
            page.body.contains(text),
            "{case}: {text:?} not kept: {}",
            page.body
        );
    }
    assert!(
        page.body.contains(message),
        "{case}: no {message:?}: {}",
        page.body
    );
}

#[tokio::test]
async fn bad_call_and_shift_input_comes_back_with_422_the_message_and_the_input_kept() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let yesterday = iso(days_from_today(-1));
    #[rustfmt::skip]
    let cases: &[BadInput] = &[
        ("end before start", &[("title", "Verkehrt herum"), ("start", "14:00"), ("end", "12:00")], &["title", "start", "end"], END_BEFORE_START),
        ("end at the start", &[("title", "Gar keine Zeit"), ("start", "10:00"), ("end", "10:00")], &["title"], END_BEFORE_START),
        ("a shift in the past", &[("title", "Schon vorbei"), ("date", &yesterday)], &["title", "date"], PAST),
        ("no places", &[("title", "Niemand gebraucht"), ("max", "0")], &["title"], WHOLE_NUMBER),
        ("negative places", &[("title", "Minus Leute"), ("max", "-3")], &["title", "max"], WHOLE_NUMBER),
        ("places not a number", &[("title", "Viele Leute"), ("max", "viele")], &["title", "max"], WHOLE_NUMBER),
        ("more needed than places", &[("title", "Zu wenig Platz"), ("min", "5"), ("max", "4")], &["title"], MIN_ABOVE_MAX),
        ("no title", &[("title", ""), ("place", "Am Sportplatz")], &["place"], REQUIRED),
        ("no date", &[("title", "Irgendwann"), ("date", "morgen")], &["title", "date"], BAD_DATE),
        ("no time", &[("title", "Zur Geisterstunde"), ("start", "25:00")], &["title", "start"], BAD_TIME),
    ];
    for (case, fields, kept, message) in cases {
        let page = new_call(manager, &date, fields).await;
        assert_rejected(case, &page, &kept_values(fields, kept), message);
    }
    // A title too long is refused and kept as it was typed.
    let long_title = "Ü".repeat(201);
    let page = new_call(manager, &date, &[("title", &long_title)]).await;
    assert_rejected("a title too long", &page, &[&long_title], TEXT_TOO_LONG);
    assert!(records(&cast.app, "calls").await.is_empty());
    assert!(records(&cast.app, "shifts").await.is_empty());

    // An end at midnight is the end of the day.
    let midnight = [("start", "20:00"), ("end", "24:00")];
    let call = create_call(&cast.app, manager, &date, &midnight).await;

    // The shift form: the same rules.
    #[rustfmt::skip]
    let cases: &[BadInput] = &[
        ("end before start", &[("label", "Verkehrt herum"), ("start", "18:00"), ("end", "15:00")], &["label"], END_BEFORE_START),
        ("a shift in the past", &[("label", "Schon vorbei"), ("date", &yesterday)], &["label"], PAST),
        ("no places", &[("label", "Niemand gebraucht"), ("max", "0")], &["label"], WHOLE_NUMBER),
        ("negative places", &[("label", "Minus Leute"), ("max", "-1")], &["label"], WHOLE_NUMBER),
        ("places not a number", &[("label", "Viele Leute"), ("max", "zehn")], &["label", "max"], WHOLE_NUMBER),
        ("more needed than places", &[("label", "Zu wenig Platz"), ("min", "3"), ("max", "2")], &["label"], MIN_ABOVE_MAX),
    ];
    for (case, fields, kept, message) in cases {
        let page = new_shift(manager, &call, &date, fields).await;
        assert_rejected(case, &page, &kept_values(fields, kept), message);
    }
    assert_eq!(records(&cast.app, "shifts").await.len(), 1);
    // Editing a shift with bad input keeps it as it was.
    let backwards = [("label", "Kaputt"), ("start", "12:00"), ("end", "11:00")];
    let page = edit_shift(manager, call.shift, &date, &backwards).await;
    assert_rejected("edit", &page, &[r#"value="Kaputt""#], END_BEFORE_START);
    manager.get(&call.path).await.assert_lacks("Kaputt");
}

#[tokio::test]
async fn a_shift_needs_a_label_of_at_most_200_characters() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let call = create_call(&cast.app, manager, &date, &[]).await;
    let long_label = "Ü".repeat(201);
    for (case, label, kept, message) in [
        ("no label", "", r#"value="16:00""#.to_owned(), REQUIRED),
        (
            "a label too long",
            long_label.as_str(),
            long_label.clone(),
            TEXT_TOO_LONG,
        ),
    ] {
        let fields = [("label", label), ("start", "16:00")];
        let page = new_shift(manager, &call, &date, &fields).await;
        assert_rejected(case, &page, &[&kept], message);
        let page = edit_shift(manager, call.shift, &date, &fields).await;
        assert_rejected(&format!("edit: {case}"), &page, &[&kept], message);
    }
    let shifts = records(&cast.app, "shifts").await;
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    assert_eq!(text(&shifts[0].1["label"]), "Bühnenaufbau");
}

#[tokio::test]
async fn bad_items_and_pledges_come_back_with_422_and_store_nothing() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    #[rustfmt::skip]
    let cases: &[BadInput] = &[
        ("nothing wanted", &[("label", "Nichts davon"), ("wanted", "0")], &["label"], WHOLE_NUMBER),
        ("a negative quantity", &[("label", "Minus Kuchen"), ("wanted", "-2")], &["label"], WHOLE_NUMBER),
        ("not a number", &[("label", "Viel Kaffee"), ("wanted", "viel")], &["wanted"], WHOLE_NUMBER),
        ("too many", &[("label", "Sandsäcke"), ("wanted", "100001")], &["label"], WHOLE_NUMBER),
        ("no label", &[("label", ""), ("wanted", "7")], &["wanted"], REQUIRED),
    ];
    for (case, fields, kept, message) in cases {
        let page = new_item(manager, &call, fields).await;
        assert_rejected(case, &page, &kept_values(fields, kept), message);
    }
    assert!(records(&cast.app, "items").await.is_empty());
    let item = add_item(&cast.app, manager, &call, &[("wanted", "100000")]).await;
    for quantity in ["0", "-1", "viel", "", "1.5", "99999999999999999999"] {
        let page = pledge(&cast.member.browser, item, quantity, "Mein Beitrag").await;
        let kept = format!(r#"value="{quantity}""#);
        assert_rejected(
            &format!("quantity {quantity:?}"),
            &page,
            &[kept.as_str(), r#"value="Mein Beitrag""#],
            WHOLE_NUMBER,
        );
    }
    assert!(live_pledges(&cast.app, item).await.is_empty());
}

#[tokio::test]
async fn closed_and_past_calls_take_no_sign_ups() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    // Only organisers close a call.
    call_action(&cast.member.browser, &call, "close")
        .await
        .assert_status(403);
    call_action(manager, &call, "close")
        .await
        .assert_status(303);
    let page = signup(&cast.member.browser, call.shift, &[("comment", "Trotzdem")]).await;
    assert_refused(&cast.member.browser, &page, NO_MORE_SIGN_UPS).await;
    assert!(signups_of(&cast.app, call.shift).await.is_empty());
    // Reopened, it takes sign-ups again.
    call_action(manager, &call, "reopen")
        .await
        .assert_status(303);
    signed_up(&cast.member.browser, call.shift, &[], SIGNED_UP).await;
    assert_eq!(signups_of(&cast.app, call.shift).await.len(), 1);

    // Once the shift is over, nobody signs up any more.
    move_into_past(&cast.app).await;
    let page = signup(&cast.target.browser, call.shift, &[]).await;
    assert_refused(&cast.target.browser, &page, NO_MORE_SIGN_UPS).await;
    assert_eq!(signups_of(&cast.app, call.shift).await.len(), 1);
    // A past call is no longer on the list of open calls.
    cast.visitor
        .get(VOLUNTEER)
        .await
        .assert_lacks("Aufbau Dorffest");
}

#[tokio::test]
async fn garbage_addresses_and_fields_never_cause_a_server_error() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    for path in [
        "/calls/abc",
        "/calls/0",
        "/calls/-1",
        "/calls/99999999999999999999999",
        "/calls/abc/edit",
        "/calls/999999/edit",
        "/shifts/abc/edit",
        "/shifts/abc/signup",
        "/shifts/abc/event.ics",
        "/shifts/999999/event.ics",
        "/signups/abc/remove",
        "/signups/999999/remove",
        "/items/abc/edit",
        "/feed/abc.ics",
        "/feed/.ics",
        "/nope",
    ] {
        let page = manager.get(&format!("{VOLUNTEER}{path}")).await;
        assert_eq!(page.status.as_u16(), 404, "{path}: {}", page.body);
    }
    for query in [
        "?date=morgen",
        "?date=2026-02-30",
        "?date=",
        "?date=%00",
        "?needs=ja",
        "?needs=1&date=9999-12-31",
    ] {
        cast.visitor
            .get(&format!("{VOLUNTEER}{query}"))
            .await
            .assert_status(200);
    }
    for path in [
        "/calls/abc/close",
        "/calls/abc/reopen",
        "/calls/abc/cancel",
        "/calls/abc/message",
        "/shifts/abc/signup",
        "/shifts/abc/delete",
        "/signups/abc/cancel",
        "/signups/abc/remove",
        "/items/abc/pledge",
        "/items/abc/delete",
        "/pledges/abc/withdraw",
        "/pledges/999999/withdraw",
    ] {
        let page = manager
            .post_form(
                &format!("{VOLUNTEER}{path}"),
                &[("reason", "x"), ("message", "x")],
            )
            .await;
        assert_eq!(page.status.as_u16(), 404, "POST {path}: {}", page.body);
    }
    // Forms with no fields or unknown ones are refused, never a server error.
    for path in [
        format!("{VOLUNTEER}/new"),
        format!("{}/edit", call.path),
        format!("{}/shifts/new", call.path),
        format!("{}/items/new", call.path),
        format!("{}/cancel", call.path),
        format!("{}/message", call.path),
    ] {
        let page = manager.post_form(&path, &[("x", "y")]).await;
        assert!(
            matches!(page.status.as_u16(), 400 | 409 | 422),
            "POST {path}: {} {}",
            page.status,
            page.body
        );
    }
    // Markup stays text.
    let markup = create_call(
        &cast.app,
        manager,
        &iso(a_saturday()),
        &[("title", "<script>alert(1)</script>")],
    )
    .await;
    cast.visitor
        .get(&markup.path)
        .await
        .assert_lacks("<script>alert(1)</script>")
        .assert_contains("&lt;script&gt;");
}

// ---------------------------------------------------------------------------------------
// Reminders and the cut-off
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn confirmed_volunteers_are_reminded_exactly_once_however_often_the_job_runs() {
    // The scheduler looks every 100 ms.
    let cast = volunteer_cast_with(|s| s.job_check_ms = 100).await;
    let manager = &cast.manager.browser;
    let (date, start, end) = starting_in(120);
    let soon = create_call(
        &cast.app,
        manager,
        &date,
        &[
            ("title", "Gleich geht's los"),
            ("start", &start),
            ("end", &end),
            ("max", "2"),
            ("remind_hours", "24"),
        ],
    )
    .await;
    // A call without reminders, and one whose reminder is not due for days.
    let silent = create_call(
        &cast.app,
        manager,
        &date,
        &[
            ("title", "Ohne Erinnerung"),
            ("start", &start),
            ("end", &end),
            ("remind_hours", "0"),
        ],
    )
    .await;
    let not_yet = [("title", "Später"), ("remind_hours", "24")];
    let later = create_call(&cast.app, manager, &iso(a_saturday()), &not_yet).await;
    let nina = neighbours(&cast, 1).await.remove(0);
    for browser in [&cast.member.browser, &cast.target.browser] {
        for call in [&soon, &silent, &later] {
            signed_up(browser, call.shift, &[], SIGNED_UP).await;
        }
    }
    signed_up(&nina.browser, soon.shift, &[], WAITING_LIST).await;
    run_reminders(&cast.app, 3).await;
    for person in [&cast.member, &cast.target] {
        let told = notifications(&cast.app, person.id, "reminders").await;
        assert_eq!(told.len(), 1, "{}: {told:?}", person.name);
        assert!(
            told[0].0.contains("Gleich geht's los") || told[0].1.contains("Gleich geht's los"),
            "{told:?}"
        );
    }
    assert!(
        notifications(&cast.app, nina.id, "reminders")
            .await
            .is_empty()
    );
    assert_eq!(all_notifications(&cast.app, "reminders").await, 2);
    // Made due again and again, the job sends nothing more.
    run_reminders(&cast.app, 3).await;
    assert_eq!(all_notifications(&cast.app, "reminders").await, 2);
}

#[tokio::test]
async fn after_the_cut_off_only_waiting_people_cancel_themselves() {
    let cast = volunteer_cast().await;
    let (date, start, end) = starting_in(120);
    let soon = create_call(
        &cast.app,
        &cast.manager.browser,
        &date,
        &[
            ("start", &start),
            ("end", &end),
            ("max", "1"),
            ("cutoff_hours", "24"),
        ],
    )
    .await;
    signed_up(&cast.member.browser, soon.shift, &[], SIGNED_UP).await;
    signed_up(&cast.target.browser, soon.shift, &[], WAITING_LIST).await;
    let mias = signup_of(&cast.app, soon.shift, &cast.member).await;
    let tilos = signup_of(&cast.app, soon.shift, &cast.target).await;
    let page = cancel(&cast.member.browser, mias.id).await;
    assert_refused(&cast.member.browser, &page, CUT_OFF_PASSED).await;
    cancel(&cast.target.browser, tilos.id)
        .await
        .assert_status(303);
    let stored = signups_of(&cast.app, soon.shift).await;
    let status = |id: i64| {
        stored
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.status.clone())
            .unwrap_or_default()
    };
    assert_eq!(status(mias.id), "confirmed");
    assert_eq!(status(tilos.id), "cancelled");
}

// ---------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn who_may_open_which_page() {
    let cast = volunteer_cast().await;
    let date = iso(a_saturday());
    let public = create_call(&cast.app, &cast.manager.browser, &date, &[]).await;
    let members_only = [("title", "Nur für uns"), ("visibility", "members")];
    let members = create_call(&cast.app, &cast.manager.browser, &date, &members_only).await;
    let logged_in = [Login, Open, Open, Open, Open, Denied];
    let organisers = [Login, Denied, Open, Open, Open, Denied];
    for (path, outcomes) in [
        (VOLUNTEER.to_owned(), [Open; 6]),
        (public.path.clone(), [Open; 6]),
        (format!("{VOLUNTEER}/new"), logged_in),
        (
            members.path.clone(),
            [HiddenOrLogin, Open, Open, Open, Open, Hidden],
        ),
        (format!("{VOLUNTEER}/mine"), logged_in),
        (format!("{}/edit", public.path), organisers),
        (
            format!("{}/edit", members.path),
            [HiddenOrLogin, Denied, Open, Open, Open, Hidden],
        ),
        (format!("{}/shifts/new", public.path), organisers),
        (format!("{}/items/new", public.path), organisers),
        (format!("{}/message", public.path), organisers),
        (format!("{}/cancel", public.path), organisers),
    ] {
        check_roles(&cast, &path, outcomes).await;
    }
    // The members-only call's calendar file is hidden like the call.
    let event = format!("{VOLUNTEER}/shifts/{}/event.ics", members.shift);
    for role in [Role::Member, Role::Moderator, Role::Manager, Role::Operator] {
        icalendar(&cast.as_role(role).get(&event).await);
    }
    check_role(&cast, Role::Outsider, &event, Hidden).await;
    let page = cast.visitor.get(&event).await;
    assert!(
        page.status.as_u16() == 404
            || page.location() == Some(format!("/login?next={event}").as_str()),
        "{} {:?}",
        page.status,
        page.location()
    );
    // The members-only call is nowhere to be seen for those outside.
    for browser in [&cast.visitor, &cast.outsider.browser] {
        browser
            .get(VOLUNTEER)
            .await
            .assert_contains("Aufbau Dorffest")
            .assert_lacks("Nur für uns");
        browser.get("/c/ransbach").await.assert_lacks("Nur für uns");
    }
    cast.member
        .browser
        .get(VOLUNTEER)
        .await
        .assert_contains("Nur für uns");

    // Signing up: visitors are asked to log in, accounts outside the community are refused.
    assert_asks_to_log_in(&signup(&cast.visitor, public.shift, &[]).await);
    signup(&cast.outsider.browser, public.shift, &[])
        .await
        .assert_status(403);
    let page = signup(&cast.outsider.browser, members.shift, &[]).await;
    assert!(matches!(page.status.as_u16(), 403 | 404), "{}", page.status);
    assert!(signups_of(&cast.app, public.shift).await.is_empty());
    assert!(signups_of(&cast.app, members.shift).await.is_empty());
    // A member who is not an organiser cannot change the call.
    cast.member
        .browser
        .post_form(
            &format!("{}/edit", public.path),
            &call_fields(&date, &[("title", "Gekapert")]),
        )
        .await
        .assert_status(403);
    cast.visitor
        .get(&public.path)
        .await
        .assert_lacks("Gekapert");
}

#[tokio::test]
async fn members_create_calls_only_when_the_community_allows_it() {
    let cast = volunteer_cast().await;
    let date = iso(a_saturday());
    let mia = &cast.member.browser;
    // By default they may.
    create_call(&cast.app, mia, &date, &[("title", "Von Mia")]).await;
    allow_members_to_create_calls(&cast, false).await;
    mia.get(&format!("{VOLUNTEER}/new"))
        .await
        .assert_status(403);
    new_call(mia, &date, &[("title", "Noch einer von Mia")])
        .await
        .assert_status(403);
    assert_eq!(records(&cast.app, "calls").await.len(), 1);
    // Moderators and managers still may.
    for (browser, title) in [
        (&cast.moderator.browser, "Vom Moderator"),
        (&cast.manager.browser, "Von der Verwaltung"),
    ] {
        create_call(&cast.app, browser, &date, &[("title", title)]).await;
    }
    assert_eq!(records(&cast.app, "calls").await.len(), 3);
    // Allowed again, members may again.
    allow_members_to_create_calls(&cast, true).await;
    create_call(&cast.app, mia, &date, &[("title", "Wieder von Mia")]).await;
    assert_eq!(records(&cast.app, "calls").await.len(), 4);
}

// ---------------------------------------------------------------------------------------
// The personal feed
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_personal_feed_lists_my_confirmed_shifts_behind_a_secret_link() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let mia = &cast.member.browser;
    let saturday = a_saturday();
    let sunday = saturday + time::Duration::days(1);
    let fair = create_call(&cast.app, manager, &iso(saturday), &[("title", "Dorffest")]).await;
    let morning = [
        ("title", "Müllsammeln"),
        ("start", "09:00"),
        ("end", "12:00"),
    ];
    let cleanup = create_call(&cast.app, manager, &iso(sunday), &morning).await;
    let not_after_all = [("title", "Doch nicht")];
    let dropped = create_call(&cast.app, manager, &iso(saturday), &not_after_all).await;
    for shift in [fair.shift, cleanup.shift, dropped.shift] {
        signed_up(mia, shift, &[], SIGNED_UP).await;
    }
    let secret = [("comment", "Tilos Geheimnis")];
    signed_up(&cast.target.browser, fair.shift, &secret, SIGNED_UP).await;
    let cancelled = signup_of(&cast.app, dropped.shift, &cast.member).await;
    cancel(mia, cancelled.id).await.assert_status(303);

    // No link until asked for; then it is on "my commitments", and only there.
    let mine = format!("{VOLUNTEER}/mine");
    assert!(feed_token(&mia.get(&mine).await).is_none());
    let token = new_feed_link(mia).await;
    assert!(
        token.len() >= 16,
        "a secret that cannot be guessed: {token}"
    );
    cast.target.browser.get(&mine).await.assert_lacks(&token);

    // Without a session, the link gives Mia's confirmed shifts and nothing of anyone else.
    let feed_path = format!("{VOLUNTEER}/feed/{token}.ics");
    let feed = cast.visitor.get(&feed_path).await;
    let lines = icalendar(&feed);
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 2, "{lines:?}");
    let starts: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| value(e, "DTSTART;TZID=Europe/Berlin"))
        .collect();
    assert_eq!(
        starts,
        BTreeSet::from([
            format!("{}T100000", ics_date(saturday)).as_str(),
            format!("{}T090000", ics_date(sunday)).as_str(),
        ])
    );
    assert_eq!(feed.body.matches("BEGIN:VEVENT").count(), 2);
    feed.assert_lacks("Tilo Target")
        .assert_lacks("Tilos Geheimnis")
        .assert_lacks("Doch nicht");

    // A wrong token finds nothing.
    let mut wrong = token.clone();
    let last = if wrong.ends_with('0') { "1" } else { "0" };
    wrong.replace_range(wrong.len() - 1.., last);
    for path in [
        format!("{VOLUNTEER}/feed/{wrong}.ics"),
        format!("{VOLUNTEER}/feed/{}.ics", &token[..token.len() - 1]),
        format!("{VOLUNTEER}/feed/{token}0.ics"),
        format!("{VOLUNTEER}/feed/{}.ics", token.to_uppercase()),
        format!("{VOLUNTEER}/feed/.ics"),
    ] {
        if path == feed_path {
            continue;
        }
        let page = cast.visitor.get(&path).await;
        assert_eq!(page.status.as_u16(), 404, "{path}");
        page.assert_lacks("Dorffest");
    }
    // Renewed, the old link stops working.
    let renewed = new_feed_link(mia).await;
    assert_ne!(renewed, token);
    cast.visitor.get(&feed_path).await.assert_status(404);
    let feed = cast
        .visitor
        .get(&format!("{VOLUNTEER}/feed/{renewed}.ics"))
        .await;
    assert_eq!(
        components(&icalendar(&feed), "VEVENT").len(),
        2,
        "{}",
        feed.body
    );
    // Visitors have no feed to renew.
    let page = cast
        .visitor
        .post_form(&format!("{VOLUNTEER}/mine/feed"), &[])
        .await;
    assert_asks_to_log_in(&page);
}

// ---------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_list_speaks_english_to_an_english_member() {
    let cast = volunteer_cast().await;
    let call = create_call(&cast.app, &cast.manager.browser, &iso(a_saturday()), &[]).await;
    cast.member
        .browser
        .post_form("/language", &[("lang", "en"), ("next", VOLUNTEER)])
        .await
        .assert_redirect(VOLUNTEER);
    cast.member
        .browser
        .get(VOLUNTEER)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains("Aufbau Dorffest")
        .assert_contains("Clubs, initiatives and neighbours looking for help")
        .assert_contains("4 places left")
        .assert_contains("My commitments")
        .assert_lacks("Hier suchen Vereine")
        .assert_lacks("Plätze frei");
    cast.member
        .browser
        .get(&call.path)
        .await
        .assert_lang("en")
        .assert_contains("0 of 4 places taken")
        .assert_contains("I&#x27;ll help")
        .assert_lacks("Ich helfe mit");
    // The others keep their German.
    cast.target
        .browser
        .get(VOLUNTEER)
        .await
        .assert_lang("de")
        .assert_contains("Hier suchen Vereine")
        .assert_contains("noch 4 Plätze frei");
}

#[tokio::test]
async fn the_organisers_tools_reach_exactly_the_people_signed_up() {
    let cast = volunteer_cast().await;
    let app = &cast.app;
    let (organiser, mia, target) = (&cast.moderator, &cast.member, &cast.target);
    let date = iso(a_saturday());
    let call = create_call(app, &organiser.browser, &date, &[("max", "1")]).await;
    let second = add_shift(app, &organiser.browser, &call, &date, &[("label", "Abbau")]).await;

    // Sign-ups reach the organiser (kind `signups`): one confirmed, one waiting.
    signed_up(&mia.browser, call.shift, &[], SIGNED_UP).await;
    signed_up(&target.browser, call.shift, &[], WAITING_LIST).await;
    let told = notifications(app, organiser.id, "signups").await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told[0].0.contains("Mia Mitglied hilft mit"), "{told:?}");
    assert!(told[1].0.contains("Warteliste"), "{told:?}");

    // A message needs text, and then goes to everyone signed up — not to the organiser.
    let empty = organiser
        .browser
        .post_form(&format!("{}/message", call.path), &[("message", " ")])
        .await;
    empty
        .assert_status(422)
        .assert_contains("Bitte eine Nachricht schreiben.");
    organiser
        .browser
        .post_form(
            &format!("{}/message", call.path),
            &[("message", "Treffpunkt ist das Feuerwehrhaus.")],
        )
        .await
        .assert_status(303);
    for person in [mia, target] {
        let got = notifications(app, person.id, "messages").await;
        assert_eq!(got.len(), 1, "{}: {got:?}", person.name);
        assert_eq!(got[0].1, "Treffpunkt ist das Feuerwehrhaus.");
    }
    assert!(
        notifications(app, organiser.id, "messages")
            .await
            .is_empty()
    );
    // Only organisers may write to everyone.
    mia.browser
        .post_form(&format!("{}/message", call.path), &[("message", "Hallo")])
        .await
        .assert_status(403);

    // A member's question reaches the organiser, with the member's name.
    mia.browser
        .post_form(
            &format!("{}/contact", call.path),
            &[("message", "Kann ich meinen Hund mitbringen?")],
        )
        .await
        .assert_status(303);
    let asked = notifications(app, organiser.id, "messages").await;
    assert_eq!(asked.len(), 1);
    assert!(asked[0].0.contains("Mia Mitglied"), "{asked:?}");

    // Deleting a shift tells its people; the last shift of a call cannot go.
    signed_up(&mia.browser, second, &[], SIGNED_UP).await;
    organiser
        .browser
        .post_form(&format!("{VOLUNTEER}/shifts/{second}/delete"), &[])
        .await
        .assert_status(303);
    let changes = notifications(app, mia.id, "changes").await;
    assert!(
        changes
            .iter()
            .any(|(title, _)| title.contains("„Abbau“ fällt weg")),
        "{changes:?}"
    );
    let last = organiser
        .browser
        .post_form(&format!("{VOLUNTEER}/shifts/{}/delete", call.shift), &[])
        .await;
    follow(&organiser.browser, &last)
        .await
        .assert_contains("Die letzte Schicht eines Aufrufs kann nicht gelöscht werden.");

    // Cancelling the call needs a reason, ends every sign-up and tells each person once.
    organiser
        .browser
        .post_form(&format!("{}/cancel", call.path), &[("reason", "")])
        .await
        .assert_status(422)
        .assert_contains(REASON_MISSING);
    organiser
        .browser
        .post_form(
            &format!("{}/cancel", call.path),
            &[("reason", "Sturmwarnung")],
        )
        .await
        .assert_status(303);
    for person in [mia, target] {
        let got = notifications(app, person.id, "changes").await;
        let cancelled: Vec<_> = got.iter().filter(|(t, _)| t.contains("abgesagt")).collect();
        assert_eq!(cancelled.len(), 1, "{}: {got:?}", person.name);
        assert!(cancelled[0].1.contains("Sturmwarnung"));
    }
    let signups = signups_of(app, call.shift).await;
    let live = with_status(&signups, "confirmed").len() + with_status(&signups, "waiting").len();
    assert_eq!(live, 0, "every sign-up ended with the call");
    mia.browser
        .get(&call.path)
        .await
        .assert_contains("Dieser Aufruf wurde abgesagt.")
        .assert_contains("Sturmwarnung");
    assert_refused(
        &target.browser,
        &signup(&target.browser, call.shift, &[]).await,
        NO_MORE_SIGN_UPS,
    )
    .await;
}

#[tokio::test]
async fn two_servers_running_the_reminders_at_the_same_time_send_each_reminder_once() {
    // Both schedulers look every 100 ms, and the job's claim is freed again and again, so
    // runs overlap within and across the two processes; only the module's own mark (written
    // under its lock in the same call as the notification) keeps each reminder single.
    let cast = volunteer_cast_with(|s| s.job_check_ms = 100).await;
    let second = cast.app.another_server_with(|s| s.job_check_ms = 100).await;
    let (date, start, end) = starting_in(120);
    let fields = [
        ("start", start.as_str()),
        ("end", end.as_str()),
        ("max", "10"),
    ];
    let call = create_call(&cast.app, &cast.manager.browser, &date, &fields).await;
    let people = neighbours(&cast, 8).await;
    for person in &people {
        signed_up(&person.browser, call.shift, &[], SIGNED_UP).await;
    }
    let until = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while std::time::Instant::now() < until {
        cast.app
            .execute("UPDATE plugin_job_runs SET last_started = 0, running_until = 0")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Let the last runs finish.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    for person in &people {
        let told = notifications(&cast.app, person.id, "reminders").await;
        assert_eq!(told.len(), 1, "{}: {told:?}", person.name);
    }
    assert_eq!(all_notifications(&cast.app, "reminders").await, 8);
    drop(second);
}
