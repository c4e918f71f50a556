//! "Gesucht – Gefunden", lost and found (`plugins/lostfound`, mounted at `lostfound`), from
//! the outside, with real photos through the host's `blobs` capability. The file proves the
//! module's rules:
//!
//! - the secret detail a finder records never reaches anyone but the finder and the
//!   moderators: not in lists, the widget, the feed, search results, the claim form, a
//!   refused claim or the claimant's conversation;
//! - a conversation is read only by its two people, by moderators only once one of them
//!   reported it, and by nobody else, also not by guessing ids;
//! - photos come back re-encoded without their EXIF GPS position; files that are too large or
//!   not images are refused with a message and the form keeps what was typed; a photo picked
//!   before a refused form is kept without a second upload, but nobody can take someone
//!   else's pending upload; a members-only entry's photo is not served to visitors;
//! - a lost and a found entry that fit are suggested to both posters, once;
//! - the expiry job reminds once and archives once, however often it runs;
//! - bad input comes back with 422, a message and the input; never a server error;
//! - who may open which page.

use crate::photos;
use crate::support::Expect::{Denied, Hidden, HiddenOrLogin, Login, Open};
use crate::support::{
    Browser, Cast, Page, Role, check_role, check_roles, days_from_today, iso, plugin_files,
    record_id, with_defaults,
};

const LOSTFOUND: &str = "/c/ransbach/lostfound";

/// What only the owner of the found key would know.
const SECRET: &str = "Auf dem Anhänger steht Oma-7391";
/// The word of the secret the tests search for everywhere.
const SECRET_WORD: &str = "Oma-7391";
const QUESTION: &str = "Was steht auf dem Anhänger?";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The standard cast with the module on in "ransbach" and uploads limited to 300 KB, so
/// an oversize photo is quick to make.
async fn lostfound_cast() -> Cast {
    Cast::with_modules(&[&plugin_files().lostfound], &["lostfound"], |settings| {
        settings.max_upload_bytes = 300 * 1024;
    })
    .await
}

fn yesterday() -> String {
    iso(days_from_today(-1))
}

/// A found key by the church, public, over which `fields` are laid.
fn found_key<'a>(date: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    with_defaults(
        &[
            ("type", "found"),
            ("kind", "key"),
            ("title", "Schlüsselbund mit grünem Anhänger"),
            ("description", "Lag auf der Bank vor der Kirche."),
            ("date", date),
            ("place", "Bank vor der Kirche"),
            ("visibility", "public"),
            ("question", QUESTION),
            ("secret", SECRET),
        ],
        fields,
    )
}

/// A lost key between market and church, public.
fn lost_key<'a>(date: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    with_defaults(
        &[
            ("type", "lost"),
            ("kind", "key"),
            ("title", "Hausschlüssel mit grünem Anhänger verloren"),
            ("description", "Zwei Schlüssel am Ring."),
            ("date", date),
            ("place", "Zwischen Markt und Kirche"),
            ("visibility", "public"),
        ],
        fields,
    )
}

