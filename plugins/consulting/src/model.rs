//! What peer consulting stores — topics, consultant profiles, cases, the messages of their
//! confidential threads, summaries and knowledge-base articles — and who may see what.

use quartier_plugin_sdk::prelude::*;
use quartier_plugin_sdk::time::{self, Date};
use serde::{Deserialize, Serialize};

pub const DAY: i64 = 86_400_000;

/// A subject the community's consultants advise on ("Datenschutz"), curated by managers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
    /// Retired topics keep their cases and articles but take no new questions.
    #[serde(default)]
    pub retired: bool,
}

pub const TOPICS: Collection<Topic> = Collection::new("topics");

/// The topics offered for new questions first, retired ones last, each group by name.
pub fn topics() -> Result<Vec<Record<Topic>>, Error> {
    let mut list = TOPICS.find(Query::new().limit(200))?.items;
    list.sort_by_key(|t| (t.data.retired, t.data.name.to_lowercase()));
    Ok(list)
}

/// The name of a topic id among `topics`, or "" for an unknown id.
pub fn topic_name(topics: &[Record<Topic>], id: &str) -> String {
    topics
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.data.name.clone())
        .unwrap_or_default()
}

/// Whether a consultant takes new questions now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    Available,
    Busy,
    /// Away until `away_until` (a date); available again from the day after.
    Away,
}

/// A member the managers appointed to advise others, with the profile they keep themselves.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Consultant {
    /// The account id.
    pub person: String,
    pub name: String,
    /// Topic ids.
    pub topics: Vec<String>,
    #[serde(default)]
    pub bio: String,
    /// Free text: "Deutsch, Türkisch".
    #[serde(default)]
    pub languages: String,
    pub availability: Availability,
    /// YYYY-MM-DD, only for `Away`.
    #[serde(default)]
    pub away_until: String,
    /// How many open cases they take at most.
    pub max_open: u32,
}

pub const CONSULTANTS: Collection<Consultant> = Collection::new("consultants");

pub const DEFAULT_MAX_OPEN: u32 = 3;

impl Consultant {
    /// Takes new questions today: available, or away until a day that has passed.
    pub fn is_available(&self, today: Date) -> bool {
        match self.availability {
            Availability::Available => true,
            Availability::Busy => false,
            Availability::Away => Date::parse(&self.away_until).is_some_and(|d| d < today),
        }
    }

    /// "available", "busy" or "away", as shown today.
    pub fn shown_availability(&self, today: Date) -> &'static str {
        if self.is_available(today) {
            "available"
        } else if self.availability == Availability::Busy {
            "busy"
        } else {
            "away"
        }
    }

    pub fn advises_on(&self, topic: &str) -> bool {
        self.topics.iter().any(|t| t == topic)
    }
}

/// Every consultant of the community, by name.
pub fn consultants() -> Result<Vec<Record<Consultant>>, Error> {
    let mut list = CONSULTANTS.find(Query::new().limit(500))?.items;
    list.sort_by_key(|c| c.data.name.to_lowercase());
    Ok(list)
}

/// The consultant profile of an account, if it has one.
pub fn consultant_of(person: &str) -> Result<Option<Record<Consultant>>, Error> {
    Ok(CONSULTANTS
        .find(Query::new().eq("person", person).limit(1))?
        .items
        .into_iter()
        .next())
}

/// How soon an answer is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Normal,
    /// Within a day.
    Urgent,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Routed to the consultants of the topic; nobody has taken it yet.
    Waiting,
    /// A consultant took it (or a manager assigned it); the thread is open.
    Open,
    /// Resolved with an outcome.
    Closed,
    /// The asker withdrew it before anyone took it.
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// A consultant the lead consultant asked to join, waiting for the asker's consent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invitation {
    pub person: String,
    pub name: String,
}

