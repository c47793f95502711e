package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
)

// thresholdFlags adds --review and --strong to fs.
func thresholdFlags(fs *flag.FlagSet) *screening.Thresholds {
	th := screening.DefaultThresholds
	fs.Float64Var(&th.Review, "review", th.Review, "score from which a candidate is shown for review")
	fs.Float64Var(&th.Strong, "strong", th.Strong, "score from which a candidate is a strong hit")
	return &th
}

func checkThresholds(th screening.Thresholds) error {
	if th.Review <= 0 || th.Review > 1 || th.Strong < th.Review || th.Strong > 1 {
		return kscheck.Errorf(kscheck.EInvalid, "thresholds must satisfy 0 < review ≤ strong ≤ 1 (got review %.2f, strong %.2f)", th.Review, th.Strong)
	}
	return nil
}

// screeningService returns the service over the list files under dir, or,
// without dir, over the database's snapshots completed by the bundled
// ones; close releases the database.
func screeningService(ctx context.Context, env *Env, dir string, db *dbOptions, th screening.Thresholds) (svc *screening.Service, close func(), err error) {
	if dir != "" {
		snaps, err := screening.ReadPath(dir)
		if err != nil {
			return nil, nil, err
		}
		if len(snaps) == 0 {
			return nil, nil, kscheck.Errorf(kscheck.EInvalid, "no list files found under %s", dir)
		}
		return screening.NewServiceFor(snaps, th), func() {}, nil
	}
	kept, err := db.open(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	return screening.NewService(kept.Snapshots(), bundled.Snapshots, th), func() { kept.Close() }, nil
}

func runScreen(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "screen", "[--lists DIR | --db PATH | --database-url URL] [--country CC] [--type person|organization] [--json] NAME\n       kscheck screen [--lists DIR] --batch FILE [--json]")
	db := addDBFlags(fs, env)
	lists := fs.String("lists", "", "read the list files under `DIR` instead of the database's snapshots")
	country := fs.String("country", "", "ISO country `code` of the partner organisation")
	typ := fs.String("type", "", "partner type: person or organization")
	asJSON := fs.Bool("json", false, "one JSON line per query")
	batch := fs.String("batch", "", "screen every row of `FILE` (CSV with header name,country,type, or JSON lines)")
	th := thresholdFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkThresholds(*th); err != nil {
		return err
	}
	var queries []screening.Query
	switch {
	case *batch != "" && fs.NArg() > 0:
		return kscheck.Errorf(kscheck.EInvalid, "give either a NAME or --batch FILE, not both")
	case *batch != "":
		var err error
		if queries, err = readBatch(*batch); err != nil {
			return err
		}
	case fs.NArg() == 0:
		fs.Usage()
		return errUsage
	default:
		queries = []screening.Query{{Name: strings.Join(fs.Args(), " "), Country: *country, Type: *typ}}
	}
	svc, closeDB, err := screeningService(ctx, env, *lists, db, *th)
	if err != nil {
		return err
	}
	defer closeDB()
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	progress := env.Terminal && len(queries) > 1
	var coverage screening.Coverage
	for i, q := range queries {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := svc.Screen(ctx, q)
		if err != nil {
			if len(queries) > 1 && kscheck.ErrorCode(err) == kscheck.EInvalid {
				return kscheck.Errorf(kscheck.EInvalid, "%s, query %d: %s", *batch, i+1, kscheck.ErrorMessage(err))
			}
			return err
		}
		if *asJSON {
			if err := json.NewEncoder(out).Encode(res); err != nil {
				return err
			}
		} else {
			printResult(out, res, *th)
		}
		coverage = res.Coverage
		if progress && (i%100 == 99 || i == len(queries)-1) {
			fmt.Fprintf(env.Stderr, "\rscreened %d of %d", i+1, len(queries))
		}
	}
	if progress {
		fmt.Fprintln(env.Stderr)
	}
	if !*asJSON {
		printCoverage(out, i18n.Shared().Localizer(i18n.Default), coverage)
	}
	return nil
}

// printCoverage says which lists the screening covered, named as the pages
// name them, and which it did not, with the command that fixes each gap:
// "no candidates" means nothing against a list never loaded.
func printCoverage(w io.Writer, L *i18n.Localizer, c screening.Coverage) {
	lists := make([]string, len(c.Lists))
	for i, r := range c.Lists {
		lists[i] = screening.SnapshotName(L, r)
	}
	fmt.Fprintf(w, "Lists covered: %s\n", strings.Join(lists, "; "))
	if len(c.Gaps) == 0 {
		return
	}
	fmt.Fprintln(w, "Not covered:")
	for _, g := range c.Gaps {
		fmt.Fprintf(w, "  - %s; to fix: %s\n", g.Message, g.Fix)
	}
}

// printResult writes one result as a readable table.
func printResult(w io.Writer, res screening.Result, th screening.Thresholds) {
	q := res.Query
	var ctxt []string
	for _, s := range []string{q.Country, q.Type} {
		if s != "" {
			ctxt = append(ctxt, s)
		}
	}
	fmt.Fprintf(w, "%s", q.Name)
	if len(ctxt) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(ctxt, ", "))
	}
	fmt.Fprintln(w)
	if len(res.Matches) == 0 {
		fmt.Fprintf(w, "  no candidates at or above the review threshold %.2f\n\n", th.Review)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "  SCORE\tSTRENGTH\tLIST\tID\tNAME\tMATCHED\tWHY")
	for _, m := range res.Matches {
		var why []string
		for _, t := range m.Explanation.Tokens {
			if t.Query == t.Listed {
				why = append(why, t.Query)
			} else {
				why = append(why, fmt.Sprintf("%s~%s", t.Query, t.Listed))
			}
		}
		why = append(why, m.Explanation.Notes...)
		list := string(m.List)
		if m.Assessment {
			list += " (assessment)"
		}
		fmt.Fprintf(tw, "  %.3f\t%s\t%s\t%s\t%s\t%s\t%s\n", m.Score, m.Strength, list, m.ID, m.Name, m.Matched, strings.Join(why, "; "))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// readBatch reads queries from a CSV file with header name,country,type
// (country and type may be empty or absent) or from JSON lines with those
// keys.
func readBatch(path string) ([]screening.Query, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "cannot read the batch file: %v", err)
	}
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		return readBatchJSON(path, raw)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s: no header line (name,country,type)", path)
	}
	col := csvColumns(head)
	if _, ok := col["name"]; !ok {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s: the header has no name column (want name,country,type)", path)
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var qs []screening.Query
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s: %v", path, err)
		}
		qs = append(qs, screening.Query{Name: get(rec, "name"), Country: get(rec, "country"), Type: get(rec, "type")})
	}
	return qs, nil
}

func readBatchJSON(path string, raw []byte) ([]screening.Query, error) {
	var qs []screening.Query
	for i, line := range bytes.Split(raw, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var q screening.Query
		if err := json.Unmarshal(line, &q); err != nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s line %d: %v", path, i+1, err)
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// csvColumns maps the lower-cased names of a CSV header to their index.
func csvColumns(head []string) map[string]int {
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	return col
}
