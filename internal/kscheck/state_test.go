package kscheck

import (
	"strings"
	"testing"
	"time"
)

func TestLifecycleWalk(t *testing.T) {
	now := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	initiator, director := personas[0].actor, personas[2].actor
	adviser, desk1, desk2 := personas[4].actor, personas[6].actor, personas[7].actor
	chair, member := personas[8].actor, personas[9].actor

	c := &Case{ID: 1, State: StateDraft, UnitPath: []string{"leiden", "science", "liacs"}, InitiatorID: 1, Route: RouteSupplementary}
	steps := []struct {
		actor  Actor
		action Action
		in     Input
		want   State
	}{
		{initiator, ActStartSupplementary, Input{}, StateSupplementary},
		{initiator, ActRequestAdvice, Input{}, StateAdviceRequested},
		{adviser, ActGiveAdvice, Input{Text: "consider a contract clause"}, StateSupplementary},
		{initiator, ActRequestCosign, Input{}, StateAwaitingDirector},
		{director, ActSubmitToDesk, Input{}, StateSubmitted},
		{desk1, ActAcceptIntake, Input{}, StateIntake},
		{desk1, ActFirstReview, Input{}, StateDeskReview},
		{desk2, ActSecondReview, Input{}, StateCommittee},
		{member, ActExternalAdvice, Input{}, StateCommittee},
		{chair, ActVerdict, Input{Verdict: VerdictPostponed, Text: "which lab?"}, StatePostponed},
		{initiator, ActResubmit, Input{}, StateSubmitted},
		{desk2, ActAcceptIntake, Input{}, StateIntake},
		{desk2, ActFirstReview, Input{}, StateDeskReview},
		{desk1, ActSecondReview, Input{}, StateCommittee},
		{chair, ActVerdict, Input{Verdict: VerdictWithMitigation, Measures: 2}, StateDecided},
		{desk1, ActReassess, Input{Text: "new screening hit"}, StateIntake},
	}
	for i, st := range steps {
		to, err := Next(st.actor, c, st.action, st.in)
		if err != nil {
			t.Fatalf("step %d %s: %v", i+1, st.action, err)
		}
		if to != st.want {
			t.Fatalf("step %d %s: to %s, want %s", i+1, st.action, to, st.want)
		}
		Apply(c, st.actor, st.action, to, st.in, clock)
		now = now.Add(24 * time.Hour)
		if st.action == ActExternalAdvice {
			if d := c.Deadline(); d == nil || d.Sub(*c.AcceptedAt) != 42*24*time.Hour {
				t.Fatalf("external advice: deadline %v, want 6 weeks after acceptance", d)
			}
		}
		if st.action == ActResubmit && (c.AcceptedAt != nil || c.Deadline() != nil) {
			t.Fatal("resubmission must restart the clock")
		}
	}
	if c.Verdict != VerdictWithMitigation || !c.ReachedCommittee {
		t.Errorf("verdict bookkeeping: %+v", c)
	}
}

