-- A counter every change to users or sessions bumps, in the same transaction: how a server keeps
-- its in-memory directory (app/src/ssr/directory.rs) in step with changes made by another process
-- (`server user add` while it runs). Its own changes it sees at once, without reading this.
CREATE TABLE directory_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE TRIGGER directory_version_user_added AFTER INSERT ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_user_changed AFTER UPDATE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_user_removed AFTER DELETE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_session_changed AFTER UPDATE ON sessions
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_session_ended AFTER DELETE ON sessions
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
