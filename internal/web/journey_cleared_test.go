package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kscheck/kscheck/internal/browsertest"
)

// answerCleared answers the open questions on a flowchart page as an
// initiator with nothing to report: "no" to every yes/no question, no
// critical technology ticked, the partner's country Germany, and a few
// words for the opportunities.
const answerCleared = `(() => {
  const groups = {};
  document.querySelectorAll('form input[type=radio]').forEach(r => (groups[r.name] ||= []).push(r));
  for (const rs of Object.values(groups)) {
    if (!rs.some(r => r.checked)) rs.find(r => r.value === 'no').checked = true;
  }
  const kind = document.querySelector('select#kind'); if (kind && !kind.value) kind.value = 'research_collaboration';
  const country = document.querySelector('select#partner_country'); if (country && !country.value) country.value = 'DE';
  document.querySelectorAll('form textarea').forEach(t => { if (!t.value) t.value = 'Joint edition of a medieval manuscript archive.'; });
  return true;
})()`

// tabTo presses Tab until the focused element matches sel, as a person
// using only the keyboard would.
func (b *browser) tabTo(sel string) {
	b.t.Helper()
	for i := 0; i < 60; i++ {
		if eval[bool](b, `!!(document.activeElement && document.activeElement.matches(`+jsString(sel)+`))`) {
			return
		}
		b.run("Tab", chromedp.KeyEvent(kb.Tab))
	}
	b.t.Fatalf("Tab never reached %s", sel)
}

// pressEnter presses Enter on the focused element and waits for the next page.
func (b *browser) pressEnter() {
	b.t.Helper()
	eval[bool](b, `window.kscheckOldPage = true`)
	b.run("Enter", chromedp.KeyEvent(kb.Enter))
	b.waitForPage("Enter")
}

