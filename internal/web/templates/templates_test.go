package templates

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

type user struct{ Name string }

// samplePage is the data a real page passes: the layout's fields plus its own.
type samplePage struct {
	L      *i18n.Localizer
	Title  string
	Nav    []NavItem
	User   *user
	Flash  string
	Error  string
	Errors []FieldError
	Title_ Field
	Kind   Field
	Answer Field
	Notes  Field
	Doubt  Field
	Aspect Field
	State  kscheck.State
	Due    *time.Time
	Now    time.Time
}

const sampleContent = `{{define "content"}}
<h1>{{.Title}}</h1>
{{template "progress" (dict "L" .L "Step" 2 "Total" 4 "Label" "Partners")}}
{{template "error-summary" (dict "L" .L "Errors" .Errors)}}
<form method="post" novalidate>
{{template "field" (dict "L" .L "F" .Title_)}}
{{template "select" (dict "L" .L "F" .Kind)}}
{{template "radios" (dict "L" .L "F" .Answer)}}
{{template "textarea" (dict "L" .L "F" .Notes)}}
{{template "checkbox" (dict "L" .L "F" .Doubt)}}
{{template "checkboxes" (dict "L" .L "F" .Aspect)}}
<button type="submit">{{.L.T "form.save"}}</button>
</form>
<p>{{template "state-badge" (dict "L" .L "State" .State)}} {{template "deadline-badge" (dict "L" .L "Due" .Due "Now" .Now)}}</p>
{{end}}`

