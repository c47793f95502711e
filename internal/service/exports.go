package service

import (
	"context"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// exportBatch is how many register rows are gathered before their
// measures are fetched in one query.
const exportBatch = 500

// ExportCases streams to fn every case actor may see that matches f, in
// the list's order: the same need-to-know as the case list, without its
// paging. The export itself is recorded in the audit trail, with its
// filter and format, before the first row leaves.
func (s *Service) ExportCases(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter, format string, fn func(*kscheck.Case) error) error {
	if err := s.recordExport(ctx, actor, "cases", format, f); err != nil {
		return err
	}
	return s.store.EachCase(ctx, actor, f, fn)
}

// ExportRegister streams the whole decision register (see Register) to
// fn, for auditors only, and records the export.
func (s *Service) ExportRegister(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter, format string, fn func(RegisterEntry) error) error {
	if !actor.HasAnywhere(kscheck.RoleAuditor) {
		return kscheck.Errorf(kscheck.EForbidden, "the decision register is for auditors").Translated("err.access.decision_register")
	}
	f = registerFilter(f)
	if err := s.recordExport(ctx, actor, "register", format, f); err != nil {
		return err
	}
	batch := make([]*kscheck.Case, 0, exportBatch)
	flush := func() error {
		ids := make([]int64, len(batch))
		for i, c := range batch {
			ids[i] = c.ID
		}
		ms, err := s.store.ImposedMeasures(ctx, ids)
		if err != nil {
			return err
		}
		for _, c := range batch {
			if err := fn(RegisterEntry{Case: c, Measures: ms[c.ID]}); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := s.store.EachCase(ctx, actor, f, func(c *kscheck.Case) error {
		batch = append(batch, c)
		if len(batch) == exportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// RecordDashboardExport records that actor downloaded the dashboard's
// tables; the figures themselves come from Dashboard.
func (s *Service) RecordDashboardExport(ctx context.Context, actor kscheck.Actor, format string) error {
	if !mayOverview(actor) {
		return kscheck.Errorf(kscheck.EForbidden, "the dashboard is for the Advice Desk, the Committee and the auditor").Translated("err.access.dashboard")
	}
	return s.recordExport(ctx, actor, "dashboard", format, kscheck.CaseFilter{})
}

// recordExport writes the audit entry of an export of what.
func (s *Service) recordExport(ctx context.Context, actor kscheck.Actor, what, format string, f kscheck.CaseFilter) error {
	detail := map[string]any{"what": what, "format": format}
	if len(f.States) > 0 {
		detail["states"] = f.States
	}
	if f.Kind != "" {
		detail["kind"] = f.Kind
	}
	if f.UnitCode != "" {
		detail["unit"] = f.UnitCode
	}
	if f.Text != "" {
		detail["text"] = f.Text
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "export."+what, nil, "", detail)
	})
}
