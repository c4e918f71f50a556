//! What the volunteer module stores — calls, their shifts and the things they need, sign-ups,
//! pledges and personal feed links — and the rules of who may see and do what.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;
use serde::{Deserialize, Serialize};

/// Whether people can still say yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallStatus {
    Open,
    /// The organiser stopped sign-ups (enough people, or plans changed); can be reopened.
    Closed,
    /// Called off; everyone signed up was told.
    Cancelled,
}

/// A call for help: "Helfer:innen für das Dorffest".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Call {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The account id of the person who posted it.
    pub organiser: String,
    pub organiser_name: String,
    /// A club or group the organiser posts for ("TSV Ransbach"), or empty.
    #[serde(default)]
    pub on_behalf: String,
    #[serde(default)]
    pub place: String,
    /// Visitors see public calls; members-only calls are for members.
    pub public: bool,
    pub status: CallStatus,
    #[serde(default)]
    pub cancel_reason: String,
    /// Hours before a shift that its volunteers are reminded; 0 for no reminder.
    pub remind_hours: i64,
    /// Hours before a shift after which a volunteer can no longer cancel on their own.
    pub cutoff_hours: i64,
    // Kept up to date from the shifts and items (see `refresh_call`), so that lists can
    // sort and filter without reading every shift.
    /// The start of the first shift and the end of the last.
    pub starts: i64,
    pub ends: i64,
    /// Free places over all shifts that have not started.
    pub open_places: i64,
    /// Things still missing over all items.
    pub missing: i64,
    /// Free places or missing things.
    pub needs: bool,
}

pub const CALLS: Collection<Call> = Collection::new("calls");

impl Call {
    /// Over when its last shift has ended.
    pub fn is_past(&self, now: i64) -> bool {
        self.ends <= now
    }

    /// People can sign up and pledge.
    pub fn accepts(&self, now: i64) -> bool {
        self.status == CallStatus::Open && !self.is_past(now)
    }

    /// open, closed, cancelled or past, as shown.
    pub fn shown_status(&self, now: i64) -> &'static str {
        match self.status {
            CallStatus::Cancelled => "cancelled",
            _ if self.is_past(now) => "past",
            CallStatus::Closed => "closed",
            CallStatus::Open => "open",
        }
    }

    /// When the volunteers of a shift starting at `starts` are reminded; none without
    /// reminders.
    pub fn reminder_for(&self, starts: i64) -> Option<i64> {
        (self.remind_hours > 0).then(|| starts - self.remind_hours * HOUR)
    }
}

pub const HOUR: i64 = 3_600_000;

/// A shift: a stretch of time and how many people it needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Shift {
    pub call: String,
    pub starts: i64,
    pub ends: i64,
    pub label: String,
    /// How many are needed at least, and how many can take part.
    pub min: u32,
    pub max: u32,
    /// Kept up to date with the sign-ups (see `recount`).
    pub confirmed: u32,
    pub waiting: u32,
    /// The arrival number the next sign-up gets: the order of the waiting list.
    pub next_seq: i64,
}

pub const SHIFTS: Collection<Shift> = Collection::new("shifts");

impl Shift {
    pub fn free(&self) -> u32 {
        self.max.saturating_sub(self.confirmed)
    }
}

/// Where a sign-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignupStatus {
    Confirmed,
    Waiting,
    /// Cancelled by the volunteer (or because the shift or call was called off).
    Cancelled,
    /// Removed by an organiser, with a reason.
    Removed,
}

impl SignupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waiting => "waiting",
            SignupStatus::Cancelled => "cancelled",
            SignupStatus::Removed => "removed",
        }
    }

    pub fn is_live(self) -> bool {
        matches!(self, SignupStatus::Confirmed | SignupStatus::Waiting)
    }
}

