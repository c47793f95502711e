package service

import (
	"context"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/store"
)

// screenPartner screens one partner of c against the current lists inside
// tx, records the run with the snapshots it used and every candidate, and
// returns the hits that are new or changed.
func (s *Service) screenPartner(ctx context.Context, tx *store.Tx, c *kscheck.Case, p *kscheck.Partner) (map[int64]string, []screening.Ref, error) {
	if s.Screening == nil {
		return nil, nil, nil
	}
	typ := screening.TypeOrganization
	if p.Type == kscheck.PartnerIndividual {
		typ = screening.TypePerson
	}
	start := time.Now()
	res, err := s.Screening.Screen(ctx, screening.Query{Name: p.Name, Country: p.Country, Type: string(typ)})
	if s.ScreeningLatency != nil {
		s.ScreeningLatency.Observe(time.Since(start).Seconds())
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	if err := tx.AddScreeningRun(ctx, c.ID, p.ID, now, res.Snapshots, len(res.Matches)); err != nil {
		return nil, nil, err
	}
	changed := map[int64]string{}
	for _, m := range res.Matches {
		id, change, err := tx.RecordHit(ctx, c.ID, p.ID, m, now)
		if err != nil {
			return nil, nil, err
		}
		if change != "" {
			changed[id] = change
		}
	}
	return changed, res.Snapshots, nil
}

// snapshotNames cites snapshots for the audit trail: list@sha256-prefix.
func snapshotNames(refs []screening.Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = string(r.List) + "@" + r.SHA256[:min(12, len(r.SHA256))]
	}
	return out
}

// ResolveHit records a person's decision on a screening candidate: a
// confirmed match or a dismissed one, always with a reason, against the
// snapshot the candidate came from.
func (s *Service) ResolveHit(ctx context.Context, actor kscheck.Actor, caseID, version, hitID int64, confirm bool, reason string) error {
	if err := kscheck.LimitReason.Check(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return kscheck.Errorf(kscheck.EInvalid, "give the reason for confirming or dismissing the candidate (for example: other city, other organisation, same registration number)").Translated("err.screening.reason")
	}
	status := kscheck.HitDismissed
	if confirm {
		status = kscheck.HitConfirmed
	}
	_, err := s.change(ctx, actor, caseID, version, kscheck.PermAdjudicate, "case.screening.resolve", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		hits, err := tx.Hits(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if h.ID == hitID {
				if err := tx.ResolveHit(ctx, c.ID, hitID, status, reason, actor.Person.ID, s.Now()); err != nil {
					return nil, err
				}
				return map[string]any{"hit": hitID, "list": h.Match.List, "entity": h.Match.ID, "status": status,
					"reason": reason, "snapshot": snapshotNames([]screening.Ref{h.Match.Snapshot})[0]}, nil
			}
		}
		return nil, kscheck.Errorf(kscheck.ENotFound, "this check has no screening candidate %d", hitID).Translated("err.screening.no_candidate")
	})
	return err
}

// RescreenJob is the job every re-screen runs as (store.Serialised).
const RescreenJob = "lists.rescreen"

// Rescreen screens the partners of every open or running case against the
// lists as they are now (after a new snapshot), records new and changed
// hits, and raises an alert for the Advice Desk for each. It returns how
// many partners were screened and how many alerts were raised.
//
// Re-screens take turns across every server on the database, whether they
// follow an import on the lists page or the command line or a scheduled
// update: two at once would screen the same partners twice and raise
// their alerts twice. A re-screen waits for a running one rather than
// skipping, because the running one may have read the lists before this
// one's import and so not see it; the wait lasts one re-screen, never a
// download, and ends with ctx.
func (s *Service) Rescreen(ctx context.Context) (screened, alerts int, err error) {
	if s.Screening == nil {
		return 0, 0, nil
	}
	err = s.store.Serialised(ctx, RescreenJob, func(ctx context.Context) error {
		if err := s.Screening.Reload(ctx); err != nil {
			return err
		}
		partners, err := s.store.PartnersToRescreen(ctx)
		if err != nil {
			return err
		}
		for _, sp := range partners {
			err := s.store.InTx(ctx, func(tx *store.Tx) error {
				c, err := tx.Case(ctx, sp.CaseID)
				if err != nil {
					return err
				}
				changed, refs, err := s.screenPartner(ctx, tx, c, &sp.Partner)
				if err != nil {
					return err
				}
				for hit, change := range changed {
					if err := tx.AddAlert(ctx, c.ID, hit, change, s.Now()); err != nil {
						return err
					}
					alerts++
				}
				detail := map[string]any{"partner": sp.Partner.ID, "snapshots": snapshotNames(refs), "new_or_changed": len(changed)}
				return s.audit(ctx, tx, System, "case.screening.rescreen", c, c.State, detail)
			})
			if err != nil {
				return err
			}
			screened++
		}
		return nil
	})
	return screened, alerts, err
}

