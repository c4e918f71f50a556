//! The newsboard (`plugins/newsboard`, mounted at `news`) from the outside: who may read,
//! write, edit and manage; members-only posts, drafts and scheduled posts that stay hidden;
//! urgent notices with their banner on every page of the community and one notification per
//! member; the forms' 422 answers; lists, pagination and permalinks; the Atom feed; and the
//! managers' settings.

use std::time::Duration;

use crate::support::Expect::{self, Denied, Login, Open};
use crate::support::{
    Browser, Cast, Page, Role, TestApp, check_role, check_roles, plugin_files, record_id,
    set_module, version_field,
};

const NEWS: &str = "/c/ransbach/news";
/// The heading above drafts and scheduled posts on the list.
const UNPUBLISHED: &str = "Noch nicht veröffentlicht";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The standard cast on a server with the newsboard and the guestbook installed, with the
/// newsboard on in "ransbach".
async fn newsboard_cast() -> Cast {
    newsboard_cast_with(|_| {}).await
}

/// [`newsboard_cast`] on a server with settings adjusted by `configure`.
async fn newsboard_cast_with(configure: impl FnOnce(&mut quartier::config::Settings)) -> Cast {
    let files = plugin_files();
    Cast::with_modules(
        &[&files.newsboard, &files.guestbook],
        &["newsboard"],
        configure,
    )
    .await
}

/// A stored time as Berlin wall-clock time with seconds, as the form takes it.
fn berlin(millis: i64) -> String {
    let t = quartier::berlin::from_millis(millis).expect("a representable time");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A whole second `seconds` from now: its milliseconds and its form input.
fn seconds_ahead(seconds: i64) -> (i64, String) {
    let at = (quartier::db::now_ms() / 1000 + seconds) * 1000;
    (at, berlin(at))
}

/// Form input for a time `seconds` from now (negative: in the past).
pub(crate) fn berlin_in(seconds: i64) -> String {
    seconds_ahead(seconds).1
}

/// Sleeps until a moment (milliseconds since the epoch) has passed by half a second.
async fn sleep_past(at: i64) {
    let wait = at + 500 - quartier::db::now_ms();
    if wait > 0 {
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    }
}

/// The post form with these fields over the defaults (public, no category, at once).
fn post_form<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = vec![
        ("title", ""),
        ("body", ""),
        ("category", ""),
        ("visibility", "public"),
        ("publish_at", ""),
        ("action", "publish"),
    ];
    for &(key, value) in fields {
        match form.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

/// Sends the "new post" form.
async fn write(browser: &Browser, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(&format!("{NEWS}/new"), &post_form(fields))
        .await
}

/// Sends the edit form of a post (without a version: no conflict check).
async fn edit(browser: &Browser, id: &str, fields: &[(&str, &str)]) -> Page {
    browser
        .post_form(&format!("{NEWS}/posts/{id}/edit"), &post_form(fields))
        .await
}

/// The id of the post a successful save redirected to.
#[track_caller]
fn saved_id(page: &Page) -> String {
    let location = page.redirect_target();
    record_id(&location, &format!("{NEWS}/posts/")).to_owned()
}

/// Writes a post that must be accepted; returns its id.
pub(crate) async fn publish(browser: &Browser, fields: &[(&str, &str)]) -> String {
    saved_id(&write(browser, fields).await)
}

fn post_path(id: &str) -> String {
    format!("{NEWS}/posts/{id}")
}

/// The manager changes the newsboard settings (categories one per line, who may post).
async fn save_settings(cast: &Cast, categories: &str, who_may_post: &str) -> Page {
    cast.manager
        .browser
        .post_form(
            &format!("{NEWS}/manage"),
            &[("categories", categories), ("who_may_post", who_may_post)],
        )
        .await
}

const DEFAULT_CATEGORIES: &str = "Gemeinde\nVereine\nVeranstaltungen\nBaustellen";

/// The manager lets every member post (keeping the default categories).
async fn members_may_post(cast: &Cast) {
    save_settings(cast, DEFAULT_CATEGORIES, "members")
        .await
        .assert_redirect(&format!("{NEWS}/manage"));
}

/// The manager marks a member as an official account, or unmarks them.
async fn set_official(cast: &Cast, account: i64, add: bool) -> Page {
    let account = account.to_string();
    let change = if add { "add" } else { "remove" };
    cast.manager
        .browser
        .post_form(
            &format!("{NEWS}/manage/officials"),
            &[("account", &account), ("change", change)],
        )
        .await
}

/// How many posts the newsboard stores (in any community).
async fn stored_posts(app: &TestApp) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'newsboard' AND collection = 'posts'",
    )
    .await
}

/// The urgent-notice notifications an account got for a notice with this title.
async fn notifications(app: &TestApp, account: i64, title: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM notifications WHERE account_id = {account} AND source = 'newsboard' \
             AND kind = 'urgent' AND urgent = 1 AND title = '{title}'"
    ))
    .await
}

/// All urgent-notice notifications for a notice with this title.
async fn all_notifications(app: &TestApp, title: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM notifications WHERE source = 'newsboard' AND kind = 'urgent' \
         AND title = '{title}'"
    ))
    .await
}

/// The banners section of a page ("" when it has none).
fn banners(page: &Page) -> &str {
    let Some(start) = page.body.find(r#"<section class="banners""#) else {
        return "";
    };
    let end = start + page.body[start..].find("</section>").expect("</section>");
    &page.body[start..end]
}

