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
func (s *Service) Dashboard(ctx context.Context, actor kscheck.Actor, months []time.Time) (*kscheck.DashboardStats, error) {
	if !mayOverview(actor) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "the dashboard is for the Advice Desk, the Committee and the auditor").Translated("err.access.dashboard")
	}
	return s.store.Dashboard(ctx, actor, months)
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
func (s *Service) Register(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter) ([]RegisterEntry, int, error) {
	if !actor.HasAnywhere(kscheck.RoleAuditor) {
		return nil, 0, kscheck.Errorf(kscheck.EForbidden, "the decision register is for auditors").Translated("err.access.decision_register")
	}
	if err := kscheck.LimitSearch.Check(f.Text); err != nil {
		return nil, 0, err
	}
	cases, total, err := s.store.ListCases(ctx, actor, registerFilter(f))
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	ms, err := s.store.ImposedMeasures(ctx, ids)
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
func registerFilter(f kscheck.CaseFilter) kscheck.CaseFilter {
	closed := []kscheck.State{kscheck.StateDecided, kscheck.StateCleared}
	if len(f.States) != 1 || !slices.Contains(closed, f.States[0]) {
		f.States = closed
	}
	f.Queue = false
	return f
}

// AuditTrail is a page of one of the two chains (the audit trail of
// changes or the access log of reads) with the state of that chain.
type AuditTrail struct {
	Entries []kscheck.AuditEntry
	Checked int
	Break   *kscheck.AuditBreak // nil: the chain is intact
	Actions []string            // every action in the trail of changes, to filter on; none for reads
}

// MayReadAudit lets auditors and administrators read the trail.
func (s *Service) MayReadAudit(actor kscheck.Actor) error {
	if !actor.HasAnywhere(kscheck.RoleAuditor) && !actor.HasAnywhere(kscheck.RoleAdmin) {
		return kscheck.Errorf(kscheck.EForbidden, "the audit trail is for auditors and administrators").Translated("ux.err.audit_only")
	}
	return nil
}

// Audit returns the entries of chain (kscheck.Changes or kscheck.Reads) that
// f selects, newest first, and verifies that chain from where it was last
// known intact. For auditors and administrators only; viewing it is itself
// recorded, with the chain and the filter. The access log holds only reads
// of a check, so an action does not narrow it.
func (s *Service) Audit(ctx context.Context, actor kscheck.Actor, chain kscheck.Chain, f kscheck.AuditFilter) (*AuditTrail, error) {
	a, f, err := s.auditChain(ctx, actor, chain, f)
	if err != nil {
		return nil, err
	}
	if a.Entries, err = s.store.AuditPage(ctx, chain, f); err != nil {
		return nil, err
	}
	if chain == kscheck.Changes {
		if a.Actions, err = s.store.AuditActions(ctx); err != nil {
			return nil, err
		}
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "audit.view", nil, "", auditDetail(a, chain, f))
	})
	return a, err
}

// ExportAudit verifies chain, calls start with its state, then fn with
// every entry of it f selects, oldest first. The export is recorded (with
// its chain and filter) before it starts, so that even an interrupted one
// leaves its trace. It returns the chain's state once the export has
// begun.
func (s *Service) ExportAudit(ctx context.Context, actor kscheck.Actor, chain kscheck.Chain, f kscheck.AuditFilter, fn func(*kscheck.AuditEntry) error, start func(*AuditTrail)) (*AuditTrail, error) {
	a, f, err := s.auditChain(ctx, actor, chain, f)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "audit.export", nil, "", auditDetail(a, chain, f))
	})
	if err != nil {
		return nil, err
	}
	f.Before, f.Limit = 0, 0
	start(a)
	return a, s.store.EachAudit(ctx, chain, f, fn)
}

// auditChain checks who asks and which chain, verifies that chain, and
// returns the filter as it applies to it.
func (s *Service) auditChain(ctx context.Context, actor kscheck.Actor, chain kscheck.Chain, f kscheck.AuditFilter) (*AuditTrail, kscheck.AuditFilter, error) {
	if err := s.MayReadAudit(actor); err != nil {
		return nil, f, err
	}
	switch chain {
	case kscheck.Changes:
	case kscheck.Reads:
		f.Action = ""
	default:
		return nil, f, kscheck.Errorf(kscheck.EInvalid, "there is no log %q; choose the changes or the reads", chain).Translated("audit_log.err.no_log")
	}
	checked, broken, err := s.verifySince(ctx, chain)
	if err != nil {
		return nil, f, err
	}
	return &AuditTrail{Checked: int(checked), Break: broken}, f, nil
}

// auditDetail records the chain, its state and the filter of a view or
// export.
func auditDetail(a *AuditTrail, chain kscheck.Chain, f kscheck.AuditFilter) map[string]any {
	d := map[string]any{"chain_intact": a.Break == nil, "checked": a.Checked}
	if chain == kscheck.Reads {
		d["log"] = string(chain)
	}
	if f.CaseID > 0 {
		d["case"] = f.CaseID
	}
	if f.Person != "" {
		d["person"] = f.Person
	}
	if f.Action != "" {
		d["action"] = f.Action
	}
	if !f.From.IsZero() {
		d["from"] = f.From.Format(time.DateOnly)
	}
	if !f.Until.IsZero() {
		d["until"] = f.Until.Format(time.DateOnly)
	}
	return d
}

// OpsStats returns the counts operators watch (no case content): checks
// by state, deadlines at risk, and the e-mail and webhook backlogs. It is
// served only on the metrics listener, which is the operator's.
func (s *Service) OpsStats(ctx context.Context) (*kscheck.OpsStats, error) {
	now := s.Now()
	return s.store.OpsStats(ctx, now, now.Add(DeadlineWarning))
}
