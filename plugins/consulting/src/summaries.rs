//! From a closed case to the knowledge base: the consultant writes an anonymised summary
//! (only if the asker consented), a manager reviews it and publishes it or sends it back.
//! The asker can withdraw consent until it is published; publishing checks it again.

use quartier_plugin_sdk::prelude::*;

use crate::forms::{ArticleForm, NOTE, text_field};
use crate::model::{
    ARTICLES, Article, CASES, Case, Me, SUMMARIES, Status, Summary, SummaryStatus, Topic,
    summary_of, topic_name, topics,
};
use crate::notices::{self, Words, case_link};

fn topic_choices(topics: &[Record<Topic>], chosen: &str) -> Vec<Json> {
    topics
        .iter()
        .filter(|t| !t.data.retired || t.id == chosen)
        .map(|t| json!({"id": t.id, "name": t.data.name, "selected": t.id == chosen}))
        .collect()
}

/// The closed case a consultant of it may summarise (the asker consented), or none.
fn summarisable(id: &str, me: &Me) -> Result<Option<Record<Case>>, Error> {
    if !me.is_member() {
        return Ok(None);
    }
    Ok(CASES
        .get(id)?
        .filter(|c| c.data.is_consultant(me.id()) && c.data.status == Status::Closed))
}

fn summary_view(
    me: &Me,
    case: &Record<Case>,
    form: &ArticleForm,
    note: &str,
) -> Result<View, Error> {
    let topics = topics()?;
    Ok(View::new(
        "summary",
        me.viewer
            .pick("Zusammenfassung schreiben", "Write a summary"),
    )
    .data(json!({
        "case": {"id": case.id, "title": case.data.title, "outcome": case.data.outcome},
        "form": form,
        "topics": topic_choices(&topics, &form.topic),
        "note": note,
    })))
}

/// The summary form, filled with what was written before (when a manager sent it back).
pub fn form(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(case) = summarisable(id, &me)? else {
        return Ok(Response::not_found());
    };
    let existing = summary_of(id)?;
    if !case.data.share_consent || existing.as_ref().is_some_and(|s| !editable(&s.data)) {
        return Ok(Response::redirect(&case_link(id)).with_flash("flash-no-summary"));
    }
    let (form, note) = match &existing {
        Some(s) => (ArticleForm::of_summary(&s.data, ""), s.data.note.clone()),
        None => (
            ArticleForm {
                topic: case.data.topic.clone(),
                ..ArticleForm::default()
            },
            String::new(),
        ),
    };
    Ok(Response::view(summary_view(&me, &case, &form, &note)?))
}

/// Still with its author: submitted (not yet reviewed) or sent back.
fn editable(summary: &Summary) -> bool {
    matches!(
        summary.status,
        SummaryStatus::Submitted | SummaryStatus::Returned
    )
}

/// Submits the summary for review.
pub fn submit(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(case) = summarisable(id, &me)? else {
        return Ok(Response::not_found());
    };
    let existing = summary_of(id)?;
    if !case.data.share_consent || existing.as_ref().is_some_and(|s| !editable(&s.data)) {
        return Ok(Response::redirect(&case_link(id)).with_flash("flash-no-summary"));
    }
    let form = ArticleForm::from_request(req);
    let mut errors = FieldErrors::new();
    form.check_summary(&topics()?, &mut errors);
    if !errors.is_empty() {
        let note = existing.map(|s| s.data.note).unwrap_or_default();
        return Ok(Response::invalid(
            summary_view(&me, &case, &form, &note)?,
            errors,
        ));
    }
    match existing {
        Some(mut s) => {
            s.data.topic = form.topic;
            s.data.title = form.title;
            s.data.text = form.text;
            s.data.status = SummaryStatus::Submitted;
            SUMMARIES.update(&s)?;
        }
        None => {
            SUMMARIES.insert(&Summary {
                case: case.id.clone(),
                author: me.id().to_owned(),
                topic: form.topic,
                title: form.title,
                text: form.text,
                status: SummaryStatus::Submitted,
                note: String::new(),
                article: String::new(),
            })?;
        }
    }
    tell_managers_to_review()?;
    Ok(Response::redirect(&case_link(id)).with_flash("flash-summary-submitted"))
}

/// The asker changed their mind about sharing: a summary not yet published is withdrawn;
/// when they consent again it goes back where it was — to its consultant if a manager had
/// sent it back (the note says so), else to the managers' review.
pub fn consent_changed(mut summary: Record<Summary>, share: bool) -> Result<(), Error> {
    summary.data.status = match (summary.data.status, share) {
        (SummaryStatus::Submitted | SummaryStatus::Returned, false) => SummaryStatus::Withdrawn,
        (SummaryStatus::Withdrawn, true) if !summary.data.note.is_empty() => {
            SummaryStatus::Returned
        }
        (SummaryStatus::Withdrawn, true) => SummaryStatus::Submitted,
        _ => return Ok(()),
    };
    let summary = SUMMARIES.update(&summary)?;
    if summary.data.status == SummaryStatus::Submitted {
        tell_managers_to_review()?;
    }
    Ok(())
}

