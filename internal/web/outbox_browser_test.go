package web

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/service"
)

// TestBrowserOutbox opens the outbox page as the administrator in
// Chromium, with a message unfolded, in English and Dutch: no
// accessibility problems a machine can find, and a screenshot of each.
func TestBrowserOutbox(t *testing.T) {
	ctx := browsertest.New(t)
	ts, svc := newApp(t, storetestOpen(t))
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	svc.Notifications = &service.Notifications{BaseURL: ts.URL, I18n: bundle}
	eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
	res := eva.post("/cases/new", url.Values{"title": {"Joint quantum sensing lab"}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
	eva.post(res.Request.URL.Path+"/messages", url.Values{"kind": {"question"}, "body": {"Is the partner linked to a defence university?"}})

	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("admin@demo.kscheck.org")
	for _, lang := range []string{"en", "nl"} {
		b.run("open the outbox", chromedp.Navigate(ts.URL+"/outbox?lang="+lang), chromedp.Click(chromedp.CSS("tbody summary")))
		b.expectState("outbox-" + lang)
	}
}
