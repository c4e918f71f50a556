//! The newsboard's pages: the list (pinned first, newest first, by category, page by page),
//! a post's permalink page, writing and editing, and deleting.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time;

use crate::form::{self, PostForm};
use crate::model::{Config, POSTS, Post, Powers};
use crate::{notices, shown};

/// How many posts a list page shows.
const PAGE: u32 = 20;
/// How many posts can be pinned at once: all of them show on top of the first page.
pub const MAX_PINNED: u32 = 10;

/// The list: pinned posts on top of the first page, then the newest first; drafts and
/// scheduled posts in their own section for those who may edit them.
pub fn list(req: &Request) -> Result<Response, Error> {
    let now = time::now();
    let (config, powers) = Powers::load()?;
    let category = req
        .query("category")
        .filter(|c| config.categories.iter().any(|known| known == c))
        .map(str::to_owned);
    let in_category = |q: Query| match &category {
        Some(c) => q.eq("category", c.as_str()),
        None => q,
    };
    let cursor = req.query("after").map(str::to_owned);
    let first_page = cursor.is_none();
    let pinned = if first_page {
        POSTS
            .find(
                in_category(powers.readable(now))
                    .eq("pinned", true)
                    .order_by("publish_at")
                    .descending()
                    .limit(MAX_PINNED),
            )?
            .items
    } else {
        vec![]
    };
    let page = match POSTS.find(
        in_category(powers.readable(now))
            .eq("pinned", false)
            .order_by("publish_at")
            .descending()
            .limit(PAGE)
            .after(cursor),
    ) {
        Ok(page) => page,
        // A cursor from an old link: start again from the top.
        Err(Error::Invalid(_)) => return Ok(Response::redirect("/")),
        Err(e) => return Err(e),
    };
    let unpublished = if first_page {
        unpublished(&powers, now)?
    } else {
        vec![]
    };
    let categories: Vec<Json> = config
        .categories
        .iter()
        .map(|c| {
            json!({
                "name": c,
                "query": shown::category_query(c),
                "current": Some(c) == category.as_ref(),
            })
        })
        .collect();
    // One lookup of the authors' names for the whole page.
    let names = shown::author_names(pinned.iter().chain(&page.items).chain(&unpublished));
    let title = powers.viewer.pick("Neuigkeiten", "News");
    Ok(Response::view(View::new("list", title).data(json!({
        "pinned": shown::posts(&pinned, &names, &config, &powers, now),
        "posts": shown::posts(&page.items, &names, &config, &powers, now),
        "unpublished": shown::posts(&unpublished, &names, &config, &powers, now),
        "next": page.next_cursor,
        "categories": categories,
        "category": category,
        "category_query": category.as_deref().map(shown::category_query),
        "may_post": powers.may_post,
        "manages": powers.manages,
    }))))
}

/// Drafts and scheduled posts the viewer may edit: everyone's for moderators, their own for
/// authors.
fn unpublished(powers: &Powers, now: i64) -> Result<Vec<Record<Post>>, Error> {
    if !powers.viewer.is_at_least(Role::Member) {
        return Ok(vec![]);
    }
    let mine = |q: Query| match (&powers.viewer.id, powers.moderates) {
        (_, true) => Some(q),
        (Some(id), false) => Some(q.eq("author", id.as_str())),
        (None, false) => None,
    };
    let mut found = vec![];
    let queries = [
        Query::new().eq("draft", true),
        Query::new().eq("draft", false).gt("publish_at", now),
    ];
    for query in queries.into_iter().filter_map(mine) {
        found.extend(
            POSTS
                .find(query.order_by("publish_at").descending().limit(50))?
                .items,
        );
    }
    Ok(found)
}

/// A post the viewer may see, or none (for a missing post as for a hidden one, so ids
/// reveal nothing).
fn visible(id: &str, powers: &Powers, now: i64) -> Result<Option<Record<Post>>, Error> {
    Ok(POSTS.get(id)?.filter(|p| powers.may_see(p, now)))
}

/// A post's own page (its permalink).
pub fn show(id: &str) -> Result<Response, Error> {
    let now = time::now();
    let (config, powers) = Powers::load()?;
    let Some(record) = visible(id, &powers, now)? else {
        return Ok(Response::not_found());
    };
    let names = shown::author_names([&record]);
    let post = shown::post(&record, &names, &config, &powers, now);
    Ok(Response::view(View::new("post", &record.data.title).data(
        json!({
            "post": post,
            "permalink": format!("{}/posts/{}", context::community().mount_url, record.id),
        }),
    )))
}