fn tell_managers_to_review() -> Result<(), Error> {
    let w = Words::now();
    notices::tell_managers(
        notices::REVIEWS,
        w.pick(
            "Eine Zusammenfassung wartet auf eure Durchsicht",
            "A summary is waiting for your review",
        ),
        w.pick(
            "Erst nach eurer Freigabe erscheint sie im Werkzeugkoffer.",
            "It appears in the knowledge base only once you publish it.",
        ),
        "/reviews",
    )
}

/// The summaries waiting for a manager, oldest first.
pub fn queue() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let topics = topics()?;
    let list: Vec<Json> = SUMMARIES
        .find(
            Query::new()
                .eq("status", SummaryStatus::Submitted.as_str())
                .order_by("updated-at")
                .limit(200),
        )?
        .items
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "title": s.data.title,
                "topic": topic_name(&topics, &s.data.topic),
                "at": s.updated_at,
            })
        })
        .collect();
    Ok(Response::view(
        View::new("reviews", me.viewer.pick("Zur Durchsicht", "To review"))
            .data(json!({"summaries": list})),
    ))
}

fn review_view(
    me: &Me,
    summary: &Record<Summary>,
    form: &ArticleForm,
    note: &str,
) -> Result<View, Error> {
    let topics = topics()?;
    Ok(View::new(
        "review",
        me.viewer
            .pick("Zusammenfassung durchsehen", "Review a summary"),
    )
    .data(json!({
        "id": summary.id,
        "form": form,
        "topics": topic_choices(&topics, &form.topic),
        "note": note,
    })))
}

/// A submitted summary a manager may review, with the case's consent still given.
fn reviewable(id: &str, me: &Me) -> Result<Option<Record<Summary>>, Error> {
    if !me.is_manager() {
        return Ok(None);
    }
    Ok(SUMMARIES
        .get(id)?
        .filter(|s| s.data.status == SummaryStatus::Submitted))
}

pub fn review(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(summary) = reviewable(id, &me)? else {
        return Ok(Response::not_found());
    };
    let form = ArticleForm::of_summary(&summary.data, "members");
    Ok(Response::view(review_view(&me, &summary, &form, "")?))
}

/// Publishes the reviewed summary (as edited) to the knowledge base.
pub fn publish(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut summary) = reviewable(id, &me)? else {
        return Ok(Response::not_found());
    };
    let Some(case) = CASES.get(&summary.data.case)? else {
        return Ok(Response::not_found());
    };
    if !case.data.share_consent {
        return Ok(Response::redirect("/reviews").with_flash("flash-consent-missing"));
    }
    let form = ArticleForm::from_request(req);
    let mut errors = FieldErrors::new();
    form.check_article(&topics()?, &mut errors);
    if !errors.is_empty() {
        return Ok(Response::invalid(
            review_view(&me, &summary, &form, "")?,
            errors,
        ));
    }
    let article = ARTICLES.insert(&Article {
        topic: form.topic.clone(),
        title: form.title.clone(),
        body: form.text.clone(),
        public: form.is_public(),
        case: case.id.clone(),
    })?;
    summary.data.status = SummaryStatus::Published;
    summary.data.article = article.id.clone();
    SUMMARIES.update(&summary)?;
    let w = Words::now();
    let link = format!("/knowledge/{}", article.id);
    notices::tell(
        vec![summary.data.author.clone(), case.data.asker.clone()],
        notices::REVIEWS,
        w.pick(
            "Eine anonymisierte Zusammenfassung eurer Beratung steht jetzt im Werkzeugkoffer",
            "An anonymised summary of your consultation is now in the knowledge base",
        ),
        "",
        &link,
    )?;
    Ok(Response::redirect(&link).with_flash("flash-published"))
}

/// Sends the summary back to its consultant with a note on what to change.
pub fn send_back(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(mut summary) = reviewable(id, &me)? else {
        return Ok(Response::not_found());
    };
    let mut errors = FieldErrors::new();
    let (note, ok) = text_field(req, &NOTE, &mut errors);
    if !ok {
        let form = ArticleForm::of_summary(&summary.data, "members");
        return Ok(Response::invalid(
            review_view(&me, &summary, &form, &note)?,
            errors,
        ));
    }
    summary.data.status = SummaryStatus::Returned;
    summary.data.note = note;
    let summary = SUMMARIES.update(&summary)?;
    let w = Words::now();
    notices::tell(
        vec![summary.data.author.clone()],
        notices::REVIEWS,
        w.pick(
            "Deine Zusammenfassung braucht noch eine Änderung",
            "Your summary needs a change",
        ),
        "",
        &format!("/cases/{}/summary", summary.data.case),
    )?;
    Ok(Response::redirect("/reviews").with_flash("flash-sent-back"))
}
