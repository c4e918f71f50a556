-- Plugins: installed versions (the wasm itself lives in the database so every process of a
-- PostgreSQL deployment can load it), per-community enablement, plugin records, in-app
-- notifications and scheduled job runs.

CREATE TABLE plugins (
    id              TEXT PRIMARY KEY,
    mount           TEXT NOT NULL UNIQUE,
    current_version TEXT NOT NULL,
    installed_at    INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE plugin_versions (
    plugin_id    TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    version      TEXT NOT NULL,
    wasm         BLOB NOT NULL,
    wasm_sha256  TEXT NOT NULL,
    manifest     TEXT NOT NULL,
    installed_at INTEGER NOT NULL,
    PRIMARY KEY (plugin_id, version)
);

CREATE TABLE community_plugins (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id    TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
    enabled      INTEGER NOT NULL,
    granted      TEXT NOT NULL DEFAULT '',
    settings     TEXT NOT NULL DEFAULT '{}',
    changed_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, plugin_id)
);

-- Records are not tied to the plugins table: uninstalling a plugin keeps its data.
CREATE TABLE plugin_records (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id    TEXT NOT NULL,
    collection   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    author       TEXT,
    data         TEXT NOT NULL
);
CREATE INDEX plugin_records_scope ON plugin_records(community_id, plugin_id, collection, id);

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    link         TEXT,
    urgent       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER
);
CREATE INDEX notifications_account ON notifications(account_id, id);

CREATE TABLE plugin_job_runs (
    community_id  INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id     TEXT NOT NULL,
    job           TEXT NOT NULL,
    last_started  INTEGER NOT NULL,
    running_until INTEGER NOT NULL,
    PRIMARY KEY (community_id, plugin_id, job)
);
