-- Single sign-on. A role assignment records who granted it: an
-- administrator in kscheck ('admin') or the identity provider ('idp'), so
-- that signing in re-syncs the provider's roles without touching the
-- administrator's. The same role may come from both, hence the wider key.
CREATE TABLE assignments_new (
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role      TEXT NOT NULL,
	unit_code TEXT NOT NULL REFERENCES units(code),
	source    TEXT NOT NULL DEFAULT 'admin',
	PRIMARY KEY (person_id, role, unit_code, source)
);
INSERT INTO assignments_new (person_id, role, unit_code) SELECT person_id, role, unit_code FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_new RENAME TO assignments;

-- Who a person is at an identity provider: the provider's name and the
-- subject it asserts (eduPersonPrincipalName or the OIDC sub).
CREATE TABLE external_identities (
	provider    TEXT NOT NULL,
	subject     TEXT NOT NULL,
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	institution TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL,
	PRIMARY KEY (provider, subject)
);
CREATE INDEX external_identities_person ON external_identities (person_id);

-- SAML assertions already accepted, until they expire: a captured
-- response is refused the second time, on every server sharing the database.
CREATE TABLE sso_assertions_seen (
	id         TEXT PRIMARY KEY,
	expires_at INTEGER NOT NULL
);
