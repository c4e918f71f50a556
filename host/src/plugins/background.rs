//! Plugin work without a request: host events delivered to the plugins that subscribed, and
//! scheduled jobs. Both run as writing calls with the usual limits and no viewer.

use std::time::Duration;

use sqlx::Row;

use super::Plugins;
use super::call::{CallContext, Invocation, Outcome};
use crate::communities::{self, Community};
use crate::db::{Db, now_ms};

/// Delivers a host event (`member-joined`, `member-left`, `settings-changed`; the `item-…`
/// events only to the item's plugin, named by `only`) to every plugin enabled in the
/// community that subscribed to it. Failures are logged per plugin.
pub async fn deliver_event(
    plugins: &Plugins,
    db: &Db,
    base_url: &str,
    community: &Community,
    kind: &str,
    payload: serde_json::Value,
    only: Option<&str>,
) {
    let enabled = match plugins.enabled_in(db.pool(), community.id).await {
        Ok(enabled) => enabled,
        Err(e) => {
            tracing::warn!(error = %e, "could not look up plugins for an event");
            return;
        }
    };
    for module in enabled
        .iter()
        .filter(|m| m.plugin.manifest.events.iter().any(|e| e == kind))
        .filter(|m| only.is_none_or(|id| m.plugin.manifest.id == id))
    {
        let ctx = CallContext::new(base_url, community, module, None, community.language);
        let invocation = Invocation::Event {
            kind: kind.to_owned(),
            payload_json: payload.to_string(),
        };
        if let Ok(Outcome::Done(Err(message))) =
            plugins.call(db, &module.plugin, ctx, invocation).await
        {
            tracing::warn!(plugin.id = %module.plugin.manifest.id, community.slug = %community.slug, event = kind, %message, "plugin refused an event");
        }
    }
}

/// Runs every job that is due, at most one run at a time per (community, plugin, job), also
/// with several processes. Returns how many runs were started.
pub async fn run_due_jobs(
    plugins: &Plugins,
    db: &Db,
    base_url: &str,
) -> Result<usize, sqlx::Error> {
    let with_jobs: Vec<String> = plugins
        .all()
        .iter()
        .filter(|p| !p.manifest.jobs.is_empty())
        .map(|p| p.manifest.id.clone())
        .collect();
    if with_jobs.is_empty() {
        return Ok(0);
    }
    let rows = sqlx::query(
        "SELECT cp.community_id, cp.plugin_id FROM community_plugins cp JOIN communities c ON c.id = cp.community_id \
         WHERE cp.enabled = 1 AND c.archived_at IS NULL ORDER BY cp.community_id",
    )
    .fetch_all(db.pool())
    .await?;
    let mut started = 0;
    for row in rows {
        let plugin_id: String = row.try_get("plugin_id")?;
        if !with_jobs.contains(&plugin_id) {
            continue;
        }
        let community_id: i64 = row.try_get("community_id")?;
        let Some(community) = communities::find_by_id(db.pool(), community_id).await? else {
            continue;
        };
        let enabled = plugins.enabled_in(db.pool(), community_id).await?;
        let Some(module) = enabled
            .into_iter()
            .find(|m| m.plugin.manifest.id == plugin_id)
        else {
            continue;
        };
        for job in &module.plugin.manifest.jobs {
            if !claim(
                db,
                community_id,
                &plugin_id,
                &job.name,
                job.every_seconds,
                plugins.engine().limits.wall_ms,
            )
            .await?
            {
                continue;
            }
            started += 1;
            let ctx = CallContext::new(base_url, &community, &module, None, community.language);
            let outcome = plugins
                .call(db, &module.plugin, ctx, Invocation::Job(job.name.clone()))
                .await;
            if let Ok(Outcome::Done(Err(message))) = &outcome {
                tracing::warn!(plugin.id = %plugin_id, community.slug = %community.slug, job = %job.name, %message, "plugin job failed");
            }
            finish(db, community_id, &plugin_id, &job.name).await?;
        }
    }
    Ok(started)
}

/// Claims a due job: one conditional upsert, so two processes cannot both win.
async fn claim(
    db: &Db,
    community_id: i64,
    plugin_id: &str,
    job: &str,
    every_seconds: u32,
    wall_ms: u64,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO plugin_job_runs (community_id, plugin_id, job, last_started, running_until) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (community_id, plugin_id, job) DO UPDATE SET last_started = $4, running_until = $5 \
         WHERE plugin_job_runs.running_until < $4 AND plugin_job_runs.last_started <= $6",
    )
    .bind(community_id)
    .bind(plugin_id)
    .bind(job)
    .bind(now)
    // A run that crashed the process frees its claim after twice the wall time.
    .bind(now + 2 * wall_ms as i64)
    .bind(now - i64::from(every_seconds) * 1000)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn finish(db: &Db, community_id: i64, plugin_id: &str, job: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE plugin_job_runs SET running_until = $1 WHERE community_id = $2 AND plugin_id = $3 AND job = $4")
        .bind(now_ms() - 1)
        .bind(community_id)
        .bind(plugin_id)
        .bind(job)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Looks for due jobs every `every` until the process ends.
pub fn spawn_scheduler(
    plugins: std::sync::Arc<Plugins>,
    db: Db,
    base_url: String,
    every: Duration,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            plugins.sync_if_stale(&db).await;
            if let Err(e) = run_due_jobs(&plugins, &db, &base_url).await {
                tracing::warn!(error = %e, "plugin scheduler failed");
            }
        }
    });
}