/// The page (status 200) shows the urgent banner of the notice with this title.
#[track_caller]
fn assert_banner(page: &Page, title: &str) {
    page.assert_status(200);
    let section = banners(page);
    assert!(
        section.contains(r#"<div class="banner banner-urgent">"#) && section.contains(title),
        "expected the urgent banner {title:?} on {} {}; banners: {section:?}",
        page.method,
        page.path
    );
}

/// The page (status 200) does not show a banner with this title.
#[track_caller]
fn assert_no_banner(page: &Page, title: &str) {
    page.assert_status(200);
    let section = banners(page);
    assert!(
        !section.contains(title),
        "did not expect the banner {title:?} on {} {}; banners: {section:?}",
        page.method,
        page.path
    );
}

/// The newsboard's widget on a community home.
#[track_caller]
fn widget(page: &Page) -> &str {
    page.assert_status(200);
    let start = page
        .body
        .find("widget-newsboard")
        .unwrap_or_else(|| panic!("no newsboard widget on {}: {}", page.path, page.body));
    let end = start + page.body[start..].find("</section>").expect("</section>");
    &page.body[start..end]
}

/// The titles of the posts a list page shows, top to bottom.
fn titles(page: &Page) -> Vec<String> {
    page.body
        .split(r#"<h3><a href=""#)
        .skip(1)
        .map(|item| {
            let start = item.find("\">").expect("end of the link") + 2;
            let end = item.find("</a>").expect("</a>");
            item[start..end].to_owned()
        })
        .collect()
}

/// The href of the "Ältere Beiträge" link, if the page has one.
fn older_link(page: &Page) -> Option<String> {
    let end = page.body.find(">Ältere Beiträge</a>")?;
    let start = page.body[..end].rfind("href=\"")? + "href=\"".len();
    let href = &page.body[start..end];
    Some(
        href.trim_end_matches('"')
            .replace("&#x3D;", "=")
            .replace("&amp;", "&"),
    )
}

// ---------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------

/// Checks a table of paths, one outcome per role in the order of [`Role::ALL`] (visitor,
/// member, moderator, manager, operator, outsider).
async fn check_table(cast: &Cast, table: &[(String, [Expect; 6])]) {
    for (path, outcomes) in table {
        check_roles(cast, path, *outcomes).await;
    }
}

#[tokio::test]
async fn newsboard_access_matrix() {
    let cast = newsboard_cast().await;
    let by_moderator = publish(
        &cast.moderator.browser,
        &[("title", "Neue Öffnungszeiten im Bürgerbüro")],
    )
    .await;
    let feed = format!("{NEWS}/feed.atom");
    let new = format!("{NEWS}/new");
    let manage = format!("{NEWS}/manage");
    // By default only moderators, managers (and operators) and official accounts may post.
    check_table(
        &cast,
        &[
            (NEWS.to_owned(), [Open, Open, Open, Open, Open, Open]),
            (
                post_path(&by_moderator),
                [Open, Open, Open, Open, Open, Open],
            ),
            (new.clone(), [Login, Denied, Open, Open, Open, Denied]),
            (manage.clone(), [Login, Denied, Denied, Open, Open, Denied]),
            (
                format!("{}/edit", post_path(&by_moderator)),
                [Login, Denied, Open, Open, Open, Denied],
            ),
            (
                format!("{}/delete", post_path(&by_moderator)),
                [Login, Denied, Open, Open, Open, Denied],
            ),
        ],
    )
    .await;
    for role in Role::ALL {
        let page = cast.as_role(role).get(&feed).await;
        page.assert_status(200);
        assert!(
            page.content_type().starts_with("application/atom+xml"),
            "{role:?}: {}",
            page.content_type()
        );
    }
    // The list offers the form and the managers' page only to those who may use them.
    cast.member
        .browser
        .get(NEWS)
        .await
        .assert_lacks(&format!(r#"href="{new}""#))
        .assert_lacks(&format!(r#"href="{manage}""#));
    cast.moderator
        .browser
        .get(NEWS)
        .await
        .assert_contains(&format!(r#"href="{new}""#))
        .assert_lacks(&format!(r#"href="{manage}""#));
    cast.manager
        .browser
        .get(NEWS)
        .await
        .assert_contains(&format!(r#"href="{manage}""#));

    // Sending the forms directly is refused just the same, and stores nothing.
    write(&cast.member.browser, &[("title", "Darf ich das?")])
        .await
        .assert_status(403);
    write(&cast.outsider.browser, &[("title", "Von außen")])
        .await
        .assert_status(403);
    write(&cast.visitor, &[("title", "Anonym")])
        .await
        .assert_redirect("/login?next=/");
    assert_eq!(stored_posts(&cast.app).await, 1);
    for browser in [&cast.moderator.browser, &cast.member.browser] {
        browser
            .post_form(
                &manage,
                &[("categories", "Gekapert"), ("who_may_post", "members")],
            )
            .await
            .assert_status(403);
        browser
            .post_form(
                &format!("{manage}/officials"),
                &[("account", &cast.member.id.to_string()), ("change", "add")],
            )
            .await
            .assert_status(403);
    }
    // Neither the settings nor the official accounts changed.
    check_role(&cast, Role::Member, &new, Denied).await;
    cast.manager
        .browser
        .get(&manage)
        .await
        .assert_lacks("Gekapert")
        .assert_contains("Noch keine offiziellen Konten.");

    // Once the manager lets members post, members may write, and edit and delete their own
    // posts; other members may not touch them.
    members_may_post(&cast).await;
    let by_member = publish(
        &cast.member.browser,
        &[("title", "Fundsache: Schlüsselbund am Spielplatz")],
    )
    .await;
    check_table(
        &cast,
        &[
            (new.clone(), [Login, Open, Open, Open, Open, Denied]),
            (manage.clone(), [Login, Denied, Denied, Open, Open, Denied]),
            (
                format!("{}/edit", post_path(&by_member)),
                [Login, Open, Open, Open, Open, Denied],
            ),
            (
                format!("{}/delete", post_path(&by_member)),
                [Login, Open, Open, Open, Open, Denied],
            ),
            (
                format!("{}/edit", post_path(&by_moderator)),
                [Login, Denied, Open, Open, Open, Denied],
            ),
        ],
    )
    .await;
    // Pinning stays with moderators.
    cast.member
        .browser
        .get(&new)
        .await
        .assert_lacks(r#"name="pinned""#);
    write(
        &cast.member.browser,
        &[("title", "Ganz oben, bitte"), ("pinned", "on")],
    )
    .await
    .assert_status(403);
    edit(
        &cast.member.browser,
        &by_member,
        &[
            ("title", "Fundsache: Schlüsselbund am Spielplatz"),
            ("pinned", "on"),
        ],
    )
    .await
    .assert_status(403);
    let target = &cast.target.browser;
    target.get(&new).await.assert_status(200);
    for action in ["edit", "delete"] {
        target
            .get(&format!("{}/{action}", post_path(&by_member)))
            .await
            .assert_status(403);
    }
    edit(target, &by_member, &[("title", "Von Tilo überschrieben")])
        .await
        .assert_status(403);
    target
        .post_form(&format!("{}/delete", post_path(&by_member)), &[])
        .await
        .assert_status(403);
    cast.outsider
        .browser
        .post_form(&format!("{}/delete", post_path(&by_member)), &[])
        .await
        .assert_status(403);
    cast.member
        .browser
        .post_form(&format!("{}/delete", post_path(&by_moderator)), &[])
        .await
        .assert_status(403);
    cast.visitor
        .get(&post_path(&by_member))
        .await
        .assert_status(200)
        .assert_contains("Fundsache: Schlüsselbund am Spielplatz")
        .assert_lacks("Von Tilo");
    assert_eq!(stored_posts(&cast.app).await, 2);

    // The author edits their post; a moderator deletes it.
    let page = edit(
        &cast.member.browser,
        &by_member,
        &[("title", "Fundsache: Schlüssel abgeholt")],
    )
    .await;
    assert_eq!(saved_id(&page), by_member);
    cast.moderator
        .browser
        .post_form(&format!("{}/delete", post_path(&by_member)), &[])
        .await
        .assert_redirect(NEWS);
    cast.member
        .browser
        .get(&post_path(&by_member))
        .await
        .assert_status(404);
    assert_eq!(stored_posts(&cast.app).await, 1);
}

// ---------------------------------------------------------------------------------------
// What stays hidden
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn members_only_posts_drafts_and_scheduled_posts_stay_hidden() {
    let cast = newsboard_cast().await;
    members_may_post(&cast).await;
    let moderator = &cast.moderator.browser;
    let member = &cast.member.browser;
    let in_an_hour = berlin_in(3600);
    let public_title = "Sommerfest der Vereine am Weiher";
    let public = publish(
        moderator,
        &[("title", public_title), ("category", "Vereine")],
    )
    .await;
    let members_only_title = "Protokoll der Vorstandssitzung";
    let members_only = publish(
        moderator,
        &[
            ("title", members_only_title),
            ("category", "Vereine"),
            ("visibility", "members"),
        ],
    )
    .await;
    let draft_title = "Entwurf zum Straßenfest";
    let draft = publish(
        moderator,
        &[
            ("title", draft_title),
            ("category", "Vereine"),
            ("action", "draft"),
        ],
    )
    .await;
    let scheduled_title = "Vollsperrung der Bahnhofstraße";
    let scheduled = publish(
        moderator,
        &[
            ("title", scheduled_title),
            ("category", "Vereine"),
            ("publish_at", &in_an_hour),
        ],
    )
    .await;
    let own_draft_title = "Mias Entwurf für den Flohmarkt";
    let own_draft = publish(
        member,
        &[
            ("title", own_draft_title),
            ("category", "Vereine"),
            ("action", "draft"),
        ],
    )
    .await;
    let own_scheduled_title = "Mias geplante Lesung";
    let own_scheduled = publish(
        member,
        &[
            ("title", own_scheduled_title),
            ("category", "Vereine"),
            ("publish_at", &in_an_hour),
        ],
    )
    .await;
    let unpublished = [
        (&draft, draft_title),
        (&scheduled, scheduled_title),
        (&own_draft, own_draft_title),
        (&own_scheduled, own_scheduled_title),
    ];
    let hidden: Vec<(&String, &str)> = std::iter::once((&members_only, members_only_title))
        .chain(unpublished)
        .collect();

    // Visitors and people from another community: only the public, published post, wherever
    // they look.
    for browser in [&cast.visitor, &cast.outsider.browser] {
        for path in [
            NEWS.to_owned(),
            format!("{NEWS}?category=Vereine"),
            format!("{NEWS}/feed.atom"),
            format!("{NEWS}/feed.atom?category=Vereine"),
        ] {
            let page = browser.get(&path).await;
            page.assert_status(200).assert_contains(public_title);
            page.assert_lacks(UNPUBLISHED);
            for (_, title) in &hidden {
                page.assert_lacks(title);
            }
        }
        let home = browser.get("/c/ransbach").await;
        let shown = widget(&home);
        assert!(shown.contains(public_title), "{shown}");
        for (_, title) in &hidden {
            assert!(!home.body.contains(title), "{title} on the home: {shown}");
        }
        browser.get(&post_path(&public)).await.assert_status(200);
        for (id, _) in &hidden {
            for path in [
                post_path(id),
                format!("{}/edit", post_path(id)),
                format!("{}/delete", post_path(id)),
            ] {
                let page = browser.get(&path).await;
                assert_eq!(page.status.as_u16(), 404, "{path}: {}", page.body);
            }
        }
    }

    // Members read members-only posts everywhere but in the public feed.
    for browser in [member, &cast.target.browser] {
        browser
            .get(NEWS)
            .await
            .assert_status(200)
            .assert_contains(members_only_title);
        browser
            .get(&post_path(&members_only))
            .await
            .assert_status(200)
            .assert_contains(members_only_title)
            .assert_contains("Nur für Mitglieder");
        let home = browser.get("/c/ransbach").await;
        assert!(widget(&home).contains(members_only_title));
        browser
            .get(&format!("{NEWS}/feed.atom"))
            .await
            .assert_contains(public_title)
            .assert_lacks(members_only_title);
    }

    // The author sees their own drafts and scheduled posts, not the moderator's.
    let list = member.get(NEWS).await;
    list.assert_contains(UNPUBLISHED)
        .assert_contains(own_draft_title)
        .assert_contains(own_scheduled_title)
        .assert_contains(r#"<span class="badge">Entwurf</span>"#)
        .assert_contains(r#"<span class="badge">Geplant</span>"#)
        .assert_lacks(draft_title)
        .assert_lacks(scheduled_title);
    for id in [&own_draft, &own_scheduled] {
        member.get(&post_path(id)).await.assert_status(200);
        member
            .get(&format!("{}/edit", post_path(id)))
            .await
            .assert_status(200);
    }
    for id in [&draft, &scheduled] {
        member.get(&post_path(id)).await.assert_status(404);
    }
    // Other members see none of them.
    let target = &cast.target.browser;
    let list = target.get(NEWS).await;
    list.assert_lacks(UNPUBLISHED);
    for (id, title) in unpublished {
        list.assert_lacks(title);
        target.get(&post_path(id)).await.assert_status(404);
    }
    assert!(!widget(&target.get("/c/ransbach").await).contains(draft_title));
    // Moderators and above see every draft and scheduled post, in their own section.
    for browser in [moderator, &cast.manager.browser, &cast.operator.browser] {
        let list = browser.get(NEWS).await;
        list.assert_contains(UNPUBLISHED);
        let section = &list.body[list.body.find(UNPUBLISHED).expect("the section")..];
        let section = &section[..section.find("</section>").expect("its end")];
        for (id, title) in unpublished {
            assert!(section.contains(title), "{title} in {section}");
            browser.get(&post_path(id)).await.assert_status(200);
        }
        assert!(!section.contains(public_title), "{section}");
        // The home widget shows published posts only, even to moderators.
        let home = browser.get("/c/ransbach").await;
        for (_, title) in unpublished {
            assert!(!widget(&home).contains(title), "{title} in the widget");
        }
    }
}

#[tokio::test]
async fn a_scheduled_post_appears_when_its_time_has_come() {
    let cast = newsboard_cast().await;
    let title = "Kirmes auf dem Marktplatz";
    let (at, input) = seconds_ahead(6);
    let page = write(
        &cast.moderator.browser,
        &[
            ("title", title),
            ("category", "Veranstaltungen"),
            ("publish_at", &input),
        ],
    )
    .await;
    let id = saved_id(&page);
    cast.moderator
        .browser
        .get(&post_path(&id))
        .await
        .assert_contains("Der Beitrag ist geplant und erscheint zur angegebenen Zeit.")
        .assert_contains(r#"<span class="badge">Geplant</span>"#);
    let feed = format!("{NEWS}/feed.atom");
    for browser in [&cast.visitor, &cast.target.browser] {
        browser.get(NEWS).await.assert_lacks(title);
        browser.get(&post_path(&id)).await.assert_status(404);
        browser.get(&feed).await.assert_lacks(title);
        assert!(!widget(&browser.get("/c/ransbach").await).contains(title));
    }
    sleep_past(at).await;
    for browser in [&cast.visitor, &cast.target.browser] {
        let list = browser.get(NEWS).await;
        list.assert_contains(title);
        assert_eq!(titles(&list), vec![title.to_owned()]);
        browser
            .get(&post_path(&id))
            .await
            .assert_status(200)
            .assert_lacks(">Geplant<");
        browser.get(&feed).await.assert_contains(title);
        browser
            .get(&format!("{feed}?category=Veranstaltungen"))
            .await
            .assert_contains(title);
        assert!(widget(&browser.get("/c/ransbach").await).contains(title));
    }
    // For the moderator it moved out of the "not yet published" section.
    cast.moderator
        .browser
        .get(NEWS)
        .await
        .assert_contains(title)
        .assert_lacks(UNPUBLISHED);
}

// ---------------------------------------------------------------------------------------
// Urgent notices
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn only_moderators_managers_and_official_accounts_post_urgent_notices() {
    let cast = newsboard_cast().await;
    members_may_post(&cast).await;
    let until = berlin_in(3600);
    let urgent = |title: &'static str| {
        [
            ("title", title),
            ("body", "Bitte Wasser abkochen."),
            ("urgent", "on"),
            ("urgent_until", until.as_str()),
        ]
    };
    // Plain members may post, but not urgent notices: refused, and nothing stored.
    let new = format!("{NEWS}/new");
    cast.target
        .browser
        .get(&new)
        .await
        .assert_status(200)
        .assert_lacks(r#"name="urgent""#);
    write(&cast.target.browser, &urgent("Dringend von Tilo"))
        .await
        .assert_status(403);
    write(&cast.member.browser, &urgent("Dringend von Mia"))
        .await
        .assert_status(403);
    assert_eq!(stored_posts(&cast.app).await, 0);
    assert_eq!(
        cast.app.count("SELECT COUNT(*) FROM plugin_banners").await,
        0
    );
    assert_eq!(all_notifications(&cast.app, "Dringend von Mia").await, 0);
    // A plain post of the same member goes through, so it was the urgency that was refused.
    let plain = publish(&cast.member.browser, &[("title", "Ganz normal von Mia")]).await;
    // A member cannot make their plain post urgent by editing it either.
    edit(&cast.member.browser, &plain, &urgent("Ganz normal von Mia"))
        .await
        .assert_status(403);
    cast.visitor
        .get("/c/ransbach")
        .await
        .assert_status(200)
        .assert_lacks("banner-urgent");
    assert_eq!(all_notifications(&cast.app, "Ganz normal von Mia").await, 0);

    // Moderators and managers may.
    let by_moderator = publish(&cast.moderator.browser, &urgent("Dringend: Moderation")).await;
    let by_manager = publish(&cast.manager.browser, &urgent("Dringend: Verwaltung")).await;
    for (id, title) in [
        (&by_moderator, "Dringend: Moderation"),
        (&by_manager, "Dringend: Verwaltung"),
    ] {
        cast.visitor
            .get(&post_path(id))
            .await
            .assert_status(200)
            .assert_contains("Dringender Hinweis, gilt bis");
        assert_banner(&cast.visitor.get("/c/ransbach").await, title);
    }

    // The manager marks Mia as an official account: now she may, and her posts say so.
    set_official(&cast, cast.member.id, true)
        .await
        .assert_redirect(&format!("{NEWS}/manage"));
    cast.manager
        .browser
        .get(&format!("{NEWS}/manage"))
        .await
        .assert_contains("Das Konto ist als offiziell gekennzeichnet.")
        .assert_contains("Mia Mitglied");
    cast.member
        .browser
        .get(&new)
        .await
        .assert_status(200)
        .assert_contains(r#"name="urgent""#);
    let official = publish(&cast.member.browser, &urgent("Dringend von Mia")).await;
    let page = cast.visitor.get(&post_path(&official)).await;
    page.assert_status(200)
        .assert_contains("Mia Mitglied")
        .assert_contains(">Offiziell</span>");
    assert_banner(&cast.visitor.get("/c/ransbach").await, "Dringend von Mia");
    cast.visitor
        .get(NEWS)
        .await
        .assert_contains(">Offiziell</span>");
    // Tilo is still a plain member.
    write(&cast.target.browser, &urgent("Dringend von Tilo"))
        .await
        .assert_status(403);
    assert_eq!(all_notifications(&cast.app, "Dringend von Tilo").await, 0);

    // Official accounts may post even when only moderators may.
    save_settings(&cast, DEFAULT_CATEGORIES, "moderators")
        .await
        .assert_redirect(&format!("{NEWS}/manage"));
    cast.member.browser.get(&new).await.assert_status(200);
    cast.target.browser.get(&new).await.assert_status(403);
    // Unmarked again, Mia is a plain member and may not post at all.
    set_official(&cast, cast.member.id, false)
        .await
        .assert_redirect(&format!("{NEWS}/manage"));
    cast.member.browser.get(&new).await.assert_status(403);
    cast.visitor
        .get(&post_path(&official))
        .await
        .assert_lacks(">Offiziell</span>");
    // Only members can be official accounts.
    set_official(&cast, cast.outsider.id, true)
        .await
        .assert_redirect(&format!("{NEWS}/manage"));
    cast.manager
        .browser
        .get(&format!("{NEWS}/manage"))
        .await
        .assert_contains("Nur Mitglieder können offizielle Konten sein.");
    cast.outsider.browser.get(&new).await.assert_status(403);
}

#[tokio::test]
async fn an_urgent_notice_shows_on_every_page_of_its_community_only() {
    let cast = newsboard_cast().await;
    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    set_module(&cast.outsider.browser, "other", "newsboard", true).await;
    let title = "Wasserrohrbruch in der Hauptstraße";
    let until = berlin_in(3600);
    let id = publish(
        &cast.moderator.browser,
        &[
            ("title", title),
            ("body", "Das Wasser ist bis zum Abend abgestellt."),
            ("urgent", "on"),
            ("urgent_until", &until),
        ],
    )
    .await;
    // Every page of the community, for everyone who looks at it.
    for role in Role::ALL {
        let browser = cast.as_role(role);
        for path in [
            "/c/ransbach".to_owned(),
            NEWS.to_owned(),
            post_path(&id),
            format!("{NEWS}?category=Vereine"),
            "/c/ransbach/guestbook".to_owned(),
        ] {
            let page = browser.get(&path).await;
            assert_banner(&page, title);
            // It names what is going on and leads to the notice.
            let section = banners(&page);
            assert!(
                section.contains("Das Wasser ist bis zum Abend abgestellt.")
                    && section.contains(&format!(r#"href="{}""#, post_path(&id))),
                "{role:?} {path}: {section}"
            );
        }
    }
    for browser in [&cast.member.browser, &cast.moderator.browser] {
        assert_banner(&browser.get("/c/ransbach/members").await, title);
    }
    assert_banner(
        &cast.manager.browser.get(&format!("{NEWS}/manage")).await,
        title,
    );
    assert_banner(
        &cast.moderator.browser.get(&format!("{NEWS}/new")).await,
        title,
    );
    // Not in another community, not even on its newsboard, nor outside communities.
    for browser in [&cast.outsider.browser, &cast.visitor, &cast.manager.browser] {
        for path in ["/c/other", "/c/other/news", "/"] {
            let page = browser.get(path).await;
            assert_no_banner(&page, title);
            page.assert_lacks(title);
        }
    }

    // A members-only notice is shown to members only.
    let internal = "Stromausfall im Vereinsheim";
    publish(
        &cast.moderator.browser,
        &[
            ("title", internal),
            ("visibility", "members"),
            ("urgent", "on"),
            ("urgent_until", &until),
        ],
    )
    .await;
    for browser in [&cast.visitor, &cast.outsider.browser] {
        for path in ["/c/ransbach", NEWS] {
            let page = browser.get(path).await;
            assert_no_banner(&page, internal);
            page.assert_lacks(internal);
            // The public one is still there.
            assert_banner(&page, title);
        }
    }
    for browser in [
        &cast.member.browser,
        &cast.target.browser,
        &cast.moderator.browser,
        &cast.manager.browser,
        &cast.operator.browser,
    ] {
        let page = browser.get("/c/ransbach").await;
        assert_banner(&page, internal);
        assert_banner(&page, title);
    }
}

#[tokio::test]
async fn members_are_notified_of_an_urgent_notice_exactly_once() {
    let cast = newsboard_cast().await;
    let title = "Unwetterwarnung für heute Nacht";
    let until = berlin_in(3600);
    let urgent = [
        ("title", title),
        ("body", "Bitte Gartenmöbel sichern."),
        ("urgent", "on"),
        ("urgent_until", until.as_str()),
    ];
    let id = publish(&cast.moderator.browser, &urgent).await;
    let members = [&cast.manager, &cast.moderator, &cast.member, &cast.target];
    let others = [&cast.operator, &cast.outsider];
    let expect_once = async || {
        for person in members {
            assert_eq!(
                notifications(&cast.app, person.id, title).await,
                1,
                "{}",
                person.email
            );
        }
        for person in others {
            assert_eq!(
                notifications(&cast.app, person.id, title).await,
                0,
                "{}",
                person.email
            );
        }
        assert_eq!(all_notifications(&cast.app, title).await, 4);
    };
    expect_once().await;
    // The notification is about this community and links to the notice.
    let ransbach = cast.app.community_id("ransbach").await;
    assert_eq!(
        cast.app
            .count(&format!(
                "SELECT COUNT(*) FROM notifications WHERE community_id = {ransbach} \
                 AND link = '{}'",
                post_path(&id)
            ))
            .await,
        4
    );
    // Editing the notice, the urgency kept, tells nobody again.
    let edited = [
        ("title", title),
        ("body", "Bitte Gartenmöbel sichern und Fenster schließen."),
        ("urgent", "on"),
        ("urgent_until", until.as_str()),
    ];
    assert_eq!(
        saved_id(&edit(&cast.moderator.browser, &id, &edited).await),
        id
    );
    expect_once().await;
    // Nor does taking the urgency away and giving it back.
    assert_eq!(
        saved_id(&edit(&cast.moderator.browser, &id, &[("title", title)]).await),
        id
    );
    assert_no_banner(&cast.member.browser.get("/c/ransbach").await, title);
    assert_eq!(
        saved_id(&edit(&cast.moderator.browser, &id, &edited).await),
        id
    );
    assert_banner(&cast.member.browser.get("/c/ransbach").await, title);
    expect_once().await;
    // Plain posts are no urgent notices: each member is told once of a new post, not urgently.
    publish(&cast.moderator.browser, &[("title", "Nur eine Meldung")]).await;
    assert_eq!(all_notifications(&cast.app, "Nur eine Meldung").await, 0);
    assert_eq!(
        cast.app
            .count(
                "SELECT COUNT(*) FROM notifications WHERE kind = 'posts' AND urgent = 0 \
                 AND title = 'Nur eine Meldung'"
            )
            .await,
        4
    );
}

#[tokio::test]
async fn an_urgent_notice_saved_as_a_draft_shows_and_tells_nothing_until_published() {
    let cast = newsboard_cast().await;
    let title = "Entwurf: Hochwasser am Bach";
    let until = berlin_in(3600);
    let urgent = [
        ("title", title),
        ("urgent", "on"),
        ("urgent_until", until.as_str()),
    ];
    let mut as_draft = urgent.to_vec();
    as_draft.push(("action", "draft"));
    let id = publish(&cast.moderator.browser, &as_draft).await;
    for browser in [&cast.visitor, &cast.member.browser, &cast.moderator.browser] {
        assert_no_banner(&browser.get("/c/ransbach").await, title);
    }
    assert_eq!(
        cast.app.count("SELECT COUNT(*) FROM plugin_banners").await,
        0
    );
    assert_eq!(all_notifications(&cast.app, title).await, 0);
    // Published, it shows and the members hear of it.
    assert_eq!(
        saved_id(&edit(&cast.moderator.browser, &id, &urgent).await),
        id
    );
    assert_banner(&cast.visitor.get("/c/ransbach").await, title);
    assert_eq!(all_notifications(&cast.app, title).await, 4);
    // Back to a draft, the banner goes.
    assert_eq!(
        saved_id(&edit(&cast.moderator.browser, &id, &as_draft).await),
        id
    );
    assert_no_banner(&cast.visitor.get("/c/ransbach").await, title);
    assert_no_banner(&cast.member.browser.get(NEWS).await, title);
    assert_eq!(all_notifications(&cast.app, title).await, 4);
}

#[tokio::test]
async fn a_scheduled_urgent_notice_shows_and_notifies_when_it_starts() {
    // The scheduler looks every 100 ms; the newsboard's job then sends what is due.
    let cast = newsboard_cast_with(|s| s.job_check_ms = 100).await;
    let title = "Morgen früh: Straße gesperrt";
    let (at, start) = seconds_ahead(5);
    let until = berlin_in(3600);
    let id = publish(
        &cast.moderator.browser,
        &[
            ("title", title),
            ("publish_at", &start),
            ("urgent", "on"),
            ("urgent_until", &until),
        ],
    )
    .await;
    // Before it starts: no banner, no notification, not even when the job runs.
    assert_eq!(all_notifications(&cast.app, title).await, 0);
    cast.app
        .run_the_job_again("newsboard", "urgent-notices")
        .await;
    assert_eq!(all_notifications(&cast.app, title).await, 0);
    assert_no_banner(&cast.member.browser.get("/c/ransbach").await, title);
    assert_no_banner(&cast.visitor.get(NEWS).await, title);
    cast.visitor.get(&post_path(&id)).await.assert_status(404);
    sleep_past(at).await;
    // Then the banner shows by itself and the job tells every member once.
    assert_banner(&cast.visitor.get("/c/ransbach").await, title);
    assert_banner(&cast.member.browser.get(NEWS).await, title);
    cast.app
        .run_the_job_again("newsboard", "urgent-notices")
        .await;
    assert_eq!(all_notifications(&cast.app, title).await, 4);
    for person in [&cast.manager, &cast.moderator, &cast.member, &cast.target] {
        assert_eq!(notifications(&cast.app, person.id, title).await, 1);
    }
    // Later runs of the job do not send it again.
    cast.app
        .run_the_job_again("newsboard", "urgent-notices")
        .await;
    assert_eq!(all_notifications(&cast.app, title).await, 4);
}

#[tokio::test]
async fn an_expired_urgent_notice_disappears_without_anyone_acting() {
    let cast = newsboard_cast().await;
    let title = "Kurze Sperrung der Brücke";
    let (until, input) = seconds_ahead(5);
    let id = publish(
        &cast.moderator.browser,
        &[("title", title), ("urgent", "on"), ("urgent_until", &input)],
    )
    .await;
    assert_banner(&cast.visitor.get("/c/ransbach").await, title);
    assert_banner(&cast.member.browser.get(NEWS).await, title);
    cast.visitor
        .get(NEWS)
        .await
        .assert_contains("news-item news-urgent");
    sleep_past(until).await;
    for browser in [&cast.visitor, &cast.member.browser] {
        for path in ["/c/ransbach", NEWS] {
            let page = browser.get(path).await;
            assert_no_banner(&page, title);
            page.assert_lacks("banner-urgent");
        }
    }
    // The post itself stays, no longer marked urgent.
    cast.visitor
        .get(NEWS)
        .await
        .assert_contains(title)
        .assert_lacks("news-item news-urgent");
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_status(200)
        .assert_contains(title)
        .assert_lacks("Dringender Hinweis, gilt bis");
}

#[tokio::test]
async fn deleting_the_notice_or_switching_the_module_off_removes_the_banner() {
    let cast = newsboard_cast().await;
    let until = berlin_in(3600);
    let notice = |title: &'static str| {
        [
            ("title", title),
            ("urgent", "on"),
            ("urgent_until", until.as_str()),
        ]
    };
    let deleted = "Gasgeruch in der Schulstraße";
    let kept = "Glatteis auf allen Wegen";
    let deleted_id = publish(&cast.moderator.browser, &notice(deleted)).await;
    publish(&cast.moderator.browser, &notice(kept)).await;
    let home = cast.visitor.get("/c/ransbach").await;
    assert_banner(&home, deleted);
    assert_banner(&home, kept);

    // Deleting a notice takes its banner with it.
    cast.moderator
        .browser
        .get(&format!("{}/delete", post_path(&deleted_id)))
        .await
        .assert_status(200)
        .assert_contains(deleted);
    cast.moderator
        .browser
        .post_form(&format!("{}/delete", post_path(&deleted_id)), &[])
        .await
        .assert_redirect(NEWS);
    cast.moderator
        .browser
        .get(NEWS)
        .await
        .assert_contains("Der Beitrag ist gelöscht.");
    let home = cast.visitor.get("/c/ransbach").await;
    assert_no_banner(&home, deleted);
    assert_banner(&home, kept);
    assert_eq!(
        cast.app.count("SELECT COUNT(*) FROM plugin_banners").await,
        1
    );

    // A module that is switched off shows no banner; switched on again, it is back.
    set_module(&cast.manager.browser, "ransbach", "newsboard", false).await;
    for browser in [&cast.visitor, &cast.member.browser] {
        let page = browser.get("/c/ransbach").await;
        assert_no_banner(&page, kept);
        page.assert_lacks("banner-urgent");
    }
    cast.visitor.get(NEWS).await.assert_status(404);
    set_module(&cast.manager.browser, "ransbach", "newsboard", true).await;
    assert_banner(&cast.visitor.get("/c/ransbach").await, kept);
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// The form came back with 422, kept what was typed and shows these messages.
#[track_caller]
fn assert_rejected(page: &Page, kept: &[&str], messages: &[&str]) {
    page.assert_status(422).assert_html();
    page.assert_contains(r#"class="error-summary""#);
    for text in kept {
        page.assert_contains(text);
    }
    for message in messages {
        page.assert_contains(message);
    }
}

const TITLE_EMPTY: &str = "Bitte geben Sie eine Überschrift ein.";
const TITLE_LONG: &str = "Die Überschrift darf höchstens 200 Zeichen lang sein.";
const BODY_LONG: &str = "Der Text darf höchstens 50 000 Zeichen lang sein.";
const CATEGORY_UNKNOWN: &str = "Bitte wählen Sie eine Rubrik aus der Liste.";
const DATE_INVALID: &str = "Bitte geben Sie Datum und Uhrzeit vollständig an";
const UNTIL_BEFORE_START: &str = "Der Hinweis muss nach seinem Beginn ablaufen.";

/// A form that must be refused: what the case is, the fields sent, what must come back as
/// typed, and the messages.
type BadForm<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>, Vec<&'a str>);

#[tokio::test]
async fn bad_input_comes_back_with_422_the_input_kept_and_nothing_stored() {
    let cast = newsboard_cast().await;
    let moderator = &cast.moderator.browser;
    let body = "Der Text bleibt stehen, auch wenn etwas fehlt.";
    let long_title = "Ü".repeat(201);
    let long_body = format!("Anfang {}", "x".repeat(50_000));
    let in_one_hour = berlin_in(3600);
    let in_two_hours = berlin_in(7200);
    let cases: Vec<BadForm> = vec![
        (
            "empty title",
            vec![("title", "   "), ("body", body)],
            vec![body],
            vec![TITLE_EMPTY],
        ),
        (
            "title over 200 characters",
            vec![("title", &long_title), ("body", body)],
            vec![&long_title, body],
            vec![TITLE_LONG],
        ),
        (
            "body over 50 000 characters",
            vec![("title", "Ein sehr langer Text"), ("body", &long_body)],
            vec!["Ein sehr langer Text", &long_body],
            vec![BODY_LONG],
        ),
        (
            "unknown category",
            vec![
                ("title", "Rubrik gibt es nicht"),
                ("body", body),
                ("category", "Geheimbund"),
            ],
            vec!["Rubrik gibt es nicht", body],
            vec![CATEGORY_UNKNOWN],
        ),
        (
            "urgent notice ending before it starts",
            vec![
                ("title", "Verkehrte Zeiten"),
                ("body", body),
                ("publish_at", &in_two_hours),
                ("urgent", "on"),
                ("urgent_until", &in_one_hour),
            ],
            vec!["Verkehrte Zeiten", body, &in_two_hours, &in_one_hour],
            vec![UNTIL_BEFORE_START],
        ),
        (
            "malformed publishing date",
            vec![
                ("title", "Irgendwann"),
                ("body", body),
                ("publish_at", "morgen früh"),
            ],
            vec!["Irgendwann", body, r#"value="morgen früh""#],
            vec![DATE_INVALID],
        ),
        (
            "impossible publishing date",
            vec![
                ("title", "Am 30. Februar"),
                ("body", body),
                ("publish_at", "2030-02-30T10:00"),
            ],
            vec!["Am 30. Februar", "2030-02-30T10:00"],
            vec![DATE_INVALID],
        ),
        (
            "malformed expiry",
            vec![
                ("title", "Bis Weihnachten"),
                ("body", body),
                ("urgent", "on"),
                ("urgent_until", "24.12.2030 18:00"),
            ],
            vec!["Bis Weihnachten", body, "24.12.2030 18:00"],
            vec![DATE_INVALID],
        ),
        (
            "everything wrong at once",
            vec![
                ("title", ""),
                ("body", &long_body),
                ("category", "Geheimbund"),
                ("publish_at", "bald"),
            ],
            vec![&long_body, r#"value="bald""#],
            vec![TITLE_EMPTY, BODY_LONG, CATEGORY_UNKNOWN, DATE_INVALID],
        ),
    ];
    for (case, fields, kept, messages) in &cases {
        let page = write(moderator, fields).await;
        assert_eq!(page.status.as_u16(), 422, "{case}: {}", page.body);
        assert_rejected(&page, kept, messages);
        // Each message sits at its field.
        assert_eq!(
            page.body.matches(r#"class="field-error""#).count(),
            messages.len(),
            "{case}"
        );
        assert_eq!(stored_posts(&cast.app).await, 0, "{case}");
    }
    assert_eq!(
        cast.app.count("SELECT COUNT(*) FROM plugin_banners").await,
        0
    );
    assert_eq!(
        cast.app.count("SELECT COUNT(*) FROM notifications").await,
        0
    );
    cast.moderator
        .browser
        .get(NEWS)
        .await
        .assert_contains("Noch keine Beiträge.");

    // The limits themselves are allowed.
    let title_200 = "Ü".repeat(200);
    let body_50k = "y".repeat(50_000);
    let id = publish(moderator, &[("title", &title_200), ("body", &body_50k)]).await;
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_status(200)
        .assert_contains(&title_200);
    assert_eq!(stored_posts(&cast.app).await, 1);

    // Editing with bad input keeps the post as it was.
    let id = publish(
        moderator,
        &[
            ("title", "Vorher"),
            ("body", "Alter Text"),
            ("category", "Gemeinde"),
        ],
    )
    .await;
    let page = edit(
        moderator,
        &id,
        &[
            ("title", ""),
            ("body", "Neuer Text"),
            ("category", "Geheimbund"),
        ],
    )
    .await;
    assert_rejected(&page, &["Neuer Text"], &[TITLE_EMPTY, CATEGORY_UNKNOWN]);
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_contains("Vorher")
        .assert_contains("Alter Text")
        .assert_lacks("Neuer Text");
}

#[tokio::test]
async fn garbage_addresses_and_fields_never_cause_a_server_error() {
    let cast = newsboard_cast().await;
    let id = publish(&cast.moderator.browser, &[("title", "Eine echte Meldung")]).await;
    let not_found = [
        "/posts/abc",
        "/posts/999999",
        "/posts/0",
        "/posts/-1",
        "/posts/0/edit",
        "/posts/abc/edit",
        "/posts/999999/delete",
        "/posts/1.5",
        "/posts/%00",
        "/posts/99999999999999999999999",
        "/posts",
        "/posts/",
        "/nirgendwo",
        "/feed.atom?category=Gibtsnicht",
        "/feed.atom?category=",
    ];
    for role in [Role::Visitor, Role::Member, Role::Moderator, Role::Operator] {
        let browser = cast.as_role(role);
        for path in not_found {
            let path = format!("{NEWS}{path}");
            let page = browser.get(&path).await;
            assert_eq!(
                page.status.as_u16(),
                404,
                "GET {path} as {role:?}: {}",
                page.body
            );
        }
    }
    for path in ["/posts/abc/edit", "/posts/0/delete", "/posts/999999/edit"] {
        let path = format!("{NEWS}{path}");
        let page = cast
            .moderator
            .browser
            .post_form(&path, &post_form(&[("title", "x")]))
            .await;
        assert_eq!(page.status.as_u16(), 404, "POST {path}: {}", page.body);
    }
    // Bogus list cursors and categories: a list (or a way back to it), never an error.
    for query in [
        "after=bogus",
        "after=o-5",
        "after=o999999",
        "after=",
        "after=%FF%FE",
        "category=Gibtsnicht",
        "category=Vereine&after=xyz",
        "category=%00&after=o1",
    ] {
        let path = format!("{NEWS}?{query}");
        let page = cast.visitor.get(&path).await;
        let status = page.status.as_u16();
        assert!(
            status == 200 || (status == 303 && page.location() == Some(NEWS)),
            "GET {path}: {status} {:?}",
            page.location()
        );
    }
    // Odd field values: a 422 or a refusal, never a 500.
    let odd: [&[(&str, &str)]; 5] = [
        &[("title", "Sichtbarkeit?"), ("visibility", "everyone")],
        &[("title", "Zeile\nZwei")],
        &[("title", "Ohne Ablauf"), ("urgent", "on")],
        &[("title", "Jahr 0"), ("publish_at", "0000-01-01T00:00")],
        &[("title", "Riesenjahr"), ("publish_at", "99999-01-01T00:00")],
    ];
    for fields in odd {
        let page = write(&cast.moderator.browser, fields).await;
        assert_eq!(page.status.as_u16(), 422, "{fields:?}: {}", page.body);
    }
    let page = write(
        &cast.moderator.browser,
        &[("title", "Ohne Ablauf"), ("urgent", "on")],
    )
    .await;
    page.assert_contains("Bitte geben Sie an, bis wann der Hinweis gilt.");
    for account in ["abc", "", "-1", "999999"] {
        let page = cast
            .manager
            .browser
            .post_form(
                &format!("{NEWS}/manage/officials"),
                &[("account", account), ("change", "add")],
            )
            .await;
        page.assert_redirect(&format!("{NEWS}/manage"));
    }
    cast.manager
        .browser
        .get(&format!("{NEWS}/manage"))
        .await
        .assert_status(200)
        .assert_contains("Noch keine offiziellen Konten.");
    assert_eq!(stored_posts(&cast.app).await, 1);
    cast.visitor.get(&post_path(&id)).await.assert_status(200);
}

// ---------------------------------------------------------------------------------------
// Lists and post pages
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_list_shows_pinned_posts_first_then_the_newest_page_by_page() {
    let cast = newsboard_cast().await;
    let now = quartier::db::now_ms();
    let title = |i: i64| format!("Meldung {i:02}");
    // 24 posts, one a minute, "Meldung 24" the newest; the oldest one is pinned.
    for i in 1..=24 {
        let at = berlin(now - (100 - i) * 60_000);
        let title = title(i);
        let mut fields = vec![("title", title.as_str()), ("publish_at", at.as_str())];
        if i == 1 {
            fields.push(("pinned", "on"));
        }
        publish(&cast.moderator.browser, &fields).await;
    }
    let first = cast.visitor.get(NEWS).await;
    first.assert_status(200);
    let mut expected = vec![title(1)];
    expected.extend((5..=24).rev().map(title));
    assert_eq!(
        titles(&first),
        expected,
        "pinned on top, then the newest 20"
    );
    first.assert_contains(r#"<span class="badge">Angeheftet</span>"#);
    let older = older_link(&first).expect("a link to older posts");
    assert_eq!(older, format!("{NEWS}?after=o20"));
    let second = cast.visitor.get(&older).await;
    second.assert_status(200);
    assert_eq!(
        titles(&second),
        vec![title(4), title(3), title(2)],
        "the rest, still newest first"
    );
    assert!(older_link(&second).is_none(), "the last page has no link");
    // Together the pages show every post exactly once.
    let mut all: Vec<String> = titles(&first).into_iter().chain(titles(&second)).collect();
    all.sort();
    let mut every: Vec<String> = (1..=24).map(title).collect();
    every.sort();
    assert_eq!(all, every);
    // A new post goes on top, below the pinned one.
    publish(&cast.moderator.browser, &[("title", "Ganz neu")]).await;
    let first = cast.visitor.get(NEWS).await;
    assert_eq!(
        &titles(&first)[..3],
        &[title(1), "Ganz neu".into(), title(24)]
    );
}

/// All pinned posts show on top of the first page, so at most ten can be pinned at once: an
/// eleventh is refused with a message on the checkbox (pinning it by editing too), and every
/// post still appears exactly once across the pages.
#[tokio::test]
async fn at_most_ten_posts_are_pinned_and_every_post_is_listed_once() {
    let cast = newsboard_cast().await;
    let moderator = &cast.moderator.browser;
    let now = quartier::db::now_ms();
    let title = |i: i64| format!("Angeheftet {i:02}");
    for i in 1..=10 {
        let at = berlin(now - (100 - i) * 60_000);
        let title = title(i);
        publish(
            moderator,
            &[
                ("title", title.as_str()),
                ("publish_at", at.as_str()),
                ("pinned", "on"),
            ],
        )
        .await;
    }
    let before = stored_posts(&cast.app).await;
    write(
        moderator,
        &[("title", "Das elfte Angeheftete"), ("pinned", "on")],
    )
    .await
    .assert_status(422)
    .assert_contains("Es sind schon 10 Beiträge angeheftet")
    .assert_contains("Das elfte Angeheftete");
    assert_eq!(stored_posts(&cast.app).await, before, "nothing is stored");
    let unpinned = publish(moderator, &[("title", "Nicht angeheftet")]).await;
    edit(
        moderator,
        &unpinned,
        &[("title", "Nicht angeheftet"), ("pinned", "on")],
    )
    .await
    .assert_status(422)
    .assert_contains("Es sind schon 10 Beiträge angeheftet");
    // The newest pinned post leads the list.
    let first_pinned = cast.visitor.get(NEWS).await;
    assert_eq!(titles(&first_pinned)[0], title(10));

    // Follow the list from page to page and collect what it shows.
    let mut shown = vec![];
    let mut next = Some(NEWS.to_owned());
    let mut pages = 0;
    while let Some(path) = next {
        pages += 1;
        assert!(pages < 10, "the list does not end");
        let page = cast.visitor.get(&path).await;
        page.assert_status(200);
        shown.extend(titles(&page));
        next = older_link(&page);
    }
    shown.sort();
    let mut every: Vec<String> = (1..=10).map(title).collect();
    every.push("Nicht angeheftet".into());
    every.sort();
    assert_eq!(shown, every, "every post appears exactly once");
}

#[tokio::test]
async fn the_category_filter_shows_one_category() {
    let cast = newsboard_cast().await;
    let moderator = &cast.moderator.browser;
    let an_hour_ago = berlin_in(-3600);
    publish(
        moderator,
        &[
            ("title", "Angeheftet: Sprechstunde"),
            ("category", "Gemeinde"),
            ("pinned", "on"),
            ("publish_at", &an_hour_ago),
        ],
    )
    .await;
    publish(
        moderator,
        &[
            ("title", "Jahreshauptversammlung TuS"),
            ("category", "Vereine"),
        ],
    )
    .await;
    publish(
        moderator,
        &[("title", "Gemeinderatssitzung"), ("category", "Gemeinde")],
    )
    .await;
    publish(moderator, &[("title", "Ohne jede Rubrik")]).await;
    publish(
        moderator,
        &[("title", "Chorprobe fällt aus"), ("category", "Vereine")],
    )
    .await;
    let vereine = cast.visitor.get(&format!("{NEWS}?category=Vereine")).await;
    assert_eq!(
        titles(&vereine),
        vec!["Chorprobe fällt aus", "Jahreshauptversammlung TuS"]
    );
    // (Templates escape `=` in attributes as `&#x3D;`, which browsers read as `=`.)
    vereine.assert_contains(&format!(
        r#"<a href="{NEWS}?category&#x3D;Vereine" aria-current="page">Vereine</a>"#
    ));
    // The feed link follows the filter.
    vereine.assert_contains(&format!(r#"href="{NEWS}/feed.atom?category&#x3D;Vereine""#));
    let gemeinde = cast.visitor.get(&format!("{NEWS}?category=Gemeinde")).await;
    assert_eq!(
        titles(&gemeinde),
        vec!["Angeheftet: Sprechstunde", "Gemeinderatssitzung"]
    );
    let all = cast.visitor.get(NEWS).await;
    assert_eq!(
        titles(&all),
        vec![
            "Angeheftet: Sprechstunde",
            "Chorprobe fällt aus",
            "Ohne jede Rubrik",
            "Gemeinderatssitzung",
            "Jahreshauptversammlung TuS",
        ]
    );
    // An empty category says so; an unknown one shows everything.
    cast.visitor
        .get(&format!("{NEWS}?category=Baustellen"))
        .await
        .assert_contains("Noch keine Beiträge.");
    let unknown = cast
        .visitor
        .get(&format!("{NEWS}?category=Unbekannt"))
        .await;
    assert_eq!(titles(&unknown), titles(&all));
    // The post page links its category's list.
    let id = publish(
        moderator,
        &[
            ("title", "Baustelle am Friedhof"),
            ("category", "Baustellen"),
        ],
    )
    .await;
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_contains(&format!(r#"href="{NEWS}?category&#x3D;Baustellen""#));
}

#[tokio::test]
async fn a_post_page_is_a_permalink_and_says_when_it_was_updated() {
    let cast = newsboard_cast().await;
    let moderator = &cast.moderator.browser;
    let page = write(
        moderator,
        &[
            ("title", "Neuer Bürgermeister gewählt"),
            ("body", "Die Wahl war **knapp**."),
            ("category", "Gemeinde"),
        ],
    )
    .await;
    let id = saved_id(&page);
    let permalink = format!("{}{}", cast.app.base_url, post_path(&id));
    let shown = moderator.get(&post_path(&id)).await;
    shown
        .assert_status(200)
        .assert_contains("Der Beitrag ist veröffentlicht.")
        .assert_contains("Neuer Bürgermeister gewählt")
        .assert_contains("<strong>knapp</strong>")
        .assert_contains("Moritz Moderator")
        .assert_contains(&format!(r#"<a href="{permalink}">{permalink}</a>"#))
        .assert_lacks("aktualisiert am");
    assert!(
        shown
            .title()
            .is_some_and(|t| t.contains("Neuer Bürgermeister gewählt")),
        "{:?}",
        shown.title()
    );
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_contains(&permalink);

    // An edit after publishing says so; the permalink stays.
    let form = moderator.get(&format!("{}/edit", post_path(&id))).await;
    form.assert_status(200)
        .assert_contains(r#"value="Neuer Bürgermeister gewählt""#)
        .assert_contains("Die Wahl war **knapp**.");
    let version = version_field(&form).expect("a version field");
    let page = edit(
        moderator,
        &id,
        &[
            ("title", "Neue Bürgermeisterin gewählt"),
            ("body", "Die Wahl war knapp."),
            ("category", "Gemeinde"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(saved_id(&page), id);
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_contains("Neue Bürgermeisterin gewählt")
        .assert_contains("aktualisiert am")
        .assert_contains(&permalink)
        .assert_lacks("Neuer Bürgermeister");
    // Someone saving with the form they opened before that edit is told, input kept.
    let page = edit(
        &cast.manager.browser,
        &id,
        &[
            ("title", "Veraltete Fassung"),
            ("category", "Gemeinde"),
            ("version", &version),
        ],
    )
    .await;
    assert_rejected(
        &page,
        &["Veraltete Fassung"],
        &["Jemand anderes hat den Beitrag inzwischen geändert."],
    );
    cast.visitor
        .get(&post_path(&id))
        .await
        .assert_lacks("Veraltete Fassung");

    // Drafts are not "updated" when they are finally published.
    let draft = publish(
        moderator,
        &[("title", "Erst ein Entwurf"), ("action", "draft")],
    )
    .await;
    moderator
        .get(&post_path(&draft))
        .await
        .assert_contains("Der Entwurf ist gespeichert.")
        .assert_contains(r#"<span class="badge">Entwurf</span>"#);
    edit(moderator, &draft, &[("title", "Jetzt veröffentlicht")])
        .await
        .assert_status(303);
    cast.visitor
        .get(&post_path(&draft))
        .await
        .assert_status(200)
        .assert_contains("Jetzt veröffentlicht")
        .assert_lacks("aktualisiert am");
}

#[tokio::test]
async fn markup_in_posts_and_notices_is_shown_as_text() {
    let cast = newsboard_cast().await;
    let until = berlin_in(3600);
    let id = publish(
        &cast.moderator.browser,
        &[
            ("title", "<img src=x onerror=alert(1)> Achtung"),
            (
                "body",
                "<script>alert(2)</script> Hinweis\n\n[Link](javascript:alert(3))",
            ),
            ("urgent", "on"),
            ("urgent_until", &until),
        ],
    )
    .await;
    for path in [
        "/c/ransbach".to_owned(),
        NEWS.to_owned(),
        post_path(&id),
        format!("{}/edit", post_path(&id)),
    ] {
        let page = cast.moderator.browser.get(&path).await;
        page.assert_status(200)
            .assert_contains("&lt;img src")
            .assert_lacks("<img src=x")
            .assert_lacks("<script>alert(2)")
            .assert_lacks("href=\"javascript:");
    }
    // The banner says what the notice says, as text.
    let home = cast.visitor.get("/c/ransbach").await;
    assert_banner(
        &home,
        "&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Achtung",
    );
}

#[tokio::test]
async fn times_are_typed_and_shown_in_berlin_time() {
    let cast = newsboard_cast().await;
    // Summer (UTC+2) and winter (UTC+1).
    let summer = publish(
        &cast.moderator.browser,
        &[("title", "Sommerzeit"), ("publish_at", "2024-07-01T18:30")],
    )
    .await;
    let winter = publish(
        &cast.moderator.browser,
        &[
            ("title", "Winterzeit"),
            ("publish_at", "2024-01-15T08:05:00"),
        ],
    )
    .await;
    for (id, shown, utc) in [
        (&summer, "01.07.2024, 18:30", "2024-07-01T16:30:00Z"),
        (&winter, "15.01.2024, 08:05", "2024-01-15T07:05:00Z"),
    ] {
        cast.visitor
            .get(&post_path(id))
            .await
            .assert_status(200)
            .assert_contains(shown);
        let feed = cast.visitor.get(&format!("{NEWS}/feed.atom")).await;
        feed.assert_contains(&format!("<published>{utc}</published>"));
    }
    // The edit form shows the time as it was typed.
    cast.moderator
        .browser
        .get(&format!("{}/edit", post_path(&summer)))
        .await
        .assert_contains(r#"value="2024-07-01T18:30""#);
    cast.moderator
        .browser
        .get(&format!("{}/edit", post_path(&winter)))
        .await
        .assert_contains(r#"value="2024-01-15T08:05""#);
}

// ---------------------------------------------------------------------------------------
// The feed
// ---------------------------------------------------------------------------------------

/// Checks that `xml` is well-formed: one root element, balanced tags, quoted attributes and
/// only the predefined or numeric entities. Returns what is wrong, if anything.
fn xml_problem(xml: &str) -> Option<String> {
    fn text_ok(text: &str) -> Result<(), String> {
        if text.contains('<') {
            return Err(format!("'<' in text: {text:?}"));
        }
        for (i, _) in text.match_indices('&') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find(';') else {
                return Err(format!("bare '&' in {text:?}"));
            };
            let entity = &rest[..end];
            let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
                || entity
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || entity
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity &{entity}; in {text:?}"));
            }
        }
        Ok(())
    }
    fn attributes_ok(mut rest: &str) -> Result<(), String> {
        let mut names = vec![];
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return Ok(());
            }
            let eq = rest
                .find('=')
                .ok_or_else(|| format!("attribute without value: {rest:?}"))?;
            let name = rest[..eq].trim();
            if name.is_empty() || name.contains(char::is_whitespace) || names.contains(&name) {
                return Err(format!("bad attribute name {name:?}"));
            }
            names.push(name);
            let value = rest[eq + 1..].trim_start();
            let quote = value
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or_else(|| format!("unquoted attribute {name}"))?;
            let end = value[1..]
                .find(quote)
                .ok_or_else(|| format!("unterminated attribute {name}"))?;
            text_ok(&value[1..1 + end])?;
            rest = &value[end + 2..];
        }
    }
    let mut rest = xml;
    if let Some(after) = rest.strip_prefix("<?xml") {
        let Some(end) = after.find("?>") else {
            return Some("unterminated XML declaration".into());
        };
        rest = &after[end + 2..];
    }
    let mut open: Vec<&str> = vec![];
    let mut roots = 0;
    loop {
        let next = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..next];
        if open.is_empty() && !text.trim().is_empty() {
            return Some(format!("text outside the root element: {text:?}"));
        }
        if let Err(e) = text_ok(text) {
            return Some(e);
        }
        rest = &rest[next..];
        if rest.is_empty() {
            break;
        }
        let Some(end) = rest.find('>') else {
            return Some("unterminated tag".into());
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                top => return Some(format!("</{name}> closes {top:?}")),
            }
            continue;
        }
        if open.is_empty() {
            roots += 1;
            if roots > 1 {
                return Some("more than one root element".into());
            }
        }
        let (tag, self_closing) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
        {
            return Some(format!("bad tag name {name:?}"));
        }
        if let Err(e) = attributes_ok(&tag[name_end..]) {
            return Some(format!("<{name}>: {e}"));
        }
        if !self_closing {
            open.push(name);
        }
    }
    if !open.is_empty() {
        return Some(format!("unclosed elements: {open:?}"));
    }
    (roots != 1).then(|| "no root element".into())
}

#[test]
fn the_xml_check_finds_broken_documents() {
    assert_eq!(
        xml_problem(r#"<?xml version="1.0"?><a x="1"><b>t &amp; u</b><c/></a>"#),
        None
    );
    for broken in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a><script>x</a>",
        "<a x=1></a>",
        "<a>&nbsp;</a>",
        "<a></a><b></b>",
        "<a>",
    ] {
        assert!(xml_problem(broken).is_some(), "{broken}");
    }
}

/// Whether an Atom date looks like RFC 3339 in UTC (`2026-11-21T13:30:00Z`).
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// The text of the first `<name>…</name>` in `xml`.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(&xml[start..end])
}

/// The text of an entry's `<content type="html">`.
fn content(entry: &str) -> &str {
    let open = r#"<content type="html">"#;
    let start = entry.find(open).expect("<content>") + open.len();
    let end = start + entry[start..].find("</content>").expect("</content>");
    &entry[start..end]
}

/// The `<entry>` elements of a feed.
fn entries(feed: &str) -> Vec<&str> {
    feed.split("<entry>")
        .skip(1)
        .map(|e| &e[..e.find("</entry>").expect("</entry>")])
        .collect()
}

#[tokio::test]
async fn the_feed_is_valid_atom_with_the_public_posts_only() {
    let cast = newsboard_cast().await;
    let moderator = &cast.moderator.browser;
    let first = publish(
        moderator,
        &[
            ("title", "Sommerfest der Feuerwehr"),
            ("body", "Mit Tombola und Hüpfburg."),
            ("category", "Vereine"),
            ("publish_at", &berlin_in(-600)),
        ],
    )
    .await;
    let tricky = publish(
        moderator,
        &[
            ("title", "Wasser & Strom <b>fett</b>"),
            (
                "body",
                "Kaffee & Kuchen <script>alert(1)</script> im \"Saal\"",
            ),
            ("category", "Gemeinde"),
        ],
    )
    .await;
    publish(
        moderator,
        &[("title", "Nur für uns"), ("visibility", "members")],
    )
    .await;
    publish(
        moderator,
        &[("title", "Noch ein Entwurf"), ("action", "draft")],
    )
    .await;
    publish(
        moderator,
        &[("title", "Erst morgen"), ("publish_at", &berlin_in(86_400))],
    )
    .await;
    let urgent_until = berlin_in(3600);
    publish(
        moderator,
        &[
            ("title", "Dringend, aber intern"),
            ("visibility", "members"),
            ("urgent", "on"),
            ("urgent_until", &urgent_until),
        ],
    )
    .await;

    let feed_path = format!("{NEWS}/feed.atom");
    // The feed is the same for everyone, members included.
    for browser in [&cast.visitor, &cast.manager.browser] {
        let page = browser.get(&feed_path).await;
        page.assert_status(200);
        assert!(
            page.content_type().starts_with("application/atom+xml"),
            "{}",
            page.content_type()
        );
        let xml = page.body.as_str();
        assert!(xml.starts_with("<?xml"), "{xml}");
        if let Some(problem) = xml_problem(xml) {
            panic!("the feed is not well-formed XML: {problem}\n{xml}");
        }
        page.assert_contains(r#"<feed xmlns="http://www.w3.org/2005/Atom""#);
        // The feed's own id, title and updated come before the entries.
        let head = &xml[..xml.find("<entry>").expect("entries")];
        let id = element(head, "id").expect("<id>");
        assert_eq!(id, format!("{}{feed_path}", cast.app.base_url));
        assert!(element(head, "title").is_some_and(|t| t.contains("Neuigkeiten")));
        assert!(is_rfc3339(element(head, "updated").expect("<updated>")));
        assert!(head.contains(r#"<link rel="self""#), "{head}");
        // Public, published posts only, newest first.
        let entries = entries(xml);
        assert_eq!(entries.len(), 2, "{xml}");
        for (entry, id) in entries.iter().zip([&tricky, &first]) {
            let url = format!("{}{}", cast.app.base_url, post_path(id));
            assert_eq!(element(entry, "id"), Some(url.as_str()), "{entry}");
            assert!(element(entry, "title").is_some(), "{entry}");
            assert!(
                is_rfc3339(element(entry, "updated").expect("<updated>")),
                "{entry}"
            );
            assert!(
                entry.contains("<author><name>Moritz Moderator</name></author>"),
                "{entry}"
            );
            assert!(
                entry.contains(&format!(
                    r#"<link rel="alternate" type="text/html" href="{url}"/>"#
                )),
                "{entry}"
            );
            assert!(entry.contains(r#"<content type="html">"#), "{entry}");
        }
        // Markup in titles and bodies is escaped, never raw.
        assert_eq!(
            element(entries[0], "title"),
            Some("Wasser &amp; Strom &lt;b&gt;fett&lt;/b&gt;")
        );
        assert!(!xml.contains("<script"), "{xml}");
        assert!(!xml.contains("<b>"), "{xml}");
        let html = content(entries[0]);
        assert!(
            html.contains("Kaffee &amp;amp; Kuchen"),
            "the HTML of the body, escaped once more: {html}"
        );
        assert!(content(entries[1]).contains("Mit Tombola und Hüpfburg."));
        for hidden in [
            "Nur für uns",
            "Noch ein Entwurf",
            "Erst morgen",
            "Dringend, aber intern",
        ] {
            page.assert_lacks(hidden);
        }
    }

    // A category's feed has that category's posts; an unknown category has no feed.
    let page = cast
        .visitor
        .get(&format!("{feed_path}?category=Vereine"))
        .await;
    page.assert_status(200);
    assert!(page.content_type().starts_with("application/atom+xml"));
    assert_eq!(xml_problem(&page.body), None, "{}", page.body);
    let found = entries(&page.body);
    assert_eq!(found.len(), 1, "{}", page.body);
    assert_eq!(element(found[0], "title"), Some("Sommerfest der Feuerwehr"));
    assert!(found[0].contains(r#"<category term="Vereine"/>"#));
    assert!(element(&page.body, "title").is_some_and(|t| t.contains("Vereine")));
    let empty = cast
        .visitor
        .get(&format!("{feed_path}?category=Baustellen"))
        .await;
    empty.assert_status(200);
    assert_eq!(xml_problem(&empty.body), None, "{}", empty.body);
    assert!(entries(&empty.body).is_empty());
    assert!(is_rfc3339(
        element(&empty.body, "updated").expect("<updated>")
    ));
    cast.visitor
        .get(&format!("{feed_path}?category=Geheimbund"))
        .await
        .assert_status(404);

    // The list links the feed for feed readers.
    cast.visitor.get(NEWS).await.assert_contains(&format!(
        r#"href="{feed_path}" type="application/atom+xml""#
    ));
    // An edit moves the entry's updated time, not its id.
    let before = cast.visitor.get(&feed_path).await.body;
    let entry_before = entries(&before)[1].to_owned();
    edit(
        moderator,
        &first,
        &[
            ("title", "Sommerfest der Feuerwehr (verschoben)"),
            ("category", "Vereine"),
        ],
    )
    .await
    .assert_status(303);
    let after = cast.visitor.get(&feed_path).await.body;
    let entry_after = entries(&after)
        .into_iter()
        .find(|e| e.contains("verschoben"))
        .expect("the edited entry")
        .to_owned();
    assert_eq!(element(&entry_before, "id"), element(&entry_after, "id"));
    assert!(
        element(&entry_after, "updated") > element(&entry_before, "updated"),
        "{entry_before}\n{entry_after}"
    );
}

// ---------------------------------------------------------------------------------------
// The managers' settings
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn managers_choose_the_categories_the_form_offers() {
    let cast = newsboard_cast().await;
    let manage = format!("{NEWS}/manage");
    // The defaults, in the community's language.
    cast.moderator
        .browser
        .get(&format!("{NEWS}/new"))
        .await
        .assert_contains(r#"<option value="Vereine">Vereine</option>"#);
    save_settings(
        &cast,
        "Feuerwehr\n  Kirche  \n\nSchule\nkirche",
        "moderators",
    )
    .await
    .assert_redirect(&manage);
    cast.manager
        .browser
        .get(&manage)
        .await
        .assert_contains("Die Einstellungen sind gespeichert.")
        .assert_contains(">Feuerwehr\nKirche\nSchule</textarea>");
    let form = cast.moderator.browser.get(&format!("{NEWS}/new")).await;
    form.assert_status(200);
    for category in ["Feuerwehr", "Kirche", "Schule"] {
        form.assert_contains(&format!(
            r#"<option value="{category}">{category}</option>"#
        ));
    }
    form.assert_lacks(r#"<option value="Vereine">"#);
    cast.visitor
        .get(NEWS)
        .await
        .assert_contains(&format!(
            r#"<a href="{NEWS}?category&#x3D;Kirche">Kirche</a>"#
        ))
        .assert_lacks("?category&#x3D;Vereine");
    // Posts take the new categories; an old one is unknown now.
    let page = write(
        &cast.moderator.browser,
        &[("title", "Tag der offenen Tür"), ("category", "Vereine")],
    )
    .await;
    assert_rejected(&page, &["Tag der offenen Tür"], &[CATEGORY_UNKNOWN]);
    let id = publish(
        &cast.moderator.browser,
        &[("title", "Tag der offenen Tür"), ("category", "Feuerwehr")],
    )
    .await;
    cast.visitor
        .get(&format!("{NEWS}?category=Feuerwehr"))
        .await
        .assert_contains("Tag der offenen Tür");
    cast.visitor
        .get(&format!("{NEWS}/feed.atom?category=Feuerwehr"))
        .await
        .assert_status(200)
        .assert_contains("Tag der offenen Tür");
    cast.visitor
        .get(&format!("{NEWS}/feed.atom?category=Vereine"))
        .await
        .assert_status(404);
    cast.moderator
        .browser
        .get(&format!("{}/edit", post_path(&id)))
        .await
        .assert_contains(r#"<option value="Feuerwehr" selected>"#);
}

#[tokio::test]
async fn an_over_long_category_is_refused_with_the_input_kept() {
    let cast = newsboard_cast().await;
    let manage = format!("{NEWS}/manage");
    let fifty = "R".repeat(50);
    let too_long = "Ä".repeat(51);
    let typed = format!("Kleingärten\n{too_long}\nSchule");
    let page = save_settings(&cast, &typed, "members").await;
    assert_eq!(page.status.as_u16(), 422, "{}", page.body);
    page.assert_html()
        .assert_contains("Eine Rubrik darf höchstens 50 Zeichen lang sein.")
        .assert_contains(&too_long)
        .assert_contains("Kleingärten")
        .assert_contains(r#"aria-invalid="true""#);
    // Nothing was saved: neither the categories nor who may post.
    cast.manager
        .browser
        .get(&manage)
        .await
        .assert_contains(&format!(">{DEFAULT_CATEGORIES}</textarea>"))
        .assert_lacks("Kleingärten");
    cast.member
        .browser
        .get(&format!("{NEWS}/new"))
        .await
        .assert_status(403);
    // Fifty characters are fine.
    save_settings(&cast, &format!("Kleingärten\n{fifty}"), "members")
        .await
        .assert_redirect(&manage);
    cast.member
        .browser
        .get(&format!("{NEWS}/new"))
        .await
        .assert_status(200)
        .assert_contains(&format!(r#"<option value="{fifty}">"#));
    // More than thirty categories are refused as well.
    let many: Vec<String> = (1..=31).map(|i| format!("Rubrik {i}")).collect();
    let page = save_settings(&cast, &many.join("\n"), "members").await;
    assert_eq!(page.status.as_u16(), 422, "{}", page.body);
    page.assert_contains("Höchstens 30 Rubriken, bitte.")
        .assert_contains("Rubrik 31");
}
