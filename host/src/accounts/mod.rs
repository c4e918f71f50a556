//! People: one account per person on the instance, with password, language and operator flag.
//!
//! This module knows nothing about HTTP; the web layer calls it with validated input.

pub mod password;
pub mod reset;
pub mod sessions;
pub mod throttle;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::db::{is_unique_violation, now_ms};
use crate::lang::Lang;
use crate::validation::Email;

/// A person with an account on this instance.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Option<Lang>,
    pub is_operator: bool,
    pub created_at: i64,
}

const COLUMNS: &str = "id, email, display_name, language, is_operator, created_at";

/// [`COLUMNS`] qualified with the `a` alias, for joins.
pub(crate) const COLUMNS_A: &str =
    "a.id, a.email, a.display_name, a.language, a.is_operator, a.created_at";

impl Account {
    pub(crate) fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Account {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            language: row
                .try_get::<Option<String>, _>("language")?
                .as_deref()
                .and_then(Lang::parse),
            is_operator: row.try_get::<i64, _>("is_operator")? != 0,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("an account with this email address exists already")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Stores a new account. `password_hash` comes from [`password::hash`].
pub async fn create(
    conn: &mut AnyConnection,
    email: &Email,
    display_name: &str,
    password_hash: &str,
    language: Option<Lang>,
) -> Result<Account, CreateAccountError> {
    let sql = format!(
        "INSERT INTO accounts (email, display_name, password_hash, language, is_operator, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5) RETURNING {COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(email.as_str())
        .bind(display_name)
        .bind(password_hash)
        .bind(language.map(Lang::code))
        .bind(now_ms())
        .fetch_one(conn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                CreateAccountError::EmailTaken
            } else {
                CreateAccountError::Db(e)
            }
        })?;
    Ok(Account::from_row(&row)?)
}

pub async fn find_by_id(pool: &AnyPool, id: i64) -> Result<Option<Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(Account::from_row).transpose()
}

pub async fn find_by_email(pool: &AnyPool, email: &Email) -> Result<Option<Account>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE email = $1");
    let row = sqlx::query(&sql)
        .bind(email.as_str())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(Account::from_row).transpose()
}

/// The account and its password hash, for checking a login.
pub async fn find_with_hash(
    pool: &AnyPool,
    email: &Email,
) -> Result<Option<(Account, String)>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS}, password_hash FROM accounts WHERE email = $1");
    let row = sqlx::query(&sql)
        .bind(email.as_str())
        .fetch_optional(pool)
        .await?;
    row.map(|row| Ok((Account::from_row(&row)?, row.try_get("password_hash")?)))
        .transpose()
}

pub async fn password_hash_of(pool: &AnyPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn update_profile(
    pool: &AnyPool,
    id: i64,
    display_name: &str,
    language: Option<Lang>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET display_name = $1, language = $2 WHERE id = $3")
        .bind(display_name)
        .bind(language.map(Lang::code))
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_operator(pool: &AnyPool, id: i64, operator: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET is_operator = $1 WHERE id = $2")
        .bind(i64::from(operator))
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(pool)
        .await
}