/// Sends the "new entry" form as a browser does (multipart, with these files).
async fn new_entry(browser: &Browser, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Page {
    let files: Vec<(&str, &str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| ("photo", *name, *bytes))
        .collect();
    browser
        .post_multipart(&format!("{LOSTFOUND}/new"), fields, &files)
        .await
}

/// The entry's path after a successful save, e.g. `/c/ransbach/lostfound/entries/7`.
#[track_caller]
fn entry_path(page: &Page) -> String {
    assert_eq!(page.status.as_u16(), 303, "saving failed: {}", page.body);
    let location = page.redirect_target();
    let location = location.split(['#', '?']).next().unwrap_or_default();
    record_id(location, &format!("{LOSTFOUND}/entries/"));
    location.to_owned()
}

/// Creates an entry that must be accepted and returns its path.
async fn create(browser: &Browser, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> String {
    let page = new_entry(browser, fields, files).await;
    entry_path(&page)
}

/// The path of the conversation a claim redirected to.
#[track_caller]
fn conversation_path(page: &Page) -> String {
    assert_eq!(page.status.as_u16(), 303, "the claim failed: {}", page.body);
    let location = page.redirect_target();
    let location = location.split('#').next().unwrap_or_default();
    record_id(location, &format!("{LOSTFOUND}/conversations/"));
    location.to_owned()
}

/// Claims an entry with an answer and a first message; returns the conversation's path.
async fn claim(browser: &Browser, entry: &str, answer: &str, message: &str) -> String {
    let page = browser
        .post_form(
            &format!("{entry}/claim"),
            &[("answer", answer), ("message", message)],
        )
        .await;
    conversation_path(&page)
}

/// The ids in `name="keep_photo" value="…"` fields of a form that came back.
fn kept_photo_ids(page: &Page) -> Vec<String> {
    page.body
        .split(r#"name="keep_photo" value=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The ids of the photos an entry page shows (`…/photos/{n}` links).
fn photo_links(page: &Page, entry: &str) -> Vec<String> {
    let marker = format!("{entry}/photos/");
    page.body
        .split(marker.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|rest| format!("{marker}{rest}"))
        .collect()
}

/// The stored data of entry `id`.
async fn stored_entry(cast: &Cast, id: i64) -> serde_json::Value {
    cast.app
        .plugin_records("lostfound", "entries")
        .await
        .into_iter()
        .find(|(i, _)| *i == id)
        .map(|(_, data)| data)
        .expect("the entry")
}

/// The account id of someone, as the notifications table keys it.
async fn notifications_of(cast: &Cast, email: &str, kind: &str) -> Vec<(String, String)> {
    let id = cast.app.account_id(email).await;
    cast.app.notifications("lostfound", id, kind).await
}

// ---------------------------------------------------------------------------------------
// The journey the issue asks for
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_found_key_goes_home_through_the_platform() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let earlier = iso(days_from_today(-3));
    // The owner (target) lost the key first.
    let lost = create(&cast.target.browser, &lost_key(&earlier, &[]), &[]).await;
    // The finder (member) posts it with a photo and the secret.
    let photo = photos::jpeg_with_gps(1200, 900);
    let found = create(
        &cast.member.browser,
        &found_key(&date, &[]),
        &[("schluessel.jpg", &photo)],
    )
    .await;

    // Both are told the entries might belong together, once.
    let owner_hints = notifications_of(&cast, &cast.target.email, "matches").await;
    let finder_hints = notifications_of(&cast, &cast.member.email, "matches").await;
    assert_eq!(owner_hints.len(), 1, "{owner_hints:?}");
    assert_eq!(finder_hints.len(), 1, "{finder_hints:?}");

    // The owner sees the hint on their own entry, with a link to the found key.
    let page = cast.target.browser.get(&lost).await;
    page.assert_status(200)
        .assert_contains(&found)
        .assert_lacks(SECRET_WORD);

    // The found entry shows the photo and the question, never the secret.
    let page = cast.target.browser.get(&found).await;
    page.assert_status(200)
        .assert_contains(QUESTION)
        .assert_contains(&format!("{found}/claim"))
        .assert_lacks(SECRET_WORD);
    assert!(!photo_links(&page, &found).is_empty(), "{}", page.body);

    // The owner claims it and answers the question.
    let conversation = claim(
        &cast.target.browser,
        &found,
        "Oma steht drauf",
        "Das ist meiner! Wann kann ich ihn abholen?",
    )
    .await;
    let claims = notifications_of(&cast, &cast.member.email, "messages").await;
    assert_eq!(
        claims.len(),
        1,
        "the finder is told of the claim: {claims:?}"
    );

    // The finder sees the answer beside the secret and answers.
    let page = cast.member.browser.get(&conversation).await;
    page.assert_status(200)
        .assert_contains("Oma steht drauf")
        .assert_contains(SECRET_WORD)
        .assert_contains("Wann kann ich ihn abholen?");
    let reply = cast
        .member
        .browser
        .post_form(
            &conversation,
            &[("body", "Gern, morgen ab 18 Uhr am Feuerwehrhaus.")],
        )
        .await;
    reply.assert_status(303);
    let told = notifications_of(&cast, &cast.target.email, "messages").await;
    assert_eq!(told.len(), 1, "the owner is told of the answer: {told:?}");

    // The owner reads it; the secret stays with the finder.
    let page = cast.target.browser.get(&conversation).await;
    page.assert_status(200)
        .assert_contains("morgen ab 18 Uhr am Feuerwehrhaus")
        .assert_lacks(SECRET_WORD);

    // The finder accepts the claim and marks the key returned with a happy end.
    cast.member
        .browser
        .post_form(&format!("{conversation}/decide"), &[("decision", "accept")])
        .await
        .assert_status(303);
    cast.member
        .browser
        .post_form(
            &format!("{found}/resolve"),
            &[("note", "Der Schlüssel ist wieder bei seiner Besitzerin.")],
        )
        .await
        .assert_status(303);
    let list = cast.visitor.get(LOSTFOUND).await;
    list.assert_status(200)
        .assert_contains("Der Schlüssel ist wieder bei seiner Besitzerin.")
        .assert_lacks(SECRET_WORD);

    // No phone number or address was published anywhere: the pages never asked for one.
    let page = cast.visitor.get(&found).await;
    page.assert_status(200)
        .assert_lacks("tel:")
        .assert_lacks("mailto:");
}

// ---------------------------------------------------------------------------------------
// The secret detail
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_secret_detail_reaches_only_the_finder_and_moderators() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;

    // The finder and the moderators see it.
    for browser in [
        &cast.member.browser,
        &cast.moderator.browser,
        &cast.manager.browser,
    ] {
        browser
            .get(&found)
            .await
            .assert_status(200)
            .assert_contains(SECRET_WORD);
    }
    // Nobody else, on any page.
    let others = [
        cast.target.browser.clone(),
        cast.visitor.clone(),
        cast.outsider.browser.clone(),
    ];
    let pages = [
        found.clone(),
        LOSTFOUND.to_owned(),
        format!("{LOSTFOUND}/feed.atom"),
        format!("{found}/claim"),
        "/c/ransbach".to_owned(),
        format!("{LOSTFOUND}/mine"),
    ];
    for browser in &others {
        for path in &pages {
            let page = browser.get(path).await;
            assert!(page.status.as_u16() < 500, "GET {path}: {}", page.status);
            page.assert_lacks(SECRET_WORD)
                .assert_lacks("Anhänger steht");
        }
    }
    // Searching for the secret finds nothing: the search does not read it either (while
    // a word of the title finds the entry).
    for browser in &others {
        for (query, finds) in [
            (SECRET_WORD, false),
            ("Oma", false),
            ("Schlüsselbund", true),
        ] {
            let page = browser.get(&format!("{LOSTFOUND}?q={query}")).await;
            page.assert_status(200);
            assert_eq!(page.body.contains(&found), finds, "searching for {query}");
        }
    }

    // A claim without an answer comes back without the secret; a wrong answer goes to the
    // finder, and the claimant's conversation never shows the secret.
    let refused = cast
        .target
        .browser
        .post_form(
            &format!("{found}/claim"),
            &[("answer", ""), ("message", "Meiner!")],
        )
        .await;
    refused
        .assert_status(422)
        .assert_contains("Meiner!")
        .assert_lacks(SECRET_WORD);
    let conversation = claim(&cast.target.browser, &found, "Papa", "Meiner!").await;
    cast.target
        .browser
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Papa")
        .assert_lacks(SECRET_WORD);
    // The notification the finder gets does not carry it either (it goes into mails).
    let id = cast.app.account_id(&cast.member.email).await;
    let all = cast
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE account_id = {id} AND body LIKE '%{SECRET_WORD}%'"
        ))
        .await;
    assert_eq!(all, 0);
    // The secret is stored apart from the entry, so no list can carry it.
    let entries = cast.app.plugin_records("lostfound", "entries").await;
    assert!(
        entries
            .iter()
            .all(|(_, data)| !data.to_string().contains(SECRET_WORD)),
        "{entries:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn conversations_are_read_by_their_two_people_and_by_moderators_after_a_report() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    let conversation = claim(&cast.target.browser, &found, "Oma", "Meiner, bitte melden.").await;

    // The two people read it; nobody else, whatever their role, and guessing other ids
    // finds nothing either.
    check_roles(
        &cast,
        &conversation,
        [HiddenOrLogin, Open, Hidden, Hidden, Hidden, Hidden],
    )
    .await;
    cast.target
        .browser
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Meiner, bitte melden.");
    for guess in ["0", "999999", "abc"] {
        let page = cast
            .target
            .browser
            .get(&format!("{LOSTFOUND}/conversations/{guess}"))
            .await;
        assert_eq!(page.status.as_u16(), 404, "{guess}");
    }
    // Nobody else can write into it.
    for browser in [
        &cast.moderator.browser,
        &cast.outsider.browser,
        &cast.visitor,
    ] {
        let page = browser
            .post_form(&conversation, &[("body", "Eingeschmuggelt")])
            .await;
        assert!(
            matches!(page.status.as_u16(), 303 | 403 | 404),
            "{}",
            page.status
        );
    }
    let messages = cast.app.plugin_records("lostfound", "messages").await;
    assert!(
        messages
            .iter()
            .all(|(_, m)| !m.to_string().contains("Eingeschmuggelt")),
        "{messages:?}"
    );

    // The claimant reports it: moderators are told and may now read it, others still not.
    let report = cast
        .target
        .browser
        .post_form(
            &format!("{conversation}/report"),
            &[("reason", "Der Finder verlangt Geld für die Rückgabe.")],
        )
        .await;
    report.assert_status(303);
    let reports = notifications_of(&cast, &cast.moderator.email, "reports").await;
    assert_eq!(reports.len(), 1, "{reports:?}");
    cast.moderator
        .browser
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Meiner, bitte melden.");
    cast.moderator
        .browser
        .get(&format!("{LOSTFOUND}/moderation"))
        .await
        .assert_status(200)
        .assert_contains(&conversation);
    check_role(&cast, Role::Outsider, &conversation, Hidden).await;
    let neighbour = crate::support::neighbours(&cast, 1).await.remove(0);
    let page = neighbour.browser.get(&conversation).await;
    assert_eq!(page.status.as_u16(), 404);
}

// ---------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn photos_come_back_without_their_gps_position() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let original = photos::jpeg_with_gps(1600, 1200);
    assert!(photos::has_exif(&original));
    assert!(photos::contains(&original, photos::GPS_MARKER));
    let found = create(
        &cast.member.browser,
        &found_key(&date, &[]),
        &[("IMG_2041.jpg", &original)],
    )
    .await;
    let page = cast.visitor.get(&found).await;
    let links = photo_links(&page, &found);
    let full = links
        .iter()
        .find(|l| !l.ends_with("/thumb"))
        .expect("a link to the photo");
    let thumb = links
        .iter()
        .find(|l| l.ends_with("/thumb"))
        .expect("a thumbnail");

    let (status, headers, bytes) = cast.visitor.get_bytes(full).await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(photos::content_format(&bytes), "jpeg");
    assert!(!photos::has_exif(&bytes), "the EXIF segment is gone");
    assert!(
        !photos::contains(&bytes, photos::GPS_MARKER),
        "so is the GPS position"
    );
    assert_eq!(photos::image_size(&bytes), (1600, 1200));

    let (status, _, small) = cast.visitor.get_bytes(thumb).await;
    assert_eq!(status.as_u16(), 200);
    assert!(!photos::has_exif(&small));
    assert_eq!(photos::image_size(&small), (480, 360));
}