/// A person's yes to a shift (or their place on its waiting list).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Signup {
    pub call: String,
    pub shift: String,
    pub person: String,
    pub name: String,
    #[serde(default)]
    pub comment: String,
    /// The volunteer lets the other volunteers of the call see their name.
    #[serde(default)]
    pub show_name: bool,
    pub status: SignupStatus,
    /// Arrival order within the shift.
    pub seq: i64,
    /// The shift's time, copied for "my commitments", feeds and reminders.
    pub starts: i64,
    pub ends: i64,
    /// When the reminder is due; none when the call sends no reminders.
    #[serde(default)]
    pub remind_at: Option<i64>,
    /// The reminder went out.
    pub reminded: bool,
    /// Why an organiser removed it.
    #[serde(default)]
    pub reason: String,
}

pub const SIGNUPS: Collection<Signup> = Collection::new("signups");

/// A thing the call needs: "2 Leitern", "10 Kuchen".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    pub call: String,
    pub label: String,
    pub wanted: u32,
    /// Kept up to date with the pledges.
    pub pledged: u32,
    /// Pledges may go beyond what was asked ("cakes: the more the better").
    #[serde(default)]
    pub extra_welcome: bool,
}

pub const ITEMS: Collection<Item> = Collection::new("items");

impl Item {
    pub fn missing(&self) -> u32 {
        self.wanted.saturating_sub(self.pledged)
    }
}

/// A person's promise to bring some of an item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pledge {
    pub call: String,
    pub item: String,
    pub person: String,
    pub name: String,
    pub quantity: u32,
    #[serde(default)]
    pub comment: String,
    pub withdrawn: bool,
}

pub const PLEDGES: Collection<Pledge> = Collection::new("pledges");

/// The secret of a person's calendar feed of their commitments.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Feed {
    pub person: String,
    pub token: String,
}

pub const FEEDS: Collection<Feed> = Collection::new("feeds");

/// The live sign-ups of a shift: confirmed and waiting, in arrival order.
pub fn live_signups_of_shift(shift: &str) -> Result<Vec<Record<Signup>>, Error> {
    live(Query::new().eq("shift", shift))
}

/// The live sign-ups of a call, in arrival order per shift.
pub fn live_signups_of_call(call: &str) -> Result<Vec<Record<Signup>>, Error> {
    live(Query::new().eq("call", call))
}

fn live(query: Query) -> Result<Vec<Record<Signup>>, Error> {
    Ok(SIGNUPS
        .find(
            query
                .ne("status", SignupStatus::Cancelled.as_str())
                .ne("status", SignupStatus::Removed.as_str())
                .order_by("seq")
                .limit(500),
        )?
        .items)
}

/// The shifts of a call, earliest first.
pub fn shifts_of(call: &str) -> Result<Vec<Record<Shift>>, Error> {
    Ok(SHIFTS
        .find(Query::new().eq("call", call).order_by("starts").limit(200))?
        .items)
}

/// The items of a call, in the order they were added.
pub fn items_of(call: &str) -> Result<Vec<Record<Item>>, Error> {
    Ok(ITEMS
        .find(
            Query::new()
                .eq("call", call)
                .order_by("created-at")
                .limit(200),
        )?
        .items)
}

/// The pledges of a call that still hold, oldest first.
pub fn pledges_of(call: &str) -> Result<Vec<Record<Pledge>>, Error> {
    Ok(PLEDGES
        .find(
            Query::new()
                .eq("call", call)
                .eq("withdrawn", false)
                .order_by("created-at")
                .limit(500),
        )?
        .items)
}

/// Recomputes a call's dates and what it still needs from its shifts and items, and saves it
/// if anything changed. Every change to shifts, sign-ups, items or pledges ends with this.
pub fn refresh_call(call: &mut Record<Call>) -> Result<(), Error> {
    let now = time::now();
    let shifts = shifts_of(&call.id)?;
    let items = items_of(&call.id)?;
    let starts = shifts.iter().map(|s| s.data.starts).min().unwrap_or(0);
    let ends = shifts.iter().map(|s| s.data.ends).max().unwrap_or(0);
    let open_places: i64 = shifts
        .iter()
        .filter(|s| s.data.starts > now)
        .map(|s| i64::from(s.data.free()))
        .sum();
    let missing: i64 = items.iter().map(|i| i64::from(i.data.missing())).sum();
    let c = &call.data;
    let needs = open_places > 0 || missing > 0;
    if (c.starts, c.ends, c.open_places, c.missing, c.needs)
        == (starts, ends, open_places, missing, needs)
    {
        return Ok(());
    }
    call.data.starts = starts;
    call.data.ends = ends;
    call.data.open_places = open_places;
    call.data.missing = missing;
    call.data.needs = needs;
    *call = CALLS.update(call)?;
    Ok(())
}

