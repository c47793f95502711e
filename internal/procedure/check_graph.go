package procedure

import (
	"slices"
	"strings"
)

// checkReachable reports flowchart questions that no path from the start
// reaches: nobody would ever be asked them.
func checkReachable(p *Procedure) []Problem {
	if p.Question(p.Start) == nil {
		return nil // checkReferences already reports the start
	}
	reached := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		q := p.Question(id)
		if q == nil || reached[id] {
			return
		}
		reached[id] = true
		for _, o := range p.outcomes(q) {
			visit(o.next)
		}
	}
	visit(p.Start)
	var probs []Problem
	for _, q := range p.Questions() {
		if !reached[q.ID] {
			probs = append(probs, p.problem(q.path+".id", "procedure_check.unreachable",
				"no path from the start (%q) reaches question %q; point a `next:` at it or remove it", p.Start, q.ID))
		}
	}
	return probs
}

// checkEndsInRoute reports every way out of a question that ends the
// flowchart without saying which route it leads to.
func checkEndsInRoute(p *Procedure) []Problem {
	var probs []Problem
	for _, q := range p.Questions() {
		for _, o := range p.outcomes(q) {
			if o.next != "" || (o.branch != nil && o.branch.Route != "") {
				continue
			}
			if o.key == OutcomeSkipped {
				probs = append(probs, p.problem(q.path+".when", "procedure_check.skipped_ends",
					"when question %q is skipped (its condition does not hold) the flowchart ends without a route; give the question `next:`", q.ID))
				continue
			}
			probs = append(probs, p.problem(q.path, "procedure_check.answer_ends",
				"the answer %q to question %q ends the flowchart without a route; give it `on: {%s: {route: ...}}` or a `next:`", o.key, q.ID, o.key))
		}
	}
	return probs
}

// checkCycles reports a path that leads back to a question already on it:
// a flowchart must always move forward, or a person could answer forever.
func checkCycles(p *Procedure) []Problem {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var probs []Problem
	var path []string
	var visit func(q *Question)
	visit = func(q *Question) {
		state[q.ID] = onPath
		path = append(path, q.ID)
		for _, o := range p.outcomes(q) {
			next := p.Question(o.next)
			if next == nil {
				continue
			}
			switch state[next.ID] {
			case onPath:
				loop := append(path[slices.Index(path, next.ID):], next.ID)
				probs = append(probs, p.problem(q.path, "procedure_check.cycle",
					"the answer %q to question %q leads back to %q, a cycle (%s); a flowchart must always move forward",
					o.key, q.ID, next.ID, strings.Join(loop, " → ")))
			case unseen:
				visit(next)
			}
		}
		path = path[:len(path)-1]
		state[q.ID] = done
	}
	for _, q := range p.Questions() {
		if state[q.ID] == unseen {
			visit(q)
		}
	}
	return probs
}
