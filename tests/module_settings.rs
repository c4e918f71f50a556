//! A module's per-community settings as managers edit them on the community's settings page:
//! a form generated from the JSON Schema in the plugin's manifest (the hostile test guest
//! declares one with a checkbox, a number, a text and a choice), checked field by field on
//! the server, stored as typed JSON that the plugin reads from its context, and only by the
//! community's managers.

use serde_json::{Value, json};

use crate::support::{Browser, Cast, Page, Role, set_module};

const SETTINGS: &str = "/c/ransbach/settings";
const SAVE: &str = "/c/ransbach/settings/modules/hostile/settings";

/// The settings the hostile guest sees in its context in "ransbach" (`/settings` prints
/// `context::community().settings`).
async fn plugin_sees(browser: &Browser) -> Value {
    let page = browser.get("/c/ransbach/hostile/settings").await;
    page.assert_status(200);
    let marker = r#"<pre id="outcome">"#;
    let start = page.body.find(marker).expect("the outcome") + marker.len();
    let end = start + page.body[start..].find("</pre>").expect("</pre>");
    let text = page.body[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The four fields of the hostile guest's form with what a manager may type.
fn good_form<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("open", "on"),
        ("max_entries", "12"),
        ("greeting", "Hallo"),
        ("mood", "calm"),
    ]
}

/// `good_form` with one field replaced (or, with `None`, left out).
fn form_with<'a>(key: &'a str, value: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<_> = good_form().into_iter().filter(|(k, _)| *k != key).collect();
    if let Some(value) = value {
        form.push((key, value));
    }
    form
}

#[track_caller]
fn position(page: &Page, needle: &str) -> usize {
    page.body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on the page:\n{}", page.body))
}

