package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// CaseRefs returns the external references of a case by kind.
func (o ops) CaseRefs(ctx context.Context, caseID int64) (map[kscheck.RefKind]string, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT kind, ref FROM case_refs WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, fmt.Errorf("reading the references of check %d: %w", caseID, err)
	}
	defer rows.Close()
	out := map[kscheck.RefKind]string{}
	for rows.Next() {
		var kind, ref string
		if err := rows.Scan(&kind, &ref); err != nil {
			return nil, err
		}
		out[kscheck.RefKind(kind)] = ref
	}
	return out, rows.Err()
}

// SetCaseRefs replaces the external references of a case; empty ones are
// removed.
func (o *Tx) SetCaseRefs(ctx context.Context, caseID int64, refs map[kscheck.RefKind]string) error {
	o.recordChange("case.refs")
	if _, err := o.q.ExecContext(ctx, `DELETE FROM case_refs WHERE case_id = $1`, caseID); err != nil {
		return fmt.Errorf("changing the references of check %d: %w", caseID, err)
	}
	for _, k := range kscheck.RefKinds {
		if refs[k] == "" {
			continue
		}
		if _, err := o.q.ExecContext(ctx, `INSERT INTO case_refs (case_id, kind, ref) VALUES ($1, $2, $3)`, caseID, string(k), refs[k]); err != nil {
			return fmt.Errorf("changing the references of check %d: %w", caseID, err)
		}
	}
	return nil
}

// CasesByRef returns the ids of the cases that carry ref (of any kind),
// newest first.
func (o ops) CasesByRef(ctx context.Context, ref string) ([]int64, error) {
	return collect(ctx, o.q, func(r scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT DISTINCT case_id FROM case_refs WHERE ref = $1 ORDER BY case_id DESC`, ref)
}

// EnteredState returns when case caseID last moved into state, from the
// audit trail (nil when it never moved: it started there).
func (o ops) EnteredState(ctx context.Context, caseID int64, state kscheck.State) (*time.Time, error) {
	var at sql.NullInt64
	err := o.q.QueryRowContext(ctx, `SELECT MAX(at) FROM audit WHERE case_id = $1 AND to_state = $2 AND from_state <> $2 AND from_state <> ''`,
		caseID, string(state)).Scan(&at)
	if err != nil {
		return nil, fmt.Errorf("reading when check %d became %s: %w", caseID, state, err)
	}
	return fromNullMicros(at), nil
}
