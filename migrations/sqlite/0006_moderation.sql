-- Moderation: reports of plugin items grouped into cases, documents hidden by moderators,
-- blocks that keep a person from writing in a community for a while, and an audit log that
-- nothing can change or delete.

-- Hidden by moderators (a decision, or enough reports). Reads of reportable collections in
-- calls of ordinary members and visitors skip hidden documents (host/src/plugins/records.rs).
ALTER TABLE plugin_records ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

-- How many distinct members must report an item before the host hides it until a
-- moderator decides.
ALTER TABLE communities ADD COLUMN auto_hide_reports INTEGER NOT NULL DEFAULT 3;

-- All reports of one item until a moderator decides; a later report opens a new case.
-- Title and excerpt are copied when the case opens, so the log still says what it was
-- after the item is deleted.
CREATE TABLE moderation_cases (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id    TEXT NOT NULL,
    collection   TEXT NOT NULL,
    record_id    INTEGER NOT NULL,
    author_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    title        TEXT NOT NULL,
    excerpt      TEXT NOT NULL DEFAULT '',
    link         TEXT NOT NULL,
    -- open, kept (dismissed), hidden, deleted
    status       TEXT NOT NULL DEFAULT 'open',
    escalated_at INTEGER,
    created_at   INTEGER NOT NULL,
    decided_at   INTEGER,
    decided_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX moderation_cases_open_item
    ON moderation_cases(community_id, plugin_id, collection, record_id) WHERE status = 'open';
CREATE INDEX moderation_cases_queue ON moderation_cases(community_id, status, id);

-- One report per person and case.
CREATE TABLE moderation_reports (
    case_id      INTEGER NOT NULL REFERENCES moderation_cases(id) ON DELETE CASCADE,
    reporter_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    reason       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (case_id, reporter_id)
);
CREATE INDEX moderation_reports_reporter ON moderation_reports(reporter_id);

-- A member who may not write in a community until `until_at` (NULL: until lifted).
CREATE TABLE community_blocks (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    until_at     INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, account_id)
);

-- Moderation entries in the audit log name their case.
ALTER TABLE audit_log ADD COLUMN case_id INTEGER;
CREATE INDEX audit_log_case ON audit_log(case_id);

-- The audit log is append-only, whatever code runs against the database.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
