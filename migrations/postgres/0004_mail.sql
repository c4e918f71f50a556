-- Mail delivery: how each person wants each kind of notification (instant mail, daily
-- digest, in-app only), which notifications still wait for a mail, and the outbox's
-- delivery bookkeeping (claims, retries with back-off, dead letters).

CREATE TABLE notification_preferences (
    account_id   BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    delivery     TEXT NOT NULL CHECK (delivery IN ('instant', 'digest', 'app')),
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, community_id, source, kind)
);

-- The channel decided when the notification was written; `mailed_at` is set once it is in
-- the outbox (at once for 'instant', with the next digest for 'digest').
ALTER TABLE notifications ADD COLUMN delivery TEXT NOT NULL DEFAULT 'app';
ALTER TABLE notifications ADD COLUMN mailed_at BIGINT;
CREATE INDEX notifications_unmailed ON notifications(delivery, account_id)
    WHERE mailed_at IS NULL AND delivery <> 'app';

-- A notification mail is rendered when it is sent (from `notification_id`, in the
-- recipient's language then); other mails are rendered when queued.
ALTER TABLE outbox ADD COLUMN account_id BIGINT REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN notification_id BIGINT REFERENCES notifications(id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN body_html TEXT;
ALTER TABLE outbox ADD COLUMN lang TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_token TEXT;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN sent_at BIGINT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
