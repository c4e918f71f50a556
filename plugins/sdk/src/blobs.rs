//! Photos people upload with a form, kept by the host. Needs the capability `blobs` in the
//! manifest.
//!
//! The host handles the file before the plugin sees the request: it refuses what is too large
//! or not an image, turns and scales the image, re-encodes it without metadata (no GPS
//! position) and keeps it as a pending upload of the person who sent it. The plugin finds
//! the outcome in [`Request::uploads`](crate::Request::uploads), calls [`keep`] for the ones
//! it stores a reference to (in the same call as the record that refers to them), and serves
//! them with [`Response::blob`](crate::Response::blob) after its own visibility check.
//!
//! A form that comes back with an error can carry the ids of the pending uploads in hidden
//! fields, so nobody has to pick the photos again: [`keep`] accepts a pending upload of the
//! viewer's from an earlier request too, and nobody else's.

use crate::bindings::quartier::plugin::blobs as raw;
use crate::records::Error;

pub use raw::Refusal;

/// A stored file (today always an image).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Blob {
    /// Random and unguessable; stable for the blob's life.
    pub id: String,
    /// e.g. `image/jpeg`.
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    /// Bytes stored.
    pub size: u64,
    /// False for a pending upload, which only the person who sent it can see: serve those
    /// only as previews in a form, never as part of an entry.
    pub kept: bool,
}

impl Blob {
    #[doc(hidden)]
    pub fn from_raw(b: raw::Blob) -> Self {
        Self {
            id: b.id,
            content_type: b.content_type,
            width: b.width,
            height: b.height,
            size: b.size,
            kept: b.kept,
        }
    }
}

/// A file that came with the request, as the host handled it.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field it came in.
    pub field: String,
    /// The name on the sender's device, for messages.
    pub filename: String,
    /// The pending blob, or why the host refused the file.
    pub outcome: Result<Blob, Refusal>,
}

/// A translation key for a refusal, for `FieldErrors::add`. The host's catalogue has these
/// keys in German and English, so a plugin need not translate them itself.
pub fn refusal_message(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::TooLarge => "upload-too-large",
        Refusal::NotAnImage => "upload-not-an-image",
        Refusal::TooManyPixels => "upload-too-many-pixels",
        Refusal::TooManyFiles => "upload-too-many-files",
        Refusal::NotAllowed => "upload-not-allowed",
    }
}

/// Keeps a pending upload of the viewer's (or a blob kept before). Only in writing calls;
/// undone if the call fails.
pub fn keep(id: &str) -> Result<Blob, Error> {
    raw::keep(id).map(Blob::from_raw).map_err(Error::from)
}

/// The blob with this id, if it is this plugin's in this community and kept, or a pending
/// upload of the viewer's.
pub fn get(id: &str) -> Result<Option<Blob>, Error> {
    raw::get(id)
        .map(|b| b.map(Blob::from_raw))
        .map_err(Error::from)
}

/// Deletes a blob; true if there was one. Only in writing calls.
pub fn delete(id: &str) -> Result<bool, Error> {
    raw::delete(id).map_err(Error::from)
}
