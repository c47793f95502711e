package kscheck

import "slices"

// Duty is one "two different people" rule of the procedure: who may not
// take an action because of the part they already play in the check. All
// of them are listed here and enforced by Next (and, for the Committee's
// deliberation, by Can); docs/duties.md describes each by its ID. Message
// is the catalogue's English text of "duty.<ID>" (see Term).
type Duty struct {
	ID      string
	Actions []Action
	// Barred reports whether actor may not take the actions on c.
	Barred  func(actor Actor, c *Case) bool
	Message string
}

// Duties is the separation of duties, in the order of the procedure.
var Duties = []Duty{
	{
		ID:      "initiator-not-cosigner",
		Actions: []Action{ActCosignClear, ActSubmitToDesk},
		Barred:  func(a Actor, c *Case) bool { return a.Person.ID == c.InitiatorID },
		Message: "you started this check yourself, so you cannot co-sign it as its director: another director of the institute, or a director at the next level up, must do it",
	},
	{
		ID:      "adviser-not-initiator",
		Actions: []Action{ActGiveAdvice},
		Barred:  func(a Actor, c *Case) bool { return a.Person.ID == c.InitiatorID },
		Message: "you started this check yourself, so you cannot advise on it: another knowledge security adviser of the faculty must give the advice",
	},
	{
		ID:      "reviewer-not-party",
		Actions: []Action{ActFirstReview, ActSecondReview},
		Barred:  func(a Actor, c *Case) bool { return a.Person.ID == c.InitiatorID || a.Person.ID == c.CosignerID },
		Message: "you started or co-signed this check, so you cannot review it for the Advice Desk: a colleague at the Desk must do it",
	},
	{
		ID:      "four-eyes",
		Actions: []Action{ActSecondReview},
		Barred:  func(a Actor, c *Case) bool { return a.Person.ID == c.FirstReviewerID },
		Message: "four-eyes principle: the second review must be done by a different person than the first",
	},
	{
		ID:      "committee-recusal",
		Actions: []Action{ActVerdict, ActExternalAdvice},
		Barred:  Recused,
		Message: "you are recused from this check (you started, co-signed or advised on it, or declared a conflict of interest): the other members of the Committee decide without you",
	},
}

// Recused reports whether actor, as a Committee member, must stay out of
// the Committee's work on c: they started, co-signed or advised on it, or
// declared a conflict of interest.
func Recused(a Actor, c *Case) bool {
	id := a.Person.ID
	return id != 0 && (id == c.InitiatorID || id == c.CosignerID || id == c.AdviserID || slices.Contains(c.Conflicts, id))
}

// Term is the duty's message with its catalogue key, so that pages say it
// in the reader's language.
func (d Duty) Term() Term { return Term{Key: "duty." + d.ID, Text: d.Message} }

// checkDuties returns the error of the first duty that bars actor from
// action on c, or nil.
func checkDuties(actor Actor, c *Case, action Action) error {
	for _, d := range Duties {
		if slices.Contains(d.Actions, action) && d.Barred(actor, c) {
			return Errorf(EForbidden, "%s", d.Term()).Translated("err.duty")
		}
	}
	return nil
}

// Barred returns the messages of the duties that keep actor from actions
// their role would allow on c now, so that a page can say why a step is
// not offered instead of leaving it out silently.
func Barred(actor Actor, c *Case) []Term {
	var out []Term
	for _, d := range Duties {
		for _, a := range d.Actions {
			t := transitions[a]
			if slices.Contains(t.From, c.State) && mayAct(actor, c, t.Roles) && d.Barred(actor, c) {
				out = append(out, d.Term())
				break
			}
		}
	}
	return out
}
