package web

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
)

// TestBrowserProcedures publishes a new version as an administrator in
// Chromium (a refused file first), then reads its flowchart as an
// initiator, in English and Dutch, and sees a check's path through it.
func TestBrowserProcedures(t *testing.T) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, _ := newApp(t, s)
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	dir := t.TempDir()
	good := filepath.Join(dir, "university-2026.yaml")
	bad := filepath.Join(dir, "university-draft.yaml")
	src := proceduretest.University(t, "2026.1", "2026-01-01")
	if err := os.WriteFile(good, src, 0o644); err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(bytes.Replace(src, []byte("start: "), []byte("start: nowhere_"), 1), []byte("deadline_weeks: 4"), []byte("deadline_weeks: 0"), 1)
	if err := os.WriteFile(bad, broken, 0o644); err != nil {
		t.Fatal(err)
	}

	b.signIn("admin@demo.kscheck.org")
	b.run("open the administration", chromedp.Navigate(ts.URL+"/admin/procedures"), chromedp.SetUploadFiles(`#file`, []string{bad}))
	b.submit(`form[action="/admin/procedures"] button[type=submit]`)
	if got := b.text(".error-summary"); !strings.Contains(got, "university-draft.yaml:46:1: ") || !strings.Contains(got, "university-draft.yaml:48:1: ") {
		t.Fatalf("the refused file's problems are not listed: %s", got)
	}
	problems, err := browsertest.Audit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("refused upload: accessibility: %s", p)
	}
	browsertest.Screenshot(t, ctx, "procedures-admin-refused")

	b.run("choose the good file", chromedp.SetUploadFiles(`#file`, []string{good}), chromedp.Click(chromedp.CSS(`#activate`)))
	b.submit(`form[action="/admin/procedures"] button[type=submit]`)
	if got := b.text(`tr[id="v-university@2026.1"]`); !strings.Contains(got, "Active") {
		t.Fatalf("the new version is not active: %s", got)
	}
	b.expectState("procedures-admin")
	b.signOut()

	b.signIn("initiator@demo.kscheck.org")
	b.run("open the procedures", chromedp.Navigate(ts.URL+"/procedures"))
	b.expectState("procedures-list")
	b.run("open the new version", chromedp.Navigate(ts.URL+"/procedures/university@2026.1"), chromedp.WaitVisible(chromedp.CSS(".flowchart img")))
	if w := eval[int](b, `document.querySelector('.flowchart img').naturalWidth`); w < 400 {
		t.Fatalf("the flowchart image did not load (width %d)", w)
	}
	b.expectState("procedure-page")
	b.run("in Dutch", chromedp.Navigate(ts.URL+"/procedures/university@2026.1?lang=nl"), chromedp.WaitVisible(chromedp.CSS(".flowchart img")))
	if !strings.Contains(b.text("main"), "De vragen, stap voor stap") {
		t.Error("the Dutch page is not in Dutch")
	}
	b.expectState("procedure-page-nl")

	b.run("start a check", chromedp.Navigate(ts.URL+"/cases/new?lang=en"), chromedp.SendKeys(chromedp.CSS("#title"), "Sensor network with Delft"), chromedp.Click(chromedp.CSS("#kind")))
	b.submit(`form[action="/cases/new"] button[type=submit]`)
	// Starting a check leads on to its partners; the path is on the check's page.
	b.run("open the check", chromedp.Navigate(ts.URL+strings.TrimSuffix(eval[string](b, `location.pathname`), "/partners/new")))
	b.run("open the path", chromedp.Click(chromedp.CSS("details.flowchart summary")), chromedp.WaitVisible(chromedp.CSS("details.flowchart img")))
	w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(async () => { const i = document.querySelector('details.flowchart img'); await i.decode(); return i.naturalWidth; })()`, chromedp.EvalAwaitPromise))
	if err != nil || w < 400 {
		t.Fatalf("the case's flowchart did not load (width %d): %v", w, err)
	}
	b.run("scroll to it", chromedp.ScrollIntoView(chromedp.CSS("#flowchart-h")))
	b.expectState("case-flowchart")
	casePath := eval[string](b, `location.pathname`)
	b.signOut()

	// Retiring the version leaves the running check as it was.
	b.signIn("admin@demo.kscheck.org")
	row := `tr[id="v-university@2026.1"]`
	b.run("open the retirement", chromedp.Navigate(ts.URL+"/admin/procedures"), chromedp.Click(chromedp.CSS(row+" details.confirm summary")), chromedp.WaitVisible(chromedp.CSS(row+" details.confirm button")))
	if got := b.text(row + " details.confirm"); !strings.Contains(got, "the 1 check that uses it keeps it") {
		t.Errorf("the retirement does not say the running check keeps the version: %s", got)
	}
	b.expectState("procedures-admin-retire")
	b.submit(row + " details.confirm button")
	if got := b.text(row); !strings.Contains(got, "Retired") {
		t.Fatalf("the version is not retired: %s", got)
	}
	b.signOut()
	b.signIn("initiator@demo.kscheck.org")
	b.run("the check after retirement", chromedp.Navigate(ts.URL+casePath))
	if got := b.text(".summary-list"); !strings.Contains(got, "2026.1") {
		t.Errorf("the running check lost its version: %s", got)
	}
}
