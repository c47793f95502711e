package procedure

import (
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// The product's own words in a procedure (routes, risk aspects, the
// outcomes of answers) live in the i18n catalogs (vocabulary.json), under
// keys starting with vocabKey, like every other word of the interface.
const vocabKey = "vocab."

// term returns the catalog text of key in lang.
func term(key, lang string) string { return i18n.Shared().Localizer(lang).T(key) }

// RouteName returns the name of route r in lang.
func RouteName(r kscheck.Route, lang string) string { return term(vocabKey+i18n.Key(r), lang) }

// AspectName returns the name of risk aspect a in lang, as it reads
// inside a sentence.
func AspectName(a Aspect, lang string) string { return term(vocabKey+"aspect."+string(a), lang) }

// AspectTitle returns the name of risk aspect a in lang where it stands
// alone (a list item, a box of the chart): with a capital, so that the
// outline, the dossier and the chart name an aspect alike.
func AspectTitle(a Aspect, lang string) string {
	return kscheck.Capitalise(AspectName(a, lang))
}

// outcomeWords are the outcome keys that read as a word of their own; a
// free text given (OutcomeAnswered) has no name.
var outcomeWords = []string{"yes", "no", OutcomeFlagged, OutcomeAny, OutcomeNone, OutcomeSkipped, outcomeUnanswered}

// OutcomeName returns how an answer's outcome reads in lang; a choice code
// reads as the choice's text.
func (q *Question) OutcomeName(key, lang string) string {
	if key == OutcomeAnswered {
		return ""
	}
	if slices.Contains(outcomeWords, key) {
		return term(vocabKey+"outcome."+key, lang)
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
