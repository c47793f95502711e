-- E-mail notifications: the outbox that notify.Worker sends from (queued in
-- the same transaction as the change a message reports), and the deadline
-- notices already queued, so that each is queued once per deadline.
CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER REFERENCES cases(id) ON DELETE CASCADE,
	to_addr      TEXT NOT NULL,
	subject      TEXT NOT NULL,
	body_text    TEXT NOT NULL,
	body_html    TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	due_at       INTEGER NOT NULL,
	leased_until INTEGER,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	sent_at      INTEGER,
	gave_up_at   INTEGER
);
CREATE INDEX outbox_due ON outbox (due_at, id) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX outbox_created ON outbox (created_at);

CREATE TABLE deadline_notices (
	case_id   INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL,
	due_at    INTEGER NOT NULL,
	queued_at INTEGER NOT NULL,
	PRIMARY KEY (case_id, kind, due_at)
);
