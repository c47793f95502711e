package procedure

import "slices"

// CaseField names data a check holds from its start that a flowchart
// question may be answered from.
type CaseField string

// The case fields a question can be answered from, with the vocabulary the
// question must choose from for the case's codes to be its answers.
const (
	// FieldKind is the kind of activity chosen when the check started.
	FieldKind CaseField = "kind"
	// FieldPartnerCountry is the country of the check's partners.
	FieldPartnerCountry CaseField = "partner_country"
)

// caseFieldVocabulary is the vocabulary whose codes each case field holds.
var caseFieldVocabulary = map[CaseField]string{
	FieldKind:           "activity_kinds",
	FieldPartnerCountry: "countries",
}

// CaseFacts is what a check holds that questions may be answered from.
type CaseFacts struct {
	Kind string
	// PartnerCountries are the countries of the partners in the order they
	// were added (the lead partner first), blanks left out.
	PartnerCountries []string
}

// Prefilled returns the answers the check's own data gives, by question
// id. A question that takes one country is answered with the lead
// partner's; one that takes several with every partner's country. A
// question whose data is not there yet (no partner with a country) is left
// out: it is asked as any other question until the data is given.
func (p *Procedure) Prefilled(f CaseFacts) map[string]any {
	out := map[string]any{}
	for _, q := range p.Questions() {
		switch q.AnsweredFrom {
		case FieldKind:
			if f.Kind != "" {
				out[q.ID] = f.Kind
			}
		case FieldPartnerCountry:
			var countries []string
			for _, c := range f.PartnerCountries {
				if c != "" && !slices.Contains(countries, c) {
					countries = append(countries, c)
				}
			}
			switch {
			case len(countries) == 0:
			case q.Multiple:
				out[q.ID] = countries
			default:
				out[q.ID] = countries[0]
			}
		}
	}
	return out
}

// DoubtQuestion returns the flowchart question that asks about remaining
// doubt, or nil when the procedure leaves it to the form.
func (p *Procedure) DoubtQuestion() *Question {
	for _, q := range p.Questions() {
		if q.Doubt {
			return q
		}
	}
	return nil
}

// checkCaseFields reports questions answered from case data that do not
// fit the data (a case's kind is one activity kind, a partner's country a
// country code) and doubt questions that cannot be answered yes or no.
func checkCaseFields(p *Procedure) []Problem {
	var probs []Problem
	add := func(q *Question, field, key, format string, args ...any) {
		probs = append(probs, p.problem(q.path+"."+field, key, format, args...))
	}
	doubts := 0
	for _, q := range p.SupplementaryQuestions() {
		if q.AnsweredFrom != "" || q.Doubt {
			add(q, "id", "procedure_check.supplementary_case_field", "supplementary question %q cannot use `answered_from:` or `doubt:`; they belong to the flowchart's questions", q.ID)
		}
	}
	for _, q := range p.Questions() {
		if q.Doubt {
			doubts++
			if q.Type != YesNo {
				add(q, "doubt", "procedure_check.doubt_type", "the doubt question %q must be of type yesno", q.ID)
			}
			if doubts > 1 {
				add(q, "doubt", "procedure_check.doubt_twice", "only one question may ask about doubt; %q is the second", q.ID)
			}
		}
		if q.AnsweredFrom == "" {
			continue
		}
		vocab, known := caseFieldVocabulary[q.AnsweredFrom]
		switch {
		case !known:
			add(q, "answered_from", "procedure_check.answered_from_unknown", "`answered_from: %s` is unknown; use kind or partner_country", q.AnsweredFrom)
		case q.Type != Vocabulary || q.Vocabulary != vocab:
			add(q, "answered_from", "procedure_check.answered_from_type", "question %q is answered from the check's %s, so it must be of type vocabulary with `vocabulary: %s`", q.ID, q.AnsweredFrom, vocab)
		case q.AnsweredFrom == FieldKind && q.Multiple:
			add(q, "answered_from", "procedure_check.answered_from_multiple", "question %q is answered from the check's kind, which is one kind; remove `multiple: true`", q.ID)
		}
	}
	return probs
}
