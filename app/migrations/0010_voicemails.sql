-- Messages left for a user after an unanswered call (`<Record>` on /twilio/dial-status). The audio
-- stays with Twilio (the simulator, in local mode); this is the mailbox's index.
CREATE TABLE voicemails (
    recording_sid    TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    call_sid         TEXT NOT NULL,
    -- The caller as Twilio gave it: an E.164 number, or a withheld one ("anonymous", ...).
    from_address     TEXT NOT NULL,
    recorded_at      BIGINT NOT NULL,
    duration_seconds BIGINT NOT NULL,
    heard            BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX voicemails_by_user ON voicemails (user_id, recorded_at);
