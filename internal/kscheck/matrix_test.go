package kscheck

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden authorisation matrix")

// personas are the people whose rights the matrix records, relative to a
// case of the institute "liacs" in faculty "science" of university "leiden"
// started by person 1.
var personas = []struct {
	name  string
	actor Actor
}{
	{"initiator (own case)", actorWith(1, RoleInitiator, "liacs")},
	{"initiator (someone else's case)", actorWith(2, RoleInitiator, "liacs")},
	{"director of the institute", actorWith(3, RoleDirector, "liacs")},
	{"director of another institute", actorWith(4, RoleDirector, "lion")},
	{"adviser of the faculty", actorWith(5, RoleFacultyAdviser, "science")},
	{"adviser of another faculty", actorWith(6, RoleFacultyAdviser, "law")},
	{"desk coordinator", actorWith(7, RoleDeskCoordinator, "leiden")},
	{"desk adviser", actorWith(8, RoleDeskAdviser, "leiden")},
	{"committee chair", actorWith(9, RoleCommitteeChair, "leiden")},
	{"committee member", actorWith(10, RoleCommitteeMember, "leiden")},
	{"administrator", actorWith(11, RoleAdmin, "leiden")},
	{"auditor", actorWith(12, RoleAuditor, "leiden")},
	{"nobody", actorWith(13, "", "")},
}

func actorWith(id int64, r Role, unit string) Actor {
	a := Actor{Person: Person{ID: id, Name: fmt.Sprintf("person %d", id)}}
	if r != "" {
		a.Assignments = []Assignment{{PersonID: id, Role: r, UnitCode: unit}}
	}
	return a
}

// caseIn returns a case in state s with the bookkeeping a case has there
// after the usual path (submitted, reviewed, decided…).
func caseIn(s State) *Case {
	t := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	c := &Case{ID: 1, State: s, UnitCode: "liacs", UnitPath: []string{"leiden", "science", "liacs"}, InitiatorID: 1, Route: RouteSupplementary}
	switch s {
	case StateSubmitted, StateIntake, StateDeskReview, StateCommittee, StatePostponed, StateDecided:
		c.SubmittedAt = &t
	}
	switch s {
	case StateIntake, StateDeskReview, StateCommittee, StateDecided:
		c.AcceptedAt = &t
	}
	if s == StateDeskReview || s == StateCommittee || s == StateDecided {
		c.FirstReviewerID = 7
	}
	if s == StateCommittee || s == StatePostponed || s == StateDecided {
		c.ReachedCommittee = true
	}
	if s == StateDecided {
		c.Verdict = VerdictWithMitigation
	}
	return c
}

// TestAuthorisationMatrix records every role × state × permission/action
// cell in a golden file, so that any change to who may do what shows up as
// a failing test and a reviewable diff (go test -update rewrites it).
func TestAuthorisationMatrix(t *testing.T) {
	var b strings.Builder
	b.WriteString("# state | persona | involvement | permissions | actions\n")
	for _, s := range States {
		for _, p := range personas {
			c := caseIn(s)
			var perms []string
			for _, perm := range Permissions {
				if Can(p.actor, c, perm) {
					perms = append(perms, string(perm))
				}
			}
			var acts []string
			for _, a := range Allowed(p.actor, c) {
				acts = append(acts, string(a))
			}
			fmt.Fprintf(&b, "%s | %s | %s | %s | %s\n", s, p.name, Involved(p.actor, c), strings.Join(perms, " "), strings.Join(acts, " "))
		}
	}
	got := b.String()
	const golden = "testdata/authorisation-matrix.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("authorisation matrix changed at line %d:\n want %s\n  got %s", i+1, wl[i], gl[i])
			}
		}
		if len(gl) != len(wl) {
			t.Errorf("authorisation matrix has %d lines, want %d", len(gl), len(wl))
		}
	}
}

// TestNeedToKnow pins the policy's visibility rules independently of the
// golden file, so that a careless -update cannot bless a leak.
func TestNeedToKnow(t *testing.T) {
	never := []string{"initiator (someone else's case)", "director of another institute", "adviser of another faculty", "administrator", "nobody"}
	for _, s := range States {
		c := caseIn(s)
		for _, p := range personas {
			for _, n := range never {
				if p.name == n && Can(p.actor, c, PermView) {
					t.Errorf("%s can see a %s case", p.name, s)
				}
			}
			if p.name == "auditor" {
				for _, perm := range Permissions {
					if perm != PermView && Can(p.actor, c, perm) {
						t.Errorf("the auditor has %s on a %s case; auditors only read", perm, s)
					}
				}
				if acts := Allowed(p.actor, c); len(acts) > 0 {
					t.Errorf("the auditor may %v on a %s case", acts, s)
				}
			}
		}
	}
	desk := personas[6].actor
	if Can(desk, caseIn(StateDraft), PermView) {
		t.Error("the Desk sees a draft that was never submitted to it")
	}
	committee := personas[9].actor
	if Can(committee, caseIn(StateIntake), PermView) {
		t.Error("the Committee sees a case before it was put before the Committee")
	}
	if !Can(committee, caseIn(StateCommittee), PermDeliberate) || Can(desk, caseIn(StateCommittee), PermDeliberate) {
		t.Error("deliberation notes must be for the Committee only")
	}
}
