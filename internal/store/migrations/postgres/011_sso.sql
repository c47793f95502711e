-- Single sign-on. A role assignment records who granted it: an
-- administrator in kscheck ('admin') or the identity provider ('idp'), so
-- that signing in re-syncs the provider's roles without touching the
-- administrator's. The same role may come from both, hence the wider key.
ALTER TABLE assignments ADD COLUMN source TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE assignments DROP CONSTRAINT assignments_pkey;
ALTER TABLE assignments ADD PRIMARY KEY (person_id, role, unit_code, source);

-- Who a person is at an identity provider: the provider's name and the
-- subject it asserts (eduPersonPrincipalName or the OIDC sub).
CREATE TABLE external_identities (
	provider    TEXT NOT NULL,
	subject     TEXT NOT NULL,
	person_id   BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	institution TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL,
	last_seen   BIGINT NOT NULL,
	PRIMARY KEY (provider, subject)
);
CREATE INDEX external_identities_person ON external_identities (person_id);

-- SAML assertions already accepted, until they expire: a captured
-- response is refused the second time, on every server sharing the database.
CREATE TABLE sso_assertions_seen (
	id         TEXT PRIMARY KEY,
	expires_at BIGINT NOT NULL
);
