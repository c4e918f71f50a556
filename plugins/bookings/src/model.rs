//! What the bookings module stores — resources, their blackout periods and bookings — and
//! the rules of who may see and do what with them.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};
use serde::{Deserialize, Serialize};

/// Who may request a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Requesters {
    /// Members of the community.
    Members,
    /// Anyone with an account on the instance.
    Accounts,
}

/// A room, a hut, a hall or a thing that can be booked. Kept by the community's managers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resource {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// How many people it holds.
    pub capacity: u32,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub house_rules: String,
    #[serde(default)]
    pub price_note: String,
    #[serde(default)]
    pub accessibility: String,
    pub requesters: Requesters,
    /// Requests for a free slot are confirmed at once; otherwise a manager decides.
    pub auto_accept: bool,
    /// Bookings start and end on multiples of this many minutes after midnight.
    pub granularity: i64,
    /// Opening hours, minutes after midnight (`closes` may be 1440, the end of the day).
    pub opens: i64,
    pub closes: i64,
    /// The weekdays it can be booked, 1 (Monday) to 7 (Sunday).
    pub weekdays: Vec<i64>,
    /// The longest booking, in minutes.
    pub max_minutes: i64,
    /// How many days ahead a booking may start.
    pub horizon_days: i64,
    pub active: bool,
    /// The secret in the link of the managers' detailed calendar feed.
    pub feed_token: String,
}

pub const RESOURCES: Collection<Resource> = Collection::new("resources");

impl Resource {
    /// True when the viewer may request this resource at all.
    pub fn may_request(&self, viewer: &Viewer) -> bool {
        self.active
            && match self.requesters {
                Requesters::Members => viewer.is_at_least(Role::Member),
                Requesters::Accounts => viewer.is_logged_in(),
            }
    }

    pub fn is_open_on(&self, date: Date) -> bool {
        self.weekdays.contains(&date.weekday())
    }
}

/// A period a resource cannot be booked (maintenance, a council event).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Blackout {
    pub resource: String,
    pub starts: i64,
    pub ends: i64,
    pub reason: String,
}

pub const BLACKOUTS: Collection<Blackout> = Collection::new("blackouts");

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Declined,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
        }
    }

    /// Pending and approved bookings hold their time in the calendar.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Pending | Status::Approved)
    }
}

/// A request for a resource, from the request to the decision and maybe a cancellation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Booking {
    pub resource: String,
    pub starts: i64,
    pub ends: i64,
    pub status: Status,
    pub purpose: String,
    pub attendees: u32,
    /// How managers can reach the requester (phone or email), if they gave one.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub note: String,
    /// An approved public event shows its purpose as its title to everyone.
    #[serde(default)]
    pub public_event: bool,
    /// The requester's account id (also the record's author).
    pub requester: String,
    /// The requester's name when they asked.
    pub requester_name: String,
    /// Bookings requested together as a weekly series share this key.
    #[serde(default)]
    pub series: Option<String>,
    /// Why it was declined or cancelled, in the words of whoever did it.
    #[serde(default)]
    pub reason: String,
    /// Why it was declined, as a message key, when the module declined it (e.g. because an
    /// overlapping request was approved).
    #[serde(default)]
    pub reason_key: String,
    /// Who declined, approved or cancelled it, and when.
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub decided_at: Option<i64>,
}

pub const BOOKINGS: Collection<Booking> = Collection::new("bookings");

/// Requests waiting for a manager's decision: pending and not yet over (as the queue lists
/// them).
pub fn waiting() -> Query {
    Query::new()
        .eq("status", Status::Pending.as_str())
        .gt("ends", time::now())
}

/// The bookings of a resource that hold time in `[from, to)` — pending and approved, or only
/// approved — earliest first, for calendars and feeds.
pub fn holding_time(
    resource: &str,
    from: i64,
    to: i64,
    approved_only: bool,
) -> Result<Vec<Record<Booking>>, Error> {
    let query = Query::new().eq("resource", resource);
    let query = if approved_only {
        query.eq("status", Status::Approved.as_str())
    } else {
        query
            .ne("status", Status::Declined.as_str())
            .ne("status", Status::Cancelled.as_str())
    };
    Ok(BOOKINGS
        .find(
            query
                .lt("starts", to)
                .gt("ends", from)
                .order_by("starts")
                .limit(500),
        )?
        .items)
}

/// The bookings of a resource with `status` that overlap `[starts, ends)`, oldest request
/// first: what a new approval would collide with.
pub fn overlapping(
    resource: &str,
    starts: i64,
    ends: i64,
    status: Status,
) -> Result<Vec<Record<Booking>>, Error> {
    Ok(BOOKINGS
        .find(
            Query::new()
                .eq("resource", resource)
                .eq("status", status.as_str())
                .lt("starts", ends)
                .gt("ends", starts)
                .order_by("created-at")
                .limit(200),
        )?
        .items)
}

/// The blackout periods of a resource that overlap `[starts, ends)`.
pub fn blackouts_within(
    resource: &str,
    starts: i64,
    ends: i64,
) -> Result<Vec<Record<Blackout>>, Error> {
    Ok(BLACKOUTS
        .find(
            Query::new()
                .eq("resource", resource)
                .lt("starts", ends)
                .gt("ends", starts)
                .order_by("starts")
                .limit(100),
        )?
        .items)
}

/// What the viewer may do in the bookings module.
pub struct Powers {
    pub viewer: Viewer,
    /// Managers keep the resources and decide on requests.
    pub manages: bool,
}

impl Powers {
    pub fn load() -> Powers {
        let viewer = context::viewer();
        Powers {
            manages: viewer.is_at_least(Role::Manager),
            viewer,
        }
    }

    pub fn is_requester(&self, booking: &Booking) -> bool {
        self.viewer.id.as_deref() == Some(booking.requester.as_str())
    }

    /// The requester and the managers see a booking's details; nobody else does.
    pub fn may_see_details(&self, booking: &Booking) -> bool {
        self.manages || self.is_requester(booking)
    }

    /// The requester may cancel a booking that has not ended; managers may cancel any
    /// booking that has not ended.
    pub fn may_cancel(&self, booking: &Booking, now: i64) -> bool {
        booking.status.is_live() && booking.ends > now && self.may_see_details(booking)
    }
}
