package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
)

// refusedWith presses the button sel and checks that the page refuses the
// step with an error summary saying each of words, and passes the
// accessibility audit.
func (b *browser) refusedWith(sel, step string, words ...string) {
	b.t.Helper()
	b.submit(sel)
	alert := eval[string](b, `(document.querySelector('[role=alert]')||{}).textContent||''`)
	for _, w := range words {
		if !strings.Contains(alert, w) {
			b.t.Errorf("%s: the message %q does not say %q", step, strings.TrimSpace(alert), w)
		}
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

// rulesApp starts a browser on an app that screens partners, and returns
// the service to set up checks with.
func rulesApp(t *testing.T) (*browser, *service.Service) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, svc := newApp(t, s)
	svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
	return &browser{t: t, ctx: ctx, base: ts.URL}, svc
}

// TestBrowserBlockedPaths shows, as the people involved see them, the
// three ways around the procedure that kscheck refuses: a Desk review
// with an open screening candidate, a hand-over with the supplementary
// questionnaire blank, and a director clearing their own check.
func TestBrowserBlockedPaths(t *testing.T) {
	b, svc := rulesApp(t)
	ctx := context.Background()

	// An open candidate: the queue shows it, the review is refused and
	// names it.
	c := submittedCase(t, svc, "Sensor network with Harbin")
	path := fmt.Sprintf("/cases/%d", c.ID)
	b.signIn("desk@demo.kscheck.org")
	b.intake(path, "rules-intake")
	b.open("/desk", "rules-queue-open-candidates")
	if got := b.text("main table"); !strings.Contains(got, "Harbin Institute of Technology ↔") {
		t.Errorf("the queue does not show the open candidate: %s", got)
	}
	b.run("open the dossier", chromedp.Navigate(b.base+path+"/dossier"), chromedp.WaitVisible(chromedp.CSS(`form[action="`+path+`/actions/first_review"]`)))
	b.refusedWith(`form[action="`+path+`/actions/first_review"] button[type=submit]`, "blocked-open-candidate",
		"not resolved", "Harbin Institute of Technology ↔")
	b.signOut()

	// An empty supplementary questionnaire: the hand-over is refused and
	// names the questions.
	eva := actorFor(t, svc, "initiator@demo.kscheck.org")
	d, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Lab visit", Description: "A visit.", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.ProcedureOf(d)
	if err != nil {
		t.Fatal(err)
	}
	yes := proceduretest.QuietAnswers(t, p, map[string]any{"kind": "research_collaboration", "partner_country": "NL", "d1_security_ties": "yes"})
	if _, err := svc.SaveAnswers(ctx, eva, d.ID, caseVersion(t, svc, d.ID), yes, false); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, eva, d.ID, caseVersion(t, svc, d.ID), kscheck.ActStartSupplementary, service.ActInput{}); err != nil {
		t.Fatal(err)
	}
	dpath := fmt.Sprintf("/cases/%d", d.ID)
	b.signIn("initiator@demo.kscheck.org")
	b.run("open the check", chromedp.Navigate(b.base+dpath), chromedp.WaitVisible(chromedp.CSS(`form[action="`+dpath+`/actions/request_cosign"]`)))
	b.refusedWith(`form[action="`+dpath+`/actions/request_cosign"] button[type=submit]`, "blocked-empty-questionnaire",
		"questions are not answered", "Describe the knowledge")
	b.signOut()

	// A director's own check: no co-signing, and the page says why.
	ingrid := actorFor(t, svc, "director2@demo.kscheck.org")
	o, err := svc.StartCase(ctx, ingrid, service.NewCase{Title: "My own exchange", Description: "An exchange.", Kind: kscheck.KindResearchCollaboration, UnitCode: "lion"})
	if err != nil {
		t.Fatal(err)
	}
	quiet := proceduretest.QuietAnswers(t, p, map[string]any{"kind": "research_collaboration", "partner_country": "NL"})
	if _, err := svc.SaveAnswers(ctx, ingrid, o.ID, caseVersion(t, svc, o.ID), quiet, false); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, ingrid, o.ID, caseVersion(t, svc, o.ID), kscheck.ActRequestCosign, service.ActInput{}); err != nil {
		t.Fatal(err)
	}
	b.signIn("director2@demo.kscheck.org")
	b.open(fmt.Sprintf("/inbox/%d", o.ID), "blocked-self-clearance")
	got := b.text("main")
	if !strings.Contains(got, "You started this check yourself, so you cannot co-sign it") {
		t.Errorf("the director is not told why she cannot co-sign: %s", got)
	}
	if eval[bool](b, fmt.Sprintf(`document.querySelector('form[action="/cases/%d/actions/cosign_clear"]') !== null`, o.ID)) {
		t.Error("the director is offered to co-sign her own check")
	}
}

