package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// SubjectCase is a check a person started, as their access export shows it.
type SubjectCase struct {
	ID      int64     `json:"id"`
	Title   string    `json:"title"`
	Kind    string    `json:"kind"`
	State   string    `json:"state"`
	Unit    string    `json:"unit"`
	Verdict string    `json:"verdict,omitempty"`
	Started time.Time `json:"started"`
}

// SubjectMessage is a message a person wrote.
type SubjectMessage struct {
	CaseID int64     `json:"case"`
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	Body   string    `json:"body"`
}

// SubjectAction is something a person did, from the audit trail, without
// the detail (which may name others).
type SubjectAction struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	CaseID int64     `json:"case,omitempty"`
}

// SubjectDecision is a screening candidate a person resolved.
type SubjectDecision struct {
	CaseID int64     `json:"case"`
	List   string    `json:"list"`
	Status string    `json:"status"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// SubjectData is what kscheck holds about one person, for their access
// request (GDPR art. 15), apart from their profile and roles.
type SubjectData struct {
	Cases     []SubjectCase     `json:"checks_started"`
	Messages  []SubjectMessage  `json:"messages_written"`
	Actions   []SubjectAction   `json:"actions"`
	Decisions []SubjectDecision `json:"screening_decisions"`
	Sessions  int               `json:"open_sessions"`
}

// Subject gathers SubjectData for person.
func (o ops) Subject(ctx context.Context, person int64) (*SubjectData, error) {
	d := &SubjectData{}
	err := o.each(ctx, `SELECT id, title, kind, state, unit_code, verdict, created_at FROM cases WHERE initiator_id = $1 ORDER BY id`, person, func(r scanner) error {
		var c SubjectCase
		var at int64
		if err := r.Scan(&c.ID, &c.Title, &c.Kind, &c.State, &c.Unit, &c.Verdict, &at); err != nil {
			return err
		}
		c.Started = fromMicros(at)
		d.Cases = append(d.Cases, c)
		return nil
	})
	if err == nil {
		err = o.each(ctx, `SELECT case_id, kind, created_at, body FROM messages WHERE author_id = $1 ORDER BY id`, person, func(r scanner) error {
			var m SubjectMessage
			var at int64
			if err := r.Scan(&m.CaseID, &m.Kind, &at, &m.Body); err != nil {
				return err
			}
			m.At = fromMicros(at)
			d.Messages = append(d.Messages, m)
			return nil
		})
	}
	// What the person did, from the audit trail, and what they read, from
	// the access log.
	for _, chain := range []kscheck.Chain{kscheck.Changes, kscheck.Reads} {
		if err != nil {
			break
		}
		err = o.each(ctx, `SELECT seq, at, action, case_id FROM `+string(chain)+` WHERE actor_id = $1 ORDER BY seq`, person, func(r scanner) error {
			var a SubjectAction
			var at int64
			if err := r.Scan(&a.Seq, &at, &a.Action, &a.CaseID); err != nil {
				return err
			}
			a.At = fromMicros(at)
			d.Actions = append(d.Actions, a)
			return nil
		})
	}
	if err == nil {
		err = o.each(ctx, `SELECT case_id, list, status, reason, resolved_at FROM screening_hits WHERE resolved_by = $1 ORDER BY id`, person, func(r scanner) error {
			var h SubjectDecision
			var at sql.NullInt64
			if err := r.Scan(&h.CaseID, &h.List, &h.Status, &h.Reason, &at); err != nil {
				return err
			}
			if at.Valid {
				h.At = fromMicros(at.Int64)
			}
			d.Decisions = append(d.Decisions, h)
			return nil
		})
	}
	if err == nil {
		err = o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE person_id = $1`, person).Scan(&d.Sessions)
	}
	return d, err
}

// each runs a query with one argument and calls fn for every row.
func (o ops) each(ctx context.Context, query string, arg any, fn func(scanner) error) error {
	rows, err := o.q.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
