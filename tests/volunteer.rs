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
use std::time::Duration;

use quartier::communities::roles::Role as StoredRole;
use time::{Date, Weekday};

use crate::support::{Browser, Cast, Page, Person, Role, TestApp, all_at_once, plugin_files};

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
    let files = plugin_files();
    let app = TestApp::spawn_with_plugins_and(&[&files.volunteer], configure).await;
    let cast = Cast::on(app).await;
    crate::support::switch_module(&cast.manager.browser, "ransbach", "volunteer", true)
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    cast
}

/// `defaults` with `fields` in place of the defaults of the same name.
fn with_defaults<'a>(
    defaults: &[(&'a str, &'a str)],
    fields: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let given: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    defaults
        .iter()
        .filter(|(k, _)| !given.contains(k))
        .chain(fields)
        .copied()
        .collect()
}

fn owned(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The call form on `date` with these fields over the defaults: the stage for the village
/// fair, public, 10–14 h, four places, reminders a day ahead.
fn call_fields<'a>(date: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
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
    assert_eq!(
        page.status.as_u16(),
        303,
        "{} {}: {}",
        page.method,
        page.path,
        page.body
    );
    let location = page.location().expect("a Location header");
    // The call's page, perhaps at one of its parts (`#shift-2`).
    let location = location.split('#').next().unwrap_or_default();
    let id = location
        .strip_prefix(&format!("{VOLUNTEER}/calls/"))
        .unwrap_or_else(|| panic!("not a call's page: {location}"));
    assert!(
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        "not a call's page: {location}"
    );
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

/// The record id at the end of a path.
fn id_of(path: &str) -> i64 {
    path.rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {path}"))
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

/// The value of `<input name="version" …>` of a form, if it has one.
fn version_field(page: &Page) -> Option<String> {
    let marker = r#"name="version" value=""#;
    let start = page.body.find(marker)? + marker.len();
    let end = start + page.body[start..].find('"')?;
    Some(page.body[start..end].to_owned())
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

/// Sends the sign-up form of a shift.
async fn signup(browser: &Browser, shift: i64, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(&format!("{VOLUNTEER}/shifts/{shift}/signup"), fields)
        .await
}

/// Signs up (the redirect is asserted) and returns the page it led to, with its flash.
async fn signed_up(browser: &Browser, shift: i64, fields: &[(&str, &str)]) -> Page {
    let page = signup(browser, shift, fields).await;
    follow(browser, &page).await
}

/// The page a redirect leads to, opened with the same browser (so it shows the flash).
async fn follow(browser: &Browser, page: &Page) -> Page {
    assert_eq!(
        page.status.as_u16(),
        303,
        "{} {}: {}",
        page.method,
        page.path,
        page.body
    );
    let location = page.location().expect("a Location header").to_owned();
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

/// `n` more members of "ransbach", each logged in.
async fn neighbours(cast: &Cast, n: usize) -> Vec<Person> {
    let mut people = vec![];
    for i in 0..n {
        let person = cast
            .app
            .register(
                &format!("nachbar{i}@example.org"),
                &format!("Nachbarin {i}"),
            )
            .await;
        cast.app
            .add_member("ransbach", &person.email, StoredRole::Member)
            .await;
        people.push(person);
    }
    people
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

/// Today in Berlin.
fn today() -> Date {
    quartier::berlin::from_millis(quartier::db::now_ms())
        .expect("a representable time")
        .date()
}

fn days_from_today(days: i64) -> Date {
    today() + time::Duration::days(days)
}

/// A Saturday two to three weeks ahead.
fn a_saturday() -> Date {
    let mut date = days_from_today(14);
    while date.weekday() != Weekday::Saturday {
        date = date.next_day().expect("a later date");
    }
    date
}

/// `2026-12-05`, as the date fields take it.
fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

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

/// `20261205`, as iCalendar writes a date.
fn ics_date(date: Date) -> String {
    iso(date).replace('-', "")
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
    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT id, CAST(data AS TEXT) FROM plugin_records \
         WHERE plugin_id = 'volunteer' AND collection = '{collection}' ORDER BY id"
    ))
    .fetch_all(app.pool())
    .await
    .expect("reading the records");
    rows.into_iter()
        .map(|(id, data)| (id, serde_json::from_str(&data).expect("JSON data")))
        .collect()
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

/// The sign-up of `person` for a shift.
async fn signup_of(app: &TestApp, shift: i64, person: &Person) -> Option<Signup> {
    signups_of(app, shift)
        .await
        .into_iter()
        .find(|s| s.person == person.id.to_string())
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

/// The notifications of this kind the module sent an account: (title, body), oldest first.
async fn notifications(app: &TestApp, account: i64, kind: &str) -> Vec<(String, String)> {
    sqlx::query_as(&format!(
        "SELECT title, body FROM notifications WHERE account_id = {account} \
         AND source = 'volunteer' AND kind = '{kind}' ORDER BY id"
    ))
    .fetch_all(app.pool())
    .await
    .expect("reading the notifications")
}

/// How many notifications of this kind the module sent to anyone.
async fn all_notifications(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(&format!(
        "SELECT COUNT(*) FROM notifications WHERE source = 'volunteer' AND kind = '{kind}'"
    ))
    .fetch_one(app.pool())
    .await
    .expect("counting the notifications")
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
    let cast = if app.database_url().starts_with("postgres") {
        "CAST($1 AS JSONB)"
    } else {
        "$1"
    };
    for collection in ["calls", "shifts"] {
        for (id, mut data) in records(app, collection).await {
            earlier(&mut data);
            sqlx::query(&format!(
                "UPDATE plugin_records SET data = {cast} WHERE id = $2"
            ))
            .bind(data.to_string())
            .bind(id)
            .execute(app.pool())
            .await
            .expect("moving the record");
        }
    }
}

/// Makes the module's jobs due again and waits (at most five seconds) until the scheduler
/// has run the reminders job to the end (a server with a small `job_check_ms`).
async fn run_the_job_again(app: &TestApp) {
    app.execute("UPDATE plugin_job_runs SET last_started = 0")
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let done = sqlx::query_scalar::<_, i64>(&format!(
            "SELECT COUNT(*) FROM plugin_job_runs WHERE plugin_id = 'volunteer' \
             AND job = 'reminders' AND last_started > 0 AND running_until < {}",
            quartier::db::now_ms()
        ))
        .fetch_one(app.pool())
        .await
        .expect("reading the job runs");
        if done >= 1 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reminders job did not run again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------
// Helpers: iCalendar
// ---------------------------------------------------------------------------------------

/// The content lines (unfolded) of an iCalendar answer, after checking it the way RFC 5545
/// asks: `text/calendar`; CRLF line ends only; no line over 75 octets; BEGIN and END
/// balanced; one VTIMEZONE for Europe/Berlin; every VEVENT with its own UID, a DTSTAMP in
/// UTC, and DTSTART and DTEND in Berlin time.
#[track_caller]
fn icalendar(page: &Page) -> Vec<String> {
    page.assert_status(200);
    assert!(
        page.content_type().starts_with("text/calendar"),
        "{} is {}",
        page.path,
        page.content_type()
    );
    let ics = page.body.as_str();
    assert!(ics.ends_with("\r\n"), "the last line ends with CRLF");
    let bytes = ics.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at octet {i}"),
            b'\n' => assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at octet {i}"),
            _ => {}
        }
    }
    let body = &ics[..ics.len() - 2];
    for physical in body.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{} octets in {physical:?}",
            physical.len()
        );
        assert!(!physical.is_empty(), "an empty line in {}", page.path);
    }
    let lines: Vec<String> = body
        .replace("\r\n ", "")
        .replace("\r\n\t", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    let mut open: Vec<&str> = vec![];
    for line in &lines {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push(name);
        } else if let Some(name) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(name), "unbalanced {line}");
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(lines.iter().any(|l| l == "VERSION:2.0"), "VERSION");
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")), "PRODID");
    let zones = components(&lines, "VTIMEZONE");
    assert_eq!(zones.len(), 1, "one VTIMEZONE");
    assert_eq!(value(&zones[0], "TZID"), Some("Europe/Berlin"));
    let mut uids = BTreeSet::new();
    for event in components(&lines, "VEVENT") {
        let uid = value(&event, "UID").expect("every VEVENT has a UID");
        assert!(!uid.is_empty() && uids.insert(uid.to_owned()), "UID {uid}");
        let stamp = value(&event, "DTSTAMP").expect("every VEVENT has a DTSTAMP");
        assert!(
            is_stamp(stamp.strip_suffix('Z').unwrap_or("no Z")),
            "DTSTAMP:{stamp}"
        );
        for name in ["DTSTART", "DTEND"] {
            let local = value(&event, &format!("{name};TZID=Europe/Berlin"))
                .unwrap_or_else(|| panic!("{name} in Berlin time: {event:?}"));
            assert!(is_stamp(local), "{name}:{local}");
        }
    }
    lines
}

/// `20260701T180000`.
fn is_stamp(s: &str) -> bool {
    s.len() == 15
        && s.char_indices()
            .all(|(i, c)| if i == 8 { c == 'T' } else { c.is_ascii_digit() })
}

/// The lines of each `BEGIN:{name}` … `END:{name}` component.
fn components(lines: &[String], name: &str) -> Vec<Vec<String>> {
    let (begin, end) = (format!("BEGIN:{name}"), format!("END:{name}"));
    let mut found = vec![];
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        if *line == begin {
            current = Some(vec![]);
        } else if *line == end {
            found.extend(current.take());
        } else if let Some(component) = current.as_mut() {
            component.push(line.clone());
        }
    }
    found
}

/// The value of a property (`UID`, or with its parameters: `DTSTART;TZID=Europe/Berlin`).
fn value<'a>(lines: &'a [String], property: &str) -> Option<&'a str> {
    let prefix = format!("{property}:");
    lines.iter().find_map(|l| l.strip_prefix(&prefix))
}

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
    let posts = people
        .iter()
        .map(|p| {
            (
                p.browser.clone(),
                format!("{VOLUNTEER}/shifts/{}/signup", call.shift),
                owned(&[("comment", &format!("Grüße von {}", p.name))]),
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    let statuses: Vec<u16> = pages.iter().map(|p| p.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");

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
    let person = people
        .iter()
        .find(|p| p.id.to_string() == last.person)
        .expect("a neighbour");
    person
        .browser
        .get(&format!("{VOLUNTEER}/mine"))
        .await
        .assert_status(200)
        .assert_contains("Warteliste (Platz 16)")
        .assert_contains("Aufbau Dorffest");

    // A removal needs a reason.
    let removed = confirmed[3];
    manager
        .post_form(
            &format!("{VOLUNTEER}/signups/{}/remove", removed.id),
            &[("reason", "")],
        )
        .await
        .assert_status(422)
        .assert_contains(REASON_MISSING);
    // Three confirmed people cancel and the organiser removes the fourth, all at once:
    // exactly the first four waiting move up, in order, and each is told.
    let by_id = |signup: &Signup| -> &Person {
        people
            .iter()
            .find(|p| p.id.to_string() == signup.person)
            .expect("a neighbour")
    };
    let mut posts: Vec<crate::support::Post> = confirmed[..3]
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
        owned(&[("reason", "Doppelt eingetragen")]),
    ));
    let pages = all_at_once(posts).await;
    let statuses: Vec<u16> = pages.iter().map(|p| p.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
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
    for signup in &waiting_before[..4] {
        let person = by_id(signup);
        assert_eq!(
            notifications(&cast.app, person.id, "changes").await.len(),
            1,
            "{} moved up",
            person.name
        );
    }
    for signup in &waiting_before[4..] {
        let person = by_id(signup);
        assert!(
            notifications(&cast.app, person.id, "changes")
                .await
                .is_empty(),
            "{} still waits and was told nothing",
            person.name
        );
    }
    // The removed person is told; those who cancelled themselves are not.
    assert_eq!(
        notifications(&cast.app, by_id(removed).id, "changes")
            .await
            .len(),
        1
    );
    for signup in &confirmed[..3] {
        assert!(
            notifications(&cast.app, by_id(signup).id, "changes")
                .await
                .is_empty()
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
        assert_eq!(signup(&person.browser, call.shift, &[]).await.status, 303);
    }
    // Fewer places than confirmed people: refused, nothing changes.
    let page = edit_shift(
        manager,
        call.shift,
        &date,
        &[
            ("start", "10:00"),
            ("end", "14:00"),
            ("label", "Bühnenaufbau"),
            ("max", "1"),
        ],
    )
    .await;
    page.assert_status(422)
        .assert_contains(FEWER_THAN_SIGNED_UP)
        .assert_contains(r#"value="Bühnenaufbau""#);
    // Two more places: the next two waiting people are confirmed and told.
    let page = edit_shift(
        manager,
        call.shift,
        &date,
        &[
            ("start", "10:00"),
            ("end", "14:00"),
            ("label", "Bühnenaufbau"),
            ("max", "4"),
        ],
    )
    .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    for (i, person) in people.iter().enumerate() {
        let own = signup_of(&cast.app, call.shift, person)
            .await
            .expect("a sign-up");
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
    let call = create_call(&cast.app, manager, &iso(a_saturday()), &[]).await;
    let cakes = add_item(
        &cast.app,
        manager,
        &call,
        &[("label", "Kuchen"), ("wanted", "3")],
    )
    .await;
    assert_eq!(
        pledge(&cast.member.browser, cakes, "2", "Zwei Bleche Streusel")
            .await
            .status
            .as_u16(),
        303
    );
    // Two more would be one too many.
    let page = pledge(&cast.target.browser, cakes, "2", "Marmorkuchen").await;
    assert_rejected(
        "more than is missing",
        &page,
        &[r#"value="2""#, r#"value="Marmorkuchen""#],
        &format!("{ONLY_MISSING} 1"),
    );
    assert_eq!(pledged(&cast.app, cakes).await, 2);
    assert_eq!(
        pledge(&cast.target.browser, cakes, "1", "Marmorkuchen")
            .await
            .status
            .as_u16(),
        303
    );
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    // Nothing is missing any more: every further pledge is refused.
    let page = pledge(&cast.moderator.browser, cakes, "1", "").await;
    page.assert_status(422);
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    cast.visitor.get(&call.path).await.assert_status(200);

    // Withdrawn, the two are missing again.
    let mias = records(&cast.app, "pledges")
        .await
        .into_iter()
        .find(|(_, d)| text(&d["person"]) == cast.member.id.to_string())
        .expect("Mia's pledge")
        .0;
    let page = cast
        .target
        .browser
        .post_form(&format!("{VOLUNTEER}/pledges/{mias}/withdraw"), &[])
        .await;
    assert!(
        matches!(page.status.as_u16(), 403 | 404),
        "someone else's pledge: {}",
        page.status
    );
    assert_eq!(pledged(&cast.app, cakes).await, 3);
    let page = cast
        .member
        .browser
        .post_form(&format!("{VOLUNTEER}/pledges/{mias}/withdraw"), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    assert_eq!(pledged(&cast.app, cakes).await, 1);
    assert_eq!(
        pledge(&cast.moderator.browser, cakes, "2", "").await.status,
        303
    );
    assert_eq!(pledged(&cast.app, cakes).await, 3);

    // Where more is welcome, pledges may go beyond what was asked.
    let salads = add_item(
        &cast.app,
        manager,
        &call,
        &[
            ("label", "Salate"),
            ("wanted", "2"),
            ("extra_welcome", "on"),
        ],
    )
    .await;
    assert_eq!(
        pledge(&cast.member.browser, salads, "5", "Nudelsalat")
            .await
            .status,
        303
    );
    assert_eq!(
        pledge(&cast.target.browser, salads, "1", "Kartoffelsalat")
            .await
            .status,
        303
    );
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
                owned(&[("quantity", "1"), ("comment", "")]),
            )
        })
        .collect();
    let pages = all_at_once(posts).await;
    let statuses: Vec<u16> = pages.iter().map(|p| p.status.as_u16()).collect();
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

#[tokio::test]
async fn names_and_comments_of_volunteers_stay_with_the_organisers() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let saturday = a_saturday();
    let call = create_call(
        &cast.app,
        manager,
        &iso(saturday),
        &[("title", "Kuchenbasar"), ("max", "4")],
    )
    .await;
    let comment = "Bringe Käsekuchen ohne Gluten";
    signed_up(&cast.member.browser, call.shift, &[("comment", comment)])
        .await
        .assert_contains(SIGNED_UP);
    let mias = signup_of(&cast.app, call.shift, &cast.member)
        .await
        .expect("Mia's sign-up");
    let nina = neighbours(&cast, 1).await.remove(0);
    let secrets = ["Mia Mitglied", comment];

    let event = format!("{VOLUNTEER}/shifts/{}/event.ics", call.shift);
    for (who, browser) in [
        ("visitor", &cast.visitor),
        ("another member", &nina.browser),
        ("outsider", &cast.outsider.browser),
    ] {
        let page = browser.get(&call.path).await;
        page.assert_status(200)
            .assert_contains("Kuchenbasar")
            .assert_contains("1 von 4");
        assert_hides(who, &page, &secrets);
        let list = browser.get(VOLUNTEER).await;
        list.assert_status(200).assert_contains("Kuchenbasar");
        assert_hides(who, &list, &secrets);
        let home = browser.get("/c/ransbach").await;
        home.assert_status(200)
            .assert_contains("widget-volunteer")
            .assert_contains("Kuchenbasar");
        assert_hides(who, &home, &secrets);
        let ics = browser.get(&event).await;
        icalendar(&ics);
        assert_hides(who, &ics, &secrets);
        for page in [
            browser.get(&format!("{VOLUNTEER}/mine")).await,
            browser.get(&format!("{VOLUNTEER}?needs=1")).await,
            browser
                .get(&format!("{VOLUNTEER}?date={}", iso(saturday)))
                .await,
            browser
                .get(&format!("{VOLUNTEER}/shifts/{}/signup", call.shift))
                .await,
        ] {
            assert_hides(who, &page, &secrets);
        }
        // Guessed ids: the organisers' pages are refused and tell nothing.
        for path in [
            format!("{VOLUNTEER}/signups/{}/remove", mias.id),
            format!("{}/message", call.path),
            format!("{}/edit", call.path),
        ] {
            let page = browser.get(&path).await;
            assert!(
                matches!(page.status.as_u16(), 303 | 403 | 404),
                "{who}: GET {path} → {}",
                page.status
            );
            if page.status.as_u16() == 303 {
                assert!(page.location().unwrap_or("").starts_with("/login?next="));
            }
            assert_hides(who, &page, &secrets);
        }
        // Nor can they cancel or remove her.
        for (path, fields) in [
            (format!("{VOLUNTEER}/signups/{}/cancel", mias.id), vec![]),
            (
                format!("{VOLUNTEER}/signups/{}/remove", mias.id),
                vec![("reason", "Weg")],
            ),
        ] {
            let page = browser.post_form(&path, &fields).await;
            assert!(
                matches!(page.status.as_u16(), 303 | 403 | 404),
                "{who}: POST {path} → {}",
                page.status
            );
            if page.status.as_u16() == 303 {
                assert!(page.location().unwrap_or("").starts_with("/login?next="));
            }
            assert_hides(who, &page, &secrets);
        }
    }
    assert_eq!(
        signup_of(&cast.app, call.shift, &cast.member)
            .await
            .expect("still there")
            .status,
        "confirmed"
    );

    // The creator and a moderator see who and what; Mia sees her own comment.
    for browser in [manager, &cast.moderator.browser] {
        browser
            .get(&call.path)
            .await
            .assert_contains("Mia Mitglied")
            .assert_contains(comment);
        browser
            .get(&format!("{VOLUNTEER}/signups/{}/remove", mias.id))
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
    crate::support::switch_module(&cast.outsider.browser, "other", "volunteer", true)
        .await
        .assert_redirect("/c/other/settings#modules");
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
    assert_eq!(
        signup_of(&cast.app, call.shift, &cast.member)
            .await
            .expect("still there")
            .status,
        "confirmed"
    );
}

#[tokio::test]
async fn a_volunteer_who_shows_their_name_is_seen_by_the_other_volunteers_only() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let date = iso(a_saturday());
    let call = create_call(&cast.app, manager, &date, &[("max", "1")]).await;
    let nina = neighbours(&cast, 1).await.remove(0);
    // Mia signs up without showing her name; Tilo shows his and ends up waiting.
    signed_up(
        &cast.member.browser,
        call.shift,
        &[("comment", "Mias Notiz")],
    )
    .await
    .assert_contains(SIGNED_UP);
    signed_up(
        &cast.target.browser,
        call.shift,
        &[("comment", "Tilos Notiz"), ("show_name", "on")],
    )
    .await
    .assert_contains(WAITING_LIST);
    // A second shift of the same call: someone there is a volunteer of the call too.
    let second = add_shift(&cast.app, manager, &call, &date, &[]).await;
    let moderator_as_volunteer = cast
        .app
        .register("helfer@example.org", "Hanna Helferin")
        .await;
    cast.app
        .add_member(
            "ransbach",
            &moderator_as_volunteer.email,
            StoredRole::Member,
        )
        .await;
    signed_up(&moderator_as_volunteer.browser, second, &[])
        .await
        .assert_contains(SIGNED_UP);

    // The other volunteers of the call see Tilo's name, but not his comment, nor Mia's name.
    for volunteer in [&cast.member.browser, &moderator_as_volunteer.browser] {
        volunteer
            .get(&call.path)
            .await
            .assert_status(200)
            .assert_contains("Tilo Target")
            .assert_lacks("Tilos Notiz");
    }
    cast.target
        .browser
        .get(&call.path)
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
    signed_up(&nina.browser, other_call.shift, &[])
        .await
        .assert_contains(SIGNED_UP);
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
    let tilos = create_call(
        &cast.app,
        &cast.target.browser,
        &date,
        &[("title", "Tilos Flohmarkt"), ("visibility", "members")],
    )
    .await;
    let marias = create_call(
        &cast.app,
        &cast.manager.browser,
        &date,
        &[("title", "Marias Sommerfest")],
    )
    .await;
    signed_up(
        &cast.member.browser,
        tilos.shift,
        &[("comment", "Bringe Stühle mit")],
    )
    .await
    .assert_contains(SIGNED_UP);
    signed_up(
        &cast.member.browser,
        marias.shift,
        &[("comment", "Bringe Tische mit")],
    )
    .await
    .assert_contains(SIGNED_UP);
    let tilo = &cast.target.browser;
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
    let mias = signup_of(&cast.app, marias.shift, &cast.member)
        .await
        .expect("Mia's sign-up");
    tilo.get(&format!("{VOLUNTEER}/signups/{}/remove", mias.id))
        .await
        .assert_status(403);
    tilo.post_form(&format!("{}/close", marias.path), &[])
        .await
        .assert_status(403);
    // The organiser of his own call closes it and removes sign-ups with a reason.
    let mias_at_tilos = signup_of(&cast.app, tilos.shift, &cast.member)
        .await
        .expect("Mia's sign-up");
    let page = tilo
        .post_form(
            &format!("{VOLUNTEER}/signups/{}/remove", mias_at_tilos.id),
            &[("reason", "Der Flohmarkt wird kleiner.")],
        )
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    assert_eq!(
        signup_of(&cast.app, tilos.shift, &cast.member)
            .await
            .expect("kept as removed")
            .status,
        "removed"
    );
    let told = notifications(&cast.app, cast.member.id, "changes").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].0.contains("Der Flohmarkt wird kleiner.")
            || told[0].1.contains("Der Flohmarkt wird kleiner."),
        "the reason is in the notification: {told:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// A case of bad input: what it is, the fields sent (over the defaults), what the answer
/// must keep, and the message it must show.
type BadInput<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<String>, &'a str);

/// A form came back with 422 (an HTML page), kept `kept` and says `message`.
#[track_caller]
fn assert_rejected(case: &str, page: &Page, kept: &[&str], message: &str) {
    assert_eq!(page.status.as_u16(), 422, "{case}: {}", page.body);
    page.assert_html();
    for text in kept {
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
    let long_title = "Ü".repeat(201);
    let cases: Vec<BadInput> = vec![
        (
            "end before start",
            vec![
                ("title", "Verkehrt herum"),
                ("start", "14:00"),
                ("end", "12:00"),
            ],
            vec![
                r#"value="Verkehrt herum""#.into(),
                r#"value="14:00""#.into(),
                r#"value="12:00""#.into(),
            ],
            END_BEFORE_START,
        ),
        (
            "end at the start",
            vec![
                ("title", "Gar keine Zeit"),
                ("start", "10:00"),
                ("end", "10:00"),
            ],
            vec![r#"value="Gar keine Zeit""#.into()],
            END_BEFORE_START,
        ),
        (
            "a shift in the past",
            vec![("title", "Schon vorbei"), ("date", &yesterday)],
            vec![
                r#"value="Schon vorbei""#.into(),
                format!(r#"value="{yesterday}""#),
            ],
            PAST,
        ),
        (
            "no places",
            vec![("title", "Niemand gebraucht"), ("max", "0")],
            vec![r#"value="Niemand gebraucht""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "negative places",
            vec![("title", "Minus Leute"), ("max", "-3")],
            vec![r#"value="Minus Leute""#.into(), r#"value="-3""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "places not a number",
            vec![("title", "Viele Leute"), ("max", "viele")],
            vec![r#"value="Viele Leute""#.into(), r#"value="viele""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "more needed than places",
            vec![("title", "Zu wenig Platz"), ("min", "5"), ("max", "4")],
            vec![r#"value="Zu wenig Platz""#.into()],
            MIN_ABOVE_MAX,
        ),
        (
            "no title",
            vec![("title", ""), ("place", "Am Sportplatz")],
            vec![r#"value="Am Sportplatz""#.into()],
            REQUIRED,
        ),
        (
            "no date",
            vec![("title", "Irgendwann"), ("date", "morgen")],
            vec![r#"value="Irgendwann""#.into(), r#"value="morgen""#.into()],
            BAD_DATE,
        ),
        (
            "no time",
            vec![("title", "Zur Geisterstunde"), ("start", "25:00")],
            vec![
                r#"value="Zur Geisterstunde""#.into(),
                r#"value="25:00""#.into(),
            ],
            BAD_TIME,
        ),
        (
            "a title too long",
            vec![("title", &long_title)],
            vec![long_title.clone()],
            TEXT_TOO_LONG,
        ),
    ];
    for (case, fields, kept, message) in &cases {
        let page = new_call(manager, &date, fields).await;
        let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
        assert_rejected(case, &page, &kept, message);
    }
    assert!(records(&cast.app, "calls").await.is_empty());
    assert!(records(&cast.app, "shifts").await.is_empty());

    // An end at midnight is the end of the day.
    let call = create_call(
        &cast.app,
        manager,
        &date,
        &[("start", "20:00"), ("end", "24:00")],
    )
    .await;

    // The shift form: the same rules, and a label is required.
    let cases: Vec<BadInput> = vec![
        (
            "end before start",
            vec![
                ("label", "Verkehrt herum"),
                ("start", "18:00"),
                ("end", "15:00"),
            ],
            vec![r#"value="Verkehrt herum""#.into()],
            END_BEFORE_START,
        ),
        (
            "a shift in the past",
            vec![("label", "Schon vorbei"), ("date", &yesterday)],
            vec![r#"value="Schon vorbei""#.into()],
            PAST,
        ),
        (
            "no places",
            vec![("label", "Niemand gebraucht"), ("max", "0")],
            vec![r#"value="Niemand gebraucht""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "negative places",
            vec![("label", "Minus Leute"), ("max", "-1")],
            vec![r#"value="Minus Leute""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "places not a number",
            vec![("label", "Viele Leute"), ("max", "zehn")],
            vec![r#"value="Viele Leute""#.into(), r#"value="zehn""#.into()],
            WHOLE_NUMBER,
        ),
        (
            "more needed than places",
            vec![("label", "Zu wenig Platz"), ("min", "3"), ("max", "2")],
            vec![r#"value="Zu wenig Platz""#.into()],
            MIN_ABOVE_MAX,
        ),
    ];
    for (case, fields, kept, message) in &cases {
        let page = new_shift(manager, &call, &date, fields).await;
        let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
        assert_rejected(case, &page, &kept, message);
    }
    assert_eq!(records(&cast.app, "shifts").await.len(), 1);
    // Editing a shift with bad input keeps it as it was.
    let page = edit_shift(
        manager,
        call.shift,
        &date,
        &[("label", "Kaputt"), ("start", "12:00"), ("end", "11:00")],
    )
    .await;
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
        let page = new_shift(
            manager,
            &call,
            &date,
            &[("label", label), ("start", "16:00")],
        )
        .await;
        assert_rejected(case, &page, &[&kept], message);
        let page = edit_shift(
            manager,
            call.shift,
            &date,
            &[("label", label), ("start", "16:00")],
        )
        .await;
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
    for (case, fields, kept, message) in [
        (
            "nothing wanted",
            [("label", "Nichts davon"), ("wanted", "0")],
            r#"value="Nichts davon""#,
            WHOLE_NUMBER,
        ),
        (
            "a negative quantity",
            [("label", "Minus Kuchen"), ("wanted", "-2")],
            r#"value="Minus Kuchen""#,
            WHOLE_NUMBER,
        ),
        (
            "not a number",
            [("label", "Viel Kaffee"), ("wanted", "viel")],
            r#"value="viel""#,
            WHOLE_NUMBER,
        ),
        (
            "too many",
            [("label", "Sandsäcke"), ("wanted", "100001")],
            r#"value="Sandsäcke""#,
            WHOLE_NUMBER,
        ),
        (
            "no label",
            [("label", ""), ("wanted", "7")],
            r#"value="7""#,
            REQUIRED,
        ),
    ] {
        let page = new_item(manager, &call, &fields).await;
        assert_rejected(case, &page, &[kept], message);
    }
    assert!(records(&cast.app, "items").await.is_empty());
    let item = add_item(&cast.app, manager, &call, &[("wanted", "100000")]).await;
    for quantity in ["0", "-1", "viel", "", "1.5", "99999999999999999999"] {
        let page = pledge(&cast.member.browser, item, quantity, "Mein Beitrag").await;
        let kept = format!(r#"value="{quantity}""#);
        assert_rejected(
            &format!("quantity {quantity:?}"),
            &page,
            &[&kept, r#"value="Mein Beitrag""#],
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
    cast.member
        .browser
        .post_form(&format!("{}/close", call.path), &[])
        .await
        .assert_status(403);
    let page = manager
        .post_form(&format!("{}/close", call.path), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let page = signup(&cast.member.browser, call.shift, &[("comment", "Trotzdem")]).await;
    assert_refused(&cast.member.browser, &page, NO_MORE_SIGN_UPS).await;
    assert!(signups_of(&cast.app, call.shift).await.is_empty());
    // Reopened, it does.
    let page = manager
        .post_form(&format!("{}/reopen", call.path), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    signed_up(&cast.member.browser, call.shift, &[])
        .await
        .assert_contains(SIGNED_UP);
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
    let later = create_call(
        &cast.app,
        manager,
        &iso(a_saturday()),
        &[("title", "Später"), ("remind_hours", "24")],
    )
    .await;
    let nina = neighbours(&cast, 1).await.remove(0);
    for browser in [&cast.member.browser, &cast.target.browser] {
        signed_up(browser, soon.shift, &[])
            .await
            .assert_contains(SIGNED_UP);
        signed_up(browser, silent.shift, &[])
            .await
            .assert_contains(SIGNED_UP);
        signed_up(browser, later.shift, &[])
            .await
            .assert_contains(SIGNED_UP);
    }
    signed_up(&nina.browser, soon.shift, &[])
        .await
        .assert_contains(WAITING_LIST);
    for _ in 0..3 {
        run_the_job_again(&cast.app).await;
    }
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
    for _ in 0..3 {
        run_the_job_again(&cast.app).await;
    }
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
    signed_up(&cast.member.browser, soon.shift, &[])
        .await
        .assert_contains(SIGNED_UP);
    signed_up(&cast.target.browser, soon.shift, &[])
        .await
        .assert_contains(WAITING_LIST);
    let mias = signup_of(&cast.app, soon.shift, &cast.member)
        .await
        .expect("Mia's sign-up");
    let tilos = signup_of(&cast.app, soon.shift, &cast.target)
        .await
        .expect("Tilo's sign-up");
    let page = cast
        .member
        .browser
        .post_form(&format!("{VOLUNTEER}/signups/{}/cancel", mias.id), &[])
        .await;
    assert_refused(&cast.member.browser, &page, CUT_OFF_PASSED).await;
    let page = cast
        .target
        .browser
        .post_form(&format!("{VOLUNTEER}/signups/{}/cancel", tilos.id), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200 with an HTML page.
    Open,
    /// 303 to the login page, coming back here afterwards.
    Login,
    /// 403 page.
    Denied,
    /// 403 or 404: not for them, whether it exists or not.
    Hidden,
    /// 404, or (for someone not logged in) 303 to the login page.
    HiddenOrLogin,
}

use Expect::{Denied, Hidden, HiddenOrLogin, Login, Open};

/// GETs `path` as each role of [`Role::ALL`] (visitor, member, moderator, manager, operator,
/// outsider) and checks the outcomes.
async fn check_roles(cast: &Cast, path: &str, outcomes: [Expect; 6]) {
    for (role, expected) in Role::ALL.into_iter().zip(outcomes) {
        let page = cast.as_role(role).get(path).await;
        let context = format!("GET {path} as {role:?}");
        let status = page.status.as_u16();
        let login = format!("/login?next={path}");
        let to_login = status == 303 && page.location() == Some(login.as_str());
        match expected {
            Open => {
                assert_eq!(status, 200, "{context}: {}", page.body);
                page.assert_html();
            }
            Login => assert!(to_login, "{context}: {status} {:?}", page.location()),
            Denied => {
                assert_eq!(status, 403, "{context}: {}", page.body);
                page.assert_html();
            }
            Hidden => assert!(
                status == 403 || status == 404,
                "{context}: {status} {}",
                page.body
            ),
            HiddenOrLogin => assert!(
                status == 404 || to_login,
                "{context}: {status} {:?}",
                page.location()
            ),
        }
    }
}

#[tokio::test]
async fn who_may_open_which_page() {
    let cast = volunteer_cast().await;
    let date = iso(a_saturday());
    let public = create_call(&cast.app, &cast.manager.browser, &date, &[]).await;
    let members = create_call(
        &cast.app,
        &cast.manager.browser,
        &date,
        &[("title", "Nur für uns"), ("visibility", "members")],
    )
    .await;
    check_roles(&cast, VOLUNTEER, [Open; 6]).await;
    check_roles(&cast, &public.path, [Open; 6]).await;
    check_roles(
        &cast,
        &format!("{VOLUNTEER}/new"),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &members.path,
        [HiddenOrLogin, Open, Open, Open, Open, Hidden],
    )
    .await;
    // Its calendar file likewise.
    let event = format!("{VOLUNTEER}/shifts/{}/event.ics", members.shift);
    for role in [Role::Member, Role::Moderator, Role::Manager, Role::Operator] {
        icalendar(&cast.as_role(role).get(&event).await);
    }
    let page = cast.outsider.browser.get(&event).await;
    assert!(matches!(page.status.as_u16(), 403 | 404), "{}", page.status);
    let page = cast.visitor.get(&event).await;
    assert!(
        page.status.as_u16() == 404
            || page.location() == Some(format!("/login?next={event}").as_str()),
        "{} {:?}",
        page.status,
        page.location()
    );
    check_roles(
        &cast,
        &format!("{VOLUNTEER}/mine"),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &format!("{}/edit", public.path),
        [Login, Denied, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &format!("{}/edit", members.path),
        [HiddenOrLogin, Denied, Open, Open, Open, Hidden],
    )
    .await;
    for organisers_only in ["shifts/new", "items/new", "message", "cancel"] {
        check_roles(
            &cast,
            &format!("{}/{organisers_only}", public.path),
            [Login, Denied, Open, Open, Open, Denied],
        )
        .await;
    }
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
    let page = signup(&cast.visitor, public.shift, &[]).await;
    page.assert_status(303);
    assert!(
        page.location().unwrap_or("").starts_with("/login?next="),
        "{:?}",
        page.location()
    );
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
    // By default they may.
    create_call(
        &cast.app,
        &cast.member.browser,
        &date,
        &[("title", "Von Mia")],
    )
    .await;
    allow_members_to_create_calls(&cast, false).await;
    cast.member
        .browser
        .get(&format!("{VOLUNTEER}/new"))
        .await
        .assert_status(403);
    new_call(
        &cast.member.browser,
        &date,
        &[("title", "Noch einer von Mia")],
    )
    .await
    .assert_status(403);
    assert_eq!(records(&cast.app, "calls").await.len(), 1);
    // Moderators and managers still may.
    create_call(
        &cast.app,
        &cast.moderator.browser,
        &date,
        &[("title", "Vom Moderator")],
    )
    .await;
    create_call(
        &cast.app,
        &cast.manager.browser,
        &date,
        &[("title", "Von der Verwaltung")],
    )
    .await;
    assert_eq!(records(&cast.app, "calls").await.len(), 3);
    // Allowed again, members may again.
    allow_members_to_create_calls(&cast, true).await;
    create_call(
        &cast.app,
        &cast.member.browser,
        &date,
        &[("title", "Wieder von Mia")],
    )
    .await;
    assert_eq!(records(&cast.app, "calls").await.len(), 4);
}

// ---------------------------------------------------------------------------------------
// The personal feed
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_personal_feed_lists_my_confirmed_shifts_behind_a_secret_link() {
    let cast = volunteer_cast().await;
    let manager = &cast.manager.browser;
    let saturday = a_saturday();
    let sunday = saturday + time::Duration::days(1);
    let fair = create_call(&cast.app, manager, &iso(saturday), &[("title", "Dorffest")]).await;
    let cleanup = create_call(
        &cast.app,
        manager,
        &iso(sunday),
        &[
            ("title", "Müllsammeln"),
            ("start", "09:00"),
            ("end", "12:00"),
        ],
    )
    .await;
    let dropped = create_call(
        &cast.app,
        manager,
        &iso(saturday),
        &[("title", "Doch nicht")],
    )
    .await;
    for shift in [fair.shift, cleanup.shift, dropped.shift] {
        signed_up(&cast.member.browser, shift, &[])
            .await
            .assert_contains(SIGNED_UP);
    }
    signed_up(
        &cast.target.browser,
        fair.shift,
        &[("comment", "Tilos Geheimnis")],
    )
    .await
    .assert_contains(SIGNED_UP);
    let cancelled = signup_of(&cast.app, dropped.shift, &cast.member)
        .await
        .expect("a sign-up");
    let page = cast
        .member
        .browser
        .post_form(&format!("{VOLUNTEER}/signups/{}/cancel", cancelled.id), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);

    // No link until asked for; then it is on "my commitments", and only there.
    let mine = format!("{VOLUNTEER}/mine");
    assert!(feed_token(&cast.member.browser.get(&mine).await).is_none());
    let page = cast
        .member
        .browser
        .post_form(&format!("{VOLUNTEER}/mine/feed"), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let token = feed_token(&cast.member.browser.get(&mine).await).expect("the feed link");
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
    let page = cast
        .member
        .browser
        .post_form(&format!("{VOLUNTEER}/mine/feed"), &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let renewed = feed_token(&cast.member.browser.get(&mine).await).expect("the new link");
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
    page.assert_status(303);
    assert!(page.location().unwrap_or("").starts_with("/login?next="));
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
