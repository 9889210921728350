-- Sign-in attempts are reserved (recorded as failures) before the password is checked, so
-- parallel attempts cannot race past the limits; a successful attempt deletes its own rows by
-- this id. Subjects: "account:NAME" (slows every client down), "pair:NAME|CLIENT" (the limit per
-- account and client) and "client:ADDRESS" (the limit per client address).
ALTER TABLE login_failures ADD COLUMN attempt_id TEXT;
CREATE INDEX login_failures_by_attempt ON login_failures (attempt_id);
