package procedure

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// upload returns the minimal procedure as id@version for units from from.
func upload(id, version, units, from string) File {
	src := strings.NewReplacer("id: t", "id: "+id, `version: "1"`, `version: "`+version+`"`,
		`applies_to: {units: [leiden], from: "2025-03-01"}`, `applies_to: {units: [`+units+`], from: "`+from+`"}`).Replace(minimal)
	return File{id + ".yaml", []byte(src)}
}

func TestAddCheckedRefusesWithEveryProblem(t *testing.T) {
	s := shippedSet(t)
	_, err := s.AddChecked(upload("other", "1", "leiden", "2026-01-01"))
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || !strings.Contains(probs[0].String(), `other.yaml:`) {
		t.Fatalf("got %v, want the overlap as a located problem", err)
	}
	if _, err := s.Get("other", "1"); err == nil {
		t.Fatal("a refused version is in the set")
	}
	p, err := s.AddChecked(upload("university", "2026.1", "leiden", "2026-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Resolve(context.Background(), leiden, "law", day("2026-02-01")); got != p {
		t.Fatalf("resolved %v, want the new version", got)
	}
}

func TestRetiredVersionsStayForCasesButNoLongerResolve(t *testing.T) {
	s := shippedSet(t)
	if _, err := s.AddChecked(upload("university", "2026.1", "leiden", "2026-01-01")); err != nil {
		t.Fatal(err)
	}
	if err := s.Retire("university", "2026.1"); err != nil {
		t.Fatal(err)
	}
	if !s.Retired("university@2026.1") || s.Retired("university@2025.1") {
		t.Fatal("Retired reports the wrong versions")
	}
	if got, _ := s.Resolve(context.Background(), leiden, "law", day("2026-02-01")); got == nil || got.Ref() != "university@2025.1" {
		t.Fatalf("resolved %v, want the version before the retired one", got)
	}
	if p, err := s.Get("university", "2026.1"); err != nil || p.Version != "2026.1" {
		t.Fatalf("a case pinned to the retired version lost it: %v", err)
	}
	if p, _ := s.Get("university", ""); p.Version != "2025.1" {
		t.Fatalf("latest version is %s, want the one not retired", p.Version)
	}
	// The retired version no longer overlaps, but its number stays taken.
	if probs := s.CheckNew(upload("university", "2026.2", "leiden", "2026-01-01")); len(probs) != 0 {
		t.Fatalf("a retired version still blocks its dates: %v", probs)
	}
	if probs := s.CheckNew(upload("university", "2026.1", "leiden", "2027-01-01")); len(probs) != 1 || !strings.Contains(probs[0].Message, "exists already (retired)") {
		t.Fatalf("got %v, want the retired version's number refused", probs)
	}
}

// TestSetConcurrentUse runs readers while versions are added and retired;
// `go test -race` finds any unlocked access.
func TestSetConcurrentUse(t *testing.T) {
	s := shippedSet(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := s.Resolve(context.Background(), leiden, "lion", day("2026-02-01")); err != nil {
					t.Error(err)
					return
				}
				s.Get("university", "")
				s.CheckNew(upload("x", "1", "law", "2030-01-01"))
			}
		}()
	}
	for _, v := range []string{"2026.1", "2026.2", "2026.3"} {
		if _, err := s.AddChecked(upload("university", v, "leiden", "2026-01-0"+v[5:])); err != nil {
			t.Fatal(err)
		}
		if err := s.Retire("university", v); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
