package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// atCommittee takes a new check, in doubt, through the Desk's intake and
// both reviews to the Committee.
func atCommittee(t *testing.T, svc *service.Service, who func(string) kscheck.Actor) *kscheck.Case {
	t.Helper()
	ctx := context.Background()
	eva, marc := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org")
	desk, desk2 := who("desk@demo.kscheck.org"), who("desk2@demo.kscheck.org")
	c := answered(t, svc, eva, true)
	var err error
	steps := []struct {
		by     kscheck.Actor
		action kscheck.Action
	}{{eva, kscheck.ActRequestCosign}, {marc, kscheck.ActSubmitToDesk}}
	for _, st := range steps {
		if c, err = svc.Act(ctx, st.by, c.ID, c.Version, st.action, service.ActInput{}); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	if c, err = svc.AcceptIntake(ctx, desk, c.ID, c.Version, service.IntakeChecklist); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		by     kscheck.Actor
		action kscheck.Action
	}{{desk, kscheck.ActFirstReview}, {desk2, kscheck.ActSecondReview}} {
		if c, err = svc.Act(ctx, st.by, c.ID, c.Version, st.action, service.ActInput{}); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
	}
	return c
}

// draft starts a check as the demo initiator, who is returned with it.
func draft(t *testing.T, svc *service.Service, who func(string) kscheck.Actor) (kscheck.Actor, *kscheck.Case) {
	t.Helper()
	eva := who("initiator@demo.kscheck.org")
	c, err := svc.StartCase(context.Background(), eva, service.NewCase{Title: "Lab exchange", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	return eva, c
}

// TestVersionIsRequired: a change without the version the person saw, or
// with a garbled one, is refused; it never means "do not check".
func TestVersionIsRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, c := draft(t, svc, who)
		changes := []struct {
			name   string
			change func(v int64) error
		}{
			{"edit", func(v int64) error {
				_, err := svc.EditCase(ctx, eva, c.ID, v, service.Edit{Title: "Lab exchange 2", Kind: kscheck.KindResearchCollaboration})
				return err
			}},
			{"answers", func(v int64) error {
				_, err := svc.SaveAnswers(ctx, eva, c.ID, v, map[string]any{}, false)
				return err
			}},
			{"add partner", func(v int64) error {
				_, err := svc.AddPartner(ctx, eva, c.ID, v, &kscheck.Partner{Name: "Delft Lab", Type: kscheck.PartnerOrganization, Country: "NL"})
				return err
			}},
			{"post", func(v int64) error {
				return svc.Post(ctx, eva, c.ID, v, kscheck.MsgQuestion, "Does this count?")
			}},
			{"propose measure", func(v int64) error {
				return svc.ProposeMeasures(ctx, eva, c.ID, v, []service.MeasureInput{{Text: "Separate network."}})
			}},
			{"attach", func(v int64) error {
				_, err := svc.AddAttachment(ctx, eva, c.ID, v, "notes.txt", []byte("plain notes\n"))
				return err
			}},
			{"withdraw", func(v int64) error {
				_, err := svc.Act(ctx, eva, c.ID, v, kscheck.ActWithdraw, service.ActInput{})
				return err
			}},
		}
		for _, ch := range changes {
			if err := ch.change(0); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("%s without a version: %v, want it refused as invalid", ch.name, err)
			}
			if err := ch.change(caseVersion(t, svc, c.ID) + 7); kscheck.ErrorCode(err) != kscheck.EConflict {
				t.Errorf("%s on a stale version: %v, want a conflict", ch.name, err)
			}
		}
		// The withdrawal comes last: after it, nothing may change.
		for _, ch := range changes {
			if err := ch.change(caseVersion(t, svc, c.ID)); err != nil {
				t.Errorf("%s on the current version: %v", ch.name, err)
			}
		}
	})
}

