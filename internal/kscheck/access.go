package kscheck

import "slices"

// Permission is something a person may do with a case besides moving it
// along the lifecycle. Together with the actions it forms the authorisation
// matrix, which is checked here, in the domain, and nowhere else.
type Permission string

// Term names the permission in an error message (see Action.Term).
func (p Permission) Term() Term {
	return valueTerm("permission", p)
}

// Permissions on a case.
const (
	PermView           Permission = "view"            // read the case
	PermEdit           Permission = "edit"            // change description, partners and answers
	PermDiscuss        Permission = "discuss"         // post in the advice thread
	PermAdjudicate     Permission = "adjudicate"      // confirm or dismiss screening candidates
	PermDossier        Permission = "dossier"         // compile the Committee's dossier, Desk notes
	PermDeliberate     Permission = "deliberate"      // Committee's deliberation notes
	PermFollowUp       Permission = "follow_up"       // update the status of mitigation measures
	PermProposeMeasure Permission = "propose_measure" // propose mitigation measures
	PermReferences     Permission = "references"      // set the grant, contract and project references
)

// Permissions lists every permission in a stable order.
var Permissions = []Permission{
	PermView, PermEdit, PermDiscuss, PermAdjudicate, PermDossier,
	PermDeliberate, PermFollowUp, PermProposeMeasure, PermReferences,
}

// Involvement names why a person may see a case; it is recorded with every
// read in the audit trail.
type Involvement string

// Kinds of involvement.
const (
	InvolvedNone      Involvement = ""
	InvolvedInitiator Involvement = "initiator"
	InvolvedDirector  Involvement = "director"
	InvolvedAdviser   Involvement = "faculty_adviser"
	InvolvedDesk      Involvement = "desk"
	InvolvedCommittee Involvement = "committee"
	InvolvedAuditor   Involvement = "auditor"
)

// Involvements returns every capacity in which actor is involved in c, most
// specific first. Need-to-know: an initiator sees their own cases, a
// director those of their institute, a faculty adviser those of their
// faculty, the Desk the cases submitted to it and the running cleared ones
// it oversees, the Committee the cases put before it, the auditor
// everything (read-only), nobody else anything.
func Involvements(actor Actor, c *Case) []Involvement {
	var out []Involvement
	if actor.Person.ID != 0 && actor.Person.ID == c.InitiatorID {
		out = append(out, InvolvedInitiator)
	}
	if actor.Has(RoleDirector, c.UnitPath) {
		out = append(out, InvolvedDirector)
	}
	if actor.Has(RoleFacultyAdviser, c.UnitPath) {
		out = append(out, InvolvedAdviser)
	}
	if deskReaches(c) && (actor.Has(RoleDeskCoordinator, c.UnitPath) || actor.Has(RoleDeskAdviser, c.UnitPath)) {
		out = append(out, InvolvedDesk)
	}
	if c.ReachedCommittee && (actor.Has(RoleCommitteeChair, c.UnitPath) || actor.Has(RoleCommitteeMember, c.UnitPath)) {
		out = append(out, InvolvedCommittee)
	}
	if actor.Has(RoleAuditor, c.UnitPath) {
		out = append(out, InvolvedAuditor)
	}
	return out
}

// Involved returns the most specific involvement of actor in c, or
// InvolvedNone.
func Involved(actor Actor, c *Case) Involvement {
	if in := Involvements(actor, c); len(in) > 0 {
		return in[0]
	}
	return InvolvedNone
}

// deskReaches reports whether a case is the Advice Desk's business: it was
// submitted to the Desk, or it is a cleared collaboration running under the
// Desk's oversight (periodic re-assessment, alerts from re-screening).
func deskReaches(c *Case) bool { return c.SubmittedAt != nil || c.State == StateCleared }

// mayAct reports whether actor holds one of roles in a capacity that lets
// them act on c: the initiator role means "the initiator of this case", the
// others are held at a unit on the case's path.
func mayAct(actor Actor, c *Case, roles []Role) bool {
	in := Involvements(actor, c)
	for _, r := range roles {
		switch {
		case r == RoleInitiator:
			if slices.Contains(in, InvolvedInitiator) {
				return true
			}
		case r.IsDesk():
			if actor.Has(r, c.UnitPath) && deskReaches(c) {
				return true
			}
		case r.IsCommittee():
			if actor.Has(r, c.UnitPath) && c.ReachedCommittee {
				return true
			}
		default:
			if actor.Has(r, c.UnitPath) {
				return true
			}
		}
	}
	return false
}

// Can reports whether actor has permission p on c. The service layer calls
// it before every read and write; templates only use it to hide buttons.
func Can(actor Actor, c *Case, p Permission) bool {
	in := Involvements(actor, c)
	has := func(i Involvement) bool { return slices.Contains(in, i) }
	switch p {
	case PermView:
		return len(in) > 0
	case PermEdit:
		return has(InvolvedInitiator) && slices.Contains([]State{StateDraft, StateSupplementary, StatePostponed}, c.State)
	case PermProposeMeasure:
		return has(InvolvedInitiator) && c.State.Open() || has(InvolvedDesk) && c.State.Open()
	case PermDiscuss:
		return c.State != StateWithdrawn && (has(InvolvedInitiator) || has(InvolvedDirector) || has(InvolvedAdviser) || has(InvolvedDesk))
	case PermAdjudicate, PermDossier:
		return has(InvolvedDesk) && c.State != StateWithdrawn
	case PermDeliberate:
		return has(InvolvedCommittee) && !Recused(actor, c)
	case PermReferences:
		// Other systems find a check by these references, so the people
		// who know them keep them: its initiator and the Advice Desk.
		return c.State != StateWithdrawn && (has(InvolvedInitiator) || has(InvolvedDesk))
	case PermFollowUp:
		return c.State == StateDecided && c.Verdict == VerdictWithMitigation && (has(InvolvedInitiator) || has(InvolvedDesk))
	}
	return false
}
