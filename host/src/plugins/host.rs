//! The host side of the contract's imports. Each function reads the community, plugin and
//! viewer from the call's own state (fixed when the instance was created), counts itself
//! against the call's limits, and refuses capabilities the community did not grant.

use sqlx::{AnyConnection, Row};
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::banners;
use super::bindings::v0_1::quartier::plugin::{self as wit, types};
use super::engine::PluginLimits;
use super::links::stays_below_mount;
use super::manifest::{Capability, role_from_raw};
use super::records::{self as store, RecordsError, Scope};
use crate::communities::roles::Role;
use crate::db::{Backend, Db, now_ms};
use crate::mail::Delivery;

/// Everything one call knows. Built by the host before the instance exists; the guest can
/// read it through `context` but never change it.
pub struct CallState {
    pub(super) wasi: WasiCtx,
    pub(super) table: ResourceTable,
    pub(super) memory: wasmtime::StoreLimits,
    pub(super) scope: Scope,
    /// Which documents hidden by moderation this call's reads return.
    pub(super) hidden: store::Hidden,
    /// Pre-moderation: new posts of this call wait for approval.
    pub(super) hold: Option<super::call::Hold>,
    pub(super) community_slug: String,
    pub(super) plugin_version: String,
    pub(super) community: types::Community,
    pub(super) viewer: types::Viewer,
    pub(super) granted: Vec<Capability>,
    /// The plugin's notification kinds with their default delivery.
    pub(super) notification_kinds: Vec<(String, Delivery)>,
    /// Whether this call queued mail (the worker is woken once the call commits).
    pub(super) queued_mail: bool,
    /// The mount path, e.g. `/c/ransbach/guestbook`, for notification links.
    pub(super) mount_path: String,
    pub(super) may_write: bool,
    pub(super) backend: Backend,
    /// The database, or none while describing a plugin that is not installed yet.
    pub(super) db: Option<Db>,
    /// The call's transaction: everything it writes commits together or not at all.
    pub(super) tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
    pub(super) limits: PluginLimits,
    pub(super) host_calls: u32,
    pub(super) rows: u32,
    /// Guest time charged so far against `limits.cpu_ms`.
    pub(super) cpu_used: std::time::Duration,
    /// When the CPU budget was last checked.
    pub(super) last_check: std::time::Instant,
    /// Time spent in host calls since the last check: the guest was waiting, not computing.
    pub(super) host_time: std::time::Duration,
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Host functions return this: `Ok(Err(..))` goes back to the guest as a WIT error;
/// `Err(..)` traps the instance (only for gross abuse of limits).
type HostResult<T> = wasmtime::Result<Result<T, types::Error>>;

impl CallState {
    /// Counts a host call; past the limit the guest gets `limit` errors, and a guest that keeps
    /// calling after that is stopped.
    fn charge(&mut self) -> wasmtime::Result<Result<(), types::Error>> {
        self.host_calls += 1;
        if self.host_calls > self.limits.host_calls.saturating_mul(2) {
            return Err(wasmtime::Error::msg(
                "the plugin ignored the host-call limit",
            ));
        }
        if self.host_calls > self.limits.host_calls {
            return Ok(Err(types::Error::Limit(format!(
                "at most {} host calls per request",
                self.limits.host_calls
            ))));
        }
        Ok(Ok(()))
    }

    /// The call's transaction, begun on first use: a call that never touches the database
    /// costs no database time. A writing call takes its lock before its first read, so its
    /// reads and writes see one consistent state.
    async fn conn(&mut self) -> Result<&mut AnyConnection, types::Error> {
        if self.tx.is_none() {
            let Some(db) = self.db.clone() else {
                return Err(types::Error::Denied(
                    "no records while describing a plugin".into(),
                ));
            };
            let tx = begin(&db, self.may_write, self.scope.community_id, &self.scope.plugin_id)
                .await
                .map_err(|e| {
                    tracing::error!(plugin.id = %self.scope.plugin_id, error = %e, "could not begin a plugin transaction");
                    types::Error::Internal("database unavailable".into())
                })?;
            self.tx = Some(tx);
        }
        match self.tx.as_mut() {
            Some(tx) => Ok(&mut **tx),
            None => Err(types::Error::Internal("no database transaction".into())),
        }
    }

    fn require_write(&self) -> Result<(), types::Error> {
        if self.may_write {
            Ok(())
        } else {
            Err(types::Error::Denied(
                "writing is not allowed while answering a GET request or rendering a widget".into(),
            ))
        }
    }

