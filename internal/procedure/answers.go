package procedure

import (
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// answer is an answer read against its question: the outcome it leads to
// and its values ("yes", choice codes, vocabulary codes, or the text).
type answer struct {
	outcome string
	values  []string
}

// readAnswer interprets v (as decoded from JSON or a form) for q. ok is
// false when there is no answer; err says why a given answer is not one of
// q's answers.
func (p *Procedure) readAnswer(q *Question, v any) (a answer, ok bool, err *kscheck.Error) {
	if v == nil {
		return answer{}, false, nil
	}
	switch q.Type {
	case YesNo:
		switch v {
		case true, "yes":
			return answer{"yes", []string{"yes"}}, true, nil
		case false, "no":
			return answer{"no", []string{"no"}}, true, nil
		}
		return answer{}, false, kscheck.Errorf(kscheck.EInvalid, "question %q takes yes or no, not %v", q.ID, v).Translated("err.answer.yes_no")
	case FreeText:
		s, isString := v.(string)
		if !isString {
			return answer{}, false, kscheck.Errorf(kscheck.EInvalid, "question %q takes a text, not %v", q.ID, v).Translated("err.answer.text")
		}
		if strings.TrimSpace(s) == "" {
			return answer{}, false, nil
		}
		return answer{OutcomeAnswered, []string{s}}, true, nil
	}
	codes, err := codesOf(q, v)
	if err != nil {
		return answer{}, false, err
	}
	for _, c := range codes {
		if !p.accepts(q, c) {
			return answer{}, false, kscheck.Errorf(kscheck.EInvalid, "%q is not an answer of question %q", c, q.ID).Translated("err.answer.not_a_choice")
		}
	}
	if q.Type == Single {
		return answer{codes[0], codes}, true, nil
	}
	return answer{p.choiceOutcome(q, codes), codes}, true, nil
}

// accepts reports whether code is a choice of q or an entry of its
// vocabulary.
func (p *Procedure) accepts(q *Question, code string) bool {
	if q.Type == Vocabulary {
		return p.vocabEntry(q, code) != nil
	}
	return slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.Code == code })
}

// codesOf reads one code (single choice) or a list of codes.
func codesOf(q *Question, v any) ([]string, *kscheck.Error) {
	single := q.Type == Single || (q.Type == Vocabulary && !q.Multiple)
	if s, ok := v.(string); ok && single {
		return []string{s}, nil
	}
	if single {
		return nil, kscheck.Errorf(kscheck.EInvalid, "question %q takes one code, not %v", q.ID, v).Translated("err.answer.one_code")
	}
	switch list := v.(type) {
	case []string:
		return list, nil
	case []any:
		codes := make([]string, len(list))
		for i, x := range list {
			s, ok := x.(string)
			if !ok {
				return nil, kscheck.Errorf(kscheck.EInvalid, "question %q takes a list of codes, and %v is not a code", q.ID, x).Translated("err.answer.not_a_code")
			}
			codes[i] = s
		}
		return codes, nil
	}
	return nil, kscheck.Errorf(kscheck.EInvalid, "question %q takes a list of codes, not %v", q.ID, v).Translated("err.answer.codes")
}

// choiceOutcome is the outcome of a multiple or vocabulary answer.
func (p *Procedure) choiceOutcome(q *Question, codes []string) string {
	if len(codes) == 0 {
		return OutcomeNone
	}
	for _, c := range codes {
		if e := p.vocabEntry(q, c); e != nil && e.Flagged {
			return OutcomeFlagged
		}
	}
	return OutcomeAny
}

// ValidateAnswers reports answers to questions the procedure does not have
// and answers a question does not accept, all at once, as a kscheck.EInvalid
// error; nil when every answer fits.
func (p *Procedure) ValidateAnswers(answers map[string]any) error {
	var problems kscheck.Problems
	for _, id := range sortedKeys(answers) {
		q := p.Question(id)
		if q == nil {
			problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "%s has no question %q", p.Ref(), id).Translated("err.answer.no_question"))
			continue
		}
		if _, _, err := p.readAnswer(q, answers[id]); err != nil {
			problems = append(problems, err)
		}
	}
	if len(problems) > 0 {
		return kscheck.Errorf(kscheck.EInvalid, "%s.", problems).Translated("err.problems")
	}
	return nil
}

// Holds reports whether condition c holds for answers; a nil condition
// always holds. A test on a multiple answer holds when any chosen value is
// among those named.
func (p *Procedure) Holds(c *Condition, answers map[string]any) bool {
	switch {
	case c == nil:
		return true
	case len(c.Any) > 0:
		return slices.ContainsFunc(c.Any, func(s *Condition) bool { return p.Holds(s, answers) })
	case len(c.All) > 0:
		return !slices.ContainsFunc(c.All, func(s *Condition) bool { return !p.Holds(s, answers) })
	case c.Not != nil:
		return !p.Holds(c.Not, answers)
	}
	q := p.Question(c.Answer)
	if q == nil {
		return false
	}
	a, ok, err := p.readAnswer(q, answers[c.Answer])
	if !ok || err != nil {
		return false
	}
	return slices.ContainsFunc(a.values, func(v string) bool { return v == c.Is || slices.Contains(c.In, v) })
}
