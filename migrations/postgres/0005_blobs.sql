-- Files people upload to plugins (today: images, re-encoded by the host without metadata).
-- Kept in the database like the plugins' wasm, so a backup of the database is a backup of
-- everything and every process serves every file. Scoped like records to (community,
-- plugin); a pending upload belongs to its uploader until a plugin call keeps it, and is
-- deleted by housekeeping after a day otherwise.

CREATE TABLE plugin_blobs (
    id           TEXT PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id    TEXT NOT NULL,
    uploader_id  BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    kept         BIGINT NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    size         BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    thumb        BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX plugin_blobs_scope ON plugin_blobs(community_id, plugin_id);
CREATE INDEX plugin_blobs_pending ON plugin_blobs(kept, created_at);
