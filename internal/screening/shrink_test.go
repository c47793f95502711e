package screening

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// firstLines returns the first n lines of the file.
func firstLines(t *testing.T, path string, n int) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(raw, []byte("\n"))
	return bytes.Join(lines[:min(n, len(lines))], nil)
}

// TestOFACSetCutShortRefused: sdn.csv cut at a line boundary, with its
// alias and address files whole, is refused: they name entries it lacks.
func TestOFACSetCutShortRefused(t *testing.T) {
	dir := filepath.Join("testdata", "ofac-sdn")
	var files []sourceFile
	for _, name := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "sdn.csv" {
			raw = firstLines(t, filepath.Join(dir, name), 10)
		}
		files = append(files, sourceFile{Name: filepath.Join(dir, name), Data: raw})
	}
	_, err := readFiles(files, time.Time{})
	if err == nil || !strings.Contains(err.Error(), "is not in sdn.csv") {
		t.Fatalf("err = %v, want the set refused as cut short", err)
	}
}

// TestShrinkRefused: a list file cut at a line boundary still parses when
// its format carries no count (OFAC sdn.csv alone, BIS DPL, the CSL CSV),
// so the import is compared with the active snapshot and refused.
func TestShrinkRefused(t *testing.T) {
	data := sharedData(t)
	tests := []struct {
		path  string
		lines int
	}{
		{"lists/ofac-sdn-2021-07/sdn.csv", 5016},
		{"lists/bis-dpl/dpl-2022.txt", 400},
		{"lists/csl-sample.csv", 80},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			full := readOne(t, filepath.Join(data, tt.path))
			cut, err := readFiles([]sourceFile{{Name: filepath.Base(tt.path), Data: firstLines(t, filepath.Join(data, tt.path), tt.lines)}}, time.Time{})
			if err != nil {
				t.Fatalf("the cut file does not parse: %v", err)
			}
			if len(cut[0].Entities) >= len(full.Entities) {
				t.Fatalf("cut %d entries, full %d", len(cut[0].Entities), len(full.Entities))
			}
			err = CheckShrink(full.Ref(), cut[0])
			want := []string{string(full.List), "has " + strconv.Itoa(len(cut[0].Entities)) + " entries", "the " + strconv.Itoa(len(full.Entities)) + " of the active snapshot", "--allow-shrink"}
			for _, w := range want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to say %q", err, w)
				}
			}
		})
	}
}

// TestCheckShrinkBoundary: up to 5% fewer entries pass, more do not; a
// growing list and a first snapshot always pass.
func TestCheckShrinkBoundary(t *testing.T) {
	snap := func(n int) *Snapshot {
		s := &Snapshot{List: ListBISDPL, Source: "dpl.txt"}
		for range n {
			s.Entities = append(s.Entities, &Entity{})
		}
		return s
	}
	for _, tt := range []struct {
		prev    Ref
		cur     int
		refused bool
	}{{snap(100).Ref(), 95, false}, {snap(100).Ref(), 94, true}, {snap(100).Ref(), 120, false}, {Ref{}, 1, false}, {Ref{List: ListUN, Entries: 100}, 1, false}} {
		if err := CheckShrink(tt.prev, snap(tt.cur)); (err != nil) != tt.refused {
			t.Errorf("%d entries after %+v: err = %v", tt.cur, tt.prev, err)
		}
	}
}
