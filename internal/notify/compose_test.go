package notify

import (
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

func TestComposeEveryEventInBothLanguages(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	base := Notice{To: "joran@example.org", Name: "Jöran Müller", Reference: "KS-2026-0042", URL: "https://kscheck.example.org/cases/42"}
	cases := []struct {
		n        Notice
		en, nl   string // expected in the subject
		enb, nlb string // expected in the text
	}{
		{Notice{Event: EventActionNeeded, Action: kscheck.ActCosignClear}, "Check KS-2026-0042 needs you: Co-sign and clear", "Check KS-2026-0042 wacht op u: Medeondertekenen en afronden", "What is needed now: Co-sign and clear.", "Wat nu nodig is: Medeondertekenen en afronden."},
		{Notice{Event: EventStateChanged, State: kscheck.StateIntake}, "Check KS-2026-0042: Intake by the Advice Desk", "Check KS-2026-0042: Intake door het Adviesloket", "is now: Intake by the Advice Desk.", "is nu: Intake door het Adviesloket."},
		{Notice{Event: EventVerdict, Verdict: kscheck.VerdictDoNotStart}, "Verdict on check KS-2026-0042", "Oordeel over check KS-2026-0042", "binding verdict on the knowledge security check KS-2026-0042: The collaboration does not start.", "bindende oordeel gegeven over de kennisveiligheidscheck KS-2026-0042: De samenwerking start niet."},
		{Notice{Event: EventDeadlineNear, Due: due}, "Check KS-2026-0042: verdict due on 24 December 2026", "Check KS-2026-0042: oordeel uiterlijk op 24 december 2026", "is 24 December 2026.", "verloopt op 24 december 2026."},
		{Notice{Event: EventOverdue, Due: due}, "Check KS-2026-0042 is past its deadline", "Check KS-2026-0042 is over de termijn", "passed on 24 December 2026.", "verstreken op 24 december 2026."},
		{Notice{Event: EventScreeningHit}, "New screening match on check KS-2026-0042", "Nieuwe screeningstreffer bij check KS-2026-0042", "new possible match", "nieuwe mogelijke treffer"},
		{Notice{Event: EventStepTaken, Action: kscheck.ActSendBack}, "Check KS-2026-0042: Send back to the initiator", "Check KS-2026-0042: Terugsturen naar de initiatiefnemer", "A step was taken on the knowledge security check KS-2026-0042: Send back to the initiator.", "Er is een stap gezet in de kennisveiligheidscheck KS-2026-0042: Terugsturen naar de initiatiefnemer."},
		{Notice{Event: EventQuestion}, "Question on check KS-2026-0042", "Vraag bij check KS-2026-0042", "A question was asked", "Er is een vraag gesteld"},
		{Notice{Event: EventAnswer}, "Answer on check KS-2026-0042", "Antwoord bij check KS-2026-0042", "There is an answer", "Er staat een antwoord"},
		{Notice{Event: EventAdvice}, "Advice on check KS-2026-0042", "Advies bij check KS-2026-0042", "has given advice", "heeft advies gegeven"},
	}
	for _, c := range cases {
		n := c.n
		n.To, n.Name, n.Reference, n.URL = base.To, base.Name, base.Reference, base.URL
		for _, lang := range []struct{ lang, subj, body, greet string }{{"en", c.en, c.enb, "Dear Jöran Müller,"}, {"nl", c.nl, c.nlb, "Beste Jöran Müller,"}} {
			m, err := Compose(b.Localizer(lang.lang), n)
			if err != nil {
				t.Fatalf("%s %s: %v", n.Event, lang.lang, err)
			}
			if m.Subject != lang.subj {
				t.Errorf("%s %s: subject %q, want %q", n.Event, lang.lang, m.Subject, lang.subj)
			}
			for _, want := range []string{lang.greet, lang.body, "https://kscheck.example.org/cases/42"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("%s %s: text lacks %q:\n%s", n.Event, lang.lang, want, m.Text)
				}
			}
			if !strings.Contains(m.HTML, `<a href="https://kscheck.example.org/cases/42">`) || !strings.Contains(m.HTML, `lang="`+lang.lang+`"`) {
				t.Errorf("%s %s: html %s", n.Event, lang.lang, m.HTML)
			}
		}
	}
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("missing translations: %v", m)
	}
}

func TestComposeEscapesAndRefuses(t *testing.T) {
	b, _ := i18n.New()
	L := b.Localizer("en")
	m, err := Compose(L, Notice{Event: EventScreeningHit, To: "a@example.org", Name: "<script>x</script>", Reference: "KS-1", URL: "https://h.example/c/1?a=1&b=2"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") || !strings.Contains(m.HTML, `href="https://h.example/c/1?a=1&amp;b=2"`) {
		t.Errorf("html not escaped: %s", m.HTML)
	}
	for name, n := range map[string]Notice{
		"relative url":  {Event: EventScreeningHit, To: "a@example.org", Reference: "KS-1", URL: "/cases/1"},
		"js url":        {Event: EventScreeningHit, To: "a@example.org", Reference: "KS-1", URL: "javascript:alert(1)"},
		"no reference":  {Event: EventScreeningHit, To: "a@example.org", URL: "https://h.example/c/1"},
		"bad verdict":   {Event: EventVerdict, To: "a@example.org", Reference: "KS-1", URL: "https://h.example/c/1", Verdict: "maybe"},
		"no deadline":   {Event: EventOverdue, To: "a@example.org", Reference: "KS-1", URL: "https://h.example/c/1"},
		"no step":       {Event: EventStepTaken, To: "a@example.org", Reference: "KS-1", URL: "https://h.example/c/1"},
		"unknown event": {Event: "party", To: "a@example.org", Reference: "KS-1", URL: "https://h.example/c/1"},
		"no address":    {Event: EventScreeningHit, Reference: "KS-1", URL: "https://h.example/c/1"},
	} {
		if _, err := Compose(L, n); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
