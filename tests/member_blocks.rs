//! Blocks between members, from the outside. The file proves the rules of the issue:
//!
//! - a member blocks and unblocks another from the community's member directory, and sees
//!   and lifts their blocks on the account page; nobody else learns of it;
//! - what a blocked person wrote is collapsed for the blocker — and only for them — in the
//!   modules' lists, pages and home cards (lost and found, volunteer calls, the guestbook);
//! - a blocked person can neither claim an entry of the blocker nor write to them in a
//!   conversation, nor contact them as an organiser: the page says why, what was typed comes
//!   back, and no notification reaches the blocker — also not through a module that sends
//!   to named people without asking (the host leaves them out);
//! - blocking oneself, a non-member or an unknown id gets a clear message or 404, never a
//!   server error; visitors and members of other communities cannot use the block routes.

use crate::support::{Browser, Cast, Page, Person, days_from_today, iso, plugin_files, record_id};

const MEMBERS: &str = "/c/ransbach/members";
const LOSTFOUND: &str = "/c/ransbach/lostfound";
const VOLUNTEER: &str = "/c/ransbach/volunteer";
const GUESTBOOK: &str = "/c/ransbach/guestbook";

/// The host's summary of collapsed content.
const COLLAPSED: &str = r#"<details class="blocked-content"><summary>Inhalt einer Person, die du blockiert hast</summary>"#;
const BLOCKED_FLASH: &str = "Die Person ist blockiert.";
const UNBLOCKED_FLASH: &str = "Die Blockierung ist aufgehoben.";
const SELF_FLASH: &str = "Dich selbst kannst du nicht blockieren.";
/// What the lost-and-found module says when a message is refused.
const REFUSED: &str = "Diese Person möchte keine Nachrichten von dir bekommen.";

async fn lostfound_cast() -> Cast {
    Cast::with_modules(&[&plugin_files().lostfound], &["lostfound"], |_| {}).await
}

fn block_path(person: &Person) -> String {
    format!("{MEMBERS}/{}/block", person.id)
}

fn unblock_path(person: &Person) -> String {
    format!("{MEMBERS}/{}/unblock", person.id)
}

/// `blocker` blocks `blocked` from the directory; the directory says so.
async fn block(blocker: &Person, blocked: &Person) {
    let page = blocker.browser.post_form(&block_path(blocked), &[]).await;
    page.assert_redirect(MEMBERS);
    follow(&blocker.browser, &page)
        .await
        .assert_contains(BLOCKED_FLASH);
}

/// The page a redirect leads to, opened with the same browser (so it shows the flash).
async fn follow(browser: &Browser, page: &Page) -> Page {
    let location = page.redirect_target();
    assert!(
        !location.starts_with("/login"),
        "{} asked to log in",
        page.path
    );
    browser.get(&location).await
}

async fn blocks(cast: &Cast) -> i64 {
    cast.app.count("SELECT COUNT(*) FROM member_blocks").await
}

/// Posts a public lost-and-found entry as `browser`; returns its path.
async fn post_entry(browser: &Browser, entry_type: &str, title: &str) -> String {
    let date = iso(days_from_today(-1));
    let fields = [
        ("type", entry_type),
        ("kind", "item"),
        ("title", title),
        ("description", "Beschreibung des Gegenstands."),
        ("date", date.as_str()),
        ("place", "Marktplatz"),
        ("visibility", "public"),
    ];
    let page = browser
        .post_multipart(&format!("{LOSTFOUND}/new"), &fields, &[])
        .await;
    assert_eq!(page.status.as_u16(), 303, "{}", page.body);
    let location = page.redirect_target();
    let location = location.split(['#', '?']).next().unwrap_or_default();
    record_id(location, &format!("{LOSTFOUND}/entries/"));
    location.to_owned()
}

