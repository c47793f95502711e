// Package proceduretest helps tests with procedures: real procedure files
// to upload as new versions, and complete sets of answers.
package proceduretest

import (
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/procedure"
)

// University returns the shipped university procedure (version 2025.1,
// from 2025-03-01) as version from the day from on.
func University(t testing.TB, version, from string) []byte {
	t.Helper()
	files, err := procedure.ShippedFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name, "/university.yaml") {
			return []byte(strings.NewReplacer(`version: "2025.1"`, `version: "`+version+`"`, `from: "2025-03-01"`, `from: "`+from+`"`).Replace(string(f.Src)))
		}
	}
	t.Fatal("no shipped university procedure")
	return nil
}

// QuietAnswers answers every question on p's path the way a collaboration
// with nothing to report does — "no", the first choice, a short text, no
// vocabulary entry — starting from given (which it does not change), until
// the flowchart is complete.
func QuietAnswers(t testing.TB, p *procedure.Procedure, given map[string]any) map[string]any {
	t.Helper()
	answers := map[string]any{}
	for k, v := range given {
		answers[k] = v
	}
	for i := 0; i <= 100; i++ {
		ev := p.Evaluate(answers)
		if ev.Complete {
			return answers
		}
		q := p.Question(ev.Missing)
		switch q.Type {
		case procedure.YesNo:
			answers[q.ID] = "no"
		case procedure.FreeText:
			answers[q.ID] = "Shared expertise."
		case procedure.Single:
			answers[q.ID] = q.Choices[0].Code
		default:
			answers[q.ID] = []string{}
		}
	}
	t.Fatalf("could not complete the flowchart %s", p.Ref())
	return nil
}
