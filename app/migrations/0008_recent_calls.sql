-- Recent calls are read per user by address (a user's browser legs are `client:<identity>`, their
-- number's calls are `To` it), and missed calls stay marked until the user has seen them.
CREATE INDEX calls_by_from ON calls (from_address, started_at);
CREATE INDEX calls_by_to ON calls (to_address, started_at);
CREATE INDEX calls_by_parent ON calls (parent_call_sid);

CREATE TABLE missed_calls_seen (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    -- Missed calls that started at or before this (unix seconds) have been seen.
    seen_until BIGINT NOT NULL
);
