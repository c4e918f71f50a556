//! Blobs in SQL. Like records, every statement is filtered by the `(community_id, plugin_id)`
//! the host fixed for the call; a pending upload is visible only to its uploader until a
//! plugin call keeps it.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::process::Processed;
use crate::db::now_ms;
use crate::plugins::records::Scope;

/// What a plugin learns about a blob (never its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    pub id: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub size: u64,
    pub kept: bool,
}

/// Which bytes to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    Full,
    Thumbnail,
}

/// A blob's bytes, ready to send.
pub struct Content {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

const COLUMNS: &str = "id, content_type, width, height, size, kept";

/// Who may see what: kept blobs of the scope, and the viewer's own pending uploads. `$4` is
/// the viewer's account id (or -1 for nobody).
const VISIBLE: &str =
    "id = $1 AND community_id = $2 AND plugin_id = $3 AND (kept = 1 OR uploader_id = $4)";

fn info(row: &AnyRow) -> Result<BlobInfo, sqlx::Error> {
    let number = |name: &str| -> Result<i64, sqlx::Error> { row.try_get(name) };
    Ok(BlobInfo {
        id: row.try_get("id")?,
        content_type: row.try_get("content_type")?,
        width: u32::try_from(number("width")?).unwrap_or(0),
        height: u32::try_from(number("height")?).unwrap_or(0),
        size: u64::try_from(number("size")?).unwrap_or(0),
        kept: number("kept")? == 1,
    })
}

/// A random id that cannot be guessed or counted through.
fn new_id() -> String {
    crate::tokens::new_token()[..32].to_owned()
}

/// Stores a processed upload as a pending blob of `uploader`, committed at once: the
/// plugin call that follows may keep it, and a form that comes back with an error can
/// offer it again without a second upload.
pub async fn insert_pending(
    pool: &AnyPool,
    scope: &Scope,
    uploader: i64,
    image: &Processed,
) -> Result<BlobInfo, sqlx::Error> {
    let id = new_id();
    let size = image.data.len() as i64;
    sqlx::query(
        "INSERT INTO plugin_blobs (id, community_id, plugin_id, uploader_id, kept, content_type, width, height, size, data, thumb, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(scope.community_id)
    .bind(&scope.plugin_id)
    .bind(uploader)
    .bind(image.content_type)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(size)
    .bind(image.data.clone())
    .bind(image.thumb.clone())
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(BlobInfo {
        id,
        content_type: image.content_type.to_owned(),
        width: image.width,
        height: image.height,
        size: size as u64,
        kept: false,
    })
}

/// Keeps a blob the viewer may see; none if there is no such blob.
pub async fn keep(
    conn: &mut AnyConnection,
    scope: &Scope,
    viewer: Option<i64>,
    id: &str,
) -> Result<Option<BlobInfo>, sqlx::Error> {
    let text = format!("UPDATE plugin_blobs SET kept = 1 WHERE {VISIBLE} RETURNING {COLUMNS}");
    one_visible(conn, &text, scope, viewer, id).await
}

/// A blob the viewer may see.
pub async fn get(
    conn: &mut AnyConnection,
    scope: &Scope,
    viewer: Option<i64>,
    id: &str,
) -> Result<Option<BlobInfo>, sqlx::Error> {
    let text = format!("SELECT {COLUMNS} FROM plugin_blobs WHERE {VISIBLE}");
    one_visible(conn, &text, scope, viewer, id).await
}

/// Runs a statement filtered by [`VISIBLE`] that returns [`COLUMNS`] of at most one blob.
async fn one_visible(
    conn: &mut AnyConnection,
    text: &str,
    scope: &Scope,
    viewer: Option<i64>,
    id: &str,
) -> Result<Option<BlobInfo>, sqlx::Error> {
    sqlx::query(text)
        .bind(id)
        .bind(scope.community_id)
        .bind(&scope.plugin_id)
        .bind(viewer.unwrap_or(-1))
        .fetch_optional(conn)
        .await?
        .map(|row| info(&row))
        .transpose()
}

/// Deletes a blob of the scope; true if there was one.
pub async fn delete(
    conn: &mut AnyConnection,
    scope: &Scope,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM plugin_blobs WHERE id = $1 AND community_id = $2 AND plugin_id = $3",
    )
    .bind(id)
    .bind(scope.community_id)
    .bind(&scope.plugin_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The bytes of a blob the viewer may see, for a plugin's `blob` response.
pub async fn content(
    pool: &AnyPool,
    scope: &Scope,
    viewer: Option<i64>,
    id: &str,
    rendition: Rendition,
) -> Result<Option<Content>, sqlx::Error> {
    let column = match rendition {
        Rendition::Full => "data",
        Rendition::Thumbnail => "thumb",
    };
    let text = format!("SELECT content_type, {column} AS bytes FROM plugin_blobs WHERE {VISIBLE}");
    let row = sqlx::query(&text)
        .bind(id)
        .bind(scope.community_id)
        .bind(&scope.plugin_id)
        .bind(viewer.unwrap_or(-1))
        .fetch_optional(pool)
        .await?;
    row.map(|row| {
        Ok(Content {
            content_type: row.try_get("content_type")?,
            bytes: row.try_get("bytes")?,
        })
    })
    .transpose()
}

/// Deletes pending uploads older than `max_age_ms` that no call kept.
pub async fn prune_pending(pool: &AnyPool, max_age_ms: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM plugin_blobs WHERE kept = 0 AND created_at < $1")
        .bind(now_ms() - max_age_ms)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
