package web

import (
	"github.com/xuri/excelize/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestAuditTrailFiltersAndExport: the auditor filters the trail by check,
// person, action and period in English and Dutch, gets a clear error for a
// period that ends before it starts, and downloads exactly what the filter
// shows as CSV with the chain's state; the Desk may do neither.
func TestAuditTrailFiltersAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		for _, title := range []string{"First check", "Second check"} {
			if res := eva.post("/cases/new", url.Values{"title": {title}, "kind": {"research_collaboration"}, "unit": {"liacs"}}); res.StatusCode != http.StatusOK {
				t.Fatalf("starting %s: %d", title, res.StatusCode)
			}
		}
		auditor := signIn(t, ts.URL, "auditor@demo.kscheck.org")

		_, body := auditor.get("/audit?lang=en&person=de+vries")
		contains(t, "filtered trail (en)", body, "The audit chain is intact.", ">Check started<", `value="de vries"`, `href="/audit/export?person=de&#43;vries"`)
		if strings.Contains(body, `<td data-label="Who">Karin Meijer`) {
			t.Errorf("the person filter shows other people's entries")
		}
		_, body = auditor.get("/audit?lang=en&person=de+vries&action=case.start")
		if strings.Count(body, `<td data-label="What">`) != 2 || strings.Count(body, `<td data-label="What">Check started</td>`) != 2 {
			t.Errorf("the action filter shows other actions")
		}
		_, body = auditor.get("/audit?lang=nl&check=KS-1&action=case.start")
		contains(t, "filtered trail (nl)", body, "De auditketen is intact.", "Check gestart", `<option value="case.start" selected>`)
		if strings.Count(body, `<td data-label="Wat">`) != 1 {
			t.Errorf("the check filter shows other checks' entries")
		}

		res, body := auditor.get("/audit?lang=nl&from=2026-12-01&to=2026-11-01&check=twelve")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a period backwards: %d", res.StatusCode)
		}
		contains(t, "refused filter (nl)", body, `class="error-summary"`, `href="#to">Het einde van de periode mag niet voor het begin liggen`, `href="#check">Vul het kenmerk`)

		res, body = auditor.get("/audit/export?person=de+vries&action=case.start")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || res.Header.Get("X-Kscheck-Audit-Chain") != "intact" {
			t.Fatalf("export: %d %v", res.StatusCode, res.Header)
		}
		rows := csvRows(t, body)
		if len(rows) != 3 || rows[0][0] != "seq" || rows[1][4] != "case.start" || rows[1][5] != "KS-1" || rows[2][5] != "KS-2" || rows[1][11] != "yes" {
			t.Errorf("export rows: %v", rows)
		}
		res, body = auditor.get("/audit/export?person=de+vries&action=case.start&format=xlsx")
		if f, err := excelize.OpenReader(strings.NewReader(body)); err != nil || res.StatusCode != http.StatusOK {
			t.Errorf("XLSX export: %d, %v", res.StatusCode, err)
		} else if got, _ := f.GetRows(f.GetSheetName(0)); len(got) != 3 {
			t.Errorf("XLSX export has %d rows, want 3", len(got))
		}
		_, body = auditor.get("/audit?lang=en&action=audit.export")
		contains(t, "the export is audited", body, ">Audit trail exported<")

		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")
		for _, path := range []string{"/audit?lang=nl", "/audit/export", "/audit?from=nonsense"} {
			if res, body := desk.get(path); res.StatusCode != http.StatusForbidden || strings.Contains(body, "seq,at") {
				t.Errorf("the Desk on %s: %d", path, res.StatusCode)
			}
		}
	})
}
