package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// refused fails the test unless err has code and its message says each
// of words.
func refused(t *testing.T, what string, err error, code kscheck.Code, words ...string) {
	t.Helper()
	if kscheck.ErrorCode(err) != code {
		t.Fatalf("%s: got %v (%s), want a %s refusal", what, err, kscheck.ErrorCode(err), code)
	}
	for _, w := range words {
		if !strings.Contains(kscheck.ErrorMessage(err), w) {
			t.Errorf("%s: message %q does not say %q", what, kscheck.ErrorMessage(err), w)
		}
	}
}

// Rule 1: no Desk review and no verdict while a screening candidate is
// open; the refusal names the candidates, and the queue shows them.
func TestOpenCandidateBlocksReviewsAndVerdict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		eva, marc, desk, desk2, chair := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org"), who("chair@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Materials", Description: "Joint materials research.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = svc.AddPartner(ctx, eva, c.ID, caseVersion(t, svc, c.ID), &kscheck.Partner{Name: "Harbin Institute of Technology", Type: kscheck.PartnerOrganization, Country: "CN"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveAnswers(ctx, eva, c.ID, caseVersion(t, svc, c.ID), clearedAnswers(t, svc, c), true); err != nil {
			t.Fatal(err)
		}
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk}, step{desk, kscheck.ActAcceptIntake})

		_, err = svc.Act(ctx, desk, c.ID, caseVersion(t, svc, c.ID), kscheck.ActFirstReview, service.ActInput{})
		refused(t, "first review with an open candidate", err, kscheck.EInvalid, "not resolved", "Harbin Institute of Technology ↔ ")
		lines, _, err := svc.DeskQueue(ctx, desk, kscheck.CaseFilter{})
		if err != nil || len(lines) != 1 || len(lines[0].OpenCandidates) == 0 {
			t.Fatalf("the queue does not show the open candidates: %+v, %v", lines, err)
		}
		// Reproduced: before the rule, both reviews and the verdict went
		// through. Now only resolving every candidate lets them.
		v, err := svc.Case(ctx, desk, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range v.Hits {
			if err := svc.ResolveHit(ctx, desk, c.ID, caseVersion(t, svc, c.ID), h.ID, false, "another institution"); err != nil {
				t.Fatal(err)
			}
		}
		takeSteps(t, svc, c.ID, step{desk, kscheck.ActFirstReview}, step{desk2, kscheck.ActSecondReview})

		// A list update adds a candidate while the Committee has the check.
		uk := &screening.Snapshot{List: screening.ListUK, Source: "test", Fetched: time.Now(), SHA256: "0123456789abcdef",
			Entities: []*screening.Entity{{List: screening.ListUK, ID: "UK-TEST-1", Type: screening.TypeOrganization,
				Names: []screening.Name{{Full: "Harbin Institute of Technology", Quality: screening.QualityPrimary}}, Countries: []string{"CN"}}}}
		if err := svc.ImportLists(ctx, service.System, []*screening.Snapshot{uk}, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Rescreen(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictStart, Confirmed: true})
		refused(t, "verdict with an open candidate", err, kscheck.EInvalid, "(uk)")
	})
}

// Rule 2: no hand-over with required questions blank, and the intake
// checklist is checked against the case, not taken from the ticks.
func TestRequiredAnswersAndIntakeChecklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, desk := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Sensors", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.ProcedureOf(c)
		if err != nil {
			t.Fatal(err)
		}
		yes := map[string]any{"kind": "research_collaboration", "partner_country": "NL", "d1_security_ties": "yes"}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, caseVersion(t, svc, c.ID), proceduretest.QuietAnswers(t, p, yes), false); err != nil {
			t.Fatal(err)
		}
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActStartSupplementary})
		_, err = svc.Act(ctx, eva, c.ID, caseVersion(t, svc, c.ID), kscheck.ActRequestCosign, service.ActInput{})
		refused(t, "hand-over with the supplementary questionnaire blank", err, kscheck.EInvalid, "Describe the knowledge", "Describe the partner organisation")

		answerSupplementary(t, svc, eva, c)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk})
		// Every box ticked, but the check has no description and no partner.
		_, err = svc.AcceptIntake(ctx, desk, c.ID, caseVersion(t, svc, c.ID), service.IntakeChecklist)
		refused(t, "intake of an incomplete check", err, kscheck.EInvalid, "no description", "no partner")
		if v, _ := svc.Case(ctx, desk, c.ID); v.Case.State != kscheck.StateSubmitted {
			t.Errorf("the refused intake changed the state to %s", v.Case.State)
		}
	})
}

