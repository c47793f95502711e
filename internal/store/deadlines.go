package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// CasesDueBy returns the cases awaiting a verdict whose deadline is at or
// before t, earliest deadline first, for the deadline notices.
func (o ops) CasesDueBy(ctx context.Context, t time.Time) ([]*kscheck.Case, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases
		WHERE state IN ('intake', 'desk_review', 'committee') AND due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id`, micros(t))
	if err != nil {
		return nil, fmt.Errorf("finding cases near their deadline: %w", err)
	}
	defer rows.Close()
	var out []*kscheck.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordDeadlineNotice notes inside tx that the notice kind ("deadline_near",
// "overdue") for case caseID and its deadline due is being queued. It
// reports false when it was queued before (by this or another process), so
// each notice goes out once per deadline; a deadline that moves (external
// advice, resubmission) gets its own notices.
func (tx *Tx) RecordDeadlineNotice(ctx context.Context, caseID int64, kind string, due, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO deadline_notices (case_id, kind, due_at, queued_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, caseID, kind, micros(due), micros(now))
	if err != nil {
		return false, fmt.Errorf("recording the %s notice of case %d: %w", kind, caseID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
