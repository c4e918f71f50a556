//! Members of the current community, and whether one of them blocked the viewer. Needs the
//! capability `members:read` in the manifest.

use crate::Role;
use crate::bindings::quartier::plugin::members as raw;
use crate::records::Error;

/// A member as other members see them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub display_name: String,
    pub role: Role,
}

fn convert(list: Vec<raw::Member>) -> Vec<Member> {
    list.into_iter()
        .map(|m| Member {
            id: m.id,
            display_name: m.display_name,
            role: m.role,
        })
        .collect()
}

/// The members among these account ids; ids of non-members are left out.
pub fn get(ids: &[String]) -> Result<Vec<Member>, Error> {
    raw::get(ids).map(convert).map_err(Error::from)
}

/// Members with at least this role (at most `limit`, capped at 500).
pub fn with_role(at_least: Role, limit: u32) -> Result<Vec<Member>, Error> {
    raw::with_role(at_least, limit)
        .map(convert)
        .map_err(Error::from)
}

/// Whether the member with this account id blocked the person viewing. Members block each
/// other for themselves (from the member directory), and a block means: no contact through
/// any module. Ask before the viewer contacts someone — opens a conversation, sends a
/// message — and when it is `true`, refuse with a clear message and keep what they typed.
///
/// `false` for visitors, for the viewer themself and for ids that are not members of the
/// community. The host answers for the viewer of this call only. As a safety net, a
/// notification a request sends to named people leaves out those who blocked the viewer.
///
/// ```ignore
/// if members::blocked_viewer(&conversation.poster)? {
///     errors.add("message", "error-blocked");
///     return Ok(Response::invalid(view_with_the_typed_text, errors));
/// }
/// ```
pub fn blocked_viewer(id: &str) -> Result<bool, Error> {
    raw::blocked_viewer(id).map_err(Error::from)
}
