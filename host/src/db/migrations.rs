//! The migration files of both backends, embedded in the binary so `quartier` runs anywhere.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use super::Backend;

/// `(version, description, sql)` of each SQLite migration, oldest first.
const SQLITE: &[(i64, &str, &str)] = &[
    (
        1,
        "core",
        include_str!("../../../migrations/sqlite/0001_core.sql"),
    ),
    (
        2,
        "plugins",
        include_str!("../../../migrations/sqlite/0002_plugins.sql"),
    ),
    (
        3,
        "banners",
        include_str!("../../../migrations/sqlite/0003_banners.sql"),
    ),
    (
        4,
        "mail",
        include_str!("../../../migrations/sqlite/0004_mail.sql"),
    ),
    (
        5,
        "blobs",
        include_str!("../../../migrations/sqlite/0005_blobs.sql"),
    ),
    (
        6,
        "moderation",
        include_str!("../../../migrations/sqlite/0006_moderation.sql"),
    ),
    (
        7,
        "moderation people",
        include_str!("../../../migrations/sqlite/0007_moderation_people.sql"),
    ),
];

/// The PostgreSQL twins of [`SQLITE`]; versions must match one to one.
const POSTGRES: &[(i64, &str, &str)] = &[
    (
        1,
        "core",
        include_str!("../../../migrations/postgres/0001_core.sql"),
    ),
    (
        2,
        "plugins",
        include_str!("../../../migrations/postgres/0002_plugins.sql"),
    ),
    (
        3,
        "banners",
        include_str!("../../../migrations/postgres/0003_banners.sql"),
    ),
    (
        4,
        "mail",
        include_str!("../../../migrations/postgres/0004_mail.sql"),
    ),
    (
        5,
        "blobs",
        include_str!("../../../migrations/postgres/0005_blobs.sql"),
    ),
    (
        6,
        "moderation",
        include_str!("../../../migrations/postgres/0006_moderation.sql"),
    ),
    (
        7,
        "moderation people",
        include_str!("../../../migrations/postgres/0007_moderation_people.sql"),
    ),
];

/// Builds the migrator for one backend from the embedded files.
pub fn for_backend(backend: Backend) -> Migrator {
    let files = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let migrations = files
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )
        })
        .collect::<Vec<_>>();
    // `Migrator`'s fields are public for `sqlx::migrate!`; building it here spares the
    // proc-macro (and a second compile of both drivers) while keeping sqlx's bookkeeping.
    Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let versions = |files: &[(i64, &str, &str)]| files.iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
    }
}
