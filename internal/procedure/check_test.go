package procedure

import (
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/i18n"
)

func TestShippedProceduresPassCheck(t *testing.T) {
	files, err := ShippedFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("shipped %d procedure files, want 3", len(files))
	}
	for _, p := range Check(files...) {
		t.Error(p)
	}
}

// minimal is the smallest valid procedure; each rule's test breaks it in
// one place.
const minimal = `id: t
version: "1"
track: knowledge_security
title: {en: T, nl: T}
description: {en: D, nl: D}
applies_to: {units: [leiden], from: "2025-03-01"}
desk: {en: Desk, nl: Loket}
committee: {en: Committee, nl: Commissie}
deadline_weeks: 4
start: q1
sections:
  - id: A
    title: {en: A, nl: A}
    questions:
      - id: q1
        type: yesno
        text: {en: Is it sensitive?, nl: Is het gevoelig?}
        on:
          "yes": {route: committee}
          "no": {route: cleared}
`

// q2 is a second question appended to minimal's section by some tests.
const q2 = `      - id: q2
        type: yesno
        text: {en: Second?, nl: Tweede?}
        on:
          "yes": {route: committee}
          "no": {route: cleared}
`

func TestMinimalProcedurePasses(t *testing.T) {
	if probs := Check(File{"t.yaml", []byte(minimal)}); len(probs) != 0 {
		t.Fatalf("minimal procedure has problems: %v", probs)
	}
}

