//! Members of the current community. Needs the capability `members:read` in the manifest.

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
