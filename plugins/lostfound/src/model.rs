//! What the lost-and-found module stores — entries, their secret details (in a collection of
//! their own), conversations and their messages, and the match pairs already announced — and
//! the one place that decides who may see and do what (`Powers`).

use quartier_plugin_sdk::prelude::*;
use serde::{Deserialize, Serialize};

pub const DAY: i64 = 24 * 3_600_000;

/// Lost or found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryType {
    Lost,
    Found,
}

impl EntryType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryType::Lost => "lost",
            EntryType::Found => "found",
        }
    }

    pub fn parse(s: &str) -> Option<EntryType> {
        match s {
            "lost" => Some(EntryType::Lost),
            "found" => Some(EntryType::Found),
            _ => None,
        }
    }

    pub fn opposite(self) -> EntryType {
        match self {
            EntryType::Lost => EntryType::Found,
            EntryType::Found => EntryType::Lost,
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    /// Back with its owner; shown with its happy end for a week, then archived.
    Resolved,
    /// Expired, resolved a week ago, or withdrawn: only the author and moderators see it.
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Archived => "archived",
        }
    }
}

/// A lost or found thing or animal. The secret detail is never here: it lives in `secrets`.
/// Field names that lists query (`type`, `kind`, `area`, `visibility`, `status`,
/// `expires_at`, `reminded`, `resolved_at`) are top-level.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    #[serde(rename = "type")]
    pub entry_type: EntryType,
    /// A built-in kind's slug (`item`, `pet`, …) or the text of a community's extra kind.
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// When it was lost or found: `YYYY-MM-DD`.
    pub date: String,
    /// One of the community's areas, or "".
    #[serde(default)]
    pub area: String,
    /// A coarse place or landmark, never a home address.
    pub place: String,
    /// `public` or `members`.
    pub visibility: String,
    /// Blob ids of up to three photos, in order.
    #[serde(default)]
    pub photos: Vec<String>,
    /// Found entries: the question a claimant answers ("What is written on the tag?").
    #[serde(default)]
    pub question: String,
    /// A secret detail is stored in `secrets`.
    #[serde(default)]
    pub has_secret: bool,
    /// A pet that needs help quickly.
    #[serde(default)]
    pub urgent: bool,
    /// The members were told about this urgent pet (never twice).
    #[serde(default)]
    pub urgent_notified: bool,
    pub status: Status,
    /// `expired`, `resolved` or `withdrawn` once archived.
    #[serde(default)]
    pub archived_reason: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<i64>,
    /// A note when it found its way home ("Bello ist wieder da – danke!").
    #[serde(default)]
    pub happy_end: String,
    /// Milliseconds; the `expiry` job archives it after this.
    pub expires_at: i64,
    /// The author was reminded that it expires soon.
    #[serde(default)]
    pub reminded: bool,
    /// The author's name when it was posted, in case they leave the community.
    #[serde(default)]
    pub author_name: String,
}

impl Entry {
    pub fn is_public(&self) -> bool {
        self.visibility == "public"
    }

    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }
}

pub const ENTRIES: Collection<Entry> = Collection::new("entries");

/// The finder's secret detail of an entry. Kept apart so that nothing that serialises
/// entries — lists, the feed, the widget — can ever carry it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Secret {
    pub entry_id: String,
    pub secret: String,
}

pub const SECRETS: Collection<Secret> = Collection::new("secrets");

/// Whether the poster accepted a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    Open,
    Accepted,
    Declined,
}

/// A conversation between an entry's author (the poster) and one other member (the
/// claimant: the owner of a found thing, or the finder of a lost one).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub entry_id: String,
    pub entry_title: String,
    pub entry_type: EntryType,
    /// The entry's author.
    pub poster: String,
    pub claimant: String,
    /// The claimant's answer to the entry's question (found entries).
    #[serde(default)]
    pub answer: String,
    pub status: ConversationStatus,
    #[serde(default)]
    pub reported: bool,
    #[serde(default)]
    pub report_reason: String,
    #[serde(default)]
    pub reported_by: String,
    pub last_message_at: i64,
}

pub const CONVERSATIONS: Collection<Conversation> = Collection::new("conversations");

/// One message of a conversation; its author is the record's author.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub conversation_id: String,
    pub body: String,
}

pub const MESSAGES: Collection<Message> = Collection::new("messages");

