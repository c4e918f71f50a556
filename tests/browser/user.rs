//! Someone using Quartier in a browser: finds links, fields and buttons by the words on the
//! screen (labels, link texts, button texts), then uses them with the mouse or, in the
//! keyboard variant, only with Tab, Enter, Space and the arrow keys. Every page they reach is
//! checked (see `checks`).

use std::time::Duration;

use serde_json::{Value, json};

use super::checks::{self, PAGE_BUDGET_BYTES, Record, SeenDocument};
use super::driver::{ChromeDriver, Element, Key, Session};
use super::variants::Variant;

/// How many Tab presses a control may be away before it counts as unreachable.
const MAX_TABS: usize = 300;

/// A script function `shown(element)`: whether the focused element shows where the focus is
/// (an outline of at least 1 px or a shadow ring).
const FOCUS_SHOWN: &str = "const shown = a => { const s = getComputedStyle(a);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
      || (!!s.boxShadow && s.boxShadow !== 'none'); };";

/// One person's browser in one journey.
pub struct User<'r> {
    /// Who this is in the journey ("member", "manager"), for messages and file names.
    pub who: &'static str,
    pub variant: Variant,
    session: Session,
    record: &'r Record,
    base_url: String,
    /// The container the next finds are limited to (see [`User::within`]).
    scope: Option<String>,
}

/// What kind of control a label or text names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Link,
    Button,
}

