//! The ways each journey is walked: in German and in English at desktop size with a mouse, at
//! a phone's width (390 px), with the keyboard alone, and with JavaScript switched off.

use std::path::PathBuf;

use super::driver::BrowserOptions;

/// One way of walking a journey.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub name: &'static str,
    /// `de` or `en`: the browser's language, which the pages must speak.
    pub lang: &'static str,
    pub phone: bool,
    /// Only Tab, Enter, Space and the arrow keys; no clicks.
    pub keyboard: bool,
    pub javascript: bool,
}

pub const ALL: [Variant; 5] = [
    Variant {
        name: "de",
        lang: "de",
        phone: false,
        keyboard: false,
        javascript: true,
    },
    Variant {
        name: "en",
        lang: "en",
        phone: false,
        keyboard: false,
        javascript: true,
    },
    Variant {
        name: "phone",
        lang: "de",
        phone: true,
        keyboard: false,
        javascript: true,
    },
    Variant {
        name: "keyboard",
        lang: "en",
        phone: false,
        keyboard: true,
        javascript: true,
    },
    Variant {
        name: "nojs",
        lang: "de",
        phone: false,
        keyboard: false,
        javascript: false,
    },
];

impl Variant {
    /// The German or the English words, by the variant's language.
    pub fn t<'a>(&self, de: &'a str, en: &'a str) -> &'a str {
        if self.lang == "en" { en } else { de }
    }

    pub fn options(&self, profile: PathBuf) -> BrowserOptions {
        let (width, height) = if self.phone { (390, 844) } else { (1280, 900) };
        BrowserOptions {
            lang: self.lang,
            width,
            height,
            javascript: self.javascript,
            profile,
        }
    }
}
