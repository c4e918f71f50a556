//! The instance home (public communities and search) and the language switch.

use axum::Form;
use axum::extract::Query;
use axum::http::HeaderMap;
use axum::http::header::{HOST, SET_COOKIE};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::community;
use crate::accounts;
use crate::communities;
use crate::lang::Lang;
use crate::web::context::{Ctx, safe_next, search_term};
use crate::web::cookies;
use crate::web::error::AppError;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Search {
    q: String,
}

/// `/`: the instance home, or the community home when the Host header is a community's own
/// hostname.
pub async fn show(
    ctx: Ctx,
    headers: HeaderMap,
    Query(search): Query<Search>,
) -> Result<Response, AppError> {
    if let Some(slug) = mapped_community(&ctx, &headers).await? {
        return community::render_home(&ctx, &slug).await;
    }
    let pool = ctx.state.db.pool();
    let q = search_term(&search.q);
    let listed = communities::list_public(pool, &q).await?;
    let mine = match &ctx.account {
        Some(account) => communities::members::communities_of(pool, account.id).await?,
        None => vec![],
    };
    let listed: Vec<_> = listed
        .into_iter()
        .map(|l| {
            json!({
                "slug": l.community.slug,
                "name": l.community.name,
                "summary": summary(&l.community.description),
                "member_count": l.member_count,
                "join_policy": l.community.join_policy,
            })
        })
        .collect();
    // The layout appends the instance name to every title; the home page is just that name.
    Ok(ctx.page(
        "pages/home",
        "",
        None,
        json!({ "q": q, "communities": listed, "mine": mine }),
    ))
}

/// The first paragraph of a Markdown description as plain text, for listings.
fn summary(markdown: &str) -> String {
    let first = markdown.split("\n\n").next().unwrap_or("");
    let plain: String = first
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`' | '[' | ']'))
        .collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() > 200 {
        format!("{}…", plain.chars().take(199).collect::<String>())
    } else {
        plain
    }
}

/// The community mapped to the request's Host header, unless it is the instance's own host.
async fn mapped_community(ctx: &Ctx, headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return Ok(None);
    };
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') || host.parse::<std::net::IpAddr>().is_ok() {
        return Ok(None);
    }
    Ok(communities::slug_for_hostname(ctx.state.db.pool(), &host).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LanguageChoice {
    lang: String,
    next: String,
}

/// `POST /language`: remembers the chosen language (cookie, and the account if logged in).
pub async fn choose_language(
    ctx: Ctx,
    Form(form): Form<LanguageChoice>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest)?;
    if let Some(account) = &ctx.account {
        accounts::update_profile(
            ctx.state.db.pool(),
            account.id,
            &account.display_name,
            Some(lang),
        )
        .await?;
    }
    let mut response = Redirect::to(&safe_next(Some(&form.next))).into_response();
    let cookie = cookies::set(
        cookies::LANG,
        lang.code(),
        Some(365 * 24 * 3600),
        ctx.state.settings.secure_cookies(),
    );
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn summaries_are_plain_and_short() {
        assert_eq!(
            summary("**Das Dorf** am _Wald_\n\nMehr"),
            "Das Dorf am Wald"
        );
        assert_eq!(summary(&"a".repeat(300)).chars().count(), 200);
    }
}
