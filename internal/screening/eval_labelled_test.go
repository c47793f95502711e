package screening_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
)

// The evaluation on the labelled sets in testdata/eval (see its README):
//
//	go test ./internal/screening -run TestLabelled -v
//
// Both sets live in the repository and are screened against the bundled
// lists, so these tests always run. They log the figures docs/screening.md
// reports and fail when the held-out half falls below the goals.

// readCSV reads a CSV with a header into maps keyed by column name.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			row[col] = r[i]
		}
		out = append(out, row)
	}
	return out
}

// institutionFigures are the results of screening one half of the labelled
// Chinese institutions.
type institutionFigures struct {
	same, found, first          int // rows of listed institutions; found at all; found first
	different, flagged, strong  int // rows of other institutions; with any candidate; with a strong one
	predecessor, predecessorHit int // merged or renamed institutions; their successor found
}

func (f institutionFigures) recall() float64      { return ratio(f.found, f.same) }
func (f institutionFigures) topRanked() float64   { return ratio(f.first, f.same) }
func (f institutionFigures) flaggedRate() float64 { return ratio(f.flagged, f.different) }
func (f institutionFigures) strongRate() float64  { return ratio(f.strong, f.different) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func TestLabelledInstitutions(t *testing.T) {
	ix := bundledIndex(t)
	th := screening.DefaultThresholds
	figures := map[string]*institutionFigures{"tuning": {}, "heldout": {}}
	for _, row := range readCSV(t, filepath.Join("testdata", "eval", "china-institutions.csv")) {
		f := figures[row["half"]]
		if f == nil {
			t.Fatalf("%q: unknown half %q", row["name"], row["half"])
		}
		ms := matches(t, ix, screening.Query{Name: row["name"], Country: "CN", Type: "organization"}, th)
		at := -1
		for i, m := range ms {
			if string(m.List)+":"+m.ID == row["listed"] {
				at = i
				break
			}
		}
		switch row["label"] {
		case "same":
			f.same++
			switch {
			case at < 0:
				t.Logf("%s: missed %q (%s)", row["half"], row["name"], row["listed_name"])
			case at > 0:
				t.Logf("%s: %q ranks %q below %q", row["half"], row["name"], row["listed_name"], ms[0].Name)
			}
			if at >= 0 {
				f.found++
			}
			if at == 0 {
				f.first++
			}
		case "different":
			f.different++
			if len(ms) > 0 {
				f.flagged++
				t.Logf("%s: %q flagged: %s %q %.3f %s", row["half"], row["name"], ms[0].List, ms[0].Name, ms[0].Score, ms[0].Strength)
			}
			for _, m := range ms {
				if m.Strength == "strong" {
					f.strong++
					break
				}
			}
		case "predecessor":
			f.predecessor++
			if at >= 0 {
				f.predecessorHit++
			}
		default:
			t.Fatalf("%q: unknown label %q", row["name"], row["label"])
		}
	}
	for _, half := range []string{"tuning", "heldout"} {
		f := figures[half]
		t.Logf("%s: %d listed: recall %.3f, first %.3f; %d not listed: candidates on %d (%.1f%%), strong on %d (%.1f%%); predecessors: %d of %d found",
			half, f.same, f.recall(), f.topRanked(), f.different, f.flagged, 100*f.flaggedRate(), f.strong, 100*f.strongRate(), f.predecessorHit, f.predecessor)
	}
	// The goals are recall ≥ 0.98, first ≥ 0.95, candidates on ≤ 2% and
	// strong on ≤ 0.5% of the negatives; the held-out half meets them all
	// (docs/screening.md). First is held at the level reached, 0.98.
	held := figures["heldout"]
	if held.recall() < 0.98 || held.topRanked() < 0.98 || held.flaggedRate() > 0.02 || held.strongRate() > 0.005 {
		t.Errorf("held-out half below the bars (recall ≥ 0.98, first ≥ 0.98, candidates on ≤ 2%%, strong on ≤ 0.5%%)")
	}
}

// TestLabelledNamePairs measures names compare on the pair set.
func TestLabelledNamePairs(t *testing.T) {
	th := screening.DefaultThresholds
	tp, fp, fn, tn := 0, 0, 0, 0
	for _, row := range readCSV(t, filepath.Join("testdata", "eval", "name-pairs.csv")) {
		c, err := screening.CompareNames(row["a"], row["b"], row["schema"], th)
		if err != nil {
			t.Fatalf("%q ~ %q: %v", row["a"], row["b"], err)
		}
		same := row["same"] == "true"
		switch {
		case same && c.Match:
			tp++
		case same:
			fn++
			t.Logf("missed: %q ~ %q %.3f (%s)", row["a"], row["b"], c.Score, row["note"])
		case c.Match:
			fp++
			t.Logf("wrongly matched: %q ~ %q %.3f (%s)", row["a"], row["b"], c.Score, row["note"])
		default:
			tn++
		}
	}
	precision, recall := ratio(tp, tp+fp), ratio(tp, tp+fn)
	f1 := 2 * precision * recall / (precision + recall)
	t.Logf("name pairs: %d matching, %d not; precision %.3f, recall %.3f, F1 %.3f", tp+fn, fp+tn, precision, recall, f1)
	// the goal is 0.90; the bar is the level reached
	if f1 < 0.92 {
		t.Errorf("F1 %.3f below 0.92", f1)
	}
}

// TestLabelledTuningNegatives screens the extra negatives built for tuning
// only (testdata/eval/README.md): the universities of Hong Kong, Macao and
// Taiwan in the world universities list, screened as if in China, and every
// ASPI institution's primary name, of which a candidate on another ASPI
// institution is a false one. Neither source is in the held-out half.
func TestLabelledTuningNegatives(t *testing.T) {
	ix := bundledIndex(t)
	th := screening.DefaultThresholds
	var names, flagged, strong int
	screen := func(name, own string) {
		names++
		hit, hitStrong := false, false
		for _, m := range matches(t, ix, screening.Query{Name: name, Country: "CN", Type: "organization"}, th) {
			if own != "" && (m.List != screening.ListASPI || m.ID == own) {
				continue
			}
			if !hit {
				t.Logf("%q flagged: %s %q %.3f %s", name, m.List, m.Name, m.Score, m.Strength)
			}
			hit, hitStrong = true, hitStrong || m.Strength == "strong"
		}
		if hit {
			flagged++
		}
		if hitStrong {
			strong++
		}
	}
	for _, row := range readCSV(t, filepath.Join("testdata", "eval", "tuning-negatives.csv")) {
		// a namesake has the listed institution's very name: only its
		// country, not screened here, tells them apart
		if row["label"] == "different" {
			screen(row["name"], "")
		}
	}
	snaps, err := bundled.Snapshots()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snaps {
		if s.List == screening.ListASPI {
			for _, e := range s.Entities {
				screen(e.Primary(), e.ID)
			}
		}
	}
	t.Logf("tuning negatives: %d names, candidates on %d (%.1f%%), strong on %d (%.1f%%)",
		names, flagged, 100*ratio(flagged, names), strong, 100*ratio(strong, names))
	// the level reached (docs/screening.md), so that it cannot get worse
	// unnoticed
	if flagged > 1 || strong > 0 {
		t.Errorf("tuning negatives: candidates on %d, strong on %d; the bars are 1 and 0", flagged, strong)
	}
}
