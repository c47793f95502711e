package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// ImposedMeasures returns the measures imposed by verdicts on the given
// cases, by case id: one query for a whole page of the decision register.
func (o ops) ImposedMeasures(ctx context.Context, caseIDs []int64) (map[int64][]*kscheck.Measure, error) {
	out := map[int64][]*kscheck.Measure{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(caseIDs))
	marks := make([]string, len(caseIDs))
	for i, id := range caseIDs {
		args[i], marks[i] = id, placeholder(i+1)
	}
	rows, err := o.q.QueryContext(ctx, `SELECT id, case_id, code, text, status, due_on FROM measures
		WHERE imposed AND case_id IN (`+strings.Join(marks, ", ")+`) ORDER BY case_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m kscheck.Measure
		var status string
		var due sql.NullInt64
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Code, &m.Text, &status, &due); err != nil {
			return nil, err
		}
		m.Status, m.DueOn = kscheck.MeasureStatus(status), fromNullMicros(due)
		out[m.CaseID] = append(out[m.CaseID], &m)
	}
	return out, rows.Err()
}

// AuditPage returns up to limit entries of the whole trail older than
// entry before (0: from the newest), newest first.
func (o ops) AuditPage(ctx context.Context, before int64, limit int) ([]kscheck.AuditEntry, error) {
	where, args := "", []any{}
	if before > 0 {
		where, args = "WHERE seq < $1", append(args, before)
	}
	args = append(args, limit)
	rows, err := o.q.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit `+where+` ORDER BY seq DESC LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}
