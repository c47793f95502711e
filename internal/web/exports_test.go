package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// csvRows parses a CSV export (after its byte order mark).
func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("not a CSV export: %.200q", body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportsRespectNeedToKnowAndAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		ctx := context.Background()
		if err := demo.SeedCases(ctx, svc, 260, 7, nil); err != nil {
			t.Fatal(err)
		}
		count := func(email string, states ...kscheck.State) int {
			n := 0
			err := s.EachCase(ctx, actorFor(t, svc, email), kscheck.CaseFilter{States: states}, func(*kscheck.Case) error { n++; return nil })
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		// The case list, all pages of it: exactly what the person may see.
		for _, email := range []string{"initiator@demo.kscheck.org", "director2@demo.kscheck.org", "auditor@demo.kscheck.org"} {
			c := signIn(t, ts.URL, email)
			res, body := c.get("/export/cases?format=csv")
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
				t.Fatalf("%s: export answered %d, %q", email, res.StatusCode, res.Header.Get("Content-Disposition"))
			}
			if got, want := len(csvRows(t, body))-1, count(email); got != want || (want == 0) != (email == "initiator@demo.kscheck.org") {
				t.Errorf("%s: %d rows exported, may see %d", email, got, want)
			}
		}

		// The register as XLSX: typed cells, and its own row count.
		auditor := signIn(t, ts.URL, "auditor@demo.kscheck.org")
		res, body := auditor.get("/export/register?format=xlsx&lang=nl")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("register export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if want := count("auditor@demo.kscheck.org", kscheck.StateDecided, kscheck.StateCleared); len(rows)-1 != want {
			t.Errorf("register: %d rows, want %d", len(rows)-1, want)
		}
		if sheet != "Besluitenregister" || rows[0][0] != "Referentie" && rows[0][0] != "Kenmerk" {
			t.Errorf("register in Dutch: sheet %q, header %q", sheet, rows[0])
		}
		if typ, _ := f.GetCellType(sheet, "G2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("measure count cell is %v, want a number", typ)
		}
		if style, _ := f.GetCellStyle(sheet, "F2"); style == 0 {
			t.Errorf("the date cell has no date format")
		}

		// The register and the dashboard are not for the initiator.
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		if res, _ := eva.get("/export/register?format=csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("initiator's register export: %d, want 403", res.StatusCode)
		}
		if res, _ := eva.get("/export/dashboard?format=csv"); res.StatusCode != http.StatusForbidden {
			t.Errorf("initiator's dashboard export: %d, want 403", res.StatusCode)
		}
		if res, body := auditor.get("/export/cases?format=pdf&lang=en"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "csv or xlsx") {
			t.Errorf("unknown format: %d", res.StatusCode)
		}

		// The dashboard's figures add up to the dashboard's counts.
		res, body = auditor.get("/export/dashboard?format=csv&lang=en")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("dashboard export: %d", res.StatusCode)
		}
		if recs := csvRows(t, body); len(recs) < 5 || recs[0][0] != "Table" {
			t.Errorf("dashboard export: %q", recs[:min(3, len(recs))])
		}

		// Every export is in the audit trail.
		trail, err := s.RecentAudit(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range trail {
			if strings.HasPrefix(e.Action, "export.") {
				seen[e.Action]++
			}
		}
		if seen["export.cases"] != 3 || seen["export.register"] != 1 || seen["export.dashboard"] != 1 {
			t.Errorf("audited exports: %v", seen)
		}
	})
}
