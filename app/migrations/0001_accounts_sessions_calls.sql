-- Users, sessions, call records and the counters behind rate limits.
-- Portable SQL (SQLite now, Postgres later): TEXT ids made in Rust, BIGINT unix seconds, no
-- AUTOINCREMENT, upserts with ON CONFLICT.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    -- Twilio client identity: `<Client>` target and access-token identity.
    identity      TEXT NOT NULL UNIQUE,
    -- The user's own Twilio number (E.164): inbound calls to it ring this user, and it is the
    -- caller ID of their outbound calls. NULL: the account's number is used.
    number        TEXT UNIQUE,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a leaked database does not leak live sessions.
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, counted per account and per client address inside a window.
CREATE TABLE login_failures (
    subject      TEXT NOT NULL,
    attempted_at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (subject, attempted_at);

-- One row per call leg Twilio tells us about (status callbacks).
CREATE TABLE calls (
    call_sid        TEXT PRIMARY KEY,
    parent_call_sid TEXT,
    direction       TEXT NOT NULL,
    from_address    TEXT NOT NULL,
    to_address      TEXT NOT NULL,
    user_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
    status          TEXT NOT NULL,
    -- Twilio's SequenceNumber: a callback only applies if newer than the stored one, so replays
    -- and out-of-order deliveries change nothing.
    sequence_number BIGINT NOT NULL,
    started_at      BIGINT NOT NULL,
    ended_at        BIGINT,
    duration_seconds BIGINT,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX calls_by_user ON calls (user_id, started_at);

-- Outbound calls placed by each user, for the per-hour cap (checked before any <Dial>).
CREATE TABLE outbound_calls (
    call_sid    TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    destination TEXT NOT NULL,
    placed_at   BIGINT NOT NULL
);
CREATE INDEX outbound_calls_by_user ON outbound_calls (user_id, placed_at);
