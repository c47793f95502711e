package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// fillOpenQuestions answers every open question on the flowchart form the
// way a cautious initiator with little to report would: "no" to yes/no
// questions, the first choice of a list or group of boxes, a short text.
const fillOpenQuestions = `(() => {
  const groups = {};
  document.querySelectorAll('form input[type=radio]').forEach(r => (groups[r.name] ||= []).push(r));
  for (const rs of Object.values(groups)) {
    if (!rs.some(r => r.checked)) (rs.find(r => r.value === 'no') || rs[0]).checked = true;
  }
  document.querySelectorAll('form select').forEach(s => { if (!s.value && s.options.length > 1) s.selectedIndex = 1; });
  document.querySelectorAll('form fieldset').forEach(f => {
    const boxes = Array.from(f.querySelectorAll('input[type=checkbox]'));
    if (boxes.length && !boxes.some(c => c.checked)) boxes[0].checked = true;
  });
  document.querySelectorAll('form textarea').forEach(t => { if (!t.value) t.value = 'Not applicable.'; });
  return true;
})()`

// browser is one person's session in a real browser, on the app at base.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval runs JavaScript in the page and returns its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// submit clicks the button sel and waits until the next page has loaded.
func (b *browser) submit(sel string) {
	b.t.Helper()
	eval[bool](b, `window.kscheckOldPage = true`)
	b.run("press "+sel, chromedp.Click(chromedp.CSS(sel)))
	for i := 0; ; i++ {
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.kscheckOldPage === undefined && document.readyState === 'complete'`))
		if err == nil && loaded {
			return
		}
		if i > 100 {
			b.t.Fatalf("pressing %s: the next page did not load", sel)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) signIn(email string) {
	b.t.Helper()
	b.run("sign in as "+email,
		chromedp.Navigate(b.base+"/signin"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
	)
	b.submit(`form[action="/signin"] button`)
	b.run("signed in", chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)))
}

func (b *browser) signOut() {
	b.t.Helper()
	b.submit(`form[action="/signout"] button`)
}

// act presses the button of a lifecycle action on the case page at path,
// typing text into its comment box first when it has one.
func (b *browser) act(path, action, text string) {
	b.t.Helper()
	form := `form[action="` + path + `/actions/` + action + `"]`
	actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.base + path), chromedp.WaitVisible(chromedp.CSS(form))}
	if text != "" {
		actions = append(actions, chromedp.SendKeys(chromedp.CSS(form+" textarea"), text))
	}
	b.run(action, actions...)
	b.submit(form + ` button[type=submit]`)
	b.expectState(action)
}

// expectState checks the page has no error box and no accessibility
// problems a machine can find, and saves a screenshot named step.
func (b *browser) expectState(step string) {
	b.t.Helper()
	alert := eval[string](b, `(document.querySelector('[role=alert]')||{}).textContent||''`)
	if strings.TrimSpace(alert) != "" {
		browsertest.Screenshot(b.t, b.ctx, step+"-error")
		b.t.Fatalf("%s: the page shows an error: %s", step, alert)
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

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

// TestBrowserWalkToVerdict walks one check from draft to the Committee's
// verdict in Chromium, as the eight people involved would.
func TestBrowserWalkToVerdict(t *testing.T) {
	ctx := browsertest.New(t)
	s := storetestOpen(t)
	ts, _ := newApp(t, s)
	b := &browser{t: t, ctx: ctx, base: ts.URL}

	b.signIn("initiator@demo.kscheck.org")
	b.run("start a check",
		chromedp.Navigate(ts.URL+"/cases/new"),
		chromedp.SendKeys(chromedp.CSS("#title"), "Joint quantum sensing lab with Harbin"),
		chromedp.Click(chromedp.CSS("#kind")), // the first kind: research collaboration
		chromedp.SendKeys(chromedp.CSS("#description"), "Two PhD positions and shared access to the cryostat."),
	)
	b.submit(`form[action="/cases/new"] button[type=submit]`)
	b.expectState("started")
	path := strings.TrimSuffix(eval[string](b, `location.pathname`), "/partners/new")

	b.run("add a partner",
		chromedp.SendKeys(chromedp.CSS("#partner-name"), "Harbin Institute of Technology"),
		chromedp.SendKeys(chromedp.CSS("#partner-country"), "CN"),
	)
	b.submit(`form[action$="/partners"] button`)
	if !strings.Contains(b.text("#partners"), "Harbin Institute of Technology") {
		t.Fatal("the partner is not listed on the case")
	}

	// Answer the flowchart page by page until it is complete; the initiator
	// remains unsure, so the check must go to the Committee.
	b.run("open the flowchart", chromedp.Navigate(ts.URL+path+"/answers"))
	for i := 0; eval[bool](b, `!!document.querySelector('button[name=continue]')`); i++ {
		if i == 0 {
			b.expectState("flowchart")
		}
		if i > 30 {
			t.Fatal("the flowchart did not complete after 30 pages")
		}
		// Doubt is one question of the procedure, asked at its end.
		eval[bool](b, `(() => { document.querySelectorAll('input[type=radio][value=yes][name$=in_doubt]').forEach(r => r.checked = true); return true })()`)
		eval[bool](b, fillOpenQuestions)
		if i == 1 {
			browsertest.Screenshot(t, ctx, "flowchart-page-2")
		}
		b.submit(`button[name=continue]`)
		if alert := eval[string](b, `(document.querySelector('[role=alert]')||{}).textContent||''`); strings.TrimSpace(alert) != "" {
			t.Fatalf("answering the flowchart: %s", alert)
		}
	}
	b.expectState("flowchart-review")
	b.submit(`form[action$="/answers"] button[type=submit]`)
	b.expectState("flowchart-done")
	// A sensitive technology area calls for the supplementary questionnaire.
	b.act(path, "start_supplementary", "")
	b.run("open the supplementary questionnaire", chromedp.Navigate(ts.URL+path+"/answers"))
	b.expectState("supplementary")
	eval[bool](b, fillOpenQuestions)
	b.submit(`button[name=continue]`)
	b.act(path, "request_cosign", "")
	b.signOut()

	b.signIn("director@demo.kscheck.org")
	b.act(path, "submit_to_desk", "")
	b.signOut()

	b.signIn("desk@demo.kscheck.org")
	b.act(path, "accept_intake", "")
	if !strings.Contains(b.text(".summary-list"), "days left") {
		t.Error("no running deadline shown after intake")
	}
	b.resolveCandidates(path)
	b.act(path, "first_review", "")
	b.signOut()

	b.signIn("desk2@demo.kscheck.org")
	b.act(path, "second_review", "")
	b.signOut()

	b.signIn("committee@demo.kscheck.org")
	b.act(path, "request_external_advice", "")
	if !strings.Contains(b.text(".summary-list"), "External advice requested") {
		t.Error("external advice is not shown")
	}
	b.signOut()

	b.signIn("chair@demo.kscheck.org")
	b.run("verdict",
		chromedp.Navigate(ts.URL+path+"/dossier"),
		chromedp.Click(chromedp.CSS(`#verdict-with_mitigation`)),
		chromedp.SendKeys(chromedp.CSS(`#verdict-text`), "Acceptable with separated data access."),
		chromedp.Click(chromedp.CSS(`input[name=measure_code]`)),
		chromedp.Click(chromedp.CSS(`#verdict-confirm`)),
	)
	b.submit(`form.verdict-form button[type=submit]`)
	b.expectState("verdict")
	b.signOut()

	b.signIn("initiator@demo.kscheck.org")
	b.run("open the decided case", chromedp.Navigate(ts.URL+path), chromedp.WaitVisible(chromedp.CSS(`#measures-h`)))
	b.expectState("initiator-sees-measures")
	summary := b.text(".summary-list")
	if !strings.Contains(summary, "Decided") || !strings.Contains(summary, "risk-mitigation measures") {
		t.Errorf("the initiator does not see the verdict: %s", summary)
	}
	if err := browsertest.KeyboardTrap(ctx, 60); err != nil {
		t.Error(err)
	}
}

// storetestOpen opens a fresh SQLite database for the browser walk.
func storetestOpen(t *testing.T) *store.Store {
	s, err := store.Open(context.Background(), storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
