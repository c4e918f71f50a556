//! What a handler knows about the request it serves: the viewer (account or visitor), the
//! page language, the CSRF token for forms, a flash message, and — inside a community — the
//! viewer's role there with the access checks that follow from it.

use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::AppState;
use super::cookies;
use super::error::{AppError, JoinHint};
use super::guard::CsrfToken;
use crate::accounts::{Account, sessions};
use crate::communities::roles::Role;
use crate::communities::{self, Community, Slug, members};
use crate::lang::Lang;
use crate::plugins::banners::{self, Shown};
use crate::plugins::registry::Enabled;

/// Facts about the request shared between the handler and the error-page layer, so an error
/// page speaks the language the handler chose and shows who is logged in.
#[derive(Debug, Default)]
pub struct RequestScope {
    cookie_lang: Option<Lang>,
    accept_lang: Option<Lang>,
    lang: OnceLock<Lang>,
    viewer_name: OnceLock<String>,
}

impl RequestScope {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self {
            cookie_lang: cookies::get(headers, cookies::LANG).and_then(Lang::parse),
            accept_lang: headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language),
            ..Self::default()
        }
    }

    /// The language of this response once decided; before that the visitor's choice or the
    /// browser's.
    pub fn lang(&self) -> Lang {
        self.lang
            .get()
            .copied()
            .or(self.cookie_lang)
            .or(self.accept_lang)
            .unwrap_or_default()
    }

    pub fn viewer_name(&self) -> Option<&str> {
        self.viewer_name.get().map(String::as_str)
    }
}

/// The request context every page handler extracts.
pub struct Ctx {
    pub state: AppState,
    pub account: Option<Account>,
    pub session_token: Option<String>,
    pub csrf: String,
    /// The path and query of this request, to come back to after logging in.
    pub path: String,
    pub client_ip: String,
    /// The account's unread notifications, for the bell in the layout.
    pub unread_notifications: i64,
    flash: Option<String>,
    scope: Arc<RequestScope>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let scope = parts
            .extensions
            .get::<Arc<RequestScope>>()
            .cloned()
            .unwrap_or_else(|| Arc::new(RequestScope::from_headers(&parts.headers)));
        let session_token = cookies::get(&parts.headers, cookies::SESSION).map(str::to_owned);
        let account = match &session_token {
            Some(token) => sessions::account_of(state.db.pool(), token).await?,
            None => None,
        };
        if let Some(account) = &account {
            let _ = scope.viewer_name.set(account.display_name.clone());
            if let Some(lang) = account.language {
                let _ = scope.lang.set(lang);
            }
        }
        let unread_notifications = match &account {
            Some(account) => {
                crate::notifications::unread_count(state.db.pool(), account.id).await?
            }
            None => 0,
        };
        // Cheap while fresh; reloads what another process may have changed.
        state.instance.get(state.db.pool()).await;
        state.plugins.sync_if_stale(&state.db).await;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let flash = cookies::get(&parts.headers, cookies::FLASH)
            .filter(|key| {
                (key.starts_with("flash-") || key.starts_with("p."))
                    && key.len() < 128
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            })
            .map(str::to_owned);
        let client_ip = client_ip(parts, state.settings.trust_proxy);
        // After logging in, a GET comes back to itself; a POST (which cannot be repeated by a
        // redirect) comes back to the page its form was on.
        let path = if parts.method == Method::GET {
            parts.uri.path_and_query().map(|p| p.as_str().to_owned())
        } else {
            referer_path(&parts.headers)
        }
        .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            state: state.clone(),
            account,
            session_token,
            csrf,
            path,
            client_ip,
            unread_notifications,
            flash,
            scope,
        })
    }
}

/// The path and query of the `Referer` header, if it has one.
fn referer_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let after_scheme = referer.split_once("://").map(|(_, rest)| rest)?;
    let path = &after_scheme[after_scheme.find('/')?..];
    Some(path.split('#').next().unwrap_or("/").to_owned())
}

fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The right-most entry is the one the trusted proxy appended; entries to its
            // left come from the client and can be forged.
            .and_then(|v| v.rsplit(',').next())
            .filter(|v| !v.trim().is_empty())
    {
        return forwarded.trim().to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Loads a community by slug; a malformed slug (which PostgreSQL might even refuse, e.g. a
/// NUL byte) is "not found" without asking the database.
pub async fn find_community(pool: &sqlx::AnyPool, slug: &str) -> Result<Community, AppError> {
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    communities::find_by_slug(pool, slug.as_str())
        .await?
        .ok_or(AppError::NotFound)
}

/// A search term as typed, cut to 100 characters and without control characters.
pub fn search_term(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect()
}

/// A community together with the viewer's role in it.
pub struct InCommunity {
    pub community: Community,
    /// The stored membership, if any.
    pub membership: Option<Role>,
    /// The membership raised to operator for instance operators.
    pub role: Role,
    /// The plugins this community enabled.
    pub modules: Vec<Enabled>,
    /// The banners of enabled modules showing now that the viewer may see.
    pub banners: Vec<Shown>,
}

impl InCommunity {
    /// The enabled module mounted at `mount`, if any.
    pub fn module(&self, mount: &str) -> Option<&Enabled> {
        self.modules
            .iter()
            .find(|m| m.plugin.manifest.mount == mount)
    }

    pub fn is_member(&self) -> bool {
        self.membership.is_some()
    }

    /// Passes when the viewer's role is at least `needed`. A visitor is sent to log in; a
    /// logged-in non-member learns how to join; a member without the role is refused.
    pub fn require(&self, ctx: &Ctx, needed: Role) -> Result<(), AppError> {
        if self.role >= needed {
            Ok(())
        } else if ctx.account.is_none() {
            Err(AppError::LoginRequired {
                next: ctx.path.clone(),
            })
        } else if self.membership.is_none() && !self.community.archived {
            Err(AppError::Forbidden(Some(JoinHint {
                slug: self.community.slug.clone(),
                name: self.community.name.clone(),
                join_policy: self.community.join_policy,
            })))
        } else {
            Err(AppError::Forbidden(None))
        }
    }
}

/// Keeps the banners of enabled modules the viewer may see, each with its full link.
fn visible_banners(
    all: Vec<Shown>,
    community: &Community,
    modules: &[Enabled],
    role: Role,
) -> Vec<Shown> {
    all.into_iter()
        .filter(|b| !b.members_only || role >= Role::Member)
        .filter_map(|mut b| {
            let module = modules
                .iter()
                .find(|m| m.plugin.manifest.id == b.plugin_id)?;
            b.href = b.link.as_ref().map(|link| {
                format!(
                    "/c/{}/{}{}",
                    community.slug, module.plugin.manifest.mount, link
                )
            });
            Some(b)
        })
        .collect()
}

impl Ctx {
    /// The logged-in account, or a login redirect that returns here.
    pub fn require_account(&self) -> Result<&Account, AppError> {
        self.account
            .as_ref()
            .ok_or_else(|| AppError::LoginRequired {
                next: self.path.clone(),
            })
    }

    pub fn require_operator(&self) -> Result<&Account, AppError> {
        let account = self.require_account()?;
        if account.is_operator {
            Ok(account)
        } else {
            Err(AppError::Forbidden(None))
        }
    }

    /// Loads a community by slug with the viewer's role. Unknown slugs, and archived
    /// communities for anyone but operators, are "not found".
    pub async fn community(&self, slug: &str) -> Result<InCommunity, AppError> {
        let pool = self.state.db.pool();
        let community = find_community(pool, slug).await?;
        let is_operator = self.account.as_ref().is_some_and(|a| a.is_operator);
        if community.archived && !is_operator {
            return Err(AppError::NotFound);
        }
        let membership = match &self.account {
            Some(account) => members::role_of(pool, community.id, account.id).await?,
            None => None,
        };
        let _ = self.scope.lang.set(self.lang_in(Some(&community)));
        let modules = self.state.plugins.enabled_in(pool, community.id).await?;
        let role = Role::effective(membership, is_operator);
        let banners = visible_banners(
            banners::current(pool, community.id).await?,
            &community,
            &modules,
            role,
        );
        Ok(InCommunity {
            role,
            membership,
            community,
            modules,
            banners,
        })
    }

    /// The page language: the account's choice, else the visitor's choice, else the
    /// community's language, else the browser's, else German.
    pub fn lang_in(&self, community: Option<&Community>) -> Lang {
        self.account
            .as_ref()
            .and_then(|a| a.language)
            .or(self.scope.cookie_lang)
            .or(community.map(|c| c.language))
            .or(self.scope.accept_lang)
            .unwrap_or_default()
    }

    pub fn lang(&self) -> Lang {
        self.scope
            .lang
            .get()
            .copied()
            .unwrap_or_else(|| self.lang_in(None))
    }

    /// A translated string in the page language.
    pub fn t(&self, key: &str) -> String {
        self.state.catalogue.get(self.lang(), key)
    }

    /// Renders a page with the layout (status 200).
    pub fn page(
        &self,
        template: &str,
        title: &str,
        community: Option<&InCommunity>,
        data: Value,
    ) -> Response {
        self.page_with_status(StatusCode::OK, template, title, community, data)
    }

    /// Renders a form again with the input kept and an error per field (status 422).
    pub fn invalid(
        &self,
        template: &str,
        title: &str,
        community: Option<&InCommunity>,
        data: Value,
    ) -> Response {
        self.page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            template,
            title,
            community,
            data,
        )
    }

    pub fn page_with_status(
        &self,
        status: StatusCode,
        template: &str,
        title: &str,
        community: Option<&InCommunity>,
        data: Value,
    ) -> Response {
        let lang = self.lang();
        let mut root = self
            .state
            .layout_data(lang, self.account.as_ref(), &self.csrf, &self.path);
        root["title"] = json!(title);
        if let Some(viewer) = root.get_mut("viewer").filter(|v| v.is_object()) {
            viewer["unread"] = json!(self.unread_notifications);
        }
        if let Some(key) = &self.flash {
            let text = match key.strip_prefix("p.").and_then(|rest| rest.split_once('.')) {
                Some((plugin, key)) => self
                    .state
                    .plugins
                    .get(plugin)
                    .and_then(|p| p.templates.text(lang, key)),
                None => Some(self.state.catalogue.get(lang, key)),
            };
            root["flash"] = json!(text);
            root["flash_error"] = json!(key.starts_with("flash-error-"));
        }
        if let Some(ic) = community {
            root["community"] = self.state.community_nav(ic, &self.path, lang);
            root["banners"] = json!(ic.banners);
        }
        if let (Value::Object(root_map), Value::Object(page)) = (&mut root, data) {
            root_map.extend(page);
        }
        let html = self.state.render_html(template, &root);
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response()
    }
}

/// A redirect after a successful POST, with a message for the next page.
pub fn redirect_with_flash(to: &str, flash_key: &str, secure: bool) -> Response {
    let mut response = Redirect::to(to).into_response();
    if let Ok(value) = cookies::set(cookies::FLASH, flash_key, None, secure).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Accepts only local paths as a return target (no `//evil.example`, no scheme).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.contains("://")
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_return_targets() {
        let check = |input: Option<&str>, expected: &str| {
            assert_eq!(safe_next(input), expected, "{input:?}")
        };
        check(Some("/c/ransbach"), "/c/ransbach");
        check(Some("//evil.example"), "/");
        check(Some("https://evil.example"), "/");
        check(Some("/\\evil.example"), "/");
        check(Some("/x?next=https://e"), "/");
        check(Some("/\r\nSet-Cookie: x=1"), "/");
        check(None, "/");
    }
}