/// A lost/found pair whose authors were told that it might match.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchPair {
    pub lost_id: String,
    pub found_id: String,
}

pub const MATCHES: Collection<MatchPair> = Collection::new("matches");

/// The secret detail of an entry, for those who may see it (its author and moderators);
/// none for everyone else, without even reading it.
pub fn secret_of(entry: &Record<Entry>, powers: &Powers) -> Result<Option<String>, Error> {
    if !powers.may_see_secret(entry) || !entry.data.has_secret {
        return Ok(None);
    }
    Ok(secret_record(&entry.id)?.map(|s| s.data.secret))
}

/// The stored secret record of an entry (for writing; callers check rights).
pub fn secret_record(entry_id: &str) -> Result<Option<Record<Secret>>, Error> {
    Ok(SECRETS
        .find(Query::new().eq("entry_id", entry_id).limit(1))?
        .items
        .into_iter()
        .next())
}

/// The conversations about an entry, latest activity first.
pub fn conversations_of(entry_id: &str) -> Result<Vec<Record<Conversation>>, Error> {
    Ok(CONVERSATIONS
        .find(
            Query::new()
                .eq("entry_id", entry_id)
                .order_by("last_message_at")
                .descending()
                .limit(200),
        )?
        .items)
}

/// The conversation of a claimant about an entry, if there is one.
pub fn conversation_of(
    entry_id: &str,
    claimant: &str,
) -> Result<Option<Record<Conversation>>, Error> {
    Ok(CONVERSATIONS
        .find(
            Query::new()
                .eq("entry_id", entry_id)
                .eq("claimant", claimant)
                .limit(1),
        )?
        .items
        .into_iter()
        .next())
}

/// The messages of a conversation, oldest first.
pub fn messages_of(conversation_id: &str) -> Result<Vec<Record<Message>>, Error> {
    Ok(MESSAGES
        .find(
            Query::new()
                .eq("conversation_id", conversation_id)
                .order_by("created-at")
                .limit(500),
        )?
        .items)
}

/// The community's settings for the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub expiry_days: i64,
    /// Extra kinds the community adds, as written.
    pub extra_kinds: Vec<String>,
    /// The areas of the place; entries pick one when there are any.
    pub areas: Vec<String>,
}

/// Built-in kinds; their names are the messages `kind-{slug}`.
pub const KINDS: [&str; 6] = ["item", "pet", "document", "key", "bicycle", "other"];

pub const DEFAULT_EXPIRY_DAYS: i64 = 30;

impl Settings {
    pub fn load() -> Settings {
        Settings::from_json(&context::community().settings)
    }

    pub fn from_json(settings: &Json) -> Settings {
        let expiry_days = settings
            .get("expiry_days")
            .and_then(Json::as_i64)
            .unwrap_or(DEFAULT_EXPIRY_DAYS)
            .clamp(7, 180);
        let text = |key: &str| settings.get(key).and_then(Json::as_str).unwrap_or("");
        let extra_kinds = split_list(text("extra_kinds"), 40)
            .into_iter()
            .filter(|k| !KINDS.iter().any(|b| b.eq_ignore_ascii_case(k)))
            .collect();
        Settings {
            expiry_days,
            extra_kinds,
            areas: split_list(text("areas"), 80),
        }
    }

    /// A kind an entry may have: a built-in one or one of the community's.
    pub fn knows_kind(&self, kind: &str) -> bool {
        KINDS.contains(&kind) || self.extra_kinds.iter().any(|k| k == kind)
    }
}

/// A comma-separated list: trimmed, blanks and repeats dropped, each at most `max` chars,
/// at most 30 of them.
pub fn split_list(text: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty()
            || part.chars().count() > max
            || out.iter().any(|o| o.to_lowercase() == part.to_lowercase())
        {
            continue;
        }
        out.push(part.to_owned());
        if out.len() == 30 {
            break;
        }
    }
    out
}

/// What the viewer may do in the module, decided here and nowhere else.
pub struct Powers {
    pub viewer: Viewer,
    pub member: bool,
    /// Moderators, managers and operators.
    pub moderates: bool,
}

impl Powers {
    pub fn load() -> Powers {
        Powers::of(context::viewer())
    }

    pub fn of(viewer: Viewer) -> Powers {
        Powers {
            member: viewer.is_at_least(Role::Member),
            moderates: viewer.is_at_least(Role::Moderator),
            viewer,
        }
    }

