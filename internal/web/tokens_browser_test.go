package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/webhook"
)

// TestBrowserTokensAndWebhooks makes a token through the form in Chromium
// and opens the webhooks page with a delivery on it, in English and
// Dutch: no accessibility problems a machine can find, and a screenshot
// of each.
func TestBrowserTokensAndWebhooks(t *testing.T) {
	ctx := browsertest.New(t)
	ts, svc := newApp(t, storetestOpen(t))
	admin := actorFor(t, svc, "admin@demo.kscheck.org")
	if _, err := svc.RegisterWebhook(t.Context(), admin, "https://grants.example.org/hook", []webhook.Event{webhook.CheckSubmitted}); err != nil {
		t.Fatal(err)
	}
	submittedCase(t, svc, "Sensors with Harbin")
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("admin@demo.kscheck.org")
	for _, lang := range []string{"en", "nl"} {
		b.run("make a token", chromedp.Navigate(ts.URL+"/tokens?lang="+lang),
			chromedp.SendKeys("#name", "grants office "+lang), chromedp.SendKeys("#owner", "auditor@demo.kscheck.org"),
			chromedp.Click(`input[value="`+string(kscheck.ScopeClearanceRead)+`"]`), chromedp.Submit("#name"),
			chromedp.WaitVisible("#secret"))
		b.expectState("tokens-" + lang)
		b.run("open the webhooks", chromedp.Navigate(ts.URL+"/admin/webhooks?lang="+lang))
		b.expectState("webhooks-" + lang)
	}
}
