package procedure

import "slices"

// Outcome keys that are not an answer value themselves.
const (
	OutcomeFlagged  = "flagged"  // a flagged vocabulary entry was chosen
	OutcomeAny      = "any"      // something was chosen
	OutcomeNone     = "none"     // nothing was chosen
	OutcomeAnswered = "answered" // a free text was given
	OutcomeSkipped  = "skipped"  // the question's condition did not hold
)

// outcome is one way out of a question: what kind of answer, the branch it
// takes (nil when the answer has no branch of its own) and where it leads
// ("" when the flowchart ends there).
type outcome struct {
	key    string
	branch *Branch
	next   string
}

// outcomes lists every way out of q, so that the checker can follow each
// path and the renderer can draw each edge. The evaluator takes one of them
// through branchFor, which uses the same fallbacks.
func (p *Procedure) outcomes(q *Question) []outcome {
	var keys []string
	switch q.Type {
	case YesNo:
		keys = []string{"yes", "no"}
	case Single:
		for _, c := range q.Choices {
			keys = append(keys, c.Code)
		}
	case Multiple, Vocabulary:
		if v := p.vocab(q); v != nil && slices.ContainsFunc(v.Entries, func(e Entry) bool { return e.Flagged }) {
			keys = append(keys, OutcomeFlagged)
		}
		keys = append(keys, OutcomeAny)
		if q.Type == Multiple || q.Multiple || !q.Required {
			keys = append(keys, OutcomeNone)
		}
	case FreeText:
		keys = []string{OutcomeAnswered}
	}
	var outs []outcome
	for _, k := range keys {
		b := q.branch(k)
		outs = append(outs, outcome{k, b, q.nextAfter(b)})
	}
	if q.When != nil {
		outs = append(outs, outcome{OutcomeSkipped, nil, q.Next})
	}
	return outs
}

// branch returns the branch for an outcome key; a flagged choice is also a
// choice, so without a "flagged" branch it takes the "any" branch.
func (q *Question) branch(key string) *Branch {
	if b := q.On[key]; b != nil {
		return b
	}
	if key == OutcomeFlagged {
		return q.On[OutcomeAny]
	}
	return nil
}

// nextAfter is where the flowchart goes after taking b.
func (q *Question) nextAfter(b *Branch) string {
	if b != nil && b.Next != "" {
		return b.Next
	}
	return q.Next
}

// vocab returns the vocabulary a question chooses from, or nil.
func (p *Procedure) vocab(q *Question) *Vocab {
	if q.Type != Vocabulary {
		return nil
	}
	vs, err := ShippedVocabularies()
	if err != nil {
		return nil
	}
	return vs.Get(q.Vocabulary)
}
