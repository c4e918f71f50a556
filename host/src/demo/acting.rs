//! Acting in the demo village through a module's own pages: the demo data of a module is
//! written by real plugin calls as the demo people, so it passes the module's own checks.

use anyhow::Context as _;
use time::{Date, Duration, Weekday};

use crate::accounts::{self, Account};
use crate::communities::roles::Role;
use crate::communities::{self, Community, members};
use crate::db::{Db, now_ms};
use crate::lang::Lang;
use crate::plugins::Plugins;
use crate::plugins::bindings::v0_1::quartier::plugin::http;
use crate::plugins::call::{CallContext, Invocation, Outcome};
use crate::plugins::registry::Enabled;
use crate::validation::Email;

/// A module switched on in a demo community that has not written anything there yet.
pub struct Stage<'a> {
    plugins: &'a Plugins,
    db: &'a Db,
    community: Community,
    module: Enabled,
}

/// A demo person with their role in the stage's community.
pub type Actor = (Account, Role);

impl<'a> Stage<'a> {
    /// The module `plugin_id` in the community `slug`, unless it is off there or already has
    /// records (the demo data is written once).
    pub async fn open(
        plugins: &'a Plugins,
        db: &'a Db,
        slug: &str,
        plugin_id: &str,
    ) -> anyhow::Result<Option<Stage<'a>>> {
        let pool = db.pool();
        let Some(community) = communities::find_by_slug(pool, slug).await? else {
            return Ok(None);
        };
        let enabled = plugins.enabled_in(pool, community.id).await?;
        let Some(module) = enabled
            .into_iter()
            .find(|m| m.plugin.manifest.id == plugin_id)
        else {
            return Ok(None);
        };
        let written: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM plugin_records WHERE community_id = $1 AND plugin_id = $2",
        )
        .bind(community.id)
        .bind(plugin_id)
        .fetch_one(pool)
        .await?;
        if written > 0 {
            return Ok(None);
        }
        Ok(Some(Stage {
            plugins,
            db,
            community,
            module,
        }))
    }

    /// A demo account and its role in this community.
    pub async fn person(&self, email: &str) -> anyhow::Result<Actor> {
        let pool = self.db.pool();
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!(e))?;
        let account = accounts::find_by_email(pool, &email)
            .await?
            .context("a demo account")?;
        let role = members::role_of(pool, self.community.id, account.id)
            .await?
            .unwrap_or(Role::Visitor);
        Ok((account, role))
    }

    /// Sends a form to a page of the module as `who`, in German, and returns where the
    /// module redirected to; anything but a redirect means the module refused the step.
    pub async fn post(
        &self,
        who: &Actor,
        path: &str,
        form: &[(&str, String)],
    ) -> anyhow::Result<String> {
        let ctx = CallContext::new(
            "",
            &self.community,
            &self.module,
            Some((&who.0, who.1)),
            Lang::De,
        );
        let request = http::Request {
            method: http::Method::Post,
            path: path.to_owned(),
            query: vec![],
            form: form
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            uploads: vec![],
        };
        let id = &self.module.plugin.manifest.id;
        match self
            .plugins
            .call(
                self.db,
                &self.module.plugin,
                ctx,
                Invocation::Handle(request),
            )
            .await
        {
            Ok(Outcome::Response(http::Response::Redirect(to))) => Ok(to.location),
            Ok(_) => anyhow::bail!("the demo step POST {path} was not accepted by {id}"),
            Err(e) => anyhow::bail!("the demo step POST {path} of {id} failed: {e}"),
        }
    }
}

impl Stage<'_> {
    pub fn community(&self) -> &Community {
        &self.community
    }

    pub fn module(&self) -> &Enabled {
        &self.module
    }

    pub fn db(&self) -> &Db {
        self.db
    }

    /// The module's records of a collection in this community, oldest first: (id, data).
    pub async fn records(&self, collection: &str) -> anyhow::Result<Vec<(i64, serde_json::Value)>> {
        let data = match self.db.backend() {
            crate::db::Backend::Sqlite => "data",
            crate::db::Backend::Postgres => "data::text AS data",
        };
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, {data} FROM plugin_records \
             WHERE community_id = $1 AND plugin_id = $2 AND collection = $3 ORDER BY id"
        ))
        .bind(self.community.id)
        .bind(&self.module.plugin.manifest.id)
        .bind(collection)
        .fetch_all(self.db.pool())
        .await?;
        rows.into_iter()
            .map(|(id, json)| Ok((id, serde_json::from_str(&json)?)))
            .collect()
    }

    /// Uploads a photo as `who` through the host's image pipeline, as a form with a file
    /// would, and returns the pending blob's id: the next form sends it as `keep_photo`.
    pub async fn upload_photo(&self, who: &Actor, photo: Vec<u8>) -> anyhow::Result<String> {
        let scope = crate::plugins::records::Scope {
            community_id: self.community.id,
            plugin_id: self.module.plugin.manifest.id.clone(),
        };
        let processed = tokio::task::spawn_blocking(move || crate::blobs::process::process(&photo))
            .await?
            .map_err(|refused| anyhow::anyhow!("the demo photo was refused: {refused:?}"))?;
        let blob =
            crate::blobs::store::insert_pending(self.db.pool(), &scope, who.0.id, &processed)
                .await?;
        Ok(blob.id)
    }
}

/// Today in Berlin.
pub fn today() -> Date {
    crate::berlin::from_millis(now_ms())
        .expect("a valid time")
        .date()
}

/// The first `weekday` at least `days` days from today.
pub fn next(weekday: Weekday, days: i64) -> Date {
    let mut day = today() + Duration::days(days);
    while day.weekday() != weekday {
        day = day.next_day().expect("a date far from the end of time");
    }
    day
}
