-- Banners plugins publish (e.g. an urgent notice), shown on every page of the community
-- between their start and end. Like records, not tied to the plugins table; only banners of
-- modules the community has enabled are shown.

CREATE TABLE plugin_banners (
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    plugin_id    TEXT NOT NULL,
    key          TEXT NOT NULL,
    level        TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    link         TEXT,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    members_only INTEGER NOT NULL,
    PRIMARY KEY (community_id, plugin_id, key)
);
CREATE INDEX plugin_banners_current ON plugin_banners(community_id, ends_at);
