//! Cases: every report of one item until a moderator decides, the queue moderators work
//! through, and their decisions. An item is a document of a collection its plugin declared
//! reportable; the host reads its title and author from the record itself, so a plugin
//! cannot misstate whose it is.
//!
//! Every write runs in one transaction that holds the item's plugin lock (the one plugin
//! calls take), so hiding or deleting never interleaves with the plugin's own writes.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{AnyConnection, AnyPool, Row};

use super::{Decision, Reason, blocks, notices};
use crate::audit;
use crate::db::{Backend, Db, now_ms};
use crate::i18n::Catalogue;
use crate::plugins::manifest::Reportable;

/// Which document an item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    pub community_id: i64,
    pub plugin_id: String,
    pub collection: String,
    pub record_id: i64,
}

/// The collection name of cases about people (their `plugin_id` is empty).
const PEOPLE: &str = "people";

impl ItemRef {
    /// A member of the community, as the subject of reports about them.
    pub fn person(community_id: i64, account_id: i64) -> ItemRef {
        ItemRef {
            community_id,
            plugin_id: String::new(),
            collection: PEOPLE.to_owned(),
            record_id: account_id,
        }
    }

    /// What a case about this item is, when someone reports it.
    fn reported_kind(&self) -> CaseKind {
        if self.plugin_id.is_empty() {
            CaseKind::Person
        } else {
            CaseKind::Report
        }
    }
}

/// What a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseKind {
    /// Reports of a plugin's item.
    Report,
    /// A new member's post waiting for approval (pre-moderation).
    Held,
    /// Reports of a member.
    Person,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Report => "report",
            CaseKind::Held => "held",
            CaseKind::Person => "person",
        }
    }

    fn parse(value: &str) -> CaseKind {
        match value {
            "held" => CaseKind::Held,
            "person" => CaseKind::Person,
            _ => CaseKind::Report,
        }
    }
}

/// What the host knows about a reportable item.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub title: String,
    pub excerpt: String,
    pub author_id: Option<i64>,
    pub hidden: bool,
    /// The path that shows it, e.g. `/c/ransbach/lostfound/entries/3`.
    pub link: String,
    /// For a private document: the account ids who may read it, and so report it.
    #[serde(skip)]
    pub readers: Option<Vec<i64>>,
}

impl Item {
    /// Whether `account` may report the item: anyone for public documents, the readers for
    /// private ones.
    pub fn reportable_by(&self, account: Option<i64>) -> bool {
        match (&self.readers, account) {
            (None, _) => true,
            (Some(readers), Some(id)) => readers.contains(&id),
            (Some(_), None) => false,
        }
    }
}

/// Reads an item, or `None` if there is no such document.
pub async fn load_item(
    db: &Db,
    item: &ItemRef,
    declared: &Reportable,
    mount_path: &str,
) -> Result<Option<Item>, sqlx::Error> {
    let data = match db.backend() {
        Backend::Sqlite => "data",
        Backend::Postgres => "data::text AS data",
    };
    let row = sqlx::query(&format!(
        "SELECT author, hidden, {data} FROM plugin_records \
         WHERE community_id = $1 AND plugin_id = $2 AND collection = $3 AND id = $4"
    ))
    .bind(item.community_id)
    .bind(&item.plugin_id)
    .bind(&item.collection)
    .bind(item.record_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let json: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("data")?).unwrap_or_default();
    let author = row.try_get::<Option<String>, _>("author")?;
    let mut found = Item::of_document(
        &json,
        declared,
        mount_path,
        item.record_id,
        author.as_deref(),
    );
    found.hidden = row.try_get::<i64, _>("hidden")? != 0;
    Ok(Some(found))
}

impl Item {
    /// The item a document is, as its collection's declaration names it (not hidden).
    pub fn of_document(
        data: &serde_json::Value,
        declared: &Reportable,
        mount_path: &str,
        record_id: i64,
        author: Option<&str>,
    ) -> Item {
        let text_of = |field: &str, max: usize| -> String {
            let text = data
                .get(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim();
            shorten(text, max)
        };
        Item {
            title: text_of(&declared.title_field, 200),
            excerpt: declared
                .text_field
                .as_deref()
                .map(|f| text_of(f, 300))
                .unwrap_or_default(),
            author_id: author.and_then(|a| a.parse().ok()),
            hidden: false,
            link: format!("{mount_path}{}", declared.link_to(record_id)),
            readers: declared.readers_field.as_deref().map(|field| {
                data.get(field)
                    .and_then(|v| v.as_array())
                    .map(|ids| {
                        ids.iter()
                            .filter_map(|id| id.as_str().and_then(|s| s.parse().ok()))
                            .collect()
                    })
                    .unwrap_or_default()
            }),
        }
    }
}

/// Reads a member of the community as a reportable person, or `None` if they are not one.
pub async fn load_person(
    pool: &AnyPool,
    community_id: i64,
    slug: &str,
    account_id: i64,
) -> Result<Option<Item>, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar(
        "SELECT a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.community_id = $1 AND m.account_id = $2",
    )
    .bind(community_id)
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    Ok(name.map(|name| Item {
        title: name,
        excerpt: String::new(),
        author_id: Some(account_id),
        hidden: false,
        link: format!("/c/{slug}/members"),
        readers: None,
    }))
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Why a report was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("already reported")]
    AlreadyReported,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What a report did.
