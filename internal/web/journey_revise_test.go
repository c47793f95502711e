package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
)

// answerToReview answers the open questions page by page, as an initiator
// with nothing to report, until the flowchart's review ("Check your
// answers") is reached.
func (b *browser) answerToReview(step string) {
	b.t.Helper()
	for i := 0; eval[bool](b, `!!document.querySelector('button[name=continue]')`); i++ {
		if i > 12 {
			b.t.Fatalf("%s: the flowchart did not complete after 12 pages", step)
		}
		eval[bool](b, answerCleared)
		b.submit(`button[name=continue]`)
	}
	if txt := b.text("h1"); !strings.Contains(txt, "Flowchart") || !strings.Contains(b.text("main"), "Check your answers") {
		b.t.Fatalf("%s: not the review but %q", step, txt)
	}
}

// TestJourneyReviseFlowchart: the initiator revises a complete flowchart
// section by section from its "Check your answers" page (each section
// opens with the answers given, and a changed answer changes the
// outcome), then hands the check to the director; from then on the
// flowchart is locked, and the director sees the revised answers.
func TestJourneyReviseFlowchart(t *testing.T) {
	b, ts := screeningBrowser(t)
	b.signIn("initiator@demo.kscheck.org")
	b.run("start a check", chromedp.Navigate(ts.URL+"/cases/new"), chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Shared telescope time with Jena"), chromedp.Click(chromedp.CSS("#kind")))
	b.submit(`form[action="/cases/new"] button[type=submit]`)
	path := strings.TrimSuffix(eval[string](b, `location.pathname`), "/partners/new")
	b.run("open the flowchart", chromedp.Navigate(ts.URL+path+"/answers"))
	b.answerToReview("first answers")
	b.expectState("revise-review")

	// Every section, opened from the review, shows the answers given and
	// leads back to the review.
	sections := eval[[]string](b, `Array.from(document.querySelectorAll('nav.section-list a')).map(a => a.getAttribute('href'))`)
	if len(sections) < 5 {
		t.Fatalf("the review offers %d sections to change: %v", len(sections), sections)
	}
	for _, href := range sections {
		b.run("open "+href, chromedp.Navigate(ts.URL+href))
		if !eval[bool](b, `!!document.querySelector('form input:checked, form textarea:not(:empty), dl.given')`) {
			t.Errorf("%s does not show the answers given", href)
		}
		b.expectState("revise-" + href[strings.LastIndexByte(href, '=')+1:])
		b.submit(`button[name=continue]`)
		b.answerToReview(href)
	}

	// A changed answer changes the outcome; changed back, it is cleared again.
	b.run("open section B", chromedp.Navigate(ts.URL+path+"/answers?section=B"), chromedp.Click(chromedp.CSS(`input[name=b2_crown_jewels][value=yes]`)))
	b.submit(`button[name=continue]`)
	b.answerToReview("crown jewels")
	if txt := b.text(".summary-list"); strings.Contains(txt, "No risk indication") {
		t.Errorf("a crown jewel left the outcome at %q", txt)
	}
	b.run("open section B again", chromedp.Navigate(ts.URL+path+"/answers?section=B"), chromedp.Click(chromedp.CSS(`input[name=b2_crown_jewels][value=no]`)))
	b.submit(`button[name=continue]`)
	b.answerToReview("no crown jewels")
	b.run("open section F", chromedp.Navigate(ts.URL+path+"/answers?section=F"), chromedp.WaitVisible(chromedp.CSS("form textarea")))
	b.run("revise the opportunities", chromedp.Clear(chromedp.CSS("form textarea")), chromedp.SendKeys(chromedp.CSS("form textarea"), "Observing time on a unique telescope."))
	b.submit(`button[name=continue]`)
	b.answerToReview("opportunities")
	if txt := b.text(".summary-list"); !strings.Contains(txt, "No risk indication") {
		t.Errorf("after the revision the outcome is %q", txt)
	}
	b.submit(`form[action$="/answers"] button[type=submit]`)
	b.expectState("revise-done")
	b.act(path, "request_cosign", "")

	// Handed over: no way to the flowchart, and the address refuses.
	if eval[bool](b, `!!document.querySelector('main a[href$="/answers"]')`) {
		t.Error("the case page still offers the flowchart after the hand-over")
	}
	b.run("open the flowchart after the hand-over", chromedp.Navigate(ts.URL+path+"/answers?section=B"))
	if txt := b.text("main"); !strings.Contains(txt, "can be changed only by its initiator while it is a draft") {
		t.Errorf("the handed-over flowchart is not locked: %s", txt)
	}
	problems, err := browsertest.Audit(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("the locked flowchart: accessibility: %s", p)
	}
	browsertest.Screenshot(t, b.ctx, "revise-locked")
	b.signOut()

	b.signIn("director@demo.kscheck.org")
	b.run("open the inbox", chromedp.Navigate(ts.URL+"/inbox"))
	b.submit(`a[href^="/inbox/"]`)
	b.expectState("revise-decision")
	if txt := b.text("main"); !strings.Contains(txt, "Observing time on a unique telescope.") {
		t.Errorf("the director does not see the revised answer: %s", txt)
	}
}
