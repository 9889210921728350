-- When the member a show's caller was last put through to answered (the host's whisper ran), for
-- the current stint on air; NULL while their browser is still ringing. A caller is on air, on the
-- consoles, in the statistics and on the listener's page, only from then (aired_at is now first
-- set then too, no longer when "Next caller" is pressed).
ALTER TABLE show_callers ADD COLUMN answered_at INTEGER;