// TestBrowserMeasureFollowUp: after a verdict with measures, the
// initiator's page starts with the measures due; the Desk sees the
// overdue one, the initiator reports it with evidence and a document, the
// Desk sends it back once and accepts it the second time.
func TestBrowserMeasureFollowUp(t *testing.T) {
	b, svc := rulesApp(t)
	ctx := context.Background()
	c := submittedCase(t, svc, "Joint sensor lab with Harbin")
	desk, desk2, chair := actorFor(t, svc, "desk@demo.kscheck.org"), actorFor(t, svc, "desk2@demo.kscheck.org"), actorFor(t, svc, "chair@demo.kscheck.org")
	if _, err := svc.AcceptIntake(ctx, desk, c.ID, caseVersion(t, svc, c.ID), service.IntakeChecklist); err != nil {
		t.Fatal(err)
	}
	v, err := svc.Case(ctx, desk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range v.Hits {
		if err := svc.ResolveHit(ctx, desk, c.ID, caseVersion(t, svc, c.ID), h.ID, true, "Same institution."); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []struct {
		who kscheck.Actor
		a   kscheck.Action
	}{{desk, kscheck.ActFirstReview}, {desk2, kscheck.ActSecondReview}} {
		if _, err := svc.Act(ctx, st.who, c.ID, caseVersion(t, svc, c.ID), st.a, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().AddDate(0, 0, -10)
	later := time.Now().AddDate(0, 2, 0)
	if _, err := svc.Act(ctx, chair, c.ID, caseVersion(t, svc, c.ID), kscheck.ActVerdict, service.ActInput{Verdict: kscheck.VerdictWithMitigation, Confirmed: true,
		Measures: []service.MeasureInput{{Text: "Separate the sensor data from the lab network", DueOn: &past}, {Text: "Contract clause on publication", DueOn: &later}}}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/cases/%d", c.ID)

	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "measures-due")
	top := b.text(".measures-due")
	if !strings.Contains(top, "Separate the sensor data") || !strings.Contains(top, "Overdue") || !strings.Contains(top, "Contract clause") {
		t.Errorf("the initiator's page does not start with the measures due: %s", top)
	}
	if strings.Contains(b.text("main"), "There is nothing for you to do") {
		t.Error("the initiator is told there is nothing to do above open measures")
	}
	b.signOut()

	b.signIn("desk@demo.kscheck.org")
	b.open("/desk", "desk-overdue-measures")
	if got := b.text("#overdue-h + ul"); !strings.Contains(got, "Separate the sensor data") || strings.Contains(got, "Contract clause") {
		t.Errorf("the Desk's overdue measures: %s", got)
	}
	b.signOut()

	view, err := svc.Case(ctx, actorFor(t, svc, "auditor@demo.kscheck.org"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	ms := view.Measures
	form := fmt.Sprintf(`form[action="%s/measures/%d/report"]`, path, ms[0].ID)
	doc := filepath.Join(t.TempDir(), "network-ticket.txt")
	if err := os.WriteFile(doc, []byte("IT-4711: sensor VLAN separated on 2 March."), 0o600); err != nil {
		t.Fatal(err)
	}
	report := func(evidence string, file bool) {
		b.signIn("initiator@demo.kscheck.org")
		actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.base + path), chromedp.WaitVisible(chromedp.CSS(form)),
			chromedp.SendKeys(chromedp.CSS(form+" textarea"), evidence)}
		if file {
			actions = append(actions, chromedp.SetUploadFiles(chromedp.CSS(form+` input[type=file]`), []string{doc}))
		}
		b.run("report the measure", actions...)
		b.submit(form + " button[type=submit]")
		b.expectState("measure-reported")
		b.signOut()
	}
	review := func(who, decision, note, step string) {
		b.signIn(who)
		rform := fmt.Sprintf(`form[action="%s/measures/%d/review"]`, path, ms[0].ID)
		actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.base + path), chromedp.WaitVisible(chromedp.CSS(rform)),
			chromedp.Click(chromedp.CSS(rform + ` input[value=` + decision + `]`))}
		if note != "" {
			actions = append(actions, chromedp.SendKeys(chromedp.CSS(rform+" textarea"), note))
		}
		b.run("review the measure", actions...)
		b.submit(rform + " button[type=submit]")
		b.expectState(step)
		b.signOut()
	}
	report("The sensor VLAN is separated; see the IT ticket.", true)
	review("desk@demo.kscheck.org", "send_back", "The ticket does not cover the guest Wi-Fi.", "measure-sent-back")
	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "measure-back-with-initiator")
	if got := b.text(fmt.Sprintf("#measure-%d", ms[0].ID)); !strings.Contains(got, "guest Wi-Fi") || !strings.Contains(got, "Evidence document") {
		t.Errorf("the sent-back measure does not show the Desk's note and the document: %s", got)
	}
	b.signOut()
	report("The guest Wi-Fi is separated as well.", false)
	review("desk2@demo.kscheck.org", "accept", "", "measure-accepted")
	b.signIn("initiator@demo.kscheck.org")
	b.open(path, "measure-done")
	if got := b.text(fmt.Sprintf("#measure-%d", ms[0].ID)); !strings.Contains(got, "Done") {
		t.Errorf("the accepted measure: %s", got)
	}
}