#[tokio::test]
async fn refused_files_keep_the_form_and_earlier_photos() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let good = photos::jpeg_with_gps(800, 600);
    // Noise does not compress: over the test server's 300 KB limit for one photo (and
    // within the limit of the whole form, six such photos).
    let big = photos::noisy_jpeg(700, 500);
    assert!(
        (300 * 1024..1024 * 1024).contains(&big.len()),
        "{} bytes",
        big.len()
    );

    // Too large: refused with the host's message; the typed title stays; the good photo
    // sent with it waits as a pending upload in a hidden field.
    let page = new_entry(
        &cast.member.browser,
        &found_key(&date, &[("title", "Roter Regenschirm")]),
        &[("gut.jpg", &good), ("riesig.jpg", &big)],
    )
    .await;
    page.assert_status(422)
        .assert_contains("Dieses Foto ist zu groß.")
        .assert_contains("Roter Regenschirm");
    let pending = kept_photo_ids(&page);
    assert_eq!(pending.len(), 1, "{}", page.body);

    // Not an image (whatever its name says): refused too.
    let page = new_entry(
        &cast.member.browser,
        &found_key(&date, &[("title", "Roter Regenschirm")]),
        &[(
            "foto.jpg",
            b"GIF89a? no, just text pretending to be a picture",
        )],
    )
    .await;
    page.assert_status(422)
        .assert_contains("Diese Datei ist kein Foto.")
        .assert_contains("Roter Regenschirm");

    // Nobody else can take the pending photo.
    let page = new_entry(
        &cast.target.browser,
        &found_key(
            &date,
            &[("title", "Fremdes Foto"), ("keep_photo", &pending[0])],
        ),
        &[],
    )
    .await;
    assert_eq!(page.status.as_u16(), 422, "{}", page.body);
    let (status, _, _) = cast
        .target
        .browser
        .get_bytes(&format!("{LOSTFOUND}/uploads/{}", pending[0]))
        .await;
    assert_eq!(status.as_u16(), 404);

    // The uploader previews it and sends the form again without picking it again.
    let (status, _, preview) = cast
        .member
        .browser
        .get_bytes(&format!("{LOSTFOUND}/uploads/{}", pending[0]))
        .await;
    assert_eq!(status.as_u16(), 200);
    assert_eq!(photos::content_format(&preview), "jpeg");
    let found = create(
        &cast.member.browser,
        &found_key(
            &date,
            &[("title", "Roter Regenschirm"), ("keep_photo", &pending[0])],
        ),
        &[],
    )
    .await;
    let page = cast.visitor.get(&found).await;
    assert_eq!(photo_links(&page, &found).len(), 2, "photo and thumbnail");
    // Kept now: the preview address no longer serves it (the entry decides who sees it).
    let (status, _, _) = cast
        .member
        .browser
        .get_bytes(&format!("{LOSTFOUND}/uploads/{}", pending[0]))
        .await;
    assert_eq!(status.as_u16(), 404);

    // More than three photos are refused.
    let page = new_entry(
        &cast.member.browser,
        &found_key(&date, &[("title", "Vier Fotos")]),
        &[
            ("1.jpg", &good),
            ("2.jpg", &good),
            ("3.jpg", &good),
            ("4.jpg", &good),
        ],
    )
    .await;
    page.assert_status(422).assert_contains("Vier Fotos");
}

