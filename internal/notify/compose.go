package notify

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// Event is what a notification tells.
type Event string

// The notifications kscheck sends.
const (
	EventActionNeeded Event = "action_needed" // the recipient has to act (Notice.Action)
	EventStateChanged Event = "state_changed" // the case moved (Notice.State)
	EventVerdict      Event = "verdict"       // the Committee decided (Notice.Verdict)
	EventDeadlineNear Event = "deadline_near" // the Committee's deadline approaches (Notice.Due)
	EventOverdue      Event = "overdue"       // the deadline has passed (Notice.Due)
	EventScreeningHit Event = "screening_hit" // a list update hit a partner of a running case
	EventStepTaken    Event = "step_taken"    // someone took a step the recipient should know of (Notice.Action)
	EventQuestion     Event = "question"      // a question was asked in the case's thread
	EventAnswer       Event = "answer"        // a question in the thread was answered
	EventAdvice       Event = "advice"        // the faculty adviser gave advice
	// EventMeasureOverdue: an imposed measure is past its due date (Notice.Due).
	EventMeasureOverdue Event = "measure_overdue"
)

// Notice is one notification to one person, before it is worded.
type Notice struct {
	Event     Event
	To        string // e-mail address
	Name      string // for the greeting
	Reference string // the case's reference, e.g. "KS-2026-0042"
	URL       string // absolute link to the case page
	Action    kscheck.Action
	State     kscheck.State
	Verdict   kscheck.Verdict
	Due       time.Time
}

// Compose words a notice in L's language as a plain-text message with an
// HTML alternative. Case content is confidential and e-mail leaves the
// institution's control, so a message names the case only by its
// reference and links to it: never its title, partners or answers.
func Compose(L *i18n.Localizer, n Notice) (Message, error) {
	u, err := url.Parse(n.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Message{}, fmt.Errorf("notify: %q is not an absolute link to the case", n.URL)
	}
	if strings.TrimSpace(n.Reference) == "" {
		return Message{}, fmt.Errorf("notify: the notice has no case reference")
	}
	var subj, body []any
	switch n.Event {
	case EventActionNeeded, EventStepTaken:
		if !n.Action.Valid() {
			return Message{}, fmt.Errorf("notify: action %q is not a known action", n.Action)
		}
		subj, body = []any{n.Reference, L.E(n.Action)}, []any{n.Reference, L.E(n.Action)}
	case EventStateChanged:
		if !n.State.Valid() {
			return Message{}, fmt.Errorf("notify: state %q is not a known state", n.State)
		}
		subj, body = []any{n.Reference, L.E(n.State)}, []any{n.Reference, L.E(n.State)}
	case EventVerdict:
		if !n.Verdict.Valid() {
			return Message{}, fmt.Errorf("notify: %q is not one of the four verdicts", n.Verdict)
		}
		subj, body = []any{n.Reference}, []any{n.Reference, L.E(n.Verdict)}
	case EventDeadlineNear, EventOverdue:
		if n.Due.IsZero() {
			return Message{}, fmt.Errorf("notify: a deadline notice needs the deadline")
		}
		if n.Event == EventDeadlineNear {
			subj = []any{n.Reference, L.Date(n.Due)}
		} else {
			subj = []any{n.Reference}
		}
		body = []any{n.Reference, L.Date(n.Due)}
	case EventMeasureOverdue:
		if n.Due.IsZero() {
			return Message{}, fmt.Errorf("notify: a measure reminder needs the due date")
		}
		subj, body = []any{n.Reference}, []any{n.Reference, L.Date(n.Due)}
	case EventScreeningHit, EventQuestion, EventAnswer, EventAdvice:
		subj, body = []any{n.Reference}, []any{n.Reference}
	default:
		return Message{}, fmt.Errorf("notify: unknown event %q", n.Event)
	}
	key := "mail." + string(n.Event)
	greeting := L.T("mail.greeting", n.Name)
	text := L.T(key+".body", body...)
	footer := L.T("mail.footer")
	m := Message{
		To:      n.To,
		Subject: L.T(key+".subject", subj...),
		Text:    greeting + "\n\n" + text + "\n\n" + L.T("mail.open", n.URL) + "\n\n-- \n" + footer + "\n",
	}
	link := fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(u.String()), html.EscapeString(n.URL))
	open := strings.Replace(html.EscapeString(L.T("mail.open", "\x00")), "\x00", link, 1)
	m.HTML = fmt.Sprintf(`<!DOCTYPE html><html lang="%s"><body style="font-family:Arial,sans-serif;color:#1b1f24">`+
		`<p>%s</p><p>%s</p><p>%s</p><p style="color:#4a5560;font-size:90%%">%s</p></body></html>`,
		L.Lang(), html.EscapeString(greeting), html.EscapeString(text), open, html.EscapeString(footer))
	return m, m.Validate()
}
