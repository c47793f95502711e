package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// ClearanceStatus answers "may this collaboration start?" for other
// systems, in one word.
type ClearanceStatus string

// The clearance statuses.
const (
	ClearNotStarted        ClearanceStatus = "not_started"         // no check (that the caller may see) carries the reference
	ClearInProgress        ClearanceStatus = "in_progress"         // a check runs, no outcome yet
	ClearCleared           ClearanceStatus = "cleared"             // self-assessment co-signed by the director: it may start
	ClearStart             ClearanceStatus = "start"               // Committee: it starts
	ClearStartWithMeasures ClearanceStatus = "start_with_measures" // Committee: it starts with measures
	ClearPostponed         ClearanceStatus = "postponed"           // Committee: more information needed
	ClearDoNotStart        ClearanceStatus = "do_not_start"        // Committee: it does not start
	ClearWithdrawn         ClearanceStatus = "withdrawn"           // the initiator withdrew the check
)

// Clearance is what other systems learn of a check: its outcome, since
// when, under which procedure, and the measures still open. Never the
// dossier, the answers or the partners.
type Clearance struct {
	Status       ClearanceStatus   `json:"status"`
	CaseID       int64             `json:"case,omitempty"`
	Reference    string            `json:"reference,omitempty"`
	Refs         map[string]string `json:"refs,omitempty"`
	Since        *time.Time        `json:"since,omitempty"`
	Procedure    string            `json:"procedure,omitempty"`
	OpenMeasures []OpenMeasure     `json:"open_measures,omitempty"`
}

// OpenMeasure is a mitigation measure still to be carried out.
type OpenMeasure struct {
	Text   string     `json:"text"`
	Status string     `json:"status"`
	DueOn  *time.Time `json:"due_on,omitempty"`
}

// statusOf maps a case to its clearance status.
func statusOf(c *kscheck.Case) ClearanceStatus {
	switch c.State {
	case kscheck.StateCleared:
		return ClearCleared
	case kscheck.StateWithdrawn:
		return ClearWithdrawn
	case kscheck.StatePostponed:
		return ClearPostponed
	case kscheck.StateDecided:
		switch c.Verdict {
		case kscheck.VerdictStart:
			return ClearStart
		case kscheck.VerdictWithMitigation:
			return ClearStartWithMeasures
		case kscheck.VerdictDoNotStart:
			return ClearDoNotStart
		}
	}
	return ClearInProgress
}

// clearanceOf builds the clearance of c inside tx. Since is when the case
// reached its present state: the verdict's date, or the last change of
// state in the trail.
func clearanceOf(ctx context.Context, tx *store.Tx, c *kscheck.Case) (*Clearance, error) {
	cl := &Clearance{Status: statusOf(c), CaseID: c.ID, Reference: reference(c), Refs: map[string]string{},
		Procedure: c.ProcedureID + "@" + c.ProcedureVersion}
	refs, err := tx.CaseRefs(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for k, v := range refs {
		cl.Refs[string(k)] = v
	}
	if c.State == kscheck.StateDecided || c.State == kscheck.StatePostponed {
		cl.Since = c.VerdictAt
	}
	if cl.Since == nil {
		if cl.Since, err = tx.EnteredState(ctx, c.ID, c.State); err != nil {
			return nil, err
		}
		if cl.Since == nil {
			cl.Since = &c.CreatedAt
		}
	}
	if cl.Status == ClearStartWithMeasures {
		ms, err := tx.Measures(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if m.Status == kscheck.MeasureOpen || m.Status == kscheck.MeasureInProgress {
				cl.OpenMeasures = append(cl.OpenMeasures, OpenMeasure{Text: m.Text, Status: string(m.Status), DueOn: m.DueOn})
			}
		}
	}
	return cl, nil
}

// ClearanceByCase answers the clearance of check id, for a caller who may
// see it (otherwise not found); the question is audited.
func (s *Service) ClearanceByCase(ctx context.Context, actor kscheck.Actor, id int64) (*Clearance, error) {
	if err := actor.Requires(kscheck.ScopeClearanceRead); err != nil {
		return nil, err
	}
	var cl *Clearance
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := visibleCase(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if cl, err = clearanceOf(ctx, tx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "case.clearance", c, c.State, map[string]any{"status": cl.Status})
	})
	return cl, err
}

