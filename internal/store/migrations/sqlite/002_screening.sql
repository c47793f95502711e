-- Screening: list snapshots as imported (one blob each), the screening runs
-- of case partners with the snapshots they used, the candidate hits a
-- person resolves, and alerts from re-screening.
CREATE TABLE list_snapshots (
	id           INTEGER PRIMARY KEY,
	list         TEXT NOT NULL,
	source       TEXT NOT NULL,
	published_at INTEGER,
	fetched_at   INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	entities     INTEGER NOT NULL,
	active       INTEGER NOT NULL DEFAULT 0,
	data         BLOB NOT NULL,
	UNIQUE (list, sha256)
);

CREATE TABLE screening_runs (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	partner_id INTEGER NOT NULL REFERENCES partners(id),
	at         INTEGER NOT NULL,
	snapshots  TEXT NOT NULL,
	matches    INTEGER NOT NULL
);
CREATE INDEX screening_runs_case ON screening_runs (case_id, partner_id, id);

CREATE TABLE screening_hits (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	partner_id  INTEGER NOT NULL REFERENCES partners(id),
	list        TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	match       TEXT NOT NULL,
	score       REAL NOT NULL,
	strength    TEXT NOT NULL,
	snapshot    TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'candidate',
	reason      TEXT NOT NULL DEFAULT '',
	resolved_by INTEGER,
	resolved_at INTEGER,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (case_id, partner_id, list, entity_id)
);
CREATE INDEX screening_hits_open ON screening_hits (status, case_id);

CREATE TABLE screening_alerts (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	hit_id          INTEGER NOT NULL REFERENCES screening_hits(id),
	change          TEXT NOT NULL,
	created_at      INTEGER NOT NULL,
	acknowledged_by INTEGER,
	acknowledged_at INTEGER
);
CREATE INDEX screening_alerts_open ON screening_alerts (acknowledged_at, created_at);