    fn require(&self, capability: Capability) -> Result<(), types::Error> {
        if self.granted.contains(&capability) {
            Ok(())
        } else {
            Err(types::Error::Denied(format!(
                "the capability '{}' was not granted to this plugin in this community",
                capability.as_str()
            )))
        }
    }
}

/// Begins a call's transaction; a writing call first takes the lock of its (community,
/// plugin): a transaction-scoped advisory lock on PostgreSQL (held until commit, also across
/// processes), the database write lock on SQLite. Moderation takes the same lock to hide or
/// delete a plugin's document.
pub(crate) async fn begin(
    db: &Db,
    may_write: bool,
    community_id: i64,
    plugin_id: &str,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    if may_write {
        match db.backend() {
            Backend::Postgres => {
                sqlx::query("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock($1)) AS l")
                    .bind(lock_key(community_id, plugin_id))
                    .fetch_one(&mut *tx)
                    .await?;
            }
            Backend::Sqlite => crate::communities::lock(&mut tx, community_id).await?,
        }
    }
    Ok(tx)
}

/// A stable 64-bit key for the advisory lock of one (community, plugin).
pub(super) fn lock_key(community_id: i64, plugin_id: &str) -> i64 {
    // FNV-1a over the plugin id, mixed with the community id.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in plugin_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (community_id as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as i64
}

/// Runs the body after charging a call; the body's `?` works on `types::Error`.
macro_rules! host_call {
    ($self:ident, $body:expr) => {{
        if let Err(e) = $self.charge()? {
            return Ok(Err(e));
        }
        let started = std::time::Instant::now();
        let result: Result<_, types::Error> = async { $body }.await;
        $self.host_time += started.elapsed();
        Ok(result)
    }};
}

fn records_error(err: RecordsError, plugin: &str) -> types::Error {
    match err {
        RecordsError::Invalid(s) => types::Error::Invalid(s),
        RecordsError::NotFound => types::Error::NotFound,
        RecordsError::Conflict => types::Error::Conflict,
        RecordsError::Db(e) => {
            tracing::error!(plugin.id = plugin, error = %e, "plugin records query failed");
            types::Error::Internal("database error".into())
        }
    }
}

fn to_wit(doc: store::Document) -> wit::records::Document {
    wit::records::Document {
        id: doc.id.to_string(),
        version: doc.version as u64,
        created_at: doc.created_at,
        updated_at: doc.updated_at,
        author: doc.author,
        data_json: doc.data,
        hidden: doc.hidden,
    }
}

fn conditions(list: Vec<wit::records::Condition>) -> Vec<store::Condition> {
    use wit::records::{Op, Value};
    list.into_iter()
        .map(|c| store::Condition {
            field: c.field,
            op: match c.op {
                Op::Eq => store::Op::Eq,
                Op::Ne => store::Op::Ne,
                Op::Lt => store::Op::Lt,
                Op::Le => store::Op::Le,
                Op::Gt => store::Op::Gt,
                Op::Ge => store::Op::Ge,
            },
            value: match c.value {
                Value::Text(s) => store::Value::Text(s),
                Value::Integer(n) => store::Value::Integer(n),
                Value::Number(n) => store::Value::Number(n),
                Value::Boolean(b) => store::Value::Boolean(b),
                Value::Null => store::Value::Null,
            },
        })
        .collect()
}

pub fn role_to_wit(role: Role) -> types::Role {
    match role {
        Role::Visitor => types::Role::Visitor,
        Role::Member => types::Role::Member,
        Role::Moderator => types::Role::Moderator,
        Role::Manager => types::Role::Manager,
        Role::Operator => types::Role::Operator,
    }
}

/// Membership roles at or above `min`, as stored.
fn stored_roles_at_least(min: Role) -> Vec<&'static str> {
    [Role::Member, Role::Moderator, Role::Manager]
        .into_iter()
        .filter(|r| *r >= min)
        .map(Role::as_str)
        .collect()
}

/// `$start, $start+1, …` for an `IN (…)` list of `n` values.
fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl types::Host for CallState {}
impl wit::metadata::Host for CallState {}
impl wit::http::Host for CallState {}

impl wit::context::Host for CallState {
    async fn current_viewer(&mut self) -> wasmtime::Result<types::Viewer> {
        Ok(self.viewer.clone())
    }

