package kscheck

import (
	"slices"
	"strings"
	"time"
)

// State is where a case stands in its lifecycle.
type State string

// The states of a case.
const (
	StateDraft            State = "draft"             // initiator describes it and answers the flowchart
	StateSupplementary    State = "supplementary"     // a "yes": supplementary questionnaire
	StateAdviceRequested  State = "advice_requested"  // waiting for the faculty adviser's advice
	StateAwaitingDirector State = "awaiting_director" // the institute director co-assesses
	StateCleared          State = "cleared"           // recorded and co-signed: it may start
	StateSubmitted        State = "submitted"         // submitted to the Advice Desk
	StateIntake           State = "intake"            // accepted by the Desk; dossier being compiled
	StateDeskReview       State = "desk_review"       // first Desk review done; awaits the second pair of eyes
	StateCommittee        State = "committee"         // before the Knowledge Security Committee
	StatePostponed        State = "postponed"         // verdict: more information needed
	StateDecided          State = "decided"           // verdict: start, with mitigation, or do not start
	StateWithdrawn        State = "withdrawn"         // withdrawn by the initiator
)

// States lists every state in lifecycle order.
var States = []State{
	StateDraft, StateSupplementary, StateAdviceRequested, StateAwaitingDirector,
	StateCleared, StateSubmitted, StateIntake, StateDeskReview, StateCommittee,
	StatePostponed, StateDecided, StateWithdrawn,
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// AwaitsVerdict reports whether the Committee's clock runs in s.
func (s State) AwaitsVerdict() bool {
	return s == StateIntake || s == StateDeskReview || s == StateCommittee
}

// Open reports whether the case is still in progress (not cleared, decided
// or withdrawn).
func (s State) Open() bool {
	return s != StateCleared && s != StateDecided && s != StateWithdrawn
}

// Action is something a person does to a case that moves it along.
type Action string

// The actions of the lifecycle.
const (
	ActStartSupplementary Action = "start_supplementary"     // initiator: a "yes" → supplementary questionnaire
	ActRequestAdvice      Action = "request_advice"          // initiator: ask the faculty adviser for advice
	ActGiveAdvice         Action = "give_advice"             // faculty adviser: advice recorded
	ActRequestCosign      Action = "request_cosign"          // initiator: hand the self-assessment to the director
	ActSendBack           Action = "send_back"               // director: back to the initiator with a comment
	ActCosignClear        Action = "cosign_clear"            // director: co-sign the cleared self-assessment
	ActSubmitToDesk       Action = "submit_to_desk"          // director: co-submit to the Advice Desk
	ActAcceptIntake       Action = "accept_intake"           // Desk: complete; the clock starts
	ActReturnIncomplete   Action = "return_incomplete"       // Desk: incomplete, back to the initiator
	ActFirstReview        Action = "first_review"            // Desk: dossier ready, first pair of eyes
	ActSecondReview       Action = "second_review"           // Desk: second, different person; to the Committee
	ActExternalAdvice     Action = "request_external_advice" // Committee: deadline 4 → 6 weeks
	ActVerdict            Action = "verdict"                 // chair: record the binding verdict
	ActResubmit           Action = "resubmit"                // initiator: answer a postponement
	ActWithdraw           Action = "withdraw"                // initiator: withdraw the check
	ActReassess           Action = "reassess"                // Desk: re-assess a cleared or decided case
)

// transition is one edge of the state machine: from any of From, the action
// leads to To (StateNone in To means "decided by the action's input", as for
// the verdict), if the actor holds one of Roles in the required capacity.
type transition struct {
	From  []State
	To    State
	Roles []Role
}

var openStates = []State{
	StateDraft, StateSupplementary, StateAdviceRequested, StateAwaitingDirector,
	StateSubmitted, StateIntake, StateDeskReview, StateCommittee, StatePostponed,
}

var deskRoles = []Role{RoleDeskCoordinator, RoleDeskAdviser}

// transitions is the whole lifecycle. Target states that depend on input
// (verdict, reassess) are resolved in Next.
var transitions = map[Action]transition{
	ActStartSupplementary: {[]State{StateDraft}, StateSupplementary, []Role{RoleInitiator}},
	ActRequestAdvice:      {[]State{StateDraft, StateSupplementary}, StateAdviceRequested, []Role{RoleInitiator}},
	ActGiveAdvice:         {[]State{StateAdviceRequested}, StateSupplementary, []Role{RoleFacultyAdviser}},
	ActRequestCosign:      {[]State{StateDraft, StateSupplementary}, StateAwaitingDirector, []Role{RoleInitiator}},
	ActSendBack:           {[]State{StateAwaitingDirector}, StateDraft, []Role{RoleDirector}},
	ActCosignClear:        {[]State{StateAwaitingDirector}, StateCleared, []Role{RoleDirector}},
	ActSubmitToDesk:       {[]State{StateAwaitingDirector}, StateSubmitted, []Role{RoleDirector}},
	ActAcceptIntake:       {[]State{StateSubmitted}, StateIntake, deskRoles},
	ActReturnIncomplete:   {[]State{StateSubmitted}, StateDraft, deskRoles},
	ActFirstReview:        {[]State{StateIntake}, StateDeskReview, deskRoles},
	ActSecondReview:       {[]State{StateDeskReview}, StateCommittee, deskRoles},
	ActExternalAdvice:     {[]State{StateCommittee}, StateCommittee, []Role{RoleCommitteeChair, RoleCommitteeMember}},
	ActVerdict:            {[]State{StateCommittee}, "", []Role{RoleCommitteeChair}},
	ActResubmit:           {[]State{StatePostponed}, StateSubmitted, []Role{RoleInitiator}},
	ActWithdraw:           {openStates, StateWithdrawn, []Role{RoleInitiator}},
	ActReassess:           {[]State{StateCleared, StateDecided}, "", deskRoles},
}

// Actions lists every action in lifecycle order.
var Actions = []Action{
	ActStartSupplementary, ActRequestAdvice, ActGiveAdvice, ActRequestCosign,
	ActSendBack, ActCosignClear, ActSubmitToDesk, ActAcceptIntake,
	ActReturnIncomplete, ActFirstReview, ActSecondReview, ActExternalAdvice,
	ActVerdict, ActResubmit, ActWithdraw, ActReassess,
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool { _, ok := transitions[a]; return ok }

// Input carries what some actions need besides the actor: the verdict and
// its text for ActVerdict, a comment for ActSendBack, ActReturnIncomplete
// and ActReassess.
type Input struct {
	Verdict  Verdict
	Text     string
	Measures int // number of imposed measures that come with the verdict
}

// Next checks whether actor may take action on c with input, and returns the
// state the case moves to. It only decides; the caller applies the change
// (see Apply). Errors name the state and what is allowed instead.
func Next(actor Actor, c *Case, action Action, in Input) (State, error) {
	t, ok := transitions[action]
	if !ok {
		return "", Errorf(EInvalid, "unknown action %q", action).Translated("err.transition.unknown_action")
	}
	if !slices.Contains(t.From, c.State) {
		return "", Errorf(EInvalid, "cannot %s: the case is %s; allowed now: %s",
			action.Term(), c.State.Term(), allowedList(c.State)).Translated("err.transition.not_now")
	}
	if !mayAct(actor, c, t.Roles) {
		return "", Errorf(EForbidden, "you may not %s on this case: it needs %s", action.Term(), roleList(t.Roles)).Translated("err.transition.role_needed")
	}
	if err := checkDuties(actor, c, action); err != nil {
		return "", err
	}
	switch action {
	case ActStartSupplementary:
		if c.Route == RouteNone || c.Route == RouteCleared {
			return "", Errorf(EInvalid, "the supplementary questionnaire is needed only after a \"yes\" in the flowchart").Translated("err.transition.supplementary_not_needed")
		}
	case ActRequestCosign:
		if c.Route == RouteNone {
			return "", Errorf(EInvalid, "answer the flowchart before handing the check to the director").Translated("err.transition.flowchart_first")
		}
		if c.State == StateDraft && c.Route != RouteCleared {
			return "", Errorf(EInvalid, "the flowchart has a \"yes\": fill in the supplementary questionnaire first").Translated("err.transition.supplementary_first")
		}
	case ActCosignClear:
		if c.Route == RouteCommittee {
			return "", Errorf(EInvalid, "the answers call for the Committee (for example a legal stop): the check must be submitted to the Advice Desk").Translated("err.transition.committee_needed")
		}
		if c.InDoubt {
			return "", Errorf(EInvalid, "initiator or director is in doubt: the policy requires submitting the check to the Advice Desk").Translated("err.transition.doubt")
		}
	case ActSendBack, ActReturnIncomplete:
		if strings.TrimSpace(in.Text) == "" {
			return "", Errorf(EInvalid, "say what needs to change: a comment is required to send the check back").Translated("err.transition.comment_needed")
		}
	case ActVerdict:
		if !in.Verdict.Valid() {
			return "", Errorf(EInvalid, "choose one of the four verdicts: start, postponed, start with mitigation measures, do not start").Translated("err.transition.choose_verdict")
		}
		if in.Verdict == VerdictWithMitigation && in.Measures == 0 {
			return "", Errorf(EInvalid, "a verdict \"start with mitigation measures\" needs at least one measure").Translated("err.transition.measure_needed")
		}
		if in.Verdict == VerdictPostponed && strings.TrimSpace(in.Text) == "" {
			return "", Errorf(EInvalid, "say which information is needed: a postponement requires a request to the initiator").Translated("err.transition.postpone_request")
		}
		if in.Verdict == VerdictPostponed {
			return StatePostponed, nil
		}
		return StateDecided, nil
	case ActReassess:
		if strings.TrimSpace(in.Text) == "" {
			return "", Errorf(EInvalid, "give the reason for the re-assessment (periodic review, new screening hit, …)").Translated("err.transition.reassess_reason")
		}
		if c.State == StateCleared {
			return StateDraft, nil
		}
		return StateIntake, nil
	}
	return t.To, nil
}

// Apply moves c to state `to` after action, updating the bookkeeping fields
// that the lifecycle keeps (clock, reviewers, verdict). It does not check
// anything: call Next first.
func Apply(c *Case, actor Actor, action Action, to State, in Input, now Clock) {
	t := now()
	switch action {
	case ActSubmitToDesk, ActResubmit:
		if action == ActSubmitToDesk {
			c.CosignerID = actor.Person.ID
		}
		c.SubmittedAt = &t
		c.AcceptedAt = nil // the clock restarts on acceptance
		c.FirstReviewerID = 0
		c.Verdict, c.VerdictAt, c.VerdictText = "", nil, ""
	case ActAcceptIntake:
		c.AcceptedAt = &t
	case ActFirstReview:
		c.FirstReviewerID = actor.Person.ID
	case ActCosignClear:
		c.CosignerID = actor.Person.ID
	case ActGiveAdvice:
		c.AdviserID = actor.Person.ID
	case ActSecondReview:
		c.ReachedCommittee = true
	case ActExternalAdvice:
		c.ExternalAdvice = true
	case ActVerdict:
		c.Verdict, c.VerdictAt, c.VerdictText = in.Verdict, &t, in.Text
	case ActReassess:
		c.FirstReviewerID = 0
		if to == StateIntake {
			c.AcceptedAt = &t
			c.ExternalAdvice = false
		}
	case ActReturnIncomplete, ActSendBack:
		c.InDoubt = false
	}
	c.State = to
	c.UpdatedAt = t
}

// Clock returns the current time; injected so that deadlines can be tested.
type Clock func() time.Time

// Allowed returns the actions actor may take on c now, in lifecycle order.
// Input-dependent checks (comments, verdicts) are left to Next.
func Allowed(actor Actor, c *Case) []Action {
	var out []Action
	for _, a := range Actions {
		t := transitions[a]
		if !slices.Contains(t.From, c.State) || !mayAct(actor, c, t.Roles) {
			continue
		}
		probe := Input{Verdict: VerdictStart, Text: "-", Measures: 1}
		if _, err := Next(actor, c, a, probe); err != nil {
			continue
		}
		out = append(out, a)
	}
	return out
}

// allowedList names the actions that the state s allows, or says that
// none does.
func allowedList(s State) any {
	var names []Term
	for _, a := range Actions {
		if slices.Contains(transitions[a].From, s) {
			names = append(names, a.Term())
		}
	}
	if len(names) == 0 {
		return Term{Key: "err.transition.nothing_allowed", Text: "nothing (the case is closed)"}
	}
	return Terms{List: names}
}

// Term names the action in an error message; its key is i18n's for the
// action, so that pages show the same name as on the action's button.
func (a Action) Term() Term {
	return valueTerm("action", a)
}

// Term names the state in an error message (see Action.Term).
func (s State) Term() Term {
	return valueTerm("state", s)
}

// Term names the role in an error message (see Action.Term).
func (r Role) Term() Term {
	return valueTerm("role", r)
}

func roleList(rs []Role) Terms {
	names := make([]Term, len(rs))
	for i, r := range rs {
		names[i] = r.Term()
	}
	return Terms{List: names, Or: true}
}
