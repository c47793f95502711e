-- The rules of the procedure that need a record: who co-signed and who
-- advised (separation of duties), who at the Desk has the check, the
-- Committee members' declared conflicts of interest, who took part in a
-- verdict, and the evidence and review of each mitigation measure.
ALTER TABLE cases ADD COLUMN cosigner_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN adviser_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN assignee_id BIGINT NOT NULL DEFAULT 0;

CREATE TABLE case_conflicts (
	case_id     BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	person_id   BIGINT NOT NULL REFERENCES people(id),
	reason      TEXT NOT NULL,
	declared_at BIGINT NOT NULL,
	PRIMARY KEY (case_id, person_id)
);

CREATE TABLE verdict_participants (
	case_id    BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	verdict_at BIGINT NOT NULL,
	person_id  BIGINT NOT NULL REFERENCES people(id),
	PRIMARY KEY (case_id, verdict_at, person_id)
);

ALTER TABLE measures ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN evidence_attachment BIGINT;
ALTER TABLE measures ADD COLUMN reported_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE measures ADD COLUMN reported_at BIGINT;
ALTER TABLE measures ADD COLUMN reviewed_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE measures ADD COLUMN reviewed_at BIGINT;
-- Overdue measures for the Desk's home page and reminders.
CREATE INDEX measures_due ON measures (due_on) WHERE imposed AND status IN ('open', 'in_progress');