// Rule 3: the separation of duties.
func TestSeparationOfDuties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		// director2 starts, answers and hands over a check alone: she may
		// not co-sign it, in either direction.
		ingrid := who("director2@demo.kscheck.org")
		c, err := svc.StartCase(ctx, ingrid, service.NewCase{Title: "Own check", Description: "d", Kind: kscheck.KindResearchCollaboration, UnitCode: "lion"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = svc.SaveAnswers(ctx, ingrid, c.ID, caseVersion(t, svc, c.ID), clearedAnswers(t, svc, c), false); err != nil {
			t.Fatal(err)
		}
		takeSteps(t, svc, c.ID, step{ingrid, kscheck.ActRequestCosign})
		_, err = svc.Act(ctx, ingrid, c.ID, caseVersion(t, svc, c.ID), kscheck.ActCosignClear, service.ActInput{})
		refused(t, "self-clearance", err, kscheck.EForbidden, "another director")
		_, err = svc.Act(ctx, ingrid, c.ID, caseVersion(t, svc, c.ID), kscheck.ActSubmitToDesk, service.ActInput{})
		refused(t, "self-submission", err, kscheck.EForbidden, "another director")
		v, err := svc.Case(ctx, ingrid, c.ID)
		if err != nil || len(v.Barred) == 0 {
			t.Errorf("the page does not say why co-signing is not offered: %v, %v", v.Barred, err)
		}

		// Separation through the whole procedure: the adviser, the two Desk
		// reviewers, and the Committee.
		eva, marc, desk, desk2, chair, member := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org"), who("chair@demo.kscheck.org"), who("committee@demo.kscheck.org")
		c = answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk}, step{desk, kscheck.ActAcceptIntake}, step{desk, kscheck.ActFirstReview})
		_, err = svc.Act(ctx, desk, c.ID, caseVersion(t, svc, c.ID), kscheck.ActSecondReview, service.ActInput{})
		refused(t, "second review by the first reviewer", err, kscheck.EForbidden, "four-eyes")
		takeSteps(t, svc, c.ID, step{desk2, kscheck.ActSecondReview})
		if err := svc.DeclareConflict(ctx, member, c.ID, caseVersion(t, svc, c.ID), "Joint grant with the partner"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Post(ctx, member, c.ID, caseVersion(t, svc, c.ID), kscheck.MsgDeliberation, "x"); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("a recused member deliberated: %v", err)
		}
		_, err = svc.Act(ctx, member, c.ID, caseVersion(t, svc, c.ID), kscheck.ActExternalAdvice, service.ActInput{})
		refused(t, "external advice by a recused member", err, kscheck.EForbidden, "recused")
		_, err = svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictStart, Confirmed: true, Participants: []int64{member.Person.ID}})
		refused(t, "a recused member taking part in the verdict", err, kscheck.EInvalid, "recused")
	})
}

