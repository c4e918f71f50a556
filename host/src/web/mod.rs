//! The web layer: routes, request checks, rendering and the mapping of errors to pages.
//! It translates between HTTP and the domain modules; no SQL lives here.

pub mod context;
pub mod cookies;
pub mod error;
pub mod guard;
pub mod multipart;
pub mod observe;
pub mod pages;
pub mod render;
pub mod router;

use std::ops::Deref;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::accounts::Account;
use crate::accounts::password::Hasher;
use crate::communities::roles::Role;
use crate::config::Settings;
use crate::db::Db;
use crate::i18n::Catalogue;
use crate::instance;
use crate::lang::Lang;
use crate::plugins::Plugins;
use context::{InCommunity, RequestScope};
use observe::Metrics;
use render::Templates;

/// Everything the handlers share, cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub db: Db,
    pub settings: Settings,
    /// The address people reach this instance at, without trailing slash.
    pub base_url: String,
    pub catalogue: Arc<Catalogue>,
    pub templates: Templates,
    pub hasher: Hasher,
    /// A hash of a random password, verified against when a login names an unknown email,
    /// so that such a login takes as long as one for a real account.
    pub dummy_hash: String,
    pub metrics: Metrics,
    pub instance: instance::Cached,
    pub plugins: Arc<Plugins>,
    pub mail: Arc<crate::mail::Mailer>,
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }

    /// The fields every page's layout uses.
    pub fn layout_data(
        &self,
        lang: Lang,
        viewer: Option<&Account>,
        csrf: &str,
        path: &str,
    ) -> Value {
        let instance = self.instance.current();
        json!({
            "lang": lang.code(),
            "instance": instance,
            "viewer": viewer.map(|a| json!({"display_name": a.display_name, "is_operator": a.is_operator})),
            "csrf": csrf,
            "path": path,
            "languages": Lang::ALL.iter().map(|l| json!({
                "code": l.code(),
                "current": *l == lang,
            })).collect::<Vec<_>>(),
        })
    }

    /// The community part of the layout: name, the viewer's role and the navigation.
    pub fn community_nav(&self, ic: &InCommunity, path: &str, lang: Lang) -> Value {
        let slug = &ic.community.slug;
        let base = format!("/c/{slug}");
        let mut nav = vec![("nav-community-home", base.clone())];
        if ic.role >= Role::Member {
            nav.push(("nav-members", format!("{base}/members")));
        }
        if ic.role >= Role::Moderator {
            nav.push(("nav-moderation", format!("{base}/moderation")));
        }
        if ic.role >= Role::Manager {
            nav.push(("nav-settings", format!("{base}/settings")));
        }
        let is_current =
            |href: &str| path == href || (href != base && path.starts_with(&format!("{href}/")));
        let mut nav: Vec<Value> = nav
            .into_iter()
            .map(
                |(label, href)| json!({"label": label, "href": href, "current": is_current(&href)}),
            )
            .collect();
        // Modules add their entries after the home entry (already translated: `text`).
        let host_entries = nav.split_off(1);
        for module in &ic.modules {
            let manifest = &module.plugin.manifest;
            for entry in manifest.nav.iter().filter(|e| ic.role >= e.min_role) {
                let href = if entry.path == "/" {
                    format!("{base}/{}", manifest.mount)
                } else {
                    format!("{base}/{}{}", manifest.mount, entry.path)
                };
                let current = is_current(&href);
                nav.push(json!({"text": entry.label.get(lang), "href": href, "current": current}));
            }
        }
        nav.extend(host_entries);
        json!({
            "slug": slug,
            "name": ic.community.name,
            "archived": ic.community.archived,
            "role": ic.role,
            "is_member": ic.is_member(),
            "nav": nav,
        })
    }

    /// Tells the community's subscribed plugins about a host event, after the response (the
    /// change that caused it is committed already).
    pub fn emit(
        &self,
        community: &crate::communities::Community,
        kind: &'static str,
        payload: Value,
    ) {
        self.deliver(community, None, kind, payload);
    }

    /// Like [`AppState::emit`], for one plugin only (the `item-…` events of moderation).
    pub fn emit_to(
        &self,
        community: &crate::communities::Community,
        plugin_id: &str,
        kind: &'static str,
        payload: Value,
    ) {
        self.deliver(community, Some(plugin_id.to_owned()), kind, payload);
    }

    fn deliver(
        &self,
        community: &crate::communities::Community,
        only: Option<String>,
        kind: &'static str,
        payload: Value,
    ) {
        let state = self.clone();
        let community = community.clone();
        tokio::spawn(async move {
            crate::plugins::background::deliver_event(
                &state.plugins,
                &state.db,
                &state.base_url,
                &community,
                kind,
                payload,
                only.as_deref(),
            )
            .await;
        });
    }

    /// Renders a template; a template error is logged and shown as a short apology, never as
    /// a half-rendered page.
    pub fn render_html(&self, template: &str, data: &Value) -> String {
        match self.templates.render(template, data) {
            Ok(html) => html,
            Err(err) => {
                tracing::error!(template, error = %err, "template failed to render");
                "<!doctype html><title>Error</title><p>Internal error / Interner Fehler</p>".into()
            }
        }
    }

    /// Renders a page outside a handler (error pages), with what the request scope knows.
    pub fn render_layout_page(&self, template: &str, scope: &RequestScope, data: Value) -> String {
        let mut root = self.layout_data(scope.lang(), None, "", "");
        if let Some(name) = scope.viewer_name() {
            root["viewer"] = json!({"display_name": name});
        }
        if let (Value::Object(root_map), Value::Object(page)) = (&mut root, data) {
            root_map.extend(page);
        }
        self.render_html(template, &root)
    }
}
