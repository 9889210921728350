-- Local mode's demo users (alice, bob) have passwords printed in the README. Marked, so a live
-- server can refuse to start while one exists (it also checks every password against the demo
-- ones, for databases created before this column).
ALTER TABLE users ADD COLUMN is_demo BOOLEAN NOT NULL DEFAULT FALSE;