// The adviser of a check never advises on their own check, and a
// Committee member who advised on a check is recused from it.
func TestAdviserDuties(t *testing.T) {
	eva := kscheck.Actor{Person: kscheck.Person{ID: 7}, Assignments: []kscheck.Assignment{{Role: kscheck.RoleFacultyAdviser, UnitCode: "science"}, {Role: kscheck.RoleCommitteeMember, UnitCode: "leiden"}}}
	c := &kscheck.Case{State: kscheck.StateAdviceRequested, InitiatorID: 7, UnitPath: []string{"leiden", "science", "liacs"}}
	if _, err := kscheck.Next(eva, c, kscheck.ActGiveAdvice, kscheck.Input{Text: "x"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
		t.Errorf("the initiator advised on their own check: %v", err)
	}
	c.InitiatorID, c.AdviserID, c.State, c.ReachedCommittee = 8, 7, kscheck.StateCommittee, true
	if _, err := kscheck.Next(eva, c, kscheck.ActExternalAdvice, kscheck.Input{}); kscheck.ErrorCode(err) != kscheck.EForbidden {
		t.Errorf("the check's adviser acted for the Committee: %v", err)
	}
}

// Rule 4: the verdict is recorded only when confirmed, with who took part
// and the conflicts declared.
func TestVerdictIsARecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, desk, desk2, chair, member := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org"), who("chair@demo.kscheck.org"), who("committee@demo.kscheck.org")
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk}, step{desk, kscheck.ActAcceptIntake}, step{desk, kscheck.ActFirstReview}, step{desk2, kscheck.ActSecondReview})
		in := service.ActInput{Verdict: kscheck.VerdictStart, Participants: []int64{member.Person.ID}}
		_, err := svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, in)
		refused(t, "an unconfirmed verdict", err, kscheck.EInvalid, "confirm")
		_, err = svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictStart, Confirmed: true, Participants: []int64{eva.Person.ID}})
		refused(t, "a participant from outside the Committee", err, kscheck.EInvalid, "does not sit on the Committee")
		in.Confirmed = true
		if _, err := svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, in); err != nil {
			t.Fatal(err)
		}
		v, err := svc.Case(ctx, chair, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(v.Decision.Participants, ", "); got != chair.Person.Name+", "+member.Person.Name && got != member.Person.Name+", "+chair.Person.Name {
			t.Errorf("participants %q", got)
		}
		last := v.History[len(v.History)-1]
		if last.Action != "verdict" || !strings.Contains(last.Detail, member.Person.Name) || !strings.Contains(last.Detail, `"recorded_by"`) {
			t.Errorf("the audit entry does not record the decision: %+v", last)
		}
	})
}