// TestRemovingAbsentPartner: a partner that is not on the case is not
// found, and nothing is written to the trail.
func TestRemovingAbsentPartner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, c := draft(t, svc, who)
		before, _ := s.CaseHistory(ctx, c.ID)
		if _, err := svc.RemovePartner(ctx, eva, c.ID, c.Version, 987654); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("removing a partner not on the case: %v, want not found", err)
		}
		after, _ := s.CaseHistory(ctx, c.ID)
		if len(after) != len(before) {
			t.Errorf("the trail grew from %d to %d entries", len(before), len(after))
		}
	})
}

// TestInitiatorHistoryHidesCommitteeSteps: the initiator's history shows
// neither the Committee's deliberation nor the Desk's notes, while the
// Committee sees them.
func TestInitiatorHistoryHidesCommitteeSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		c := atCommittee(t, svc, who)
		chair, desk := who("chair@demo.kscheck.org"), who("desk@demo.kscheck.org")
		if err := svc.Post(ctx, desk, c.ID, caseVersion(t, svc, c.ID), kscheck.MsgDeskNote, "Partner looks fine."); err != nil {
			t.Fatal(err)
		}
		if err := svc.Post(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.MsgDeliberation, "Discussed on Monday."); err != nil {
			t.Fatal(err)
		}
		internal := func(h []kscheck.AuditEntry) (n int) {
			for _, e := range h {
				if strings.Contains(e.Action, "deliberation") || strings.Contains(e.Action, "desk_note") {
					n++
				}
			}
			return n
		}
		v, err := svc.Case(ctx, who("initiator@demo.kscheck.org"), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := internal(v.History); n != 0 {
			t.Errorf("the initiator's history shows %d internal steps of the Desk and the Committee", n)
		}
		if v, err = svc.Case(ctx, chair, c.ID); err != nil || internal(v.History) != 2 {
			t.Errorf("the chair's history lacks the internal steps: %v", err)
		}
	})
}

// TestTextLimitsAndEncoding: oversized texts, NUL bytes and invalid UTF-8
// are refused with a message on both databases, and nothing is written.
func TestTextLimitsAndEncoding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva := who("initiator@demo.kscheck.org")
		huge := strings.Repeat("long text ", 90_000) // 900 KB
		for _, bad := range []string{huge, "nul\x00byte", "bad \xff\xfe utf-8"} {
			if _, err := svc.StartCase(ctx, eva, service.NewCase{Title: bad, Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"}); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("title %.20q: %v, want invalid", bad, err)
			}
			if _, err := svc.StartCase(ctx, eva, service.NewCase{Title: "ok", Description: bad, Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"}); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("description %.20q: %v, want invalid", bad, err)
			}
		}
		c := atCommittee(t, svc, who)
		desk := who("desk@demo.kscheck.org")
		before, _ := s.CaseHistory(ctx, c.ID)
		for _, bad := range []string{huge, "nul\x00byte", "bad \xff\xfe utf-8"} {
			if err := svc.Post(ctx, eva, c.ID, c.Version, kscheck.MsgQuestion, bad); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("question %.20q: %v, want invalid", bad, err)
			}
			if _, err := svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActWithdraw, service.ActInput{Text: bad}); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("withdrawal text %.20q: %v, want invalid", bad, err)
			}
			if err := svc.ResolveHit(ctx, desk, c.ID, c.Version, 1, false, bad); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("adjudication reason %.20q: %v, want invalid", bad, err)
			}
			if err := svc.ProposeMeasures(ctx, eva, c.ID, c.Version, []service.MeasureInput{{Text: bad}}); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("measure %.20q: %v, want invalid", bad, err)
			}
			if _, _, err := svc.ListCases(ctx, eva, kscheck.CaseFilter{Text: bad}); kscheck.ErrorCode(err) != kscheck.EInvalid {
				t.Errorf("search %.20q: %v, want invalid", bad, err)
			}
		}
		if _, _, err := svc.ListCases(ctx, eva, kscheck.CaseFilter{Text: strings.Repeat("ab%_", 12_500)}); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("a 50,000-character search: %v, want invalid", err)
		}
		after, _ := s.CaseHistory(ctx, c.ID)
		if len(after) != len(before) {
			t.Errorf("refused input wrote %d entries to the trail", len(after)-len(before))
		}
	})
}
