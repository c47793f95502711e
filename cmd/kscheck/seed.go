package main

import (
	"context"
	"fmt"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// seedCommand fills a database with the demo organisation and n synthetic
// cases, to measure lists and pages at scale (docs/performance.md).
func seedCommand(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "seed", "--cases N [--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	n := fs.Int("cases", 1000, "number of synthetic cases to add")
	seed := fs.Uint64("seed", 1, "random seed, for repeatable data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 0 || *n > 10_000_000 {
		return kscheck.Errorf(kscheck.EInvalid, "--cases must be between 0 and 10,000,000")
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	if _, err := demo.Seed(ctx, svc); err != nil {
		return err
	}
	progress := func(done int) {
		if env.Terminal {
			fmt.Fprintf(env.Stderr, "\rseeding cases: %d/%d (%d%%)", done, *n, done*100/max(*n, 1))
		}
	}
	if err := demo.SeedCases(ctx, svc, *n, *seed, progress); err != nil {
		return err
	}
	if env.Terminal {
		fmt.Fprintln(env.Stderr)
	}
	total, err := svc.CountCases(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added %d synthetic cases; the database now holds %d\n", *n, total)
	return nil
}
