//! Telling people something. Needs the capability `notify` in the manifest.

use crate::Role;
use crate::bindings::quartier::plugin::notify as raw;
use crate::records::Error;

/// Who receives a message.
pub enum Recipients {
    /// These account ids (members of the community only).
    People(Vec<String>),
    /// Every member with at least this role.
    RoleAtLeast(Role),
}

/// Queues a message; it is delivered only if the call succeeds.
/// `kind` must be one of the notification kinds declared in the manifest.
pub fn send(
    to: Recipients,
    kind: &str,
    title: &str,
    body: &str,
    link: Option<&str>,
    urgent: bool,
) -> Result<(), Error> {
    let to = match to {
        Recipients::People(ids) => raw::Recipients::People(ids),
        Recipients::RoleAtLeast(role) => raw::Recipients::RoleAtLeast(role),
    };
    let msg = raw::Message {
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        link: link.map(Into::into),
        urgent,
    };
    raw::send(&to, &msg).map_err(Error::from)
}
