package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// stateMix is how synthetic cases spread over the lifecycle: most checks
// are cleared quickly, a few reach the Desk and the Committee.
var stateMix = []struct {
	state  kscheck.State
	weight int
}{
	{kscheck.StateDraft, 20}, {kscheck.StateSupplementary, 8}, {kscheck.StateAwaitingDirector, 5},
	{kscheck.StateCleared, 32}, {kscheck.StateSubmitted, 4}, {kscheck.StateIntake, 5},
	{kscheck.StateDeskReview, 3}, {kscheck.StateCommittee, 5}, {kscheck.StatePostponed, 2},
	{kscheck.StateDecided, 13}, {kscheck.StateWithdrawn, 3},
}

// SeedCases adds n synthetic cases spread over the demo institutes and the
// lifecycle, for measuring lists and pages at scale. They are written
// directly (no audit entries: they record no real decisions), in batches,
// calling progress after each batch. The demo organisation must exist.
func SeedCases(ctx context.Context, svc *service.Service, n int, seed uint64, progress func(done int)) error {
	initiators := map[string]int64{}
	for _, a := range Accounts {
		p, err := svc.AccountByEmail(ctx, service.System, a.Email)
		if err != nil {
			return fmt.Errorf("the demo accounts are missing (run with --demo first): %w", err)
		}
		for _, r := range a.Roles {
			if role, unit, _ := kscheck.ParseAssignment(r); role == kscheck.RoleInitiator {
				initiators[unit] = p.ID
			}
		}
	}
	var institutes []string
	for _, u := range Units {
		if _, ok := initiators[u.Code]; ok && u.Level == kscheck.LevelInstitute {
			institutes = append(institutes, u.Code)
		}
	}
	paths := map[string][]string{}
	for _, code := range institutes {
		p, err := svc.UnitPath(ctx, code)
		if err != nil {
			return err
		}
		paths[code] = p
	}
	total := 0
	for _, m := range stateMix {
		total += m.weight
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	next := func(i int) *kscheck.Case {
		return syntheticCase(rng, i, base, institutes, paths, initiators, total)
	}
	return svc.AddSyntheticCases(ctx, n, next, progress)
}

func syntheticCase(rng *rand.Rand, i int, base time.Time, institutes []string, paths map[string][]string, initiators map[string]int64, total int) *kscheck.Case {
	unit := institutes[rng.IntN(len(institutes))]
	created := base.Add(time.Duration(rng.IntN(600*24)) * time.Hour)
	pick, state := rng.IntN(total), kscheck.StateDraft
	for _, m := range stateMix {
		if pick < m.weight {
			state = m.state
			break
		}
		pick -= m.weight
	}
	c := &kscheck.Case{
		Title: fmt.Sprintf("Synthetic collaboration %d", i+1), Kind: kscheck.Kinds[rng.IntN(len(kscheck.Kinds))],
		Track: kscheck.TrackKnowledgeSecurity, State: state, UnitCode: unit, UnitPath: paths[unit],
		InitiatorID: initiators[unit], ProcedureID: "university", ProcedureVersion: "2025.1",
		Route: kscheck.RouteCleared, CreatedAt: created, UpdatedAt: created.Add(time.Duration(rng.IntN(72)) * time.Hour),
	}
	submitted, accepted := created.Add(5*24*time.Hour), created.Add(7*24*time.Hour)
	switch state {
	case kscheck.StateSubmitted:
		c.SubmittedAt = &submitted
	case kscheck.StateIntake, kscheck.StateDeskReview:
		c.SubmittedAt, c.AcceptedAt = &submitted, &accepted
	case kscheck.StateCommittee, kscheck.StatePostponed:
		c.SubmittedAt, c.AcceptedAt, c.ReachedCommittee = &submitted, &accepted, true
		c.ExternalAdvice = rng.IntN(4) == 0
	case kscheck.StateDecided:
		c.SubmittedAt, c.AcceptedAt, c.ReachedCommittee = &submitted, &accepted, true
		c.Verdict = []kscheck.Verdict{kscheck.VerdictStart, kscheck.VerdictWithMitigation, kscheck.VerdictDoNotStart}[rng.IntN(3)]
		at := accepted.Add(time.Duration(10+rng.IntN(30)) * 24 * time.Hour)
		c.VerdictAt = &at
	}
	if state != kscheck.StateDraft {
		c.Route = kscheck.RouteSupplementary
	}
	return c
}