/// A question and everything that follows from it. Its contents (title, description,
/// messages, outcome) are for the asker and the case's consultants only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Case {
    pub asker: String,
    pub asker_name: String,
    /// An initiative the asker asks for ("Nachbarschaftscafé Kiezkaffee"), or empty.
    #[serde(default)]
    pub on_behalf: String,
    pub topic: String,
    pub title: String,
    pub description: String,
    pub urgency: Urgency,
    /// The asker agrees that an anonymised summary may be published; they can change their
    /// mind until it is.
    pub share_consent: bool,
    pub status: Status,
    /// The consultant who took it, or "" while waiting.
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub lead_name: String,
    /// A second consultant invited with the asker's consent, or "".
    #[serde(default)]
    pub second: String,
    #[serde(default)]
    pub second_name: String,
    #[serde(default)]
    pub invitation: Option<Invitation>,
    /// Until when a consultant should take it.
    pub take_by: i64,
    /// Until when the asker can expect an answer; none when the asker has the last word
    /// answered (or the case is not open).
    #[serde(default)]
    pub answer_by: Option<i64>,
    /// The managers were told that nobody took it in time.
    #[serde(default)]
    pub unassigned_flagged: bool,
    /// The consultants and managers were told that the answer is overdue.
    #[serde(default)]
    pub overdue_flagged: bool,
    #[serde(default)]
    pub taken_at: Option<i64>,
    #[serde(default)]
    pub closed_at: Option<i64>,
    #[serde(default)]
    pub outcome: String,
    /// The asker's verdict: "helpful" or "not-helpful", or "" before they gave one.
    #[serde(default)]
    pub rating: String,
}

pub const CASES: Collection<Case> = Collection::new("cases");

impl Case {
    /// The asker or one of its consultants: the people who may read the thread.
    pub fn is_party(&self, person: &str) -> bool {
        self.asker == person || self.is_consultant(person)
    }

    pub fn is_consultant(&self, person: &str) -> bool {
        !person.is_empty() && (self.lead == person || self.second == person)
    }

    /// The consultants of the case (one or two account ids).
    pub fn consultants(&self) -> Vec<String> {
        [&self.lead, &self.second]
            .into_iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect()
    }

    /// Nobody took it and its deadline passed.
    pub fn is_unassigned_late(&self, now: i64) -> bool {
        self.status == Status::Waiting && self.take_by <= now
    }

    /// Open and the asker has waited longer than promised.
    pub fn is_overdue(&self, now: i64) -> bool {
        self.status == Status::Open && self.answer_by.is_some_and(|by| by <= now)
    }
}

/// A message in a case's confidential thread. Reportable as private: moderators see it only
/// when one of the people in the thread reports it, and it is never held for approval.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    pub case: String,
    pub author: String,
    pub author_name: String,
    pub text: String,
    /// What the moderation queue calls it ("Nachricht in einer Beratung zu Datenschutz").
    pub about: String,
    /// The people in the thread when it was written: only they can report it.
    pub readers: Vec<String>,
}

pub const MESSAGES: Collection<Message> = Collection::new("messages");

/// The messages of a case, oldest first.
pub fn messages_of(case: &str) -> Result<Vec<Record<Message>>, Error> {
    Ok(MESSAGES
        .find(
            Query::new()
                .eq("case", case)
                .order_by("created-at")
                .limit(500),
        )?
        .items)
}

/// Where an anonymised summary stands on its way to the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SummaryStatus {
    /// Waiting for a manager's review.
    Submitted,
    /// A manager sent it back with a note.
    Returned,
    Published,
    /// The asker withdrew their consent before it was published.
    Withdrawn,
}

impl SummaryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SummaryStatus::Submitted => "submitted",
            SummaryStatus::Returned => "returned",
            SummaryStatus::Published => "published",
            SummaryStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A consultant's anonymised summary of a closed case, for the knowledge base.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub case: String,
    pub author: String,
    pub topic: String,
    pub title: String,
    pub text: String,
    pub status: SummaryStatus,
    /// The manager's note when they sent it back.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub article: String,
}

pub const SUMMARIES: Collection<Summary> = Collection::new("summaries");

/// The summary of a case, if one was written.
pub fn summary_of(case: &str) -> Result<Option<Record<Summary>>, Error> {
    Ok(SUMMARIES
        .find(Query::new().eq("case", case).limit(1))?
        .items
        .into_iter()
        .next())
}

/// An article of the knowledge base ("Werkzeugkoffer"): a published summary or a manager's
/// own text. Never names the asker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    pub topic: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Visitors see public articles; members-only ones are for members.
    pub public: bool,
    /// Came out of a case (whose id is kept so the summary can point to it), or "".
    #[serde(default)]
    pub case: String,
}

pub const ARTICLES: Collection<Article> = Collection::new("articles");

