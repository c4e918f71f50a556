//! Communities (the tenants): slug, name, description, language, public area, join policy,
//! optional own hostname, archival. Everything a community holds carries its `community_id`.

pub mod joining;
pub mod members;
pub mod roles;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::{is_unique_violation, now_ms};
use crate::lang::Lang;

/// A community's URL name: lowercase letters, digits and inner hyphens, 3 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Slug, &'static str> {
        let slug = input.trim();
        if slug.is_empty() {
            return Err("error-required");
        }
        let len = slug.len();
        let chars_ok = slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !(3..=40).contains(&len) || !chars_ok || slug.starts_with('-') || slug.ends_with('-') {
            return Err("error-slug-invalid");
        }
        Ok(Slug(slug.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How people become members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinPolicy {
    /// Anyone with an account joins at once.
    Open,
    /// A request that the managers accept or decline.
    Approval,
    /// Only with an invitation link a manager created.
    Invitation,
}

impl JoinPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            JoinPolicy::Open => "open",
            JoinPolicy::Approval => "approval",
            JoinPolicy::Invitation => "invitation",
        }
    }

    pub fn parse(input: &str) -> Result<JoinPolicy, &'static str> {
        match input {
            "open" => Ok(JoinPolicy::Open),
            "approval" => Ok(JoinPolicy::Approval),
            "invitation" => Ok(JoinPolicy::Invitation),
            _ => Err("error-choice-invalid"),
        }
    }
}

/// A hostname an operator maps to one community, e.g. `ransbach.example.org`.
pub fn parse_hostname(input: &str) -> Result<Option<String>, &'static str> {
    let host = input.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return Ok(None);
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok) {
        Ok(Some(host))
    } else {
        Err("error-hostname-invalid")
    }
}

/// A community as stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Community {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Markdown source; render with [`crate::markdown::render`].
    pub description: String,
    pub language: Lang,
    pub public_area: bool,
    pub join_policy: JoinPolicy,
    pub hostname: Option<String>,
    pub archived: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, slug, name, description, language, public_area, join_policy, hostname, archived_at, created_at";

impl Community {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        let policy: String = row.try_get("join_policy")?;
        let language: String = row.try_get("language")?;
        Ok(Community {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            language: Lang::parse(&language).unwrap_or_default(),
            public_area: row.try_get::<i64, _>("public_area")? != 0,
            join_policy: JoinPolicy::parse(&policy).unwrap_or(JoinPolicy::Approval),
            hostname: row.try_get("hostname")?,
            archived: row.try_get::<Option<i64>, _>("archived_at")?.is_some(),
            created_at: row.try_get("created_at")?,
        })
    }
}

/// The editable fields of a community, validated.
#[derive(Debug, Clone)]
pub struct CommunityFields {
    pub name: String,
    pub description: String,
    pub language: Lang,
    pub public_area: bool,
    pub join_policy: JoinPolicy,
}

/// Why a community could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum SaveCommunityError {
    #[error("the slug is taken")]
    SlugTaken,
    #[error("the hostname is mapped to another community")]
    HostnameTaken,
    #[error(transparent)]
    Db(sqlx::Error),
}

fn save_error(err: sqlx::Error) -> SaveCommunityError {
    if is_unique_violation(&err) {
        let text = err.to_string();
        if text.contains("hostname") {
            SaveCommunityError::HostnameTaken
        } else {
            SaveCommunityError::SlugTaken
        }
    } else {
        SaveCommunityError::Db(err)
    }
}

