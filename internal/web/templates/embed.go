// Package templates holds the page layout and the reusable form and status
// partials, with the small set of template functions they need. Pages parse
// on top of Base: they define "content" (and may define "head" for extra
// tags in <head>); the layout supplies the rest. See docs/ui.md for the
// data the layout and each partial expect.
package templates

import (
	"embed"
	"errors"
	"html/template"
	"slices"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// FS holds the template files at its root.
//
//go:embed *.html
var FS embed.FS

// Base parses layout.html and partials.html with Funcs. Clone it for each
// page and parse the page's own file into the clone.
func Base() (*template.Template, error) {
	return template.New("base").Funcs(Funcs()).ParseFS(FS, "layout.html", "partials.html")
}

// NavItem is one entry of the header navigation; Current marks the page
// the person is on (aria-current="page").
type NavItem struct {
	Href    string
	Label   string
	Current bool
}

// Field describes one form control for the field, textarea, select and
// radios partials. Label, Hint and Error are already translated. ID
// defaults to Name; errors link to it from the error summary.
type Field struct {
	ID           string
	Name         string
	Label        string
	Hint         string
	Value        string
	Error        string
	Type         string // input type for "field": text (default), email, date, number, url, search
	Autocomplete string
	Required     bool
	Rows         int      // textarea
	Options      []Option // select, radios and checkboxes
	Inline       bool     // radios or checkboxes side by side (yes/no)
	Checked      bool     // checkbox: ticked (its submitted value is Value, default "yes")
	Values       []string // checkboxes: the ticked options
	Multiple     bool     // file: several files may be chosen
}

// Has reports whether v is among the ticked Values of a checkbox group.
func (f Field) Has(v string) bool { return slices.Contains(f.Values, v) }

// ControlID is the id of the control: ID, or Name when ID is empty.
func (f Field) ControlID() string {
	if f.ID != "" {
		return f.ID
	}
	return f.Name
}

// Option is one choice of a select or radio group; it is selected when its
// Value equals the Field's Value.
type Option struct {
	Value string
	Label string
	Hint  string
}

// FieldError is one entry of the error summary: the message, linking to the
// control with id FieldID.
type FieldError struct {
	FieldID string
	Message string
}

// Funcs are the functions the layout and partials use; pages may use them
// too.
//
//   - dict "k1" v1 "k2" v2 …: a map, to pass several values to a partial
//   - stateTone State: the badge tone of a case state (neutral, info, warn,
//     danger, success)
//   - daysUntil due now: whole days from now to due, negative when past
//   - neg n: -n, to print "overdue by 3 days" from daysUntil
//   - percent step total: step/total in percent, 0–100
//   - sentence message: message as a sentence of its own (kscheck.Sentence),
//     for the page's notice of what went wrong
func Funcs() template.FuncMap {
	return template.FuncMap{
		"dict":      dict,
		"stateTone": stateTone,
		"daysUntil": daysUntil,
		"neg":       func(n int) int { return -n },
		"percent":   percent,
		"sentence":  kscheck.Sentence,
	}
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict needs key-value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// stateTone groups the states by what they ask of people: waiting on the
// initiator (warn), with the Desk or Committee (info), ended well
// (success), ended otherwise (neutral).
func stateTone(s kscheck.State) string {
	switch s {
	case kscheck.StateDraft, kscheck.StateSupplementary, kscheck.StatePostponed:
		return "warn"
	case kscheck.StateAdviceRequested, kscheck.StateAwaitingDirector, kscheck.StateSubmitted,
		kscheck.StateIntake, kscheck.StateDeskReview, kscheck.StateCommittee:
		return "info"
	case kscheck.StateCleared:
		return "success"
	}
	return "neutral"
}

// daysUntil counts calendar days between the dates of now and due (in
// due's location), so that "due today" is 0 all day long.
func daysUntil(due, now time.Time) int {
	loc := due.Location()
	d := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
	n := now.In(loc)
	t := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Sub(t).Hours() / 24)
}

func percent(step, total int) int {
	if total <= 0 {
		return 0
	}
	p := step * 100 / total
	return max(0, min(100, p))
}