#[tokio::test]
async fn a_members_only_photo_is_not_served_to_visitors_or_other_communities() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let photo = photos::jpeg_with_gps(640, 480);
    let found = create(
        &cast.member.browser,
        &found_key(&date, &[("visibility", "members")]),
        &[("a.jpg", &photo)],
    )
    .await;
    let page = cast.target.browser.get(&found).await;
    let links = photo_links(&page, &found);
    assert!(!links.is_empty(), "{}", page.body);
    for link in &links {
        let (status, _, _) = cast.target.browser.get_bytes(link).await;
        assert_eq!(status.as_u16(), 200, "{link} for a member");
        for browser in [&cast.visitor, &cast.outsider.browser] {
            let (status, headers, bytes) = browser.get_bytes(link).await;
            assert!(
                matches!(status.as_u16(), 303 | 403 | 404),
                "{link}: {status}"
            );
            assert_ne!(
                headers
                    .get("content-type")
                    .map(|v| v.to_str().unwrap_or_default()),
                Some("image/jpeg")
            );
            assert!(photos::content_format(&bytes) != "jpeg");
        }
    }
    // The entry itself is hidden from them too.
    check_roles(
        &cast,
        &found,
        [HiddenOrLogin, Open, Open, Open, Open, Hidden],
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Matches, life cycle
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn matching_entries_are_suggested_once_and_only_when_they_fit() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let lost = create(&cast.target.browser, &lost_key(&date, &[]), &[]).await;
    // A found wallet shares words but is another kind: no hint.
    create(
        &cast.member.browser,
        &found_key(
            &date,
            &[("kind", "item"), ("title", "Grüne Geldbörse mit Anhänger")],
        ),
        &[],
    )
    .await;
    assert!(
        notifications_of(&cast, &cast.target.email, "matches")
            .await
            .is_empty()
    );
    // A found key found long before the loss does not fit either.
    let long_ago = iso(days_from_today(-200));
    create(&cast.member.browser, &found_key(&long_ago, &[]), &[]).await;
    assert!(
        notifications_of(&cast, &cast.target.email, "matches")
            .await
            .is_empty()
    );
    // The right one does, once, also after an edit.
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    assert_eq!(
        notifications_of(&cast, &cast.target.email, "matches")
            .await
            .len(),
        1
    );
    let edit = cast
        .member
        .browser
        .post_multipart(
            &format!("{found}/edit"),
            &found_key(
                &date,
                &[(
                    "description",
                    "Auf der Bank vor der Kirche, grüner Anhänger.",
                )],
            ),
            &[],
        )
        .await;
    edit.assert_status(303);
    assert_eq!(
        notifications_of(&cast, &cast.target.email, "matches")
            .await
            .len(),
        1
    );
    cast.target
        .browser
        .get(&lost)
        .await
        .assert_status(200)
        .assert_contains(&found);
}

