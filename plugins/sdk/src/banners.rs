//! Notices shown at the top of every page of the community while they are current. Needs the
//! capability `banners` in the manifest. Written with the call, like records, and only in
//! calls that may write (POST requests, events, jobs).

use crate::bindings::quartier::plugin::banners as raw;
use crate::records::Error;

pub use raw::Level;

/// A banner; the host shows it from `starts_at` until `ends_at` (milliseconds since the Unix
/// epoch) and hides it afterwards by itself.
#[derive(Debug, Clone)]
pub struct Banner {
    /// The plugin's own name for it (e.g. a record id); publishing it again replaces it.
    pub key: String,
    pub level: Level,
    /// One line, at most 200 characters.
    pub title: String,
    /// Plain text, at most 500 characters.
    pub summary: String,
    /// A path below the plugin's mount, e.g. `/posts/42`.
    pub link: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Shown only to members of the community.
    pub members_only: bool,
}

/// Shows a banner, or replaces the one with the same key.
pub fn publish(banner: &Banner) -> Result<(), Error> {
    raw::publish(&raw::Banner {
        key: banner.key.clone(),
        level: banner.level,
        title: banner.title.clone(),
        summary: banner.summary.clone(),
        link: banner.link.clone(),
        starts_at: banner.starts_at,
        ends_at: banner.ends_at,
        members_only: banner.members_only,
    })
    .map_err(Error::from)
}

/// Removes the banner with this key; true if there was one.
pub fn withdraw(key: &str) -> Result<bool, Error> {
    raw::withdraw(key).map_err(Error::from)
}
