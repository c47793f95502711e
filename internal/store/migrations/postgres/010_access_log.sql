-- Reads of cases go to an access log of their own: a hash chain like the
-- audit trail, append-only like it, but apart from it, so that a case's
-- history of changes does not grow with every view and a read does not
-- wait for the lock that orders changes.
CREATE TABLE access_log (
	seq        BIGINT PRIMARY KEY,
	at         BIGINT NOT NULL,
	actor_id   BIGINT NOT NULL,
	actor_name TEXT NOT NULL,
	action     TEXT NOT NULL,
	case_id    BIGINT NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	detail     TEXT NOT NULL,
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL,
	-- the columns of erasable entries, as in the audit trail (migration 014)
	format        INTEGER NOT NULL DEFAULT 1,
	name_digest   TEXT NOT NULL DEFAULT '',
	detail_digest TEXT NOT NULL DEFAULT '',
	name_erased   BOOLEAN NOT NULL DEFAULT FALSE,
	detail_erased BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX access_log_case ON access_log (case_id, seq);
CREATE INDEX access_log_actor ON access_log (actor_id, seq);
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_append_only();

-- A case's history of changes, without the reads the trail held before
-- the access log existed (store.CaseHistory's condition).
CREATE INDEX audit_case_changes ON audit (case_id, seq) WHERE action <> 'case.read';
