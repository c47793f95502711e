package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// newUniversityVersion writes the shipped university procedure as version
// from from on, and returns its path.
func newUniversityVersion(t *testing.T, version, from string) string {
	t.Helper()
	return writeFile(t, "university-"+version+".yaml", string(proceduretest.University(t, version, from)))
}

func TestProcedureUploadActivateRetireList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		procs, err := service.LoadProcedures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, service.New(s, procs, logger(os.Stderr))); err != nil {
			t.Fatal(err)
		}
		kscheck := func(args ...string) (int, string, string) {
			env, out, errs := testEnv()
			code := run(ctx, env, append(args, dbArgs(dsn)...))
			return code, out.String(), errs.String()
		}

		broken := writeFile(t, "broken.yaml", "id: x\nversion: \"1\"\nnationality_question: yes\n")
		code, out, errs := kscheck("procedure", "upload", broken)
		if code != 1 || !strings.Contains(out, "broken.yaml:3:1: ") || !strings.Contains(errs, "nothing was stored") {
			t.Fatalf("broken upload: exit %d\n%s%s", code, out, errs)
		}

		file := newUniversityVersion(t, "2026.1", "2026-01-01")
		if code, out, errs := kscheck("procedure", "upload", file); code != 0 || !strings.Contains(out, "university@2026.1 uploaded (sha256 ") || !strings.Contains(out, "not yet active") {
			t.Fatalf("upload: exit %d\n%s%s", code, out, errs)
		}
		if code, _, errs := kscheck("procedure", "upload", file); code != 1 || !strings.Contains(errs, "never changes") {
			t.Fatalf("the same version again: exit %d\n%s", code, errs)
		}
		code, out, _ = kscheck("procedure", "list")
		if code != 0 || !strings.Contains(out, "PROCEDURE") || !lineWith(out, "university@2026.1", "uploaded", "from 2026-01-01", "leiden") {
			t.Fatalf("list:\n%s", out)
		}

		resolve := func() string {
			_, out, errs := kscheck("procedure", "resolve", "--unit", "law", "--date", "2026-02-01")
			return out + errs
		}
		if got := resolve(); !strings.Contains(got, "university@2025.1") {
			t.Fatalf("resolved before activation: %s", got)
		}
		if code, out, errs := kscheck("procedure", "activate", "university@2026.1"); code != 0 || !strings.Contains(out, "is active") {
			t.Fatalf("activate: exit %d\n%s%s", code, out, errs)
		}
		if got := resolve(); !strings.Contains(got, "university@2026.1") {
			t.Fatalf("resolved after activation: %s", got)
		}
		if code, _, errs := kscheck("procedure", "retire", "university@2025.1"); code != 2 || !strings.Contains(errs, "shipped in the program") {
			t.Fatalf("retiring a shipped version: exit %d\n%s", code, errs)
		}
		if code, out, errs := kscheck("procedure", "retire", "university@2026.1"); code != 0 || !strings.Contains(out, "is retired") {
			t.Fatalf("retire: exit %d\n%s%s", code, out, errs)
		}
		if got := resolve(); !strings.Contains(got, "university@2025.1") {
			t.Fatalf("resolved after retirement: %s", got)
		}

		_, out, _ = kscheck("procedure", "list", "--json")
		var list []struct {
			Ref, Status, Origin, SHA256 string
			Units                       []string
			Cases                       int
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("list --json: %v\n%s", err, out)
		}
		statuses := map[string]string{}
		for _, l := range list {
			statuses[l.Ref] = l.Status + "/" + l.Origin
		}
		if statuses["university@2026.1"] != "retired/uploaded" || statuses["university@2025.1"] != "active/shipped" {
			t.Fatalf("list --json: %v", statuses)
		}

		// The database itself keeps a stored version as it was uploaded.
		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`UPDATE procedure_versions SET source = 'id: changed'`); err == nil || !strings.Contains(err.Error(), "never changes") {
			t.Fatalf("the database allowed a stored version to change: %v", err)
		}
		if _, err := raw.Exec(`DELETE FROM procedure_versions`); err == nil {
			t.Fatal("the database allowed a stored version to be removed")
		}
	})
}

// lineWith reports whether one line of out contains every part.
func lineWith(out string, parts ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}