#[tokio::test]
async fn the_expiry_job_reminds_once_and_archives_once() {
    let cast = Cast::with_modules(&[&plugin_files().lostfound], &["lostfound"], |settings| {
        settings.job_check_ms = 100;
    })
    .await;
    let date = yesterday();
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    let id: i64 = found
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");

    // Two days before the end: reminded once, however often the job runs.
    let mut data = stored_entry(&cast, id).await;
    data["expires_at"] = serde_json::json!(quartier::db::now_ms() + 2 * 24 * 3600 * 1000);
    cast.app.write_plugin_record(id, &data).await;
    cast.app.run_the_job_again("lostfound", "expiry").await;
    cast.app.run_the_job_again("lostfound", "expiry").await;
    assert_eq!(
        notifications_of(&cast, &cast.member.email, "reminders")
            .await
            .len(),
        1
    );

    // Renewing moves the end and allows a later reminder.
    cast.member
        .browser
        .post_form(&format!("{found}/renew"), &[])
        .await
        .assert_status(303);
    let data = stored_entry(&cast, id).await;
    assert!(
        data["expires_at"].as_i64().expect("expires_at")
            > quartier::db::now_ms() + 20 * 24 * 3600 * 1000
    );

    // Past its end: archived once, gone from the list and the feed, still there for its
    // finder.
    let mut data = stored_entry(&cast, id).await;
    data["expires_at"] = serde_json::json!(quartier::db::now_ms() - 1000);
    cast.app.write_plugin_record(id, &data).await;
    cast.app.run_the_job_again("lostfound", "expiry").await;
    let archived = stored_entry(&cast, id).await;
    assert_eq!(archived["status"], "archived", "{archived}");
    cast.app.run_the_job_again("lostfound", "expiry").await;
    assert_eq!(
        stored_entry(&cast, id).await,
        archived,
        "a second run changes nothing"
    );
    cast.visitor.get(LOSTFOUND).await.assert_lacks(&found);
    cast.visitor
        .get(&format!("{LOSTFOUND}/feed.atom"))
        .await
        .assert_lacks(&found);
    check_role(&cast, Role::Visitor, &found, HiddenOrLogin).await;
    cast.member.browser.get(&found).await.assert_status(200);
}

