package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
)

// deskBrowser starts a browser on an app that screens partners against the
// bundled lists, with one check submitted to the Advice Desk: Harbin
// Institute of Technology (on the ASPI tracker) as partner, initiator and
// director in doubt. The initiator's own pages are walked in
// TestBrowserWalkToVerdict; these journeys follow the Desk and the
// Committee.
func deskBrowser(t *testing.T, title string) (*browser, string) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, svc := newApp(t, s)
	svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
	c := submittedCase(t, svc, title)
	return &browser{t: t, ctx: ctx, base: ts.URL}, fmt.Sprintf("/cases/%d", c.ID)
}

// open navigates to path and checks the page (accessibility audit and a
// screenshot named step).
func (b *browser) open(path, step string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS("main")))
	b.expectState(step)
}

// dossierAct presses an action's button on the dossier of the case at
// path, typing text into its comment box first when given.
func (b *browser) dossierAct(path, action, text string) {
	b.t.Helper()
	form := `form[action="` + path + `/actions/` + action + `"]`
	b.run("open the dossier", chromedp.Navigate(b.base+path+"/dossier"), chromedp.WaitVisible(chromedp.CSS(form)))
	if text != "" {
		b.run("type the comment", chromedp.SendKeys(chromedp.CSS(form+" textarea"), text))
	}
	b.submit(form + " button[type=submit]")
	b.expectState(action)
}

// intake ticks the completeness checklist on the dossier and accepts.
func (b *browser) intake(path, step string) {
	b.t.Helper()
	b.run("open the dossier", chromedp.Navigate(b.base+path+"/dossier"), chromedp.WaitVisible(chromedp.CSS("#intake")))
	eval[bool](b, `(document.querySelectorAll('#intake input[type=checkbox]').forEach(c => c.checked = true), true)`)
	b.submit("#intake button[type=submit]")
	b.expectState(step)
}

// resolveCandidates has the signed-in Desk person confirm every open
// screening candidate on the dossier of the case at path.
func (b *browser) resolveCandidates(path string) {
	b.t.Helper()
	b.run("open the dossier", chromedp.Navigate(b.base+path+"/dossier"), chromedp.WaitVisible(chromedp.CSS("#screening")))
	for i := 0; eval[bool](b, `document.querySelector('#screening form') !== null`); i++ {
		if i > 20 {
			b.t.Fatal("the screening candidates do not go away")
		}
		b.run("confirm a candidate",
			chromedp.Click(chromedp.CSS(`#screening form input[value=confirm]`)),
			chromedp.SendKeys(chromedp.CSS(`#screening form textarea`), "Same institution as on the list (Harbin, CN)."))
		b.submit(`#screening form button[type=submit]`)
	}
	b.expectState("candidates-resolved")
}

// reviews has desk do the first review and desk2 the second.
func (b *browser) reviews(path string) {
	b.t.Helper()
	b.signIn("desk@demo.kscheck.org")
	b.dossierAct(path, "first_review", "")
	b.signOut()
	b.signIn("desk2@demo.kscheck.org")
	b.dossierAct(path, "second_review", "")
	if got := b.text("#reviews"); !strings.Contains(got, "Noor Hendriks") || !strings.Contains(got, "Daan Mulder") {
		b.t.Errorf("the four-eyes sign-off does not name both reviewers: %s", got)
	}
	b.signOut()
}

// verdict has the chair record a verdict with reasons; fill sets measures.
func (b *browser) verdict(path, verdict, reasons string, fill ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.signIn("chair@demo.kscheck.org")
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(b.base + path + "/dossier"), chromedp.WaitVisible(chromedp.CSS("#verdict")),
		chromedp.Click(chromedp.CSS("#verdict-" + verdict)),
		chromedp.SendKeys(chromedp.CSS("#verdict-text"), reasons),
	}
	fill = append(fill, chromedp.Click(chromedp.CSS("#verdict-confirm")))
	b.run("fill in the verdict", append(actions, fill...)...)
	browsertest.Screenshot(b.t, b.ctx, "verdict-form-"+verdict)
	b.submit("#verdict button[type=submit]")
	b.expectState("verdict-" + verdict)
	b.signOut()
}

