-- The Advice Desk's additions. Documents attached to a case for the
-- Committee's dossier are kept in the database with their SHA-256, so that
-- the record is complete on its own and a backup holds everything.
CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	uploaded_by  INTEGER NOT NULL REFERENCES people(id),
	uploaded_at  INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id, id);

-- The dashboard's monthly figures (verdicts and lead times of the last
-- twelve months) read only the cases decided in that window.
CREATE INDEX cases_verdict_at ON cases (verdict_at) WHERE verdict_at IS NOT NULL;

-- The dashboard's counts by status, kind and unit read this narrow index
-- (it holds every column they and the visibility rule need) instead of
-- the whole rows with their descriptions and answers.
CREATE INDEX cases_counts ON cases (unit_path, state, kind, initiator_id, submitted_at, reached_committee);
