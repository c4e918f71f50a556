//! Typed collections of records, stored by the host for this plugin in this community.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bindings::quartier::plugin::records as raw;
use crate::bindings::quartier::plugin::types::Error as RawError;

/// Why a records (or members, notify) call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    NotFound,
    /// Someone else changed the record first: read it again and retry, or tell the user.
    Conflict,
    Invalid(String),
    Denied(String),
    Limit(String),
    Internal(String),
}

impl From<RawError> for Error {
    fn from(e: RawError) -> Self {
        match e {
            RawError::NotFound => Error::NotFound,
            RawError::Conflict => Error::Conflict,
            RawError::Invalid(s) => Error::Invalid(s),
            RawError::Denied(s) => Error::Denied(s),
            RawError::Limit(s) => Error::Limit(s),
            RawError::Internal(s) => Error::Internal(s),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound => f.write_str("not found"),
            Error::Conflict => f.write_str("changed by someone else"),
            Error::Invalid(s) => write!(f, "invalid: {s}"),
            Error::Denied(s) => write!(f, "denied: {s}"),
            Error::Limit(s) => write!(f, "limit reached: {s}"),
            Error::Internal(s) => write!(f, "host error: {s}"),
        }
    }
}

impl std::error::Error for Error {}

/// A stored record with its metadata.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub id: String,
    pub version: u64,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
    /// The account id of its author, if someone was logged in.
    pub author: Option<String>,
    pub data: T,
    /// Hidden by the community's moderators: only moderators and the author are given it
    /// (in a reportable collection); show them that it is hidden.
    pub hidden: bool,
}

/// A value to compare a field with.
pub type Value = raw::Value;

impl From<&str> for raw::Value {
    fn from(s: &str) -> Self {
        raw::Value::Text(s.into())
    }
}
impl From<String> for raw::Value {
    fn from(s: String) -> Self {
        raw::Value::Text(s)
    }
}
impl From<i64> for raw::Value {
    fn from(n: i64) -> Self {
        raw::Value::Integer(n)
    }
}
impl From<f64> for raw::Value {
    fn from(n: f64) -> Self {
        raw::Value::Number(n)
    }
}
impl From<bool> for raw::Value {
    fn from(b: bool) -> Self {
        raw::Value::Boolean(b)
    }
}

/// What to find: conditions (all must hold), order, page size and where to continue.
#[derive(Debug, Clone)]
pub struct Query {
    raw: raw::Query,
}

impl Default for Query {
    fn default() -> Self {
        Self::new()
    }
}

impl Query {
    /// Everything, oldest first, 50 at a time.
    pub fn new() -> Self {
        Self {
            raw: raw::Query {
                conditions: vec![],
                order_by: None,
                descending: false,
                limit: 50,
                cursor: None,
            },
        }
    }

    fn condition(mut self, field: &str, op: raw::Op, value: impl Into<Value>) -> Self {
        self.raw.conditions.push(raw::Condition {
            field: field.into(),
            op,
            value: value.into(),
        });
        self
    }

    pub fn eq(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Eq, value)
    }
    pub fn ne(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Ne, value)
    }
    pub fn lt(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Lt, value)
    }
    pub fn le(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Le, value)
    }
    pub fn gt(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Gt, value)
    }
    pub fn ge(self, field: &str, value: impl Into<Value>) -> Self {
        self.condition(field, raw::Op::Ge, value)
    }

    /// Sorts by a field of the data, or by `created-at`, `updated-at`, `id`.
    pub fn order_by(mut self, field: &str) -> Self {
        self.raw.order_by = Some(field.into());
        self
    }

    /// Sorts from largest to smallest (newest first with `created-at`).
    pub fn descending(mut self) -> Self {
        self.raw.descending = true;
        self
    }

    /// At most `n` records per page (the host caps it at 500).
    pub fn limit(mut self, n: u32) -> Self {
        self.raw.limit = n;
        self
    }

    /// Continues after a previous page.
    pub fn after(mut self, cursor: Option<String>) -> Self {
        self.raw.cursor = cursor;
        self
    }
}

/// One page of typed results.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<Record<T>>,
    /// Pass to [`Query::after`] for the next page; none on the last page.
    pub next_cursor: Option<String>,
}

/// A named collection of records of type `T` (stored as JSON objects).
pub struct Collection<T> {
    name: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned> Collection<T> {
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            _type: PhantomData,
        }
    }

    fn decode(doc: raw::Document) -> Result<Record<T>, Error> {
        let data = serde_json::from_str(&doc.data_json).map_err(|e| {
            Error::Invalid(format!(
                "stored record {} does not fit the type: {e}",
                doc.id
            ))
        })?;
        Ok(Record {
            id: doc.id,
            version: doc.version,
            created_at: doc.created_at,
            updated_at: doc.updated_at,
            author: doc.author,
            data,
            hidden: doc.hidden,
        })
    }

    fn encode(value: &T) -> Result<String, Error> {
        serde_json::to_string(value).map_err(|e| Error::Invalid(e.to_string()))
    }

    pub fn get(&self, id: &str) -> Result<Option<Record<T>>, Error> {
        raw::get(self.name, id)?.map(Self::decode).transpose()
    }

    pub fn insert(&self, value: &T) -> Result<Record<T>, Error> {
        Self::decode(raw::insert(self.name, &Self::encode(value)?)?)
    }

    /// Saves a changed record; fails with [`Error::Conflict`] if someone changed it since it
    /// was read.
    pub fn update(&self, record: &Record<T>) -> Result<Record<T>, Error> {
        Self::decode(raw::update(
            self.name,
            &record.id,
            &Self::encode(&record.data)?,
            record.version,
        )?)
    }

    pub fn delete(&self, id: &str) -> Result<bool, Error> {
        Ok(raw::delete(self.name, id)?)
    }

    pub fn find(&self, query: Query) -> Result<Page<T>, Error> {
        let page = raw::find(self.name, &query.raw)?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(Self::decode)
                .collect::<Result<_, _>>()?,
            next_cursor: page.next_cursor,
        })
    }

    /// How many records match the query's conditions (order and limit are ignored).
    pub fn count(&self, query: Query) -> Result<u64, Error> {
        Ok(raw::count(self.name, &query.raw.conditions)?)
    }
}
