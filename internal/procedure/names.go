package procedure

import (
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// routeNames are the routes as a person reads them.
var routeNames = map[kscheck.Route]Text{
	kscheck.RouteNone:          {"Not yet known", "Nog niet bekend"},
	kscheck.RouteCleared:       {"Cleared by initiator and director", "Vrijgegeven door initiatiefnemer en directeur"},
	kscheck.RouteSupplementary: {"Supplementary questionnaire", "Aanvullende vragenlijst"},
	kscheck.RouteAdvice:        {"Adviser's advice recommended", "Advies van de adviseur aanbevolen"},
	kscheck.RouteCommittee:     {"Committee decides (mandatory)", "Commissie beslist (verplicht)"},
}

// RouteName returns the name of route r in lang ("en" or "nl").
func RouteName(r kscheck.Route, lang string) string { return routeNames[r].In(lang) }

// aspectNames are the risk aspects as a person reads them.
var aspectNames = map[Aspect]Text{
	KnowledgeTransfer: {"knowledge transfer", "kennisoverdracht"},
	Influence:         {"influence", "beïnvloeding"},
	Ethics:            {"ethics", "ethiek"},
}

// AspectName returns the name of risk aspect a in lang.
func AspectName(a Aspect, lang string) string { return aspectNames[a].In(lang) }

// outcomeNames are the outcome keys as edge labels.
var outcomeNames = map[string]Text{
	"yes":             {"yes", "ja"},
	"no":              {"no", "nee"},
	OutcomeFlagged:    {"sensitive", "gevoelig"},
	OutcomeAny:        {"any chosen", "iets gekozen"},
	OutcomeNone:       {"none", "geen"},
	OutcomeAnswered:   {"", ""},
	OutcomeSkipped:    {"not asked", "niet gevraagd"},
	outcomeUnanswered: {"unanswered", "onbeantwoord"},
}

// OutcomeName returns how an answer's outcome reads in lang; a choice code
// reads as the choice's text.
func (q *Question) OutcomeName(key, lang string) string {
	if t, ok := outcomeNames[key]; ok {
		return t.In(lang)
	}
	for _, c := range q.Choices {
		if c.Code == key {
			return c.Text.In(lang)
		}
	}
	return key
}

// AnswerText is how an answer to question id reads in lang: yes or no in
// words, chosen choices and vocabulary entries by their text (marked when
// sensitive), a free text as given, and "not asked" for a skipped question.
func (p *Procedure) AnswerText(id, outcome string, values []string, lang string) string {
	q := p.Question(id)
	if q == nil {
		return strings.Join(values, ", ")
	}
	if q.Type == YesNo || len(values) == 0 {
		return q.OutcomeName(outcome, lang)
	}
	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = v
		if e := p.vocabEntry(q, v); e != nil {
			texts[i] = e.Text.In(lang)
		} else if q.Type != FreeText {
			texts[i] = q.OutcomeName(v, lang)
		}
	}
	text := strings.Join(texts, "; ")
	if outcome == OutcomeFlagged {
		text += " (" + q.OutcomeName(outcome, lang) + ")"
	}
	return text
}

// vocabEntry returns the entry code of q's vocabulary, or nil.
func (p *Procedure) vocabEntry(q *Question, code string) *Entry {
	if v := p.vocab(q); v != nil {
		return v.Entry(code)
	}
	return nil
}

// AnswerOf is how the stored answer v to question id reads in lang; ok is
// false when v is no answer (blank, or not one the question takes).
func (p *Procedure) AnswerOf(id string, v any, lang string) (text string, ok bool) {
	q := p.Question(id)
	if q == nil {
		return "", false
	}
	a, ok, err := p.readAnswer(q, v)
	if !ok || err != nil {
		return "", false
	}
	return p.AnswerText(id, a.outcome, a.values, lang), true
}