/// The post form, empty or with a post, the input kept and messages per field.
fn form_view(
    powers: &Powers,
    config: &Config,
    editing: Option<&Record<Post>>,
    form: &PostForm,
) -> View {
    let title = match editing {
        Some(_) => powers.viewer.pick("Beitrag bearbeiten", "Edit post"),
        None => powers.viewer.pick("Neuer Beitrag", "New post"),
    };
    View::new("form", title).data(json!({
        "form": form,
        "editing": editing.map(|r| json!({ "id": r.id, "href": format!("/posts/{}", r.id) })),
        "action": match editing {
            Some(r) => format!("/posts/{}/edit", r.id),
            None => "/new".into(),
        },
        "categories": config.categories,
        "may_pin": powers.moderates,
        "may_post_urgent": powers.may_post_urgent,
    }))
}

/// `GET /new`.
pub fn new_form() -> Result<Response, Error> {
    let (config, powers) = Powers::load()?;
    if !powers.may_post {
        return Ok(Response::forbidden());
    }
    Ok(Response::view(form_view(
        &powers,
        &config,
        None,
        &PostForm::blank(),
    )))
}

/// `POST /new`: publishes, schedules or saves a draft.
pub fn create(req: &Request) -> Result<Response, Error> {
    let now = time::now();
    let (config, powers) = Powers::load()?;
    if !powers.may_post {
        return Ok(Response::forbidden());
    }
    let form = PostForm::from_request(req);
    if (form.urgent && !powers.may_post_urgent) || (form.pinned && !powers.moderates) {
        return Ok(Response::forbidden());
    }
    let full = form.pinned && pins_full()?;
    let checked = match form::check(&form, &config, None, now).and_then(|c| room_to_pin(c, full)) {
        Ok(checked) => checked,
        Err(errors) => {
            return Ok(Response::invalid(
                form_view(&powers, &config, None, &form),
                errors,
            ));
        }
    };
    let mut post = Post {
        title: checked.title,
        body: checked.body,
        category: checked.category,
        visibility: checked.visibility,
        publish_at: checked.publish_at,
        draft: checked.draft,
        pinned: checked.pinned,
        urgent_until: checked.urgent_until,
        notify_pending: false,
        notified: false,
        author_name: powers.viewer.display_name.clone().unwrap_or_default(),
        edited_at: None,
    };
    notices::mark_due(&mut post, false);
    let mut record = POSTS.insert(&post)?;
    finish_saving(&mut record, now)?;
    Ok(saved_redirect(&record, now))
}

/// True when [`MAX_PINNED`] posts are pinned already: one more would not fit on top.
fn pins_full() -> Result<bool, Error> {
    Ok(POSTS.count(Query::new().eq("pinned", true))? >= u64::from(MAX_PINNED))
}

/// A message on the pin checkbox when one more post is to be pinned but `full`.
fn room_to_pin(checked: form::Checked, full: bool) -> Result<form::Checked, FieldErrors> {
    if full {
        let mut errors = FieldErrors::new();
        errors.add("pinned", "error-pinned-many");
        Err(errors)
    } else {
        Ok(checked)
    }
}

/// After a post was stored: its banner, and the members' notification if it appears now.
fn finish_saving(record: &mut Record<Post>, now: i64) -> Result<(), Error> {
    notices::sync_banner(&record.id, &record.data)?;
    if record.data.notify_pending && record.data.publish_at <= now {
        notices::send(&record.id, &record.data)?;
        record.data.notify_pending = false;
        record.data.notified = true;
        *record = POSTS.update(record)?;
    }
    Ok(())
}

fn saved_redirect(record: &Record<Post>, now: i64) -> Response {
    let flash = if record.data.draft {
        "flash-draft-saved"
    } else if record.data.publish_at > now {
        "flash-scheduled"
    } else {
        "flash-published"
    };
    Response::redirect(&format!("/posts/{}", record.id)).with_flash(flash)
}