#[derive(Debug, Clone, Copy)]
pub struct Reported {
    pub case_id: i64,
    /// The report reached the threshold and the host hid the item.
    pub hidden_now: bool,
}

/// A new report.
pub struct NewReport<'a> {
    pub reporter_id: i64,
    pub reason: Reason,
    pub note: &'a str,
}

/// Takes a report: opens the item's case if none is open, counts the reporter once, hides
/// the item when enough distinct members reported it, tells the moderators of a new case.
pub async fn report(
    db: &Db,
    catalogue: &Catalogue,
    slug: &str,
    item_ref: &ItemRef,
    item: &Item,
    report: NewReport<'_>,
) -> Result<Reported, ReportError> {
    let mut tx =
        crate::plugins::host::begin(db, true, item_ref.community_id, &item_ref.plugin_id).await?;
    let now = now_ms();
    let (case_id, opened) = open_case(&mut tx, item_ref, item, item_ref.reported_kind()).await?;
    let added = sqlx::query(
        "INSERT INTO moderation_reports (case_id, reporter_id, reason, note, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, reporter_id) DO NOTHING",
    )
    .bind(case_id)
    .bind(report.reporter_id)
    .bind(report.reason.as_str())
    .bind(report.note)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if added == 0 {
        return Err(ReportError::AlreadyReported);
    }
    audit::record_case(
        &mut tx,
        item_ref.community_id,
        Some(report.reporter_id),
        "moderation-report",
        item.author_id,
        &format!("{} · {}", report.reason.as_str(), item.title),
        case_id,
    )
    .await?;
    let reports: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM moderation_reports WHERE case_id = $1")
            .bind(case_id)
            .fetch_one(&mut *tx)
            .await?;
    let threshold: i64 =
        sqlx::query_scalar("SELECT auto_hide_reports FROM communities WHERE id = $1")
            .bind(item_ref.community_id)
            .fetch_one(&mut *tx)
            .await?;
    // People are not hidden; their posts are, one by one.
    let hidden_now = item_ref.reported_kind() == CaseKind::Report
        && reports >= threshold.max(1)
        && set_hidden(&mut tx, item_ref, true).await?;
    if hidden_now {
        audit::record_case(
            &mut tx,
            item_ref.community_id,
            None,
            "moderation-auto-hide",
            item.author_id,
            &format!("{reports} · {}", item.title),
            case_id,
        )
        .await?;
    }
    if opened {
        notices::new_case(
            &mut tx,
            catalogue,
            item_ref.community_id,
            slug,
            &item.title,
            item_ref.reported_kind(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Reported {
        case_id,
        hidden_now,
    })
}

/// The item's open case, opened now if there is none (then `true`). A partial unique index
/// keeps one open case per item, also against a concurrent report.
pub(super) async fn open_case(
    conn: &mut AnyConnection,
    item_ref: &ItemRef,
    item: &Item,
    kind: CaseKind,
) -> Result<(i64, bool), sqlx::Error> {
    let opened = sqlx::query(
        "INSERT INTO moderation_cases (community_id, plugin_id, collection, record_id, author_id, \
         title, excerpt, link, status, created_at, kind) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10) \
         ON CONFLICT (community_id, plugin_id, collection, record_id) WHERE status = 'open' DO NOTHING",
    )
    .bind(item_ref.community_id)
    .bind(&item_ref.plugin_id)
    .bind(&item_ref.collection)
    .bind(item_ref.record_id)
    .bind(item.author_id)
    .bind(&item.title)
    .bind(&item.excerpt)
    .bind(&item.link)
    .bind(now_ms())
    .bind(kind.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let case_id: i64 = sqlx::query_scalar(
        "SELECT id FROM moderation_cases WHERE community_id = $1 AND plugin_id = $2 \
         AND collection = $3 AND record_id = $4 AND status = 'open'",
    )
    .bind(item_ref.community_id)
    .bind(&item_ref.plugin_id)
    .bind(&item_ref.collection)
    .bind(item_ref.record_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((case_id, opened))
}

/// Sets the document's hidden flag; true if it changed.
pub(super) async fn set_hidden(
    conn: &mut AnyConnection,
    item: &ItemRef,
    hidden: bool,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE plugin_records SET hidden = $1 WHERE community_id = $2 AND plugin_id = $3 \
         AND collection = $4 AND id = $5 AND hidden <> $1",
    )
    .bind(i64::from(hidden))
    .bind(item.community_id)
    .bind(&item.plugin_id)
    .bind(&item.collection)
    .bind(item.record_id)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// One case as the queue shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub id: i64,
    pub kind: CaseKind,
    pub plugin_id: String,
    pub collection: String,
    pub record_id: i64,
    pub title: String,
    pub excerpt: String,
    pub link: String,
    pub status: String,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    /// Whether the document is hidden now; `None` once it is deleted.
    pub hidden: Option<bool>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// When a manager passed the case on to the instance's operators.
    pub escalated_at: Option<i64>,
    pub reports: usize,
    /// Each reason with how many chose it.
    pub reasons: Vec<(String, usize)>,
    /// What reporters wrote (without who wrote it).
    pub notes: Vec<String>,
}

const CASE_COLUMNS: &str = "c.id, c.plugin_id, c.collection, c.record_id, c.title, c.excerpt, \
    c.link, c.status, c.author_id, a.display_name AS author_name, p.hidden, c.created_at, c.decided_at, \
    c.kind, c.escalated_at";

/// The open cases of a community, oldest first, and the most recently decided ones.
pub async fn queue(
    pool: &AnyPool,
    community_id: i64,
) -> Result<(Vec<Case>, Vec<Case>), sqlx::Error> {
    let open = cases(
        pool,
        community_id,
        "c.status = 'open' ORDER BY c.id ASC LIMIT 200",
    )
    .await?;
    let decided = cases(
        pool,
        community_id,
        "c.status <> 'open' ORDER BY c.decided_at DESC, c.id DESC LIMIT 20",
    )
    .await?;
    Ok((open, decided))
}

/// One case of the community.
pub async fn find(
    pool: &AnyPool,
    community_id: i64,
    case_id: i64,
) -> Result<Option<Case>, sqlx::Error> {
    let mut found = cases(pool, community_id, &format!("c.id = {case_id}")).await?;
    Ok(found.pop())
}

/// Cases matching `filter` (SQL after `AND`, built by this module only), with their reports.
async fn cases(pool: &AnyPool, community_id: i64, filter: &str) -> Result<Vec<Case>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {CASE_COLUMNS} FROM moderation_cases c \
         LEFT JOIN accounts a ON a.id = c.author_id \
         LEFT JOIN plugin_records p ON p.id = c.record_id AND p.community_id = c.community_id \
         AND p.plugin_id = c.plugin_id AND p.collection = c.collection \
         WHERE c.community_id = $1 AND {filter}"
    ))
    .bind(community_id)
    .fetch_all(pool)
    .await?;
    let mut cases = rows
        .iter()
        .map(|r| {
            Ok(Case {
                id: r.try_get("id")?,
                kind: CaseKind::parse(&r.try_get::<String, _>("kind")?),
                plugin_id: r.try_get("plugin_id")?,
                collection: r.try_get("collection")?,
                record_id: r.try_get("record_id")?,
                title: r.try_get("title")?,
                excerpt: r.try_get("excerpt")?,
                link: r.try_get("link")?,
                status: r.try_get("status")?,
                author_id: r.try_get("author_id")?,
                author_name: r.try_get("author_name")?,
                hidden: r.try_get::<Option<i64>, _>("hidden")?.map(|h| h != 0),
                created_at: r.try_get("created_at")?,
                decided_at: r.try_get("decided_at")?,
                escalated_at: r.try_get("escalated_at")?,
                reports: 0,
                reasons: vec![],
                notes: vec![],
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    if cases.is_empty() {
        return Ok(cases);
    }
    // The reports of all these cases in one query (ids are the database's own integers).
    let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
    let reports = sqlx::query(&format!(
        "SELECT case_id, reason, note FROM moderation_reports WHERE case_id IN ({}) \
         ORDER BY created_at",
        ids.join(", ")
    ))
    .fetch_all(pool)
    .await?;
    let mut reasons: BTreeMap<i64, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &reports {
        let case_id: i64 = r.try_get("case_id")?;
        let Some(case) = cases.iter_mut().find(|c| c.id == case_id) else {
            continue;
        };
        case.reports += 1;
        *reasons
            .entry(case_id)
            .or_default()
            .entry(r.try_get("reason")?)
            .or_default() += 1;
        let note: String = r.try_get("note")?;
        if !note.trim().is_empty() {
            case.notes.push(note);
        }
    }
    for case in &mut cases {
        case.reasons = reasons
            .remove(&case.id)
            .unwrap_or_default()
            .into_iter()
            .collect();
    }
    Ok(cases)
}

/// A moderator's decision with what comes with it.
pub struct Verdict<'a> {
    pub decision: Decision,
    /// A message to the author, if the moderator wrote one.
    pub warning: Option<&'a str>,
    /// Block the author: `Some(None)` until lifted, `Some(Some(ms))` until then.
    pub block_until: Option<Option<i64>>,
    /// The block's end as the author reads it, e.g. "28.11.2026".
    pub block_until_text: Option<String>,
}

/// What a decision changed, for the events to send after the commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    None,
    Hidden,
    Restored,
    /// With the document's last data, so the plugin can remove what belonged to it.
    Deleted(serde_json::Value),
}

impl Change {
    /// The plugin event for the change and its payload, if any.
    pub fn event(&self, case: &Case) -> Option<(&'static str, serde_json::Value)> {
        let mut payload = serde_json::json!({
            "collection": case.collection,
            "id": case.record_id.to_string(),
        });
        let kind = match self {
            Change::None => return None,
            Change::Hidden => "item-hidden",
            Change::Restored => "item-restored",
            Change::Deleted(data) => {
                payload["data"] = data.clone();
                "item-deleted"
            }
        };
        Some((kind, payload))
    }
}

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("no such open case")]
    NotOpen,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Decides an open case: keeps, hides or deletes the item, warns and blocks the author as
/// asked, tells the reporters, and logs every step.
pub async fn decide(
    db: &Db,
    catalogue: &Catalogue,
    case: &Case,
    community_id: i64,
    actor_id: i64,
    verdict: &Verdict<'_>,
) -> Result<Change, DecideError> {
    let mut tx = crate::plugins::host::begin(db, true, community_id, &case.plugin_id).await?;
    let status = verdict.decision.status();
    move_case(&mut tx, case.id, community_id, actor_id, "open", status).await?;
    let item = case.item(community_id);
    let change = apply(&mut tx, db.backend(), &item, verdict.decision).await?;
    let decided = match verdict.decision {
        Decision::Keep => "moderation-keep",
        Decision::Hide => "moderation-hide",
        Decision::Delete => "moderation-delete",
    };
    let mut entries = vec![(decided, case.title.clone())];
    if let Some(author) = case.author_id {
        if let Some(message) = verdict.warning.filter(|m| !m.trim().is_empty()) {
            notices::warning(
                &mut tx,
                catalogue,
                community_id,
                author,
                &case.title,
                message,
            )
            .await?;
            entries.push(("moderation-warn", message.to_owned()));
        }
        if let Some(until) = verdict.block_until {
            blocks::block(&mut tx, community_id, author, until, &case.title, actor_id).await?;
            notices::blocked(
                &mut tx,
                catalogue,
                community_id,
                author,
                verdict.block_until_text.as_deref(),
            )
            .await?;
            entries.push((
                "moderation-block",
                verdict.block_until_text.clone().unwrap_or_default(),
            ));
        }
    }
    for (action, detail) in entries {
        audit::record_case(
            &mut tx,
            community_id,
            Some(actor_id),
            action,
            case.author_id,
            &detail,
            case.id,
        )
        .await?;
    }
    match (case.kind, case.author_id) {
        (CaseKind::Held, Some(author)) => {
            notices::held_outcome(
                &mut tx,
                catalogue,
                community_id,
                author,
                &case.title,
                status,
            )
            .await?;
        }
        (CaseKind::Held, None) => {}
        (CaseKind::Report | CaseKind::Person, _) => {
            notices::outcome(&mut tx, catalogue, community_id, case, status).await?;
        }
    }
    tx.commit().await?;
    Ok(change)
}

/// Passes an open case on to the instance's operators (e.g. for illegal content), once;
/// they are told and see it on their dashboard.
pub async fn escalate(
    db: &Db,
    catalogue: &Catalogue,
    case: &Case,
    community_id: i64,
    slug: &str,
    actor_id: i64,
) -> Result<(), DecideError> {
    let mut tx = db.pool().begin().await?;
    let moved = sqlx::query(
        "UPDATE moderation_cases SET escalated_at = $1 WHERE id = $2 AND community_id = $3 \
         AND status = 'open' AND escalated_at IS NULL",
    )
    .bind(now_ms())
    .bind(case.id)
    .bind(community_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(DecideError::NotOpen);
    }
    audit::record_case(
        &mut tx,
        community_id,
        Some(actor_id),
        "moderation-escalate",
        case.author_id,
        &case.title,
        case.id,
    )
    .await?;
    notices::escalated(&mut tx, catalogue, community_id, slug, case.id, &case.title).await?;
    tx.commit().await?;
    Ok(())
}

impl Case {
    /// The document the case is about.
    fn item(&self, community_id: i64) -> ItemRef {
        ItemRef {
            community_id,
            plugin_id: self.plugin_id.clone(),
            collection: self.collection.clone(),
            record_id: self.record_id,
        }
    }
}

/// Moves a case from status `from` to `to` as decided by `actor_id`; refuses if it is no
/// longer in `from` (someone decided first).
async fn move_case(
    conn: &mut AnyConnection,
    case_id: i64,
    community_id: i64,
    actor_id: i64,
    from: &str,
    to: &str,
) -> Result<(), DecideError> {
    let moved = sqlx::query(
        "UPDATE moderation_cases SET status = $1, decided_at = $2, decided_by = $3 \
         WHERE id = $4 AND community_id = $5 AND status = $6",
    )
    .bind(to)
    .bind(now_ms())
    .bind(actor_id)
    .bind(case_id)
    .bind(community_id)
    .bind(from)
    .execute(conn)
    .await?
    .rows_affected();
    if moved == 0 {
        return Err(DecideError::NotOpen);
    }
    Ok(())
}

/// Carries out a decision on the document.
async fn apply(
    conn: &mut AnyConnection,
    backend: Backend,
    item: &ItemRef,
    decision: Decision,
) -> Result<Change, sqlx::Error> {
    Ok(match decision {
        Decision::Keep => {
            if set_hidden(conn, item, false).await? {
                Change::Restored
            } else {
                Change::None
            }
        }
        Decision::Hide => {
            if set_hidden(conn, item, true).await? {
                Change::Hidden
            } else {
                Change::None
            }
        }
        Decision::Delete => {
            let data = match backend {
                Backend::Sqlite => "data",
                Backend::Postgres => "data::text AS data",
            };
            let deleted = sqlx::query(&format!(
                "DELETE FROM plugin_records WHERE community_id = $1 AND plugin_id = $2 \
                 AND collection = $3 AND id = $4 RETURNING {data}"
            ))
            .bind(item.community_id)
            .bind(&item.plugin_id)
            .bind(&item.collection)
            .bind(item.record_id)
            .fetch_optional(conn)
            .await?;
            match deleted {
                Some(row) => Change::Deleted(
                    serde_json::from_str(&row.try_get::<String, _>("data")?).unwrap_or_default(),
                ),
                None => Change::None,
            }
        }
    })
}

/// Shows a hidden item again after its case was decided as hidden.
pub async fn restore(
    db: &Db,
    case: &Case,
    community_id: i64,
    actor_id: i64,
) -> Result<Change, DecideError> {
    let mut tx = crate::plugins::host::begin(db, true, community_id, &case.plugin_id).await?;
    move_case(&mut tx, case.id, community_id, actor_id, "hidden", "kept").await?;
    let item = case.item(community_id);
    let change = apply(&mut tx, db.backend(), &item, Decision::Keep).await?;
    audit::record_case(
        &mut tx,
        community_id,
        Some(actor_id),
        "moderation-restore",
        case.author_id,
        &case.title,
        case.id,
    )
    .await?;
    tx.commit().await?;
    Ok(change)
}

/// Whether the person already reported the item's open case.
pub async fn already_reported(
    pool: &AnyPool,
    item: &ItemRef,
    reporter_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM moderation_reports r JOIN moderation_cases c ON c.id = r.case_id \
         WHERE c.community_id = $1 AND c.plugin_id = $2 AND c.collection = $3 \
         AND c.record_id = $4 AND c.status = 'open' AND r.reporter_id = $5",
    )
    .bind(item.community_id)
    .bind(&item.plugin_id)
    .bind(&item.collection)
    .bind(item.record_id)
    .bind(reporter_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}
