package procedure

import (
	"regexp"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// policyNonDiscrimination is the reason given whenever the guard fires.
var policyNonDiscrimination = problemTerm("procedure_check.policy_non_discrimination",
	"the policy assesses risk from the knowledge, the partner organisation and its ties, and the country context, "+
		"never from who a person is; the Committee may not exclude groups of people. "+
		"Ask for the partner organisation's country instead (type: vocabulary, vocabulary: countries, about: partner_organisation)")

// personalGrounds maps the words (English and Dutch) that ask about a
// person's origin or belief to the ground they concern.
var personalGrounds = []struct {
	ground kscheck.Term
	words  *regexp.Regexp
}{
	{problemTerm("procedure_check.ground.nationality", "nationality"), wordsRe(`nationality`, `nationalities`, `citizenship`, `passport`, `nationaliteit`, `nationaliteiten`, `staatsburgerschap`, `paspoort`)},
	{problemTerm("procedure_check.ground.ethnicity", "ethnicity"), wordsRe(`ethnicity`, `ethnic`, `race`, `racial`, `etniciteit`, `etnische`, `afkomst`, `ras`)},
	{problemTerm("procedure_check.ground.religion", "religion"), wordsRe(`religion`, `religious`, `religie`, `godsdienst`, `geloof`, `geloofsovertuiging`)},
	{problemTerm("procedure_check.ground.birth", "place or country of birth"), wordsRe(`place of birth`, `country of birth`, `birthplace`, `born in`, `geboorteplaats`, `geboorteland`, `geboren in`)},
}

func wordsRe(words ...string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + strings.Join(words, "|") + `)\b`)
}

// countryAbouts are the things a question choosing a country may be about.
var countryAbouts = []string{"partner_organisation", "activity_location"}

// checkNonDiscrimination is the non-discrimination guard: it rejects a
// question that asks for a person's nationality, ethnicity, religion, or
// place or country of birth, a country question that is not about the
// partner organisation or the place of the activity, and any condition that
// branches on such a question.
func checkNonDiscrimination(p *Procedure) []Problem {
	var probs []Problem
	rejected := map[string]bool{}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		if ground, word, found := personalGround(q); found {
			rejected[q.ID] = true
			probs = append(probs, p.problem(q.path+".text", "procedure_check.guard_person",
				"question %q asks for a person's %s (%q): %s", q.ID, ground, word, policyNonDiscrimination))
			continue
		}
		if q.Type == Vocabulary && q.Vocabulary == "countries" && !slices.Contains(countryAbouts, q.About) {
			rejected[q.ID] = true
			probs = append(probs, p.problem(q.path+".vocabulary", "procedure_check.guard_country",
				"question %q chooses a country without saying it is the partner organisation's (about: %q); add `about: partner_organisation` or `about: activity_location`, since %s",
				q.ID, q.About, policyNonDiscrimination))
		}
	}
	for _, q := range append(p.Questions(), p.SupplementaryQuestions()...) {
		walkConditions(q.When, q.path+".when", func(c *Condition, path string) {
			if rejected[c.Answer] {
				probs = append(probs, p.problem(path+".answer", "procedure_check.guard_branch",
					"question %q branches on %q, a question about a person's origin or belief: %s", q.ID, c.Answer, policyNonDiscrimination))
			}
		})
	}
	return probs
}

// personalGround returns the ground and the word by which q asks about a
// person, looking at its id, its texts and its choices, and whether it
// does.
func personalGround(q *Question) (ground kscheck.Term, word string, found bool) {
	texts := append([]string{strings.ReplaceAll(q.ID, "_", " ")}, q.Text.all()...)
	for _, c := range q.Choices {
		texts = append(append(texts, strings.ReplaceAll(c.Code, "_", " ")), c.Text.all()...)
	}
	for _, g := range personalGrounds {
		for _, t := range texts {
			if w := g.words.FindString(t); w != "" {
				return g.ground, w, true
			}
		}
	}
	return kscheck.Term{}, "", false
}