// waitForPage waits until a new page has replaced the one marked with
// window.kscheckOldPage.
func (b *browser) waitForPage(what string) {
	b.t.Helper()
	for i := 0; ; i++ {
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.kscheckOldPage === undefined && document.readyState === 'complete'`))
		if err == nil && loaded {
			return
		}
		if i > 100 {
			b.t.Fatalf("%s: the next page did not load", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitForText waits until the element sel shows want, as type-ahead
// results do a moment after typing. While htmx swaps the element it may
// be missing for a moment; that is waited out too.
func (b *browser) waitForText(sel, want string) {
	b.t.Helper()
	var last string
	for i := 0; ; i++ {
		s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.AtLeast(0)))
		if err == nil && strings.Contains(s, want) {
			return
		}
		if err == nil {
			last = s
		}
		if i > 60 {
			b.t.Fatalf("%s never showed %q: %s (%v)", sel, want, last, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

// screeningBrowser starts the app with partner screening and a browser on it.
func screeningBrowser(t *testing.T) (*browser, *httptest.Server) {
	ctx := browsertest.New(t)
	ts, svc := newApp(t, storetestOpen(t))
	withScreening(t, svc)
	return &browser{t: t, ctx: ctx, base: ts.URL}, ts
}

// TestJourneyCleared is journey 1: a collaboration with no "yes" in the
// flowchart, started by the initiator with the keyboard only, its partner
// found by type-ahead and screened, weighed, and cleared by initiator and
// director. Every page is audited and photographed.
func TestJourneyCleared(t *testing.T) {
	b, ts := screeningBrowser(t)

	b.signIn("initiator@demo.kscheck.org")

	// Starting the check with the keyboard only: Tab, typing, Space, Enter.
	b.run("open the start page", chromedp.Navigate(ts.URL+"/cases/new"), chromedp.WaitVisible(chromedp.CSS("#title")))
	b.expectState("start")
	b.tabTo("#title")
	b.run("type the title", chromedp.KeyEvent("Edition of the Heidelberg manuscripts"))
	b.tabTo("#kind")
	b.run("choose the first kind", chromedp.KeyEvent(" "))
	b.tabTo("#description")
	b.run("describe it", chromedp.KeyEvent("Two editors, shared scans, a joint publication."))
	b.tabTo(`form[action="/cases/new"] button[type=submit]`)
	b.pressEnter()
	if !eval[bool](b, `location.pathname.endsWith('/partners/new')`) {
		b.expectState("start-failed")
		t.Fatalf("starting the check did not lead to its partners but to %s", eval[string](b, `location.href`))
	}
	b.expectState("partners-empty")
	path := strings.TrimSuffix(eval[string](b, `location.pathname`), "/partners/new")

	// The partner, by keyboard too: search, pick a result, add it.
	b.tabTo("#partner-q")
	b.run("type the partner's name", chromedp.KeyEvent("ruprecht heidel"))
	b.pressEnter()
	b.expectState("partner-search")
	b.tabTo(`#partner-results a`)
	if got := eval[string](b, `document.activeElement.textContent`); got != "Ruprecht-Karls-Universität Heidelberg" {
		t.Fatalf("the first result is %q", got)
	}
	b.pressEnter()
	if v := eval[string](b, `document.querySelector('#partner-country').value + ' ' + document.querySelector('#partner-website').value`); v != "DE http://www.uni-heidelberg.de/" {
		t.Errorf("picking the result filled in %q, want its country and website", v)
	}
	b.expectState("partner-picked")
	b.tabTo(`form[action$="/partners"] button[type=submit]`)
	b.pressEnter()
	b.expectState("partner-screened")
	if txt := b.text("#partners"); !strings.Contains(txt, "Ruprecht-Karls-Universität Heidelberg") || !strings.Contains(txt, "No matches on the lists screened.") {
		t.Errorf("the added partner and its screening are not shown: %s", txt)
	}

	// Type-ahead with htmx: the results appear while typing, on the same page.
	eval[bool](b, `window.kscheckSamePage = true`)
	b.run("type ahead", chromedp.Clear(chromedp.CSS("#partner-q")), chromedp.SendKeys(chromedp.CSS("#partner-q"), "harbin inst"))
	b.waitForText("#partner-results", "Harbin Institute of Technology")
	if !eval[bool](b, `window.kscheckSamePage === true`) {
		t.Error("type-ahead reloaded the page instead of updating the results")
	}
	b.expectState("type-ahead")

	// The flowchart, section by section, with no "yes". The kind and
	// the partner's country were given already: the flowchart starts at
	// its legal stops and asks neither, nor the outcome or doubt yet.
	b.run("open the flowchart", chromedp.Navigate(ts.URL+path+"/answers"))
	if txt := b.text("h1"); !strings.Contains(txt, "A. Legal stops") {
		t.Errorf("the flowchart starts at %q, want its legal stops", txt)
	}
	for i := 0; eval[bool](b, `!!document.querySelector('button[name=continue]')`); i++ {
		if i > 12 {
			t.Fatal("the flowchart did not complete after 12 pages")
		}
		if eval[bool](b, `!!document.querySelector('#in_doubt, select#kind, select#partner_country')`) || strings.Contains(b.text("main"), "Outcome of the flowchart") {
			t.Errorf("page %d asks again what was given, or shows the outcome or the doubt before the end", i)
		}
		eval[bool](b, answerCleared)
		b.expectState("flowchart-" + string(rune('a'+i)))
		b.submit(`button[name=continue]`)
	}
	// The review: the outcome once, and each section to change.
	b.expectState("flowchart-review")
	if txt := b.text("main"); !strings.Contains(txt, "Check your answers") || strings.Count(txt, "Outcome of the flowchart") != 1 || !strings.Contains(txt, "No risk indication") {
		t.Errorf("the review does not show the outcome once: %s", txt)
	}
	b.submit(`a[href$="/answers?section=activity"]`)
	b.expectState("flowchart")
	if txt := b.text("main"); !strings.Contains(txt, "Germany") || !strings.Contains(txt, "(given when the check was started)") {
		t.Errorf("the given answers are not shown as given: %s", txt)
	}
	b.run("back to the review", chromedp.Navigate(ts.URL+path+"/answers"))
	b.submit(`form[action$="/answers"] button[type=submit]`)
	b.expectState("flowchart-done")
	if answers := b.text(`section[aria-labelledby="answers-h"]`); !strings.Contains(answers, "Outcome of the flowchart: No risk indication") {
		t.Errorf("the route is not cleared: %s", answers)
	}
	b.run("open the summary", chromedp.Navigate(ts.URL+path+"/summary"))
	b.expectState("summary")
	if txt := b.text("main"); !strings.Contains(txt, "The answers raise no risk aspect.") || !strings.Contains(txt, "Joint edition of a medieval manuscript archive.") {
		t.Errorf("the summary does not weigh the answers: %s", txt)
	}
	b.act(path, "request_cosign", "")
	b.signOut()

	b.signIn("director@demo.kscheck.org")
	b.run("open the inbox", chromedp.Navigate(ts.URL+"/inbox"))
	b.expectState("inbox")
	b.submit(`a[href^="/inbox/"]`)
	b.expectState("decision")
	b.submit(`form[action$="/actions/cosign_clear"] button[type=submit]`)
	b.expectState("cleared")
	if state := b.text(".summary-list"); !strings.Contains(state, "Cleared") {
		t.Errorf("the check is not cleared: %s", state)
	}
	b.run("open the inbox again", chromedp.Navigate(ts.URL+"/inbox"))
	b.expectState("inbox-empty")
	b.signOut()

	b.signIn("adviser@demo.kscheck.org")
	b.run("open the adviser's page", chromedp.Navigate(ts.URL+"/adviser"))
	b.expectState("adviser")
}

// TestScreeningEvidenceInBrowser adds a partner on an assessment (ASPI)
// and one under a designation (EU) by picking them from the type-ahead,
// and audits and photographs the evidence shown at once.
func TestScreeningEvidenceInBrowser(t *testing.T) {
	b, ts := screeningBrowser(t)
	b.signIn("initiator@demo.kscheck.org")
	b.run("start a check",
		chromedp.Navigate(ts.URL+"/cases/new"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Materials science with Harbin"),
		chromedp.Click(chromedp.CSS("#kind")),
	)
	b.submit(`form[action="/cases/new"] button[type=submit]`)
	b.run("type ahead", chromedp.SendKeys(chromedp.CSS("#partner-q"), "harbin institute of tech"))
	b.waitForText("#partner-results", "Harbin Institute of Technology")
	b.submit(`#partner-results a`)
	b.submit(`form[action$="/partners"] button[type=submit]`)
	b.run("a designated partner, typed in",
		chromedp.SendKeys(chromedp.CSS("#partner-name"), "Internet Research Agency"),
		chromedp.SendKeys(chromedp.CSS("#partner-country"), "RU"),
	)
	b.submit(`form[action$="/partners"] button[type=submit]`)
	b.run("open the explanations", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#partners details').forEach(d => d.open = true)`))
	b.expectState("evidence")
	txt := b.text("#partners")
	for _, want := range []string{"Assessment (context, not a block)", "Government designation", "“harbin” matched “harbin”", "Candidate – to be resolved"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the screening evidence lacks %q", want)
		}
	}
	b.run("in Dutch", chromedp.Navigate(ts.URL+eval[string](b, `location.pathname`)+"?lang=nl"))
	b.expectState("evidence-nl")
}
