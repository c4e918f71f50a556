//! "My commitments": a member's shifts (with their place on a waiting list), what they
//! promised to bring, the calls they organise, and their personal calendar feed behind a
//! secret link.

use quartier_plugin_sdk::ics;
use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::random;
use quartier_plugin_sdk::time::{self, Date};

use crate::model::{
    CALLS, FEEDS, Feed, PLEDGES, Powers, SHIFTS, SIGNUPS, SignupStatus, place_on_waiting_list,
};
use crate::shifts::shift_event;
use crate::{items, shown};

/// How far back the feed reaches: calendar apps keep what they saw.
const FEED_PAST_DAYS: i64 = 60;

/// A person's live sign-ups that end after `since`, soonest first.
fn commitments(person: &str, since: i64) -> Result<Vec<Record<crate::model::Signup>>, Error> {
    Ok(SIGNUPS
        .find(
            Query::new()
                .eq("person", person)
                .ne("status", SignupStatus::Cancelled.as_str())
                .ne("status", SignupStatus::Removed.as_str())
                .gt("ends", since)
                .order_by("starts")
                .limit(200),
        )?
        .items)
}

fn feed_of(person: &str) -> Result<Option<Record<Feed>>, Error> {
    Ok(FEEDS
        .find(Query::new().eq("person", person).limit(1))?
        .items
        .into_iter()
        .next())
}

pub fn page() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let person = powers.viewer.id.clone().unwrap_or_default();
    let now = time::now();
    let mut shifts = Vec::new();
    for signup in commitments(&person, now)? {
        let (Some(shift), Some(call)) = (
            SHIFTS.get(&signup.data.shift)?,
            CALLS.get(&signup.data.call)?,
        ) else {
            continue;
        };
        let waiting = signup.data.status == SignupStatus::Waiting;
        let position = if waiting {
            place_on_waiting_list(&signup.data)?
        } else {
            0
        };
        shifts.push(json!({
            "id": signup.id,
            "call": call.data.title,
            "href": format!("/calls/{}", call.id),
            "label": shift.data.label,
            "when": shown::span(shift.data.starts, shift.data.ends),
            "place": call.data.place,
            "waiting": waiting,
            "position": position,
            "comment": signup.data.comment,
            "may_cancel": shift.data.starts > now && shown::may_cancel_own(&call.data, &signup.data, now),
            "ics": format!("/shifts/{}/event.ics", shift.id),
        }));
    }
    let mut pledges = Vec::new();
    let found = PLEDGES
        .find(
            Query::new()
                .eq("person", person.as_str())
                .eq("withdrawn", false)
                .order_by("created-at")
                .descending()
                .limit(100),
        )?
        .items;
    for pledge in &found {
        if let Some(entry) = items::mine_entry(pledge)?
            && entry["status"] != "past"
        {
            pledges.push(entry);
        }
    }
    let organised: Vec<Json> = CALLS
        .find(
            Query::new()
                .eq("organiser", person.as_str())
                .gt("ends", now)
                .order_by("starts")
                .limit(100),
        )?
        .items
        .iter()
        .map(|c| shown::card(c, &powers, now))
        .collect();
    let feed = feed_of(&person)?.map(|f| {
        format!(
            "{}/feed/{}.ics",
            context::community().mount_url,
            f.data.token
        )
    });
    let title = powers.viewer.pick("Meine Einsätze", "My commitments");
    Ok(Response::view(View::new("mine", title).data(json!({
        "shifts": shifts,
        "pledges": pledges,
        "organised": organised,
        "feed": feed,
    }))))
}

/// Creates the person's feed link, or replaces it (the old link stops working).
pub fn renew_feed() -> Result<Response, Error> {
    let powers = Powers::load();
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let person = powers.viewer.id.clone().unwrap_or_default();
    match feed_of(&person)? {
        Some(mut feed) => {
            feed.data.token = random::token();
            FEEDS.update(&feed)?;
        }
        None => {
            FEEDS.insert(&Feed {
                person,
                token: random::token(),
            })?;
        }
    }
    Ok(Response::redirect("/mine#feed").with_flash("flash-feed-ready"))
}

/// The personal feed: the person's shifts from two months back on, waiting ones tentative.
/// Calendar apps fetch it without a session; the token is the key.
pub fn feed(file: &str) -> Result<Response, Error> {
    let Some(token) = file.strip_suffix(".ics").filter(|t| !t.is_empty()) else {
        return Ok(Response::not_found());
    };
    let Some(feed) = FEEDS
        .find(Query::new().eq("token", token).limit(1))?
        .items
        .into_iter()
        .next()
        .filter(|f| random::same_secret(token, &f.data.token))
    else {
        return Ok(Response::not_found());
    };
    let community = context::community();
    let since = Date::today().add_days(-FEED_PAST_DAYS).start();
    let mut events = Vec::new();
    for signup in commitments(&feed.data.person, since)? {
        let Some(shift) = SHIFTS.get(&signup.data.shift)? else {
            continue;
        };
        let Some(call) = CALLS.get(&shift.data.call)? else {
            continue;
        };
        let waiting = signup.data.status == SignupStatus::Waiting;
        events.push(shift_event(&call, &shift, waiting, &community));
    }
    let name = if community.language == "de" {
        format!("Meine Einsätze – {}", community.name)
    } else {
        format!("My commitments – {}", community.name)
    };
    Ok(ics::body(&name, &events, None))
}