// ---------------------------------------------------------------------------------------
// Blocking and unblocking
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn members_block_and_unblock_from_the_directory_and_the_account_page() {
    let cast = Cast::new().await;
    let (mia, tilo) = (&cast.member, &cast.target);

    // Every member (not only managers) is offered to block or report everyone but themself.
    let directory = mia.browser.get(MEMBERS).await;
    directory
        .assert_status(200)
        .assert_contains(&format!("action=\"{}\"", block_path(tilo)))
        .assert_contains(&format!(
            "href=\"/c/ransbach/moderation/report-person/{}\"",
            tilo.id
        ))
        .assert_contains("Blockieren<span class=\"visually-hidden\"> Tilo Target</span>")
        .assert_lacks(&format!("action=\"{}\"", block_path(mia)))
        .assert_lacks(&format!("report-person/{}\"", mia.id));
    // Managers keep their tools beside it.
    cast.manager
        .browser
        .get(MEMBERS)
        .await
        .assert_contains(&format!("{MEMBERS}/{}/role", tilo.id))
        .assert_contains(&format!("action=\"{}\"", block_path(tilo)));

    // Mia blocks Tilo: the directory offers to unblock, the account page lists him.
    block(mia, tilo).await;
    assert_eq!(blocks(&cast).await, 1);
    mia.browser
        .get(MEMBERS)
        .await
        .assert_contains(&format!("action=\"{}\"", unblock_path(tilo)))
        .assert_contains("Blockierung aufheben<span class=\"visually-hidden\"> Tilo Target</span>")
        .assert_lacks(&format!("action=\"{}\"", block_path(tilo)));
    let account = mia.browser.get("/account").await;
    account
        .assert_status(200)
        .assert_contains("Blockierte Personen")
        .assert_contains("Tilo Target")
        .assert_contains(&format!("action=\"/account/blocks/{}/remove\"", tilo.id));

    // Blocking twice changes nothing.
    block(mia, tilo).await;
    assert_eq!(blocks(&cast).await, 1);

    // Nobody else learns of it: not Tilo, not the managers.
    for browser in [&tilo.browser, &cast.manager.browser] {
        browser
            .get(MEMBERS)
            .await
            .assert_lacks(&format!("action=\"{}\"", unblock_path(mia)))
            .assert_lacks(&format!("action=\"{}\"", unblock_path(tilo)));
    }
    tilo.browser
        .get("/account")
        .await
        .assert_contains("Du hast niemanden blockiert.");

    // Unblocking from the directory.
    let page = mia.browser.post_form(&unblock_path(tilo), &[]).await;
    page.assert_redirect(MEMBERS);
    follow(&mia.browser, &page)
        .await
        .assert_contains(UNBLOCKED_FLASH)
        .assert_contains(&format!("action=\"{}\"", block_path(tilo)));
    assert_eq!(blocks(&cast).await, 0);
    mia.browser
        .get("/account")
        .await
        .assert_contains("Du hast niemanden blockiert.");

    // Unblocking from the account page, also a second time (a double click).
    block(mia, tilo).await;
    let remove = format!("/account/blocks/{}/remove", tilo.id);
    let page = mia.browser.post_form(&remove, &[]).await;
    page.assert_redirect("/account#blocks");
    follow(&mia.browser, &page)
        .await
        .assert_contains(UNBLOCKED_FLASH)
        .assert_contains("Du hast niemanden blockiert.");
    assert_eq!(blocks(&cast).await, 0);
    mia.browser
        .post_form(&remove, &[])
        .await
        .assert_redirect("/account#blocks");
}

#[tokio::test]
async fn blocking_oneself_a_non_member_or_an_unknown_id_is_refused_clearly() {
    let cast = Cast::new().await;
    let mia = &cast.member;

    // Oneself: a clear message, nothing stored.
    let page = mia.browser.post_form(&block_path(mia), &[]).await;
    page.assert_redirect(MEMBERS);
    follow(&mia.browser, &page)
        .await
        .assert_contains(SELF_FLASH);

    // Someone who is not a member here, an id nobody has, an id that is no number.
    for path in [
        block_path(&cast.outsider),
        unblock_path(&cast.outsider),
        format!("{MEMBERS}/987654/block"),
        format!("{MEMBERS}/987654/unblock"),
    ] {
        mia.browser.post_form(&path, &[]).await.assert_status(404);
    }
    let page = mia
        .browser
        .post_form(&format!("{MEMBERS}/nobody/block"), &[])
        .await;
    assert_eq!(page.status.as_u16(), 400, "{}", page.body);
    // Lifting a block that does not exist says it is lifted.
    mia.browser
        .post_form("/account/blocks/987654/remove", &[])
        .await
        .assert_redirect("/account#blocks");
    assert_eq!(blocks(&cast).await, 0);
}

