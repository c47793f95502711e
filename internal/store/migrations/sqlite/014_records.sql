-- Records: partners an administrator made public in the published
-- register, partners merged into another, retention of personal data, and
-- audit entries whose personal fields can be erased without breaking the
-- chain (format 2 hashes the actor's name and the detail separately).
ALTER TABLE partners ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partners ADD COLUMN merged_into INTEGER REFERENCES partners(id);
ALTER TABLE cases ADD COLUMN pseudonymised_at INTEGER;
ALTER TABLE people ADD COLUMN erased_at INTEGER;
ALTER TABLE attachments ADD COLUMN erased_at INTEGER;
CREATE INDEX partners_ror ON partners (ror_id) WHERE ror_id <> '';

ALTER TABLE audit ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN name_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN detail_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN name_erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN detail_erased INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_actor ON audit (actor_id, seq);

-- The only change the trail accepts: blanking the personal fields of a
-- format-2 entry to the fixed erasure marks, keeping every hash.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.format = 2 AND NEW.format = 2 AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor_id = OLD.actor_id
	AND NEW.action = OLD.action AND NEW.case_id = OLD.case_id AND NEW.from_state = OLD.from_state AND NEW.to_state = OLD.to_state
	AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND NEW.name_digest = OLD.name_digest AND NEW.detail_digest = OLD.detail_digest
	AND ((NEW.actor_name = OLD.actor_name AND NEW.name_erased = OLD.name_erased) OR (NEW.name_erased = 1 AND NEW.actor_name = '[erased]'))
	AND ((NEW.detail = OLD.detail AND NEW.detail_erased = OLD.detail_erased) OR (NEW.detail_erased = 1 AND NEW.detail = '{"erased":true}')))
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: only erasure under the retention policy may blank the personal fields of an entry'); END;
