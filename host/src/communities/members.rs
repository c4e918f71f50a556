//! Memberships: who belongs to a community and with which role, and the rule that a
//! community always keeps at least one manager.

use sqlx::{AnyConnection, AnyPool, Row};

use super::roles::Role;
use crate::audit;
use crate::db::now_ms;

/// The stored role of an account in a community, if it is a member.
pub async fn role_of(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
) -> Result<Option<Role>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    role_of_in(&mut conn, community_id, account_id).await
}

/// The stored role inside a transaction.
pub async fn role_of_in(
    conn: &mut AnyConnection,
    community_id: i64,
    account_id: i64,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM memberships WHERE community_id = $1 AND account_id = $2",
    )
    .bind(community_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(role.as_deref().and_then(|r| Role::parse_membership(r).ok()))
}

/// Adds a membership; an existing membership is left as it is. Returns whether it was new.
pub async fn add(
    conn: &mut AnyConnection,
    community_id: i64,
    account_id: i64,
    role: Role,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO memberships (community_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (community_id, account_id) DO NOTHING",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes the account a manager, adding the membership if needed (operators assign managers).
pub async fn make_manager(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
    actor_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    super::lock(&mut tx, community_id).await?;
    sqlx::query(
        "INSERT INTO memberships (community_id, account_id, role, joined_at) VALUES ($1, $2, 'manager', $3) \
         ON CONFLICT (community_id, account_id) DO UPDATE SET role = 'manager'",
    )
    .bind(community_id)
    .bind(account_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(community_id),
        actor_id,
        "member-role",
        Some(account_id),
        "manager",
    )
    .await?;
    tx.commit().await
}

/// A member as listed in the directory.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Member {
    pub account_id: i64,
    pub display_name: String,
    pub role: Role,
    pub joined_at: i64,
}

/// Members sorted by role (managers first), then name.
pub async fn list(pool: &AnyPool, community_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.display_name, m.role, m.joined_at FROM memberships m \
         JOIN accounts a ON a.id = m.account_id WHERE m.community_id = $1 \
         ORDER BY CASE m.role WHEN 'manager' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, LOWER(a.display_name), a.id",
    )
    .bind(community_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(Member {
                account_id: r.try_get("id")?,
                display_name: r.try_get("display_name")?,
                role: Role::parse_membership(&role).unwrap_or(Role::Member),
                joined_at: r.try_get("joined_at")?,
            })
        })
        .collect()
}

pub async fn count(pool: &AnyPool, community_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE community_id = $1")
        .bind(community_id)
        .fetch_one(pool)
        .await
}

/// A community someone belongs to, for their account page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MembershipOf {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub role: Role,
}

pub async fn communities_of(
    pool: &AnyPool,
    account_id: i64,
) -> Result<Vec<MembershipOf>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.id, c.slug, c.name, m.role FROM memberships m JOIN communities c ON c.id = m.community_id \
         WHERE m.account_id = $1 AND c.archived_at IS NULL ORDER BY LOWER(c.name)",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(MembershipOf {
                id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                role: Role::parse_membership(&role).unwrap_or(Role::Member),
            })
        })
        .collect()
}

/// Why a membership change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("the person is not a member")]
    NotMember,
    #[error("the community would have no manager left")]
    LastManager,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Sets a member's role. Refuses to demote the community's last manager.
pub async fn change_role(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
    role: Role,
    actor_id: i64,
) -> Result<(), ChangeError> {
    let mut tx = pool.begin().await?;
    super::lock(&mut tx, community_id).await?;
    let current = current_role(&mut tx, community_id, account_id).await?;
    if current == Role::Manager
        && role != Role::Manager
        && managers(&mut tx, community_id).await? <= 1
    {
        return Err(ChangeError::LastManager);
    }
    sqlx::query("UPDATE memberships SET role = $1 WHERE community_id = $2 AND account_id = $3")
        .bind(role.as_str())
        .bind(community_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(community_id),
        Some(actor_id),
        "member-role",
        Some(account_id),
        role.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a membership (removal by a manager, or leaving when `actor_id == account_id`).
/// Refuses to remove the community's last manager.
pub async fn remove(
    pool: &AnyPool,
    community_id: i64,
    account_id: i64,
    actor_id: i64,
) -> Result<(), ChangeError> {
    let mut tx = pool.begin().await?;
    super::lock(&mut tx, community_id).await?;
    let current = current_role(&mut tx, community_id, account_id).await?;
    if current == Role::Manager && managers(&mut tx, community_id).await? <= 1 {
        return Err(ChangeError::LastManager);
    }
    sqlx::query("DELETE FROM memberships WHERE community_id = $1 AND account_id = $2")
        .bind(community_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let action = if actor_id == account_id {
        "member-leave"
    } else {
        "member-remove"
    };
    audit::record(
        &mut tx,
        Some(community_id),
        Some(actor_id),
        action,
        Some(account_id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn current_role(
    conn: &mut AnyConnection,
    community_id: i64,
    account_id: i64,
) -> Result<Role, ChangeError> {
    role_of_in(conn, community_id, account_id)
        .await?
        .ok_or(ChangeError::NotMember)
}

async fn managers(conn: &mut AnyConnection, community_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE community_id = $1 AND role = 'manager'",
    )
    .bind(community_id)
    .fetch_one(conn)
    .await
}
