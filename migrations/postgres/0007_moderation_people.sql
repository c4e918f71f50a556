-- Moderation, second part: cases about people and posts held for approval, pre-moderation
-- of new members, and blocks one member sets against another.

-- What a case is about: 'report' (reports of a plugin item), 'held' (a new member's post
-- waiting for approval; the item is hidden until then) or 'person' (reports of a member;
-- plugin_id is '' and record_id the account id).
ALTER TABLE moderation_cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'report';

-- Pre-moderation: posts of members wait for approval until this many of theirs were
-- approved (0: off) and while they joined fewer than this many days ago (0: off).
ALTER TABLE communities ADD COLUMN premoderate_posts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE communities ADD COLUMN premoderate_days BIGINT NOT NULL DEFAULT 0;

-- A person who blocked another: the other's content is collapsed for them, and the other
-- cannot contact them through any module. Across all communities of the instance.
CREATE TABLE member_blocks (
    account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    blocked_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, blocked_id)
);
CREATE INDEX member_blocks_blocked ON member_blocks(blocked_id);
