//! Plugin records in SQL. Every statement is filtered by the `(community_id, plugin_id)` the
//! host fixed for the call; the guest supplies only a collection name, ids, JSON and
//! conditions on fields. Field names are checked and bound as parameters, never spliced in.

use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{Backend, now_ms};

/// Whose records a statement may touch.
#[derive(Debug, Clone)]
pub struct Scope {
    pub community_id: i64,
    pub plugin_id: String,
}

/// Which documents hidden by moderation a call's reads return. The host decides this from
/// the viewer's role, so a plugin cannot forget to hide what moderators hid.
#[derive(Debug, Clone, Default)]
pub enum Hidden {
    /// All of them: moderators, managers, jobs and events.
    #[default]
    Shown,
    /// In these (reportable) collections, only the author's own hidden documents (`author`
    /// is `None` for visitors, who see none).
    Filtered {
        collections: Arc<[String]>,
        author: Option<String>,
    },
}

impl Hidden {
    /// The extra condition for reads of `collection`, if any.
    fn clause(&self, sql: &mut Sql, collection: &str) -> Option<String> {
        let Hidden::Filtered {
            collections,
            author,
        } = self
        else {
            return None;
        };
        if !collections.iter().any(|c| c == collection) {
            return None;
        }
        Some(match author {
            Some(author) => {
                let a = sql.bind(Value::Text(author.clone()));
                format!(" AND (hidden = 0 OR author = {a})")
            }
            None => " AND hidden = 0".to_owned(),
        })
    }
}

/// A stored record.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub author: Option<String>,
    pub data: String,
    /// Hidden by the community's moderators.
    pub hidden: bool,
}

/// A comparison value.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Null,
}

#[derive(Debug, Clone, Copy)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: Value,
}

/// Why a records operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A name a plugin gives the host (a collection, a banner key): 1–64 of letters, digits, `_`
/// and `-`.
pub fn is_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Collections follow [`is_name`].
pub fn check_collection(name: &str) -> Result<(), RecordsError> {
    if is_name(name) {
        Ok(())
    } else {
        Err(RecordsError::Invalid(format!(
            "collection name '{name}' is not allowed"
        )))
    }
}

/// Data: a JSON object of at most 256 KiB.
pub fn check_data(json: &str) -> Result<(), RecordsError> {
    if json.len() > 256 * 1024 {
        return Err(RecordsError::Invalid(
            "a record is limited to 256 KiB".into(),
        ));
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        Ok(_) => Err(RecordsError::Invalid(
            "a record must be a JSON object".into(),
        )),
        Err(e) => Err(RecordsError::Invalid(format!("not JSON: {e}"))),
    }
}

/// Ids are the host's decimal numbers; anything else names no record.
pub fn parse_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|n| *n > 0)
}

/// A column for built-in fields, or the data field to extract.
enum Field {
    Column(&'static str),
    Data(String),
}

fn field(name: &str) -> Result<Field, RecordsError> {
    Ok(match name {
        "id" => Field::Column("id"),
        "created-at" | "created_at" => Field::Column("created_at"),
        "updated-at" | "updated_at" => Field::Column("updated_at"),
        "author" => Field::Column("author"),
        _ => {
            let ok = (1..=64).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !name.as_bytes()[0].is_ascii_digit();
            if !ok {
                return Err(RecordsError::Invalid(format!(
                    "field name '{name}' is not allowed"
                )));
            }
            Field::Data(name.to_owned())
        }
    })
}

const COLUMNS: &str = "id, version, created_at, updated_at, author, hidden";

fn data_column(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "data",
        Backend::Postgres => "data::text AS data",
    }
}

fn document(row: &AnyRow) -> Result<Document, sqlx::Error> {
    Ok(Document {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        author: row.try_get("author")?,
        data: row.try_get("data")?,
        hidden: row.try_get::<i64, _>("hidden")? != 0,
    })
}

