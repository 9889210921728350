-- Postgres's version of ../0014_directory_version.sql (same table, same counting): a counter every
-- change to users or sessions bumps, in the same transaction, so each server instance keeps its
-- in-memory directory (app/src/ssr/directory.rs) in step with changes made by another.
-- Postgres triggers call a function; like SQLite's, they fire once per row changed.
CREATE TABLE directory_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE FUNCTION directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER directory_version_users AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_sessions AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION directory_version_bump();