func TestCheckRules(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(minimal, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(minimal, old, new, 1)
	}
	tests := []struct {
		name string
		src  string
		line int // 0: any
		want string
	}{
		{"yaml syntax", "id: [t\n", 1, "']' not found"},
		{"unknown field", edit("deadline_weeks: 4", "deadline_weeks: 4\ndeadline: 4"), 10, `unknown field "deadline"`},
		{"wrong type", edit("deadline_weeks: 4", "deadline_weeks: four"), 9, `"four" is not a whole number`},
		{"bad date", edit(`from: "2025-03-01"`, `from: "1 March 2025"`), 6, "is not a date"},
		{"missing from", edit(`, from: "2025-03-01"`, ``), 6, "needs a `from` date"},
		{"until before from", edit(`from: "2025-03-01"`, `from: "2025-03-01", until: "2025-01-01"`), 6, "must be after `from`"},
		{"empty section", strings.Replace(minimal, "sections:\n", "sections:\n  -\n", 1), 12, "this section is empty"},
		{"branching supplementary question", minimal + "supplementary:\n  - id: S\n    title: {en: S, nl: S}\n    questions:\n      - {id: s1, type: yesno, text: {en: S?, nl: S?}, next: q1}\n", 25, "does not branch"},
		{"missing id", edit("id: t\n", ""), 0, "needs an `id`"},
		{"unknown track", edit("track: knowledge_security", "track: safety"), 3, "`track` must be"},
		{"no deadline", edit("deadline_weeks: 4", "deadline_weeks: 0"), 9, "deadline_weeks"},
		{"unknown type", edit("type: yesno", "type: boolean"), 16, `has type "boolean"`},
		{"single without choices", edit("type: yesno", "type: single"), 0, "needs at least two `choices`"},
		{"bad branch key", edit(`"no": {route: cleared}`, `"maybe": {route: cleared}`), 20, `cannot branch on "maybe"`},
		{"unknown route", edit("route: committee", "route: police"), 19, `route "police" is unknown`},
		{"unknown aspect", edit("route: committee}", "route: committee, aspects: [espionage]}"), 19, `risk aspect "espionage" is unknown`},
		{"duplicate question id", minimal + strings.Replace(q2, "id: q2", "id: q1", 1), 21, `question id "q1" is used twice`},
		{"unknown start", edit("start: q1", "start: q0"), 10, `"q0" is not a question of the flowchart`},
		{"unknown next", edit(`"yes": {route: committee}`, `"yes": {next: q9}`), 19, `"q9" is not a question`},
		{"unknown vocabulary", edit("type: yesno", "type: vocabulary\n        vocabulary: planets"), 17, `vocabulary "planets" does not exist`},
		{"condition on unknown answer", edit("type: yesno", "type: yesno\n        next: q2\n        when: {answer: q7, is: \"yes\"}") + q2, 18, `tests "q7", which is not a question`},
		{"condition with impossible value", edit(`"yes": {route: committee}`, `"yes": {next: q2}`) + strings.Replace(q2, "type: yesno", "type: yesno\n        next: q2x\n        when: {answer: q1, is: \"perhaps\"}", 1), 0, `"perhaps" is not an answer of question "q1"`},
		{"missing Dutch", edit("{en: Is it sensitive?, nl: Is het gevoelig?}", "{en: Is it sensitive?}"), 17, "has no Dutch text"},
		{"missing English", edit("title: {en: T, nl: T}", "title: {nl: T}"), 4, "the title has no English text"},
		{"unknown language", edit("title: {en: T, nl: T}", "title: {en: T, nl: T, fr: T}"), 4, `the title is given in "fr", which is not one of the languages`},
		{"missing desk", edit("desk: {en: Desk, nl: Loket}\n", ""), 0, "the name of the advice desk is missing; give it in English (`en:`) and Dutch (`nl:`)"},
		{"unreachable question", minimal + q2, 21, `no path from the start ("q1") reaches question "q2"`},
		{"ends without route", edit(`"no": {route: cleared}`, `"no": {because: {en: fine, nl: prima}}`), 15, `the answer "no" to question "q1" ends the flowchart without a route`},
		{"missing answer ends", edit(`          "no": {route: cleared}`+"\n", ""), 15, `the answer "no" to question "q1" ends the flowchart`},
		{"skip ends without route", edit("type: yesno", "type: yesno\n        when: {answer: q1, is: \"yes\"}"), 17, "is skipped (its condition does not hold) the flowchart ends without a route"},
		{"cycle", edit(`"yes": {route: committee}`, `"yes": {next: q2}`) + strings.Replace(q2, `"no": {route: cleared}`, `"no": {next: q1}`, 1), 21, "a cycle (q1 → q2 → q1)"},
		{"nationality question", minimal + strings.Replace(q2, "{en: Second?, nl: Tweede?}", "{en: What is the nationality of the visiting researcher?, nl: Wat is de nationaliteit van de gastonderzoeker?}", 1), 23, `asks for a person's nationality ("nationality")`},
		{"Dutch country of birth", minimal + strings.Replace(q2, "{en: Second?, nl: Tweede?}", "{en: Where does the researcher come from?, nl: Wat is het geboorteland van de onderzoeker?}", 1), 23, "place or country of birth"},
		{"religion choice", minimal + strings.Replace(q2, "type: yesno\n", "type: single\n        choices:\n          - {code: a, text: {en: Religion A, nl: Religie A}}\n          - {code: b, text: {en: Other, nl: Anders}}\n", 1), 0, "a person's religion"},
		{"ethnicity in id", minimal + strings.Replace(q2, "id: q2", "id: ethnic_origin", 1), 0, "a person's ethnicity"},
		{"person's country", minimal + strings.Replace(q2, "type: yesno", "type: vocabulary\n        vocabulary: countries\n        about: researcher", 1), 0, "chooses a country without saying it is the partner organisation's"},
		{"unknown case field", edit("type: yesno", "type: yesno\n        answered_from: budget"), 17, "`answered_from: budget` is unknown"},
		{"case field of the wrong type", edit("type: yesno", "type: yesno\n        answered_from: kind"), 17, "must be of type vocabulary with `vocabulary: activity_kinds`"},
		{"country from the kind list", edit("type: yesno", "type: vocabulary\n        vocabulary: activity_kinds\n        answered_from: partner_country"), 18, "`vocabulary: countries`"},
		{"doubt that is not yes or no", edit("type: yesno", "type: text\n        doubt: true"), 17, "must be of type yesno"},
		{"branching on a nationality question",
			edit(`"yes": {route: committee}`, `"yes": {next: passport}`) +
				strings.Replace(strings.Replace(q2, "id: q2", "id: passport", 1), "type: yesno", "type: yesno\n        next: q3", 1) +
				strings.Replace(strings.Replace(q2, "id: q2", "id: q3", 1), "type: yesno", "type: yesno\n        when: {answer: passport, is: \"yes\"}", 1),
			0, `question "q3" branches on "passport"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := Check(File{"bad.yaml", []byte(tt.src)})
			for _, p := range probs {
				if strings.Contains(p.Message, tt.want) {
					if tt.line != 0 && p.Line != tt.line {
						t.Errorf("problem at line %d, want %d: %s", p.Line, tt.line, p)
					}
					if !strings.HasPrefix(p.String(), "bad.yaml:") {
						t.Errorf("problem does not name its file: %s", p)
					}
					if tt.name != "yaml syntax" {
						assertTranslated(t, p)
					}
					return
				}
			}
			t.Errorf("no problem containing %q; got %v", tt.want, probs)
		})
	}
}

// assertTranslated fails unless the catalogue says p's message in English
// as Message does, and in Dutch in other words.
func assertTranslated(t *testing.T, p Problem) {
	t.Helper()
	b := i18n.Shared()
	en, nl := b.Localizer("en").Message(p.Err()), b.Localizer("nl").Message(p.Err())
	if en != p.Message {
		t.Errorf("the catalogue (%q) says %q in English, the message is %q", p.Key, en, p.Message)
	}
	if nl == p.Message || strings.Contains(nl, "%!") {
		t.Errorf("the catalogue (%q) says %q in Dutch", p.Key, nl)
	}
}

func TestPartnerOrganisationCountryIsAllowed(t *testing.T) {
	src := minimal + strings.Replace(q2, "type: yesno", "type: vocabulary\n        vocabulary: countries\n        about: partner_organisation\n        required: true", 1)
	src = strings.Replace(src, `"yes": {route: committee}`, `"yes": {next: q2}`, 1)
	src = strings.Replace(src, "        on:\n          \"yes\": {route: committee}\n          \"no\": {route: cleared}\n", "        on:\n          any: {route: cleared}\n", 2)
	if probs := Check(File{"ok.yaml", []byte(src)}); len(probs) != 0 {
		t.Fatalf("a partner organisation's country was rejected: %v\n%s", probs, src)
	}
}

func TestCheckOverlap(t *testing.T) {
	other := func(id, version, units, from, until string) File {
		src := strings.Replace(minimal, "id: t", "id: "+id, 1)
		src = strings.Replace(src, `version: "1"`, `version: "`+version+`"`, 1)
		dates := `from: "` + from + `"`
		if until != "" {
			dates += `, until: "` + until + `"`
		}
		src = strings.Replace(src, `applies_to: {units: [leiden], from: "2025-03-01"}`, "applies_to: {units: ["+units+"], "+dates+"}", 1)
		return File{id + "-" + version + ".yaml", []byte(src)}
	}
	tests := []struct {
		name  string
		files []File
		want  string // "" for no problem
	}{
		{"same unit, overlapping", []File{other("a", "1", "science", "2025-03-01", ""), other("b", "1", "science", "2025-05-01", "")}, `both apply to unit "science" from 2025-05-01`},
		{"same unit, consecutive", []File{other("a", "1", "science", "2025-03-01", "2025-06-01"), other("b", "1", "science", "2025-06-01", "")}, ""},
		{"different levels", []File{other("a", "1", "leiden", "2025-03-01", ""), other("b", "1", "science", "2025-03-01", "")}, ""},
		{"versions supersede", []File{other("a", "1", "science", "2025-03-01", ""), other("a", "2", "science", "2025-09-01", "")}, ""},
		{"versions start together", []File{other("a", "1", "science", "2025-03-01", ""), other("a", "2", "science", "2025-03-01", "")}, "both start on 2025-03-01"},
		{"same version twice", []File{other("a", "1", "science", "2025-03-01", ""), other("a", "1", "law", "2025-04-01", "")}, "every version of a procedure must be distinct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := Check(tt.files...)
			if tt.want == "" {
				if len(probs) != 0 {
					t.Fatalf("unexpected problems: %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Message, tt.want) {
				t.Fatalf("got %v, want one problem containing %q", probs, tt.want)
			}
		})
	}
}