func render(t *testing.T, b *i18n.Bundle, lang string, mutate func(*samplePage)) string {
	t.Helper()
	base, err := Base()
	if err != nil {
		t.Fatal(err)
	}
	page, err := template.Must(base.Clone()).Parse(sampleContent)
	if err != nil {
		t.Fatal(err)
	}
	L := b.Localizer(lang)
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	due := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	p := &samplePage{
		L: L, Title: "Start a check <new>",
		Nav:    []NavItem{{Href: "/cases", Label: L.T("nav.my_checks"), Current: true}, {Href: "/inbox", Label: L.T("nav.inbox")}},
		User:   &user{Name: "Jöran Müller"},
		Flash:  L.T("form.saved"),
		Errors: []FieldError{{FieldID: "title", Message: "Enter a title"}, {FieldID: "answer", Message: "Select an answer"}},
		Title_: Field{Name: "title", Label: "Title", Hint: "A short name", Required: true, Error: "Enter a title", Value: `"quoted" <b>`},
		Kind:   Field{Name: "kind", Label: L.T("case.kind"), Required: true, Value: "funding_or_gift", Options: []Option{{Value: "research_collaboration", Label: "Research"}, {Value: "funding_or_gift", Label: "Funding"}}},
		Answer: Field{Name: "answer", Label: "Is the partner on a sanctions list?", Required: true, Error: "Select an answer", Inline: true, Options: []Option{{Value: "yes", Label: L.T("form.yes")}, {Value: "no", Label: L.T("form.no")}}},
		Notes:  Field{Name: "notes", Label: "Notes"},
		Doubt:  Field{Name: "in_doubt", Label: L.T("case.in_doubt"), Checked: true},
		Aspect: Field{Name: "aspects", Label: "Risk aspects", Required: true, Values: []string{"ethics"}, Options: []Option{
			{Value: "knowledge_transfer", Label: L.T("aspect.knowledge_transfer")}, {Value: "ethics", Label: L.T("aspect.ethics"), Hint: "Fundamental rights"}}},
		State: kscheck.StatePostponed, Due: &due, Now: now,
	}
	if mutate != nil {
		mutate(p)
	}
	var buf bytes.Buffer
	if err := page.ExecuteTemplate(&buf, "layout", p); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestLayoutAndPartialsRender(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	html := render(t, b, "en", nil)
	for _, want := range []string{
		`<html lang="en">`,
		`<a class="skip-link" href="#main">Skip to main content</a>`,
		`<main id="main"`,
		`<a href="/cases" aria-current="page">My checks</a>`,
		`<a href="/inbox">Inbox</a>`,
		`Signed in as Jöran Müller`,
		`<form method="post" action="/signout"><button type="submit">Sign out</button></form>`,
		`<a href="?lang=nl" lang="nl" hreflang="nl">Nederlands</a>`,
		`<div class="flash" role="status">Your changes have been saved.</div>`,
		`<title>Start a check &lt;new&gt; – Knowledge security check</title>`,
		`<li><a href="#title">Enter a title</a></li>`,
		`<li><a href="#answer">Select an answer</a></li>`,
		`<label for="title">Title</label>`,
		`aria-describedby="title-hint title-error"`,
		`value="&#34;quoted&#34; &lt;b&gt;"`,
		`<option value="funding_or_gift" selected>Funding</option>`,
		`<legend>Is the partner on a sanctions list?</legend>`,
		`<input type="radio" id="answer" name="answer" value="yes">`,
		`<input type="radio" id="answer-1" name="answer" value="no">`,
		`<label for="notes">Notes <span class="optional">(optional)</span></label>`,
		`<span class="badge badge-warn">Postponed – more information needed</span>`,
		`<span class="badge badge-danger badge-overdue">Overdue by 6 days</span>`,
		`<progress max="4" value="2" aria-labelledby="progress-label">50%</progress>`,
		`Step 2 of 4: Partners`,
		`<input type="checkbox" id="in_doubt" name="in_doubt" value="yes" checked>`,
		`<label for="in_doubt">Initiator or director is still unsure</label>`,
		`<legend>Risk aspects</legend>`,
		`<input type="checkbox" id="aspects" name="aspects" value="knowledge_transfer">`,
		`<input type="checkbox" id="aspects-1" name="aspects" value="ethics" checked aria-describedby="aspects-1-hint">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	if n := strings.Count(html, `aria-invalid="true"`); n != 1 { // the text field; radios mark their group
		t.Errorf("%d controls marked invalid, want 1", n)
	}
	if !strings.Contains(html, "<div class=\"field has-error\">\n<fieldset aria-describedby=\"answer-error\">") {
		t.Error("radio group with an error is not marked and described")
	}
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("missing translations: %v", m)
	}
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
}

func TestLayoutVariants(t *testing.T) {
	b, _ := i18n.New()
	html := render(t, b, "nl", func(p *samplePage) {
		p.User, p.Flash, p.Error, p.Errors, p.Nav = nil, "", "Er ging iets mis", nil, nil
		due := p.Now.AddDate(0, 0, 10)
		p.Due = &due
		p.State = kscheck.StateCommittee
	})
	for _, want := range []string{
		`<html lang="nl">`, `<a href="/signin">Inloggen</a>`, `<div class="flash" role="status"></div>`,
		`<div class="alert" role="alert">Er ging iets mis.</div>`,
		`Oordeel uiterlijk op 6 december 2026 · Nog 10 dagen`, `Bij de Commissie`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	for _, unwanted := range []string{"error-summary", "<nav class=\"site-nav\"", "action=\"/signout\"", "overdue"} {
		if strings.Contains(html, unwanted) {
			t.Errorf("rendered page has %s", unwanted)
		}
	}
	html = render(t, b, "nl", func(p *samplePage) {
		due := p.Now.AddDate(0, 0, 1)
		p.Due = &due
	})
	if !strings.Contains(html, "· Nog 1 dag</span>") {
		t.Error("one day left not in the singular")
	}
	html = render(t, b, "en", func(p *samplePage) {
		due := p.Now.AddDate(0, 0, -1)
		p.Due = &due
	})
	if !strings.Contains(html, ">Overdue by 1 day</span>") {
		t.Error("one day overdue not in the singular")
	}
	html = render(t, b, "en", func(p *samplePage) { p.Due = nil })
	if !strings.Contains(html, "No deadline running") {
		t.Error("nil deadline not rendered as no deadline")
	}
}

func TestTemplateKeysExist(t *testing.T) {
	b, _ := i18n.New()
	missing, err := b.MissingInTemplates(FS, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("keys used in templates but missing from a catalog: %v", missing)
	}
}

func TestFuncs(t *testing.T) {
	now := time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC)
	if d := daysUntil(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), now); d != 0 {
		t.Errorf("due today = %d", d)
	}
	if d := daysUntil(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), now); d != 28 {
		t.Errorf("four weeks = %d", d)
	}
	if d := daysUntil(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), now); d != -1 {
		t.Errorf("yesterday = %d", d)
	}
	if p := percent(3, 4); p != 75 {
		t.Errorf("percent = %d", p)
	}
	if _, err := dict("a"); err == nil {
		t.Error("odd dict accepted")
	}
	for _, s := range kscheck.States {
		if stateTone(s) == "" {
			t.Errorf("no tone for %s", s)
		}
	}
}
