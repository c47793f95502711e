package bundled

import (
	"testing"

	"github.com/kscheck/kscheck/internal/screening"
)

func TestSnapshots(t *testing.T) {
	snaps, err := Snapshots()
	if err != nil {
		t.Fatal(err)
	}
	want := map[screening.ListID]int{
		screening.ListUN: 1003, screening.ListOFACSDN: 8976, screening.ListOFACCons: 442,
		screening.ListBISDPL: 581, screening.ListCSL: 115, screening.ListASPI: 159,
	}
	if len(snaps) != len(want) {
		t.Fatalf("%d snapshots, want %d", len(snaps), len(want))
	}
	for _, s := range snaps {
		if n := len(s.Entities); n != want[s.List] {
			t.Errorf("%s: %d entities, want %d", s.List, n, want[s.List])
		}
		if len(s.SHA256) != 64 || !s.Fetched.Equal(Copied) {
			t.Errorf("%s: digest %q fetched %v", s.List, s.SHA256, s.Fetched)
		}
	}
}
