package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestScreeningCoverageAndEvidence: on the bundled lists (no EU or UK
// list, a CSL sample, OFAC of 2021) the initiator's page, the dossier, the
// Desk's home page and the API all say what the screening did not cover,
// with the command that fixes it; the dossier shows ASPI's own words; a
// confirmed hit is no longer one "to resolve".
func TestScreeningCoverageAndEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		base, svc := newDeskApp(t, s)
		c := submittedCase(t, svc, "Sensor network with Harbin")
		path := fmt.Sprintf("/cases/%d", c.ID)
		gaps := []string{"No EU consolidated financial sanctions list is loaded", "kscheck lists update --list eu",
			"No UK sanctions list is loaded", "only a sample of 115 entries", "days old"}
		eva, desk := signIn(t, base, "initiator@demo.kscheck.org"), signIn(t, base, "desk@demo.kscheck.org")
		eva.page(path+"?lang=en", http.StatusOK, append(gaps, "Screened against: UN list of ",
			"1 possible match to resolve", "Seven sons of national defence", "Major defence laboratories", "unitracker.aspi.org.au")...)
		eva.page(path+"?lang=nl", http.StatusOK, "Er is geen", "Niet gedekt", "Om dit op te lossen", "VN-lijst van ", "Uit de ASPI-tracker, opgehaald ")
		desk.page(path+"/dossier?lang=en", http.StatusOK, append(gaps, "UN list of ", "ASPI tracker fetched ", "Category", "Seven sons of national defence", "HIT is one of China",
			"Major defence laboratories", "Why it matched", "https://unitracker.aspi.org.au/")...)
		desk.page("/desk?lang=en", http.StatusOK, "List coverage", "kscheck lists update --list uk", "kscheck lists update --list eu")
		desk.page("/desk?lang=nl", http.StatusOK, "Dekking van de lijsten")
		if res, body := desk.get("/api/v1/screen?name=" + url.QueryEscape("Harbin Institute of Technology")); res.StatusCode != http.StatusOK ||
			!strings.Contains(body, `"coverage":{"lists":[{"list":"un"`) || !strings.Contains(body, `"kind":"missing","list":"eu"`) {
			t.Errorf("API coverage: %d %s", res.StatusCode, body)
		}

		// A confirmed hit is settled: nothing is left to resolve.
		ctx := context.Background()
		deskActor := actorFor(t, svc, "desk@demo.kscheck.org")
		v, err := svc.Case(ctx, deskActor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AcceptIntake(ctx, deskActor, c.ID, v.Case.Version, service.IntakeChecklist); err != nil {
			t.Fatal(err)
		}
		for _, h := range v.Hits {
			cur, err := s.Case(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.ResolveHit(ctx, deskActor, c.ID, cur.Version, h.ID, true, "Same city and name as on the tracker."); err != nil {
				t.Fatal(err)
			}
		}
		if _, body := eva.get(path + "?lang=en"); strings.Contains(body, "to resolve.") {
			t.Error("a confirmed hit is still shown as to resolve")
		}
	})
}

// TestBrowserScreeningCoverage shows the coverage warnings and the query
// limits in Chromium: on the initiator's page, the Desk's home page and
// the dossier and the lists page the Desk reaches from its home page (with
// an accessibility audit and a screenshot of each), and
// the screening API's answers to a normal and a too long query.
func TestBrowserScreeningCoverage(t *testing.T) {
	b, path := deskBrowser(t, "Coverage in the browser")
	b.signIn("initiator@demo.kscheck.org")
	b.open(path+"?lang=en", "coverage-case")
	if got := b.text(".coverage-gaps"); !strings.Contains(got, "No EU consolidated financial sanctions list is loaded") ||
		!strings.Contains(got, "kscheck lists update --list eu") {
		t.Errorf("case page coverage: %s", got)
	}
	b.run("query the API", chromedp.Navigate(b.base+"/api/v1/screen?name="+url.QueryEscape("Harbin Institute of Technology")))
	if got := b.text("body"); !strings.Contains(got, `"coverage"`) || !strings.Contains(got, `"kind":"missing","list":"uk"`) {
		t.Errorf("API answer: %.300s", got)
	}
	b.run("a too long query", chromedp.Navigate(b.base+"/api/v1/screen?name="+strings.Repeat("x", screening.MaxQueryRunes+1)))
	if got := b.text("body"); !strings.Contains(got, `"status":422`) || !strings.Contains(got, "give at most 300 characters") {
		t.Errorf("too long query: %.300s", got)
	}
	b.run("back to the pages", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
	b.signOut()
	b.signIn("desk@demo.kscheck.org")
	b.open("/desk?lang=en", "coverage-desk")
	if got := b.text("#coverage"); !strings.Contains(got, "kscheck lists update --list uk") || !strings.Contains(got, "only a sample") {
		t.Errorf("desk coverage: %s", got)
	}
	b.open("/desk?lang=nl", "coverage-desk-nl")
	b.submit(`#coverage a[href="/admin/lists"]`)
	b.expectState("coverage-lists-nl")
	if got := b.text("#list-eu .state"); !strings.Contains(got, "kscheck lists update --list eu") {
		t.Errorf("lists page, EU row: %s", got)
	}
	if got := b.text("#list-un .snapshot"); !strings.HasPrefix(got, "VN-lijst van ") {
		t.Errorf("lists page, UN snapshot: %s", got)
	}
	b.open(path+"/dossier?lang=en", "coverage-dossier")
	if got := b.text("#screening"); !strings.Contains(got, "Major defence laboratories") || !strings.Contains(got, "Seven sons of national defence") {
		t.Errorf("dossier evidence: %s", got)
	}
}

// TestBrowserPartnerNameLimits: in Chromium, an initiator who types a
// description instead of a partner's name, too many words for screening or
// too many characters for a name, gets the form back with the limit in its
// error summary, in English and Dutch, and no partner is added.
func TestBrowserPartnerNameLimits(t *testing.T) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, svc := newApp(t, s)
	eva := actorFor(t, svc, "initiator@demo.kscheck.org")
	c, err := svc.StartCase(context.Background(), eva, service.NewCase{Title: "Partner names", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.signIn("initiator@demo.kscheck.org")
	add := func(lang, name string) {
		b.t.Helper()
		b.run("fill in "+lang, chromedp.Navigate(fmt.Sprintf("%s/cases/%d/partners/new?lang=%s", b.base, c.ID, lang)),
			chromedp.WaitVisible(chromedp.CSS("#partner-name")), chromedp.SetValue(chromedp.CSS("#partner-name"), name))
		eval[bool](b, `(document.querySelector('input[name=type][value=organization]').click(), true)`)
		b.submit(`form[action$="/partners"] button[type=submit]`)
	}
	words := strings.TrimSpace(strings.Repeat("joint research laboratory ", 9))
	add("en", words)
	b.expectErrors("partner-too-many-words", "has 27 words; give at most 20 words")
	add("nl", words)
	b.expectErrors("partner-too-many-words-nl", "heeft 27 woorden; geef hoogstens 20 woorden")
	add("en", strings.Repeat("x", kscheck.LimitPartnerName.Max+1))
	b.expectErrors("partner-name-too-long", "301 characters long; the most is 300")
	v, err := svc.Case(context.Background(), eva, c.ID)
	if err != nil || len(v.Partners) != 0 {
		t.Errorf("partners after the refusals: %+v, %v", v.Partners, err)
	}
}
