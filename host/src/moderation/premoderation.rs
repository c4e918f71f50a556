//! Pre-moderation: a community can have the posts of new members wait for a moderator's
//! approval, until a number of their posts were approved and during their first days. A held
//! post is hidden, so every read filter skips it for everyone but its author and the
//! moderators, and it opens a case of kind `held` in the queue; approving it is keeping it.

use sqlx::{AnyConnection, AnyPool, Row};

use super::cases::{self, CaseKind, Item, ItemRef};
use super::notices;
use crate::audit;
use crate::db::now_ms;
use crate::i18n::Catalogue;

/// A community's pre-moderation settings; 0 switches a rule off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// Posts wait until this many of the member's posts were approved.
    pub posts: i64,
    /// Posts wait while the member joined fewer than this many days ago.
    pub days: i64,
}

impl Rules {
    pub fn is_off(self) -> bool {
        self.posts <= 0 && self.days <= 0
    }
}

/// Whether a member's new posts in the community wait for approval now. The caller decides
/// who is a member in the first place (moderators and managers are never held).
pub async fn applies(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.premoderate_posts, c.premoderate_days, m.joined_at, \
         (SELECT COUNT(*) FROM moderation_cases h WHERE h.community_id = c.id \
          AND h.author_id = m.account_id AND h.kind = 'held' AND h.status = 'kept') AS approved \
         FROM communities c JOIN memberships m ON m.community_id = c.id AND m.account_id = $2 \
         WHERE c.id = $1",
    )
    .bind(community_id)
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(false) };
    let rules = Rules {
        posts: row.try_get("premoderate_posts")?,
        days: row.try_get("premoderate_days")?,
    };
    let joined_at: i64 = row.try_get("joined_at")?;
    let approved: i64 = row.try_get("approved")?;
    Ok(holds(rules, joined_at, approved, now_ms()))
}

/// The rule itself: still among the first posts, or still among the first days.
fn holds(rules: Rules, joined_at: i64, approved: i64, now: i64) -> bool {
    let few_posts = rules.posts > 0 && approved < rules.posts;
    let new_here = rules.days > 0 && now < joined_at.saturating_add(rules.days * 86_400_000);
    few_posts || new_here
}

/// Holds a post a plugin call just wrote, inside that call's transaction: hides it, opens
/// its case and tells the moderators.
pub async fn hold(
    conn: &mut AnyConnection,
    catalogue: &Catalogue,
    slug: &str,
    item_ref: &ItemRef,
    item: &Item,
) -> Result<(), sqlx::Error> {
    cases::set_hidden(conn, item_ref, true).await?;
    let (case_id, _) = cases::open_case(conn, item_ref, item, CaseKind::Held).await?;
    audit::record_case(
        conn,
        item_ref.community_id,
        item.author_id,
        "moderation-held",
        item.author_id,
        &item.title,
        case_id,
    )
    .await?;
    notices::new_case(
        conn,
        catalogue,
        item_ref.community_id,
        slug,
        &item.title,
        CaseKind::Held,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn posts_wait_while_few_were_approved_or_the_member_is_new() {
        let off = Rules::default();
        assert!(off.is_off());
        assert!(!holds(off, 0, 0, DAY));

        let first_two = Rules { posts: 2, days: 0 };
        assert!(holds(first_two, 0, 0, 100 * DAY));
        assert!(holds(first_two, 0, 1, 100 * DAY));
        assert!(!holds(first_two, 0, 2, 100 * DAY));

        let first_week = Rules { posts: 0, days: 7 };
        assert!(holds(first_week, 10 * DAY, 5, 16 * DAY));
        assert!(!holds(first_week, 10 * DAY, 0, 17 * DAY));

        let both = Rules { posts: 1, days: 7 };
        assert!(holds(both, 0, 1, 3 * DAY), "still in the first week");
        assert!(holds(both, 0, 0, 30 * DAY), "no post approved yet");
        assert!(!holds(both, 0, 1, 30 * DAY));
    }
}
