package service_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// setup returns a service on s with the demo organisation and a function
// that loads a demo person as an actor.
func setup(t *testing.T, s *store.Store) (*service.Service, func(email string) kscheck.Actor) {
	t.Helper()
	set, err := service.LoadProcedures(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(s, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := demo.Seed(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return svc, func(email string) kscheck.Actor {
		p, err := s.PersonByEmail(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Actor(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
}

// clearedAnswers are flowchart answers with no "yes" under the procedure
// c is pinned to, keeping those c's own data gives (its kind, its
// partners' country).
func clearedAnswers(t *testing.T, svc *service.Service, c *kscheck.Case) map[string]any {
	t.Helper()
	p, err := svc.Procedures.Get(c.ProcedureID, c.ProcedureVersion)
	if err != nil {
		t.Fatal(err)
	}
	given := map[string]any{"kind": "research_collaboration", "partner_country": "NL"}
	maps.Copy(given, c.Answers)
	return proceduretest.QuietAnswers(t, p, given)
}

// answerSupplementary answers every required question of c's
// supplementary questionnaire, as initiator.
func answerSupplementary(t *testing.T, svc *service.Service, initiator kscheck.Actor, c *kscheck.Case) *kscheck.Case {
	t.Helper()
	p, err := svc.ProcedureOf(c)
	if err != nil {
		t.Fatal(err)
	}
	supp := map[string]any{}
	for _, q := range p.SupplementaryQuestions() {
		if q.Required {
			supp[q.ID] = "Answered in full."
		}
	}
	c, err = svc.SaveAnswers(context.Background(), initiator, c.ID, caseVersion(t, svc, c.ID), supp, c.InDoubt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLifecycleThroughService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, other := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("director2@demo.kscheck.org")

		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Workshop with partner", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c.ProcedureID != "university" {
			t.Errorf("pinned to %s, want the university procedure", c.ProcedureID)
		}
		// Another institute's director neither sees nor changes it.
		if _, err := svc.Case(ctx, other, c.ID); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("other director reads the case: %v", err)
		}
		if _, err := svc.StartCase(ctx, marc, service.NewCase{Title: "x", Kind: kscheck.KindOther, UnitCode: "lion"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("starting a check outside one's units: %v", err)
		}
		// Bad input is refused and nothing changes.
		if _, err := svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{"a1_sanctions": "perhaps"}, false); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("an invalid answer was accepted: %v", err)
		}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, clearedAnswers(t, svc, c), false); err != nil {
			t.Fatal(err)
		}
		if c.Route != kscheck.RouteCleared {
			t.Fatalf("route %q, want cleared", c.Route)
		}
		// Two people at once: the second, on the old version, loses.
		stale := c.Version
		if c, err = svc.Act(ctx, eva, c.ID, stale, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(ctx, eva, c.ID, stale, kscheck.ActWithdraw, service.ActInput{}); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Errorf("a stale change was not refused as a conflict: %v", err)
		}
		if c, err = svc.Act(ctx, marc, c.ID, c.Version, kscheck.ActCosignClear, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if c.State != kscheck.StateCleared {
			t.Errorf("state %s, want cleared", c.State)
		}
		v, err := svc.Case(ctx, marc, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range v.History {
			actions = append(actions, e.Action)
		}
		want := []string{"case.start", "case.answers", "request_cosign", "cosign_clear"}
		if len(actions) != len(want) {
			t.Fatalf("history %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Errorf("history %v, want %v", actions, want)
			}
		}
		// Reads are recorded too, in the access log.
		reads, err := s.CaseReads(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(reads) != 1 || reads[0].Action != "case.read" || reads[0].ActorID != marc.Person.ID {
			t.Errorf("reads recorded: %+v, want marc's one", reads)
		}
		if n, broken, err := s.VerifyAudit(ctx); err != nil || broken != nil || n == 0 {
			t.Errorf("audit trail: %d entries, broken %v, %v", n, broken, err)
		}
	})
}

// TestVisibilityMatchesDomain checks that the SQL behind case lists shows
// each person exactly the cases the domain's need-to-know rules let them
// see, for cases in every state.
func TestVisibilityMatchesDomain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		if err := demo.SeedCases(ctx, svc, 300, 7, nil); err != nil {
			t.Fatal(err)
		}
		for _, a := range demo.Accounts {
			actor := who(a.Email)
			listed := map[int64]bool{}
			for offset := 0; ; offset += 500 {
				cs, _, err := s.ListCases(ctx, actor, kscheck.CaseFilter{Limit: 500, Offset: offset})
				if err != nil {
					t.Fatal(err)
				}
				if len(cs) == 0 {
					break
				}
				for _, c := range cs {
					listed[c.ID] = true
				}
			}
			for id := int64(1); id <= 300; id++ {
				c, err := s.Case(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if can := kscheck.Can(actor, c, kscheck.PermView); can != listed[id] {
					t.Errorf("%s, case %d (%s at %s): domain says view=%v, list says %v", a.Email, id, c.State, c.UnitCode, can, listed[id])
				}
			}
		}
	})
}

// TestOnlyAdministratorsAdminister: units and people are added by an
// administrator or from the server's command line, nobody else.
func TestOnlyAdministratorsAdminister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		for _, email := range []string{"initiator@demo.kscheck.org", "desk@demo.kscheck.org", "auditor@demo.kscheck.org"} {
			a := who(email)
			if err := svc.AddUnit(ctx, a, &kscheck.Unit{Code: "x", Name: "X", Level: kscheck.LevelInstitute, ParentCode: "science"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s added a unit: %v", email, err)
			}
			if err := svc.AddPerson(ctx, a, &kscheck.Person{Email: "p@x.nl", Name: "P", UnitCode: "liacs"}, "", []string{"admin@leiden"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s added a person: %v", email, err)
			}
		}
		if err := svc.AddUnit(ctx, who("admin@demo.kscheck.org"), &kscheck.Unit{Code: "x", Name: "X", Level: kscheck.LevelInstitute, ParentCode: "science"}); err != nil {
			t.Errorf("the administrator could not add a unit: %v", err)
		}
	})
}

// caseVersion is the version of case id as stored now, for a change a test
// makes on the case as it stands.
func caseVersion(t testing.TB, svc *service.Service, id int64) int64 {
	t.Helper()
	c, err := service.StoreOf(svc).Case(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Version
}
