-- The access log accepts the one change the audit trail accepts: blanking
-- the actor's name of a format-2 entry when a person is erased (the
-- retention policy), keeping every hash. (The migration runner splits
-- statements at a semicolon that ends a line.)
CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.format = 2 AND NEW.format = 2 AND NEW.seq = OLD.seq AND NEW.at = OLD.at
		AND NEW.actor_id = OLD.actor_id AND NEW.action = OLD.action AND NEW.case_id = OLD.case_id
		AND NEW.from_state = OLD.from_state AND NEW.to_state = OLD.to_state AND NEW.prev_hash = OLD.prev_hash
		AND NEW.hash = OLD.hash AND NEW.name_digest = OLD.name_digest AND NEW.detail_digest = OLD.detail_digest
		AND ((NEW.actor_name = OLD.actor_name AND NEW.name_erased = OLD.name_erased) OR (NEW.name_erased AND NEW.actor_name = '[erased]'))
		AND ((NEW.detail = OLD.detail AND NEW.detail_erased = OLD.detail_erased) OR (NEW.detail_erased AND NEW.detail = '{"erased":true}'))
	THEN RETURN NEW; END IF; RAISE EXCEPTION 'the access log is append-only: only erasure under the retention policy may blank the personal fields of an entry'; END $$;
