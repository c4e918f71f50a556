//! The plugin runtime from the outside: installing plugins with the CLI, managers switching
//! modules on and off per community, the guestbook example as members and visitors use it,
//! and the hostile test guest proving the sandbox — limits, failures that stay contained,
//! capabilities, records scoped to (community, plugin), atomic calls, serialised writers
//! (also across two servers on one database), escaping and CSRF.

use std::time::{Duration, Instant};

use crate::cli::{assert_failure, assert_success, quartier};
use crate::support::{
    Browser, Cast, PASSWORD, Page, Role, TestApp, TestDatabase, plugin_files, set_module,
    switch_module, unique_suffix,
};

const GUESTBOOK: &str = "/c/ransbach/guestbook";
const HOSTILE: &str = "/c/ransbach/hostile";
/// The 500 page of a failed plugin call (German: the cast's pages are German).
const PLUGIN_FAILED: &str = "Dieses Modul konnte gerade nicht antworten";

/// Signs the guestbook of a community.
async fn sign(browser: &Browser, slug: &str, message: &str) -> Page {
    browser
        .post_form(&format!("/c/{slug}/guestbook"), &[("message", message)])
        .await
}

/// What the hostile guest reported: the text of `<pre id="outcome">`, unescaped.
#[track_caller]
fn outcome(page: &Page) -> String {
    let start = page
        .body
        .find(r#"<pre id="outcome">"#)
        .map(|i| i + r#"<pre id="outcome">"#.len());
    let Some(start) = start else {
        panic!(
            "no outcome on {} {} → {}:\n{}",
            page.method, page.path, page.status, page.body
        );
    };
    let end = start + page.body[start..].find("</pre>").expect("</pre>");
    page.body[start..end]
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// GETs a hostile path as `browser` and returns its outcome (the page must be a 200).
async fn hostile_outcome(browser: &Browser, path: &str) -> String {
    let page = browser.get(path).await;
    page.assert_status(200).assert_html();
    outcome(&page)
}

// ---------------------------------------------------------------------------------------
// Installing
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn plugins_are_installed_listed_and_removed_with_the_cli() {
    let files = plugin_files();
    let guestbook = files.guestbook.to_str().expect("UTF-8 path");
    let hostile = files.hostile.to_str().expect("UTF-8 path");
    let database = TestDatabase::create().await;
    let url = database.url.clone();

    let out = assert_success(&quartier(&url, &["plugin", "list"]));
    assert!(out.contains("No plugins installed"), "{out}");

    let out = assert_success(&quartier(&url, &["plugin", "install", guestbook]));
    assert!(
        out.contains("guestbook 0.1.0") && out.contains("/c/<community>/guestbook"),
        "install names id, version and mount: {out}"
    );
    // Installing the same file again changes nothing and is not an error.
    let out = assert_success(&quartier(&url, &["plugin", "install", guestbook]));
    assert!(out.contains("guestbook 0.1.0"), "{out}");
    let out = assert_success(&quartier(&url, &["plugin", "install", hostile]));
    assert!(out.contains("hostile 0.1.0"), "{out}");

    // Files that are not Quartier plugins are refused with a clear message.
    let dir = std::env::temp_dir().join(format!("quartier-plugin-files-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut noise = Vec::with_capacity(4096);
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        noise.push((x >> 24) as u8);
    }
    let not_plugins: [(&str, &[u8]); 4] = [
        ("notes.txt", b"This is not a plugin.\n"),
        ("noise.wasm", &noise),
        // A valid core module, but not a component.
        ("core.wasm", b"\0asm\x01\0\0\0"),
        // A valid, empty component: it exports nothing a plugin must export.
        ("empty.wasm", b"\0asm\x0d\0\x01\0"),
    ];
    for (name, bytes) in not_plugins {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write test file");
        let err = assert_failure(&quartier(
            &url,
            &["plugin", "install", path.to_str().expect("UTF-8 path")],
        ));
        assert!(
            err.contains("not a Quartier plugin"),
            "{name}: the message says what is wrong: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let missing = dir.join("missing.wasm");
    let err = assert_failure(&quartier(
        &url,
        &["plugin", "install", missing.to_str().expect("UTF-8 path")],
    ));
    assert!(err.contains("missing.wasm"), "{err}");
    // Different code under a version that is installed already is refused: the same
    // guestbook with a custom section appended (id 0, size 6, name "test", one byte).
    let mut rebuilt = std::fs::read(&files.guestbook).expect("read the guestbook");
    rebuilt.extend_from_slice(b"\x00\x06\x04testx");
    let rebuilt_path = dir.join("rebuilt.wasm");
    std::fs::write(&rebuilt_path, &rebuilt).expect("write test file");
    let err = assert_failure(&quartier(
        &url,
        &[
            "plugin",
            "install",
            rebuilt_path.to_str().expect("UTF-8 path"),
        ],
    ));
    assert!(
        err.contains("0.1.0") && err.contains("different code"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let out = assert_success(&quartier(&url, &["plugin", "list"]));
    let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "exactly the two plugins: {out}");
    assert!(
        lines[0].contains("guestbook") && lines[0].contains("0.1.0"),
        "{out}"
    );
    assert!(lines[0].contains("enabled in 0 communities"), "{out}");
    assert!(
        lines[1].contains("hostile") && lines[1].contains("0.1.0"),
        "{out}"
    );

    // A server started afterwards loads what the CLI installed.
    assert_success(&quartier(
        &url,
        &[
            "operator",
            "create",
            "--email",
            "op@example.org",
            "--password",
            PASSWORD,
        ],
    ));
    assert_success(&quartier(
        &url,
        &[
            "community",
            "create",
            "--slug",
            "dorf",
            "--name",
            "Unser Dorf",
            "--manager",
            "op@example.org",
        ],
    ));
    let app = TestApp::spawn_on(database, |_| {}).await;
    let op = app.logged_in("op@example.org", PASSWORD).await;
    op.get("/c/dorf/settings")
        .await
        .assert_status(200)
        .assert_contains("Gästebuch")
        .assert_contains("Hostile");
    set_module(&op, "dorf", "guestbook", true).await;
    sign(&op, "dorf", "Hallo von der Kommandozeile")
        .await
        .assert_redirect("/c/dorf/guestbook");
    op.get("/c/dorf/guestbook")
        .await
        .assert_status(200)
        .assert_contains("Hallo von der Kommandozeile");
    let out = assert_success(&quartier(&url, &["plugin", "list"]));
    assert!(
        out.lines()
            .any(|l| l.contains("guestbook") && l.contains("enabled in 1 communities")),
        "{out}"
    );

    // Removing takes the module out of every community at once, even on a running server.
    let out = assert_success(&quartier(&url, &["plugin", "remove", "guestbook"]));
    assert!(out.contains("Removed guestbook"), "{out}");
    op.get("/c/dorf/guestbook").await.assert_status(404);
    let out = assert_success(&quartier(&url, &["plugin", "list"]));
    assert!(
        !out.contains("guestbook") && out.contains("hostile"),
        "{out}"
    );
    let err = assert_failure(&quartier(&url, &["plugin", "remove", "guestbook"]));
    assert!(err.contains("guestbook"), "{err}");

    // Installed again, it comes back with its records once a community switches it on.
    assert_success(&quartier(&url, &["plugin", "install", guestbook]));
    let second = app.another_server().await;
    let op = second.logged_in("op@example.org", PASSWORD).await;
    op.get("/c/dorf/guestbook").await.assert_status(404);
    set_module(&op, "dorf", "guestbook", true).await;
    op.get("/c/dorf/guestbook")
        .await
        .assert_status(200)
        .assert_contains("Hallo von der Kommandozeile");
}

/// The action of the plugin upload form on `/admin` (it carries the CSRF token).
#[track_caller]
fn upload_action(admin: &Page) -> String {
    let form = admin
        .body
        .find(r#"enctype="multipart/form-data""#)
        .and_then(|end| admin.body[..end].rfind(r#"action=""#))
        .unwrap_or_else(|| panic!("no upload form on /admin:\n{}", admin.body));
    let rest = &admin.body[form + r#"action=""#.len()..];
    rest[..rest.find('"').expect("closing quote")]
        .replace("&#x3D;", "=")
        .replace("&amp;", "&")
}

/// The version of a plugin the instance runs now.
async fn current_version(app: &TestApp, plugin: &str) -> String {
    sqlx::query_scalar("SELECT current_version FROM plugins WHERE id = $1")
        .bind(plugin)
        .fetch_one(app.pool())
        .await
        .expect("an installed plugin")
}

#[tokio::test]
async fn upgrading_a_plugin_keeps_its_data_and_its_place_in_every_community() {
    let cast = Cast::with_plugins_on().await;
    let member = &cast.member.browser;
    for _ in 0..2 {
        let page = member.post_form(&format!("{HOSTILE}/entries"), &[]).await;
        assert!(outcome(&page).starts_with("ok:"), "{}", outcome(&page));
    }
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 2"
    );

    // The operator uploads version 0.2.0 of the same plugin on the running server.
    let operator = &cast.operator.browser;
    let next = std::fs::read(&plugin_files().hostile_next).expect("read the next version");
    let action = upload_action(&operator.get("/admin").await);
    operator
        .post_file(&action, "file", "hostile-0.2.0.wasm", &next)
        .await
        .assert_status(303);
    operator.get("/admin").await.assert_contains("0.2.0");
    assert_eq!(current_version(&cast.app, "hostile").await, "0.2.0");

    // Still switched on, now answering as 0.2.0, with both entries kept.
    cast.manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_contains("Version 0.2.0");
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 2"
    );
    let page = member.post_form(&format!("{HOSTILE}/entries"), &[]).await;
    assert!(outcome(&page).starts_with("ok:"), "{}", outcome(&page));
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 3"
    );

    // Uploading the previous version again rolls back to it (e.g. after a bad release);
    // the data stays.
    let old = std::fs::read(&plugin_files().hostile).expect("read the old version");
    let action = upload_action(&operator.get("/admin").await);
    operator
        .post_file(&action, "file", "hostile-0.1.0.wasm", &old)
        .await
        .assert_status(303);
    assert_eq!(current_version(&cast.app, "hostile").await, "0.1.0");
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 3"
    );
}

#[tokio::test]
async fn operators_upload_and_remove_plugins_on_the_running_server() {
    let cast = Cast::new().await;
    let files = plugin_files();
    let guestbook = std::fs::read(&files.guestbook).expect("read the guestbook");
    let operator = &cast.operator.browser;
    let admin = operator.get("/admin").await;
    admin
        .assert_status(200)
        .assert_contains("Module (Plugins)")
        .assert_contains("Auf dieser Plattform sind noch keine Module installiert.");
    let action = upload_action(&admin);
    assert!(action.starts_with("/admin/plugins?"), "{action}");

    // Only operators, and only with the token.
    operator
        .post_file("/admin/plugins", "file", "hello.wasm", &guestbook)
        .await
        .assert_status(403);
    for role in [Role::Member, Role::Manager, Role::Outsider] {
        let browser = cast.as_role(role);
        let token = browser.csrf_token().await;
        browser
            .post_file(
                &format!("/admin/plugins?csrf_token={token}"),
                "file",
                "hello.wasm",
                &guestbook,
            )
            .await
            .assert_status(403);
    }
    let token = cast.visitor.csrf_token().await;
    cast.visitor
        .post_file(
            &format!("/admin/plugins?csrf_token={token}"),
            "file",
            "hello.wasm",
            &guestbook,
        )
        .await
        .assert_redirect("/login?next=/");
    operator
        .get("/admin")
        .await
        .assert_contains("Auf dieser Plattform sind noch keine Module installiert.");

    // Not a plugin: the page says why; an empty upload asks for a file.
    operator
        .post_file(&action, "file", "notes.txt", b"not a plugin")
        .await
        .assert_status(422)
        .assert_contains("Das Modul wurde nicht installiert")
        .assert_contains("not a Quartier plugin");
    operator
        .post_file(&action, "file", "empty.wasm", b"")
        .await
        .assert_redirect("/admin#plugins");
    operator
        .get("/admin")
        .await
        .assert_contains("Bitte wählen Sie eine Moduldatei aus.");

    operator
        .post_file(&action, "file", "hello_plugin.wasm", &guestbook)
        .await
        .assert_redirect("/admin#plugins");
    operator
        .get("/admin")
        .await
        .assert_contains("Das Modul ist installiert.")
        .assert_contains(r#"<th scope="row">guestbook</th><td>0.1.0</td>"#);

    // The running server offers it at once.
    let manager = &cast.manager.browser;
    manager
        .get("/c/ransbach/settings")
        .await
        .assert_contains("Gästebuch");
    set_module(manager, "ransbach", "guestbook", true).await;
    sign(&cast.member.browser, "ransbach", "Frisch hochgeladen")
        .await
        .assert_redirect(GUESTBOOK);

    cast.member
        .browser
        .post_form("/admin/plugins/guestbook/remove", &[])
        .await
        .assert_status(403);
    operator
        .post_form("/admin/plugins/guestbook/remove", &[])
        .await
        .assert_redirect("/admin#plugins");
    cast.member.browser.get(GUESTBOOK).await.assert_status(404);
    manager
        .get("/c/ransbach/settings")
        .await
        .assert_lacks("Gästebuch");
    operator
        .post_form("/admin/plugins/guestbook/remove", &[])
        .await
        .assert_status(404);

    // Uploaded again and switched on again, its records are back.
    operator
        .post_file(&action, "file", "hello_plugin.wasm", &guestbook)
        .await
        .assert_redirect("/admin#plugins");
    set_module(manager, "ransbach", "guestbook", true).await;
    cast.member
        .browser
        .get(GUESTBOOK)
        .await
        .assert_status(200)
        .assert_contains("Frisch hochgeladen");
}

// ---------------------------------------------------------------------------------------
// Switching modules on and off
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_settings_page_lists_installed_modules_and_what_they_may_do() {
    let cast = Cast::with_plugins().await;
    let page = cast.manager.browser.get("/c/ransbach/settings").await;
    page.assert_status(200)
        .assert_contains("Gästebuch")
        .assert_contains("Ein Gästebuch: Alle können lesen, Mitglieder schreiben hinein.")
        .assert_contains("Hostile")
        .assert_contains("Version 0.1.0")
        .assert_contains("Dieses Modul darf:")
        // Neither test plugin asks for anything; said in words, not as capability ids.
        .assert_contains("Keine besonderen Rechte")
        .assert_lacks("capability-")
        .assert_contains(r#"action="/c/ransbach/settings/modules/guestbook/enable""#)
        .assert_contains(r#"action="/c/ransbach/settings/modules/hostile/enable""#)
        .assert_lacks("/settings/modules/guestbook/disable");

    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    let page = cast.manager.browser.get("/c/ransbach/settings").await;
    page.assert_status(200)
        .assert_contains("Das Modul ist eingeschaltet.")
        .assert_contains(r#"<a href="/c/ransbach/guestbook">Gästebuch</a>"#)
        .assert_contains(r#"action="/c/ransbach/settings/modules/guestbook/disable""#)
        // The guestbook declares no settings, so it has no settings form.
        .assert_lacks("/c/ransbach/settings/modules/guestbook/settings")
        .assert_contains(r#"action="/c/ransbach/settings/modules/hostile/enable""#)
        // The audit log names the change.
        .assert_contains("Modul eingeschaltet");

    // The same in English.
    cast.manager
        .browser
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/c/ransbach/settings")],
        )
        .await
        .assert_status(303);
    cast.manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains("Guestbook")
        .assert_contains("A guestbook: everyone can read it, members sign it.")
        .assert_contains("This module may:")
        .assert_contains("No special permissions");

    // Without plugins installed, the page says so.
    let plain = Cast::new().await;
    plain
        .manager
        .browser
        .get("/c/ransbach/settings")
        .await
        .assert_status(200)
        .assert_contains("Auf dieser Plattform sind noch keine Module installiert.");
}

#[tokio::test]
async fn only_managers_and_operators_switch_modules() {
    let cast = Cast::with_plugins().await;
    for role in [Role::Visitor, Role::Member, Role::Moderator, Role::Outsider] {
        let browser = cast.as_role(role);
        for action in ["enable", "disable", "settings"] {
            let page = browser
                .post_form(
                    &format!("/c/ransbach/settings/modules/guestbook/{action}"),
                    &[("settings", "{}")],
                )
                .await;
            if role == Role::Visitor {
                page.assert_redirect("/login?next=/");
            } else {
                page.assert_status(403).assert_html();
            }
        }
        cast.manager.browser.get(GUESTBOOK).await.assert_status(404);
    }
    // The outsider manages "other" and may switch modules there, not in "ransbach".
    set_module(&cast.outsider.browser, "other", "guestbook", true).await;
    cast.outsider
        .browser
        .get("/c/other/guestbook")
        .await
        .assert_status(200);
    cast.manager.browser.get(GUESTBOOK).await.assert_status(404);

    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    cast.member.browser.get(GUESTBOOK).await.assert_status(200);
    // The operator is not a member of "ransbach" but acts as its manager.
    switch_module(&cast.operator.browser, "ransbach", "guestbook", false)
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    cast.member.browser.get(GUESTBOOK).await.assert_status(404);
    set_module(&cast.operator.browser, "ransbach", "guestbook", true).await;
    cast.member.browser.get(GUESTBOOK).await.assert_status(200);

    // A plugin that is not installed cannot be switched on.
    switch_module(&cast.manager.browser, "ransbach", "no-such-plugin", true)
        .await
        .assert_status(404);
    switch_module(&cast.manager.browser, "ransbach", "Bad Id!", true)
        .await
        .assert_status(404);
}

// ---------------------------------------------------------------------------------------
// The guestbook
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_guestbook_works_where_it_is_switched_on_and_only_there() {
    let cast = Cast::with_plugins().await;
    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    let member = &cast.member.browser;

    // The community navigation of "ransbach" has the module's entry; "other" has not.
    member
        .get("/c/ransbach")
        .await
        .assert_status(200)
        .assert_contains(r#"<a href="/c/ransbach/guestbook">Gästebuch</a>"#);
    cast.outsider
        .browser
        .get("/c/other")
        .await
        .assert_status(200)
        .assert_lacks("/c/other/guestbook")
        .assert_lacks("Gästebuch");
    cast.outsider
        .browser
        .get("/c/other/guestbook")
        .await
        .assert_status(404)
        .assert_html();
    member
        .get("/c/ransbach/nothing-mounted-here")
        .await
        .assert_status(404);

    let page = member.get(GUESTBOOK).await;
    page.assert_status(200)
        .assert_html()
        .assert_contains("Noch keine Einträge.")
        .assert_contains(r#"name="message""#)
        .assert_contains(r#"aria-current="page""#);

    let message = r#"<b>Moin</b> & "Servus" aus Ransbach"#;
    sign(member, "ransbach", message)
        .await
        .assert_redirect(GUESTBOOK);
    let page = member.get(GUESTBOOK).await;
    page.assert_status(200)
        .assert_contains("Danke für Ihren Eintrag!")
        .assert_contains("&lt;b&gt;Moin&lt;/b&gt; &amp; &quot;Servus&quot; aus Ransbach")
        .assert_lacks("<b>Moin</b>")
        .assert_contains("Mia Mitglied")
        .assert_lacks("Noch keine Einträge.");
    // The message is shown once.
    member
        .get(GUESTBOOK)
        .await
        .assert_lacks("Danke für Ihren Eintrag!");

    // The widget on the community home shows the latest three entries.
    for text in ["Zweiter Gruß", "Dritter Gruß", "Vierter Gruß"] {
        sign(&cast.moderator.browser, "ransbach", text)
            .await
            .assert_redirect(GUESTBOOK);
    }
    cast.visitor
        .get("/c/ransbach")
        .await
        .assert_status(200)
        .assert_contains("widget-guestbook")
        .assert_contains("Vierter Gruß")
        .assert_contains("Dritter Gruß")
        .assert_contains("Zweiter Gruß")
        .assert_lacks("Servus");

    // Switched on in "other", the guestbook there starts empty: records belong to a community.
    set_module(&cast.outsider.browser, "other", "guestbook", true).await;
    cast.outsider
        .browser
        .get("/c/other/guestbook")
        .await
        .assert_status(200)
        .assert_contains("Noch keine Einträge.")
        .assert_lacks("Servus")
        .assert_lacks("Gruß");
    cast.outsider
        .browser
        .get("/c/other")
        .await
        .assert_contains(r#"<a href="/c/other/guestbook">Gästebuch</a>"#)
        .assert_lacks("Gruß");
    sign(&cast.outsider.browser, "other", "Grüße von nebenan")
        .await
        .assert_redirect("/c/other/guestbook");
    cast.outsider
        .browser
        .get("/c/other/guestbook")
        .await
        .assert_contains("Grüße von nebenan");
    member
        .get(GUESTBOOK)
        .await
        .assert_contains("Vierter Gruß")
        .assert_lacks("Grüße von nebenan");
    // A member of "ransbach" may read the public guestbook of "other" but not sign it.
    sign(member, "other", "Ich bin hier nicht Mitglied")
        .await
        .assert_status(403);
    member
        .get("/c/other/guestbook")
        .await
        .assert_status(200)
        .assert_lacks("Ich bin hier nicht Mitglied");
}

#[tokio::test]
async fn the_guestbook_speaks_the_viewers_language() {
    let cast = Cast::with_plugins().await;
    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    let member = &cast.member.browser;
    member
        .post_form("/language", &[("lang", "en"), ("next", GUESTBOOK)])
        .await
        .assert_redirect(GUESTBOOK);
    member
        .get(GUESTBOOK)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains(r#"<a href="/c/ransbach/guestbook" aria-current="page">Guestbook</a>"#)
        .assert_contains("Your entry")
        .assert_contains("No entries yet.");
    sign(member, "ransbach", "Hello!")
        .await
        .assert_redirect(GUESTBOOK);
    member
        .get(GUESTBOOK)
        .await
        .assert_contains("Thank you for signing!")
        .assert_contains("Hello!");
    sign(member, "ransbach", "")
        .await
        .assert_status(422)
        .assert_contains("Please write something.");
    // Someone else reads the same page in German.
    cast.moderator
        .browser
        .get(GUESTBOOK)
        .await
        .assert_lang("de")
        .assert_contains("Ihr Eintrag")
        .assert_contains("Hello!");
}

#[tokio::test]
async fn visitors_read_a_public_guestbook_but_cannot_sign_it() {
    let cast = Cast::with_plugins_on().await;
    sign(&cast.member.browser, "ransbach", "Willkommen, liebe Gäste!")
        .await
        .assert_redirect(GUESTBOOK);

    let visitor = &cast.visitor;
    visitor
        .get(GUESTBOOK)
        .await
        .assert_status(200)
        .assert_contains("Willkommen, liebe Gäste!")
        .assert_contains("Nur Mitglieder können sich eintragen.")
        .assert_lacks(r#"name="message""#);
    // The hostile guest's entry is for members only.
    visitor
        .get("/c/ransbach")
        .await
        .assert_contains(r#"href="/c/ransbach/guestbook""#)
        .assert_lacks(r#"href="/c/ransbach/hostile""#);
    cast.member
        .browser
        .get("/c/ransbach")
        .await
        .assert_contains(r#"href="/c/ransbach/hostile""#);

    // Signing sends the visitor to log in and back to the guestbook.
    let referer = format!("{}{GUESTBOOK}", cast.app.base_url);
    visitor
        .post_form_with(
            GUESTBOOK,
            &[("message", "Werbung!")],
            &[("Referer", referer.as_str())],
        )
        .await
        .assert_redirect("/login?next=/c/ransbach/guestbook");
    visitor.get(GUESTBOOK).await.assert_lacks("Werbung!");

    // Without a public area, the modules are for members only, like the rest.
    cast.app
        .create_community(
            "privat",
            "Privatverein",
            "invitation",
            false,
            Some(&cast.manager.email),
        )
        .await;
    set_module(&cast.manager.browser, "privat", "guestbook", true).await;
    sign(&cast.manager.browser, "privat", "Nur für uns")
        .await
        .assert_redirect("/c/privat/guestbook");
    visitor
        .get("/c/privat/guestbook")
        .await
        .assert_redirect("/login?next=/c/privat/guestbook");
    visitor
        .post_form("/c/privat/guestbook", &[("message", "x")])
        .await
        .assert_redirect("/login?next=/");
    cast.outsider
        .browser
        .get("/c/privat/guestbook")
        .await
        .assert_status(403)
        .assert_lacks("Nur für uns");
    visitor
        .get("/c/privat")
        .await
        .assert_lacks("Nur für uns")
        .assert_lacks("widget-guestbook");
    cast.manager
        .browser
        .get("/c/privat/guestbook")
        .await
        .assert_status(200)
        .assert_contains("Nur für uns");
}

#[tokio::test]
async fn an_invalid_entry_comes_back_with_422_and_the_input_kept() {
    let cast = Cast::with_plugins().await;
    set_module(&cast.manager.browser, "ransbach", "guestbook", true).await;
    let member = &cast.member.browser;

    for empty in ["", "   \n  "] {
        let page = sign(member, "ransbach", empty).await;
        page.assert_status(422)
            .assert_html()
            .assert_contains("Bitte schreiben Sie etwas.")
            .assert_contains(r#"aria-invalid="true""#)
            .assert_contains(r#"name="message""#)
            // Still a page of the community, with its navigation.
            .assert_contains(r#"<a href="/c/ransbach/guestbook">Gästebuch</a>"#);
    }

    let too_long = format!("<i>{}</i>", "x".repeat(500));
    let page = sign(member, "ransbach", &too_long).await;
    page.assert_status(422)
        .assert_contains("Höchstens 500 Zeichen, bitte.")
        .assert_contains(&format!(
            "&lt;i&gt;{}&lt;/i&gt;</textarea>",
            "x".repeat(500)
        ))
        .assert_lacks("<i>x");
    member
        .get(GUESTBOOK)
        .await
        .assert_contains("Noch keine Einträge.");

    // 500 characters (not bytes) are fine.
    let longest = "ä".repeat(500);
    sign(member, "ransbach", &longest)
        .await
        .assert_redirect(GUESTBOOK);
    member
        .get(GUESTBOOK)
        .await
        .assert_contains(&longest)
        .assert_lacks("Noch keine Einträge.");
}

#[tokio::test]
async fn switching_a_module_off_keeps_its_data() {
    let cast = Cast::with_plugins().await;
    let manager = &cast.manager.browser;
    set_module(manager, "ransbach", "guestbook", true).await;
    sign(&cast.member.browser, "ransbach", "Das bleibt erhalten")
        .await
        .assert_redirect(GUESTBOOK);

    switch_module(manager, "ransbach", "guestbook", false)
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    manager
        .get("/c/ransbach/settings")
        .await
        .assert_contains("Das Modul ist ausgeschaltet. Seine Daten bleiben erhalten.")
        .assert_contains(r#"action="/c/ransbach/settings/modules/guestbook/enable""#);
    cast.member.browser.get(GUESTBOOK).await.assert_status(404);
    cast.visitor.get(GUESTBOOK).await.assert_status(404);
    sign(&cast.member.browser, "ransbach", "Ins Leere")
        .await
        .assert_status(404);
    cast.member
        .browser
        .get("/c/ransbach")
        .await
        .assert_status(200)
        .assert_lacks("/c/ransbach/guestbook")
        .assert_lacks("widget-guestbook")
        .assert_lacks("Das bleibt erhalten");

    set_module(manager, "ransbach", "guestbook", true).await;
    cast.member
        .browser
        .get(GUESTBOOK)
        .await
        .assert_status(200)
        .assert_contains("Das bleibt erhalten")
        .assert_lacks("Ins Leere");
}

// ---------------------------------------------------------------------------------------
// The sandbox (the hostile test guest)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_misbehaving_plugin_fails_alone() {
    let cast = Cast::with_plugins_on().await;
    let member = &cast.member.browser;
    sign(member, "ransbach", "Noch alles da?")
        .await
        .assert_redirect(GUESTBOOK);
    let wall = Duration::from_millis(quartier::plugins::PluginLimits::default().wall_ms);

    for path in [
        "/loop",
        "/memory",
        "/huge",
        "/panic",
        "/garbage",
        "/missing-template",
    ] {
        let started = Instant::now();
        let page = member.get(&format!("{HOSTILE}{path}")).await;
        let took = started.elapsed();
        page.assert_status(500)
            .assert_html()
            .assert_contains(PLUGIN_FAILED)
            .assert_lacks("panics on purpose");
        if path == "/loop" {
            // Stopped by the CPU budget (100 ms), not only by the wall-clock limit.
            assert!(took < wall, "{path} took {took:?}");
        }
        member
            .get(GUESTBOOK)
            .await
            .assert_status(200)
            .assert_contains("Noch alles da?");
        cast.visitor.get("/healthz").await.assert_status(200);
    }
    member
        .get(&format!("{HOSTILE}/no-such-path"))
        .await
        .assert_status(404);

    // The community home renders although the hostile widget panics every time.
    cast.member
        .browser
        .get("/c/ransbach")
        .await
        .assert_status(200)
        .assert_contains("widget-guestbook")
        .assert_contains("Noch alles da?")
        .assert_contains("widget-hostile")
        .assert_contains("kann gerade nicht angezeigt werden");
}

#[tokio::test]
async fn the_output_limit_stops_an_oversized_answer() {
    // With memory and time to spare, the hostile guest's 20 MiB answer is refused for its
    // size …
    let cast = Cast::with_plugins_and(|s| {
        s.plugin_limits.memory_mib = 256;
        s.plugin_limits.cpu_ms = 5_000;
        s.plugin_limits.wall_ms = 20_000;
    })
    .await;
    set_module(&cast.manager.browser, "ransbach", "hostile", true).await;
    cast.member
        .browser
        .get(&format!("{HOSTILE}/huge"))
        .await
        .assert_status(500)
        .assert_html()
        .assert_contains(PLUGIN_FAILED);
    cast.visitor.get("/healthz").await.assert_status(200);

    // … and served once the operator allows answers that large.
    let cast = Cast::with_plugins_and(|s| {
        s.plugin_limits.memory_mib = 256;
        s.plugin_limits.cpu_ms = 5_000;
        s.plugin_limits.wall_ms = 20_000;
        s.plugin_limits.output_kib = 32 * 1024;
    })
    .await;
    set_module(&cast.manager.browser, "ransbach", "hostile", true).await;
    let page = cast.member.browser.get(&format!("{HOSTILE}/huge")).await;
    page.assert_status(200);
    assert!(page.body.len() > 20 << 20, "{} bytes", page.body.len());
}

#[tokio::test]
async fn a_plugin_gets_only_what_it_was_granted() {
    let cast = Cast::with_plugins_on().await;
    let member = &cast.member.browser;

    let members = hostile_outcome(member, &format!("{HOSTILE}/members")).await;
    assert!(
        members.starts_with("err: ")
            && members.contains("Denied(")
            && members.contains("members:read"),
        "{members}"
    );
    assert!(!members.contains("Mia Mitglied"), "{members}");

    let write = hostile_outcome(member, &format!("{HOSTILE}/write-on-get")).await;
    assert!(
        write.starts_with("err: ") && write.contains("Denied("),
        "{write}"
    );
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 0",
        "a GET wrote nothing"
    );

    // Templates escape whatever the plugin puts into its data.
    member
        .get(&format!("{HOSTILE}/script"))
        .await
        .assert_status(200)
        .assert_contains(r#"<div id="html">&lt;script&gt;alert(1)&lt;/script&gt;</div>"#)
        .assert_lacks("<script>alert(1)");
}

#[tokio::test]
async fn a_plugin_that_keeps_calling_the_host_gets_limit_errors() {
    // A small limit keeps the call short (see the next test for why that matters).
    let cast = Cast::with_plugins_and(|s| s.plugin_limits.host_calls = 50).await;
    set_module(&cast.manager.browser, "ransbach", "hostile", true).await;
    let calls = hostile_outcome(&cast.member.browser, &format!("{HOSTILE}/host-calls")).await;
    assert!(
        calls.starts_with("err: ") && calls.contains("Limit(") && calls.contains("at most 50"),
        "{calls}"
    );
    // The next call starts with a fresh allowance.
    let calls = hostile_outcome(&cast.member.browser, &format!("{HOSTILE}/host-calls")).await;
    assert!(calls.contains("at most 50"), "{calls}");
}

#[tokio::test]
async fn time_spent_in_host_calls_is_not_charged_as_the_plugins_cpu_time() {
    // The CPU budget is for the guest's own computing. This guest computes next to
    // nothing between 2500 counts that each make the database scan 2000 documents: the
    // database time adds up to far more than the budget, the guest's own time (including the
    // crossings into the host) to a few milliseconds. The call must end at the host-call
    // limit (a `Limit` error the guest sees), within the wall clock — not be stopped as if it
    // had used up its CPU time. (The epoch callback in host/src/plugins/call.rs charges a
    // tick only for the time the guest was not waiting for a host call.) Scanning counts
    // rather than cheap lookups keep the guest's share small even on a busy machine, where
    // preemption inflates whatever the guest does.
    //
    // The budget here is 250 ms rather than the default 100: when the whole suite runs on two
    // cores, the guest thread is preempted between its crossings, and that time counts as
    // the guest's. The call must still take several times the budget, or the test would not
    // prove that the host's time is left out.
    const CPU_MS: u64 = 250;
    let cast = Cast::with_plugins_and(|s| {
        s.plugin_limits.host_calls = 2500;
        s.plugin_limits.wall_ms = 60_000;
        s.plugin_limits.cpu_ms = CPU_MS;
    })
    .await;
    set_module(&cast.manager.browser, "ransbach", "hostile", true).await;
    let member = &cast.member.browser;
    let page = member.post_form(&format!("{HOSTILE}/heap"), &[]).await;
    let filled = outcome(&page);
    assert!(filled.starts_with("ok: "), "{filled}");

    let started = Instant::now();
    let page = member.get(&format!("{HOSTILE}/slow-host-calls")).await;
    let took = started.elapsed();
    page.assert_status(200);
    let calls = outcome(&page);
    assert!(
        calls.starts_with("err: ") && calls.contains("Limit(") && calls.contains("2500"),
        "{calls} after {took:?}"
    );
    assert!(
        took > Duration::from_millis(3 * CPU_MS),
        "the host calls took only {took:?}: too little to prove anything"
    );
}

#[tokio::test]
async fn records_belong_to_one_plugin_in_one_community() {
    let cast = Cast::with_plugins_on().await;
    set_module(&cast.outsider.browser, "other", "hostile", true).await;
    let member = &cast.member.browser;
    let entries = format!("{HOSTILE}/entries");

    // The guestbook's "entries" are not the hostile guest's "entries".
    for text in ["Erster", "Zweiter"] {
        sign(member, "ransbach", text)
            .await
            .assert_redirect(GUESTBOOK);
    }
    assert_eq!(hostile_outcome(member, &entries).await, "ok: 0");

    let page = member.post_form(&entries, &[]).await;
    page.assert_status(200);
    assert!(outcome(&page).starts_with("ok: \""), "{}", outcome(&page));
    assert_eq!(hostile_outcome(member, &entries).await, "ok: 1");
    // … and the guestbook does not see the hostile guest's record.
    member
        .get(GUESTBOOK)
        .await
        .assert_status(200)
        .assert_contains("Zweiter")
        .assert_lacks("secret");

    // Another community's records are out of reach.
    let outsider = &cast.outsider.browser;
    assert_eq!(
        hostile_outcome(outsider, "/c/other/hostile/entries").await,
        "ok: 0"
    );
    let page = outsider.post_form("/c/other/hostile/entries", &[]).await;
    assert!(outcome(&page).starts_with("ok: \""), "{}", outcome(&page));
    outsider.post_form("/c/other/hostile/entries", &[]).await;
    assert_eq!(
        hostile_outcome(outsider, "/c/other/hostile/entries").await,
        "ok: 2"
    );
    assert_eq!(hostile_outcome(member, &entries).await, "ok: 1");
}

#[tokio::test]
async fn a_call_that_fails_keeps_none_of_its_writes() {
    let cast = Cast::with_plugins_on().await;
    let member = &cast.member.browser;
    let entries = format!("{HOSTILE}/entries");
    member.post_form(&entries, &[]).await.assert_status(200);
    assert_eq!(hostile_outcome(member, &entries).await, "ok: 1");

    member
        .post_form(&format!("{HOSTILE}/insert-then-panic"), &[])
        .await
        .assert_status(500)
        .assert_html()
        .assert_contains(PLUGIN_FAILED);
    assert_eq!(
        hostile_outcome(member, &entries).await,
        "ok: 1",
        "the insert before the panic was rolled back"
    );
    // The plugin keeps working for the next call.
    member.post_form(&entries, &[]).await.assert_status(200);
    assert_eq!(hostile_outcome(member, &entries).await, "ok: 2");
}

#[tokio::test]
async fn plugin_forms_need_the_csrf_token() {
    let cast = Cast::with_plugins_on().await;
    let member = &cast.member.browser;
    member.csrf_token().await;
    for (path, body) in [
        (GUESTBOOK.to_owned(), "message=Ohne+Token".to_owned()),
        (
            GUESTBOOK.to_owned(),
            "csrf_token=falsch&message=Ohne+Token".to_owned(),
        ),
        (format!("{HOSTILE}/entries"), String::new()),
        (format!("{HOSTILE}/entries"), "csrf_token=".to_owned()),
    ] {
        member
            .post_raw(&path, body)
            .await
            .assert_status(403)
            .assert_contains("Das Formular ist abgelaufen");
    }
    member
        .get(GUESTBOOK)
        .await
        .assert_lacks("Ohne Token")
        .assert_contains("Noch keine Einträge.");
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/entries")).await,
        "ok: 0"
    );
}

// ---------------------------------------------------------------------------------------
// Writers of one plugin in one community are serialised
// ---------------------------------------------------------------------------------------

/// POSTs `/claim slot=x` from every browser at once and returns each outcome.
async fn claim_all_at_once(browsers: Vec<(Browser, String)>) -> Vec<String> {
    for (browser, _) in &browsers {
        browser.csrf_token().await;
    }
    let handles: Vec<_> = browsers
        .into_iter()
        .map(|(browser, path)| {
            tokio::spawn(async move {
                let page = browser.post_form(&path, &[("slot", "x")]).await;
                page.assert_status(200);
                outcome(&page)
            })
        })
        .collect();
    let mut outcomes = vec![];
    for handle in handles {
        outcomes.push(handle.await.expect("request task"));
    }
    outcomes
}

#[track_caller]
fn assert_one_winner(outcomes: &[String]) {
    let won = outcomes.iter().filter(|o| o.starts_with("ok: \"")).count();
    let full = outcomes.iter().filter(|o| *o == "full").count();
    assert_eq!(
        (won, full),
        (1, outcomes.len() - 1),
        "exactly one claim wins: {outcomes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_of_a_plugin_are_serialised() {
    let cast = Cast::with_plugins_on().await;
    let claim = format!("{HOSTILE}/claim");
    // One member with many requests in flight, and others beside them.
    let mut browsers = vec![];
    for i in 0..20 {
        let browser = match i % 4 {
            0 | 1 => cast.member.browser.clone(),
            2 => cast.moderator.browser.clone(),
            _ => cast.target.browser.clone(),
        };
        browsers.push((browser, claim.clone()));
    }
    let outcomes = claim_all_at_once(browsers).await;
    assert_one_winner(&outcomes);
    let member = &cast.member.browser;
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/claims")).await,
        "ok: 1"
    );
    // Another slot is still free.
    let page = member.post_form(&claim, &[("slot", "y")]).await;
    assert!(outcome(&page).starts_with("ok: \""), "{}", outcome(&page));
    assert_eq!(
        hostile_outcome(member, &format!("{HOSTILE}/claims")).await,
        "ok: 2"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_through_two_servers_are_serialised() {
    let cast = Cast::with_plugins_on().await;
    // A second process of the same instance: own pool, own wasm engine, same database.
    let second = cast.app.another_server().await;
    let member_there = second.logged_in(&cast.member.email, PASSWORD).await;
    let moderator_there = second.logged_in(&cast.moderator.email, PASSWORD).await;
    assert_eq!(
        hostile_outcome(&member_there, &format!("{HOSTILE}/claims")).await,
        "ok: 0"
    );
    let claim = format!("{HOSTILE}/claim");
    let mut browsers = vec![];
    for i in 0..20 {
        let browser = match i % 4 {
            0 => cast.member.browser.clone(),
            1 => member_there.clone(),
            2 => cast.moderator.browser.clone(),
            _ => moderator_there.clone(),
        };
        browsers.push((browser, claim.clone()));
    }
    let outcomes = claim_all_at_once(browsers).await;
    assert_one_winner(&outcomes);
    for browser in [&cast.member.browser, &member_there] {
        assert_eq!(
            hostile_outcome(browser, &format!("{HOSTILE}/claims")).await,
            "ok: 1"
        );
    }
}

/// Polls a hostile path until its outcome satisfies `done` (events and jobs run after the
/// response, in the background), for at most five seconds.
async fn eventually(browser: &Browser, path: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let seen = hostile_outcome(browser, path).await;
        if done(&seen) || std::time::Instant::now() > deadline {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn subscribed_plugins_hear_about_members_leaving() {
    let cast = Cast::with_plugins_on().await;
    let manager = &cast.manager.browser;
    // A manager removes a member, and a member leaves: two `member-left` events.
    manager
        .post_form(
            &format!("/c/ransbach/members/{}/remove", cast.target.id),
            &[],
        )
        .await
        .assert_redirect("/c/ransbach/members");
    cast.member
        .browser
        .post_form("/c/ransbach/leave", &[])
        .await
        .assert_redirect("/");
    let events = eventually(manager, "/c/ransbach/hostile/events", |s| {
        s.matches("member-left").count() >= 2
    })
    .await;
    assert_eq!(events.matches("member-left").count(), 2, "{events}");
    // The payload names who left (JSON inside JSON: compare without the escapes).
    let plain = events.replace('\\', "");
    assert!(
        plain.contains(&format!(r#""account_id":"{}""#, cast.target.id)),
        "{events}"
    );
    assert!(
        plain.contains(&format!(r#""account_id":"{}""#, cast.member.id)),
        "{events}"
    );
    // The guestbook did not subscribe and another community's hostile guest heard nothing.
    set_module(&cast.outsider.browser, "other", "hostile", true).await;
    assert_eq!(
        hostile_outcome(&cast.outsider.browser, "/c/other/hostile/events").await,
        "ok: []"
    );
}

#[tokio::test]
async fn jobs_run_on_schedule_once_per_interval_in_each_community() {
    // The scheduler looks every 100 ms; the hostile guest's job runs at most once a minute.
    let cast = Cast::with_plugins_and(|s| s.job_check_ms = 100).await;
    set_module(&cast.manager.browser, "ransbach", "hostile", true).await;
    let first = eventually(&cast.manager.browser, "/c/ransbach/hostile/ticks", |s| {
        s != "ok: 0"
    })
    .await;
    assert_eq!(first, "ok: 1");
    // Several more scheduler rounds later, still one run: the interval has not passed.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        hostile_outcome(&cast.manager.browser, "/c/ransbach/hostile/ticks").await,
        "ok: 1"
    );
    // A community that did not enable the plugin runs nothing; enabling it starts its own job.
    set_module(&cast.outsider.browser, "other", "hostile", true).await;
    let other = eventually(&cast.outsider.browser, "/c/other/hostile/ticks", |s| {
        s != "ok: 0"
    })
    .await;
    assert_eq!(other, "ok: 1");
}

#[tokio::test]
async fn a_plugin_whose_templates_would_write_raw_html_is_refused_at_install() {
    let files = plugin_files();
    let database = TestDatabase::create().await;
    let raw_html = files.raw_html.to_str().expect("UTF-8 path");
    let err = assert_failure(&quartier(&database.url, &["plugin", "install", raw_html]));
    assert!(
        err.contains("unescaped HTML"),
        "the operator learns why: {err}"
    );
    let out = assert_success(&quartier(&database.url, &["plugin", "list"]));
    assert!(out.contains("No plugins installed"), "{out}");
}
