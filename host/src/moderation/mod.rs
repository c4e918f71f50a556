//! Moderation: members report plugin items to their community's moderators, who keep, hide,
//! restore or delete them and may warn or block the author; every step goes to the audit
//! log, which the database keeps append-only.
//!
//! - `cases`: reports grouped by item, automatic hiding, the queue and the decisions.
//! - `blocks`: who may not write in a community, and until when.
//! - `member_blocks`: people one member blocked for themself (collapsed content, no contact).
//! - `premoderation`: new members' posts waiting for approval.
//! - `settings`: the community's thresholds for both.
//! - `summary`: the operators' view of moderation across communities.
//! - `notices`: what moderators, reporters and authors are told.

pub mod blocks;
pub mod cases;
pub mod member_blocks;
pub mod notices;
pub mod premoderation;
pub mod settings;
pub mod summary;

use serde::Serialize;

/// Why someone reports an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Spam,
    Insult,
    PersonalData,
    Misinformation,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Spam,
        Reason::Insult,
        Reason::PersonalData,
        Reason::Misinformation,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Spam => "spam",
            Reason::Insult => "insult",
            Reason::PersonalData => "personal-data",
            Reason::Misinformation => "misinformation",
            Reason::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// What a moderator decides about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing wrong: the item stays (and is shown again if it was hidden).
    Keep,
    /// Hidden from everyone but moderators and the author.
    Hide,
    /// Removed for good.
    Delete,
}

impl Decision {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "keep" => Some(Decision::Keep),
            "hide" => Some(Decision::Hide),
            "delete" => Some(Decision::Delete),
            _ => None,
        }
    }

    /// The case's status afterwards.
    pub fn status(self) -> &'static str {
        match self {
            Decision::Keep => "kept",
            Decision::Hide => "hidden",
            Decision::Delete => "deleted",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_decisions_round_trip() {
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(Reason::parse("rude"), None);
        assert_eq!(Decision::parse("delete"), Some(Decision::Delete));
        assert_eq!(Decision::parse("purge"), None);
    }
}
