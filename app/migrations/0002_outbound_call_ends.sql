-- When each outbound call to a phone number ended (its <Dial> action or the dialled leg's final
-- status callback), so the concurrent-call caps count only calls that are still up. NULL: not
-- known to have ended; such a call still stops counting once it is older than the longest call
-- Twilio lets it last (<Dial timeLimit> plus the ring timeout).
ALTER TABLE outbound_calls ADD COLUMN ended_at BIGINT;
CREATE INDEX outbound_calls_open ON outbound_calls (ended_at, placed_at);
