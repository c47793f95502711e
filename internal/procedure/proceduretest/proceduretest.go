// Package proceduretest gives tests procedure files to upload: real
// procedures, as new versions.
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
