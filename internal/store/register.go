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

// auditWhere returns the SQL condition of f and its arguments.
func auditWhere(f kscheck.AuditFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", placeholder(len(args))))
	}
	if f.CaseID > 0 {
		add("case_id = ?", f.CaseID)
	}
	if p := strings.TrimSpace(f.Person); p != "" {
		add(`LOWER(actor_name) LIKE ? ESCAPE '\'`, "%"+likeEscape(strings.ToLower(p))+"%")
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", micros(f.From))
	}
	if !f.Until.IsZero() {
		add("at < ?", micros(f.Until))
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// AuditPage returns the entries of chain that f selects, newest first.
func (o ops) AuditPage(ctx context.Context, chain kscheck.Chain, f kscheck.AuditFilter) ([]kscheck.AuditEntry, error) {
	where, args := auditWhere(f)
	limit := ""
	if f.Limit > 0 {
		args = append(args, f.Limit)
		limit = " LIMIT " + placeholder(len(args))
	}
	return collect(ctx, o.q, func(row scanner) (kscheck.AuditEntry, error) {
		e, err := scanAudit(row)
		if err != nil {
			return kscheck.AuditEntry{}, err
		}
		return *e, nil
	}, `SELECT `+auditColumns+` FROM `+string(chain)+` `+where+` ORDER BY seq DESC`+limit, args...)
}

// EachAudit calls fn with every entry of chain f selects, oldest first,
// without holding them all in memory (exports).
func (o ops) EachAudit(ctx context.Context, chain kscheck.Chain, f kscheck.AuditFilter, fn func(*kscheck.AuditEntry) error) error {
	where, args := auditWhere(f)
	return o.eachEntry(ctx, chain, where, args, fn)
}

// AuditActions returns the distinct actions in the trail, sorted, for
// choosing one in a filter.
func (o ops) AuditActions(ctx context.Context) ([]string, error) {
	return collect(ctx, o.q, func(row scanner) (string, error) {
		var a string
		return a, row.Scan(&a)
	}, `SELECT DISTINCT action FROM audit ORDER BY action`)
}