/// How many sign-ups of a shift have this status, counted in the database (not limited by
/// a page size, however many people a shift takes).
pub fn count_with(shift: &str, status: SignupStatus) -> Result<u32, Error> {
    let n = SIGNUPS.count(
        Query::new()
            .eq("shift", shift)
            .eq("status", status.as_str()),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The person's live sign-up for a shift, if any.
pub fn live_signup_of(shift: &str, person: &str) -> Result<Option<Record<Signup>>, Error> {
    Ok(live(Query::new().eq("shift", shift).eq("person", person))?
        .into_iter()
        .next())
}

/// A waiting sign-up's place on its shift's waiting list (1 moves up next), counted.
pub fn place_on_waiting_list(signup: &Signup) -> Result<u64, Error> {
    SIGNUPS.count(
        Query::new()
            .eq("shift", signup.shift.as_str())
            .eq("status", SignupStatus::Waiting.as_str())
            .le("seq", signup.seq),
    )
}

/// The first `n` people on a shift's waiting list, in arrival order.
pub fn first_waiting(shift: &str, n: u32) -> Result<Vec<Record<Signup>>, Error> {
    Ok(SIGNUPS
        .find(
            Query::new()
                .eq("shift", shift)
                .eq("status", SignupStatus::Waiting.as_str())
                .order_by("seq")
                .limit(n),
        )?
        .items)
}

/// A shift's confirmed and waiting people, counted.
fn counts(shift: &str) -> Result<(u32, u32), Error> {
    Ok((
        count_with(shift, SignupStatus::Confirmed)?,
        count_with(shift, SignupStatus::Waiting)?,
    ))
}

/// Counts a shift's confirmed and waiting people again and saves the counts if they changed.
pub fn recount(shift: &mut Record<Shift>) -> Result<(), Error> {
    if (shift.data.confirmed, shift.data.waiting) != counts(&shift.id)? {
        save_counted(shift)?;
    }
    Ok(())
}

/// Saves a changed shift with its counts brought up to date, in one write.
pub fn save_counted(shift: &mut Record<Shift>) -> Result<(), Error> {
    (shift.data.confirmed, shift.data.waiting) = counts(&shift.id)?;
    *shift = SHIFTS.update(shift)?;
    Ok(())
}

/// What the viewer may do in the module.
pub struct Powers {
    pub viewer: Viewer,
    pub member: bool,
    /// Moderators and managers organise every call.
    pub moderates: bool,
}

impl Powers {
    pub fn load() -> Powers {
        let viewer = context::viewer();
        Powers {
            member: viewer.is_at_least(Role::Member),
            moderates: viewer.is_at_least(Role::Moderator),
            viewer,
        }
    }

    pub fn is(&self, person: &str) -> bool {
        self.viewer.id.as_deref() == Some(person)
    }

    /// The call's organiser, or a moderator or manager: sees names and comments, edits.
    pub fn organises(&self, call: &Call) -> bool {
        self.moderates || (self.member && self.is(&call.organiser))
    }

    /// Visitors see public calls; members see all.
    pub fn may_see(&self, call: &Call) -> bool {
        call.public || self.member || self.organises(call)
    }

    /// Moderators always; members when the community lets them (the default).
    pub fn may_create(&self) -> bool {
        self.moderates || (self.member && members_create_calls())
    }
}

/// The community setting `members_create_calls` (true unless a manager turned it off).
pub fn members_create_calls() -> bool {
    context::community()
        .settings
        .get("members_create_calls")
        .and_then(Json::as_bool)
        .unwrap_or(true)
}
