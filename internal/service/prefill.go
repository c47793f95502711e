package service

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/store"
)

// prefill writes into c's answers what its own data answers (the kind of
// activity, the partners' country: questions that say answered_from), and
// re-evaluates the route, so that the flowchart never asks again what the
// check already holds and cannot disagree with it. It is called on every
// change to that data while the check is with its initiator; after the
// hand-over the answers stay as they were handed over.
func (s *Service) prefill(c *kscheck.Case, partners []*kscheck.Partner) error {
	p, err := s.ProcedureOf(c)
	if err != nil {
		return err
	}
	if c.Answers == nil {
		c.Answers = map[string]any{}
	}
	for id, v := range p.Prefilled(caseFacts(c, partners)) {
		c.Answers[id] = v
	}
	c.Route = p.Evaluate(c.Answers).Route
	return nil
}

// prefillFrom is prefill with the partners c has in tx.
func (s *Service) prefillFrom(ctx context.Context, tx *store.Tx, c *kscheck.Case) error {
	partners, err := tx.CasePartners(ctx, c.ID)
	if err != nil {
		return err
	}
	return s.prefill(c, partners)
}

// caseFacts is what questions may be answered from: the kind, and the
// partners' countries in the order they were added.
func caseFacts(c *kscheck.Case, partners []*kscheck.Partner) procedure.CaseFacts {
	f := procedure.CaseFacts{Kind: string(c.Kind)}
	for _, pt := range partners {
		f.PartnerCountries = append(f.PartnerCountries, pt.Country)
	}
	return f
}

// checkNotPrefilled refuses answers that contradict what the check's own
// data answers: the place to change those is the check itself (its kind,
// its partners), not the flowchart.
func checkNotPrefilled(p *procedure.Procedure, c *kscheck.Case, partners []*kscheck.Partner, answers map[string]any) error {
	given := p.Prefilled(caseFacts(c, partners))
	for _, id := range slices.Sorted(maps.Keys(answers)) {
		if v, ok := given[id]; ok && fmt.Sprint(v) != fmt.Sprint(answers[id]) {
			q := p.Question(id)
			if q.AnsweredFrom == procedure.FieldKind {
				return kscheck.Errorf(kscheck.EInvalid, "question %q is answered by the check's kind of activity; change it on the check, not in the flowchart", id).Translated("err.flow.answered_by_kind")
			}
			return kscheck.Errorf(kscheck.EInvalid, "question %q is answered by the check's partners; change them on the check, not in the flowchart", id).Translated("err.flow.answered_by_partners")
		}
	}
	return nil
}