    /// The viewer is this person and (still) a member.
    pub fn is(&self, person: &str) -> bool {
        self.member && !person.is_empty() && self.viewer.id.as_deref() == Some(person)
    }

    /// The viewer's account id (members only).
    pub fn me(&self) -> Option<&str> {
        self.viewer.id.as_deref().filter(|_| self.member)
    }

    pub fn is_author(&self, entry: &Record<Entry>) -> bool {
        entry.author.as_deref().is_some_and(|a| self.is(a))
    }

    /// Public entries for everyone, members-only entries for members; archived entries only
    /// for their author and moderators. Everything else answers "not found".
    pub fn may_see(&self, entry: &Record<Entry>) -> bool {
        if self.moderates || self.is_author(entry) {
            return true;
        }
        entry.data.status != Status::Archived && (entry.data.is_public() || self.member)
    }

    /// The secret detail: the author (the finder) and moderators.
    pub fn may_see_secret(&self, entry: &Record<Entry>) -> bool {
        self.is_author(entry) || self.moderates
    }

    /// Members other than the author may get in touch about an open entry.
    pub fn may_claim(&self, entry: &Record<Entry>) -> bool {
        self.member && !self.is_author(entry) && entry.data.is_open() && self.may_see(entry)
    }

    /// The author and moderators.
    pub fn may_delete(&self, entry: &Record<Entry>) -> bool {
        self.is_author(entry) || self.moderates
    }

    /// One of the two people of a conversation.
    pub fn takes_part(&self, conversation: &Conversation) -> bool {
        self.is(&conversation.claimant) || self.is(&conversation.poster)
    }

