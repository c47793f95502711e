package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
)

// TestBrowserOutbox opens the outbox page as the administrator in
// Chromium, with a message unfolded, in English and Dutch: no
// accessibility problems a machine can find, and a screenshot of each.
func TestBrowserOutbox(t *testing.T) {
	ctx := browsertest.New(t)
	ts, _, _ := appWithMail(t, storetestOpen(t))
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("admin@demo.kscheck.org")
	for _, lang := range []string{"en", "nl"} {
		b.run("open the outbox", chromedp.Navigate(ts.URL+"/outbox?lang="+lang), chromedp.Click(chromedp.CSS("tbody summary")))
		b.expectState("outbox-" + lang)
	}
}
