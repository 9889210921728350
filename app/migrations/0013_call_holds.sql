-- Calls a user put on hold, and transfers. The other party waits in a Twilio queue of its own
-- (`hold-<holder_sid>`, hearing music) while the user's leg is parked or talks to a colleague;
-- resuming dials that queue. One row per user's leg, kept while the two are together again, so
-- the other party's leg stays known after their <Dial> bridge is gone. Deleted when either leg
-- ends. Twilio's pattern: https://www.twilio.com/docs/voice/twiml/enqueue and .../twiml/queue.
CREATE TABLE call_holds (
    holder_sid     TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    held_sid       TEXT NOT NULL UNIQUE,
    -- Who is held, as Twilio named them (client:<identity> or E.164), and their user if ours.
    held_address   TEXT NOT NULL,
    held_user_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- The held party's leg is the parent of the user's (a call to the user's number or client):
    -- it leaves its <Dial> through its action URL, not through a redirect.
    held_is_parent BOOLEAN NOT NULL,
    -- holding | held | talking | consulting
    state          TEXT NOT NULL,
    -- A transfer's target as dialled: client:<identity> or an E.164 number, and its name.
    target         TEXT,
    target_name    TEXT,
    -- The colleague's leg while a warm transfer talks to them (a child of holder_sid).
    consult_sid    TEXT,
    -- Twilio's queue the held party waits in (from its waitUrl request), deleted when the hold
    -- ends: Twilio keeps queues until they are.
    queue_sid      TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX call_holds_by_consult ON call_holds (consult_sid);

-- Calls a user handed over (a blind transfer, or a warm one completed), for their recent calls:
-- "Transferred to bob". Keyed by the user's own leg, the CallSid their recent calls know.
CREATE TABLE call_transfers (
    call_sid       TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_name        TEXT NOT NULL,
    transferred_at BIGINT NOT NULL
);
CREATE INDEX call_transfers_by_user ON call_transfers (user_id, transferred_at);
