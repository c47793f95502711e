package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/store"
)

// Notifications is how the service words e-mail notices: each is composed
// in its recipient's language and links to the case under BaseURL. The
// messages are put into the outbox in the transaction of the change they
// report (see queueNotices), so a change that fails queues nothing and a
// committed one never loses its mail.
type Notifications struct {
	BaseURL string // e.g. https://kscheck.example.org; links are BaseURL/cases/ID
	I18n    *i18n.Bundle
}

// audience is a group of people a notice goes to, found from the case.
type audience string

const (
	toInitiator audience = "initiator"        // the initiator of the case
	toDirectors audience = "director"         // directors of the case's institute (or above)
	toAdvisers  audience = "faculty_adviser"  // the faculty's knowledge security advisers
	toDesk      audience = "desk"             // Advice Desk coordinators and advisers
	toChair     audience = "committee_chair"  // the Committee's chair
	toMembers   audience = "committee_member" // the Committee's other members
)

// rule is one notice of a change: who gets it and what it says. Step
// names what the recipient has to do (EventActionNeeded) or what was done
// (EventStepTaken). Recipients must be able to see the case, except for
// alert rules: those reach the role holders who answer for a case before
// it is theirs to read (re-screening hits, deadlines), as the Desk's
// alert list does.
type rule struct {
	to    audience
	event notify.Event
	step  func(*kscheck.Case) kscheck.Action
	alert bool
}

// step returns a fixed action for rule.step.
func step(a kscheck.Action) func(*kscheck.Case) kscheck.Action {
	return func(*kscheck.Case) kscheck.Action { return a }
}

// directorStep is what the director is asked to do with a self-assessment:
// co-sign it, or, when the answers call for the Committee or someone is in
// doubt, submit it to the Advice Desk.
func directorStep(c *kscheck.Case) kscheck.Action {
	if c.Route == kscheck.RouteCommittee || c.InDoubt {
		return kscheck.ActSubmitToDesk
	}
	return kscheck.ActCosignClear
}

// rules says who hears of which change, by the audit trail's name of the
// change: the people who must act next, and those who need to know. The
// actor never hears of their own change, and a person named twice gets
// the first notice only.
var rules = map[string][]rule{
	string(kscheck.ActRequestAdvice):              {{to: toAdvisers, event: notify.EventActionNeeded, step: step(kscheck.ActGiveAdvice)}},
	string(kscheck.ActGiveAdvice):                 {{to: toInitiator, event: notify.EventAdvice}},
	string(kscheck.ActRequestCosign):              {{to: toDirectors, event: notify.EventActionNeeded, step: directorStep}},
	string(kscheck.ActSendBack):                   {{to: toInitiator, event: notify.EventStepTaken, step: step(kscheck.ActSendBack)}},
	string(kscheck.ActCosignClear):                {{to: toInitiator, event: notify.EventStateChanged}},
	string(kscheck.ActSubmitToDesk):               {{to: toDesk, event: notify.EventActionNeeded, step: step(kscheck.ActAcceptIntake)}, {to: toInitiator, event: notify.EventStateChanged}},
	string(kscheck.ActResubmit):                   {{to: toDesk, event: notify.EventActionNeeded, step: step(kscheck.ActAcceptIntake)}},
	string(kscheck.ActAcceptIntake):               {{to: toInitiator, event: notify.EventStateChanged}},
	string(kscheck.ActReturnIncomplete):           {{to: toInitiator, event: notify.EventStepTaken, step: step(kscheck.ActReturnIncomplete)}, {to: toDirectors, event: notify.EventStepTaken, step: step(kscheck.ActReturnIncomplete)}},
	string(kscheck.ActFirstReview):                {{to: toDesk, event: notify.EventActionNeeded, step: step(kscheck.ActSecondReview)}},
	string(kscheck.ActSecondReview):               {{to: toChair, event: notify.EventActionNeeded, step: step(kscheck.ActVerdict)}, {to: toMembers, event: notify.EventStateChanged}},
	string(kscheck.ActExternalAdvice):             {{to: toChair, event: notify.EventStepTaken, step: step(kscheck.ActExternalAdvice)}},
	string(kscheck.ActVerdict):                    {{to: toInitiator, event: notify.EventVerdict}, {to: toDirectors, event: notify.EventVerdict}, {to: toDesk, event: notify.EventVerdict}},
	string(kscheck.ActWithdraw):                   {{to: toDesk, event: notify.EventStepTaken, step: step(kscheck.ActWithdraw)}, {to: toChair, event: notify.EventStepTaken, step: step(kscheck.ActWithdraw)}, {to: toMembers, event: notify.EventStepTaken, step: step(kscheck.ActWithdraw)}},
	string(kscheck.ActReassess):                   {{to: toInitiator, event: notify.EventStateChanged}},
	"case.message." + string(kscheck.MsgQuestion): {{to: toAdvisers, event: notify.EventQuestion}},
	"case.message." + string(kscheck.MsgAnswer):   {{to: toInitiator, event: notify.EventAnswer}},
	"case.screening.rescreen":                     {{to: toDesk, event: notify.EventScreeningHit, alert: true}},
}

