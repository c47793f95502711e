package procedure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// checkSchema reports missing and malformed fields: the shape a procedure
// must have before its references and paths can be followed.
func checkSchema(p *Procedure) []Problem {
	var probs []Problem
	add := func(path, key, format string, args ...any) {
		probs = append(probs, p.problem(path, key, format, args...))
	}
	if p.ID == "" {
		add("id", "procedure_check.schema_id", "the procedure needs an `id`, e.g. `id: university`")
	}
	if p.Version == "" {
		add("version", "procedure_check.schema_version", "the procedure needs a `version`, e.g. `version: \"2025.1\"`; a case records the version it started under")
	}
	if p.Track != kscheck.TrackKnowledgeSecurity && p.Track != kscheck.TrackFossilFuel {
		add("track", "procedure_check.schema_track", "`track` must be %q or %q, not %q", kscheck.TrackKnowledgeSecurity, kscheck.TrackFossilFuel, p.Track)
	}
	if len(p.AppliesTo.Units) == 0 {
		add("applies_to.units", "procedure_check.schema_units", "applies_to needs `units`: the codes of the units (with their descendants) the procedure is for")
	}
	if !p.until.IsZero() && !p.until.After(p.from) {
		add("applies_to.until", "procedure_check.schema_until", "`until` (%s) must be after `from` (%s); until is the first day the procedure no longer applies", p.AppliesTo.Until, p.AppliesTo.From)
	}
	if p.DeadlineWeeks <= 0 {
		add("deadline_weeks", "procedure_check.schema_deadline", "`deadline_weeks` must be the committee's maximum in weeks (e.g. 4)")
	}
	if p.ExternalAdviceWeeks != 0 && p.ExternalAdviceWeeks < p.DeadlineWeeks {
		add("external_advice_weeks", "procedure_check.schema_external_advice", "`external_advice_weeks` (%d) cannot be shorter than `deadline_weeks` (%d)", p.ExternalAdviceWeeks, p.DeadlineWeeks)
	}
	if p.Start == "" {
		add("start", "procedure_check.schema_start", "the procedure needs `start`: the id of the first question")
	}
	if len(p.Sections) == 0 {
		add("sections", "procedure_check.schema_sections", "the procedure needs at least one section with questions")
	}
	seen := map[string]string{}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		if q.ID == "" {
			add(q.path, "procedure_check.question_id_missing", "every question needs an `id`")
		} else if first, dup := seen[q.ID]; dup {
			add(q.path+".id", "procedure_check.question_id_twice", "question id %q is used twice (first at line %d); ids must be unique", q.ID, p.pos.at(first).line)
		} else {
			seen[q.ID] = q.path
		}
		probs = append(probs, checkQuestionShape(p, q)...)
	}
	for _, q := range p.SupplementaryQuestions() {
		if len(q.On) > 0 || q.Next != "" {
			add(q.path, "procedure_check.supplementary_branches", "supplementary question %q has `on:` or `next:`, but the supplementary questionnaire is asked as a whole and does not branch; remove them", q.ID)
		}
	}
	codes := map[string]bool{}
	for i, m := range p.Mitigations {
		path := fmt.Sprintf("mitigations[%d]", i)
		if m.Code == "" || codes[m.Code] {
			add(path, "procedure_check.mitigation_code", "every mitigation measure needs its own `code` (missing or repeated: %q)", m.Code)
		}
		codes[m.Code] = true
	}
	return probs
}

// checkQuestionShape checks that a question's type, choices and branches fit
// together.
func checkQuestionShape(p *Procedure, q *Question) []Problem {
	var probs []Problem
	add := func(path, key, format string, args ...any) {
		probs = append(probs, p.problem(path, key, format, args...))
	}
	switch q.Type {
	case YesNo, FreeText:
	case Single, Multiple:
		if len(q.Choices) < 2 {
			add(q.path+".choices", "procedure_check.choices_missing", "question %q of type %s needs at least two `choices`", q.ID, q.Type)
		}
	case Vocabulary:
		if q.Vocabulary == "" {
			add(q.path, "procedure_check.vocabulary_missing", "question %q of type vocabulary needs `vocabulary:`, the id of a shared vocabulary", q.ID)
		}
	default:
		add(q.path+".type", "procedure_check.unknown_type", "question %q has type %q; use one of yesno, single, multiple, text, vocabulary", q.ID, q.Type)
		return probs
	}
	valid := validBranchKeys(q)
	for _, key := range sortedKeys(q.On) {
		path := q.path + ".on." + key
		if !slices.Contains(valid, key) {
			if len(valid) == 0 {
				add(path, "procedure_check.cannot_branch", "question %q (%s) cannot branch on its answer; use `next:` only", q.ID, q.Type)
			} else {
				add(path, "procedure_check.branch_key", "question %q cannot branch on %q; its answers are: %s", q.ID, key, strings.Join(valid, ", "))
			}
		}
		b := q.On[key]
		if b == nil {
			add(path, "procedure_check.empty_branch", "the branch %q of question %q is empty; give it `next:` or `route:`", key, q.ID)
			continue
		}
		if b.Route != "" && !slices.Contains(routes, b.Route) {
			add(path+".route", "procedure_check.unknown_route", "route %q is unknown; use one of cleared, supplementary, advice, committee", b.Route)
		}
		for i, a := range b.Aspects {
			if !slices.Contains(Aspects, a) {
				add(fmt.Sprintf("%s.aspects[%d]", path, i), "procedure_check.unknown_aspect", "risk aspect %q is unknown; use knowledge_transfer, influence or ethics", a)
			}
		}
	}
	return probs
}

// routes are the routes a branch may call for.
var routes = []kscheck.Route{kscheck.RouteCleared, kscheck.RouteSupplementary, kscheck.RouteAdvice, kscheck.RouteCommittee}

// validBranchKeys lists the keys `on:` may use for q.
func validBranchKeys(q *Question) []string {
	switch q.Type {
	case YesNo:
		return []string{"yes", "no"}
	case Single:
		var codes []string
		for _, c := range q.Choices {
			codes = append(codes, c.Code)
		}
		return codes
	case Multiple:
		return []string{OutcomeAny, OutcomeNone}
	case Vocabulary:
		return []string{OutcomeFlagged, OutcomeAny, OutcomeNone}
	}
	return nil
}

// sortedKeys returns m's keys in order, so that problems come out stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
