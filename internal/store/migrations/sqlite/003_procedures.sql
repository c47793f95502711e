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