#[tokio::test]
async fn the_form_shows_each_field_with_its_label_and_default_in_the_schemas_order() {
    let cast = Cast::with_plugins_on().await;
    let manager = &cast.manager.browser;
    let page = manager.get(SETTINGS).await;
    page.assert_status(200)
        .assert_html()
        // After saving with a mistake, the browser shows the module's card again.
        .assert_contains(r#"<li class="card" id="module-hostile">"#)
        .assert_contains(&format!(r#"action="{SAVE}#module-hostile" novalidate>"#))
        // A checkbox, ticked by default, its description linked to it and escaped.
        .assert_contains(r#"<label for="module-hostile.open">Geöffnet</label>"#)
        .assert_contains(
            r#"<input id="module-hostile.open" name="open" type="checkbox" value="on" checked aria-describedby="module-hostile.open-hint">"#,
        )
        .assert_contains(
            r#"<p class="hint" id="module-hostile.open-hint">Ob Einträge &lt;möglich&gt; sind.</p>"#,
        )
        // A whole number within its bounds.
        .assert_contains(r#"<label for="module-hostile.max_entries">Höchstzahl der Einträge</label>"#)
        .assert_contains(
            r#"<input id="module-hostile.max_entries" name="max_entries" type="number" inputmode="numeric" step="1" min="1" max="50" value="10">"#,
        )
        // A text with its longest length.
        .assert_contains(r#"<label for="module-hostile.greeting">Begrüßung</label>"#)
        .assert_contains(
            r#"<input id="module-hostile.greeting" name="greeting" type="text" maxlength="40" value="Moin">"#,
        )
        // A choice, its options labelled in words.
        .assert_contains(r#"<label for="module-hostile.mood">Stimmung</label>"#)
        .assert_contains(r#"<select id="module-hostile.mood" name="mood">"#)
        .assert_contains(
            r#"<option value="calm" selected>Ruhig</option><option value="loud">Laut</option>"#,
        )
        // No raw JSON anywhere, and none of the old text area.
        .assert_lacks("<textarea id=\"settings-")
        .assert_lacks("JSON")
        // The guestbook has no settings schema, so no settings form.
        .assert_lacks("/settings/modules/guestbook/settings");
    // The fields come in the order the schema lists them, not alphabetically.
    let order: Vec<usize> = ["open", "max_entries", "greeting", "mood"]
        .iter()
        .map(|key| position(&page, &format!(r#"id="module-hostile.{key}""#)))
        .collect();
    assert!(order.is_sorted(), "{order:?}");
    // Until a manager saves, the plugin has no settings and uses its own defaults.
    assert_eq!(plugin_sees(manager).await, json!({}));

    // In English: the English titles; a field without an English description keeps German.
    manager
        .post_form("/language", &[("lang", "en"), ("next", SETTINGS)])
        .await
        .assert_status(303);
    manager
        .get(SETTINGS)
        .await
        .assert_status(200)
        .assert_lang("en")
        .assert_contains(r#"<label for="module-hostile.open">Open</label>"#)
        .assert_contains("Whether entries are &lt;possible&gt;.")
        .assert_contains(r#"<label for="module-hostile.max_entries">Most entries</label>"#)
        .assert_contains(r#"<label for="module-hostile.greeting">Greeting</label>"#)
        .assert_contains(r#"<label for="module-hostile.mood">Mood</label>"#)
        .assert_contains(
            r#"<option value="calm" selected>Calm</option><option value="loud">Loud</option>"#,
        );

    // A module that is switched off shows no settings form.
    set_module(manager, "ransbach", "hostile", false).await;
    manager
        .get(SETTINGS)
        .await
        .assert_status(200)
        .assert_lacks(SAVE);
}

#[tokio::test]
async fn saving_stores_typed_values_that_the_plugin_sees() {
    let cast = Cast::with_plugins_on().await;
    let manager = &cast.manager.browser;
    // The checkbox unticked (not sent), spaces around the number, text that needs escaping,
    // and a field the schema does not know.
    manager
        .post_form(
            SAVE,
            &[
                ("max_entries", " 25 "),
                ("greeting", "Hallo <Nachbarn> & Co"),
                ("mood", "loud"),
                ("colour", "red"),
            ],
        )
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    let stored = json!({
        "open": false,
        "max_entries": 25,
        "greeting": "Hallo <Nachbarn> & Co",
        "mood": "loud",
    });
    // The form shows what is stored (and, once, that it was saved).
    manager
        .get(SETTINGS)
        .await
        .assert_status(200)
        .assert_contains("Die Einstellungen des Moduls sind gespeichert.")
        .assert_contains(
            r#"<input id="module-hostile.open" name="open" type="checkbox" value="on" aria-describedby="module-hostile.open-hint">"#,
        )
        .assert_contains(r#"name="max_entries" type="number" inputmode="numeric" step="1" min="1" max="50" value="25">"#)
        .assert_contains(r#"value="Hallo &lt;Nachbarn&gt; &amp; Co">"#)
        .assert_contains(r#"<option value="calm">Ruhig</option><option value="loud" selected>Laut</option>"#);
    assert_eq!(plugin_sees(manager).await, stored);
    // Plugins that subscribed hear that the settings changed (after the change commits).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let events = manager.get("/c/ransbach/hostile/events").await;
        events.assert_status(200);
        if events.body.contains("settings-changed") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no settings-changed event: {}",
            events.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Ticking the box stores true; an empty text is allowed.
    let mut form = form_with("greeting", Some(""));
    form.retain(|(k, _)| *k != "max_entries");
    form.push(("max_entries", "1"));
    manager
        .post_form(SAVE, &form)
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    assert_eq!(
        plugin_sees(manager).await,
        json!({"open": true, "max_entries": 1, "greeting": "", "mood": "calm"})
    );
    // The operator acts as manager everywhere.
    cast.operator
        .browser
        .post_form(SAVE, &good_form())
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    assert_eq!(
        plugin_sees(manager).await,
        json!({"open": true, "max_entries": 12, "greeting": "Hallo", "mood": "calm"})
    );
}

#[tokio::test]
async fn bad_input_comes_back_with_a_message_at_its_field_and_nothing_is_stored() {
    let cast = Cast::with_plugins_on().await;
    let manager = &cast.manager.browser;
    manager
        .post_form(SAVE, &good_form())
        .await
        .assert_redirect("/c/ransbach/settings#modules");
    let stored = json!({"open": true, "max_entries": 12, "greeting": "Hallo", "mood": "calm"});
    assert_eq!(plugin_sees(manager).await, stored);

    let too_long = "x".repeat(41);
    let cases: [(&str, Option<&str>, &str); 8] = [
        (
            "max_entries",
            Some("zwölf"),
            "Bitte geben Sie eine ganze Zahl ein.",
        ),
        (
            "max_entries",
            Some("2.5"),
            "Bitte geben Sie eine ganze Zahl ein.",
        ),
        ("max_entries", Some(""), "Bitte füllen Sie dieses Feld aus."),
        (
            "max_entries",
            Some("0"),
            "Bitte geben Sie eine ganze Zahl von 1 bis 50 ein.",
        ),
        (
            "max_entries",
            Some("51"),
            "Bitte geben Sie eine ganze Zahl von 1 bis 50 ein.",
        ),
        (
            "mood",
            Some("angry"),
            "Bitte wählen Sie eine der angebotenen Möglichkeiten.",
        ),
        (
            "mood",
            None,
            "Bitte wählen Sie eine der angebotenen Möglichkeiten.",
        ),
        (
            "greeting",
            Some(&too_long),
            "Der Text ist zu lang: höchstens 40 Zeichen.",
        ),
    ];
    for (key, value, message) in cases {
        let mut form = form_with(key, value);
        // Input in the other fields that differs from what is stored, to see it kept.
        if key != "greeting" {
            form.retain(|(k, _)| *k != "greeting");
            form.push(("greeting", "Getippt <nicht gespeichert>"));
        }
        let page = manager.post_form(SAVE, &form).await;
        let id = format!("module-hostile.{key}");
        page.assert_status(422)
            .assert_html()
            // The message at the field, linked to it, and in the summary linking to the field.
            .assert_contains(&format!(
                r#"<p class="field-error" id="{id}-error">{message}</p>"#
            ))
            .assert_contains(&format!(r##"<a href="#{id}">"##))
            .assert_contains(&format!(
                r#"aria-invalid="true" aria-describedby="{id}-error">"#
            ));
        // What was typed is kept.
        match (key, value) {
            ("max_entries", Some(typed)) => {
                page.assert_contains(&format!(
                    r#"min="1" max="50" value="{typed}" aria-invalid="true""#
                ));
            }
            ("greeting", _) => {
                page.assert_contains(&format!(r#"maxlength="40" value="{too_long}""#));
            }
            _ => {}
        }
        if key != "greeting" {
            page.assert_contains(r#"value="Getippt &lt;nicht gespeichert&gt;">"#);
        }
        // The rest of the form is as typed: the box stays ticked.
        page.assert_contains(r#"name="open" type="checkbox" value="on" checked"#);
        // Only the refused field is marked.
        assert_eq!(
            page.body.matches(r#"class="field-error""#).count(),
            1,
            "{key}: {}",
            page.body
        );
        assert_eq!(plugin_sees(manager).await, stored, "{key}={value:?}");
    }

    // Several problems at once, each at its own field; in English.
    manager
        .post_form("/language", &[("lang", "en"), ("next", SETTINGS)])
        .await
        .assert_status(303);
    manager
        .post_form(
            SAVE,
            &[("max_entries", "100"), ("greeting", "ok"), ("mood", "x")],
        )
        .await
        .assert_status(422)
        .assert_lang("en")
        .assert_contains(
            r#"<p class="field-error" id="module-hostile.max_entries-error">Please enter a whole number from 1 to 50.</p>"#,
        )
        .assert_contains(
            r#"<p class="field-error" id="module-hostile.mood-error">Please choose one of the options offered.</p>"#,
        )
        .assert_contains(r#"name="open" type="checkbox" value="on" aria-describedby"#);
    assert_eq!(plugin_sees(manager).await, stored);
}

#[tokio::test]
async fn only_the_communitys_managers_change_module_settings() {
    let cast = Cast::with_plugins_on().await;
    // The outsider manages "other" and has the module on there too.
    set_module(&cast.outsider.browser, "other", "hostile", true).await;
    for role in [Role::Visitor, Role::Member, Role::Moderator, Role::Outsider] {
        let page = cast.as_role(role).post_form(SAVE, &good_form()).await;
        if role == Role::Visitor {
            page.assert_redirect("/login?next=/");
        } else {
            page.assert_status(403).assert_html();
        }
    }
    // Members do not see the form either.
    cast.member.browser.get(SETTINGS).await.assert_status(403);
    assert_eq!(plugin_sees(&cast.manager.browser).await, json!({}));
    // Each manager changes their own community's settings only.
    cast.outsider
        .browser
        .post_form("/c/other/settings/modules/hostile/settings", &good_form())
        .await
        .assert_redirect("/c/other/settings#modules");
    assert_eq!(plugin_sees(&cast.manager.browser).await, json!({}));

    // A module without a settings schema, one that is off here and one that does not exist
    // have no settings to change.
    let manager = &cast.manager.browser;
    for path in [
        "/c/ransbach/settings/modules/guestbook/settings",
        "/c/other/settings/modules/guestbook/settings",
        "/c/ransbach/settings/modules/no-such-module/settings",
    ] {
        let browser = if path.starts_with("/c/other") {
            &cast.outsider.browser
        } else {
            manager
        };
        browser
            .post_form(path, &[("settings", "{}")])
            .await
            .assert_status(404);
    }
    set_module(manager, "ransbach", "hostile", false).await;
    manager
        .post_form(SAVE, &good_form())
        .await
        .assert_status(404);
}
