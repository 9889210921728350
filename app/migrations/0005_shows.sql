-- Radio call-in shows (issue 17): a show answers calls to its hotline number and queues them; its
-- members run it from the console, as its host or a screener.

CREATE TABLE shows (
    id          TEXT PRIMARY KEY,
    -- domain::show::ShowName: letters, digits, '-', '_'; in URLs and the Twilio queue's name.
    name        TEXT NOT NULL UNIQUE,
    -- The show's own Twilio number (E.164): calls to it go to the show's queue, never to a user.
    hotline     TEXT NOT NULL UNIQUE,
    -- Closed: callers hear that the lines are closed and are not queued.
    lines_open  BOOLEAN NOT NULL DEFAULT FALSE,
    -- Callers holding at once (waiting, ready or next); more hear "all lines are busy".
    max_waiting BIGINT NOT NULL,
    -- Spoken to every caller before they are queued.
    greeting    TEXT NOT NULL,
    -- Local mode's demo show: a live server refuses to start while one exists.
    is_demo     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE show_members (
    show_id TEXT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- domain::show::Role
    role    TEXT NOT NULL CHECK (role IN ('host', 'screener')),
    PRIMARY KEY (show_id, user_id)
);
CREATE INDEX show_members_by_user ON show_members (user_id);

-- One row per call to a show's hotline that was let in (banned and refused calls never get one).
CREATE TABLE show_callers (
    call_sid      TEXT PRIMARY KEY,
    show_id       TEXT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    -- E.164 as Twilio sent `From`; NULL when the number was withheld.
    number        TEXT,
    withheld      BOOLEAN NOT NULL DEFAULT FALSE,
    -- domain::show::LineState
    state         TEXT NOT NULL
                  CHECK (state IN ('waiting', 'screening', 'ready', 'next', 'on_air', 'ended')),
    -- On air and locked: Next does not drop them.
    locked        BOOLEAN NOT NULL DEFAULT FALSE,
    -- When the line entered its current state, and when it last entered each state (aired_at:
    -- the first time, which the time-to-air statistics need). Unix seconds.
    queued_at     BIGINT NOT NULL,
    state_since   BIGINT NOT NULL,
    screening_at  BIGINT,
    ready_at      BIGINT,
    next_at       BIGINT,
    aired_at      BIGINT,
    ended_at      BIGINT,
    -- The screener's card.
    name          TEXT,
    location      TEXT,
    topic         TEXT,
    note          TEXT,
    -- A screener's warning about this caller, shown on their line.
    warning       TEXT,
    -- Who screened them last.
    screener_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- From the waitUrl's requests: the queue, and the caller's last reported position and when.
    queue_sid     TEXT,
    last_position BIGINT,
    last_seen_at  BIGINT,
    -- The Enqueue action's QueueResult and QueueTime, when the caller left the queue.
    queue_result  TEXT,
    queue_time    BIGINT
);
CREATE INDEX show_callers_by_show ON show_callers (show_id, state, queued_at);
CREATE INDEX show_callers_by_number ON show_callers (show_id, number);
-- At most one caller per show is set as next.
CREATE UNIQUE INDEX show_callers_one_next ON show_callers (show_id) WHERE state = 'next';

-- Numbers whose calls to a show are rejected (<Reject>, unbilled) before anything is answered.
CREATE TABLE show_bans (
    show_id   TEXT NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    number    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    banned_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    banned_at BIGINT NOT NULL,
    PRIMARY KEY (show_id, number)
);
