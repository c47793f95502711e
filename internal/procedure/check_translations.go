package procedure

import (
	"fmt"
	"slices"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// checkTranslations reports texts that lack one of the languages of
// i18n.Languages, or that are given in a language kscheck does not speak:
// every person must be able to read the procedure in their language.
func checkTranslations(p *Procedure) []Problem {
	var probs []Problem
	en := i18n.Shared().Localizer("en")
	// word is a word the catalogue already has, in its English.
	word := func(key string) kscheck.Term { return kscheck.Term{Key: key, Text: en.T(key)} }
	need := func(path string, what kscheck.Term, t Text, required bool) {
		for _, lang := range sortedKeys(t) {
			if !i18n.Supported(lang) {
				probs = append(probs, p.problem(path, "procedure_check.text_language_unknown", "%s is given in %q, which is not one of the languages %v", what, lang, i18n.Languages))
			}
		}
		if !slices.ContainsFunc(i18n.Languages, func(lang string) bool { return t[lang] != "" }) {
			if required {
				probs = append(probs, p.problem(path, "procedure_check.text_missing", "%s is missing; give it in %s", what, word("procedure_check.languages")))
			}
			return
		}
		for _, lang := range i18n.Languages {
			if t[lang] == "" {
				probs = append(probs, p.problem(path, "procedure_check.text_language_missing", "%s has no %s text (`%s:`)", what, word("vocab.language."+lang), lang))
			}
		}
	}
	need("title", problemTerm("procedure_check.what.title", "the title"), p.Title, true)
	need("description", problemTerm("procedure_check.what.description", "the description"), p.Description, true)
	need("desk", problemTerm("procedure_check.what.desk", "the name of the advice desk"), p.Desk, true)
	need("committee", problemTerm("procedure_check.what.committee", "the name of the committee"), p.Committee, true)
	for _, g := range p.sectionGroups() {
		for i, s := range g.sections {
			need(fmt.Sprintf("%s[%d].title", g.name, i), problemTerm("procedure_check.what.section_title", "the title of section %q", s.ID), s.Title, true)
		}
	}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		need(q.path+".text", problemTerm("procedure_check.what.question_text", "the text of question %q", q.ID), q.Text, true)
		need(q.path+".help", problemTerm("procedure_check.what.question_help", "the help of question %q", q.ID), q.Help, false)
		for i, c := range q.Choices {
			need(fmt.Sprintf("%s.choices[%d].text", q.path, i), problemTerm("procedure_check.what.choice", "choice %q of question %q", c.Code, q.ID), c.Text, true)
		}
		for _, key := range sortedKeys(q.On) {
			if b := q.On[key]; b != nil {
				need(q.path+".on."+key+".because", problemTerm("procedure_check.what.because", "the explanation of answer %q to question %q", key, q.ID), b.Because, false)
			}
		}
	}
	for i, m := range p.Mitigations {
		need(fmt.Sprintf("mitigations[%d].text", i), problemTerm("procedure_check.what.mitigation", "mitigation measure %q", m.Code), m.Text, true)
	}
	return probs
}
