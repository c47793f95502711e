-- Core schema: organisation, people, partners, cases, their content, the
-- audit trail and sessions. Times are unix microseconds (UTC) so that both
-- databases store and compare them identically.
CREATE TABLE units (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	name_nl     TEXT NOT NULL DEFAULT '',
	level       TEXT NOT NULL,
	parent_code TEXT REFERENCES units(code),
	created_at  INTEGER NOT NULL
);

CREATE TABLE people (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	unit_code     TEXT NOT NULL REFERENCES units(code),
	password_hash TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',
	active        INTEGER NOT NULL DEFAULT 1,
	created_at    INTEGER NOT NULL
);

CREATE TABLE assignments (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role      TEXT NOT NULL,
	unit_code TEXT NOT NULL REFERENCES units(code),
	PRIMARY KEY (person_id, role, unit_code)
);

CREATE TABLE partners (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	name_key   TEXT NOT NULL,
	type       TEXT NOT NULL,
	country    TEXT NOT NULL DEFAULT '',
	website    TEXT NOT NULL DEFAULT '',
	ror_id     TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	UNIQUE (name_key, country, type)
);

CREATE TABLE cases (
	id                INTEGER PRIMARY KEY,
	version           INTEGER NOT NULL DEFAULT 1,
	title             TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	kind              TEXT NOT NULL,
	track             TEXT NOT NULL,
	state             TEXT NOT NULL,
	unit_code         TEXT NOT NULL REFERENCES units(code),
	unit_path         TEXT NOT NULL,
	initiator_id      INTEGER NOT NULL REFERENCES people(id),
	starts_on         INTEGER,
	ends_on           INTEGER,
	procedure_id      TEXT NOT NULL DEFAULT '',
	procedure_version TEXT NOT NULL DEFAULT '',
	answers           TEXT NOT NULL DEFAULT '{}',
	route             TEXT NOT NULL DEFAULT '',
	in_doubt          INTEGER NOT NULL DEFAULT 0,
	submitted_at      INTEGER,
	accepted_at       INTEGER,
	due_at            INTEGER,
	first_reviewer_id INTEGER NOT NULL DEFAULT 0,
	reached_committee INTEGER NOT NULL DEFAULT 0,
	external_advice   INTEGER NOT NULL DEFAULT 0,
	verdict           TEXT NOT NULL DEFAULT '',
	verdict_at        INTEGER,
	verdict_text      TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);
CREATE INDEX cases_initiator ON cases (initiator_id, updated_at);
-- The queue of the Desk and the Committee, by deadline, NULLs (not yet
-- accepted) first; the condition must match store.queueStates.
CREATE INDEX cases_queue ON cases (due_at, id) WHERE state IN ('submitted', 'intake', 'desk_review', 'committee');
CREATE INDEX cases_updated ON cases (updated_at);

CREATE TABLE case_partners (
	case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	partner_id INTEGER NOT NULL REFERENCES partners(id),
	PRIMARY KEY (case_id, partner_id)
);
CREATE INDEX case_partners_partner ON case_partners (partner_id);

-- Threads on a case: questions and answers, advice, director comments, Desk
-- notes and the Committee's deliberation notes (kind says which, and so who
-- may read it).
CREATE TABLE messages (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	author_id  INTEGER NOT NULL REFERENCES people(id),
	kind       TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX messages_case ON messages (case_id, id);

CREATE TABLE measures (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	code       TEXT NOT NULL DEFAULT '',
	text       TEXT NOT NULL,
	imposed    INTEGER NOT NULL DEFAULT 0,
	status     TEXT NOT NULL DEFAULT 'open',
	due_on     INTEGER,
	note       TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL
);
CREATE INDEX measures_case ON measures (case_id);

CREATE TABLE audit (
	seq        INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor_id   INTEGER NOT NULL,
	actor_name TEXT NOT NULL,
	action     TEXT NOT NULL,
	case_id    INTEGER NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	detail     TEXT NOT NULL,
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL
);
CREATE INDEX audit_case ON audit (case_id, seq);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The audit trail is append-only: the database itself refuses to change or
-- remove an entry (the hash chain catches it even if these are dropped).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
