package service_test

import (
	"context"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// The kind of activity and the partner's country are given when a check
// starts; the flowchart takes them from there, they count as answered for
// the hand-over, and a different answer in the flowchart is refused
// without anything being written.
func TestFlowchartTakesGivenAnswersFromTheCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva := who("initiator@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Delegation", Description: "A visit.", Kind: kscheck.KindIncomingDelegation, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Answers["kind"] != "incoming_delegation" {
			t.Fatalf("a new check's flowchart has kind %v, want the kind it started with", c.Answers["kind"])
		}
		if c, err = svc.AddPartner(ctx, eva, c.ID, c.Version, &kscheck.Partner{Name: "Universität Heidelberg", Type: kscheck.PartnerOrganization, Country: "DE"}); err != nil {
			t.Fatal(err)
		}
		if c.Answers["partner_country"] != "DE" {
			t.Fatalf("after adding a German partner the flowchart's country is %v, want DE", c.Answers["partner_country"])
		}

		// A different country in the flowchart contradicts the partners.
		before := c.Version
		_, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{"partner_country": "CN", "a1_sanctions": "no"}, false)
		refused(t, "a country other than the partner's", err, kscheck.EInvalid, "answered by the check's partners")
		if v := caseVersion(t, svc, c.ID); v != before {
			t.Fatalf("the refused answers were written: version %d, want %d", v, before)
		}

		// The rest of the flowchart, without the given answers, completes it.
		p, err := svc.ProcedureOf(c)
		if err != nil {
			t.Fatal(err)
		}
		rest := proceduretest.QuietAnswers(t, p, c.Answers)
		delete(rest, "kind")
		delete(rest, "partner_country")
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, rest, false); err != nil {
			t.Fatal(err)
		}
		if !p.Evaluate(c.Answers).Complete || c.Route != kscheck.RouteCleared {
			t.Fatalf("the flowchart with the given answers is not complete and cleared: route %s", c.Route)
		}
		if _, err := svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatalf("the given answers do not count for the hand-over: %v", err)
		}

		// Changing the kind on the check changes the flowchart's answer.
		c2, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Lecture", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c2, err = svc.EditCase(ctx, eva, c2.ID, c2.Version, service.Edit{Title: "Lecture", Kind: kscheck.KindLectureOutsideEU}); err != nil {
			t.Fatal(err)
		}
		if c2.Answers["kind"] != "lecture_outside_eu" {
			t.Fatalf("after changing the kind the flowchart says %v", c2.Answers["kind"])
		}
	})
}

// A complete flowchart can be answered again, section by section, until
// the check is handed to the director; after that the answers are locked.
func TestFlowchartRevisedUntilHandOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva := who("initiator@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Workshop", Description: "A workshop.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, clearedAnswers(t, svc, c), false); err != nil {
			t.Fatal(err)
		}
		// Revising section D of the complete flowchart: a "yes" now.
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{"d1_security_ties": "yes"}, false); err != nil {
			t.Fatalf("a complete flowchart could not be revised: %v", err)
		}
		if c.Answers["d1_security_ties"] != "yes" || c.Route == kscheck.RouteCleared {
			t.Fatalf("the revision did not count: answer %v, route %s", c.Answers["d1_security_ties"], c.Route)
		}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{"d1_security_ties": "no"}, false); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{"d1_security_ties": "yes"}, false)
		refused(t, "revising after the hand-over", err, kscheck.EForbidden)
		if v := caseVersion(t, svc, c.ID); v != c.Version {
			t.Fatalf("the refused revision was written: version %d, want %d", v, c.Version)
		}
	})
}

// Where the procedure asks about doubt as a question, its answer is the
// check's doubt: the notices and the reminders that follow doubt see it,
// whatever the form said beside it.
func TestDoubtQuestionIsTheChecksDoubt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva := who("initiator@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Workshop", Description: "A workshop.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.ProcedureOf(c)
		if err != nil {
			t.Fatal(err)
		}
		doubt := p.DoubtQuestion()
		if doubt == nil {
			t.Fatalf("procedure %s asks no doubt question", p.ID)
		}
		answers := clearedAnswers(t, svc, c)
		answers[doubt.ID] = "yes"
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, answers, false); err != nil {
			t.Fatal(err)
		}
		if !c.InDoubt || c.Route != kscheck.RouteCommittee {
			t.Fatalf("after %s = yes: in doubt %v, route %s; want in doubt and the Committee", doubt.ID, c.InDoubt, c.Route)
		}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, map[string]any{doubt.ID: "no"}, true); err != nil {
			t.Fatal(err)
		}
		if c.InDoubt {
			t.Fatalf("after %s = no the check is still in doubt", doubt.ID)
		}
	})
}

// A check sent back keeps the doubt its flowchart states: the answer, not
// the hand-over, says whether initiator and director remain in doubt, so
// the pages and the notices that follow doubt see what the route says.
func TestSendingBackKeepsTheDoubtAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, director := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign})
		cur, err := s.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Act(ctx, director, c.ID, cur.Version, kscheck.ActSendBack, service.ActInput{Text: "Say which data is shared."}); err != nil {
			t.Fatal(err)
		}
		if !c.InDoubt || c.Route != kscheck.RouteCommittee || c.Answers[doubtQuestion(t, svc, c)] != "yes" {
			t.Fatalf("after sending back: in doubt %v, route %s, answer %v; want the doubt the answer states", c.InDoubt, c.Route, c.Answers[doubtQuestion(t, svc, c)])
		}
	})
}