func TestTransitionErrors(t *testing.T) {
	initiator, director := personas[0].actor, personas[2].actor
	desk1, chair := personas[6].actor, personas[8].actor
	tests := []struct {
		name   string
		state  State
		route  Route
		doubt  bool
		actor  Actor
		action Action
		in     Input
		code   Code
		say    string
	}{
		{"illegal from draft", StateDraft, RouteCleared, false, initiator, ActResubmit, Input{}, EInvalid, "the case is draft; allowed now: start supplementary"},
		{"wrong role", StateAwaitingDirector, RouteCleared, false, initiator, ActCosignClear, Input{}, EForbidden, "it needs director"},
		{"other institute's director", StateAwaitingDirector, RouteCleared, false, personas[3].actor, ActCosignClear, Input{}, EForbidden, ""},
		{"flowchart not answered", StateDraft, RouteNone, false, initiator, ActRequestCosign, Input{}, EInvalid, "answer the flowchart"},
		{"yes needs supplementary", StateDraft, RouteSupplementary, false, initiator, ActRequestCosign, Input{}, EInvalid, "supplementary questionnaire first"},
		{"no yes, no supplementary", StateDraft, RouteCleared, false, initiator, ActStartSupplementary, Input{}, EInvalid, "only after a \"yes\""},
		{"legal stop cannot be cleared", StateAwaitingDirector, RouteCommittee, false, director, ActCosignClear, Input{}, EInvalid, "must be submitted"},
		{"doubt cannot be cleared", StateAwaitingDirector, RouteSupplementary, true, director, ActCosignClear, Input{}, EInvalid, "in doubt"},
		{"send back needs a comment", StateAwaitingDirector, RouteCleared, false, director, ActSendBack, Input{Text: "  "}, EInvalid, "comment is required"},
		{"four eyes", StateDeskReview, RouteSupplementary, false, desk1, ActSecondReview, Input{}, EForbidden, "four-eyes"},
		{"no verdict", StateCommittee, RouteSupplementary, false, chair, ActVerdict, Input{}, EInvalid, "one of the four verdicts"},
		{"mitigation without measures", StateCommittee, RouteSupplementary, false, chair, ActVerdict, Input{Verdict: VerdictWithMitigation}, EInvalid, "at least one measure"},
		{"postponed without request", StateCommittee, RouteSupplementary, false, chair, ActVerdict, Input{Verdict: VerdictPostponed}, EInvalid, "requires a request"},
		{"member cannot decide", StateCommittee, RouteSupplementary, false, personas[9].actor, ActVerdict, Input{Verdict: VerdictStart}, EForbidden, "committee chair"},
		{"closed case", StateWithdrawn, RouteSupplementary, false, initiator, ActWithdraw, Input{}, EInvalid, "nothing (the case is closed)"},
		{"unknown action", StateDraft, RouteSupplementary, false, initiator, Action("launch"), Input{}, EInvalid, "unknown action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := caseIn(tt.state)
			c.Route, c.InDoubt = tt.route, tt.doubt
			_, err := Next(tt.actor, c, tt.action, tt.in)
			if ErrorCode(err) != tt.code {
				t.Fatalf("error %v (code %q), want code %q", err, ErrorCode(err), tt.code)
			}
			if !strings.Contains(ErrorMessage(err), tt.say) {
				t.Errorf("message %q does not say %q", ErrorMessage(err), tt.say)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	acc := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	c := &Case{State: StateCommittee, AcceptedAt: &acc}
	if c.Overdue(acc.Add(27 * 24 * time.Hour)) {
		t.Error("overdue before 4 weeks")
	}
	if !c.Overdue(acc.Add(29 * 24 * time.Hour)) {
		t.Error("not overdue after 4 weeks")
	}
	c.ExternalAdvice = true
	if c.Overdue(acc.Add(29 * 24 * time.Hour)) {
		t.Error("overdue after 4 weeks although external advice gives 6")
	}
	c.State = StateDecided
	if c.Overdue(acc.Add(100 * 24 * time.Hour)) {
		t.Error("a decided case is overdue")
	}
}

func TestAuditChain(t *testing.T) {
	at := time.Date(2025, 4, 1, 9, 0, 0, 123456789, time.UTC)
	var prev *AuditEntry
	var chain []AuditEntry
	for i := 0; i < 3; i++ {
		e := AuditEntry{At: at, ActorID: 1, ActorName: "A", Action: "x", CaseID: 1, Detail: "{}"}
		e.Seal(prev)
		chain = append(chain, e)
		prev = &chain[len(chain)-1]
	}
	for i := range chain {
		var p *AuditEntry
		if i > 0 {
			p = &chain[i-1]
		}
		if why := VerifyLink(p, chain[i]); why != "" {
			t.Fatalf("intact entry %d: %s", i+1, why)
		}
	}
	altered := chain[1]
	altered.Detail = `{"verdict":"start"}`
	if VerifyLink(&chain[0], altered) == "" {
		t.Error("an altered entry passes")
	}
	if VerifyLink(&chain[0], chain[2]) == "" {
		t.Error("a removed entry goes unnoticed")
	}
}