// TestBrowserJourneyMitigation: a partner on the ASPI tracker and doubt;
// the Desk accepts the complete submission, confirms the screening hit,
// and two different people review it; the Committee deliberates, asks for
// external advice, and the chair lets the collaboration start with
// mitigation measures, which the initiator then sees.
func TestBrowserJourneyMitigation(t *testing.T) {
	b, path := deskBrowser(t, "Joint sensor lab with Harbin")

	b.signIn("desk@demo.kscheck.org")
	b.open("/desk", "desk-queue")
	if !strings.Contains(b.text("main"), "Joint sensor lab with Harbin") {
		t.Fatal("the submitted check is not in the Desk's queue")
	}
	b.open(path+"/dossier", "dossier-submitted")
	b.intake(path, "intake-accepted")
	if !strings.Contains(b.text(".summary-list"), "days left") {
		t.Error("no running deadline after intake")
	}
	hit := `#screening form`
	b.run("confirm the candidate",
		chromedp.Click(chromedp.CSS(hit+` input[value=confirm]`)),
		chromedp.SendKeys(chromedp.CSS(hit+` textarea`), "Same institution as on the ASPI tracker (Harbin, CN)."),
	)
	b.submit(hit + ` button[type=submit]`)
	b.expectState("hit-confirmed")
	if got := b.text("#screening"); !strings.Contains(got, "Confirmed: this is the partner") || !strings.Contains(got, "Noor Hendriks") {
		t.Errorf("the resolution is not shown with who and when: %s", got)
	}
	b.run("add a desk note", chromedp.SendKeys(chromedp.CSS("#body-desk"), "Partner confirmed; the sensors are dual-use (category 6)."))
	b.submit(`#desk_note button[type=submit]`)
	b.expectState("desk-note")
	b.signOut()

	b.reviews(path)

	b.signIn("committee@demo.kscheck.org")
	b.open("/committee", "agenda")
	b.run("open the dossier", chromedp.Navigate(b.base+path+"/dossier"), chromedp.WaitVisible(chromedp.CSS("#body-delib")),
		chromedp.SendKeys(chromedp.CSS("#body-delib"), "Ask the national contact point about the sensor export rules."))
	b.submit(`#deliberation button[type=submit]`)
	b.expectState("deliberation")
	b.dossierAct(path, "request_external_advice", "")
	if got := b.text(".summary-list"); !strings.Contains(got, "6 weeks") {
		t.Errorf("the 6-week deadline is not shown: %s", got)
	}
	b.run("print view", browsertest.Media("print"))
	browsertest.Screenshot(t, b.ctx, "dossier-print")
	b.run("screen view", browsertest.Media("screen"))
	b.signOut()

	b.verdict(path, "with_mitigation", "Acceptable when the sensor data stays separated.",
		chromedp.Click(chromedp.CSS(`input[name=measure_code]`)),
		chromedp.SendKeys(chromedp.CSS("#own-text-1"), "Review the collaboration after one year"),
		chromedp.SetValue(chromedp.CSS("#own-due-1"), "2027-12-01"),
	)

	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "initiator-sees-measures")
	got := b.text("main")
	if !strings.Contains(got, "risk-mitigation measures") || !strings.Contains(got, "Review the collaboration after one year") {
		t.Errorf("the initiator does not see the verdict and its measures: %s", got)
	}
	b.signOut()

	b.signIn("auditor@demo.kscheck.org")
	b.open("/dashboard", "dashboard")
	b.open("/register", "register")
	b.open("/audit", "audit")
	if !strings.Contains(b.text("main"), "The audit chain is intact.") {
		t.Error("the audit view does not report an intact chain")
	}
	b.open("/dashboard?lang=nl", "dashboard-nl")
	b.run("back to English", chromedp.Navigate(b.base+"/?lang=en"))
	if err := browsertest.KeyboardTrap(b.ctx, 60); err != nil {
		t.Error(err)
	}
}

// TestBrowserJourneyPostponed: the Committee postpones for more
// information; the initiator answers and resubmits; after a new intake and
// review the chair decides that the collaboration does not start.
func TestBrowserJourneyPostponed(t *testing.T) {
	b, path := deskBrowser(t, "Visiting researchers from Harbin")

	b.signIn("desk@demo.kscheck.org")
	b.intake(path, "intake-accepted")
	b.resolveCandidates(path)
	b.signOut()
	b.reviews(path)
	b.verdict(path, "postponed", "Say which labs the visiting researchers would have access to.")

	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "initiator-postponed")
	if got := b.text("main"); !strings.Contains(got, "Postponed") || !strings.Contains(got, "Say which labs") {
		t.Errorf("the initiator does not see the postponement and its request: %s", got)
	}
	b.run("answer the request", chromedp.SendKeys(chromedp.CSS("#body-thread"), "Only the teaching lab; no access to the cleanroom."))
	b.submit(`#thread button[type=submit]`)
	b.act(path, "resubmit", "")
	b.signOut()

	b.signIn("desk@demo.kscheck.org")
	b.intake(path, "intake-again")
	if !strings.Contains(b.text("#reviews"), "Not yet") {
		t.Error("the reviews of the first round still count after the resubmission")
	}
	b.signOut()
	b.reviews(path)
	b.verdict(path, "do_not_start", "The access to the labs cannot be separated sufficiently.")

	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "initiator-does-not-start")
	if got := b.text(".summary-list"); !strings.Contains(got, "does not start") {
		t.Errorf("the initiator does not see the verdict: %s", got)
	}
}