// ---------------------------------------------------------------------------------------
// Bad input, roles, feed
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn bad_input_comes_back_with_a_message_and_the_input() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let tomorrow = iso(days_from_today(1));
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (found_key(&date, &[("title", "")]), "Bank vor der Kirche"),
        (
            found_key(&tomorrow, &[]),
            "Schlüsselbund mit grünem Anhänger",
        ),
        (
            found_key("gestern", &[]),
            "Schlüsselbund mit grünem Anhänger",
        ),
        (
            found_key(&date, &[("place", "Hauptstraße 12")]),
            "Hauptstraße 12",
        ),
        (
            found_key(&date, &[("description", "Abholen bei mir, Kirchweg 3a")]),
            "Abholen bei mir, Kirchweg 3a",
        ),
        (found_key(&date, &[("kind", "spaceship")]), "Schlüsselbund"),
        (found_key(&date, &[("type", "stolen")]), "Schlüsselbund"),
        (
            found_key(&date, &[("visibility", "world")]),
            "Schlüsselbund",
        ),
        (found_key(&date, &[("place", "")]), "Schlüsselbund"),
    ];
    for (fields, kept) in cases {
        let page = new_entry(&cast.member.browser, &fields, &[]).await;
        assert_eq!(page.status.as_u16(), 422, "{fields:?}: {}", page.body);
        page.assert_html().assert_contains(kept);
    }
    // A members-only entry may name a street in its description, never in its place.
    create(
        &cast.member.browser,
        &found_key(
            &date,
            &[
                ("visibility", "members"),
                ("description", "Abholen im Kirchweg 3a"),
            ],
        ),
        &[],
    )
    .await;
    assert_eq!(
        cast.app.plugin_records("lostfound", "entries").await.len(),
        1
    );

    // Unknown entries and conversations: 404, never a server error.
    for path in [
        "/entries/999999",
        "/entries/abc",
        "/entries/1/photos/7",
        "/conversations/1",
    ] {
        let page = cast.member.browser.get(&format!("{LOSTFOUND}{path}")).await;
        assert_eq!(page.status.as_u16(), 404, "{path}");
    }
    let page = cast
        .member
        .browser
        .post_form(
            &format!("{LOSTFOUND}/entries/999999/claim"),
            &[("message", "x")],
        )
        .await;
    assert_eq!(page.status.as_u16(), 404);
    // A claim with an empty message keeps the answer.
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    let page = cast
        .target
        .browser
        .post_form(
            &format!("{found}/claim"),
            &[("answer", "Omas Name"), ("message", "")],
        )
        .await;
    page.assert_status(422).assert_contains("Omas Name");
    // The finder cannot claim their own entry.
    let page = cast
        .member
        .browser
        .post_form(
            &format!("{found}/claim"),
            &[("answer", "x"), ("message", "y")],
        )
        .await;
    assert!(
        matches!(page.status.as_u16(), 403 | 404 | 422),
        "{}",
        page.status
    );
}