pub async fn create(
    conn: &mut AnyConnection,
    slug: &Slug,
    fields: &CommunityFields,
    hostname: Option<&str>,
) -> Result<Community, SaveCommunityError> {
    let now = now_ms();
    let sql = format!(
        "INSERT INTO communities (slug, name, description, language, public_area, join_policy, hostname, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(slug.as_str())
        .bind(&fields.name)
        .bind(&fields.description)
        .bind(fields.language.code())
        .bind(i64::from(fields.public_area))
        .bind(fields.join_policy.as_str())
        .bind(hostname)
        .bind(now)
        .fetch_one(conn)
        .await
        .map_err(save_error)?;
    Community::from_row(&row).map_err(SaveCommunityError::Db)
}

/// Creates a community and (optionally) its first manager in one transaction; used by the
/// operator's form, the CLI and the demo.
pub async fn create_with_manager(
    pool: &AnyPool,
    slug: &Slug,
    fields: &CommunityFields,
    hostname: Option<&str>,
    manager_id: Option<i64>,
    actor_id: Option<i64>,
) -> Result<Community, SaveCommunityError> {
    let mut tx = pool.begin().await.map_err(SaveCommunityError::Db)?;
    let community = create(&mut tx, slug, fields, hostname).await?;
    crate::audit::record(
        &mut tx,
        Some(community.id),
        actor_id,
        "community-create",
        None,
        slug.as_str(),
    )
    .await
    .map_err(SaveCommunityError::Db)?;
    if let Some(manager_id) = manager_id {
        members::add(&mut tx, community.id, manager_id, roles::Role::Manager)
            .await
            .map_err(SaveCommunityError::Db)?;
        crate::audit::record(
            &mut tx,
            Some(community.id),
            actor_id,
            "member-role",
            Some(manager_id),
            "manager",
        )
        .await
        .map_err(SaveCommunityError::Db)?;
    }
    tx.commit().await.map_err(SaveCommunityError::Db)?;
    Ok(community)
}

/// Updates what a community's managers may change.
pub async fn update(
    pool: &AnyPool,
    id: i64,
    fields: &CommunityFields,
) -> Result<(), SaveCommunityError> {
    sqlx::query(
        "UPDATE communities SET name = $1, description = $2, language = $3, public_area = $4, \
         join_policy = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&fields.name)
    .bind(&fields.description)
    .bind(fields.language.code())
    .bind(i64::from(fields.public_area))
    .bind(fields.join_policy.as_str())
    .bind(now_ms())
    .bind(id)
    .execute(pool)
    .await
    .map_err(save_error)?;
    Ok(())
}

/// Maps (or unmaps) the community's own hostname; operators only.
pub async fn set_hostname(
    pool: &AnyPool,
    id: i64,
    hostname: Option<&str>,
) -> Result<(), SaveCommunityError> {
    sqlx::query("UPDATE communities SET hostname = $1, updated_at = $2 WHERE id = $3")
        .bind(hostname)
        .bind(now_ms())
        .bind(id)
        .execute(pool)
        .await
        .map_err(save_error)?;
    Ok(())
}

/// Archives (hides, freezes) or restores a community; operators only.
pub async fn set_archived(pool: &AnyPool, id: i64, archived: bool) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("UPDATE communities SET archived_at = $1, updated_at = $2 WHERE id = $3")
        .bind(archived.then_some(now))
        .bind(now)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn find_by_id(pool: &AnyPool, id: i64) -> Result<Option<Community>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM communities WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(Community::from_row).transpose()
}

pub async fn find_by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Community>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM communities WHERE slug = $1");
    let row = sqlx::query(&sql).bind(slug).fetch_optional(pool).await?;
    row.as_ref().map(Community::from_row).transpose()
}

/// The slug of the community mapped to `hostname`, if any (for the Host header).
pub async fn slug_for_hostname(
    pool: &AnyPool,
    hostname: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT slug FROM communities WHERE hostname = $1 AND archived_at IS NULL")
        .bind(hostname)
        .fetch_optional(pool)
        .await
}

/// A community in a listing, with its member count.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub community: Community,
    pub member_count: i64,
}

/// Communities with a public area that are not archived, optionally filtered by name.
pub async fn list_public(pool: &AnyPool, search: &str) -> Result<Vec<Listed>, sqlx::Error> {
    list(pool, search, "c.public_area = 1 AND c.archived_at IS NULL").await
}

/// Every community including archived ones (operator view).
pub async fn list_all(pool: &AnyPool, search: &str) -> Result<Vec<Listed>, sqlx::Error> {
    list(pool, search, "1 = 1").await
}

async fn list(
    pool: &AnyPool,
    search: &str,
    filter: &'static str,
) -> Result<Vec<Listed>, sqlx::Error> {
    let pattern = format!("%{}%", escape_like(&search.trim().to_lowercase()));
    let sql = format!(
        "SELECT {cols}, (SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id) AS member_count \
         FROM communities c WHERE {filter} AND (LOWER(c.name) LIKE $1 ESCAPE '\\' OR c.slug LIKE $1 ESCAPE '\\') \
         ORDER BY LOWER(c.name) LIMIT 500",
        cols = COLUMNS
            .split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let rows = sqlx::query(&sql).bind(pattern).fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(Listed {
                community: Community::from_row(row)?,
                member_count: row.try_get("member_count")?,
            })
        })
        .collect()
}

/// Escapes `%`, `_` and `\` so a search term matches literally inside `LIKE`.
fn escape_like(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Takes the community's write lock inside a transaction, before any read that a decision
/// depends on. On PostgreSQL this locks the row; on SQLite the write takes the database's
/// write lock at once, so a later write cannot fail with a stale snapshot.
pub async fn lock(conn: &mut AnyConnection, community_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE communities SET updated_at = updated_at WHERE id = $1")
        .bind(community_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let check = |input: &str, ok: bool| assert_eq!(Slug::parse(input).is_ok(), ok, "{input}");
        check("ransbach", true);
        check("tsv-1899", true);
        check("abc", true);
        check("ab", false);
        check(&"a".repeat(40), true);
        check(&"a".repeat(41), false);
        check("Ransbach", false);
        check("-abc", false);
        check("abc-", false);
        check("a_b_c", false);
        check("straße", false);
    }

    #[test]
    fn hostnames() {
        assert_eq!(
            parse_hostname(" Ransbach.Example.org. "),
            Ok(Some("ransbach.example.org".into()))
        );
        assert_eq!(parse_hostname(""), Ok(None));
        assert!(parse_hostname("localhost").is_err());
        assert!(parse_hostname("exa mple.org").is_err());
        assert!(parse_hostname("-a.org").is_err());
    }

    #[test]
    fn like_escaping() {
        assert_eq!(escape_like("50%_a\\"), "50\\%\\_a\\\\");
    }
}
