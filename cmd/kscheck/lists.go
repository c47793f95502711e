package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
)

const listsUsage = `Usage: kscheck lists import [--allow-shrink] DIR|FILE
       kscheck lists update [--list ID,...] [--timeout D] [--retries N] [--allow-shrink]
       kscheck lists status [--json]
       kscheck lists diff [--json] OLD NEW`

func runLists(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, listsUsage)
		return errUsage
	}
	switch args[0] {
	case "import":
		return listsImport(ctx, env, args[1:])
	case "update":
		return listsUpdate(ctx, env, args[1:])
	case "status":
		return listsStatus(ctx, env, args[1:])
	case "diff":
		return listsDiff(env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "kscheck lists: unknown subcommand %q\n%s\n", args[0], listsUsage)
	return errUsage
}

// rescreen re-screens the partners of every open or running case after
// the lists changed, and says how many alerts the Advice Desk got.
func rescreen(ctx context.Context, env *Env, svc *service.Service) error {
	screened, alerts, err := svc.Rescreen(ctx)
	if err != nil {
		return fmt.Errorf("re-screening the partners of open and running checks: %w", err)
	}
	fmt.Fprintf(env.Stdout, "re-screened %d partners of open and running checks: %d new or changed hits for the Advice Desk\n", screened, alerts)
	return nil
}

func listsImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "lists import", "[--allow-shrink] [--db PATH | --database-url URL] DIR|FILE")
	db := addDBFlags(fs, env)
	allowShrink := shrinkFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	snaps, err := screening.ReadPath(fs.Arg(0))
	if err != nil {
		return err
	}
	if len(snaps) == 0 {
		return kscheck.Errorf(kscheck.EInvalid, "no list files found in %s", fs.Arg(0))
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.ImportLists(ctx, service.System, snaps, *allowShrink); err != nil {
		return err
	}
	for _, s := range snaps {
		fmt.Fprintf(env.Stdout, "imported %s: %s\n", s.List, describe(s))
	}
	return rescreen(ctx, env, svc)
}

// shrinkFlag adds --allow-shrink, which accepts a list that lost more than
// 5% of its entries since the active snapshot.
func shrinkFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("allow-shrink", false, "accept a list with over 5% fewer entries than its active snapshot")
}

// describe summarises a snapshot in one line.
func describe(s *screening.Snapshot) string {
	var types []string
	for t, n := range s.Counts {
		types = append(types, fmt.Sprintf("%d %s", n, t))
	}
	sort.Strings(types)
	pub := "publication date not stated"
	if !s.Published.IsZero() {
		pub = "published " + s.Published.Format("2006-01-02")
	}
	return fmt.Sprintf("%d entries (%s), %s, sha256 %s", len(s.Entities), strings.Join(types, ", "), pub, s.SHA256[:12])
}

// sourcesFromEnv returns the default sources, with a list's URLs replaced
// by KSCHECK_LIST_URL_<LIST> (e.g. KSCHECK_LIST_URL_OFAC_SDN, several URLs
// separated by spaces); lists without a default (OpenSanctions) are added
// the same way.
func sourcesFromEnv(getenv func(string) string) []screening.Source {
	var out []screening.Source
	for _, l := range screening.Lists {
		key := "KSCHECK_LIST_URL_" + strings.ToUpper(strings.ReplaceAll(string(l), "-", "_"))
		if v := strings.Fields(getenv(key)); len(v) > 0 {
			out = append(out, screening.Source{List: l, URLs: v})
			continue
		}
		for _, s := range screening.DefaultSources {
			if s.List == l {
				out = append(out, s)
			}
		}
	}
	return out
}

func listsUpdate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "lists update", "[--list ID,...] [--timeout D] [--retries N] [--allow-shrink] [--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	allowShrink := shrinkFlag(fs)
	only := fs.String("list", "", "update only these lists (comma separated ids)")
	timeout := fs.Duration("timeout", 2*time.Minute, "time-out of one download")
	retries := fs.Int("retries", 3, "further attempts after a failed download")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sources := sourcesFromEnv(env.Getenv)
	if *only != "" {
		want := map[string]bool{}
		for _, l := range strings.Split(*only, ",") {
			want[strings.TrimSpace(l)] = true
		}
		var keep []screening.Source
		for _, s := range sources {
			if want[string(s.List)] {
				keep = append(keep, s)
				delete(want, string(s.List))
			}
		}
		for l := range want {
			return kscheck.Errorf(kscheck.EInvalid, "no source for list %q", l)
		}
		sources = keep
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	u := &screening.Updater{Client: &http.Client{Timeout: *timeout}, Retries: *retries, Backoff: 2 * time.Second, Store: svc.ListImporter(service.System, *allowShrink)}
	// Servers on one database each run this from their schedule; the
	// lists are fetched and the partners re-screened by one of them.
	ran, err := svc.Exclusive(ctx, "lists.update", func(ctx context.Context) error { return updateLists(ctx, env, svc, u, sources) })
	if err == nil && !ran {
		fmt.Fprintln(env.Stdout, "Another kscheck is updating the lists of this database right now; nothing was done.")
	}
	return err
}