    async fn current_community(&mut self) -> wasmtime::Result<types::Community> {
        Ok(self.community.clone())
    }
}

impl wit::records::Host for CallState {
    async fn get(
        &mut self,
        collection: String,
        id: String,
    ) -> HostResult<Option<wit::records::Document>> {
        host_call!(self, {
            let (backend, scope, hidden) = (self.backend, self.scope.clone(), self.hidden.clone());
            let found = store::get(
                self.conn().await?,
                backend,
                &scope,
                &hidden,
                &collection,
                &id,
            )
            .await
            .map_err(|e| records_error(e, &scope.plugin_id))?;
            Ok(found.map(to_wit))
        })
    }

    async fn insert(
        &mut self,
        collection: String,
        data_json: String,
    ) -> HostResult<wit::records::Document> {
        host_call!(self, {
            self.require_write()?;
            let (backend, scope) = (self.backend, self.scope.clone());
            let author = self.viewer.id.clone();
            let mut doc = store::insert(
                self.conn().await?,
                backend,
                &scope,
                &collection,
                &data_json,
                author.as_deref(),
            )
            .await
            .map_err(|e| records_error(e, &scope.plugin_id))?;
            if let Some(hold) = self.hold.clone()
                && let Some(declared) = hold.reportable.iter().find(|r| r.collection == collection)
                // Private documents (a confidential conversation) are never held: the
                // moderators would read them before anyone reported anything.
                && declared.readers_field.is_none()
            {
                self.hold_for_approval(&hold, declared, &collection, &doc)
                    .await?;
                doc.hidden = true;
            }
            Ok(to_wit(doc))
        })
    }

    async fn update(
        &mut self,
        collection: String,
        id: String,
        data_json: String,
        expected_version: u64,
    ) -> HostResult<wit::records::Document> {
        host_call!(self, {
            self.require_write()?;
            let (backend, scope) = (self.backend, self.scope.clone());
            let expected = i64::try_from(expected_version).unwrap_or(i64::MAX);
            let doc = store::update(
                self.conn().await?,
                backend,
                &scope,
                &collection,
                &id,
                &data_json,
                expected,
            )
            .await
            .map_err(|e| records_error(e, &scope.plugin_id))?;
            Ok(to_wit(doc))
        })
    }

    async fn delete(&mut self, collection: String, id: String) -> HostResult<bool> {
        host_call!(self, {
            self.require_write()?;
            let (backend, scope) = (self.backend, self.scope.clone());
            store::delete(self.conn().await?, backend, &scope, &collection, &id)
                .await
                .map_err(|e| records_error(e, &scope.plugin_id))
        })
    }

    async fn find(
        &mut self,
        collection: String,
        q: wit::records::Query,
    ) -> HostResult<wit::records::Page> {
        host_call!(self, {
            let (backend, scope) = (self.backend, self.scope.clone());
            let conds = conditions(q.conditions);
            let query = store::FindQuery {
                conditions: &conds,
                order_by: q.order_by.as_deref(),
                descending: q.descending,
                limit: q.limit,
                cursor: q.cursor.as_deref(),
            };
            let hidden = self.hidden.clone();
            let found = store::find(
                self.conn().await?,
                backend,
                &scope,
                &hidden,
                &collection,
                &query,
            )
            .await
            .map_err(|e| records_error(e, &scope.plugin_id))?;
            self.rows = self.rows.saturating_add(found.items.len() as u32);
            if self.rows > self.limits.rows {
                return Err(types::Error::Limit(format!(
                    "at most {} records per request",
                    self.limits.rows
                )));
            }
            Ok(wit::records::Page {
                items: found.items.into_iter().map(to_wit).collect(),
                next_cursor: found.next_cursor,
            })
        })
    }

    async fn count(
        &mut self,
        collection: String,
        conds: Vec<wit::records::Condition>,
    ) -> HostResult<u64> {
        host_call!(self, {
            let (backend, scope, hidden) = (self.backend, self.scope.clone(), self.hidden.clone());
            let n = store::count(
                self.conn().await?,
                backend,
                &scope,
                &hidden,
                &collection,
                &conditions(conds),
            )
            .await
            .map_err(|e| records_error(e, &scope.plugin_id))?;
            Ok(n.max(0) as u64)
        })
    }
}

