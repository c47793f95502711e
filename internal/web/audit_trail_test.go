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

// startTwoChecks has Eva, an initiator, start KS-1 and KS-2 (which also
// records her reads of them) and returns her session.
func startTwoChecks(t *testing.T, base string) *client {
	t.Helper()
	eva := signIn(t, base, "initiator@demo.kscheck.org")
	for _, title := range []string{"First check", "Second check"} {
		if res := eva.post("/cases/new", url.Values{"title": {title}, "kind": {"research_collaboration"}, "unit": {"liacs"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("starting %s: %d", title, res.StatusCode)
		}
	}
	return eva
}

// TestAuditTrailFiltersAndExport: the auditor filters the trail by check,
// person, action and period in English and Dutch, gets a clear error for a
// period that ends before it starts, and downloads exactly what the filter
// shows as CSV with the chain's state; the Desk may do neither.
func TestAuditTrailFiltersAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		startTwoChecks(t, ts.URL)
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

// TestAuditShowsTheAccessLog: beside the changes, the auditor browses the
// reads of checks (who opened which check, in which capacity) with the
// check, person and period filters, in English and Dutch, and downloads
// what the filter shows with the state of the access log's own chain; an
// unknown log is refused with a message, and the Desk sees none of it.
func TestAuditShowsTheAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		startTwoChecks(t, ts.URL)
		auditor := signIn(t, ts.URL, "auditor@demo.kscheck.org")
		if res, _ := auditor.get("/cases/2"); res.StatusCode != http.StatusOK {
			t.Fatalf("the auditor opens KS-2: %d", res.StatusCode)
		}

		_, body := auditor.get("/audit?lang=en&log=reads")
		contains(t, "access log (en)", body, `<a href="/audit?log=reads" aria-current="page">Reads</a>`, `<a href="/audit">Changes</a>`,
			"The access log&#39;s chain is intact.", `<input type="hidden" name="log" value="reads">`,
			`<td data-label="Who">Dr. Eva de Vries</td>`, `<td data-label="Capacity">Initiator</td>`,
			`<td data-label="Who">Karin Meijer</td>`, `<td data-label="Capacity">Auditor</td>`,
			`href="/audit/export?log=reads"`)
		if strings.Contains(body, `id="action"`) || strings.Contains(body, "Check started") {
			t.Errorf("the access log offers actions or shows changes")
		}
		_, body = auditor.get("/audit?lang=en&log=reads&person=meijer")
		if n := strings.Count(body, `<td data-label="Who">`); n != 1 || !strings.Contains(body, `href="/audit?log=reads&amp;check=KS-2">KS-2</a>`) {
			t.Errorf("the auditor's reads: %d rows", n)
		}
		_, body = auditor.get("/audit?lang=nl&log=reads&check=KS-1&from=2000-01-01")
		contains(t, "access log (nl)", body, `aria-current="page">Inzage</a>`, "De keten van het inzagelogboek is intact.",
			`<td data-label="Hoedanigheid">Initiatiefnemer</td>`, `<a href="/audit?check=KS-1&amp;from=2000-01-01">Wijzigingen</a>`)
		if n := strings.Count(body, `<td data-label="Wie">`); n != 1 {
			t.Errorf("the reads of KS-1: %d rows, want Eva's one", n)
		}

		res, body := auditor.get("/audit/export?log=reads&check=KS-2")
		if res.StatusCode != http.StatusOK || res.Header.Get("X-Kscheck-Audit-Chain") != "intact" || !strings.Contains(res.Header.Get("Content-Disposition"), "access_log") {
			t.Fatalf("export: %d %v", res.StatusCode, res.Header)
		}
		rows := csvRows(t, body)
		if len(rows) != 3 || rows[1][4] != "case.read" || rows[1][5] != "KS-2" || rows[2][3] != "Karin Meijer" || !strings.Contains(rows[2][8], `"as":"auditor"`) || rows[2][11] != "yes" {
			t.Errorf("export rows: %v", rows)
		}
		_, body = auditor.get("/audit?lang=en&action=audit.export")
		contains(t, "the export is audited", body, ">Audit trail exported<")

		if res, body := auditor.get("/audit?lang=nl&log=writes"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Er is geen logboek &#34;writes&#34;") {
			t.Errorf("an unknown log: %d", res.StatusCode)
		}
		desk := signIn(t, ts.URL, "desk@demo.kscheck.org")
		for _, path := range []string{"/audit?log=reads", "/audit/export?log=reads"} {
			if res, body := desk.get(path); res.StatusCode != http.StatusForbidden || strings.Contains(body, "seq,at") {
				t.Errorf("the Desk on %s: %d", path, res.StatusCode)
			}
		}
	})
}
