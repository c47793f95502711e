package service

import (
	"context"
	"slices"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// Dashboard counts the cases actor may see for the dashboard, with the
// given months (see store.Dashboard). Only the Advice Desk, the Committee
// and the auditor have a dashboard.
func (s *Service) Dashboard(ctx context.Context, actor kscheck.Actor, months []time.Time) (*store.DashboardStats, error) {
	if !mayOverview(actor) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "the dashboard is for the Advice Desk, the Committee and the auditor")
	}
	return s.Store.Dashboard(ctx, actor, months)
}

// RegisterEntry is one line of the decision register.
type RegisterEntry struct {
	Case     *kscheck.Case
	Measures []*kscheck.Measure
}

// Register returns a page of the decision register: the decided and
// cleared checks the auditor may see (or those in one of these states), latest change first, with the
// measures their verdicts imposed, and how many there are (capped as in
// ListCases). It is read-only and for auditors only.
func (s *Service) Register(ctx context.Context, actor kscheck.Actor, f store.CaseFilter) ([]RegisterEntry, int, error) {
	if !actor.HasAnywhere(kscheck.RoleAuditor) {
		return nil, 0, kscheck.Errorf(kscheck.EForbidden, "the decision register is for auditors")
	}
	if err := kscheck.LimitSearch.Check(f.Text); err != nil {
		return nil, 0, err
	}
	cases, total, err := s.Store.ListCases(ctx, actor, registerFilter(f))
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	ms, err := s.Store.ImposedMeasures(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]RegisterEntry, len(cases))
	for i, c := range cases {
		out[i] = RegisterEntry{Case: c, Measures: ms[c.ID]}
	}
	return out, total, nil
}

// registerFilter narrows f to the register's cases: decided and cleared
// ones (or those in one of these states), latest change first.
func registerFilter(f store.CaseFilter) store.CaseFilter {
	closed := []kscheck.State{kscheck.StateDecided, kscheck.StateCleared}
	if len(f.States) != 1 || !slices.Contains(closed, f.States[0]) {
		f.States = closed
	}
	f.Queue = false
	return f
}

// AuditTrail is a page of the whole audit trail with the state of its
// hash chain.
type AuditTrail struct {
	Entries []kscheck.AuditEntry
	Checked int
	Break   *store.AuditBreak // nil: the chain is intact
}

// Audit returns up to limit entries older than before (0: the newest) and
// verifies the chain: the entries added since it was last verified, from
// the last checkpoint or, the first time, from its start. For auditors and
// administrators only; viewing it is itself recorded.
func (s *Service) Audit(ctx context.Context, actor kscheck.Actor, before int64, limit int) (*AuditTrail, error) {
	if !actor.HasAnywhere(kscheck.RoleAuditor) && !actor.HasAnywhere(kscheck.RoleAdmin) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "the audit trail is for auditors and administrators")
	}
	a := &AuditTrail{}
	checked, broken, err := s.verifyChangesSince(ctx)
	if err != nil {
		return nil, err
	}
	a.Checked, a.Break = int(checked), broken
	if a.Entries, err = s.Store.AuditPage(ctx, before, limit); err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "audit.view", nil, "", map[string]any{"chain_intact": a.Break == nil, "checked": a.Checked})
	})
	return a, err
}
