package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestRecordsCommands writes the annual report, runs the retention and
// answers a person's access and erasure requests from the command line,
// on both databases, and checks that bad input is refused in a sentence.
func TestRecordsCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		env, _, _ := testEnv()
		svc, err := (&dbOptions{path: dsn, url: map[bool]string{true: dsn}[strings.HasPrefix(dsn, "postgres")]}).open(ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedCases(ctx, svc, 150, 9, nil); err != nil {
			t.Fatal(err)
		}
		svc.Close()
		dir := t.TempDir()
		cmd := func(args ...string) (int, string) {
			t.Helper()
			env, out, errs := testEnv()
			code := run(ctx, env, append(args, dbArgs(dsn)...))
			return code, out.String() + errs.String()
		}
		year := strconv.Itoa(time.Now().Year())

		pdf := filepath.Join(dir, "report.pdf")
		if code, out := cmd("report", "annual", "--year", year, "--lang", "nl", "--out", pdf); code != 0 || !strings.Contains(out, "wrote "+pdf) {
			t.Fatalf("report annual: exit %d: %s", code, out)
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			text, err := exec.Command("pdftotext", pdf, "-").Output()
			if err != nil || !strings.Contains(string(text), "Kennisveiligheidschecks "+year+": jaarverslag") {
				t.Errorf("the PDF report does not read as expected: %v\n%.500s", err, text)
			}
		}
		if code, out := cmd("report", "annual", "--year", year, "--format", "html", "--out", "-"); code != 0 || !strings.Contains(out, "<svg") {
			t.Errorf("report as HTML: exit %d: %.300s", code, out)
		}
		for _, bad := range []struct {
			args []string
			say  string
		}{
			{[]string{"report", "annual", "--year", "1850"}, "give a year from 2000"},
			{[]string{"report", "annual", "--year", year, "--format", "docx"}, "choose pdf, html or xlsx"},
			{[]string{"report", "annual", "--year", year, "--unit", "atlantis"}, `there is no unit "atlantis"`},
			{[]string{"report", "annual"}, "--year is required"},
			{[]string{"retention", "run", "--policy", writeFile(t, "p.yaml", "personal_data_years: 7\nkeep_forever: true\n")}, "personal_data_years, document_years and mail_years"},
			{[]string{"retention", "run", "--policy", writeFile(t, "p.yaml", "personal_data_years: 0\n")}, "from 1 to 100"},
			{[]string{"person", "export"}, "give exactly one e-mail address"},
			{[]string{"person", "erase", "nobody@example.org"}, `there is nobody with the e-mail address "nobody@example.org"`},
		} {
			if code, out := cmd(bad.args...); code == 0 || !strings.Contains(out, bad.say) {
				t.Errorf("%v: exit %d, %q; want a refusal saying %q", bad.args, code, out, bad.say)
			}
		}

		code, out := cmd("retention", "run", "--dry-run", "--json")
		var rep struct {
			DryRun bool `json:"dry_run"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || !rep.DryRun {
			t.Errorf("retention dry run: exit %d: %s", code, out)
		}
		if code, out := cmd("retention", "run"); code != 0 || !strings.Contains(out, "Checks whose personal data erased: 0") {
			t.Errorf("retention run: exit %d: %s", code, out)
		}

		export := filepath.Join(dir, "subject.json")
		if code, out := cmd("person", "export", "auditor@demo.kscheck.org", "--out", export); code != 0 {
			t.Fatalf("person export: exit %d: %s", code, out)
		}
		b, _ := os.ReadFile(export)
		var subject struct {
			Person struct{ Email string }
		}
		if json.Unmarshal(b, &subject) != nil || subject.Person.Email != "auditor@demo.kscheck.org" {
			t.Errorf("the access export: %.300s", b)
		}
		if code, out := cmd("person", "erase", "auditor@demo.kscheck.org"); code != 0 || !strings.Contains(out, "Former member") {
			t.Fatalf("person erase: exit %d: %s", code, out)
		}
		if code, out := cmd("audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
			t.Errorf("audit verify after erasure: exit %d: %s", code, out)
		}
	})
}
