package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

func TestScreeningEvidenceAndRescreen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		eva, desk := who("initiator@demo.kscheck.org"), who("desk@demo.kscheck.org")

		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Materials research", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*kscheck.Partner{
			{Name: "Harbin Institute of Technology", Type: kscheck.PartnerOrganization, Country: "CN"},
			{Name: "Acme Widget Research Collective", Type: kscheck.PartnerOrganization, Country: "NL"},
		} {
			if c, err = svc.AddPartner(ctx, eva, c.ID, c.Version, p); err != nil {
				t.Fatal(err)
			}
		}
		v, err := svc.Case(ctx, eva, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Screenings) != 2 {
			t.Fatalf("%d partners screened, want 2", len(v.Screenings))
		}
		var aspi *screening.Hit
		for i, h := range v.Hits {
			if h.Match.List == screening.ListASPI && h.Match.Name == "Harbin Institute of Technology" {
				aspi = &v.Hits[i]
			}
		}
		if aspi == nil || aspi.Status != kscheck.HitCandidate || aspi.Match.Snapshot.SHA256 == "" {
			t.Fatalf("no ASPI candidate with its snapshot for Harbin Institute of Technology: %+v", v.Hits)
		}
		for _, run := range v.Screenings {
			if len(run.Snapshots) < 5 {
				t.Errorf("a run cites %d snapshots, want every list", len(run.Snapshots))
			}
		}
		// Only the Desk adjudicates, and only once the check was submitted.
		if err := svc.ResolveHit(ctx, eva, c.ID, c.Version, aspi.ID, false, "other university"); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("the initiator resolved a hit: %v", err)
		}
		if err := svc.ResolveHit(ctx, desk, c.ID, c.Version, aspi.ID, true, "same"); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("the Desk resolved a hit on a draft it cannot see: %v", err)
		}

		// Nothing changed in the lists: re-screening raises no alert.
		screened, alerts, err := svc.Rescreen(ctx)
		if err != nil || screened != 2 || alerts != 0 {
			t.Fatalf("re-screen without changes: %d screened, %d alerts, %v", screened, alerts, err)
		}
		// The collaboration is cleared and runs; then a new UK designation
		// of the second partner raises one alert for the Desk.
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, clearedAnswers(t, svc, c), false); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err = svc.Act(ctx, who("director@demo.kscheck.org"), c.ID, c.Version, kscheck.ActCosignClear, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		uk := &screening.Snapshot{List: screening.ListUK, Source: "test", Fetched: time.Now(), SHA256: "0123456789abcdef",
			Entities: []*screening.Entity{{List: screening.ListUK, ID: "UK-TEST-1", Type: screening.TypeOrganization,
				Names: []screening.Name{{Full: "Acme Widget Research Collective", Quality: screening.QualityPrimary}}, Countries: []string{"NL"}}}}
		if err := svc.ImportLists(ctx, service.System, []*screening.Snapshot{uk}, false); err != nil {
			t.Fatal(err)
		}
		if _, alerts, err = svc.Rescreen(ctx); err != nil || alerts != 1 {
			t.Fatalf("re-screen after a new designation: %d alerts, %v", alerts, err)
		}
		open, err := svc.Alerts(ctx, desk)
		if err != nil || len(open) != 1 || open[0].Match.ID != "UK-TEST-1" {
			t.Fatalf("open alerts: %+v, %v", open, err)
		}
		if _, err := svc.Alerts(ctx, eva); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator sees the Desk's alerts: %v", err)
		}
		if err := svc.AcknowledgeAlert(ctx, desk, open[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.AcknowledgeAlert(ctx, desk, open[0].ID); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("an alert was acknowledged twice: %v", err)
		}
	})
}

// TestScreenQueryAudited: a screening query through the API is a use of
// the system and is recorded; a refused query records nothing.
func TestScreenQueryAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		eva := who("initiator@demo.kscheck.org")
		res, err := svc.ScreenQuery(ctx, eva, screening.Query{Name: "NUDT", Country: "CN"})
		if err != nil || len(res.Matches) == 0 {
			t.Fatalf("ScreenQuery: %v %+v", err, res)
		}
		if _, err := svc.ScreenQuery(ctx, eva, screening.Query{Name: strings.Repeat("a ", 25)}); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("21+ words: %v", err)
		}
		if _, err := svc.ScreenQuery(ctx, kscheck.Actor{}, screening.Query{Name: "NUDT"}); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
			t.Errorf("nobody: %v", err)
		}
		entries, err := s.AuditPage(ctx, kscheck.Changes, kscheck.AuditFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for _, e := range entries {
			if e.Action == "screening.query" {
				found++
				if e.ActorID != eva.Person.ID || !strings.Contains(e.Detail, `"name":"NUDT"`) || !strings.Contains(e.Detail, `"country":"CN"`) {
					t.Errorf("audit entry %+v", e)
				}
			}
		}
		if found != 1 {
			t.Errorf("%d screening.query entries, want 1", found)
		}
	})
}

// TestRescreensTakeTurns: a re-screen, after a web import, a command line
// import or a scheduled update, waits while another process on the same
// database re-screens, so that two never write the same partners' hits
// and alerts at once, and then runs against the lists as they are by then.
func TestRescreensTakeTurns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		eva := who("initiator@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Optics", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddPartner(ctx, eva, c.ID, c.Version, &kscheck.Partner{Name: "Acme Widget Research Collective", Type: kscheck.PartnerOrganization, Country: "NL"}); err != nil {
			t.Fatal(err)
		}

		// Another re-screen holds the job, as another server's would.
		started, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			held <- s.Serialised(ctx, service.RescreenJob, func(context.Context) error { close(started); <-release; return nil })
		}()
		<-started
		type result struct {
			screened int
			err      error
		}
		done := make(chan result, 1)
		go func() {
			n, _, err := svc.Rescreen(ctx)
			done <- result{n, err}
		}()
		select {
		case r := <-done:
			t.Fatalf("a re-screen ran while another was running: %d screened, %v", r.screened, r.err)
		case <-time.After(500 * time.Millisecond):
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-done:
			if r.err != nil || r.screened != 1 {
				t.Errorf("the waiting re-screen: %d screened, %v; want 1", r.screened, r.err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the waiting re-screen did not run once the other had finished")
		}

		// Waiting ends with the request: a re-screen whose context ends
		// while another runs gives up without screening.
		started, release = make(chan struct{}), make(chan struct{})
		go func() {
			held <- s.Serialised(ctx, service.RescreenJob, func(context.Context) error { close(started); <-release; return nil })
		}()
		<-started
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if n, _, err := svc.Rescreen(short); err == nil || n != 0 {
			t.Errorf("a re-screen whose context ended while waiting: %d screened, %v", n, err)
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
	})
}
