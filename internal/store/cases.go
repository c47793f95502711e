package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

const caseColumns = `id, version, title, description, kind, track, state, unit_code, unit_path, initiator_id,
	starts_on, ends_on, procedure_id, procedure_version, answers, route, in_doubt,
	submitted_at, accepted_at, first_reviewer_id, reached_committee, external_advice,
	verdict, verdict_at, verdict_text, created_at, updated_at, cosigner_id, adviser_id, assignee_id`

func scanCase(row scanner) (*kscheck.Case, error) {
	var c kscheck.Case
	var kind, track, state, path, answers, route, verdict string
	var starts, ends, submitted, accepted, verdictAt sql.NullInt64
	var created, updated int64
	err := row.Scan(&c.ID, &c.Version, &c.Title, &c.Description, &kind, &track, &state, &c.UnitCode, &path, &c.InitiatorID,
		&starts, &ends, &c.ProcedureID, &c.ProcedureVersion, &answers, &route, &c.InDoubt,
		&submitted, &accepted, &c.FirstReviewerID, &c.ReachedCommittee, &c.ExternalAdvice,
		&verdict, &verdictAt, &c.VerdictText, &created, &updated, &c.CosignerID, &c.AdviserID, &c.AssigneeID)
	if err != nil {
		return nil, err
	}
	c.Kind, c.Track, c.State, c.Route, c.Verdict = kscheck.Kind(kind), kscheck.Track(track), kscheck.State(state), kscheck.Route(route), kscheck.Verdict(verdict)
	c.UnitPath = splitPath(path)
	c.StartsOn, c.EndsOn = fromNullMicros(starts), fromNullMicros(ends)
	c.SubmittedAt, c.AcceptedAt, c.VerdictAt = fromNullMicros(submitted), fromNullMicros(accepted), fromNullMicros(verdictAt)
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := json.Unmarshal([]byte(answers), &c.Answers); err != nil {
		return nil, fmt.Errorf("case %d has unreadable answers: %w", c.ID, err)
	}
	return &c, nil
}

// joinPath stores a unit path as "/root/faculty/institute/", so that "is
// within unit X" is a LIKE '%/X/%' match.
func joinPath(p []string) string { return "/" + strings.Join(p, "/") + "/" }

func splitPath(s string) []string { return strings.Split(strings.Trim(s, "/"), "/") }

func answersJSON(a map[string]any) (string, error) {
	if a == nil {
		return "{}", nil
	}
	b, err := json.Marshal(a)
	return string(b), err
}

