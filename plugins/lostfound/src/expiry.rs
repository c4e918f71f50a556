//! The `expiry` job: reminds authors a few days before their entry expires, archives expired
//! entries and, a week after their happy end, returned ones. Each change is written in the
//! same call as its notification, under the module's lock, so a second run finds nothing to
//! do and sends nothing.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::entries::RESOLVED_SHOWN_DAYS;
use crate::model::{DAY, ENTRIES, Status};
use crate::notices;

pub const JOB: &str = "expiry";
/// How often the host runs it.
pub const EVERY_SECONDS: u32 = 3600;
/// Authors hear this long before their entry expires.
const REMIND_BEFORE: i64 = 3 * DAY;
/// At most this many entries per step and run; the next run does the rest.
const BATCH: u32 = 200;

/// What one run did.
#[derive(Debug, Default)]
pub struct Done {
    pub reminded: usize,
    pub expired: usize,
    pub archived: usize,
}

pub fn run() -> Result<Done, Error> {
    let now = time::now();
    let mut done = Done::default();
    // Expired first, so that an entry already past its end is archived, not reminded.
    let expired = ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Open.as_str())
                .le("expires_at", now)
                .order_by("expires_at")
                .limit(BATCH),
        )?
        .items;
    for mut entry in expired {
        entry.data.status = Status::Archived;
        entry.data.archived_reason = Some("expired".into());
        entry.data.urgent = false;
        ENTRIES.update(&entry)?;
        done.expired += 1;
    }
    let due = ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Open.as_str())
                .eq("reminded", false)
                .le("expires_at", now + REMIND_BEFORE)
                .gt("expires_at", now)
                .order_by("expires_at")
                .limit(BATCH),
        )?
        .items;
    for mut entry in due {
        entry.data.reminded = true;
        let entry = ENTRIES.update(&entry)?;
        notices::expires_soon(&entry)?;
        done.reminded += 1;
    }
    let returned = ENTRIES
        .find(
            Query::new()
                .eq("status", Status::Resolved.as_str())
                .le("resolved_at", now - RESOLVED_SHOWN_DAYS * DAY)
                .order_by("resolved_at")
                .limit(BATCH),
        )?
        .items;
    for mut entry in returned {
        entry.data.status = Status::Archived;
        entry.data.archived_reason = Some("resolved".into());
        ENTRIES.update(&entry)?;
        done.archived += 1;
    }
    Ok(done)
}