/// A statement under construction with its bound values (all binds are `$n`).
struct Sql {
    text: String,
    binds: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, value: Value) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for value in &self.binds {
            q = match value {
                Value::Text(s) => q.bind(s.as_str()),
                Value::Integer(n) => q.bind(*n),
                Value::Number(n) => q.bind(*n),
                Value::Boolean(b) => q.bind(i64::from(*b)),
                Value::Null => q.bind(Option::<String>::None),
            };
        }
        q
    }

    /// `WHERE community_id = … AND plugin_id = … AND collection = …` and the conditions.
    fn scoped(
        backend: Backend,
        head: &str,
        scope: &Scope,
        collection: &str,
        conditions: &[Condition],
    ) -> Result<Sql, RecordsError> {
        let mut sql = Sql {
            text: String::new(),
            binds: vec![],
        };
        let c = sql.bind(Value::Integer(scope.community_id));
        let p = sql.bind(Value::Text(scope.plugin_id.clone()));
        let k = sql.bind(Value::Text(collection.to_owned()));
        sql.text =
            format!("{head} WHERE community_id = {c} AND plugin_id = {p} AND collection = {k}");
        for cond in conditions {
            let clause = sql.condition(backend, cond)?;
            sql.text.push_str(" AND ");
            sql.text.push_str(&clause);
        }
        Ok(sql)
    }

    fn condition(&mut self, backend: Backend, cond: &Condition) -> Result<String, RecordsError> {
        let target = match field(&cond.field)? {
            Field::Column(column) => {
                if matches!(cond.value, Value::Null) {
                    return Ok(null_test(column, cond.op));
                }
                let value = match (&cond.value, column) {
                    (Value::Text(s), "id") => Value::Integer(parse_id(s).unwrap_or(0)),
                    (v, _) => v.clone(),
                };
                let p = self.bind(value);
                return Ok(format!("{column} {} {p}", cond.op.sql()));
            }
            Field::Data(name) => name,
        };
        let path = match backend {
            Backend::Sqlite => self.bind(Value::Text(format!("$.{target}"))),
            Backend::Postgres => self.bind(Value::Text(target)),
        };
        let op = cond.op.sql();
        Ok(match (backend, &cond.value) {
            (Backend::Sqlite, Value::Null) => {
                null_test(&format!("json_extract(data, {path})"), cond.op)
            }
            (Backend::Sqlite, value) => {
                let p = self.bind(value.clone());
                format!("json_extract(data, {path}) {op} {p}")
            }
            (Backend::Postgres, Value::Null) => null_test(
                &format!("(data -> {path} = 'null'::jsonb OR data -> {path})"),
                cond.op,
            ),
            (Backend::Postgres, Value::Text(_)) => {
                let p = self.bind(cond.value.clone());
                format!("(jsonb_typeof(data -> {path}) = 'string' AND data ->> {path} {op} {p})")
            }
            (Backend::Postgres, Value::Integer(_) | Value::Number(_)) => {
                let p = self.bind(cond.value.clone());
                format!(
                    "(jsonb_typeof(data -> {path}) = 'number' AND (data ->> {path})::double precision {op} CAST({p} AS double precision))"
                )
            }
            (Backend::Postgres, Value::Boolean(b)) => {
                let literal = if *b { "'true'" } else { "'false'" };
                format!(
                    "(jsonb_typeof(data -> {path}) = 'boolean' AND data ->> {path} {op} {literal})"
                )
            }
        })
    }
}

fn null_test(expr: &str, op: Op) -> String {
    match op {
        Op::Ne => format!("{expr} IS NOT NULL"),
        _ => format!("{expr} IS NULL"),
    }
}

pub async fn get(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    hidden: &Hidden,
    collection: &str,
    id: &str,
) -> Result<Option<Document>, RecordsError> {
    check_collection(collection)?;
    let Some(id) = parse_id(id) else {
        return Ok(None);
    };
    let head = format!(
        "SELECT {COLUMNS}, {} FROM plugin_records",
        data_column(backend)
    );
    let mut sql = Sql::scoped(backend, &head, scope, collection, &[])?;
    let p = sql.bind(Value::Integer(id));
    sql.text.push_str(&format!(" AND id = {p}"));
    if let Some(clause) = hidden.clause(&mut sql, collection) {
        sql.text.push_str(&clause);
    }
    let row = sql.query().fetch_optional(conn).await?;
    Ok(row.as_ref().map(document).transpose()?)
}

pub async fn insert(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    collection: &str,
    data: &str,
    author: Option<&str>,
) -> Result<Document, RecordsError> {
    check_collection(collection)?;
    check_data(data)?;
    let now = now_ms();
    let data_param = match backend {
        Backend::Sqlite => "$8",
        Backend::Postgres => "CAST($8 AS jsonb)",
    };
    let text = format!(
        "INSERT INTO plugin_records (community_id, plugin_id, collection, version, created_at, updated_at, author, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, {data_param}) RETURNING {COLUMNS}, {}",
        data_column(backend)
    );
    let row = sqlx::query(&text)
        .bind(scope.community_id)
        .bind(&scope.plugin_id)
        .bind(collection)
        .bind(1_i64)
        .bind(now)
        .bind(now)
        .bind(author)
        .bind(data)
        .fetch_one(conn)
        .await?;
    Ok(document(&row)?)
}

