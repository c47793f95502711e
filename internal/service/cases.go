package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/store"
)

// NewCase is what an initiator fills in to start a check.
type NewCase struct {
	Title       string
	Description string
	Kind        kscheck.Kind
	Track       kscheck.Track // "" is the knowledge security check
	UnitCode    string
	StartsOn    *time.Time
	EndsOn      *time.Time
}

func (n NewCase) validate() error {
	if err := errors.Join(kscheck.LimitTitle.Check(n.Title), kscheck.LimitDescription.Check(n.Description)); err != nil {
		return err
	}
	var problems kscheck.Problems
	if strings.TrimSpace(n.Title) == "" {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "give the check a title").Translated("err.case.title_needed"))
	}
	if !n.Kind.Valid() {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "choose the kind of activity").Translated("err.case.kind_needed"))
	}
	if n.StartsOn != nil && n.EndsOn != nil && n.EndsOn.Before(*n.StartsOn) {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "the end date is before the start date").Translated("err.case.end_before_start"))
	}
	if len(problems) > 0 {
		return kscheck.Errorf(kscheck.EInvalid, "%s.", problems).Translated("err.problems")
	}
	return nil
}

// StartCase opens a new check in draft, pinned to the procedure in force for
// its unit today.
func (s *Service) StartCase(ctx context.Context, actor kscheck.Actor, n NewCase) (*kscheck.Case, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	path, err := s.store.UnitPath(ctx, n.UnitCode)
	if err != nil {
		return nil, err
	}
	if !actor.Has(kscheck.RoleInitiator, path) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "you may start checks only for a unit where you are an initiator").Translated("err.case.start_unit")
	}
	now := s.Now()
	if n.Track == "" {
		n.Track = kscheck.TrackKnowledgeSecurity
	}
	proc, err := s.Procedures.ResolveTrack(ctx, s.store, n.Track, n.UnitCode, now)
	if err != nil {
		return nil, err
	}
	c := &kscheck.Case{
		Title: strings.TrimSpace(n.Title), Description: strings.TrimSpace(n.Description), Kind: n.Kind,
		Track: proc.Track, State: kscheck.StateDraft, UnitCode: n.UnitCode, UnitPath: path,
		InitiatorID: actor.Person.ID, StartsOn: n.StartsOn, EndsOn: n.EndsOn,
		ProcedureID: proc.ID, ProcedureVersion: proc.Version, Answers: map[string]any{},
		CreatedAt: now, UpdatedAt: now,
	}
	if err := s.prefill(c, nil); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "case.start", c, "", map[string]any{"procedure": proc.Ref(), "kind": c.Kind})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CaseView is a case with everything the actor may see of it.
type CaseView struct {
	Case         *kscheck.Case
	Initiator    *kscheck.Person
	Partners     []*kscheck.Partner
	Thread       []kscheck.Message // questions, answers, advice, comments
	DeskNotes    []kscheck.Message // Desk and Committee only
	Deliberation []kscheck.Message // Committee only
	Measures     []*kscheck.Measure
	Refs         map[kscheck.RefKind]string  // grant, contract and project references
	Documents    []kscheck.Attachment        // all for the Desk, Committee and auditor; one's own uploads for others
	Hits         []screening.Hit             // screening candidates and their resolution
	Evidence     map[int64]*screening.Entity // the listed entry of each hit, by hit id, where the lists still hold it
	Screenings   map[int64]screening.Run     // the latest screening of each partner
	History      []kscheck.AuditEntry        // changes, not reads
	Involvement  kscheck.Involvement
	Allowed      []kscheck.Action
	// Barred says why steps the person's role would allow are not
	// offered (separation of duties).
	Barred []kscheck.Term
	// OpenCandidates names the screening candidates nobody resolved yet.
	OpenCandidates []string
	// Decision is the Committee's record: who took part in the verdict,
	// the declared conflicts of interest.
	Decision *Decision
	// Committee are the Committee's members who may take part in the
	// verdict (not recused), for the chair's form; DeskPeople whom the
	// coordinator may assign the check to; Assignee who has it.
	Committee  []*kscheck.Person
	DeskPeople []*kscheck.Person
	Assignee   string
	// Contact is whom the verdict letter names for questions and an
	// objection: the Advice Desk's coordinator.
	Contact *kscheck.Person
	Can     map[string]bool // by kscheck.Permission, string-keyed for templates
}

