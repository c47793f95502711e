package service

import (
	"context"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/report"
	"github.com/kscheck/kscheck/internal/store"
)

// AnnualReport builds the annual report of the checks started in year
// within unit (the whole institution when ""), counting only the checks
// actor may see, in L's language. It is for the Advice Desk, the
// Committee and the auditor, and is recorded in the audit trail.
func (s *Service) AnnualReport(ctx context.Context, actor kscheck.Actor, L *i18n.Localizer, year int, unit, format string) (*report.Annual, error) {
	if actor.Person.ID != 0 {
		if err := ReportAllowed(actor); err != nil {
			return nil, err
		}
	}
	if year < 2000 || year > s.Now().Year() {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the year %d is not one kscheck can report on: give a year from 2000 to %d", year, s.Now().Year()).Translated("err.report.year")
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	in := report.Input{Year: year, Units: units, Now: s.Now()}
	if unit != "" {
		u := findUnit(units, unit)
		if u == nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "there is no unit %q; `kscheck unit list` shows the codes", unit).Translated("err.report.unit")
		}
		in.UnitName = u.NameIn(L.Lang())
	}
	var versions []report.Version
	for _, p := range s.Procedures.Procedures() {
		v := report.Version{Name: p.Title.In(L.Lang()), Version: p.Version, From: p.From()}
		if u := p.Until(); !u.IsZero() {
			v.Until = &u
		}
		versions = append(versions, v)
	}
	in.Procedures = report.InForce(year, versions)
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	figures, err := s.store.Annual(ctx, reportActor(actor, units), from, from.AddDate(1, 0, 0), unit)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "report.annual", nil, "", map[string]any{"year": year, "unit": unit, "format": format, "lang": L.Lang()})
	})
	if err != nil {
		return nil, err
	}
	return report.Build(L, figures, in), nil
}

// ReportAllowed says whether actor may make the annual report: the Advice
// Desk, the Committee and the auditor may.
func ReportAllowed(actor kscheck.Actor) error {
	if !mayOverview(actor) {
		return kscheck.Errorf(kscheck.EForbidden, "the annual report is for the Advice Desk, the Committee and the auditor").Translated("err.access.report")
	}
	return nil
}

// reportActor is who the counts are made for: the command line (System)
// reports on the whole institution, as an auditor of every root unit.
func reportActor(actor kscheck.Actor, units []*kscheck.Unit) kscheck.Actor {
	if actor.Person.ID != 0 {
		return actor
	}
	a := actor
	a.Assignments = nil
	for _, u := range units {
		if u.ParentCode == "" {
			a.Assignments = append(a.Assignments, kscheck.Assignment{Role: kscheck.RoleAuditor, UnitCode: u.Code})
		}
	}
	return a
}

// findUnit returns the unit with code, or nil.
func findUnit(units []*kscheck.Unit, code string) *kscheck.Unit {
	for _, u := range units {
		if u.Code == code {
			return u
		}
	}
	return nil
}