#[tokio::test]
async fn who_may_open_which_page() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let public = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    check_roles(&cast, LOSTFOUND, [Open, Open, Open, Open, Open, Open]).await;
    check_roles(&cast, &public, [Open, Open, Open, Open, Open, Open]).await;
    check_roles(
        &cast,
        &format!("{LOSTFOUND}/new"),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &format!("{LOSTFOUND}/mine"),
        [Login, Open, Open, Open, Open, Denied],
    )
    .await;
    check_roles(
        &cast,
        &format!("{LOSTFOUND}/moderation"),
        [Login, Hidden, Open, Open, Open, Hidden],
    )
    .await;
    // Editing: the finder only.
    check_roles(
        &cast,
        &format!("{public}/edit"),
        [Login, Open, Hidden, Hidden, Hidden, Hidden],
    )
    .await;
    // Deleting: the finder or a moderator; nobody else.
    let page = cast
        .target
        .browser
        .post_form(&format!("{public}/delete"), &[])
        .await;
    assert!(matches!(page.status.as_u16(), 403 | 404), "{}", page.status);
    cast.moderator
        .browser
        .post_form(&format!("{public}/delete"), &[])
        .await
        .assert_status(303);
    cast.visitor.get(&public).await.assert_status(404);

    // The module is off in "other": nothing of it answers there.
    cast.outsider
        .browser
        .get("/c/other/lostfound")
        .await
        .assert_status(404);
}