/// The module's per-community settings.
pub struct Settings {
    /// Days until a question should be taken; then the managers hear of it.
    pub take_days: i64,
    /// Days within which an asker can expect an answer.
    pub answer_days: i64,
}

impl Settings {
    pub fn load() -> Settings {
        let settings = context::community().settings;
        let days = |name: &str, default: i64, max: i64| {
            settings
                .get(name)
                .and_then(Json::as_i64)
                .filter(|d| (1..=max).contains(d))
                .unwrap_or(default)
        };
        Settings {
            take_days: days("take_days", 3, 30),
            answer_days: days("answer_days", 2, 14),
        }
    }

    /// When a question asked at `now` should have been taken.
    pub fn take_by(&self, now: i64, urgency: Urgency) -> i64 {
        now + self.days(self.take_days, urgency) * DAY
    }

    /// When an asker who wrote at `now` can expect an answer.
    pub fn answer_by(&self, now: i64, urgency: Urgency) -> i64 {
        now + self.days(self.answer_days, urgency) * DAY
    }

    fn days(&self, days: i64, urgency: Urgency) -> i64 {
        match urgency {
            Urgency::Urgent => 1,
            Urgency::Normal => days,
        }
    }
}

/// The person looking and what they are here.
pub struct Me {
    pub viewer: Viewer,
    pub consultant: Option<Record<Consultant>>,
}

impl Me {
    pub fn load() -> Result<Me, Error> {
        let viewer = context::viewer();
        let consultant = match (&viewer.id, viewer.is_at_least(Role::Member)) {
            (Some(id), true) => consultant_of(id)?,
            _ => None,
        };
        Ok(Me { viewer, consultant })
    }

    /// The account id, or "" for visitors.
    pub fn id(&self) -> &str {
        self.viewer.id.as_deref().unwrap_or("")
    }

    pub fn is_member(&self) -> bool {
        self.viewer.is_logged_in() && self.viewer.is_at_least(Role::Member)
    }

    pub fn is_manager(&self) -> bool {
        self.viewer.is_at_least(Role::Manager)
    }

    /// Reads the thread of the case.
    pub fn is_party(&self, case: &Case) -> bool {
        self.is_member() && case.is_party(self.id())
    }

    /// A consultant for the case's topic who may see the question and take it while it
    /// waits (never the asker).
    pub fn may_take(&self, case: &Case) -> bool {
        case.status == Status::Waiting
            && case.asker != self.id()
            && self
                .consultant
                .as_ref()
                .is_some_and(|c| c.data.advises_on(&case.topic))
    }
}

/// Now, as the SDK's clock tells it.
pub fn now() -> i64 {
    time::now()
}

/// How many open cases a consultant has (as lead or second).
pub fn open_load(person: &str) -> Result<u64, Error> {
    let open = |field: &str| {
        CASES.count(
            Query::new()
                .eq("status", Status::Open.as_str())
                .eq(field, person),
        )
    };
    Ok(open("lead")? + open("second")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consultant(availability: Availability, away_until: &str) -> Consultant {
        Consultant {
            person: "1".into(),
            name: "A".into(),
            topics: vec!["t".into()],
            bio: String::new(),
            languages: String::new(),
            availability,
            away_until: away_until.into(),
            max_open: 3,
        }
    }

    #[test]
    fn away_consultants_are_available_again_the_day_after() {
        let today = Date::parse("2026-11-22").unwrap();
        assert!(consultant(Availability::Available, "").is_available(today));
        assert!(!consultant(Availability::Busy, "").is_available(today));
        assert!(!consultant(Availability::Away, "2026-11-22").is_available(today));
        assert!(consultant(Availability::Away, "2026-11-21").is_available(today));
        assert!(!consultant(Availability::Away, "").is_available(today));
        assert_eq!(
            consultant(Availability::Away, "2026-11-30").shown_availability(today),
            "away"
        );
    }

    #[test]
    fn urgent_questions_have_a_day_whatever_the_settings() {
        let settings = Settings {
            take_days: 3,
            answer_days: 2,
        };
        assert_eq!(settings.take_by(0, Urgency::Normal), 3 * DAY);
        assert_eq!(settings.take_by(0, Urgency::Urgent), DAY);
        assert_eq!(settings.answer_by(10, Urgency::Normal), 10 + 2 * DAY);
    }
}
