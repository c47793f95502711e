-- The API and what other systems see of kscheck: access tokens (only their
-- hash is kept), the external references a check carries (grant
-- application, contract, project), and webhooks with their deliveries,
-- queued in the transaction of the change they report and sent by one
-- worker at a time, every attempt logged.
CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,
	prefix       TEXT NOT NULL,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL,
	person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	created_by   INTEGER NOT NULL,
	scopes       TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE case_refs (
	case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind    TEXT NOT NULL,
	ref     TEXT NOT NULL,
	PRIMARY KEY (case_id, kind)
);
CREATE INDEX case_refs_ref ON case_refs (ref);

CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL UNIQUE,
	events     TEXT NOT NULL,
	secret     TEXT NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
	id           INTEGER PRIMARY KEY,
	webhook_id   INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
	event        TEXT NOT NULL,
	case_id      INTEGER REFERENCES cases(id) ON DELETE CASCADE,
	body         TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	due_at       INTEGER NOT NULL,
	retry_until  INTEGER NOT NULL,
	leased_until INTEGER,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_status  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	delivered_at INTEGER,
	gave_up_at   INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at, id) WHERE delivered_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
	id          INTEGER PRIMARY KEY,
	delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
	at          INTEGER NOT NULL,
	status      INTEGER NOT NULL,
	error       TEXT NOT NULL,
	duration_us INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- Measures whose due date has passed and whose "overdue" event was queued,
-- so that each is announced once per due date.
CREATE TABLE measure_overdue_events (
	measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
	due_on     INTEGER NOT NULL,
	queued_at  INTEGER NOT NULL,
	PRIMARY KEY (measure_id, due_on)
);
