package service

import (
	"context"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// IntakeChecklist is what the Advice Desk checks before it accepts a
// submission as complete and the Committee's clock starts.
var IntakeChecklist = []string{"description", "partners", "flowchart", "supplementary", "screening"}

// AcceptIntake accepts a submitted check as complete once every item of
// the intake checklist is ticked; the ticked list goes into the audit
// trail with the acceptance.
func (s *Service) AcceptIntake(ctx context.Context, actor kscheck.Actor, id, version int64, ticked []string) (*kscheck.Case, error) {
	var missing []string
	for _, item := range IntakeChecklist {
		if !slices.Contains(ticked, item) {
			missing = append(missing, item)
		}
	}
	if len(missing) > 0 {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the intake checklist is not complete (not ticked: %s): tick every item after checking it, or return the check as incomplete with a comment", strings.Join(missing, ", ")).Translated("err.desk.intake")
	}
	return s.Act(ctx, actor, id, version, kscheck.ActAcceptIntake, ActInput{Detail: map[string]any{"checklist": IntakeChecklist}})
}

// Reviewer is a person who took a step on a case, and when.
type Reviewer struct {
	Name string
	At   kscheck.AuditEntry
}

// DossierView is everything the Committee needs on one case.
type DossierView struct {
	*CaseView
	// Names of the people the dossier refers to by id (screening
	// resolutions), by person id.
	Names map[int64]string
	// The four-eyes sign-off: the latest first and second Desk review.
	FirstReview, SecondReview *kscheck.AuditEntry
}

// Dossier returns the Committee's dossier of a case, for the Advice Desk,
// the Committee and the auditor; others get EForbidden (or ENotFound when
// they may not see the case at all). The read is audited as any other.
func (s *Service) Dossier(ctx context.Context, actor kscheck.Actor, id int64) (*DossierView, error) {
	v, err := s.Case(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	ins := kscheck.Involvements(actor, v.Case)
	if !slices.Contains(ins, kscheck.InvolvedDesk) && !slices.Contains(ins, kscheck.InvolvedCommittee) && !slices.Contains(ins, kscheck.InvolvedAuditor) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "the dossier is for the Advice Desk and the Committee; open the check itself instead").Translated("err.access.dossier")
	}
	d := &DossierView{CaseView: v, Names: map[int64]string{}}
	for _, h := range v.Hits {
		if h.ResolvedBy != 0 && d.Names[h.ResolvedBy] == "" {
			p, err := s.store.Person(ctx, h.ResolvedBy)
			if err != nil {
				return nil, err
			}
			d.Names[h.ResolvedBy] = p.Name
		}
	}
	// A resubmission or re-assessment starts a new round of reviews: only
	// the reviews after the latest acceptance count.
	for i := range v.History {
		e := &v.History[i]
		switch kscheck.Action(e.Action) {
		case kscheck.ActAcceptIntake, kscheck.ActReassess:
			d.FirstReview, d.SecondReview = nil, nil
		case kscheck.ActFirstReview:
			d.FirstReview = e
		case kscheck.ActSecondReview:
			d.SecondReview = e
		}
	}
	return d, nil
}

// mayOverview reports whether actor holds a role that sees the Desk's,
// the Committee's or the auditor's overviews.
func mayOverview(actor kscheck.Actor) bool {
	for _, r := range []kscheck.Role{kscheck.RoleDeskCoordinator, kscheck.RoleDeskAdviser, kscheck.RoleCommitteeChair, kscheck.RoleCommitteeMember, kscheck.RoleAuditor} {
		if actor.HasAnywhere(r) {
			return true
		}
	}
	return false
}

// DeskPeople returns the Advice Desk's coordinators and advisers for a
// case, to whom the coordinator may assign it.
func deskPeople(ctx context.Context, tx *store.Tx, c *kscheck.Case) ([]*kscheck.Person, error) {
	coord, err := tx.PeopleWithRole(ctx, kscheck.RoleDeskCoordinator, c.UnitPath)
	if err != nil {
		return nil, err
	}
	advisers, err := tx.PeopleWithRole(ctx, kscheck.RoleDeskAdviser, c.UnitPath)
	for _, a := range advisers {
		if !slices.ContainsFunc(coord, func(p *kscheck.Person) bool { return p.ID == a.ID }) {
			coord = append(coord, a)
		}
	}
	return coord, err
}

// AssignCase gives a check to a person of the Advice Desk (0: to nobody).
// Only the Desk's coordinator assigns work.
func (s *Service) AssignCase(ctx context.Context, actor kscheck.Actor, id, version, assignee int64) error {
	_, err := s.change(ctx, actor, id, version, kscheck.PermDossier, "case.assign", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		if !actor.Has(kscheck.RoleDeskCoordinator, c.UnitPath) {
			return nil, kscheck.Errorf(kscheck.EForbidden, "the Advice Desk's coordinator assigns checks").Translated("err.desk.assign_who")
		}
		if assignee == 0 {
			c.AssigneeID = 0
			return map[string]any{"assignee": nil}, nil
		}
		people, err := deskPeople(ctx, tx, c)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(people, func(p *kscheck.Person) bool { return p.ID == assignee })
		if i < 0 {
			return nil, kscheck.Errorf(kscheck.EInvalid, "checks are assigned to people of the Advice Desk only").Translated("err.desk.assign_to")
		}
		c.AssigneeID = assignee
		return map[string]any{"assignee": people[i].Name}, nil
	})
	return err
}