/// A post the viewer is about to edit or delete, with what the page needs around it.
struct Editing {
    now: i64,
    config: Config,
    powers: Powers,
    record: Record<Post>,
}

/// The post with this id if the viewer may edit it, or the response that says why not (404
/// for a post they may not even see).
fn editing(id: &str) -> Result<Result<Editing, Response>, Error> {
    let now = time::now();
    let (config, powers) = Powers::load()?;
    Ok(match visible(id, &powers, now)? {
        None => Err(Response::not_found()),
        Some(record) if !powers.may_edit(&record) => Err(Response::forbidden()),
        Some(record) => Ok(Editing {
            now,
            config,
            powers,
            record,
        }),
    })
}

/// `GET /posts/{id}/edit`.
pub fn edit_form(id: &str) -> Result<Response, Error> {
    let Editing {
        config,
        powers,
        record,
        ..
    } = match editing(id)? {
        Ok(editing) => editing,
        Err(response) => return Ok(response),
    };
    let form = PostForm::from_post(&record);
    Ok(Response::view(form_view(
        &powers,
        &config,
        Some(&record),
        &form,
    )))
}

/// `POST /posts/{id}/edit`.
pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let Editing {
        now,
        config,
        powers,
        mut record,
    } = match editing(id)? {
        Ok(editing) => editing,
        Err(response) => return Ok(response),
    };
    let mut form = PostForm::from_request(req);
    // Someone who may not set a flag cannot change it; it stays as it was.
    let was_urgent = record.data.urgent_until.is_some();
    if (form.urgent && !was_urgent && !powers.may_post_urgent)
        || (form.pinned && !record.data.pinned && !powers.moderates)
    {
        return Ok(Response::forbidden());
    }
    if !powers.may_post_urgent {
        let kept = PostForm::from_post(&record);
        form.urgent = kept.urgent;
        form.urgent_until = kept.urgent_until;
    }
    if !powers.moderates {
        form.pinned = record.data.pinned;
    }
    if !form.version.is_empty() && form.version != record.version.to_string() {
        // Someone else saved the post since this form was opened: show the form again with
        // this input, so nothing typed is lost, and say what happened.
        let mut errors = FieldErrors::new();
        errors.add("form", "error-conflict");
        form.version = record.version.to_string();
        return Ok(Response::invalid(
            form_view(&powers, &config, Some(&record), &form),
            errors,
        ));
    }
    let full = form.pinned && !record.data.pinned && pins_full()?;
    let checked = match form::check(&form, &config, Some(&record.data), now)
        .and_then(|c| room_to_pin(c, full))
    {
        Ok(checked) => checked,
        Err(errors) => {
            return Ok(Response::invalid(
                form_view(&powers, &config, Some(&record), &form),
                errors,
            ));
        }
    };
    let was_published = record.data.is_published(now);
    let post = &mut record.data;
    post.title = checked.title;
    post.body = checked.body;
    post.category = checked.category;
    post.visibility = checked.visibility;
    post.publish_at = checked.publish_at;
    post.draft = checked.draft;
    post.pinned = checked.pinned;
    post.urgent_until = checked.urgent_until;
    if was_published {
        post.edited_at = Some(now);
    }
    let notified = post.notified;
    notices::mark_due(post, notified);
    let mut record = POSTS.update(&record)?;
    finish_saving(&mut record, now)?;
    Ok(saved_redirect(&record, now))
}

/// `GET /posts/{id}/delete`: asks before deleting.
pub fn delete_form(id: &str) -> Result<Response, Error> {
    let Editing { powers, record, .. } = match editing(id)? {
        Ok(editing) => editing,
        Err(response) => return Ok(response),
    };
    let title = powers.viewer.pick("Beitrag löschen", "Delete post");
    Ok(Response::view(View::new("delete", title).data(json!({
        "post": { "id": record.id, "title": record.data.title, "href": format!("/posts/{}", record.id) },
    }))))
}

/// `POST /posts/{id}/delete`.
pub fn delete(id: &str) -> Result<Response, Error> {
    let Editing { record, .. } = match editing(id)? {
        Ok(editing) => editing,
        Err(response) => return Ok(response),
    };
    POSTS.delete(&record.id)?;
    quartier_plugin_sdk::banners::withdraw(&record.id)?;
    Ok(Response::redirect("/").with_flash("flash-deleted"))
}
