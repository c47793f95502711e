package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
)

// TestBrowserAuditAccessLog: the auditor goes from the trail of changes
// to the access log by its tab, narrows it to one check with the plain
// filter form, and reads it in Dutch; every page passes the accessibility
// audit.
func TestBrowserAuditAccessLog(t *testing.T) {
	ctx := browsertest.New(t)
	ts, _ := newApp(t, storetestOpen(t))
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	startTwoChecks(t, ts.URL)

	b.signIn("auditor@demo.kscheck.org")
	b.run("open the audit trail", chromedp.Navigate(ts.URL+"/audit?lang=en"))
	b.expectState("audit-changes")
	b.submit(`nav.sub-nav a[href="/audit?log=reads"]`)
	if got := b.text("main"); !strings.Contains(got, "The access log's chain is intact.") || !strings.Contains(got, "Initiator") {
		t.Fatalf("the access log is not shown: %s", got)
	}
	b.expectState("audit-reads")

	b.run("filter on KS-1", chromedp.SendKeys(chromedp.CSS("#check"), "KS-1"))
	b.submit(`form[action="/audit"] button[type=submit]`)
	if got := eval[string](b, `location.search`); !strings.Contains(got, "log=reads") || !strings.Contains(got, "check=KS-1") {
		t.Errorf("the filter left the access log: %s", got)
	}
	if rows := b.text("main tbody"); !strings.Contains(rows, "KS-1") || strings.Contains(rows, "KS-2") {
		t.Errorf("the reads of KS-1: %s", rows)
	}
	b.expectState("audit-reads-filtered")

	b.run("in Dutch", chromedp.Navigate(ts.URL+"/audit?lang=nl&log=reads"))
	if got := b.text("main"); !strings.Contains(got, "De keten van het inzagelogboek is intact.") || !strings.Contains(got, "Initiatiefnemer") {
		t.Errorf("the Dutch access log: %s", got)
	}
	b.expectState("audit-reads-nl")
}
