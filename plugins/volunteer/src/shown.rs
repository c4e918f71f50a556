//! A call as the viewer may see it. The one place that decides who sees names: organisers
//! (and moderators) see every volunteer with their comment; a volunteer of the call sees the
//! others who chose to show their name; everyone else sees counts only.

use quartier_plugin_sdk::dates;
use quartier_plugin_sdk::prelude::*;

use crate::model::{Call, Item, Pledge, Powers, Shift, Signup, SignupStatus};

/// "Sa, 04.07.2026, 14:00–16:00".
pub fn span(starts: i64, ends: i64) -> String {
    dates::span(&context::viewer().language, starts, ends)
}

/// What a call's card in a list shows: no names at all.
pub fn card(call: &Record<Call>, powers: &Powers, now: i64) -> Json {
    let c = &call.data;
    let status = c.shown_status(now);
    json!({
        "href": format!("/calls/{}", call.id),
        "title": c.title,
        "on_behalf": c.on_behalf,
        "place": c.place,
        "when": if c.ends > 0 { span(c.starts, c.ends) } else { String::new() },
        "status": status,
        "open": status == "open",
        "members_only": !c.public,
        "open_places": c.open_places,
        "missing": c.missing,
        "needs": c.needs,
        "organises": powers.organises(c),
        // For the host's `by-person` helper, which collapses it for people who blocked them.
        "author_id": c.organiser,
    })
}

/// The viewer's place on a shift's waiting list (1 for the next to move up).
fn position(signups: &[&Record<Signup>], me: &Record<Signup>) -> usize {
    signups
        .iter()
        .filter(|s| s.data.status == SignupStatus::Waiting && s.data.seq <= me.data.seq)
        .count()
}

/// Whether the volunteer may still cancel on their own: waiting always, confirmed until the
/// call's cut-off before the shift.
pub fn may_cancel_own(call: &Call, signup: &Signup, now: i64) -> bool {
    signup.status == SignupStatus::Waiting
        || (signup.status == SignupStatus::Confirmed
            && now < signup.starts - call.cutoff_hours * crate::model::HOUR)
}

/// One shift with its counts, the viewer's own sign-up, and the people the viewer may see.
fn shift(
    call: &Call,
    shift: &Record<Shift>,
    signups: &[&Record<Signup>],
    powers: &Powers,
    volunteer: bool,
    now: i64,
) -> Json {
    let s = &shift.data;
    let organises = powers.organises(call);
    let mine = signups.iter().find(|r| powers.is(&r.data.person));
    let people: Vec<Json> = signups
        .iter()
        // The viewer's own sign-up is shown above the list; others only as the rule allows.
        .filter(|r| organises || (volunteer && r.data.show_name && !powers.is(&r.data.person)))
        .map(|r| {
            let own = powers.is(&r.data.person);
            json!({
                "id": r.id,
                "name": r.data.name,
                "comment": if organises || own { r.data.comment.as_str() } else { "" },
                "waiting": r.data.status == SignupStatus::Waiting,
                "position": if r.data.status == SignupStatus::Waiting { position(signups, r) } else { 0 },
            })
        })
        .collect();
    let started = s.starts <= now;
    json!({
        "id": shift.id,
        "label": s.label,
        "when": span(s.starts, s.ends),
        "confirmed": s.confirmed,
        "max": s.max,
        "min": s.min,
        // Worth saying only when fewer than all places would do.
        "below_min": s.confirmed < s.min && s.min < s.max,
        "free": s.free(),
        "waiting": s.waiting,
        "full": s.free() == 0,
        "started": started,
        "may_sign_up": powers.member && call.accepts(now) && !started && mine.is_none(),
        "mine": mine.map(|r| json!({
            "id": r.id,
            "waiting": r.data.status == SignupStatus::Waiting,
            "position": position(signups, r),
            "comment": r.data.comment,
            "may_cancel": !started && may_cancel_own(call, &r.data, now),
        })),
        "people": people,
    })
}

/// One item with what is missing, the viewer's pledges, and (for organisers) who pledged.
fn item(
    item: &Record<Item>,
    pledges: &[Record<Pledge>],
    powers: &Powers,
    call: &Call,
    now: i64,
) -> Json {
    let i = &item.data;
    let of_item = || pledges.iter().filter(|p| p.data.item == item.id);
    let organises = powers.organises(call);
    json!({
        "id": item.id,
        "label": i.label,
        "wanted": i.wanted,
        "pledged": i.pledged,
        "missing": i.missing(),
        "extra_welcome": i.extra_welcome,
        "may_pledge": powers.member && call.accepts(now) && (i.missing() > 0 || i.extra_welcome),
        "mine": of_item().filter(|p| powers.is(&p.data.person)).map(|p| json!({
            "id": p.id, "quantity": p.data.quantity, "comment": p.data.comment,
        })).collect::<Vec<_>>(),
        "pledgers": if organises {
            of_item().map(|p| json!({
                "name": p.data.name, "quantity": p.data.quantity, "comment": p.data.comment,
            })).collect::<Vec<_>>()
        } else {
            vec![]
        },
    })
}

/// The whole call page's data.
pub fn call(
    call: &Record<Call>,
    shifts: &[Record<Shift>],
    signups: &[Record<Signup>],
    items: &[Record<Item>],
    pledges: &[Record<Pledge>],
    powers: &Powers,
    now: i64,
) -> Json {
    let c = &call.data;
    let volunteer = signups.iter().any(|s| powers.is(&s.data.person));
    let shifts: Vec<Json> = shifts
        .iter()
        .map(|sh| {
            let of_shift: Vec<&Record<Signup>> =
                signups.iter().filter(|s| s.data.shift == sh.id).collect();
            shift(c, sh, &of_shift, powers, volunteer, now)
        })
        .collect();
    let items: Vec<Json> = items
        .iter()
        .map(|i| item(i, pledges, powers, c, now))
        .collect();
    let mut data = card(call, powers, now);
    let extra = json!({
        "id": call.id,
        "description": c.description,
        // Members see who organises; visitors the club it is for, if any.
        "organiser_name": if powers.member { c.organiser_name.as_str() } else { "" },
        "cancel_reason": c.cancel_reason,
        "closed": c.status == crate::model::CallStatus::Closed,
        "cancelled": c.status == crate::model::CallStatus::Cancelled,
        "accepts": c.accepts(now),
        "may_contact": powers.member && !powers.is(&c.organiser),
        "logged_in": powers.viewer.is_logged_in(),
        "member": powers.member,
        "hidden": call.hidden,
        "volunteer": volunteer,
        "remind_hours": c.remind_hours,
        "cutoff_hours": c.cutoff_hours,
        "shifts": shifts,
        "items": items,
    });
    if let (Json::Object(data), Json::Object(extra)) = (&mut data, extra) {
        data.extend(extra);
    }
    data
}
