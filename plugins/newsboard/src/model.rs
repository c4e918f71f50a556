//! What the newsboard stores (posts and the community's newsboard settings) and the rules of
//! who may see and do what with them.

use quartier_plugin_sdk::prelude::*;
use serde::{Deserialize, Serialize};

/// Who may read a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Members,
}

/// A post, as stored in the `posts` collection. Field names are queried by the list pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Post {
    pub title: String,
    /// Markdown, rendered and sanitised by the host.
    pub body: String,
    /// One of the community's categories, or "" for none.
    #[serde(default)]
    pub category: String,
    pub visibility: Visibility,
    /// When the post appears (milliseconds since the epoch); later than now means scheduled.
    pub publish_at: i64,
    pub draft: bool,
    pub pinned: bool,
    /// Set for an urgent notice: the banner shows from `publish_at` until this time.
    #[serde(default)]
    pub urgent_until: Option<i64>,
    /// True while the members still have to be told about this urgent notice.
    #[serde(default)]
    pub notify_pending: bool,
    /// The members were told about this urgent notice (never twice).
    #[serde(default)]
    pub notified: bool,
    /// The author's name when the post was written, in case they leave the community.
    pub author_name: String,
    /// The last edit after the post was published.
    #[serde(default)]
    pub edited_at: Option<i64>,
}

impl Post {
    pub fn is_published(&self, now: i64) -> bool {
        !self.draft && self.publish_at <= now
    }

    /// True while the post is an urgent notice that has not expired.
    pub fn is_urgent_now(&self, now: i64) -> bool {
        self.urgent_until.is_some_and(|until| until > now)
    }
}

pub const POSTS: Collection<Post> = Collection::new("posts");

/// The community's newsboard settings, kept by its managers (one record in `config`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub categories: Vec<String>,
    /// Every member may post; otherwise only moderators, managers and official accounts.
    pub members_may_post: bool,
    /// Account ids of official accounts (e.g. the fire brigade, the town hall).
    pub officials: Vec<String>,
}

pub const CONFIG: Collection<Config> = Collection::new("config");

impl Config {
    /// The settings before a manager changed anything: common categories in the
    /// community's language, and posting for moderators and managers.
    pub fn default_for(language: &str) -> Config {
        let categories: &[&str] = if language == "de" {
            &["Gemeinde", "Vereine", "Veranstaltungen", "Baustellen"]
        } else {
            &["Council", "Clubs", "Events", "Road works"]
        };
        Config {
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            members_may_post: false,
            officials: vec![],
        }
    }

    /// The stored settings record, if a manager saved any.
    pub fn stored() -> Result<Option<Record<Config>>, Error> {
        Ok(CONFIG.find(Query::new().limit(1))?.items.into_iter().next())
    }

    pub fn load() -> Result<Config, Error> {
        Ok(Self::stored()?
            .map(|r| r.data)
            .unwrap_or_else(|| Config::default_for(&context::community().language)))
    }

    pub fn is_official(&self, account: Option<&str>) -> bool {
        account.is_some_and(|id| self.officials.iter().any(|o| o == id))
    }
}

/// What the viewer may do on the newsboard.
pub struct Powers {
    pub viewer: Viewer,
    pub may_post: bool,
    /// Urgent notices: moderators, managers and official accounts.
    pub may_post_urgent: bool,
    /// Pinning, and editing or deleting anyone's post.
    pub moderates: bool,
    pub manages: bool,
}

impl Powers {
    /// The community's settings and what the current viewer may do under them.
    pub fn load() -> Result<(Config, Powers), Error> {
        let config = Config::load()?;
        let powers = Powers::of(context::viewer(), &config);
        Ok((config, powers))
    }

    pub fn of(viewer: Viewer, config: &Config) -> Powers {
        let member = viewer.is_at_least(Role::Member);
        let official = member && config.is_official(viewer.id.as_deref());
        let moderates = viewer.is_at_least(Role::Moderator);
        Powers {
            may_post: moderates || official || (member && config.members_may_post),
            may_post_urgent: moderates || official,
            moderates,
            manages: viewer.is_at_least(Role::Manager),
            viewer,
        }
    }

    /// Authors (while still members) and moderators may edit and delete a post.
    pub fn may_edit(&self, post: &Record<Post>) -> bool {
        self.moderates
            || (self.viewer.is_at_least(Role::Member)
                && self.viewer.id.is_some()
                && post.author == self.viewer.id)
    }

    /// Published posts for their audience; drafts and scheduled posts only for those who
    /// may edit them.
    pub fn may_see(&self, post: &Record<Post>, now: i64) -> bool {
        if !post.data.is_published(now) {
            return self.may_edit(post);
        }
        post.data.visibility == Visibility::Public || self.viewer.is_at_least(Role::Member)
    }

    /// The conditions that select the published posts this viewer may read.
    pub fn readable(&self, now: i64) -> Query {
        let query = Query::new().eq("draft", false).le("publish_at", now);
        if self.viewer.is_at_least(Role::Member) {
            query
        } else {
            query.eq("visibility", "public")
        }
    }
}
