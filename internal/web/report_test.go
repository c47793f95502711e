package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

func TestAnnualReportInBothLanguagesAndFormats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		if err := demo.SeedCases(context.Background(), svc, 400, 11, nil); err != nil {
			t.Fatal(err)
		}
		year := svc.Now().Format("2006")
		auditor := signIn(t, ts.URL, "auditor@demo.kscheck.org")

		_, en := auditor.get("/reports/annual?lang=en&year=" + year + "&format=html")
		contains(t, "English report", en, "Checks by kind of activity", "Checks by outcome", "Lead times against the deadlines",
			"Procedure versions in force during the year", `role="img"`, "Screening candidates")
		_, nl := auditor.get("/reports/annual?lang=nl&year=" + year + "&format=html")
		contains(t, "Dutch report", nl, "Checks per soort activiteit", "Checks per uitkomst", "Doorlooptijden tegenover de termijnen")
		// The report itself names no person (the page around it names the
		// reader, as every page does).
		report := en[strings.Index(en, `<div class="report">`):]
		for _, a := range demo.Accounts {
			if strings.Contains(report, a.Name) {
				t.Errorf("the report names a person: %q", a.Name)
			}
		}

		res, pdf := auditor.get("/reports/annual?lang=nl&year=" + year + "&format=pdf")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if text, ok := pdfText(t, pdf); ok {
			contains(t, "PDF text", text, "Kennisveiligheidschecks "+year+": jaarverslag", "Checks per faculteit", "Procedureversies die in dit jaar golden")
		}
		res, xlsx := auditor.get("/reports/annual?lang=en&year=" + year + "&format=xlsx")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("XLSX: %d", res.StatusCode)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(xlsx)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := len(f.GetSheetList()); got < 8 {
			t.Errorf("the workbook has %d sheets, want a sheet per table", got)
		}
		if typ, _ := f.GetCellType(f.GetSheetName(0), "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("counts are not numbers: %v", typ)
		}

		// Bad input is a clear error on the form; the initiator may not report.
		res, body := auditor.get("/reports/annual?lang=en&year=twenty")
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "as a number") {
			t.Errorf("a year in words: %d", res.StatusCode)
		}
		if res, _ := auditor.get("/reports/annual?lang=en&year=1850"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a year before kscheck: %d", res.StatusCode)
		}
		if res, _ := signIn(t, ts.URL, "initiator@demo.kscheck.org").get("/reports/annual"); res.StatusCode != http.StatusForbidden {
			t.Errorf("initiator: %d, want 403", res.StatusCode)
		}
	})
}

// TestAnnualReportInBrowser shows the report page in Chromium in both
// languages, with the accessibility audit and a screenshot of each.
func TestAnnualReportInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, svc := newApp(t, s)
	if err := demo.SeedCases(context.Background(), svc, 300, 5, nil); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("auditor@demo.kscheck.org")
	for _, lang := range []string{"en", "nl"} {
		b.run("open the report form", chromedp.Navigate(ts.URL+"/reports/annual?lang="+lang))
		b.submit(`form[action="/reports/annual"] button`)
		b.run("the report is shown", chromedp.WaitVisible(chromedp.CSS("section#report-kind, section[aria-labelledby=report-kind]")))
		b.expectState("annual-report-" + lang)
	}
}