#[tokio::test]
async fn visitors_and_members_of_other_communities_cannot_use_the_block_routes() {
    let cast = Cast::new().await;
    let tilo = &cast.target;

    // Visitors are sent to log in, for every route.
    for path in [
        block_path(tilo),
        unblock_path(tilo),
        format!("/account/blocks/{}/remove", tilo.id),
    ] {
        let page = cast.visitor.post_form(&path, &[]).await;
        let location = page.redirect_target();
        assert!(location.starts_with("/login"), "{path}: {location}");
    }
    // A member of another community is refused; so is a forged form without the token.
    cast.outsider
        .browser
        .post_form(&block_path(tilo), &[])
        .await
        .assert_status(403);
    let forged = cast
        .member
        .browser
        .post_raw(&block_path(tilo), "csrf_token=wrong")
        .await;
    forged.assert_status(403);
    // The other community's directory offers nothing about people of this one.
    cast.outsider
        .browser
        .get("/c/other/members")
        .await
        .assert_lacks(&block_path(tilo));
    assert_eq!(blocks(&cast).await, 0);
}

// ---------------------------------------------------------------------------------------
// Collapsed content
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_blocked_persons_entry_is_collapsed_for_the_blocker_only() {
    let cast = lostfound_cast().await;
    let (mia, tilo) = (&cast.member, &cast.target);
    let title = "Roter Regenschirm gefunden";
    let entry = post_entry(&tilo.browser, "found", title).await;
    let own = post_entry(&mia.browser, "lost", "Blaue Mütze verloren").await;

    // Before the block, nothing is collapsed.
    mia.browser
        .get(LOSTFOUND)
        .await
        .assert_contains(title)
        .assert_lacks("blocked-content");

    block(mia, tilo).await;
    // Mia: the list, the entry's page and the home card collapse Tilo's entry (still there
    // to open), not her own.
    let list = mia.browser.get(LOSTFOUND).await;
    list.assert_status(200)
        .assert_contains(COLLAPSED)
        .assert_contains(title);
    assert_eq!(
        list.body.matches("blocked-content").count(),
        1,
        "{}",
        list.body
    );
    let page = mia.browser.get(&entry).await;
    page.assert_status(200).assert_contains(COLLAPSED);
    let collapsed_at = page.body.find(COLLAPSED).unwrap();
    let title_at = page.body.find(&format!("<h1>{title}</h1>")).unwrap();
    assert!(
        collapsed_at < title_at,
        "the title is inside the collapsed part"
    );
    mia.browser
        .get("/c/ransbach")
        .await
        .assert_contains(COLLAPSED);
    // Her own entry is not collapsed (Tilo's may appear in it as a likely match, collapsed).
    let own = mia.browser.get(&own).await;
    let heading = own
        .body
        .find("<h1>Blaue Mütze verloren</h1>")
        .expect("her own title");
    assert!(
        !own.body[..heading].contains("blocked-content"),
        "{}",
        own.body
    );

    // Everyone else sees it as before: Tilo himself, another member, a moderator, visitors.
    for browser in [
        &tilo.browser,
        &cast.manager.browser,
        &cast.moderator.browser,
        &cast.visitor,
    ] {
        for path in [LOSTFOUND, entry.as_str(), "/c/ransbach"] {
            browser
                .get(path)
                .await
                .assert_contains(title)
                .assert_lacks("blocked-content");
        }
    }

    // In English the summary is English.
    mia.browser
        .post_form(
            "/account/profile",
            &[("display_name", "Mia Mitglied"), ("language", "en")],
        )
        .await
        .assert_status(303);
    mia.browser
        .get(LOSTFOUND)
        .await
        .assert_contains("<summary>Content from a person you blocked</summary>");

    // Unblocked, it is shown as before.
    mia.browser
        .post_form(&unblock_path(tilo), &[])
        .await
        .assert_redirect(MEMBERS);
    mia.browser
        .get(LOSTFOUND)
        .await
        .assert_contains(title)
        .assert_lacks("blocked-content");
}

