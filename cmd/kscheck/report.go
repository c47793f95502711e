package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/report"
	"github.com/kscheck/kscheck/internal/service"
)

// reportCommand writes the annual report: kscheck report annual.
func reportCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "annual" {
		fmt.Fprintln(env.Stderr, "Usage: kscheck report annual --year YYYY [--unit CODE] [--format pdf|html|xlsx] [--lang en|nl] [--out FILE]")
		return errUsage
	}
	fs := newFlagSet(env, "report annual", "--year YYYY [--unit CODE] [--format pdf|html|xlsx] [--lang en|nl] [--out FILE]")
	db := addDBFlags(fs, env)
	year := fs.Int("year", 0, "the year whose checks the report covers (required)")
	unit := fs.String("unit", "", "only the checks within this unit (a faculty or institute code)")
	format := fs.String("format", "pdf", "pdf, html or xlsx")
	lang := fs.String("lang", i18n.Default, "language of the report: en or nl")
	out := fs.String("out", "", "file to write; default annual-report-YYYY.FORMAT in the current folder, - for standard output")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return kscheck.Errorf(kscheck.EInvalid, "--format: %s", err.Error())
	}
	if !i18n.Supported(*lang) {
		return kscheck.Errorf(kscheck.EInvalid, "--lang %q: choose en or nl", *lang)
	}
	if *year == 0 {
		return kscheck.Errorf(kscheck.EInvalid, "--year is required, e.g. --year 2025")
	}
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	a, err := svc.AnnualReport(ctx, service.System, bundle.Localizer(*lang), *year, *unit, string(f))
	if err != nil {
		return err
	}
	if *out == "-" {
		return a.Write(env.Stdout, f)
	}
	path := *out
	if path == "" {
		path = fmt.Sprintf("annual-report-%d.%s", *year, f)
	}
	// Written beside its destination and renamed, so that a failure never
	// leaves half a report under the final name.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := a.Write(tmp, f); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s\n", path)
	return nil
}