// AcknowledgeAlert marks a re-screening alert as seen by the Desk.
func (s *Service) AcknowledgeAlert(ctx context.Context, actor kscheck.Actor, alertID int64) error {
	if !actor.HasAnywhere(kscheck.RoleDeskCoordinator) && !actor.HasAnywhere(kscheck.RoleDeskAdviser) {
		return kscheck.Errorf(kscheck.EForbidden, "only the Advice Desk handles screening alerts").Translated("err.screening.alerts_handle")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		caseID, err := tx.AcknowledgeAlert(ctx, alertID, actor.Person.ID, s.Now())
		if err != nil {
			return err
		}
		c, err := tx.Case(ctx, caseID)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "case.screening.alert_seen", c, c.State, map[string]any{"alert": alertID})
	})
}

// Alerts returns the open re-screening alerts of the cases the actor, a
// member of the Advice Desk, may see.
func (s *Service) Alerts(ctx context.Context, actor kscheck.Actor) ([]screening.Alert, error) {
	if !actor.HasAnywhere(kscheck.RoleDeskCoordinator) && !actor.HasAnywhere(kscheck.RoleDeskAdviser) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "only the Advice Desk sees screening alerts").Translated("err.screening.alerts_see")
	}
	all, err := s.store.OpenAlerts(ctx, 200)
	if err != nil {
		return nil, err
	}
	var out []screening.Alert
	for _, a := range all {
		c, err := s.store.Case(ctx, a.CaseID)
		if err != nil {
			return nil, err
		}
		if kscheck.Can(actor, c, kscheck.PermView) {
			out = append(out, a)
		}
	}
	return out, nil
}

// ScreenQuery screens a name for a signed-in person (the screening API):
// a use of the system like any other, so it is recorded in the audit
// trail with the query and the number of candidates.
func (s *Service) ScreenQuery(ctx context.Context, actor kscheck.Actor, q screening.Query) (screening.Result, error) {
	if actor.Person.ID == 0 {
		return screening.Result{Query: q}, kscheck.Errorf(kscheck.EUnauthenticated, "sign in first").Translated("err.signin.first")
	}
	if s.Screening == nil {
		return screening.Result{Query: q}, kscheck.Errorf(kscheck.EInvalid, "screening is not configured on this server").Translated("err.screening.off")
	}
	res, err := s.Screening.Screen(ctx, q)
	if err != nil {
		return res, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "screening.query", nil, "", map[string]any{
			"name": res.Query.Name, "country": res.Query.Country, "type": res.Query.Type, "candidates": len(res.Matches),
			"snapshots": snapshotNames(res.Snapshots)})
	})
	return res, err
}

// hitEvidence looks up the listed entry behind each hit, so that a person
// reads the list's own words (ASPI's description, category and defence
// laboratories; a designation's remarks) beside the candidate. Hits whose
// entry is no longer listed are left out.
func (s *Service) hitEvidence(ctx context.Context, hits []screening.Hit) map[int64]*screening.Entity {
	out := map[int64]*screening.Entity{}
	if s.Screening == nil || len(hits) == 0 {
		return out
	}
	ix, err := s.Screening.Index(ctx)
	if err != nil {
		s.Log.Warn("screening evidence unavailable", "err", err)
		return out
	}
	for _, h := range hits {
		if e := ix.Entity(h.Match.List, h.Match.ID); e != nil {
			out[h.ID] = e
		}
	}
	return out
}

// ListCoverage returns which lists a screening run now would cover and
// what it would miss, for the Advice Desk's home page.
func (s *Service) ListCoverage(ctx context.Context, actor kscheck.Actor) (screening.Coverage, error) {
	if !actor.HasAnywhere(kscheck.RoleDeskCoordinator) && !actor.HasAnywhere(kscheck.RoleDeskAdviser) {
		return screening.Coverage{}, kscheck.Errorf(kscheck.EForbidden, "only the Advice Desk sees the list coverage").Translated("err.screening.coverage")
	}
	snaps, err := s.screenedSnapshots(ctx)
	if err != nil {
		return screening.Coverage{}, err
	}
	var refs []screening.Ref
	for _, sn := range snaps {
		refs = append(refs, sn.Ref())
	}
	return screening.CoverageOf(refs, s.Now()), nil
}
