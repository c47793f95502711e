package kscheck

import (
	"os"
	"strings"
	"testing"
)

// The duties documentation names every duty the code enforces.
func TestDutiesAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/duties.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Duties {
		if !strings.Contains(string(doc), "`"+d.ID+"`") {
			t.Errorf("docs/duties.md does not describe the duty %s", d.ID)
		}
	}
}
