package service

import (
	"context"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/directory"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// queueLimit bounds the inbox and question lists: a director or adviser
// with more than this many waiting has a problem no longer list solves.
const queueLimit = 200

// DirectorInbox returns the checks awaiting co-assessment by actor as the
// director of their institute, oldest change first: those waiting longest
// come first. An initiator's own checks are there only when actor is also
// their director.
func (s *Service) DirectorInbox(ctx context.Context, actor kscheck.Actor) ([]*kscheck.Case, error) {
	if !actor.HasAnywhere(kscheck.RoleDirector) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "the inbox is for institute directors").Translated("err.access.inbox")
	}
	cases, _, err := s.store.ListCases(ctx, actor, kscheck.CaseFilter{States: []kscheck.State{kscheck.StateAwaitingDirector}, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	out := involvedAs(actor, cases, kscheck.InvolvedDirector)
	slices.Reverse(out)
	return out, nil
}

// CoAssessment returns a check for its director's decision. Anyone who is
// not a director of the check's institute is told it does not exist, as
// with any case they may not see.
func (s *Service) CoAssessment(ctx context.Context, actor kscheck.Actor, id int64) (*CaseView, error) {
	c, err := s.store.Case(ctx, id)
	if err != nil || !slices.Contains(kscheck.Involvements(actor, c), kscheck.InvolvedDirector) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no check number %d in your inbox", id).Translated("err.access.not_in_inbox")
	}
	return s.Case(ctx, actor, id)
}

// AdviserQueue is what waits for a faculty adviser: checks whose advice
// was requested, and checks with a question nobody has answered yet.
type AdviserQueue struct {
	Advice    []*kscheck.Case
	Questions []*kscheck.Case
}

// Adviser returns the faculty adviser's queue, within their faculties.
func (s *Service) Adviser(ctx context.Context, actor kscheck.Actor) (*AdviserQueue, error) {
	if !actor.HasAnywhere(kscheck.RoleFacultyAdviser) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "this page is for the faculty's knowledge security advisers").Translated("err.access.advisers")
	}
	advice, _, err := s.store.ListCases(ctx, actor, kscheck.CaseFilter{States: []kscheck.State{kscheck.StateAdviceRequested}, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	open, _, err := s.store.ListCases(ctx, actor, kscheck.CaseFilter{OpenQuestions: true, Limit: queueLimit})
	if err != nil {
		return nil, err
	}
	var questions []*kscheck.Case
	for _, c := range involvedAs(actor, open, kscheck.InvolvedAdviser) {
		if c.State != kscheck.StateWithdrawn {
			questions = append(questions, c)
		}
	}
	return &AdviserQueue{Advice: involvedAs(actor, advice, kscheck.InvolvedAdviser), Questions: questions}, nil
}

// involvedAs keeps the cases in which actor is involved as in.
func involvedAs(actor kscheck.Actor, cases []*kscheck.Case, in kscheck.Involvement) []*kscheck.Case {
	var out []*kscheck.Case
	for _, c := range cases {
		if slices.Contains(kscheck.Involvements(actor, c), in) {
			out = append(out, c)
		}
	}
	return out
}

// Suggestion is a partner the initiator may mean: from the organisations
// already known to kscheck, or from the university directory.
type Suggestion struct {
	Name    string
	Type    kscheck.PartnerType
	Country string
	Website string
	Known   bool // already a partner in kscheck
}

// SuggestPartners returns up to limit partners matching q for adding to
// check id: known partners first, then directory entries not already
// among them. Only someone who may change the check's partners may ask.
func (s *Service) SuggestPartners(ctx context.Context, actor kscheck.Actor, id int64, q string, limit int) ([]Suggestion, error) {
	c, err := s.store.Case(ctx, id)
	if err != nil || !kscheck.Can(actor, c, kscheck.PermView) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no check number %d, or you may not see it", id).Translated("err.case.not_found")
	}
	if !kscheck.Can(actor, c, kscheck.PermEdit) {
		return nil, kscheck.Errorf(kscheck.EForbidden, "only the initiator can add partners, while the check is a draft, in the supplementary questionnaire or postponed").Translated("err.partner.add_who")
	}
	if err := kscheck.LimitSearch.Check(q); err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 || len(q) > 200 {
		return nil, nil
	}
	known, err := s.store.SearchPartners(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	seen := map[string]bool{}
	key := func(name, country string) string { return strings.ToLower(name) + "\x00" + country }
	for _, p := range known {
		out = append(out, Suggestion{Name: p.Name, Type: p.Type, Country: p.Country, Website: p.Website, Known: true})
		seen[key(p.Name, p.Country)] = true
	}
	entries, err := directory.Search(q, limit)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if len(out) >= limit {
			break
		}
		if !seen[key(e.Name, e.Country)] {
			out = append(out, Suggestion{Name: e.Name, Type: kscheck.PartnerOrganization, Country: e.Country, Website: e.Website})
		}
	}
	return out, nil
}

// QueueLine is a check in the Advice Desk's queue with what the queue
// shows beside it: its open screening candidates and who has it.
type QueueLine struct {
	*kscheck.Case
	OpenCandidates []string
	Assignee       string
}

// DeskQueue returns the Advice Desk's queue under f (f.Queue is implied),
// with the open screening candidates and the assignee of each check.
func (s *Service) DeskQueue(ctx context.Context, actor kscheck.Actor, f kscheck.CaseFilter) ([]QueueLine, int, error) {
	if !actor.HasAnywhere(kscheck.RoleDeskCoordinator) && !actor.HasAnywhere(kscheck.RoleDeskAdviser) {
		return nil, 0, kscheck.Errorf(kscheck.EForbidden, "the queue is for the Advice Desk").Translated("err.access.queue")
	}
	f.Queue = true
	cases, total, err := s.store.ListCases(ctx, actor, f)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	open, err := s.store.OpenCandidates(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	names := map[int64]string{}
	out := make([]QueueLine, len(cases))
	for i, c := range cases {
		out[i] = QueueLine{Case: c, OpenCandidates: open[c.ID]}
		if c.AssigneeID == 0 {
			continue
		}
		if _, ok := names[c.AssigneeID]; !ok {
			p, err := s.store.Person(ctx, c.AssigneeID)
			if err != nil {
				return nil, 0, err
			}
			names[c.AssigneeID] = p.Name
		}
		out[i].Assignee = names[c.AssigneeID]
	}
	return out, total, nil
}
