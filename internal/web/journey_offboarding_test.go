package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
)

// expectErrors checks that a refused form shows its error summary, that
// every entry links to a control on the page, and that the page passes the
// accessibility audit; it saves a screenshot named step.
func (b *browser) expectErrors(step string, wants ...string) {
	b.t.Helper()
	summary := b.text(".error-summary")
	for _, w := range wants {
		if !strings.Contains(summary, w) {
			b.t.Errorf("%s: the error summary lacks %q: %s", step, w, summary)
		}
	}
	if !eval[bool](b, `Array.from(document.querySelectorAll('.error-summary a')).every(a => document.querySelector(a.getAttribute('href')))`) {
		b.t.Errorf("%s: an error summary link leads to no control", step)
	}
	problems, err := browsertest.Audit(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, p := range problems {
		b.t.Errorf("%s: accessibility: %s", step, p)
	}
	browsertest.Screenshot(b.t, b.ctx, step)
}

// TestBrowserJourneyOffboarding is the administrator's journey when
// someone leaves: from the Administration menu to the person, a role
// taken away, a refused password (with its error summary) and a new one,
// and the account deactivated, which ends the person's running session at
// once. Every page passes the accessibility audit, in English and Dutch.
func TestBrowserJourneyOffboarding(t *testing.T) {
	ctx := browsertest.New(t)
	ts, _ := newApp(t, storetestOpen(t))
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	marc := signIn(t, ts.URL, "director@demo.kscheck.org") // signed in elsewhere, until offboarded

	b.signIn("admin@demo.kscheck.org")
	b.run("open the home page", chromedp.Navigate(ts.URL+"/?lang=en"))
	b.submit(`.site-nav a[href="/admin/people"]`)
	b.expectState("people")
	b.submit(`td a[href="/admin/people/` + personID(b, "Prof. Marc Jansen") + `"]`)
	path := eval[string](b, `location.pathname`)
	b.expectState("person")

	// A role taken away.
	b.submit(`form input[name=assignment][value="director@liacs"] ~ button`)
	b.expectState("role-removed")
	if strings.Contains(b.text("#roles"), "Director at") {
		t.Errorf("the director role is still listed: %s", b.text("#roles"))
	}

	// A password that is too short is refused at the page's address, with
	// an error summary that leads to the field.
	b.run("type a short password", chromedp.SendKeys(chromedp.CSS("#password"), "short"))
	b.submit(`#password-h ~ form button[type=submit]`)
	if got := eval[string](b, `location.pathname`); got != path {
		t.Errorf("the refused form left its page for %s", got)
	}
	b.expectErrors("password-refused", "too short")
	b.run("type a good password", chromedp.SendKeys(chromedp.CSS("#password"), "a much longer passphrase"))
	b.submit(`#password-h ~ form button[type=submit]`)
	b.expectState("password-reset")
	if res, _ := marc.get("/"); !strings.HasSuffix(res.Request.URL.Path, "/signin") {
		t.Errorf("the old session lives on after a password reset")
	}
	if res := marc.post("/signin", url.Values{"email": {"director@demo.kscheck.org"}, "password": {"a much longer passphrase"}}); strings.HasSuffix(res.Request.URL.Path, "/signin") {
		t.Fatalf("the new password does not sign in: %d", res.StatusCode)
	}

	// Deactivation, in Dutch, after a confirmation: the session ends at once.
	b.run("open the person in Dutch", chromedp.Navigate(ts.URL+path+"?lang=nl"), chromedp.Click(chromedp.CSS("details.confirm summary")))
	b.expectState("deactivate-confirm")
	b.submit(`details.confirm button.danger`)
	b.expectState("deactivated")
	if flash := b.text(".flash"); !strings.Contains(flash, "gedeactiveerd") {
		t.Errorf("no Dutch confirmation: %q", flash)
	}
	if res, _ := marc.get("/"); !strings.HasSuffix(res.Request.URL.Path, "/signin") {
		t.Errorf("the session lives on after deactivation")
	}
	b.run("the units", chromedp.Navigate(ts.URL+"/admin/units?lang=nl"))
	b.expectState("units")
	b.run("an unknown address", chromedp.Navigate(ts.URL+"/no/such/page?lang=nl"))
	if h1 := b.text("h1"); h1 != "Pagina niet gevonden" {
		t.Errorf("404 page heading %q", h1)
	}
	browsertest.Screenshot(t, ctx, "not-found")
}

// personID returns the id of the person named name on the people page the
// browser shows.
func personID(b *browser, name string) string {
	b.t.Helper()
	href := eval[string](b, `(Array.from(document.querySelectorAll('td a')).find(a => a.textContent === `+jsString(name)+`) || {href: ''}).href`)
	if href == "" {
		b.t.Fatalf("%s is not on the people page", name)
	}
	return href[strings.LastIndexByte(href, '/')+1:]
}
