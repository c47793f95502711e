package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
)

// Conflict is a Committee member's declared conflict of interest in a case.
type Conflict struct {
	PersonID   int64
	Name       string
	Reason     string
	DeclaredAt time.Time
}

// Conflicts returns the conflicts of interest declared on a case.
func (o ops) Conflicts(ctx context.Context, caseID int64) ([]Conflict, error) {
	return collect(ctx, o.q, func(row scanner) (Conflict, error) {
		var c Conflict
		var at int64
		err := row.Scan(&c.PersonID, &c.Name, &c.Reason, &at)
		c.DeclaredAt = fromMicros(at)
		return c, err
	}, `SELECT c.person_id, p.name, c.reason, c.declared_at FROM case_conflicts c JOIN people p ON p.id = c.person_id
		WHERE c.case_id = $1 ORDER BY c.declared_at, c.person_id`, caseID)
}

// DeclareConflict records person's conflict of interest in a case; a
// second declaration by the same person is refused.
func (o *Tx) DeclareConflict(ctx context.Context, caseID, personID int64, reason string, at time.Time) error {
	o.recordChange("case.conflict")
	res, err := o.q.ExecContext(ctx, `INSERT INTO case_conflicts (case_id, person_id, reason, declared_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, caseID, personID, reason, micros(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.EConflict, "you already declared a conflict of interest in this check").Translated("err.committee.conflict_twice")
	}
	return nil
}

// AddParticipants records who took part in the verdict given at verdictAt.
func (o *Tx) AddParticipants(ctx context.Context, caseID int64, verdictAt time.Time, people []int64) error {
	o.recordChange("case.participants")
	for _, id := range people {
		if _, err := o.q.ExecContext(ctx, `INSERT INTO verdict_participants (case_id, verdict_at, person_id) VALUES ($1, $2, $3)`,
			caseID, micros(verdictAt), id); err != nil {
			return err
		}
	}
	return nil
}

// Participants returns the names of the people who took part in the
// verdict given at verdictAt.
func (o ops) Participants(ctx context.Context, caseID int64, verdictAt time.Time) ([]string, error) {
	return collect(ctx, o.q, func(row scanner) (string, error) {
		var n string
		return n, row.Scan(&n)
	}, `SELECT p.name FROM verdict_participants v JOIN people p ON p.id = v.person_id
		WHERE v.case_id = $1 AND v.verdict_at = $2 ORDER BY p.name`, caseID, micros(verdictAt))
}

// OpenCandidates returns, for each of the given cases that has any, the
// screening candidates nobody has resolved yet, as "partner ↔ listed
// name (list)".
func (o ops) OpenCandidates(ctx context.Context, caseIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(caseIDs)+1)
	marks := make([]string, len(caseIDs))
	args[0] = string(kscheck.HitCandidate)
	for i, id := range caseIDs {
		args[i+1], marks[i] = id, placeholder(i+2)
	}
	rows, err := o.q.QueryContext(ctx, `SELECT h.case_id, p.name, h.match FROM screening_hits h JOIN partners p ON p.id = h.partner_id
		JOIN case_partners cp ON cp.case_id = h.case_id AND cp.partner_id = h.partner_id
		WHERE h.status = $1 AND h.case_id IN (`+strings.Join(marks, ", ")+`) ORDER BY h.case_id, p.name, h.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var partner, match string
		if err := rows.Scan(&id, &partner, &match); err != nil {
			return nil, err
		}
		out[id] = append(out[id], partner+" ↔ "+matchLabel(match))
	}
	return out, rows.Err()
}

// OverdueMeasures returns the measures f selects, earliest due first.
func (o ops) OverdueMeasures(ctx context.Context, f kscheck.OverdueFilter) ([]kscheck.OverdueMeasure, error) {
	where := `m.status IN ('open', 'in_progress') AND m.due_on < $1 AND c.state <> 'withdrawn'`
	if f.Imposed {
		where += ` AND m.imposed AND c.state = 'decided'`
	}
	if f.Unannounced {
		where += ` AND NOT EXISTS (SELECT 1 FROM measure_overdue_events e WHERE e.measure_id = m.id AND e.due_on = m.due_on)`
	}
	return collect(ctx, o.q, func(row scanner) (kscheck.OverdueMeasure, error) {
		var title, path, procID, procVersion string
		dest := []any{&title, &path, &procID, &procVersion}
		m, err := scanMeasure(rowWith{row, dest})
		if err != nil {
			return kscheck.OverdueMeasure{}, err
		}
		return kscheck.OverdueMeasure{Measure: m, CaseTitle: title, UnitPath: splitPath(path), ProcedureID: procID, ProcedureVersion: procVersion}, nil
	}, `SELECT `+prefixed("m.", measureColumns)+`, c.title, c.unit_path, c.procedure_id, c.procedure_version FROM measures m JOIN cases c ON c.id = m.case_id
		WHERE `+where+` ORDER BY m.due_on, m.id LIMIT $2`, micros(f.Before), f.Limit)
}

// rowWith scans a row whose first columns are read by another scanner
// and whose last ones go to extra.
type rowWith struct {
	row   scanner
	extra []any
}

func (r rowWith) Scan(dest ...any) error { return r.row.Scan(append(dest, r.extra...)...) }

// matchLabel names a stored match as "listed name (list)".
func matchLabel(raw string) string {
	var m screening.Match
	if json.Unmarshal([]byte(raw), &m) != nil {
		return "?"
	}
	return m.Name + " (" + string(m.List) + ")"
}
