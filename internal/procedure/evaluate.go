package procedure

import "github.com/kscheck/kscheck/internal/kscheck"

// Evaluation is what a set of answers amounts to under one procedure
// version. It is deterministic: the same answers always give the same
// evaluation, trail included.
type Evaluation struct {
	Procedure string `json:"procedure"`
	Version   string `json:"version"`
	// Route is the heaviest route raised along the path; RouteNone until
	// every required question on the path is answered.
	Route    kscheck.Route `json:"route"`
	Complete bool          `json:"complete"`
	// Missing is the required question the path stopped at, if any.
	Missing       string         `json:"missing,omitempty"`
	LegalStop     bool           `json:"legal_stop"`
	Supplementary bool           `json:"supplementary"` // the supplementary questionnaire is needed
	Aspects       []RaisedAspect `json:"aspects"`
	Opportunities []Opportunity  `json:"opportunities"`
	Trail         []Step         `json:"trail"`
}

// RaisedAspect is a risk aspect with the answers that raised it.
type RaisedAspect struct {
	Aspect Aspect  `json:"aspect"`
	By     []Cause `json:"by"`
}

// Cause names a question and the answer given to it.
type Cause struct {
	Question string   `json:"question"`
	Outcome  string   `json:"outcome"` // as in Step
	Answer   []string `json:"answer,omitempty"`
}

// Opportunity is an answer recorded as an opportunity of the collaboration.
type Opportunity struct {
	Question string `json:"question"`
	Text     string `json:"text"`
}

// Step is one question on the path and what its answer did.
type Step struct {
	Question  string        `json:"question"`
	Outcome   string        `json:"outcome"` // yes, no, a choice code, flagged, any, none, answered, skipped, unanswered
	Answer    []string      `json:"answer,omitempty"`
	Route     kscheck.Route `json:"route,omitempty"`
	Aspects   []Aspect      `json:"aspects,omitempty"`
	LegalStop bool          `json:"legal_stop,omitempty"`
	Because   Text          `json:"because,omitzero"`
	Next      string        `json:"next,omitempty"`
}

// outcomeUnanswered marks an optional question left open.
const outcomeUnanswered = "unanswered"

// Evaluate follows the flowchart from the start with answers (by question
// id, as decoded from JSON: true/false or "yes"/"no", codes, lists of
// codes, texts). It stops at the first required question on the path that
// has no valid answer. Use ValidateAnswers to tell the person what is wrong
// with an answer; here an invalid answer counts as none.
func (p *Procedure) Evaluate(answers map[string]any) Evaluation {
	ev := Evaluation{Procedure: p.ID, Version: p.Version, Aspects: []RaisedAspect{}, Opportunities: []Opportunity{}, Trail: []Step{}}
	raised := map[Aspect][]Cause{}
	seen := map[string]bool{}
	route := kscheck.RouteNone
	for id := p.Start; id != "" && !seen[id]; {
		q := p.Question(id)
		if q == nil {
			break
		}
		seen[id] = true
		step := Step{Question: id}
		var b *Branch
		a, ok, err := p.readAnswer(q, answers[id])
		switch {
		case !p.Holds(q.When, answers):
			step.Outcome = OutcomeSkipped
		case (!ok || err != nil) && q.Required:
			ev.Missing = id
			ev.Aspects = aspectList(raised)
			return ev
		case !ok || err != nil:
			step.Outcome = outcomeUnanswered
		default:
			step.Outcome, step.Answer = a.outcome, a.values
			b = q.branch(a.outcome)
			if q.Opportunity {
				ev.Opportunities = append(ev.Opportunities, Opportunity{id, a.values[0]})
			}
		}
		if b != nil {
			step.Route, step.Aspects, step.LegalStop, step.Because = b.Route, b.Aspects, b.LegalStop, b.Because
			if b.Route.Heavier(route) {
				route = b.Route
			}
			ev.LegalStop = ev.LegalStop || b.LegalStop
			for _, asp := range b.Aspects {
				raised[asp] = append(raised[asp], Cause{id, step.Outcome, step.Answer})
			}
		}
		step.Next = q.nextAfter(b)
		ev.Trail = append(ev.Trail, step)
		id = step.Next
	}
	ev.Complete = true
	ev.Route = route
	ev.Aspects = aspectList(raised)
	ev.Supplementary = route.Heavier(kscheck.RouteCleared) && len(p.Supplementary) > 0
	return ev
}

// aspectList orders the raised aspects as the policy lists them.
func aspectList(raised map[Aspect][]Cause) []RaisedAspect {
	list := []RaisedAspect{}
	for _, a := range Aspects {
		if by := raised[a]; len(by) > 0 {
			list = append(list, RaisedAspect{a, by})
		}
	}
	return list
}

// Visible returns the flowchart questions to show for answers: those on the
// path so far whose condition holds, up to and including the first
// required question still open.
func (p *Procedure) Visible(answers map[string]any) []*Question {
	ev := p.Evaluate(answers)
	var qs []*Question
	for _, s := range ev.Trail {
		if s.Outcome != OutcomeSkipped {
			qs = append(qs, p.Question(s.Question))
		}
	}
	if ev.Missing != "" {
		qs = append(qs, p.Question(ev.Missing))
	}
	return qs
}

// Unanswered returns the required questions still blank for answers: the
// one the flowchart's path stops at, if any, and, when the answers call
// for the supplementary questionnaire, each of its required questions
// that applies. A check goes to the director only when there are none.
func (p *Procedure) Unanswered(answers map[string]any) []*Question {
	ev := p.Evaluate(answers)
	if !ev.Complete {
		return []*Question{p.Question(ev.Missing)}
	}
	var out []*Question
	if ev.Supplementary {
		for _, q := range p.SupplementaryQuestions() {
			if !q.Required || !p.Holds(q.When, answers) {
				continue
			}
			if _, ok, err := p.readAnswer(q, answers[q.ID]); !ok || err != nil {
				out = append(out, q)
			}
		}
	}
	return out
}
