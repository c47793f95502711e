package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// procedureUpload is `procedure upload FILE [--activate]`: check a file
// against every known version and store it; a refused file prints every
// problem as file:line:column: message.
func procedureUpload(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "procedure upload", "FILE [--activate] [--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	activate := fs.Bool("activate", false, "activate the version at once, so new cases of its units use it from its start date")
	name, err := refAndFlags(fs, args)
	if err != nil {
		return err
	}
	src, err := readLimited(name, service.MaxProcedureBytes)
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	v, err := svc.UploadProcedure(ctx, service.System, filepath.Base(name), src, *activate)
	if err != nil {
		return printRefused(env, "upload", name+" refused; nothing was stored", err)
	}
	fmt.Fprintf(env.Stdout, "%s uploaded (sha256 %s) and %s\n", v.Ref(), v.SHA256, map[bool]string{
		true:  "active: new cases of its units use it from its start date",
		false: "not yet active; run `kscheck procedure activate " + v.Ref() + "`",
	}[v.Status == kscheck.ProcedureActive])
	return nil
}

// printRefused prints every problem of a refused procedure as
// file:line:column: message and asks for exit status 1; other errors are
// returned as they are.
func printRefused(env *Env, verb, what string, err error) error {
	var refused *service.RefusedProcedure
	if !errors.As(err, &refused) {
		return err
	}
	for _, p := range refused.Problems {
		fmt.Fprintln(env.Stdout, p)
	}
	fmt.Fprintf(env.Stderr, "kscheck procedure %s: %s: %d problem(s)\n", verb, what, len(refused.Problems))
	return exitCode(1)
}

// readLimited reads a file of at most limit bytes, saying so when larger.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s is larger than %d KB, the most a procedure file may be", name, limit>>10)
	}
	return src, nil
}

// procedureStatusCommand returns `procedure activate|retire ID@VERSION`.
func procedureStatusCommand(verb string, change func(*service.Service, context.Context, kscheck.Actor, string) (*kscheck.ProcedureVersion, error), done string) func(context.Context, *Env, []string) error {
	return func(ctx context.Context, env *Env, args []string) error {
		fs := newFlagSet(env, "procedure "+verb, "ID@VERSION [--db PATH | --database-url URL]")
		db := addDBFlags(fs, env)
		ref, err := refAndFlags(fs, args)
		if err != nil {
			return err
		}
		svc, err := db.open(ctx, env)
		if err != nil {
			return err
		}
		defer svc.Close()
		v, err := change(svc, ctx, service.System, ref)
		if err != nil {
			return printRefused(env, verb, ref+" refused against the versions now in force", err)
		}
		fmt.Fprintf(env.Stdout, "%s %s\n", v.Ref(), done)
		return nil
	}
}

// procedureList is `procedure list [--json]`: shipped and uploaded
// versions with status, validity, units and how many cases use each.
func procedureList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "procedure list", "[--json] [--db PATH | --database-url URL]")
	db := addDBFlags(fs, env)
	asJSON := fs.Bool("json", false, "print JSON")
	svc, err := parseAndOpen(ctx, env, fs, db, args)
	if err != nil {
		return err
	}
	defer svc.Close()
	list, err := svc.ProcedureListings(ctx, service.System)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []service.ProcedureListing{}
		}
		return writeJSON(env.Stdout, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROCEDURE\tSTATUS\tORIGIN\tTRACK\tIN FORCE\tUNITS\tCASES")
	for _, l := range list {
		valid := "from " + l.From
		if l.Until != "" {
			valid += " until " + l.Until
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", l.Ref, l.Status, l.Origin, l.Track, valid, strings.Join(l.Units, ", "), l.Cases)
	}
	return tw.Flush()
}