impl<'r> User<'r> {
    pub async fn start(
        driver: &ChromeDriver,
        variant: Variant,
        who: &'static str,
        record: &'r Record,
        base_url: &str,
    ) -> User<'r> {
        let profile = std::env::temp_dir()
            .join("quartier-browser")
            .join(crate::support::unique_suffix());
        let session = driver.session(&variant.options(profile)).await;
        User {
            who,
            variant,
            session,
            record,
            base_url: base_url.to_owned(),
            scope: None,
        }
    }

    /// The word for the variant's language.
    pub fn t<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        self.variant.t(de, en)
    }

    /// Opens a page by its address, as someone typing it or following a bookmark.
    pub async fn open(&mut self, path: &str) {
        self.session.network_events().await;
        self.session.goto(&format!("{}{path}", self.base_url)).await;
        self.arrived().await;
    }

    /// Switches the interface to the variant's language with the footer's language buttons,
    /// as someone does whose language is not the community's (a logged-in person keeps it
    /// for their account).
    pub async fn use_own_language(&mut self) {
        let button = if self.variant.lang == "en" {
            "English"
        } else {
            "Deutsch"
        };
        self.press(button).await;
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.session.current_url().await;
        url.strip_prefix(&self.base_url).unwrap_or(&url).to_owned()
    }

    /// Limits the next action to the smallest list item, table row, article, section or
    /// form that contains `text` (e.g. the row of one request among several).
    pub fn within(&mut self, text: &str) -> &mut Self {
        self.scope = Some(text.to_owned());
        self
    }

    /// Follows the link with this text (or accessible name).
    pub async fn follow(&mut self, text: &str) {
        let link = self.find(Kind::Link, text).await;
        self.activate(&link, Key::Enter).await;
        self.arrived().await;
    }

    /// Presses the button with this text; it submits its form.
    pub async fn press(&mut self, text: &str) {
        let button = self.find(Kind::Button, text).await;
        self.activate(&button, Key::Enter).await;
        self.arrived().await;
    }

    /// Types `value` into the field labelled `label`, replacing what it held. Dates are given
    /// as `YYYY-MM-DD` and times as `HH:MM`, and typed as a person types them into the
    /// browser's date and time fields.
    pub async fn fill(&mut self, label: &str, value: &str) {
        let field = self.field(label).await;
        let kind = self
            .session
            .script("return arguments[0].type;", vec![Session::arg(&field)])
            .await;
        let kind = kind.as_str().unwrap_or("text").to_owned();
        let mut keys = typed_keys(&kind, value, &self.clock_format().await);
        if matches!(kind.as_str(), "date" | "time" | "datetime-local") {
            // A click may land on any part (day, month, year, hours…) of such a field, and a
            // field typed into before keeps the focus on its last part: start at the first.
            keys.insert_str(0, &"\u{E012}".repeat(6));
        }
        if self.variant.keyboard {
            self.tab_to(&field).await;
            if kind == "text" || kind == "textarea" || kind == "email" || kind == "search" {
                self.clear_by_keyboard().await;
            }
            self.session.type_keys(&keys).await;
        } else {
            self.click(&field).await;
            if !matches!(kind.as_str(), "date" | "time" | "datetime-local") {
                self.session.clear(&field).await;
            }
            self.session.type_into(&field, &keys).await;
        }
        let now = self
            .session
            .script("return arguments[0].value;", vec![Session::arg(&field)])
            .await;
        assert_eq!(
            now.as_str().unwrap_or_default(),
            value,
            "{}: the field {label:?} holds what was typed",
            self.who
        );
        self.scope = None;
    }

    /// Picks the option with this text in the list labelled `label`.
    pub async fn choose(&mut self, label: &str, option: &str) {
        let select = self.field(label).await;
        let selected = "const s = arguments[0]; return s.options[s.selectedIndex] ? \
                        s.options[s.selectedIndex].text.trim() : null;";
        if self.variant.keyboard {
            self.tab_to(&select).await;
            for direction in [Key::ArrowDown, Key::ArrowUp] {
                for _ in 0..60 {
                    let now = self
                        .session
                        .script(selected, vec![Session::arg(&select)])
                        .await;
                    if now.as_str() == Some(option) {
                        self.scope = None;
                        return;
                    }
                    self.session.press(direction).await;
                }
            }
        } else {
            let options = self
                .session
                .script(
                    "return [...arguments[0].options].filter(o => o.text.trim() === arguments[1]);",
                    vec![Session::arg(&select), json!(option)],
                )
                .await;
            let element = element_of(options.get(0).unwrap_or(&Value::Null))
                .unwrap_or_else(|| panic!("{}: no option {option:?} in {label:?}", self.who));
            self.click(&select).await;
            self.click(&element).await;
        }
        let now = self
            .session
            .script(selected, vec![Session::arg(&select)])
            .await;
        assert_eq!(now.as_str(), Some(option), "{}: {label:?} is set", self.who);
        self.scope = None;
    }

    /// Ticks the checkbox or picks the radio button labelled `label`.
    pub async fn tick(&mut self, label: &str) {
        let input = self.field(label).await;
        let checked = "return arguments[0].checked;";
        if self.variant.keyboard {
            let radio = self
                .session
                .script(
                    "return arguments[0].type === 'radio';",
                    vec![Session::arg(&input)],
                )
                .await
                == json!(true);
            if radio {
                // Tab reaches a group once (its checked radio); the arrows move the choice.
                self.tab_to_group(&input).await;
                for _ in 0..20 {
                    if self
                        .session
                        .script(checked, vec![Session::arg(&input)])
                        .await
                        == json!(true)
                    {
                        break;
                    }
                    self.session.press(Key::ArrowDown).await;
                }
            } else {
                self.tab_to(&input).await;
                self.session.press(Key::Space).await;
            }
        } else {
            self.click(&input).await;
        }
        let now = self
            .session
            .script(checked, vec![Session::arg(&input)])
            .await;
        assert_eq!(now, json!(true), "{}: {label:?} is ticked", self.who);
        self.scope = None;
    }

    /// Asserts that the page shows `text` (waiting briefly for it).
    pub async fn sees(&mut self, text: &str) {
        let mut shown = String::new();
        for _ in 0..20 {
            shown = self.text().await;
            if shown.contains(text) {
                self.scope = None;
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{} ({}) does not see {text:?} on {}:\n{}",
            self.who,
            self.variant.name,
            self.path().await,
            shown
        );
    }

    /// Asserts that the page does not show `text`.
    pub async fn misses(&mut self, text: &str) {
        let shown = self.text().await;
        assert!(
            !shown.contains(text),
            "{} ({}) sees {text:?} on {}",
            self.who,
            self.variant.name,
            self.path().await
        );
        self.scope = None;
    }

    /// The visible text of the page (or of the scope).
    pub async fn text(&self) -> String {
        let root = self.scope_root().await;
        let value = self
            .session
            .script(
                "return (arguments[0] || document.body).innerText;",
                vec![root.as_ref().map_or(Value::Null, Session::arg)],
            )
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// The texts of the visible links matched by a CSS selector (e.g. a navigation bar's).
    pub async fn link_texts(&self, selector: &str) -> Vec<String> {
        let value = self
            .session
            .script(
                "return [...document.querySelectorAll(arguments[0])]
                   .filter(a => a.getClientRects().length > 0)
                   .map(a => a.innerText.replace(/\\s+/g, ' ').trim());",
                vec![json!(selector)],
            )
            .await;
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    }

    /// Follows the `index`-th visible link matched by a CSS selector (for links whose words
    /// repeat, such as two "Moderation" entries).
    pub async fn follow_nth(&mut self, selector: &str, index: usize) {
        let value = self
            .session
            .script(
                "return [...document.querySelectorAll(arguments[0])]
                   .filter(a => a.getClientRects().length > 0)[arguments[1]] || null;",
                vec![json!(selector), json!(index)],
            )
            .await;
        let Some(link) = element_of(&value) else {
            panic!(
                "{}: no link {index} of {selector} on {}",
                self.who,
                self.path().await
            );
        };
        self.activate(&link, Key::Enter).await;
        self.arrived().await;
    }

    /// Scrolls the page until the innermost element showing `text` is in the middle of the
    /// screen, as someone reading down to it (e.g. before a screenshot).
    pub async fn scroll_to(&mut self, text: &str) {
        let found = self
            .session
            .script(
                "const text = arguments[0];
                 const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
                 const all = [...document.body.querySelectorAll('*')]
                   .filter(e => e.getClientRects().length > 0 && norm(e.innerText).includes(text));
                 const inner = all.filter(e => !all.some(o => o !== e && e.contains(o)));
                 if (!inner[0]) return false;
                 inner[0].scrollIntoView({ block: 'center', behavior: 'instant' });
                 return true;",
                vec![json!(text)],
            )
            .await;
        assert_eq!(
            found,
            json!(true),
            "{} ({}) finds no {text:?} to scroll to on {}",
            self.who,
            self.variant.name,
            self.path().await
        );
        self.scope = None;
    }

    /// Saves a screenshot of what is on screen under the output folder.
    pub async fn screenshot(&self, name: &str) {
        let dir = checks::output_dir().join("screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        let file = dir.join(format!("{name}-{}.png", self.variant.name));
        self.session.screenshot(&file).await;
    }

    /// Closes the browser.
    pub async fn leave(self) {
        self.session.quit().await;
    }

    // -----------------------------------------------------------------------------------
    // Finding things by their words
    // -----------------------------------------------------------------------------------

    async fn scope_root(&self) -> Option<Element> {
        let text = self.scope.as_ref()?;
        let value = self
            .session
            .script(
                "const text = arguments[0];
                 const norm = s => s.replace(/\\s+/g, ' ').trim();
                 const all = [...document.querySelectorAll('li, tr, article, section, form, fieldset, .card')]
                   .filter(e => norm(e.textContent).includes(text));
                 all.sort((a, b) => a.textContent.length - b.textContent.length);
                 return all[0] || null;",
                vec![json!(text)],
            )
            .await;
        let element = element_of(&value);
        assert!(
            element.is_some(),
            "{}: nothing on {} contains {text:?}",
            self.who,
            self.session.current_url().await
        );
        element
    }

    /// The visible link or button with this text, value or accessible label; exact matches
    /// before ones that start with the text.
    async fn find(&self, kind: Kind, text: &str) -> Element {
        let selector = match kind {
            Kind::Link => "a[href]",
            Kind::Button => "button, input[type=submit]",
        };
        let root = self.scope_root().await;
        let value = self
            .session
            .script(
                "const [root, selector, text] = arguments;
                 const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
                 const visible = e => e.getClientRects().length > 0;
                 const names = e => [norm(e.innerText || e.value), norm(e.getAttribute('aria-label'))];
                 const all = [...(root || document).querySelectorAll(selector)].filter(visible);
                 return all.find(e => names(e).includes(text))
                   || all.find(e => names(e).some(n => n.startsWith(text))) || null;",
                vec![
                    root.as_ref().map_or(Value::Null, Session::arg),
                    json!(selector),
                    json!(text),
                ],
            )
            .await;
        match element_of(&value) {
            Some(element) => element,
            None => panic!(
                "{} ({}) finds no {} {text:?} on {}:\n{}",
                self.who,
                self.variant.name,
                if kind == Kind::Link { "link" } else { "button" },
                self.session.current_url().await,
                self.text().await
            ),
        }
    }

    /// The form control whose label reads `label` (exactly, or starting with it).
    async fn field(&self, label: &str) -> Element {
        let root = self.scope_root().await;
        let value = self
            .session
            .script(
                "const [root, text] = arguments;
                 const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
                 const labels = [...(root || document).querySelectorAll('label')].filter(l => l.control);
                 const label = labels.find(l => norm(l.textContent) === text)
                   || labels.find(l => norm(l.textContent).startsWith(text));
                 return label ? label.control : null;",
                vec![root.as_ref().map_or(Value::Null, Session::arg), json!(label)],
            )
            .await;
        match element_of(&value) {
            Some(element) => element,
            None => panic!(
                "{} ({}) finds no field labelled {label:?} on {}:\n{}",
                self.who,
                self.variant.name,
                self.session.current_url().await,
                self.text().await
            ),
        }
    }

    // -----------------------------------------------------------------------------------
    // Mouse and keyboard
    // -----------------------------------------------------------------------------------

    async fn click(&self, element: &Element) {
        // Scroll it to the middle first, as a person would before clicking (the page scrolls
        // smoothly, which WebDriver's own scrolling does not wait for).
        self.session
            .script(
                "arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' });",
                vec![Session::arg(element)],
            )
            .await;
        if let Err(e) = self.session.click(element).await {
            self.screenshot("failed-click").await;
            let viewport = self
                .session
                .script(
                    "const r = arguments[0].getBoundingClientRect(); \
                     return [innerWidth, innerHeight, r.x, r.y, r.width, r.height, \
                     document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.outerHTML.slice(0, 200)];",
                    vec![Session::arg(element)],
                )
                .await;
            panic!(
                "{} ({}) cannot click on {} (viewport, element, what is on top: {viewport}): {} {}",
                self.who,
                self.variant.name,
                self.session.current_url().await,
                e.error,
                e.message
            );
        }
    }

    /// Clicks, or in the keyboard variant tabs to the element and presses `key`.
    async fn activate(&mut self, element: &Element, key: Key) {
        // Events of the page so far are done with; what follows belongs to the next page.
        self.session.network_events().await;
        if self.variant.keyboard {
            self.tab_to(element).await;
            self.session.press(key).await;
        } else {
            self.click(element).await;
        }
        self.scope = None;
    }

    /// Presses Tab until `element` has the focus, checking that the focus is visible there.
    async fn tab_to(&self, element: &Element) {
        self.tab_until("return document.activeElement === arguments[0];", element)
            .await;
    }

    /// Presses Tab until a radio button of `radio`'s group has the focus.
    async fn tab_to_group(&self, radio: &Element) {
        self.tab_until(
            "const a = document.activeElement;
             return a.type === 'radio' && a.name === arguments[0].name && a.form === arguments[0].form;",
            radio,
        )
        .await;
    }

    async fn tab_until(&self, reached: &str, element: &Element) {
        // Start from the top of the page, as someone who just arrived.
        self.session
            .script(
                "if (document.activeElement && document.activeElement !== document.body) \
                 document.activeElement.blur();",
                vec![],
            )
            .await;
        // Every stop on the way must show the focus too, not only the one sought.
        let step = format!(
            "const reached = (function() {{ {reached} }}).apply(null, arguments);
             {FOCUS_SHOWN}
             return {{ reached, visible: shown(document.activeElement),
                       what: document.activeElement.outerHTML.slice(0, 120) }};"
        );
        for _ in 0..MAX_TABS {
            self.session.press(Key::Tab).await;
            let now = self
                .session
                .script(&step, vec![Session::arg(element)])
                .await;
            if now["visible"] != json!(true) {
                self.record.finding(format!(
                    "focus: no visible focus indicator on {} at {}",
                    strip_ids(&self.path().await),
                    now["what"].as_str().unwrap_or_default()
                ));
            }
            if now["reached"] == json!(true) {
                return;
            }
        }
        let what = self
            .session
            .script(
                "return arguments[0].outerHTML.slice(0, 200);",
                vec![Session::arg(element)],
            )
            .await;
        panic!(
            "{} ({}): {what} on {} is not reachable with Tab",
            self.who,
            self.variant.name,
            self.session.current_url().await
        );
    }

    async fn clear_by_keyboard(&self) {
        // Select all, then delete: Ctrl+A, Backspace.
        self.session.type_keys("\u{E009}a\u{E009}\u{E003}").await;
    }

    // -----------------------------------------------------------------------------------
    // Arriving on a page
    // -----------------------------------------------------------------------------------

    /// Waits for the new page, then checks it: status, language, weight, origin, axe-core;
    /// keeps the document as served for the HTML checker.
    async fn arrived(&mut self) {
        let mut events = vec![];
        for _ in 0..100 {
            events.extend(self.session.network_events().await);
            let done = self
                .session
                .script("return document.readyState === 'complete';", vec![])
                .await
                == json!(true);
            if done && !checks::traffic(&events).documents.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let traffic = checks::traffic(&events);
        let page = self.path().await;
        let Some((request, url, status)) = traffic.documents.last().cloned() else {
            panic!(
                "{} ({}): no page arrived ({page})",
                self.who, self.variant.name
            );
        };
        for requested in &traffic.requested {
            // The browser's own pages (chrome://) are not the site's requests.
            let web = requested.starts_with("http:") || requested.starts_with("https:");
            if web && !requested.starts_with(&self.base_url) {
                self.record
                    .finding(format!("origin: {page} requested {requested}"));
            }
        }
        if status >= 500 {
            self.record
                .finding(format!("status: {page} answered {status}"));
        }
        match checks::document_body(&self.session, &request).await {
            Some(body) => self.record.document(SeenDocument {
                who: format!("{}-{}", self.variant.name, self.who),
                url: url.clone(),
                body,
            }),
            None => self
                .record
                .finding(format!("html: the browser kept no body for {url}")),
        }
        let lang = self
            .session
            .script("return document.documentElement.lang;", vec![])
            .await;
        if lang.as_str() != Some(self.variant.lang) {
            self.record.finding(format!(
                "lang: {page} is in {lang} for a {} browser",
                self.variant.lang
            ));
        }
        let width = self
            .session
            .script(
                "return Math.max(document.documentElement.scrollWidth, innerWidth);",
                vec![],
            )
            .await
            .as_u64()
            .unwrap_or_default();
        let screen = u64::from(self.variant.options(Default::default()).width);
        if width > screen {
            // WCAG 1.4.10 (reflow): nothing but wide tables may need sideways scrolling.
            let widest = self
                .session
                .script(checks::WIDEST_ELEMENTS, vec![json!(screen)])
                .await;
            self.record.finding(format!(
                "reflow: {} is {width} px wide on a {screen} px screen ({}): {widest}",
                strip_ids(&page),
                self.variant.name
            ));
        }
        let weight = checks::weight(&self.session).await;
        self.record.weighed(&page, weight.bytes);
        if weight.bytes > PAGE_BUDGET_BYTES {
            self.record.finding(format!(
                "weight: {page} transferred {} bytes of HTML, CSS and JS",
                weight.bytes
            ));
        }
        for foreign in weight.foreign {
            self.record
                .finding(format!("origin: {page} loaded {foreign}"));
        }
        // axe-core works asynchronously (timers, promises), which a page without JavaScript
        // does not run; the same pages are checked in the other variants.
        if !self.variant.javascript {
            return;
        }
        for violation in checks::axe_violations(&self.session).await {
            self.record.finding(format!(
                "axe: {} ({}) — {violation}",
                strip_ids(&page),
                self.variant.name
            ));
        }
    }
}

/// An element reference returned by a script.
fn element_of(value: &Value) -> Option<Element> {
    value
        .as_object()?
        .values()
        .next()?
        .as_str()
        .map(|id| Element(id.to_owned()))
}

/// How the browser's date and time fields show their parts: the order of day, month and year
/// (`dmy`, `mdy` or `ymd`) and whether hours run to 12 with AM/PM. They follow the browser's
/// own locale, which is not always the page's or the variant's language (a Chromium without
/// its translations shows `mm/dd/yyyy` and `hh:mm AM` whatever `--lang` says).
struct ClockFormat {
    order: String,
    twelve_hours: bool,
}

impl User<'_> {
    async fn clock_format(&self) -> ClockFormat {
        let value = self
            .session
            .script(
                "const parts = new Intl.DateTimeFormat(undefined, \
                   { year: 'numeric', month: '2-digit', day: '2-digit' }) \
                   .formatToParts(new Date(2000, 0, 2)) \
                   .filter(p => ['day', 'month', 'year'].includes(p.type)) \
                   .map(p => p.type[0]).join(''); \
                 const hour12 = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }) \
                   .resolvedOptions().hour12 === true; \
                 return [parts, hour12];",
                vec![],
            )
            .await;
        ClockFormat {
            order: value[0].as_str().unwrap_or("dmy").to_owned(),
            twelve_hours: value[1] == json!(true),
        }
    }
}

/// What to type for a value: the browser's date and time fields take the digits in the order
/// they show them, and a 12-hour clock its hour with A or P.
fn typed_keys(kind: &str, value: &str, format: &ClockFormat) -> String {
    let date = |d: &str| {
        let parts: Vec<&str> = d.split('-').collect();
        format
            .order
            .chars()
            .map(|part| match part {
                'd' => parts[2],
                'm' => parts[1],
                _ => parts[0],
            })
            .collect::<String>()
    };
    let time = |t: &str| {
        let (hours, minutes) = t.split_once(':').expect("HH:MM");
        if format.twelve_hours {
            let hours: u32 = hours.parse().expect("hours");
            let half = if hours < 12 { "A" } else { "P" };
            let shown = if hours.is_multiple_of(12) {
                12
            } else {
                hours % 12
            };
            format!("{shown:02}{minutes}{half}")
        } else {
            format!("{hours}{minutes}")
        }
    };
    match kind {
        "date" => date(value),
        "time" => time(value),
        "datetime-local" => {
            let (day, clock) = value.split_once('T').expect("YYYY-MM-DDTHH:MM");
            format!("{}\u{E004}{}", date(day), time(clock))
        }
        _ => value.to_owned(),
    }
}

/// A path with its numbers replaced, so the same page found twice is reported once.
fn strip_ids(path: &str) -> String {
    path.split('/')
        .map(|part| {
            if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()) {
                "N"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
