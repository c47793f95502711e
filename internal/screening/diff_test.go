package screening

import (
	"path/filepath"
	"testing"
)

// TestDiffOFAC compares the real 2019 and 2021 SDN snapshots.
func TestDiffOFAC(t *testing.T) {
	data := sharedData(t)
	old := readOne(t, filepath.Join(data, "lists", "ofac-sdn-2019-01"))
	cur := readOne(t, filepath.Join(data, "lists", "ofac-sdn-2021-07"))
	d := Diff(old, cur)
	if len(d.Added) == 0 || len(d.Removed) == 0 || len(d.Changed) == 0 {
		t.Fatalf("added %d removed %d changed %d: expected each to be non-empty", len(d.Added), len(d.Removed), len(d.Changed))
	}
	if len(old.Entities)+len(d.Added)-len(d.Removed) != len(cur.Entities) {
		t.Errorf("%d + %d - %d != %d", len(old.Entities), len(d.Added), len(d.Removed), len(cur.Entities))
	}
	t.Logf("OFAC SDN 2019-01 → 2021-07: %d added, %d removed, %d changed", len(d.Added), len(d.Removed), len(d.Changed))
	if same := Diff(cur, cur); len(same.Added)+len(same.Removed)+len(same.Changed) != 0 {
		t.Errorf("a snapshot differs from itself: %+v", same)
	}
}