#[tokio::test]
async fn the_feed_and_the_widget_show_public_entries_only() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let public = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    let members = create(
        &cast.member.browser,
        &lost_key(
            &date,
            &[
                ("visibility", "members"),
                ("title", "Nur für Mitglieder: Katze"),
            ],
        ),
        &[],
    )
    .await;
    let feed = cast.visitor.get(&format!("{LOSTFOUND}/feed.atom")).await;
    feed.assert_status(200)
        .assert_contains(&public)
        .assert_lacks(&members)
        .assert_lacks("Nur für Mitglieder")
        .assert_lacks(SECRET_WORD)
        .assert_lacks("Mia Mitglied");
    assert!(feed.content_type().starts_with("application/atom+xml"));
    let home = cast.visitor.get("/c/ransbach").await;
    home.assert_status(200)
        .assert_contains("Schlüsselbund mit grünem Anhänger")
        .assert_lacks("Nur für Mitglieder");
    let home = cast.target.browser.get("/c/ransbach").await;
    home.assert_contains("Nur für Mitglieder: Katze");
    // Names are for members: visitors see entries without their poster.
    cast.visitor.get(&public).await.assert_lacks("Mia Mitglied");
    cast.target
        .browser
        .get(&public)
        .await
        .assert_contains("Mia Mitglied");
}

#[tokio::test]
async fn english_speakers_get_english_pages_and_messages() {
    let cast = lostfound_cast().await;
    let date = yesterday();
    let found = create(&cast.member.browser, &found_key(&date, &[]), &[]).await;
    let browser = &cast.target.browser;
    browser
        .post_form("/language", &[("lang", "en"), ("next", "/")])
        .await
        .assert_status(303);
    browser
        .get(LOSTFOUND)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains("Lost or found something?")
        .assert_contains("I found something");
    let page = new_entry(browser, &found_key(&date, &[("title", "")]), &[]).await;
    page.assert_status(422)
        .assert_contains("Please fill this in.")
        .assert_lacks("error-required");
    let page = new_entry(
        browser,
        &found_key(&date, &[("title", "Blue umbrella")]),
        &[("x.jpg", b"not a picture")],
    )
    .await;
    page.assert_status(422)
        .assert_contains("This file is not a photo.")
        .assert_contains("Blue umbrella");
    browser
        .get(&found)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_lacks(SECRET_WORD);
}