// Rule 5: an imposed measure is reported with evidence by the initiator
// and accepted or sent back by the Desk; overdue ones reach the Desk's
// list and a reminder.
func TestMeasureFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who, box := mailSetup(t, s)
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return now }
		eva, marc, desk, desk2, chair := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org"), who("chair@demo.kscheck.org")
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk}, step{desk, kscheck.ActAcceptIntake}, step{desk, kscheck.ActFirstReview}, step{desk2, kscheck.ActSecondReview})
		due := now.AddDate(0, 0, 14)
		_, err := svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictWithMitigation, Confirmed: true,
			Measures: []service.MeasureInput{{Text: "Separate the lab network", DueOn: &due}, {Text: "Contract clause on publication", DueOn: &due}}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.Case(ctx, eva, c.ID)
		if err != nil || len(v.Measures) != 2 {
			t.Fatalf("measures %+v, %v", v, err)
		}
		m1, m2 := v.Measures[0].ID, v.Measures[1].ID

		refused(t, "report without evidence", svc.ReportMeasure(ctx, eva, c.ID, caseVersion(t, svc, c.ID), m1, service.Evidence{}), kscheck.EInvalid, "evidence")
		refused(t, "the Desk reporting", svc.ReportMeasure(ctx, desk, c.ID, caseVersion(t, svc, c.ID), m1, service.Evidence{Text: "done"}), kscheck.EForbidden, "initiator")
		refused(t, "review before a report", svc.ReviewMeasure(ctx, desk, c.ID, caseVersion(t, svc, c.ID), m1, true, ""), kscheck.EInvalid, "not been reported")
		if err := svc.ReportMeasure(ctx, eva, c.ID, caseVersion(t, svc, c.ID), m1, service.Evidence{Text: "Network separated, see the IT ticket.", FileName: "ticket.txt", File: []byte("IT-4711 closed")}); err != nil {
			t.Fatal(err)
		}
		refused(t, "the initiator accepting", svc.ReviewMeasure(ctx, eva, c.ID, caseVersion(t, svc, c.ID), m1, true, ""), kscheck.EForbidden, "Advice Desk")
		refused(t, "a send-back without a note", svc.ReviewMeasure(ctx, desk, c.ID, caseVersion(t, svc, c.ID), m1, false, ""), kscheck.EInvalid, "note")
		if err := svc.ReviewMeasure(ctx, desk, c.ID, caseVersion(t, svc, c.ID), m1, false, "The ticket does not cover the guest Wi-Fi."); err != nil {
			t.Fatal(err)
		}
		if err := svc.ReportMeasure(ctx, eva, c.ID, caseVersion(t, svc, c.ID), m1, service.Evidence{Text: "Guest Wi-Fi separated too."}); err != nil {
			t.Fatal(err)
		}
		if err := svc.ReviewMeasure(ctx, desk2, c.ID, caseVersion(t, svc, c.ID), m1, true, ""); err != nil {
			t.Fatal(err)
		}
		v, _ = svc.Case(ctx, eva, c.ID)
		if v.Measures[0].Status != kscheck.MeasureDone || v.Measures[0].EvidenceAttachment == 0 && v.Measures[0].Evidence == "" {
			t.Errorf("measure after acceptance: %+v", v.Measures[0])
		}

		// The second measure passes its due date: the Desk sees it, and
		// the initiator and the Desk get one reminder.
		box.news()
		now = due.Add(36 * time.Hour)
		over, err := svc.OverdueMeasures(ctx, desk)
		if err != nil || len(over) != 1 || over[0].Measure.ID != m2 {
			t.Fatalf("overdue measures %+v, %v", over, err)
		}
		if _, err := svc.QueueDeadlineNotices(ctx); err != nil {
			t.Fatal(err)
		}
		if r := recipients(box.news()); strings.Join(r, ",") != "desk,desk2,initiator" {
			t.Errorf("reminders to %v", r)
		}
		if _, err := svc.QueueDeadlineNotices(ctx); err != nil {
			t.Fatal(err)
		}
		if n := box.news(); len(n) != 0 {
			t.Errorf("the reminder went out twice: %v", recipients(n))
		}
	})
}

// Rule 6: the coordinator assigns a check to a Desk person; the queue
// shows who has it and filters on it.
func TestAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, desk, desk2 := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org")
		c := answered(t, svc, eva, true)
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActSubmitToDesk})
		answered(t, svc, eva, true) // a second check, never assigned
		refused(t, "an adviser assigning", svc.AssignCase(ctx, desk2, c.ID, caseVersion(t, svc, c.ID), desk2.Person.ID), kscheck.EForbidden, "coordinator")
		refused(t, "assigning outside the Desk", svc.AssignCase(ctx, desk, c.ID, caseVersion(t, svc, c.ID), eva.Person.ID), kscheck.EInvalid, "Advice Desk")
		if err := svc.AssignCase(ctx, desk, c.ID, caseVersion(t, svc, c.ID), desk2.Person.ID); err != nil {
			t.Fatal(err)
		}
		mine, _, err := svc.DeskQueue(ctx, desk2, kscheck.CaseFilter{Assignee: desk2.Person.ID})
		if err != nil || len(mine) != 1 || mine[0].ID != c.ID || mine[0].Assignee != desk2.Person.Name {
			t.Fatalf("desk2's queue: %+v, %v", mine, err)
		}
		if none, _, _ := svc.DeskQueue(ctx, desk, kscheck.CaseFilter{Assignee: desk.Person.ID}); len(none) != 0 {
			t.Errorf("the coordinator's own queue lists %d checks", len(none))
		}
	})
}
