package chart

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/web/static"
)

// The charts render in a real browser, pass the audit, and lay out: the
// bars have the widths the SVG asks for.
func TestChartsInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	page := fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Charts</title>
<link rel="stylesheet" href="/static/style.css"></head><body><main class="container"><h1>Dashboard</h1>%s%s%s%s</main></body></html>`,
		Stacked(Chart{Title: "Open checks by faculty", Desc: "Science has the most open checks.", CategoryHeader: "Faculty"},
			[]string{"Science", "Humanities", "Medicine (LUMC)", "Social and Behavioural Sciences"},
			[]Series{{"Draft", []float64{6, 2, 1, 3}}, {"Advice Desk", []float64{3, 1, 2, 0}}, {"Committee", []float64{2, 0, 1, 1}}, {"Postponed", []float64{1, 1, 0, 0}}}),
		Line(Chart{Title: "Outcomes per month", Desc: "Most checks may start.", CategoryHeader: "Month"},
			[]string{"Jun", "Jul", "Aug", "Sep", "Oct", "Nov"},
			[]Series{{"Start", []float64{3, 4, 2, 5, 6, 4}}, {"With measures", []float64{1, 2, 1, 2, 1, 3}}, {"Postponed", []float64{0, 1, 1, 0, 2, 1}}, {"Do not start", []float64{0, 0, 1, 0, 0, 1}}}),
		LeadTimes(Chart{Title: "Lead time to verdict", Desc: "One check took longer than its deadline.", CategoryHeader: "Check", ValueHeader: "Days"},
			[]LeadTime{{"KS-2026-014", 19, 28}, {"KS-2026-017", 33, 28}, {"KS-2026-021", 39, 42}, {"KS-2026-022", 12, 28}},
			[]Deadline{{28, "4 weeks"}, {42, "6 weeks"}}, "past the deadline"),
		Columns(Chart{Title: "Checks started per month", Desc: "Numbers rise after 1 March.", CategoryHeader: "Month", ValueHeader: "Checks"},
			[]Point{{"Jan", 0}, {"Feb", 2}, {"Mar", 14}, {"Apr", 9}, {"May", 11}}),
	)
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServerFS(static.FS)))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	problems, err := browsertest.Audit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("accessibility problems:\n%s", strings.Join(problems, "\n"))
	}
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("svg[role=img]")).map(s => s.querySelector("title").textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 4 {
		t.Errorf("svg images with titles: %v", names)
	}
	browsertest.Screenshot(t, ctx, "dashboard")
}