// CreateCase inserts a new case; c.UnitPath must be set.
func (o *Tx) CreateCase(ctx context.Context, c *kscheck.Case) error {
	o.recordChange("case.create")
	answers, err := answersJSON(c.Answers)
	if err != nil {
		return err
	}
	c.Version = 1
	return o.q.QueryRowContext(ctx, `INSERT INTO cases (version, title, description, kind, track, state, unit_code, unit_path, initiator_id,
		starts_on, ends_on, procedure_id, procedure_version, answers, route, in_doubt, created_at, updated_at)
		VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		c.Title, c.Description, string(c.Kind), string(c.Track), string(c.State), c.UnitCode, joinPath(c.UnitPath), c.InitiatorID,
		microsPtr(c.StartsOn), microsPtr(c.EndsOn), c.ProcedureID, c.ProcedureVersion, answers, string(c.Route), c.InDoubt,
		micros(c.CreatedAt), micros(c.UpdatedAt)).Scan(&c.ID)
}

// AddSyntheticCases writes made-up cases, for measuring lists and pages
// at scale, in one transaction. It is the one way to write cases without
// audit entries, as they record no real decision; InTx would refuse that.
func (s *Store) AddSyntheticCases(ctx context.Context, cases []*kscheck.Case) error {
	return s.inTx(ctx, func(q *sql.Tx) error {
		tx := &Tx{ops: ops{q: q, dialect: s.dialect}}
		for _, c := range cases {
			if err := tx.CreateCase(ctx, c); err != nil {
				return err
			}
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// Case returns the case with the given id, with the conflicts of
// interest declared on it.
func (o ops) Case(ctx context.Context, id int64) (*kscheck.Case, error) {
	c, err := scanCase(o.q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no check number %d, or you may not see it", id).Translated("err.case.not_found")
	}
	if err != nil {
		return nil, err
	}
	conflicts, err := o.Conflicts(ctx, id)
	for _, x := range conflicts {
		c.Conflicts = append(c.Conflicts, x.PersonID)
	}
	return c, err
}

// UpdateCase writes c if nobody changed it since it was read at c.Version
// (optimistic locking), and bumps the version. A lost race is an EConflict
// error that asks the person to reload.
func (o *Tx) UpdateCase(ctx context.Context, c *kscheck.Case) error {
	o.recordChange("case.update")
	answers, err := answersJSON(c.Answers)
	if err != nil {
		return err
	}
	var due any
	if d := c.Deadline(); d != nil {
		due = micros(*d)
	}
	res, err := o.q.ExecContext(ctx, `UPDATE cases SET version = version + 1, title = $1, description = $2, kind = $3, state = $4,
		starts_on = $5, ends_on = $6, answers = $7, route = $8, in_doubt = $9, submitted_at = $10, accepted_at = $11, due_at = $12,
		first_reviewer_id = $13, reached_committee = $14, external_advice = $15, verdict = $16, verdict_at = $17, verdict_text = $18,
		updated_at = $19, procedure_id = $20, procedure_version = $21, track = $22, cosigner_id = $25, adviser_id = $26, assignee_id = $27
		WHERE id = $23 AND version = $24`,
		c.Title, c.Description, string(c.Kind), string(c.State),
		microsPtr(c.StartsOn), microsPtr(c.EndsOn), answers, string(c.Route), c.InDoubt, microsPtr(c.SubmittedAt), microsPtr(c.AcceptedAt), due,
		c.FirstReviewerID, c.ReachedCommittee, c.ExternalAdvice, string(c.Verdict), microsPtr(c.VerdictAt), c.VerdictText,
		micros(c.UpdatedAt), c.ProcedureID, c.ProcedureVersion, string(c.Track), c.ID, c.Version, c.CosignerID, c.AdviserID, c.AssigneeID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.EConflict, "this check was changed by someone else while you were working on it; reload the page to see the latest version and try again")
	}
	c.Version++
	return nil
}

// queueStates is written out literally so that both databases use the
// partial index cases_queue, whose condition it must match.
const queueStates = `state IN ('submitted', 'intake', 'desk_review', 'committee')`

// openQuestion holds for a case with a question after its last answer or
// advice.
const openQuestion = `EXISTS (SELECT 1 FROM messages q WHERE q.case_id = cases.id AND q.kind = 'question'
	AND NOT EXISTS (SELECT 1 FROM messages a WHERE a.case_id = q.case_id AND a.kind IN ('answer', 'advice') AND a.id > q.id))`

// ListCases returns the cases actor may see that match f, and how many
// there are in all, counting up to CountCap+1. Visibility is the SQL form of kscheck.Involvements; the
// authorisation-matrix test checks that both agree.
func (o ops) ListCases(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter) ([]*kscheck.Case, int, error) {
	where, args, order := caseQuery(actor, f)
	var total int
	if err := o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM cases WHERE `+where+` LIMIT `+fmt.Sprint(kscheck.CountCap+1)+`) AS capped`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("counting cases: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit, f.Offset)
	out, err := collect(ctx, o.q, scanCase, `SELECT `+caseColumns+` FROM cases WHERE `+where+` ORDER BY `+order+
		` LIMIT `+placeholder(len(args)-1)+` OFFSET `+placeholder(len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("listing cases: %w", err)
	}
	return out, total, nil
}

// EachCase calls fn for every case actor may see that matches f, in the
// list's order, without paging or a count: exports stream through it, so
// that a hundred thousand rows cost one row's memory. f.Limit and
// f.Offset are ignored.
func (o ops) EachCase(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter, fn func(*kscheck.Case) error) error {
	where, args, order := caseQuery(actor, f)
	rows, err := o.q.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return fmt.Errorf("listing cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// caseQuery returns the WHERE condition, its arguments and the ORDER BY
// of the cases actor may see that match f.
func caseQuery(actor kscheck.Actor, f kscheck.CaseFilter) (where string, args []any, order string) {
	where, args = visibility(actor)
	add := func(cond string, v ...any) {
		for _, x := range v {
			args = append(args, x)
			cond = strings.Replace(cond, "?", placeholder(len(args)), 1)
		}
		where += " AND " + cond
	}
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		for i, s := range f.States {
			args = append(args, string(s))
			marks[i] = placeholder(len(args))
		}
		where += " AND state IN (" + strings.Join(marks, ", ") + ")"
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.UnitCode != "" {
		add(`unit_path LIKE ? ESCAPE '\'`, "%/"+likeEscape(f.UnitCode)+"/%")
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		pat := "%" + likeEscape(strings.ToLower(t)) + "%"
		add(`(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(description) LIKE ? ESCAPE '\')`, pat, pat)
	}
	if !f.Overdue.IsZero() {
		add("due_at < ? AND state IN ('intake', 'desk_review', 'committee')", micros(f.Overdue))
	}
	if f.OpenQuestions {
		where += " AND " + openQuestion
	}
	if !f.ChangedSince.IsZero() {
		add("updated_at >= ?", micros(f.ChangedSince))
	}
	if !f.ChangedBefore.IsZero() {
		add("updated_at < ?", micros(f.ChangedBefore))
	}
	if f.Assignee != 0 {
		add("assignee_id = ?", f.Assignee)
	}
	order = "updated_at DESC, id DESC"
	if f.ByID {
		order = "id DESC"
		if f.BeforeID > 0 {
			add("id < ?", f.BeforeID)
		}
	}
	if f.Queue {
		where += " AND " + queueStates
		order = "due_at NULLS FIRST, id"
	}
	return where, args, order
}

// visibility returns the WHERE condition under which actor may see a case.
func visibility(actor kscheck.Actor) (string, []any) {
	args := []any{actor.Person.ID}
	conds := []string{"initiator_id = $1"}
	within := func(unit string) string {
		args = append(args, "%/"+likeEscape(unit)+"/%")
		return "unit_path LIKE " + placeholder(len(args)) + ` ESCAPE '\'`
	}
	for _, a := range actor.Assignments {
		switch {
		case a.Role == kscheck.RoleDirector, a.Role == kscheck.RoleFacultyAdviser, a.Role == kscheck.RoleAuditor:
			conds = append(conds, within(a.UnitCode))
		case a.Role.IsDesk():
			conds = append(conds, "((submitted_at IS NOT NULL OR state = 'cleared') AND "+within(a.UnitCode)+")")
		case a.Role.IsCommittee():
			conds = append(conds, "(reached_committee AND "+within(a.UnitCode)+")")
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// likeEscape escapes LIKE's wildcards in s (with \ as escape character).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountCases returns how many cases there are (for reports and seeding).
func (o ops) CountCases(ctx context.Context) (int, error) {
	var n int
	err := o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&n)
	return n, err
}