    /// The other person of a conversation, for one of its two people; none for anyone else.
    pub fn other_side<'c>(&self, conversation: &'c Conversation) -> Option<&'c str> {
        if self.is(&conversation.poster) {
            Some(&conversation.claimant)
        } else if self.is(&conversation.claimant) {
            Some(&conversation.poster)
        } else {
            None
        }
    }

    /// The two people; moderators only once someone reported it.
    pub fn may_read(&self, conversation: &Conversation) -> bool {
        self.takes_part(conversation) || (self.moderates && conversation.reported)
    }

    /// Conditions for the entries of a status the viewer may see in lists (members-only
    /// ones are left out for visitors; archived ones are never listed).
    pub fn listable(&self, status: Status) -> Query {
        let query = Query::new().eq("status", status.as_str());
        if self.member {
            query
        } else {
            query.eq("visibility", "public")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(id: Option<&str>, role: Role) -> Viewer {
        Viewer {
            id: id.map(Into::into),
            display_name: id.map(Into::into),
            role,
            language: "de".into(),
        }
    }

    fn entry(author: &str, visibility: &str, status: Status) -> Record<Entry> {
        Record {
            id: "e1".into(),
            version: 1,
            created_at: 0,
            updated_at: 0,
            author: Some(author.into()),
            hidden: false,
            data: Entry {
                entry_type: EntryType::Found,
                kind: "key".into(),
                title: "Schlüssel".into(),
                description: String::new(),
                date: "2026-01-01".into(),
                area: String::new(),
                place: "Kirche".into(),
                visibility: visibility.into(),
                photos: vec![],
                question: String::new(),
                has_secret: true,
                urgent: false,
                urgent_notified: false,
                status,
                archived_reason: None,
                resolved_at: None,
                happy_end: String::new(),
                expires_at: 0,
                reminded: false,
                author_name: "Anna".into(),
            },
        }
    }

    #[test]
    fn visibility_is_decided_by_role_author_and_status() {
        let visitor = Powers::of(viewer(None, Role::Visitor));
        let outsider = Powers::of(viewer(Some("x"), Role::Visitor));
        let member = Powers::of(viewer(Some("m"), Role::Member));
        let author = Powers::of(viewer(Some("a"), Role::Member));
        let former_author = Powers::of(viewer(Some("a"), Role::Visitor));
        let moderator = Powers::of(viewer(Some("mod"), Role::Moderator));

        let public = entry("a", "public", Status::Open);
        let members = entry("a", "members", Status::Open);
        let archived = entry("a", "public", Status::Archived);
        let resolved = entry("a", "members", Status::Resolved);

        for p in [&visitor, &outsider, &member, &author, &moderator] {
            assert!(p.may_see(&public));
        }
        assert!(!visitor.may_see(&members));
        assert!(!outsider.may_see(&members));
        assert!(!former_author.may_see(&members));
        assert!(member.may_see(&members) && member.may_see(&resolved));
        assert!(!visitor.may_see(&resolved));
        assert!(!member.may_see(&archived) && !visitor.may_see(&archived));
        assert!(author.may_see(&archived) && moderator.may_see(&archived));
    }

    #[test]
    fn only_the_author_and_moderators_see_the_secret() {
        let e = entry("a", "public", Status::Open);
        assert!(Powers::of(viewer(Some("a"), Role::Member)).may_see_secret(&e));
        assert!(Powers::of(viewer(Some("mod"), Role::Moderator)).may_see_secret(&e));
        assert!(!Powers::of(viewer(Some("m"), Role::Member)).may_see_secret(&e));
        assert!(!Powers::of(viewer(None, Role::Visitor)).may_see_secret(&e));
        assert!(!Powers::of(viewer(Some("a"), Role::Visitor)).may_see_secret(&e));
    }

    #[test]
    fn conversations_are_for_the_two_and_reported_ones_for_moderators() {
        let mut c = Conversation {
            entry_id: "e1".into(),
            entry_title: "t".into(),
            entry_type: EntryType::Found,
            poster: "a".into(),
            claimant: "c".into(),
            answer: String::new(),
            status: ConversationStatus::Open,
            reported: false,
            report_reason: String::new(),
            reported_by: String::new(),
            last_message_at: 0,
        };
        let moderator = Powers::of(viewer(Some("mod"), Role::Moderator));
        assert!(Powers::of(viewer(Some("a"), Role::Member)).may_read(&c));
        assert!(Powers::of(viewer(Some("c"), Role::Member)).may_read(&c));
        assert!(!Powers::of(viewer(Some("m"), Role::Member)).may_read(&c));
        assert!(!Powers::of(viewer(Some("c"), Role::Visitor)).may_read(&c));
        assert!(!Powers::of(viewer(None, Role::Visitor)).may_read(&c));
        assert!(!moderator.may_read(&c));
        c.reported = true;
        assert!(moderator.may_read(&c));
        assert!(!moderator.takes_part(&c));
        assert!(!Powers::of(viewer(Some("m"), Role::Member)).may_read(&c));
    }

    #[test]
    fn the_other_side_is_the_person_a_message_goes_to() {
        let c = Conversation {
            entry_id: "e1".into(),
            entry_title: "t".into(),
            entry_type: EntryType::Found,
            poster: "a".into(),
            claimant: "c".into(),
            answer: String::new(),
            status: ConversationStatus::Open,
            reported: false,
            report_reason: String::new(),
            reported_by: String::new(),
            last_message_at: 0,
        };
        assert_eq!(
            Powers::of(viewer(Some("a"), Role::Member)).other_side(&c),
            Some("c")
        );
        assert_eq!(
            Powers::of(viewer(Some("c"), Role::Member)).other_side(&c),
            Some("a")
        );
        // Moderators reading a report, other members, former members and visitors write to
        // nobody.
        assert_eq!(
            Powers::of(viewer(Some("mod"), Role::Moderator)).other_side(&c),
            None
        );
        assert_eq!(
            Powers::of(viewer(Some("m"), Role::Member)).other_side(&c),
            None
        );
        assert_eq!(
            Powers::of(viewer(Some("c"), Role::Visitor)).other_side(&c),
            None
        );
        assert_eq!(Powers::of(viewer(None, Role::Visitor)).other_side(&c), None);
    }

    #[test]
    fn settings_are_read_with_defaults_and_limits() {
        let s = Settings::from_json(&json!({
            "expiry_days": 3,
            "extra_kinds": " Schmuck, , Brille,schmuck, pet ",
            "areas": "Ortsmitte, Neubaugebiet Nord, Am Sportplatz",
        }));
        assert_eq!(s.expiry_days, 7);
        assert_eq!(s.extra_kinds, ["Schmuck", "Brille"]);
        assert_eq!(s.areas, ["Ortsmitte", "Neubaugebiet Nord", "Am Sportplatz"]);
        assert!(s.knows_kind("pet") && s.knows_kind("Brille") && !s.knows_kind("brille"));
        let d = Settings::from_json(&Json::Null);
        assert_eq!(d.expiry_days, 30);
        assert!(d.extra_kinds.is_empty() && d.areas.is_empty());
    }
}