// updateLists fetches the lists, keeps the new snapshots and re-screens
// the partners when any list changed.
func updateLists(ctx context.Context, env *Env, svc *service.Service, u *screening.Updater, sources []screening.Source) error {
	results, err := u.Update(ctx, sources)
	if err != nil {
		return err
	}
	failed, updated := 0, 0
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed++
			fmt.Fprintf(env.Stdout, "%s: kept the previous snapshot: %s\n", r.List, userMessage(r.Err))
		case r.Unchanged:
			fmt.Fprintf(env.Stdout, "%s: unchanged\n", r.List)
		default:
			updated++
			fmt.Fprintf(env.Stdout, "%s: updated: %s\n", r.List, describe(r.Snapshot))
		}
	}
	if updated > 0 {
		if err := rescreen(ctx, env, svc); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d lists could not be updated; their previous snapshots stay active", failed, len(results))
	}
	return nil
}

func listsStatus(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "lists status", "[--json] [--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	asJSON := fs.Bool("json", false, "print the snapshots and their coverage as JSON")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	ix, err := svc.Screening.Index(ctx)
	if err != nil {
		return err
	}
	L := i18n.Shared().Localizer(i18n.Default)
	snaps := ix.Snapshots()
	refs := make([]screening.Ref, len(snaps))
	for i, s := range snaps {
		refs[i] = s.Ref()
	}
	coverage := screening.CoverageOf(refs, time.Now())
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(statusJSON(L, snaps, coverage))
	}
	printStatus(env.Stdout, L, snaps)
	fmt.Fprintln(env.Stdout)
	printCoverage(env.Stdout, L, coverage)
	return nil
}

// snapshotStatus is one snapshot in lists status --json: the citation, with
// the list's id for scripts and lists update --list, the name a person
// reads, and where the snapshot came from.
type snapshotStatus struct {
	screening.Ref
	Name   string `json:"name"`
	Source string `json:"source"`
}

// statusJSON is the document lists status --json prints.
func statusJSON(L *i18n.Localizer, snaps []*screening.Snapshot, c screening.Coverage) any {
	out := make([]snapshotStatus, len(snaps))
	for i, s := range snaps {
		out[i] = snapshotStatus{Ref: s.Ref(), Name: screening.SnapshotName(L, s.Ref()), Source: s.Source}
	}
	return struct {
		Snapshots []snapshotStatus   `json:"snapshots"`
		Coverage  screening.Coverage `json:"coverage"`
	}{out, c}
}

// printStatus names each snapshot as the pages do and keeps the list's id
// next to it, the word lists update --list takes.
func printStatus(w io.Writer, L *i18n.Localizer, snaps []*screening.Snapshot) {
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "SNAPSHOT\tLIST\tENTRIES\tPUBLISHED\tFETCHED\tSHA256\tSOURCE")
	for _, s := range snaps {
		pub := "-"
		if !s.Published.IsZero() {
			pub = s.Published.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", screening.SnapshotName(L, s.Ref()), s.List, len(s.Entities), pub, s.Fetched.Format("2006-01-02 15:04"), s.SHA256[:12], s.Source)
	}
	tw.Flush()
}

func listsDiff(env *Env, args []string) error {
	fs := newFlagSet(env, "lists diff", "[--json] OLD NEW")
	asJSON := fs.Bool("json", false, "print the differences as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errUsage
	}
	var pair [2]*screening.Snapshot
	for i, p := range fs.Args() {
		snaps, err := screening.ReadPath(p)
		if err != nil {
			return err
		}
		if len(snaps) != 1 {
			return kscheck.Errorf(kscheck.EInvalid, "%s holds %d list snapshots; lists diff compares one with one", p, len(snaps))
		}
		pair[i] = snaps[0]
	}
	if pair[0].List != pair[1].List {
		return kscheck.Errorf(kscheck.EInvalid, "%s is a %s list and %s a %s list; compare snapshots of the same list", fs.Arg(0), pair[0].List, fs.Arg(1), pair[1].List)
	}
	d := screening.Diff(pair[0], pair[1])
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(d)
	}
	fmt.Fprintf(env.Stdout, "%s: %d added, %d removed, %d changed\n", d.List, len(d.Added), len(d.Removed), len(d.Changed))
	for _, e := range d.Added {
		fmt.Fprintf(env.Stdout, "+ %s\t%s\n", e.ID, e.Primary())
	}
	for _, e := range d.Removed {
		fmt.Fprintf(env.Stdout, "- %s\t%s\n", e.ID, e.Primary())
	}
	for _, c := range d.Changed {
		fmt.Fprintf(env.Stdout, "~ %s\t%s\t(%s)\n", c.New.ID, c.New.Primary(), strings.Join(c.Fields, ", "))
	}
	return nil
}
