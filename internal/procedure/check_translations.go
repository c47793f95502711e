package procedure

import "fmt"

// checkTranslations reports texts that lack their English or Dutch version:
// every person must be able to read the procedure in either language.
func checkTranslations(p *Procedure) []Problem {
	var probs []Problem
	need := func(path, what string, t Text, required bool) {
		switch {
		case t.EN == "" && t.NL == "":
			if required {
				probs = append(probs, p.problem(path, fmt.Sprintf("%s is missing; give it in English (`en:`) and Dutch (`nl:`)", what)))
			}
		case t.EN == "":
			probs = append(probs, p.problem(path, fmt.Sprintf("%s has no English text (`en:`)", what)))
		case t.NL == "":
			probs = append(probs, p.problem(path, fmt.Sprintf("%s has no Dutch text (`nl:`)", what)))
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
