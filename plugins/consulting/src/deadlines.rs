//! The `deadlines` job: questions nobody took in time go to the managers, answers the asker
//! waits for too long are flagged to the case's consultants and the managers. Each case is
//! marked in the call that sends the notice, and job calls write under the module's lock, so
//! a repeated run sends nothing twice; a new message from the asker clears the mark.

use quartier_plugin_sdk::prelude::*;

use crate::model::{CASES, Status, now, topic_name, topics};
use crate::notices::{self, Words, case_link};

pub const JOB: &str = "deadlines";
/// How often the host runs it.
pub const EVERY_SECONDS: u32 = 900;
/// At most this many cases of each kind per run; the next run handles the rest.
const BATCH: u32 = 200;

/// Flags what is late. Returns how many cases were flagged.
pub fn run() -> Result<usize, Error> {
    let now = now();
    let w = Words::now();
    let topics = topics()?;
    let mut flagged = 0;
    let unassigned = CASES
        .find(
            Query::new()
                .eq("status", Status::Waiting.as_str())
                .eq("unassigned_flagged", false)
                .le("take_by", now)
                .limit(BATCH),
        )?
        .items;
    for mut case in unassigned {
        case.data.unassigned_flagged = true;
        let case = CASES.update(&case)?;
        let topic = topic_name(&topics, &case.data.topic);
        notices::tell_managers(
            notices::DEADLINES,
            &format!(
                "{} ({topic})",
                w.pick(
                    "Niemand hat eine Frage rechtzeitig übernommen",
                    "Nobody took a question in time"
                )
            ),
            w.pick(
                "Bitte teilt sie in der Übersicht einer Beraterin oder einem Berater zu.",
                "Please assign it to a consultant in the overview.",
            ),
            "/overview",
        )?;
        flagged += 1;
    }
    let overdue = CASES
        .find(
            Query::new()
                .eq("status", Status::Open.as_str())
                .eq("overdue_flagged", false)
                .le("answer_by", now)
                .limit(BATCH),
        )?
        .items;
    for mut case in overdue {
        case.data.overdue_flagged = true;
        let case = CASES.update(&case)?;
        let topic = topic_name(&topics, &case.data.topic);
        let title = format!(
            "{} ({topic})",
            w.pick("Eine Antwort ist überfällig", "An answer is overdue")
        );
        notices::tell(
            case.data.consultants(),
            notices::DEADLINES,
            &title,
            w.pick(
                "Die fragende Person wartet länger als zugesagt.",
                "The asker has been waiting longer than promised.",
            ),
            &case_link(&case.id),
        )?;
        notices::tell_managers(
            notices::DEADLINES,
            &title,
            &format!(
                "{}: {}",
                w.pick("Beratung", "Consultant"),
                case.data.lead_name
            ),
            "/overview",
        )?;
        flagged += 1;
    }
    Ok(flagged)
}