// ClearanceByRef answers the clearance of the check that carries ref (a
// grant application, contract or project number) among those the caller
// may see: the newest that was not withdrawn, else the newest withdrawn
// one, else not_started. The question is audited.
func (s *Service) ClearanceByRef(ctx context.Context, actor kscheck.Actor, ref string) (*Clearance, error) {
	if err := actor.Requires(kscheck.ScopeClearanceRead); err != nil {
		return nil, err
	}
	ref = strings.TrimSpace(ref)
	// The error of checkRef gives way to one that says where the reference goes.
	if err := checkRef(kscheck.Term{}, ref); err != nil || ref == "" {
		return nil, kscheck.Errorf(kscheck.EInvalid, "give the reference to look up in ?ref= (a grant application, contract or project number of at most %d characters), or a check number in ?case=", maxRefLen).Translated("err.ref.missing")
	}
	var cl *Clearance
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ids, err := tx.CasesByRef(ctx, ref)
		if err != nil {
			return err
		}
		var found, withdrawn *kscheck.Case
		for _, id := range ids {
			c, err := tx.Case(ctx, id)
			if err != nil {
				return err
			}
			if !kscheck.Can(actor, c, kscheck.PermView) {
				continue
			}
			if c.State != kscheck.StateWithdrawn {
				found = c
				break
			}
			if withdrawn == nil {
				withdrawn = c
			}
		}
		if found == nil {
			found = withdrawn
		}
		if found == nil {
			cl = &Clearance{Status: ClearNotStarted}
			return s.audit(ctx, tx, actor, "case.clearance", nil, "", map[string]any{"ref": ref, "status": cl.Status})
		}
		if cl, err = clearanceOf(ctx, tx, found); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "case.clearance", found, found.State, map[string]any{"ref": ref, "status": cl.Status})
	})
	return cl, err
}

// maxRefLen bounds an external reference.
const maxRefLen = 100

// checkRef refuses a reference that is too long or not on one line; kind
// names it in the error.
func checkRef(kind kscheck.Term, v string) error {
	if len(v) > maxRefLen {
		return kscheck.Errorf(kscheck.EInvalid, "the %s reference is longer than %d characters", kind, maxRefLen).Translated("err.ref.too_long")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return kscheck.Errorf(kscheck.EInvalid, "the %s reference contains a control character; type it on one line", kind).Translated("err.ref.control")
		}
	}
	return nil
}

// SetCaseRefs sets the grant, contract and project references of a case
// (its initiator or the Advice Desk), at version (0: do not check),
// audited with the old and new values.
func (s *Service) SetCaseRefs(ctx context.Context, actor kscheck.Actor, id, version int64, refs map[kscheck.RefKind]string) (*kscheck.Case, error) {
	clean := map[kscheck.RefKind]string{}
	for _, k := range kscheck.RefKinds {
		v := strings.TrimSpace(refs[k])
		if err := checkRef(k.Term(), v); err != nil {
			return nil, err
		}
		clean[k] = v
	}
	return s.change(ctx, actor, id, version, kscheck.PermReferences, "case.refs", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		old, err := tx.CaseRefs(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		detail := map[string]any{}
		for _, k := range kscheck.RefKinds {
			if old[k] != clean[k] {
				detail[string(k)] = fmt.Sprintf("%q → %q", old[k], clean[k])
			}
		}
		return detail, tx.SetCaseRefs(ctx, c.ID, clean)
	})
}

// CasePage lists, for the API, the cases actor may see that match f, in
// pages by id (f.ByID, f.BeforeID); the call is audited.
func (s *Service) CasePage(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter) ([]*kscheck.Case, error) {
	if err := actor.Requires(kscheck.ScopeCasesRead); err != nil {
		return nil, err
	}
	f.ByID = true
	cases, _, err := s.store.ListCases(ctx, actor, f)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, actor, "case.list", nil, "", map[string]any{"cases": ids})
	})
	return cases, err
}