fn member_rows(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<wit::members::Member>, types::Error> {
    rows.iter()
        .map(|r| {
            let id: i64 = r
                .try_get("id")
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            let name: String = r
                .try_get("display_name")
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            let role: String = r
                .try_get("role")
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            Ok(wit::members::Member {
                id: id.to_string(),
                display_name: name,
                role: role_to_wit(Role::parse_membership(&role).unwrap_or(Role::Member)),
            })
        })
        .collect()
}

impl wit::members::Host for CallState {
    async fn get(&mut self, ids: Vec<String>) -> HostResult<Vec<wit::members::Member>> {
        host_call!(self, {
            self.require(Capability::MembersRead)?;
            let ids: Vec<i64> = ids
                .iter()
                .filter_map(|i| i.parse().ok())
                .take(500)
                .collect();
            if ids.is_empty() {
                return Ok(vec![]);
            }
            let text = format!(
                "SELECT a.id, a.display_name, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id \
                 WHERE m.community_id = $1 AND m.account_id IN ({}) ORDER BY a.id",
                placeholders(2, ids.len())
            );
            let community_id = self.scope.community_id;
            let mut q = sqlx::query(&text).bind(community_id);
            for id in &ids {
                q = q.bind(*id);
            }
            let rows = q
                .fetch_all(self.conn().await?)
                .await
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            member_rows(rows)
        })
    }

    async fn with_role(
        &mut self,
        at_least: types::Role,
        limit: u32,
    ) -> HostResult<Vec<wit::members::Member>> {
        host_call!(self, {
            self.require(Capability::MembersRead)?;
            let roles = stored_roles_at_least(role_from_raw(at_least));
            if roles.is_empty() {
                return Ok(vec![]);
            }
            let text = format!(
                "SELECT a.id, a.display_name, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id \
                 WHERE m.community_id = $1 AND m.role IN ({}) ORDER BY LOWER(a.display_name), a.id LIMIT ${}",
                placeholders(2, roles.len()),
                roles.len() + 2
            );
            let community_id = self.scope.community_id;
            let mut q = sqlx::query(&text).bind(community_id);
            for role in &roles {
                q = q.bind(*role);
            }
            let rows = q
                .bind(i64::from(limit.clamp(1, 500)))
                .fetch_all(self.conn().await?)
                .await
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            member_rows(rows)
        })
    }

    /// Asked about the call's own viewer only: the guest names the member, never the viewer.
    async fn blocked_viewer(&mut self, id: String) -> HostResult<bool> {
        host_call!(self, {
            self.require(Capability::MembersRead)?;
            let (Some(viewer), Ok(member)) = (self.viewer_account(), id.parse::<i64>()) else {
                return Ok(false);
            };
            if member == viewer {
                return Ok(false);
            }
            let community_id = self.scope.community_id;
            crate::moderation::member_blocks::member_blocked(
                self.conn().await?,
                community_id,
                member,
                viewer,
            )
            .await
            .map_err(|e| types::Error::Internal(e.to_string()))
        })
    }
}

impl wit::notify::Host for CallState {
    async fn send(
        &mut self,
        to: wit::notify::Recipients,
        msg: wit::notify::Message,
    ) -> HostResult<()> {
        host_call!(self, {
            self.require(Capability::Notify)?;
            // A reading call's transaction is never committed: say so instead of dropping
            // the message silently.
            self.require_write()?;
            let Some(&(_, default_delivery)) = self
                .notification_kinds
                .iter()
                .find(|(id, _)| *id == msg.kind)
            else {
                return Err(types::Error::Invalid(format!(
                    "'{}' is not a declared notification kind",
                    msg.kind
                )));
            };
            // Urgent messages are mailed at once whatever the person chose.
            let (delivery, delivery_expr) = if msg.urgent {
                (Delivery::Instant, "$9")
            } else {
                (default_delivery, "COALESCE(p.delivery, $9)")
            };
            if msg.title.trim().is_empty()
                || msg.title.chars().count() > 200
                || msg.body.chars().count() > 5000
            {
                return Err(types::Error::Invalid(
                    "titles need 1–200 characters, bodies at most 5000".into(),
                ));
            }
            let link = match &msg.link {
                Some(l) if l.len() < 500 && stays_below_mount(l) => {
                    Some(format!("{}{l}", self.mount_path))
                }
                Some(_) => {
                    return Err(types::Error::Invalid(
                        "links are paths below the plugin's mount".into(),
                    ));
                }
                None => None,
            };
            // Recipients are bound after the nine message parameters.
            let viewer = self.viewer_account();
            let (filter, people, roles): (String, Vec<i64>, Vec<&'static str>) = match &to {
                wit::notify::Recipients::People(ids) => {
                    let mut ids: Vec<i64> = ids
                        .iter()
                        .filter_map(|i| i.parse().ok())
                        .take(1000)
                        .collect();
                    let mut filter = format!("m.account_id IN ({})", placeholders(10, ids.len()));
                    // People the viewer's request chose: not those who blocked the viewer.
                    if let Some(viewer) = viewer.filter(|_| !ids.is_empty()) {
                        filter.push_str(&format!(
                            " AND NOT EXISTS (SELECT 1 FROM member_blocks b \
                             WHERE b.account_id = m.account_id AND b.blocked_id = ${})",
                            10 + ids.len()
                        ));
                        ids.push(viewer);
                    }
                    (filter, ids, vec![])
                }
                wit::notify::Recipients::RoleAtLeast(role) => {
                    let roles = stored_roles_at_least(role_from_raw(*role));
                    (
                        format!("m.role IN ({})", placeholders(10, roles.len())),
                        vec![],
                        roles,
                    )
                }
            };
            if people.is_empty() && roles.is_empty() {
                return Ok(());
            }
            // Each recipient's channel (their choice for this kind, else the kind's default)
            // is decided now, in the same statement.
            let text = format!(
                "INSERT INTO notifications (community_id, account_id, source, kind, title, body, link, urgent, created_at, delivery) \
                 SELECT $1, m.account_id, $2, $3, $4, $5, $6, $7, $8, {delivery_expr} FROM memberships m \
                 LEFT JOIN notification_preferences p ON p.account_id = m.account_id \
                 AND p.community_id = m.community_id AND p.source = $2 AND p.kind = $3 \
                 WHERE m.community_id = $1 AND {filter}"
            );
            let (community_id, source) = (self.scope.community_id, self.scope.plugin_id.clone());
            let mut q = sqlx::query(&text)
                .bind(community_id)
                .bind(source)
                .bind(msg.kind.clone())
                .bind(msg.title.clone())
                .bind(msg.body.clone())
                .bind(link)
                .bind(i64::from(msg.urgent))
                .bind(now_ms())
                .bind(delivery.as_str());
            for id in people {
                q = q.bind(id);
            }
            for role in roles {
                q = q.bind(role);
            }
            q.execute(self.conn().await?)
                .await
                .map_err(|e| types::Error::Internal(e.to_string()))?;
            // Instant mails join the outbox in this same transaction: they go out exactly
            // when the call's other writes are committed.
            let community_id = self.scope.community_id;
            let source = self.scope.plugin_id.clone();
            let queued = crate::mail::outbox::enqueue_instant_notifications(
                self.conn().await?,
                community_id,
                &source,
            )
            .await
            .map_err(|e| types::Error::Internal(e.to_string()))?;
            self.queued_mail |= queued > 0;
            Ok(())
        })
    }
}

impl wit::banners::Host for CallState {
    async fn publish(&mut self, banner: wit::banners::Banner) -> HostResult<()> {
        host_call!(self, {
            self.require(Capability::Banners)?;
            self.require_write()?;
            let banner = banners::NewBanner {
                key: banner.key,
                level: match banner.level {
                    wit::banners::Level::Info => banners::Level::Info,
                    wit::banners::Level::Warning => banners::Level::Warning,
                    wit::banners::Level::Urgent => banners::Level::Urgent,
                },
                title: banner.title,
                summary: banner.summary,
                link: banner.link,
                starts_at: banner.starts_at,
                ends_at: banner.ends_at,
                members_only: banner.members_only,
            };
            banners::check(&banner).map_err(types::Error::Invalid)?;
            let scope = self.scope.clone();
            banners::publish(self.conn().await?, &scope, &banner)
                .await
                .map_err(|e| records_error(e.into(), &scope.plugin_id))
        })
    }

    async fn withdraw(&mut self, key: String) -> HostResult<bool> {
        host_call!(self, {
            self.require(Capability::Banners)?;
            self.require_write()?;
            banners::check_key(&key).map_err(types::Error::Invalid)?;
            let scope = self.scope.clone();
            banners::withdraw(self.conn().await?, &scope, &key)
                .await
                .map_err(|e| records_error(e.into(), &scope.plugin_id))
        })
    }
}

fn blob_to_wit(info: crate::blobs::store::BlobInfo) -> wit::blobs::Blob {
    wit::blobs::Blob {
        id: info.id,
        content_type: info.content_type,
        width: info.width,
        height: info.height,
        size: info.size,
        kept: info.kept,
    }
}

impl CallState {
    /// The viewer's account id, for the blobs they uploaded.
    fn viewer_account(&self) -> Option<i64> {
        self.viewer.id.as_deref().and_then(|id| id.parse().ok())
    }

    /// Holds a document just inserted for a moderator's approval, in this call's transaction.
    async fn hold_for_approval(
        &mut self,
        hold: &super::call::Hold,
        declared: &super::manifest::Reportable,
        collection: &str,
        doc: &store::Document,
    ) -> Result<(), types::Error> {
        use crate::moderation::{cases, premoderation};
        let item_ref = cases::ItemRef {
            community_id: self.scope.community_id,
            plugin_id: self.scope.plugin_id.clone(),
            collection: collection.to_owned(),
            record_id: doc.id,
        };
        let data = serde_json::from_str(&doc.data).unwrap_or_default();
        let item = cases::Item::of_document(
            &data,
            declared,
            &self.mount_path,
            doc.id,
            doc.author.as_deref(),
        );
        let slug = self.community_slug.clone();
        let plugin_id = self.scope.plugin_id.clone();
        premoderation::hold(self.conn().await?, &hold.catalogue, &slug, &item_ref, &item)
            .await
            .map_err(|e| records_error(RecordsError::Db(e), &plugin_id))?;
        if let Ok(mut held) = hold.held.lock() {
            held.push((collection.to_owned(), doc.id));
        }
        Ok(())
    }
}

impl wit::blobs::Host for CallState {
    async fn keep(&mut self, id: String) -> HostResult<wit::blobs::Blob> {
        host_call!(self, {
            self.require(Capability::Blobs)?;
            self.require_write()?;
            let (scope, viewer) = (self.scope.clone(), self.viewer_account());
            let kept = crate::blobs::store::keep(self.conn().await?, &scope, viewer, &id)
                .await
                .map_err(|e| records_error(e.into(), &scope.plugin_id))?;
            kept.map(blob_to_wit).ok_or(types::Error::NotFound)
        })
    }

    async fn get(&mut self, id: String) -> HostResult<Option<wit::blobs::Blob>> {
        host_call!(self, {
            self.require(Capability::Blobs)?;
            let (scope, viewer) = (self.scope.clone(), self.viewer_account());
            let found = crate::blobs::store::get(self.conn().await?, &scope, viewer, &id)
                .await
                .map_err(|e| records_error(e.into(), &scope.plugin_id))?;
            Ok(found.map(blob_to_wit))
        })
    }

    async fn delete(&mut self, id: String) -> HostResult<bool> {
        host_call!(self, {
            self.require(Capability::Blobs)?;
            self.require_write()?;
            let scope = self.scope.clone();
            crate::blobs::store::delete(self.conn().await?, &scope, &id)
                .await
                .map_err(|e| records_error(e.into(), &scope.plugin_id))
        })
    }
}

impl wit::format::Host for CallState {
    async fn markdown_to_html(&mut self, source: String) -> wasmtime::Result<String> {
        // Counted like any host call; past the limit the guest gets nothing to render.
        if self.charge()?.is_err() {
            return Ok(String::new());
        }
        Ok(crate::markdown::render(&source))
    }
}

impl wit::log::Host for CallState {
    async fn write(&mut self, level: wit::log::Level, message: String) -> wasmtime::Result<()> {
        if self.charge()?.is_err() {
            return Ok(());
        }
        let message: String = message.chars().take(2000).collect();
        let (plugin, version, community) = (
            &self.scope.plugin_id,
            &self.plugin_version,
            &self.community_slug,
        );
        match level {
            wit::log::Level::Debug => {
                tracing::debug!(plugin.id = %plugin, plugin.version = %version, community.slug = %community, "{message}")
            }
            wit::log::Level::Info => {
                tracing::info!(plugin.id = %plugin, plugin.version = %version, community.slug = %community, "{message}")
            }
            wit::log::Level::Warn => {
                tracing::warn!(plugin.id = %plugin, plugin.version = %version, community.slug = %community, "{message}")
            }
            wit::log::Level::Error => {
                tracing::error!(plugin.id = %plugin, plugin.version = %version, community.slug = %community, "{message}")
            }
        }
        Ok(())
    }
}
