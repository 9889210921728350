-- Each user's contacts: a name, a note, and up to five numbers (E.164, checked by the number
-- policy before they are stored).
CREATE TABLE contacts (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX contacts_by_user ON contacts (user_id, name);

CREATE TABLE contact_numbers (
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    e164       TEXT NOT NULL,
    position   BIGINT NOT NULL,
    PRIMARY KEY (contact_id, e164)
);
CREATE INDEX contact_numbers_by_user ON contact_numbers (user_id, e164);
