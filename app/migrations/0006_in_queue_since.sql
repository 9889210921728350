-- When a show's caller last entered Twilio's queue (unix seconds): `now - QueueTime` from the
-- waitUrl; NULL while they are not in it (greeting, screening, on air). The console's "now"
-- figures count from it, as Twilio's Queue resource does.
ALTER TABLE show_callers ADD COLUMN in_queue_since BIGINT;
