//! The demo village's moderation case: three residents report an insulting lost-and-found
//! entry, which hides it at once; the moderator finds it waiting in the queue.

use anyhow::Context as _;

use super::acting::Stage;
use crate::i18n::Catalogue;
use crate::moderation::Reason;
use crate::moderation::cases::{self, ItemRef, NewReport};

/// Who reports the entry, why, and what they add.
const REPORTERS: &[(&str, Reason, &str)] = &[
    ("member@demo.example", Reason::Insult, ""),
    ("feuerwehr@demo.example", Reason::Insult, ""),
    (
        "baecker@demo.example",
        Reason::Insult,
        "Das ist gegen unseren Nachbarn gerichtet und einfach nur gemein.",
    ),
];

/// Reports the entry the module redirected to after posting it (`/entries/{id}`).
pub async fn report_insult(stage: &Stage<'_>, location: &str) -> anyhow::Result<()> {
    let record_id: i64 = location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .context("the new entry's id")?;
    let community = stage.community();
    let plugin = &stage.module().plugin;
    let declared = plugin
        .manifest
        .reportable("entries")
        .context("lost-and-found entries are reportable")?;
    let item_ref = ItemRef {
        community_id: community.id,
        plugin_id: plugin.manifest.id.clone(),
        collection: "entries".into(),
        record_id,
    };
    let mount_path = format!("/c/{}/{}", community.slug, plugin.manifest.mount);
    let item = cases::load_item(stage.db(), &item_ref, declared, &mount_path)
        .await?
        .context("the entry just posted")?;
    let catalogue = Catalogue::load();
    for (email, reason, note) in REPORTERS {
        let (reporter, _) = stage.person(email).await?;
        let report = NewReport {
            reporter_id: reporter.id,
            reason: *reason,
            note,
        };
        cases::report(
            stage.db(),
            &catalogue,
            &community.slug,
            &item_ref,
            &item,
            report,
        )
        .await
        .map_err(|e| anyhow::anyhow!("the demo report was not taken: {e}"))?;
    }
    Ok(())
}
