//! Roles, ordered: visitor < member < moderator < manager < operator.

use serde::{Deserialize, Serialize};

/// A viewer's effective role in one community. Only member, moderator and manager are stored
/// as memberships; visitor means "no membership" and operator is the instance-wide flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Visitor,
    Member,
    Moderator,
    Manager,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::Manager => "manager",
            Role::Operator => "operator",
        }
    }

    /// Parses a role that can be stored as a membership.
    pub fn parse_membership(input: &str) -> Result<Role, &'static str> {
        match input {
            "member" => Ok(Role::Member),
            "moderator" => Ok(Role::Moderator),
            "manager" => Ok(Role::Manager),
            _ => Err("error-choice-invalid"),
        }
    }

    /// The role a person has in a community: their membership, raised to operator if they
    /// run the instance (operators may look after every community).
    pub fn effective(membership: Option<Role>, is_operator: bool) -> Role {
        if is_operator {
            Role::Operator
        } else {
            membership.unwrap_or(Role::Visitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Visitor < Role::Member);
        assert!(Role::Member < Role::Moderator);
        assert!(Role::Moderator < Role::Manager);
        assert!(Role::Manager < Role::Operator);
        assert_eq!(Role::effective(Some(Role::Member), true), Role::Operator);
        assert_eq!(Role::effective(None, false), Role::Visitor);
        assert!(Role::parse_membership("operator").is_err());
        assert!(Role::parse_membership("visitor").is_err());
    }
}