// VisibleCase returns case id as it stands, when actor may see it, and
// not found otherwise. It records no read: it is for the pages that show
// a form again around the case the actor is already working on.
func (s *Service) VisibleCase(ctx context.Context, actor kscheck.Actor, id int64) (*kscheck.Case, error) {
	var c *kscheck.Case
	err := s.store.ReadTx(ctx, func(tx *store.Tx) (err error) {
		c, err = visibleCase(ctx, tx, actor, id)
		return err
	})
	return c, err
}

// Case returns a case for actor, recording the read in the access log. A
// case the actor may not see is reported as not found, so that its
// existence does not leak. The case is read in one read-only transaction,
// which waits for no writer; only the read's record is written.
func (s *Service) Case(ctx context.Context, actor kscheck.Actor, id int64) (*CaseView, error) {
	if err := actor.Requires(kscheck.ScopeCasesRead); err != nil {
		return nil, err
	}
	v := &CaseView{Can: map[string]bool{}}
	err := s.store.ReadTx(ctx, func(tx *store.Tx) error {
		c, err := visibleCase(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v.Case, v.Involvement, v.Allowed = c, kscheck.Involved(actor, c), kscheck.Allowed(actor, c)
		v.Barred = kscheck.Barred(actor, c)
		if err := s.rulesView(ctx, tx, actor, v); err != nil {
			return err
		}
		for _, p := range kscheck.Permissions {
			v.Can[string(p)] = kscheck.Can(actor, c, p)
		}
		if v.Initiator, err = tx.Person(ctx, c.InitiatorID); err != nil {
			return err
		}
		if v.Partners, err = tx.CasePartners(ctx, id); err != nil {
			return err
		}
		if v.Thread, err = tx.Messages(ctx, id, kscheck.MsgQuestion, kscheck.MsgAnswer, kscheck.MsgAdvice, kscheck.MsgComment); err != nil {
			return err
		}
		ins := kscheck.Involvements(actor, c)
		insider := slices.Contains(ins, kscheck.InvolvedDesk) || slices.Contains(ins, kscheck.InvolvedCommittee) || slices.Contains(ins, kscheck.InvolvedAuditor)
		if insider {
			if v.DeskNotes, err = tx.Messages(ctx, id, kscheck.MsgDeskNote); err != nil {
				return err
			}
		}
		if v.Can[string(kscheck.PermDeliberate)] {
			if v.Deliberation, err = tx.Messages(ctx, id, kscheck.MsgDeliberation); err != nil {
				return err
			}
		}
		if v.Measures, err = tx.Measures(ctx, id); err != nil {
			return err
		}
		if v.Refs, err = tx.CaseRefs(ctx, id); err != nil {
			return err
		}
		docs, err := tx.Attachments(ctx, id)
		if err != nil {
			return err
		}
		for _, a := range docs {
			if insider || a.UploadedBy == actor.Person.ID {
				v.Documents = append(v.Documents, a)
			}
		}
		if v.Hits, err = tx.Hits(ctx, id); err != nil {
			return err
		}
		if v.Screenings, err = tx.LatestScreenings(ctx, id); err != nil {
			return err
		}
		all, err := tx.CaseHistory(ctx, id)
		if err != nil {
			return err
		}
		for _, e := range all {
			if mayReadStep(e.Action, insider, v.Can[string(kscheck.PermDeliberate)]) {
				v.History = append(v.History, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, actor, "case.read", v.Case, map[string]any{"as": v.Involvement}); err != nil {
		return nil, err
	}
	v.Evidence = s.hitEvidence(ctx, v.Hits)
	return v, nil
}

// mayReadStep reports whether a reader may learn that a step was taken:
// posting a Desk note or a deliberation note is as internal as the note
// itself, so it shows only to those who may read such notes (insiders:
// the Desk, the Committee, auditors; deliberators: the Committee).
func mayReadStep(action string, insider, deliberator bool) bool {
	switch action {
	case "case.message." + string(kscheck.MsgDeskNote):
		return insider
	case "case.message." + string(kscheck.MsgDeliberation):
		return deliberator
	}
	return true
}

// ListCases returns the cases actor may see that match f.
func (s *Service) ListCases(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter) ([]*kscheck.Case, int, error) {
	if err := kscheck.LimitSearch.Check(f.Text); err != nil {
		return nil, 0, err
	}
	return s.store.ListCases(ctx, actor, f)
}

// change loads case id in a transaction, checks that the actor may do perm
// and that it is still at version, the version the person saw (there is no
// "do not check": a change without it is refused), lets fn change it, and
// writes it back with an audit entry for action.
func (s *Service) change(ctx context.Context, actor kscheck.Actor, id, version int64, perm kscheck.Permission, action string,
	fn func(tx *store.Tx, c *kscheck.Case) (map[string]any, error)) (*kscheck.Case, error) {
	if version <= 0 {
		return nil, ErrNoVersion
	}
	var c *kscheck.Case
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = visibleCase(ctx, tx, actor, id); err != nil {
			return err
		}
		if perm != "" && !kscheck.Can(actor, c, perm) {
			return kscheck.Errorf(kscheck.EForbidden, "you may not %s this check while it is %s", perm.Term(), c.State.Term()).Translated("err.case.permission_now")
		}
		if c.Version != version {
			return kscheck.Errorf(kscheck.EConflict, "this check was changed by someone else while you were working on it; reload the page to see the latest version and try again")
		}
		from := c.State
		detail, err := fn(tx, c)
		if err != nil {
			return err
		}
		c.UpdatedAt = s.Now()
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, action, c, from, detail)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ErrNoVersion refuses a change that does not say which version of the
// check the person saw, so that optimistic locking cannot be skipped.
var ErrNoVersion = kscheck.Errorf(kscheck.EInvalid, "the form did not say which version of the check you saw: reload the page and try again").Translated("err.case.no_version")

// Edit is the initiator's change to a case's description.
type Edit struct {
	Title       string
	Description string
	Kind        kscheck.Kind
	StartsOn    *time.Time
	EndsOn      *time.Time
}

// EditCase changes the description of a case that is still with the initiator.
func (s *Service) EditCase(ctx context.Context, actor kscheck.Actor, id, version int64, e Edit) (*kscheck.Case, error) {
	n := NewCase{Title: e.Title, Description: e.Description, Kind: e.Kind, StartsOn: e.StartsOn, EndsOn: e.EndsOn}
	if err := n.validate(); err != nil {
		return nil, err
	}
	return s.change(ctx, actor, id, version, kscheck.PermEdit, "case.edit", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		c.Title, c.Description, c.Kind, c.StartsOn, c.EndsOn = strings.TrimSpace(e.Title), strings.TrimSpace(e.Description), e.Kind, e.StartsOn, e.EndsOn
		return nil, s.prefillFrom(ctx, tx, c)
	})
}

// SaveAnswers stores flowchart answers (merged into those already given)
// and re-evaluates the route under the case's pinned procedure. Any
// section may be answered again while the check is with its initiator;
// after the hand-over to the director the answers are locked. Answers the
// check's own data gives are kept from it, and a different answer to such
// a question is refused. inDoubt is the check's doubt only where the
// procedure asks no question about it.
func (s *Service) SaveAnswers(ctx context.Context, actor kscheck.Actor, id, version int64, answers map[string]any, inDoubt bool) (*kscheck.Case, error) {
	return s.change(ctx, actor, id, version, kscheck.PermEdit, "case.answers", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		merged := map[string]any{}
		for k, v := range c.Answers {
			merged[k] = v
		}
		for k, v := range answers {
			merged[k] = v
		}
		proc, err := s.ProcedureOf(c)
		if err != nil {
			return nil, err
		}
		if err := proc.ValidateAnswers(answers); err != nil {
			return nil, err
		}
		partners, err := tx.CasePartners(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if err := checkNotPrefilled(proc, c, partners, answers); err != nil {
			return nil, err
		}
		c.Answers, c.InDoubt = merged, doubtOf(proc, merged, inDoubt)
		if err := s.prefill(c, partners); err != nil {
			return nil, err
		}
		keys := make([]string, 0, len(answers))
		for k := range answers {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return map[string]any{"questions": keys, "route": c.Route, "in_doubt": inDoubt}, nil
	})
}

// AddPartner adds a partner (found or created in the directory) to a case.
func (s *Service) AddPartner(ctx context.Context, actor kscheck.Actor, id, version int64, p *kscheck.Partner) (*kscheck.Case, error) {
	if err := errors.Join(kscheck.LimitPartnerName.Check(p.Name), kscheck.LimitWebsite.Check(p.Website), kscheck.LimitCode.Check(p.Country)); err != nil {
		return nil, err
	}
	return s.change(ctx, actor, id, version, kscheck.PermEdit, "case.partner.add", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		if err := tx.UpsertPartner(ctx, p); err != nil {
			return nil, err
		}
		if err := tx.LinkPartner(ctx, c.ID, p.ID); err != nil {
			return nil, err
		}
		changed, refs, err := s.screenPartner(ctx, tx, c, p)
		if err != nil {
			return nil, err
		}
		if err := s.prefillFrom(ctx, tx, c); err != nil {
			return nil, err
		}
		return map[string]any{"partner": p.ID, "name": p.Name, "country": p.Country,
			"screened_against": snapshotNames(refs), "candidates": len(changed)}, nil
	})
}

// RemovePartner removes a partner from a case; a partner that is not on
// the case is not found, and nothing is recorded.
func (s *Service) RemovePartner(ctx context.Context, actor kscheck.Actor, id, version, partnerID int64) (*kscheck.Case, error) {
	return s.change(ctx, actor, id, version, kscheck.PermEdit, "case.partner.remove", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		if err := tx.UnlinkPartner(ctx, c.ID, partnerID); err != nil {
			return nil, err
		}
		return map[string]any{"partner": partnerID}, s.prefillFrom(ctx, tx, c)
	})
}

// MeasureInput is a mitigation measure as entered on a form.
type MeasureInput struct {
	Code  string
	Text  string
	DueOn *time.Time
}

func (m MeasureInput) check() error {
	return errors.Join(kscheck.LimitCode.Check(m.Code), kscheck.LimitMeasure.Check(m.Text))
}

// ActInput is what an action may carry: a comment, a verdict, measures.
type ActInput struct {
	Verdict  kscheck.Verdict
	Text     string
	Measures []MeasureInput
	// Detail is recorded in the audit entry beside the action (for
	// example the intake checklist the Desk ticked).
	Detail map[string]any
	// Participants are the Committee members who took part in a verdict
	// besides the chair who records it on their behalf.
	Participants []int64
	// Confirmed is the chair's confirmation that the verdict is the one
	// agreed; a verdict is recorded only with it.
	Confirmed bool
}

// Act takes a lifecycle action on a case at the version the actor saw.
func (s *Service) Act(ctx context.Context, actor kscheck.Actor, id, version int64, action kscheck.Action, in ActInput) (*kscheck.Case, error) {
	if err := kscheck.LimitComment.Check(in.Text); err != nil {
		return nil, err
	}
	var measures []MeasureInput
	for _, m := range in.Measures {
		if err := m.check(); err != nil {
			return nil, err
		}
		if strings.TrimSpace(m.Text) != "" {
			measures = append(measures, m)
		}
	}
	return s.change(ctx, actor, id, version, "", string(action), func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		din := kscheck.Input{Verdict: in.Verdict, Text: in.Text, Measures: len(measures)}
		to, err := kscheck.Next(actor, c, action, din)
		if err != nil {
			return nil, err
		}
		if err := s.checkData(ctx, tx, c, action); err != nil {
			return nil, err
		}
		kscheck.Apply(c, actor, action, to, din, s.Now)
		proc, err := s.ProcedureOf(c)
		if err != nil {
			return nil, err
		}
		c.InDoubt = doubtOf(proc, c.Answers, c.InDoubt) // sending back clears a doubt no question states
		detail := map[string]any{}
		for k, v := range in.Detail {
			detail[k] = v
		}
		if t := strings.TrimSpace(in.Text); t != "" {
			kind := kscheck.MsgComment
			if action == kscheck.ActGiveAdvice {
				kind = kscheck.MsgAdvice
			}
			if err := tx.AddMessage(ctx, &kscheck.Message{CaseID: c.ID, AuthorID: actor.Person.ID, Kind: kind, Body: t}); err != nil {
				return nil, err
			}
			detail["comment"] = t
		}
		if action == kscheck.ActVerdict {
			record, err := s.recordDecision(ctx, tx, actor, c, in)
			if err != nil {
				return nil, err
			}
			for k, v := range record {
				detail[k] = v
			}
			detail["verdict"] = in.Verdict
			var texts []string
			for _, m := range measures {
				ms := &kscheck.Measure{CaseID: c.ID, Code: m.Code, Text: strings.TrimSpace(m.Text), Imposed: true, DueOn: m.DueOn}
				if err := tx.AddMeasure(ctx, ms); err != nil {
					return nil, err
				}
				texts = append(texts, ms.Text)
			}
			if len(texts) > 0 {
				detail["measures"] = texts
			}
		}
		if d := c.Deadline(); d != nil && c.State.AwaitsVerdict() {
			detail["deadline"] = d.Format("2006-01-02")
		}
		return detail, nil
	})
}

// MessageKinds the actor may post on a case, by permission.
var postPermission = map[kscheck.MessageKind]kscheck.Permission{
	kscheck.MsgQuestion:     kscheck.PermDiscuss,
	kscheck.MsgAnswer:       kscheck.PermDiscuss,
	kscheck.MsgDeskNote:     kscheck.PermDossier,
	kscheck.MsgDeliberation: kscheck.PermDeliberate,
}

// Post adds a message to one of a case's threads.
func (s *Service) Post(ctx context.Context, actor kscheck.Actor, id, version int64, kind kscheck.MessageKind, body string) error {
	perm, ok := postPermission[kind]
	if !ok {
		return kscheck.Errorf(kscheck.EInvalid, "unknown kind of message %q", kind).Translated("err.case.message_kind")
	}
	if err := kscheck.LimitMessage.Check(body); err != nil {
		return err
	}
	_, err := s.change(ctx, actor, id, version, perm, "case.message."+string(kind), func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		m := &kscheck.Message{CaseID: c.ID, AuthorID: actor.Person.ID, Kind: kind, Body: strings.TrimSpace(body)}
		if err := tx.AddMessage(ctx, m); err != nil {
			return nil, err
		}
		return map[string]any{"message": m.ID}, nil
	})
	return err
}

// ProposeMeasures records mitigation measures proposed together on an
// open case, as one change.
func (s *Service) ProposeMeasures(ctx context.Context, actor kscheck.Actor, id, version int64, ms []MeasureInput) error {
	if len(ms) == 0 {
		return kscheck.Errorf(kscheck.EInvalid, "tick a measure from the catalogue or describe one in your own words").Translated("err.measure.none")
	}
	for _, m := range ms {
		if err := m.check(); err != nil {
			return err
		}
	}
	_, err := s.change(ctx, actor, id, version, kscheck.PermProposeMeasure, "case.measure.propose", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		var ids []int64
		var texts []string
		for _, m := range ms {
			measure := &kscheck.Measure{CaseID: c.ID, Code: m.Code, Text: strings.TrimSpace(m.Text), DueOn: m.DueOn}
			if err := tx.AddMeasure(ctx, measure); err != nil {
				return nil, err
			}
			ids, texts = append(ids, measure.ID), append(texts, measure.Text)
		}
		if len(ids) == 1 {
			return map[string]any{"measure": ids[0], "text": texts[0]}, nil
		}
		return map[string]any{"measures": ids, "texts": texts}, nil
	})
	return err
}

// doubtOf is whether initiator and director remain in doubt: where the
// procedure asks about doubt itself, its answer decides; otherwise what
// they stated beside the flowchart.
func doubtOf(proc *procedure.Procedure, answers map[string]any, stated bool) bool {
	if q := proc.DoubtQuestion(); q != nil {
		return answers[q.ID] == "yes"
	}
	return stated
}
