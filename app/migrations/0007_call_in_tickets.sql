-- Browser call-ins: a listener without an account gets a short-lived Voice token whose identity
-- is bound here to one show; /twilio/voice lets that identity reach only that show's hotline,
-- and the card starts with the name and topic they typed. Rows live as long as the token.
CREATE TABLE call_in_tickets (
    identity   TEXT PRIMARY KEY,
    show_id    TEXT NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    topic      TEXT NOT NULL,
    client     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    call_sid   TEXT
);
CREATE INDEX call_in_tickets_by_client ON call_in_tickets (client, created_at);
