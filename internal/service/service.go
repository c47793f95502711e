// Package service is kscheck's use cases: every read and change of a case
// goes through here, where the need-to-know rules are enforced, the state
// machine is applied, and the audit trail is written in the same
// transaction as the change it records.
package service

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"time"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/store"
)

// Service carries out kscheck's use cases.
type Service struct {
	store      *store.Store
	Procedures *procedure.Set
	// Screening screens partners; nil leaves partners unscreened (tests of
	// other parts, and installations that screen elsewhere).
	Screening *screening.Service
	Log       *slog.Logger
	Now       func() time.Time
	// Hasher checks passwords, a bounded number at once.
	Hasher *auth.Hasher
	// Limits bound sign-in attempts (see Login).
	Limits LoginLimits
	// SessionLength is how long a sign-in lasts.
	SessionLength time.Duration
	// Notifications, when set, queues e-mail notices of each change in
	// the change's own transaction (see notify.go); nil sends none.
	Notifications *Notifications
	// SignOn holds the single sign-on rules (see sso.go).
	SignOn SignOn
	// Checkpoints is the file the heads of the audit trail and the access
	// log are written to (see WriteCheckpoint); "" keeps none.
	Checkpoints string
	// ScreeningLatency, when set, observes how long screening one
	// partner takes, in seconds (a Prometheus histogram).
	ScreeningLatency interface{ Observe(float64) }

	verified verifiedHeads
}

// New returns a service with sensible defaults.
func New(s *store.Store, procs *procedure.Set, log *slog.Logger) *Service {
	return &Service{
		store: s, Procedures: procs, Log: log,
		Now:           func() time.Time { return time.Now().UTC() },
		Hasher:        auth.NewHasher(4, 2*time.Second),
		Limits:        DefaultLoginLimits,
		SessionLength: 12 * time.Hour,
	}
}

// ProcedureOf returns the procedure version c is pinned to.
func (s *Service) ProcedureOf(c *kscheck.Case) (*procedure.Procedure, error) {
	return s.Procedures.Get(c.ProcedureID, c.ProcedureVersion)
}

// visibleCase reads case id inside tx for actor. A case the actor may not
// see is reported as not found, so that its existence does not leak.
func visibleCase(ctx context.Context, tx *store.Tx, actor kscheck.Actor, id int64) (*kscheck.Case, error) {
	c, err := tx.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	if !kscheck.Can(actor, c, kscheck.PermView) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no check number %d, or you may not see it", id).Translated("err.case.not_found")
	}
	return c, nil
}

// entry is the audit entry of actor doing action on c (nil when not about
// a case), which was in state from.
func (s *Service) entry(actor kscheck.Actor, action string, c *kscheck.Case, from kscheck.State, detail map[string]any) (kscheck.AuditEntry, error) {
	e := kscheck.AuditEntry{At: s.Now(), ActorID: actor.Person.ID, ActorName: actor.Person.Name, Action: action}
	if actor.Person.ID == 0 {
		e.ActorName = "system"
	}
	if c != nil {
		e.CaseID, e.FromState, e.ToState = c.ID, from, c.State
	}
	if actor.TokenID != 0 {
		detail = maps.Clone(detail)
		if detail == nil {
			detail = map[string]any{}
		}
		detail["via_token"] = actor.TokenID
	}
	if len(detail) > 0 {
		b, err := json.Marshal(detail)
		if err != nil {
			return e, err
		}
		e.Detail = string(b)
	}
	return e, nil
}

// audit appends an entry to the trail inside tx.
func (s *Service) audit(ctx context.Context, tx *store.Tx, actor kscheck.Actor, action string, c *kscheck.Case, from kscheck.State, detail map[string]any) error {
	e, err := s.entry(actor, action, c, from, detail)
	if err != nil {
		return err
	}
	if err := tx.AppendAudit(ctx, &e); err != nil {
		return err
	}
	// Every recorded change may be news to someone: its notices are
	// queued here, in the same transaction, so they exist exactly when
	// the change does; so are the webhooks of other systems.
	if err := s.queueNotices(ctx, tx, actor, action, c, detail); err != nil {
		return err
	}
	return s.queueWebhooks(ctx, tx, action, c, detail)
}

// recordRead appends actor's read of c to the access log, in a short
// transaction of its own.
func (s *Service) recordRead(ctx context.Context, actor kscheck.Actor, action string, c *kscheck.Case, detail map[string]any) error {
	e, err := s.entry(actor, action, c, c.State, detail)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error { return tx.AppendRead(ctx, &e) })
}

// Exclusive runs fn unless another process on the same database runs the
// job of the same name right now, and reports whether it ran (see
// store.Store.Exclusive): jobs that several servers schedule run once.
func (s *Service) Exclusive(ctx context.Context, job string, fn func(context.Context) error) (bool, error) {
	return s.store.Exclusive(ctx, job, fn)
}
