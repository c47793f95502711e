-- Documents attached to a case for the Committee's dossier, kept in the
-- database with their SHA-256 so that the record is complete on its own
-- and a backup holds everything.
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