pub async fn update(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    collection: &str,
    id: &str,
    data: &str,
    expected_version: i64,
) -> Result<Document, RecordsError> {
    check_collection(collection)?;
    check_data(data)?;
    let Some(numeric_id) = parse_id(id) else {
        return Err(RecordsError::NotFound);
    };
    let data_param = match backend {
        Backend::Sqlite => "$1",
        Backend::Postgres => "CAST($1 AS jsonb)",
    };
    let text = format!(
        "UPDATE plugin_records SET data = {data_param}, version = version + 1, updated_at = $2 \
         WHERE id = $3 AND community_id = $4 AND plugin_id = $5 AND collection = $6 AND version = $7 \
         RETURNING {COLUMNS}, {}",
        data_column(backend)
    );
    let row = sqlx::query(&text)
        .bind(data)
        .bind(now_ms())
        .bind(numeric_id)
        .bind(scope.community_id)
        .bind(&scope.plugin_id)
        .bind(collection)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(document(&row)?),
        None => match get(conn, backend, scope, &Hidden::Shown, collection, id).await? {
            Some(_) => Err(RecordsError::Conflict),
            None => Err(RecordsError::NotFound),
        },
    }
}

pub async fn delete(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    collection: &str,
    id: &str,
) -> Result<bool, RecordsError> {
    check_collection(collection)?;
    let Some(id) = parse_id(id) else {
        return Ok(false);
    };
    let mut sql = Sql::scoped(
        backend,
        "DELETE FROM plugin_records",
        scope,
        collection,
        &[],
    )?;
    let p = sql.bind(Value::Integer(id));
    sql.text.push_str(&format!(" AND id = {p}"));
    Ok(sql.query().execute(conn).await?.rows_affected() == 1)
}

/// What `find` returns: the page and where the next one starts (an opaque offset cursor).
pub struct Found {
    pub items: Vec<Document>,
    pub next_cursor: Option<String>,
}

pub struct FindQuery<'a> {
    pub conditions: &'a [Condition],
    pub order_by: Option<&'a str>,
    pub descending: bool,
    pub limit: u32,
    pub cursor: Option<&'a str>,
}

/// The largest page a plugin can ask for.
pub const MAX_PAGE: u32 = 500;

pub async fn find(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    hidden: &Hidden,
    collection: &str,
    q: &FindQuery<'_>,
) -> Result<Found, RecordsError> {
    check_collection(collection)?;
    let head = format!(
        "SELECT {COLUMNS}, {} FROM plugin_records",
        data_column(backend)
    );
    let mut sql = Sql::scoped(backend, &head, scope, collection, q.conditions)?;
    if let Some(clause) = hidden.clause(&mut sql, collection) {
        sql.text.push_str(&clause);
    }
    let direction = if q.descending { "DESC" } else { "ASC" };
    let order = match q.order_by.map(field).transpose()? {
        None => format!("id {direction}"),
        Some(Field::Column(column)) => format!("{column} {direction}, id {direction}"),
        Some(Field::Data(name)) => {
            let expr = match backend {
                Backend::Sqlite => format!(
                    "json_extract(data, {})",
                    sql.bind(Value::Text(format!("$.{name}")))
                ),
                Backend::Postgres => format!("data -> {}", sql.bind(Value::Text(name))),
            };
            format!("{expr} {direction}, id {direction}")
        }
    };
    let offset = match q.cursor {
        None => 0,
        Some(c) => c
            .strip_prefix('o')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                RecordsError::Invalid("the cursor is not one this host gave out".into())
            })?,
    };
    let limit = i64::from(q.limit.clamp(1, MAX_PAGE));
    // One more than asked tells whether another page follows.
    let l = sql.bind(Value::Integer(limit + 1));
    let o = sql.bind(Value::Integer(offset));
    sql.text
        .push_str(&format!(" ORDER BY {order} LIMIT {l} OFFSET {o}"));
    let rows = sql.query().fetch_all(conn).await?;
    let mut items = rows.iter().map(document).collect::<Result<Vec<_>, _>>()?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        Some(format!("o{}", offset + limit))
    } else {
        None
    };
    Ok(Found { items, next_cursor })
}

pub async fn count(
    conn: &mut AnyConnection,
    backend: Backend,
    scope: &Scope,
    hidden: &Hidden,
    collection: &str,
    conditions: &[Condition],
) -> Result<i64, RecordsError> {
    check_collection(collection)?;
    let mut sql = Sql::scoped(
        backend,
        "SELECT COUNT(*) AS n FROM plugin_records",
        scope,
        collection,
        conditions,
    )?;
    if let Some(clause) = hidden.clause(&mut sql, collection) {
        sql.text.push_str(&clause);
    }
    let row = sql.query().fetch_one(conn).await?;
    Ok(row.try_get("n")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_collection("entries").is_ok());
        assert!(check_collection("a b").is_err());
        assert!(check_collection("").is_err());
        assert!(field("title").is_ok());
        assert!(field("created-at").is_ok());
        assert!(field("a'b").is_err());
        assert!(field("a.b").is_err());
        assert!(field("1a").is_err());
    }

    #[test]
    fn data_must_be_an_object() {
        assert!(check_data("{\"a\":1}").is_ok());
        assert!(check_data("[1]").is_err());
        assert!(check_data("{not json").is_err());
    }
}
