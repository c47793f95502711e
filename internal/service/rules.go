package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// The rules of the procedure that depend on a case's data rather than on
// its state and the people involved (those are kscheck.Next and
// kscheck.Duties). They are checked in Act, in the transaction of the
// step, so no page or command can walk around them; docs/duties.md lists
// them with the separation of duties.

// needsScreeningResolved are the steps that wait until every screening
// candidate has been confirmed or dismissed.
var needsScreeningResolved = map[kscheck.Action]bool{
	kscheck.ActFirstReview: true, kscheck.ActSecondReview: true, kscheck.ActVerdict: true,
}

// needsAnswers are the hand-overs that need every required question of
// the flowchart and of the supplementary questionnaire answered.
var needsAnswers = map[kscheck.Action]bool{
	kscheck.ActRequestCosign: true, kscheck.ActCosignClear: true, kscheck.ActSubmitToDesk: true, kscheck.ActResubmit: true,
}

// checkData refuses action on c while the data the step depends on is
// not there: open screening candidates, blank required questions, or an
// intake checklist item that the case does not meet.
func (s *Service) checkData(ctx context.Context, tx *store.Tx, c *kscheck.Case, action kscheck.Action) error {
	if needsScreeningResolved[action] {
		open, err := tx.OpenCandidates(ctx, []int64{c.ID})
		if err != nil {
			return err
		}
		if names := open[c.ID]; len(names) > 0 {
			return kscheck.Errorf(kscheck.EInvalid, "%d screening candidate(s) are not resolved yet: %s. Confirm or dismiss each in the dossier's screening section, with a reason, before this step",
				len(names), strings.Join(names, "; ")).Translated("err.rule.open_candidates")
		}
	}
	if needsAnswers[action] {
		if blank, err := s.blankQuestions(c); err != nil || len(blank) > 0 {
			if err != nil {
				return err
			}
			return kscheck.Errorf(kscheck.EInvalid, "required questions are not answered yet: %s. Answer them on the flowchart's pages before handing the check on", strings.Join(blank, "; ")).Translated("err.rule.blank_questions")
		}
	}
	if action == kscheck.ActAcceptIntake {
		unmet, err := s.unmetIntake(ctx, tx, c)
		if err != nil {
			return err
		}
		if len(unmet) > 0 {
			return kscheck.Errorf(kscheck.EInvalid, "the check is not complete: %s. Return it as incomplete with a comment saying what is missing", strings.Join(unmet, "; ")).Translated("err.rule.incomplete")
		}
	}
	return nil
}

// blankQuestions names the required questions of c's procedure that are
// still blank.
func (s *Service) blankQuestions(c *kscheck.Case) ([]string, error) {
	p, err := s.ProcedureOf(c)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, q := range p.Unanswered(c.Answers) {
		out = append(out, fmt.Sprintf("%q", q.Text.In("en")))
	}
	return out, nil
}

// unmetIntake checks each item of the intake checklist against the case
// itself and says which are not met, so that the Desk's tick is never
// the only evidence.
func (s *Service) unmetIntake(ctx context.Context, tx *store.Tx, c *kscheck.Case) ([]string, error) {
	var unmet []string
	if strings.TrimSpace(c.Description) == "" {
		unmet = append(unmet, "the collaboration has no description")
	}
	partners, err := tx.CasePartners(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if len(partners) == 0 {
		unmet = append(unmet, "no partner is named")
	}
	p, err := s.ProcedureOf(c)
	if err != nil {
		return nil, err
	}
	ev := p.Evaluate(c.Answers)
	if !ev.Complete {
		unmet = append(unmet, "the flowchart is not complete")
	} else if blank, _ := s.blankQuestions(c); len(blank) > 0 {
		unmet = append(unmet, "the supplementary questionnaire is not answered: "+strings.Join(blank, "; "))
	}
	// Partners are screened when added; without a screening service
	// (an installation that screens elsewhere) there is nothing to check.
	if s.Screening != nil {
		runs, err := tx.LatestScreenings(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, pt := range partners {
			if _, ok := runs[pt.ID]; !ok {
				unmet = append(unmet, fmt.Sprintf("partner %s was never screened", pt.Name))
			}
		}
	}
	return unmet, nil
}

// rulesView adds to v what the rules show on a case's pages: open
// candidates, the decision record, the Committee for the verdict form,
// the Desk for the assignment form, and the assignee.
func (s *Service) rulesView(ctx context.Context, tx *store.Tx, actor kscheck.Actor, v *CaseView) error {
	c := v.Case
	open, err := tx.OpenCandidates(ctx, []int64{c.ID})
	if err != nil {
		return err
	}
	v.OpenCandidates = open[c.ID]
	if v.Decision, err = decisionOf(ctx, tx, c); err != nil {
		return err
	}
	if slices.Contains(v.Allowed, kscheck.ActVerdict) {
		members, err := s.committeeOf(ctx, tx, c)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.ID != actor.Person.ID && !slices.ContainsFunc(v.Committee, func(p *kscheck.Person) bool { return p.ID == m.ID }) &&
				!kscheck.Recused(kscheck.Actor{Person: *m}, c) {
				v.Committee = append(v.Committee, m)
			}
		}
	}
	if actor.Has(kscheck.RoleDeskCoordinator, c.UnitPath) && kscheck.Can(actor, c, kscheck.PermDossier) {
		if v.DeskPeople, err = deskPeople(ctx, tx, c); err != nil {
			return err
		}
	}
	if c.VerdictAt != nil {
		desk, err := tx.PeopleWithRole(ctx, kscheck.RoleDeskCoordinator, c.UnitPath)
		if err != nil {
			return err
		}
		if len(desk) > 0 {
			v.Contact = desk[0]
		}
	}
	if c.AssigneeID != 0 {
		p, err := tx.Person(ctx, c.AssigneeID)
		if err != nil {
			return err
		}
		v.Assignee = p.Name
	}
	return nil
}

// ReassessmentDate is when a collaboration that starts with mitigation
// measures is re-assessed: once the last measure is due, or a year after
// the verdict when no measure has a date.
func ReassessmentDate(c *kscheck.Case, measures []*kscheck.Measure) *time.Time {
	var last *time.Time
	for _, m := range measures {
		if m.Imposed && m.DueOn != nil && (last == nil || m.DueOn.After(*last)) {
			last = m.DueOn
		}
	}
	if last == nil && c.VerdictAt != nil {
		t := c.VerdictAt.AddDate(1, 0, 0)
		last = &t
	}
	return last
}
