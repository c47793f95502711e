package procedure

import (
	"fmt"
	"slices"
	"strings"
)

// checkReferences reports names that point at nothing: the start, every
// `next`, the answers conditions test, the values they compare with, and
// the vocabularies questions choose from.
func checkReferences(p *Procedure) []Problem {
	var probs []Problem
	add := func(path, key, format string, args ...any) {
		probs = append(probs, p.problem(path, key, format, args...))
	}
	flow := map[string]bool{}
	for _, q := range p.Questions() {
		flow[q.ID] = true
	}
	target := func(path, id string) {
		if id != "" && !flow[id] {
			add(path, "procedure_check.not_a_question", "%q is not a question of the flowchart; check the id (supplementary questions cannot be jumped to)", id)
		}
	}
	if p.Start != "" {
		target("start", p.Start)
	}
	vs, err := ShippedVocabularies()
	if err != nil {
		return []Problem{p.problem("id", "procedure_check.vocabularies_unreadable", "the shared vocabularies cannot be read: %s", err)}
	}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		target(q.path+".next", q.Next)
		for _, key := range sortedKeys(q.On) {
			if b := q.On[key]; b != nil {
				target(q.path+".on."+key+".next", b.Next)
			}
		}
		if q.Type == Vocabulary && q.Vocabulary != "" && vs.Get(q.Vocabulary) == nil {
			add(q.path+".vocabulary", "procedure_check.unknown_vocabulary", "vocabulary %q does not exist; known vocabularies: %s", q.Vocabulary, strings.Join(vs.IDs(), ", "))
		}
		walkConditions(q.When, q.path+".when", func(c *Condition, path string) {
			probs = append(probs, checkCondition(p, c, path)...)
		})
	}
	return probs
}

// checkCondition checks one condition node: it uses exactly one form, and
// a test on an answer names a flowchart question and one of its answers.
func checkCondition(p *Procedure, c *Condition, path string) []Problem {
	forms := 0
	for _, used := range []bool{c.Answer != "", len(c.Any) > 0, len(c.All) > 0, c.Not != nil} {
		if used {
			forms++
		}
	}
	if forms != 1 {
		return []Problem{p.problem(path, "procedure_check.condition_forms", "a condition uses exactly one of `answer:` (with `is:` or `in:`), `any:`, `all:` or `not:`")}
	}
	if c.Answer == "" {
		return nil
	}
	q := p.Question(c.Answer)
	if q == nil || strings.HasPrefix(q.path, "supplementary") {
		return []Problem{p.problem(path+".answer", "procedure_check.condition_not_a_question", "the condition tests %q, which is not a question of the flowchart", c.Answer)}
	}
	values := c.In
	if c.Is != "" {
		values = append([]string{c.Is}, values...)
	}
	if len(values) == 0 {
		return []Problem{p.problem(path, "procedure_check.condition_no_values", "the condition on %q needs `is:` or `in:` with the answers it looks for", c.Answer)}
	}
	allowed := p.answerValues(q)
	if allowed == nil {
		return nil // free text: any value may be compared
	}
	var probs []Problem
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			probs = append(probs, p.problem(path, "procedure_check.condition_not_an_answer", "%q is not an answer of question %q", v, c.Answer))
		}
	}
	return probs
}

// answerValues lists the answers q accepts, or nil for free text.
func (p *Procedure) answerValues(q *Question) []string {
	switch q.Type {
	case YesNo:
		return []string{"yes", "no"}
	case Single, Multiple:
		var codes []string
		for _, c := range q.Choices {
			codes = append(codes, c.Code)
		}
		return codes
	case Vocabulary:
		var codes []string
		if v := p.vocab(q); v != nil {
			for _, e := range v.Entries {
				codes = append(codes, e.Code)
			}
		}
		return codes
	}
	return nil
}

// walkConditions calls fn for c and every condition nested in it, with the
// path where each is written.
func walkConditions(c *Condition, path string, fn func(c *Condition, path string)) {
	if c == nil {
		return
	}
	fn(c, path)
	for i, sub := range c.Any {
		walkConditions(sub, fmt.Sprintf("%s.any[%d]", path, i), fn)
	}
	for i, sub := range c.All {
		walkConditions(sub, fmt.Sprintf("%s.all[%d]", path, i), fn)
	}
	walkConditions(c.Not, path+".not", fn)
}
