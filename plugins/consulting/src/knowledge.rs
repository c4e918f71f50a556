//! The knowledge base ("Werkzeugkoffer"): published summaries and managers' own articles,
//! by topic and searchable; public articles for everyone, the rest for members. Managers
//! write, edit and take articles down.

use quartier_plugin_sdk::prelude::*;

use crate::forms::ArticleForm;
use crate::model::{ARTICLES, Article, Me, Topic, topic_name, topics};

/// The articles the viewer may read, newest first.
pub fn readable(me: &Me, limit: u32) -> Result<Vec<Record<Article>>, Error> {
    let mut query = Query::new()
        .order_by("created-at")
        .descending()
        .limit(limit);
    if !me.is_member() {
        query = query.eq("public", true);
    }
    Ok(ARTICLES.find(query)?.items)
}

/// Every word of the search in the title or the text, ignoring case.
fn matches(article: &Article, words: &[String]) -> bool {
    let haystack = format!("{} {}", article.title, article.body).to_lowercase();
    words.iter().all(|w| haystack.contains(w.as_str()))
}

pub fn item(a: &Record<Article>, topics: &[Record<Topic>]) -> Json {
    json!({
        "id": a.id,
        "title": a.data.title,
        "topic": topic_name(topics, &a.data.topic),
        "public": a.data.public,
        "at": a.created_at,
        "href": format!("/knowledge/{}", a.id),
    })
}

/// The list, filtered by `?topic=` and `?q=`.
pub fn index(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    let topics = topics()?;
    let topic = req.query("topic").unwrap_or("").to_owned();
    let q = req.query("q").unwrap_or("").trim().to_owned();
    let words: Vec<String> = q
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let all = readable(&me, 500)?;
    let found: Vec<Json> = all
        .iter()
        .filter(|a| topic.is_empty() || a.data.topic == topic)
        .filter(|a| matches(&a.data, &words))
        .map(|a| item(a, &topics))
        .collect();
    let choices: Vec<Json> = topics
        .iter()
        .filter(|t| all.iter().any(|a| a.data.topic == t.id))
        .map(|t| json!({"id": t.id, "name": t.data.name, "selected": t.id == topic}))
        .collect();
    Ok(Response::view(
        View::new(
            "knowledge",
            me.viewer.pick("Werkzeugkoffer", "Knowledge base"),
        )
        .data(json!({
            "articles": found,
            "topics": choices,
            "q": q,
            "filtered": !q.is_empty() || !topic.is_empty(),
            "any": !all.is_empty(),
            "manager": me.is_manager(),
            "member": me.is_member(),
        })),
    ))
}

/// An article the viewer may read.
fn readable_article(id: &str, me: &Me) -> Result<Option<Record<Article>>, Error> {
    Ok(ARTICLES
        .get(id)?
        .filter(|a| a.data.public || me.is_member()))
}

pub fn show(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    let Some(article) = readable_article(id, &me)? else {
        return Ok(Response::not_found());
    };
    let topics = topics()?;
    Ok(Response::view(
        View::new("article", &article.data.title).data(json!({
            "article": item(&article, &topics),
            "body": article.data.body,
            "from_case": !article.data.case.is_empty(),
            "hidden": article.hidden,
            "manager": me.is_manager(),
            "member": me.is_member(),
        })),
    ))
}

fn form_view(me: &Me, id: Option<&str>, form: &ArticleForm) -> Result<View, Error> {
    let topics: Vec<Json> = topics()?
        .iter()
        .filter(|t| !t.data.retired || t.id == form.topic)
        .map(|t| json!({"id": t.id, "name": t.data.name, "selected": t.id == form.topic}))
        .collect();
    let title = if id.is_some() {
        me.viewer.pick("Artikel bearbeiten", "Edit article")
    } else {
        me.viewer.pick("Neuer Artikel", "New article")
    };
    Ok(View::new("article_page", title).data(json!({
        "id": id,
        "form": form,
        "topics": topics,
    })))
}

pub fn new_form() -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let form = ArticleForm {
        visibility: "members".into(),
        ..ArticleForm::default()
    };
    Ok(Response::view(form_view(&me, None, &form)?))
}

pub fn create(req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let form = ArticleForm::from_request(req);
    let mut errors = FieldErrors::new();
    form.check_article(&topics()?, &mut errors);
    if !errors.is_empty() {
        return Ok(Response::invalid(form_view(&me, None, &form)?, errors));
    }
    let article = ARTICLES.insert(&Article {
        public: form.is_public(),
        topic: form.topic,
        title: form.title,
        body: form.text,
        case: String::new(),
    })?;
    Ok(Response::redirect(&format!("/knowledge/{}", article.id)).with_flash("flash-published"))
}

pub fn edit_form(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let Some(article) = ARTICLES.get(id)? else {
        return Ok(Response::not_found());
    };
    let a = &article.data;
    let form = ArticleForm {
        topic: a.topic.clone(),
        title: a.title.clone(),
        text: a.body.clone(),
        visibility: if a.public { "public" } else { "members" }.into(),
        anonymised: false,
    };
    Ok(Response::view(form_view(&me, Some(id), &form)?))
}

pub fn update(id: &str, req: &Request) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    let Some(mut article) = ARTICLES.get(id)? else {
        return Ok(Response::not_found());
    };
    let form = ArticleForm::from_request(req);
    let mut errors = FieldErrors::new();
    form.check_article(&topics()?, &mut errors);
    if !errors.is_empty() {
        return Ok(Response::invalid(form_view(&me, Some(id), &form)?, errors));
    }
    let a = &mut article.data;
    a.public = form.is_public();
    a.topic = form.topic;
    a.title = form.title;
    a.body = form.text;
    ARTICLES.update(&article)?;
    Ok(Response::redirect(&format!("/knowledge/{id}")).with_flash("flash-article-saved"))
}

/// Takes an article down; a summary it came from stays with its case.
pub fn delete(id: &str) -> Result<Response, Error> {
    let me = Me::load()?;
    if !me.is_manager() {
        return Ok(Response::forbidden());
    }
    if !ARTICLES.delete(id)? {
        return Ok(Response::not_found());
    }
    Ok(Response::redirect("/knowledge").with_flash("flash-article-deleted"))
}
