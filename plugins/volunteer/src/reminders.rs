//! The `reminders` job: each confirmed volunteer hears of their shift once, the chosen time
//! before it. The sign-up is marked in the same call that sends the notification, and job
//! calls write under the module's lock, so a run that repeats (or races another) finds the
//! mark and sends nothing twice.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::model::{CALLS, SHIFTS, SIGNUPS, SignupStatus};
use crate::notices;

pub const JOB: &str = "reminders";
/// How often the host runs it.
pub const EVERY_SECONDS: u32 = 300;
/// At most this many per run; the next run sends the rest.
const BATCH: u32 = 200;

/// Sends the reminders that are due. Returns how many went out.
pub fn run() -> Result<usize, Error> {
    let now = time::now();
    let due = SIGNUPS
        .find(
            Query::new()
                .eq("status", SignupStatus::Confirmed.as_str())
                .eq("reminded", false)
                .le("remind_at", now)
                .gt("starts", now)
                .order_by("remind_at")
                .limit(BATCH),
        )?
        .items;
    let mut sent = 0;
    for mut signup in due {
        signup.data.reminded = true;
        let signup = SIGNUPS.update(&signup)?;
        let (Some(call), Some(shift)) = (
            CALLS.get(&signup.data.call)?,
            SHIFTS.get(&signup.data.shift)?,
        ) else {
            continue;
        };
        notices::reminder(&call.data, &signup, &shift.data.label)?;
        sent += 1;
    }
    Ok(sent)
}