// ---------------------------------------------------------------------------------------
// No contact
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_claim_and_a_message_from_a_blocked_person_are_refused_and_nothing_reaches_the_blocker() {
    let cast = lostfound_cast().await;
    let (mia, tilo) = (&cast.member, &cast.target);
    let first = post_entry(&mia.browser, "found", "Schwarzer Rucksack gefunden").await;
    let second = post_entry(&mia.browser, "found", "Brille im Etui gefunden").await;

    // Before the block Tilo claims the first entry; Mia is told.
    let page = tilo
        .browser
        .post_form(
            &format!("{first}/claim"),
            &[("answer", ""), ("message", "Der Rucksack ist meiner.")],
        )
        .await;
    let conversation = page.redirect_target();
    let conversation = conversation
        .split('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    let told = cast
        .app
        .notifications("lostfound", mia.id, "messages")
        .await;
    assert_eq!(told.len(), 1, "{told:?}");

    block(mia, tilo).await;
    let messages = cast
        .app
        .count("SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'lostfound' AND collection = 'messages'")
        .await;
    let conversations = "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'lostfound' \
                         AND collection = 'conversations'";
    assert_eq!(cast.app.count(conversations).await, 1);

    // The claim form says why instead of offering a form that cannot work.
    let form = tilo.browser.get(&format!("{second}/claim")).await;
    form.assert_status(200)
        .assert_contains("möchte keine Nachrichten von dir bekommen")
        .assert_lacks("name=\"message\"");
    // A claim sent anyway comes back with what was typed and the reason; nothing is stored.
    let typed = "Die Brille gehört mir, sie hat einen Kratzer links.";
    let page = tilo
        .browser
        .post_form(
            &format!("{second}/claim"),
            &[("answer", "Kratzer"), ("message", typed)],
        )
        .await;
    page.assert_status(422)
        .assert_contains(REFUSED)
        .assert_contains(typed);
    assert_eq!(cast.app.count(conversations).await, 1);

    // In the conversation from before the block: no reply form, the reason instead; a reply
    // sent anyway comes back with its text and is not stored.
    tilo.browser
        .get(&conversation)
        .await
        .assert_status(200)
        .assert_contains("Die andere Person möchte keine Nachrichten mehr von dir bekommen.")
        .assert_lacks("id=\"body\"")
        .assert_contains("Der Rucksack ist meiner.");
    let reply = "Bitte antworte mir doch!";
    let page = tilo
        .browser
        .post_form(&conversation, &[("body", reply)])
        .await;
    page.assert_status(422)
        .assert_contains(REFUSED)
        .assert_contains(reply);
    // Claiming the same entry again (which would add a message) is refused the same way.
    let page = tilo
        .browser
        .post_form(&format!("{first}/claim"), &[("message", reply)])
        .await;
    page.assert_status(422).assert_contains(REFUSED);
    assert_eq!(
        cast.app
            .count("SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'lostfound' AND collection = 'messages'")
            .await,
        messages
    );
    // Mia heard nothing more.
    let told = cast
        .app
        .notifications("lostfound", mia.id, "messages")
        .await;
    assert_eq!(told.len(), 1, "{told:?}");

    // Mia may still write to Tilo (the block is hers), and sees his messages collapsed.
    mia.browser
        .post_form(
            &conversation,
            &[("body", "Ich melde mich bei der Moderation.")],
        )
        .await
        .assert_status(303);
    assert_eq!(
        cast.app
            .notifications("lostfound", tilo.id, "messages")
            .await
            .len(),
        1
    );
    mia.browser
        .get(&conversation)
        .await
        .assert_contains(COLLAPSED);

    // Unblocked, Tilo may write again.
    mia.browser
        .post_form(&unblock_path(tilo), &[])
        .await
        .assert_redirect(MEMBERS);
    tilo.browser
        .post_form(&conversation, &[("body", reply)])
        .await
        .assert_status(303);
    assert_eq!(
        cast.app
            .notifications("lostfound", mia.id, "messages")
            .await
            .len(),
        2
    );
}

/// A call by `organiser` with one shift next week; returns the call's path and the shift's
/// id.
async fn volunteer_call(cast: &Cast, organiser: &Person, title: &str) -> (String, i64) {
    let date = iso(days_from_today(7));
    let fields = [
        ("title", title),
        ("description", "Wir brauchen Hilfe."),
        ("on_behalf", ""),
        ("place", "Festplatz"),
        ("visibility", "public"),
        ("remind_hours", "24"),
        ("cutoff_hours", "24"),
        ("date", date.as_str()),
        ("start", "10:00"),
        ("end", "14:00"),
        ("label", "Aufbau"),
        ("min", "1"),
        ("max", "4"),
    ];
    let page = organiser
        .browser
        .post_form(&format!("{VOLUNTEER}/new"), &fields)
        .await;
    let location = page.redirect_target();
    let path = location.split('#').next().unwrap_or_default().to_owned();
    record_id(&path, &format!("{VOLUNTEER}/calls/"));
    let shift = cast
        .app
        .count(
            "SELECT MAX(id) FROM plugin_records WHERE plugin_id = 'volunteer' \
             AND collection = 'shifts'",
        )
        .await;
    (path, shift)
}

#[tokio::test]
async fn volunteer_calls_and_the_guestbook_respect_blocks_too() {
    let files = plugin_files();
    let cast = Cast::with_modules(
        &[&files.volunteer, &files.guestbook],
        &["volunteer", "guestbook"],
        |_| {},
    )
    .await;
    let (mia, tilo, moritz) = (&cast.member, &cast.target, &cast.moderator);
    let title = "Aufbau Sommerfest";
    let (call, shift) = volunteer_call(&cast, tilo, title).await;
    for volunteer in [mia, moritz] {
        volunteer
            .browser
            .post_form(&format!("{VOLUNTEER}/shifts/{shift}/signup"), &[])
            .await
            .assert_status(303);
    }
    tilo.browser
        .post_form(GUESTBOOK, &[("message", "Grüße von Tilo")])
        .await
        .assert_status(303);

    block(mia, tilo).await;
    // Tilo's call and guestbook entry are collapsed for Mia, not for Moritz.
    for path in [VOLUNTEER, call.as_str(), GUESTBOOK, "/c/ransbach"] {
        mia.browser.get(path).await.assert_contains(COLLAPSED);
        moritz
            .browser
            .get(path)
            .await
            .assert_lacks("blocked-content");
    }

    // The organiser writes to everyone signed up: the module sends to both, the host leaves
    // out Mia, who blocked him.
    tilo.browser
        .post_form(
            &format!("{call}/message"),
            &[("message", "Treffpunkt ist am Tor.")],
        )
        .await
        .assert_status(303);
    assert!(
        cast.app
            .notifications("volunteer", mia.id, "messages")
            .await
            .is_empty()
    );
    assert_eq!(
        cast.app
            .notifications("volunteer", moritz.id, "messages")
            .await
            .len(),
        1
    );

    // Mia organises a call; Tilo may not contact her about it, and keeps what he typed.
    let (mias_call, _) = volunteer_call(&cast, mia, "Kuchen für den Basar").await;
    tilo.browser
        .get(&format!("{mias_call}/contact"))
        .await
        .assert_status(200)
        .assert_contains("möchte keine Nachrichten von dir bekommen")
        .assert_lacks("name=\"message\"");
    let typed = "Darf ich einen Kuchen bringen?";
    tilo.browser
        .post_form(&format!("{mias_call}/contact"), &[("message", typed)])
        .await
        .assert_status(422)
        .assert_contains("Die Organisation möchte keine Nachrichten von dir bekommen.")
        .assert_contains(typed);
    assert!(
        cast.app
            .notifications("volunteer", mia.id, "messages")
            .await
            .is_empty()
    );
    // Moritz may.
    moritz
        .browser
        .post_form(&format!("{mias_call}/contact"), &[("message", typed)])
        .await
        .assert_status(303);
    assert_eq!(
        cast.app
            .notifications("volunteer", mia.id, "messages")
            .await
            .len(),
        1
    );
}