// deadlineRules are the notices of a deadline that is near or has passed.
func deadlineRules(ev notify.Event) []rule {
	return []rule{{to: toDesk, event: ev, alert: true}, {to: toChair, event: ev, alert: true}}
}

// queueNotices queues the notices of a change recorded in the audit trail
// as action, inside the change's transaction. A re-screening notifies only
// when it found new or changed hits.
func (s *Service) queueNotices(ctx context.Context, tx *store.Tx, actor kscheck.Actor, action string, c *kscheck.Case, detail map[string]any) error {
	rs, ok := rules[action]
	if !ok || c == nil || s.Notifications == nil {
		return nil
	}
	if action == "case.screening.rescreen" {
		if n, _ := detail["new_or_changed"].(int); n == 0 {
			return nil
		}
	}
	_, err := s.queue(ctx, tx, actor, c, rs, notify.Notice{})
	return err
}

// queue composes and enqueues the notices of rules about c, each in its
// recipient's language; base carries what the event needs beyond the case
// (a deadline). It returns how many messages were queued.
func (s *Service) queue(ctx context.Context, tx *store.Tx, actor kscheck.Actor, c *kscheck.Case, rs []rule, base notify.Notice) (int, error) {
	seen := map[int64]bool{}
	if actor.Person.ID != 0 {
		seen[actor.Person.ID] = true // never the actor themselves
	}
	queued := 0
	for _, r := range rs {
		people, err := s.audience(ctx, tx, c, r.to)
		if err != nil {
			return queued, err
		}
		for _, p := range people {
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			if !r.alert {
				who, err := tx.Actor(ctx, p.ID)
				if err != nil {
					return queued, err
				}
				if !kscheck.Can(who, c, kscheck.PermView) {
					continue // need-to-know: not even the reference
				}
			}
			lang, err := tx.Language(ctx, p.ID)
			if err != nil {
				return queued, err
			}
			n := base
			n.Event, n.To, n.Name = r.event, p.Email, p.Name
			n.Reference, n.URL = reference(c), strings.TrimRight(s.Notifications.BaseURL, "/")+fmt.Sprintf("/cases/%d", c.ID)
			n.State, n.Verdict = c.State, c.Verdict
			if r.step != nil {
				n.Action = r.step(c)
			}
			m, err := notify.Compose(s.Notifications.I18n.Localizer(lang), n)
			if err != nil {
				return queued, fmt.Errorf("wording the %s notice of case %d: %w", r.event, c.ID, err)
			}
			if _, err := tx.Enqueue(ctx, c.ID, m, s.Now()); err != nil {
				return queued, err
			}
			queued++
		}
	}
	return queued, nil
}

// audience returns the active people of a group for case c.
func (s *Service) audience(ctx context.Context, tx *store.Tx, c *kscheck.Case, a audience) ([]*kscheck.Person, error) {
	switch a {
	case toInitiator:
		p, err := tx.Person(ctx, c.InitiatorID)
		if err != nil || !p.Active {
			return nil, err
		}
		return []*kscheck.Person{p}, nil
	case toDesk:
		coord, err := tx.PeopleWithRole(ctx, kscheck.RoleDeskCoordinator, c.UnitPath)
		if err != nil {
			return nil, err
		}
		advisers, err := tx.PeopleWithRole(ctx, kscheck.RoleDeskAdviser, c.UnitPath)
		return append(coord, advisers...), err
	}
	return tx.PeopleWithRole(ctx, kscheck.Role(a), c.UnitPath)
}

// reference is how people and mails name a case.
func reference(c *kscheck.Case) string { return fmt.Sprintf("KS-%d", c.ID) }
