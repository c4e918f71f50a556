//! Things a call needs ("2 Leitern", "10 Kuchen"): the organiser's list, members' pledges,
//! and the rule that pledges do not go beyond what was asked unless the organiser allows it.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::calls::{Lookup, organised, visible};
use crate::forms::{ItemForm, PledgeForm};
use crate::model::{CALLS, Call, ITEMS, Item, PLEDGES, Pledge, Powers, refresh_call};
use crate::shown;

fn form_view(
    form: &ItemForm,
    call: &Record<Call>,
    item: Option<&Record<Item>>,
    powers: &Powers,
) -> View {
    let (title, action) = match item {
        Some(i) => (
            powers.viewer.pick("Sache bearbeiten", "Edit item"),
            format!("/items/{}/edit", i.id),
        ),
        None => (
            powers.viewer.pick("Was gebraucht wird", "Something needed"),
            format!("/calls/{}/items/new", call.id),
        ),
    };
    View::new("item_form", title).data(json!({
        "form": form,
        "action": action,
        "editing": item.is_some(),
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id) },
        "pledged": item.map(|i| i.data.pledged).unwrap_or(0),
    }))
}

pub fn new_form(call_id: &str) -> Result<Response, Error> {
    let (call, powers) = match organised(call_id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    Ok(Response::view(form_view(
        &ItemForm::default(),
        &call,
        None,
        &powers,
    )))
}

pub fn create(call_id: &str, req: &Request) -> Result<Response, Error> {
    let (mut call, powers) = match organised(call_id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ItemForm::from_request(req);
    let mut errors = FieldErrors::new();
    let Some((label, wanted)) = form.check(&mut errors) else {
        return Ok(Response::invalid(
            form_view(&form, &call, None, &powers),
            errors,
        ));
    };
    let item = ITEMS.insert(&Item {
        call: call.id.clone(),
        label,
        wanted,
        pledged: 0,
        extra_welcome: form.extra_welcome,
    })?;
    refresh_call(&mut call)?;
    Ok(
        Response::redirect(&format!("/calls/{}#item-{}", call.id, item.id))
            .with_flash("flash-item-added"),
    )
}

/// The item and its call, if the viewer organises the call.
fn organised_item(id: &str) -> Lookup<(Record<Item>, Record<Call>, Powers)> {
    let Some(item) = ITEMS.get(id)? else {
        return Ok(Err(Response::not_found()));
    };
    Ok(organised(&item.data.call)?.map(|(call, powers)| (item, call, powers)))
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let (item, call, powers) = match organised_item(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    Ok(Response::view(form_view(
        &ItemForm::of(&item.data),
        &call,
        Some(&item),
        &powers,
    )))
}

/// Changes an item. Asking for fewer than already promised is fine (nobody's pledge is
/// cut), it just means nothing is missing any more.
pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let (mut item, mut call, powers) = match organised_item(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let form = ItemForm::from_request(req);
    let mut errors = FieldErrors::new();
    let Some((label, wanted)) = form.check(&mut errors) else {
        return Ok(Response::invalid(
            form_view(&form, &call, Some(&item), &powers),
            errors,
        ));
    };
    item.data.label = label;
    item.data.wanted = wanted;
    item.data.extra_welcome = form.extra_welcome;
    ITEMS.update(&item)?;
    refresh_call(&mut call)?;
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-saved"))
}

pub fn delete(id: &str) -> Result<Response, Error> {
    let (item, mut call, _) = match organised_item(id)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    for pledge in PLEDGES
        .find(Query::new().eq("item", item.id.as_str()).limit(500))?
        .items
    {
        PLEDGES.delete(&pledge.id)?;
    }
    ITEMS.delete(&item.id)?;
    refresh_call(&mut call)?;
    Ok(Response::redirect(&format!("/calls/{}", call.id)).with_flash("flash-item-deleted"))
}

/// The call page again with the pledge form's problem at the item.
fn pledge_refused(
    call: &Record<Call>,
    item: &Record<Item>,
    form: &PledgeForm,
    errors: FieldErrors,
    powers: &Powers,
) -> Result<Response, Error> {
    let title = powers.viewer.pick("Mitbringen", "Bring something");
    let view = View::new("pledge", title).data(json!({
        "call": { "title": call.data.title, "href": format!("/calls/{}", call.id) },
        "item": {
            "id": item.id,
            "label": item.data.label,
            "wanted": item.data.wanted,
            "missing": item.data.missing(),
        },
        "form": form,
    }));
    Ok(Response::invalid(view, errors))
}

/// A member promises to bring some of an item.
pub fn pledge(id: &str, req: &Request) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(mut item) = ITEMS.get(id)? else {
        return Ok(Response::not_found());
    };
    let Some(mut call) = visible(&item.data.call, &powers)? else {
        return Ok(Response::not_found());
    };
    if !powers.member {
        return Ok(Response::forbidden());
    }
    let href = format!("/calls/{}", call.id);
    if !call.data.accepts(time::now()) {
        return Ok(Response::redirect(&href).with_flash("flash-not-accepting"));
    }
    let form = PledgeForm::from_request(req);
    let mut errors = FieldErrors::new();
    let Some(quantity) = form.check(&mut errors) else {
        return pledge_refused(&call, &item, &form, errors, &powers);
    };
    if !item.data.extra_welcome && quantity > item.data.missing() {
        errors.add("quantity", "error-only-missing");
        return pledge_refused(&call, &item, &form, errors, &powers);
    }
    PLEDGES.insert(&Pledge {
        call: call.id.clone(),
        item: item.id.clone(),
        person: powers.viewer.id.clone().unwrap_or_default(),
        name: powers.viewer.display_name.clone().unwrap_or_default(),
        quantity,
        comment: form.comment,
        withdrawn: false,
    })?;
    item.data.pledged += quantity;
    ITEMS.update(&item)?;
    refresh_call(&mut call)?;
    Ok(Response::redirect(&href).with_flash("flash-pledged"))
}

/// The pledger takes their promise back.
pub fn withdraw(id: &str) -> Result<Response, Error> {
    let powers = Powers::load();
    let Some(mut pledge) = PLEDGES.get(id)?.filter(|p| powers.is(&p.data.person)) else {
        return Ok(Response::not_found());
    };
    let Some(mut call) = CALLS.get(&pledge.data.call)? else {
        return Ok(Response::not_found());
    };
    let href = format!("/calls/{}", call.id);
    if !pledge.data.withdrawn {
        pledge.data.withdrawn = true;
        PLEDGES.update(&pledge)?;
        if let Some(mut item) = ITEMS.get(&pledge.data.item)? {
            item.data.pledged = item.data.pledged.saturating_sub(pledge.data.quantity);
            ITEMS.update(&item)?;
        }
        refresh_call(&mut call)?;
    }
    Ok(Response::redirect(&href).with_flash("flash-withdrawn"))
}

/// What an item shows in "my commitments".
pub fn mine_entry(pledge: &Record<Pledge>) -> Result<Option<Json>, Error> {
    let (Some(item), Some(call)) = (ITEMS.get(&pledge.data.item)?, CALLS.get(&pledge.data.call)?)
    else {
        return Ok(None);
    };
    let now = time::now();
    Ok(Some(json!({
        "id": pledge.id,
        "quantity": pledge.data.quantity,
        "label": item.data.label,
        "call": call.data.title,
        "href": format!("/calls/{}", call.id),
        "when": if call.data.ends > 0 { shown::span(call.data.starts, call.data.ends) } else { String::new() },
        "status": call.data.shown_status(now),
    })))
}
