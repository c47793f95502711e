package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
)

func runNames(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "compare" {
		fmt.Fprintln(env.Stderr, "Usage: kscheck names compare [--json] NAME1 NAME2\n       kscheck names compare --batch FILE.csv")
		return errUsage
	}
	fs := newFlagSet(env, "names compare", "[--json] [--schema SCHEMA] NAME1 NAME2\n       kscheck names compare --batch FILE.csv")
	asJSON := fs.Bool("json", false, "print JSON")
	batch := fs.String("batch", "", "compare every row of `FILE` (CSV with header name1,name2 and an optional schema column)")
	schema := fs.String("schema", "", "FollowTheMoney schema of the names: Person, Organization, Company, LegalEntity, Vessel")
	th := thresholdFlags(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if err := checkThresholds(*th); err != nil {
		return err
	}
	if *batch == "" {
		if fs.NArg() != 2 {
			fs.Usage()
			return errUsage
		}
		c, err := screening.CompareNames(fs.Arg(0), fs.Arg(1), *schema, *th)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(c)
		}
		fmt.Fprintf(env.Stdout, "score %.3f  match %v\n", c.Score, c.Match)
		for _, t := range c.Explanation.Tokens {
			fmt.Fprintf(env.Stdout, "  %s ~ %s  %.3f\n", t.Query, t.Listed, t.Similarity)
		}
		for _, n := range c.Explanation.Notes {
			fmt.Fprintf(env.Stdout, "  %s\n", n)
		}
		return nil
	}
	return compareBatch(ctx, env, *batch, *th)
}

// compareBatch writes one JSON line {"score":…,"match":…} per row.
func compareBatch(ctx context.Context, env *Env, path string, th screening.Thresholds) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return kscheck.Errorf(kscheck.EInvalid, "cannot read the batch file: %v", err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return kscheck.Errorf(kscheck.EInvalid, "%s: no header line (name1,name2[,schema])", path)
	}
	col := csvColumns(head)
	i1, ok1 := col["name1"]
	i2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return kscheck.Errorf(kscheck.EInvalid, "%s: the header needs name1 and name2 columns", path)
	}
	is, hasSchema := col["schema"]
	enc := json.NewEncoder(env.Stdout)
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return kscheck.Errorf(kscheck.EInvalid, "%s: %v", path, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if i1 >= len(rec) || i2 >= len(rec) {
			return kscheck.Errorf(kscheck.EInvalid, "%s line %d: too few fields", path, row)
		}
		schema := ""
		if hasSchema && is < len(rec) {
			schema = rec[is]
		}
		c, err := screening.CompareNames(rec[i1], rec[i2], schema, th)
		if err != nil {
			return kscheck.Errorf(kscheck.EInvalid, "%s line %d: %s", path, row, kscheck.ErrorMessage(err))
		}
		if err := enc.Encode(struct {
			Score float64 `json:"score"`
			Match bool    `json:"match"`
		}{c.Score, c.Match}); err != nil {
			return err
		}
	}
}
