-- Procedure versions uploaded by an administrator: the YAML source as
-- uploaded (never changed afterwards), its SHA-256, and where it stands:
-- uploaded (checked, not yet in use), active (new cases may resolve it) or
-- retired (kept for the cases pinned to it; no new case picks it).
CREATE TABLE procedure_versions (
	id                INTEGER PRIMARY KEY,
	procedure_id      TEXT NOT NULL,
	version           TEXT NOT NULL,
	filename          TEXT NOT NULL,
	source            TEXT NOT NULL,
	sha256            TEXT NOT NULL,
	status            TEXT NOT NULL DEFAULT 'uploaded',
	uploaded_by       INTEGER,
	uploaded_by_name  TEXT NOT NULL,
	uploaded_at       INTEGER NOT NULL,
	activated_by      INTEGER,
	activated_by_name TEXT NOT NULL DEFAULT '',
	activated_at      INTEGER,
	retired_by        INTEGER,
	retired_by_name   TEXT NOT NULL DEFAULT '',
	retired_at        INTEGER,
	UNIQUE (procedure_id, version)
);

-- How many cases use each version (the administration page, and retiring).
CREATE INDEX cases_procedure ON cases (procedure_id, procedure_version);

-- A stored version is immutable: the database refuses to change what it
-- says or to remove it; only its status and the stamps may change.
CREATE TRIGGER procedure_versions_immutable BEFORE UPDATE OF procedure_id, version, filename, source, sha256, uploaded_by, uploaded_by_name, uploaded_at ON procedure_versions BEGIN SELECT RAISE(ABORT, 'a stored procedure version never changes'); END;
CREATE TRIGGER procedure_versions_no_delete BEFORE DELETE ON procedure_versions BEGIN SELECT RAISE(ABORT, 'a stored procedure version is retired, never removed'); END;
