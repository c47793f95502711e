package procedure

import (
	"fmt"
	"slices"

	"github.com/kscheck/kscheck/internal/i18n"
)

// checkTranslations reports texts that lack one of the languages of
// i18n.Languages, or that are given in a language kscheck does not speak:
// every person must be able to read the procedure in their language.
func checkTranslations(p *Procedure) []Problem {
	var probs []Problem
	en := i18n.Shared().Localizer("en")
	need := func(path, what string, t Text, required bool) {
		for _, lang := range sortedKeys(t) {
			if !i18n.Supported(lang) {
				probs = append(probs, p.problem(path, fmt.Sprintf("%s is given in %q, which is not one of the languages %v", what, lang, i18n.Languages)))
			}
		}
		if !slices.ContainsFunc(i18n.Languages, func(lang string) bool { return t[lang] != "" }) {
			if required {
				probs = append(probs, p.problem(path, fmt.Sprintf("%s is missing; give it in %s", what, languageList(en))))
			}
			return
		}
		for _, lang := range i18n.Languages {
			if t[lang] == "" {
				probs = append(probs, p.problem(path, fmt.Sprintf("%s has no %s text (`%s:`)", what, en.T("vocab.language."+lang), lang)))
			}
		}
	}
	need("title", "the title", p.Title, true)
	need("description", "the description", p.Description, true)
	need("desk", "the name of the advice desk", p.Desk, true)
	need("committee", "the name of the committee", p.Committee, true)
	for _, g := range p.sectionGroups() {
		for i, s := range g.sections {
			need(fmt.Sprintf("%s[%d].title", g.name, i), fmt.Sprintf("the title of section %q", s.ID), s.Title, true)
		}
	}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		need(q.path+".text", fmt.Sprintf("the text of question %q", q.ID), q.Text, true)
		need(q.path+".help", fmt.Sprintf("the help of question %q", q.ID), q.Help, false)
		for i, c := range q.Choices {
			need(fmt.Sprintf("%s.choices[%d].text", q.path, i), fmt.Sprintf("choice %q of question %q", c.Code, q.ID), c.Text, true)
		}
		for _, key := range sortedKeys(q.On) {
			if b := q.On[key]; b != nil {
				need(q.path+".on."+key+".because", fmt.Sprintf("the explanation of answer %q to question %q", key, q.ID), b.Because, false)
			}
		}
	}
	for i, m := range p.Mitigations {
		need(fmt.Sprintf("mitigations[%d].text", i), fmt.Sprintf("mitigation measure %q", m.Code), m.Text, true)
	}
	return probs
}

// languageList names every language with its YAML key, for a message:
// "English (`en:`) and Dutch (`nl:`)".
func languageList(en *i18n.Localizer) string {
	var out string
	for i, lang := range i18n.Languages {
		switch {
		case i == len(i18n.Languages)-1 && i > 0:
			out += " and "
		case i > 0:
			out += ", "
		}
		out += fmt.Sprintf("%s (`%s:`)", en.T("vocab.language."+lang), lang)
	}
	return out
}
