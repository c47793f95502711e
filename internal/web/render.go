package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

// Page is the data every page template gets; pages add theirs in Data.
type Page struct {
	L      *i18n.Localizer
	Title  string
	Nav    []templates.NavItem
	User   *kscheck.Person
	Actor  kscheck.Actor
	Flash  string
	Error  string
	Errors []templates.FieldError
	Now    time.Time
	Next   string
	Form   map[string]string
	Data   any
	// units reads the units by code once, when a template first names
	// a unit (see Units).
	units func() map[string]*kscheck.Unit
}

// Units maps unit codes to units, for the unitName template function, so
// that pages name units rather than show their codes. They are read when
// a template first asks: most pages name no unit.
func (p *Page) Units() map[string]*kscheck.Unit {
	if p.units == nil {
		return nil
	}
	return p.units()
}

// page builds the common page data for r, titled by the i18n key title.
func (s *Server) page(r *http.Request, title string) *Page {
	actor, signedIn := actorOf(r)
	remembered := ""
	if signedIn {
		remembered, _ = s.svc.Language(r.Context(), actor)
	}
	l := s.i18n.Localizer(s.i18n.Negotiate(r, remembered))
	p := &Page{L: l, Now: s.svc.Now(), Flash: flashText(l, r.URL.Query().Get("done"))}
	p.units = sync.OnceValue(func() map[string]*kscheck.Unit {
		units, _ := s.svc.Units(r.Context()) // without them, pages show codes
		return unitsByCode(units)
	})
	if title != "" {
		p.Title = l.T(title)
	}
	if signedIn {
		p.User, p.Actor = &actor.Person, actor
		p.Nav = s.nav(l, actor, r.URL.Path)
	}
	return p
}

// flashText translates the one-off message named in ?done= after a redirect.
func flashText(l *i18n.Localizer, done string) string {
	switch done {
	case "":
		return ""
	case "created":
		return l.T("flash.case_created")
	case "saved":
		return l.T("form.saved")
	case "procedure_uploaded", "procedure_activated", "procedure_retired":
		return l.T("flash." + done)
	case "lists_imported":
		return l.T("lists.flash.imported")
	case "person_added", "person_deactivate", "person_activate", "person_role_add", "person_role_remove", "person_password", "unit_added":
		return l.T("admin.flash." + done)
	}
	if kscheck.Action(done).Valid() {
		return l.T("flash.action_done", l.E(kscheck.Action(done)))
	}
	return ""
}

// nav lists the pages the actor's roles lead to.
func (s *Server) nav(l *i18n.Localizer, a kscheck.Actor, path string) []templates.NavItem {
	items := []templates.NavItem{{Href: "/", Label: l.T("nav.my_checks")}}
	if a.HasAnywhere(kscheck.RoleInitiator) {
		items = append(items, templates.NavItem{Href: "/cases/new", Label: l.T("nav.start_check")})
	}
	items = append(items, deskNav(l, a)...)
	if a.HasAnywhere(kscheck.RoleDirector) {
		items = append(items, templates.NavItem{Href: "/inbox", Label: l.T("nav.inbox")})
	}
	if a.HasAnywhere(kscheck.RoleFacultyAdviser) {
		items = append(items, templates.NavItem{Href: "/adviser", Label: l.T("nav.questions")})
	}
	if service.MayManagePartners(a) {
		items = append(items, templates.NavItem{Href: "/partners", Label: l.T("nav.partners")})
	}
	if service.MayReadMail(a, s.cfg.Demo) {
		items = append(items, templates.NavItem{Href: "/outbox", Label: l.T("nav.outbox")})
	}
	items = append(items, templates.NavItem{Href: "/procedures", Label: l.T("nav.procedures")})
	items = append(items, templates.NavItem{Href: "/tokens", Label: l.T("nav.tokens")})
	menu := -1 // the Administration menu, which stands for every /admin/ page without an item of its own
	if a.HasAnywhere(kscheck.RoleAdmin) {
		items = append(items, templates.NavItem{Href: "/admin/webhooks", Label: l.T("nav.webhooks")})
		items = append(items, templates.NavItem{Href: "/admin/people", Label: l.T("admin.menu")})
		menu = len(items) - 1
	}
	current := false
	for i := range items {
		items[i].Current = items[i].Href == path
		current = current || items[i].Current
	}
	if menu >= 0 && !current && strings.HasPrefix(path, "/admin/") {
		items[menu].Current = true
	}
	return items
}

// render executes the page template name with d and writes it with status.
// Rendering goes to a buffer first, so a template error never leaves half
// a page behind.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, d *Page) {
	t, err := s.template(name)
	if err != nil {
		s.log.Error("loading template", "name", name, "err", err)
		http.Error(w, "Sorry, something went wrong; it has been recorded.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		s.log.Error("rendering template", "name", name, "err", err)
		http.Error(w, "Sorry, something went wrong; it has been recorded.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// template returns the parsed page (layout, partials and the page file),
// parsing it once.
func (s *Server) template(name string) (*template.Template, error) {
	s.pageMu.Lock()
	defer s.pageMu.Unlock()
	if t, ok := s.pages[name]; ok {
		return t, nil
	}
	base, err := templates.Base()
	if err != nil {
		return nil, err
	}
	t, err := base.Funcs(funcs).ParseFS(templates.FS, append([]string{name}, sharedPartials...)...)
	if err != nil {
		return nil, err
	}
	s.pages[name] = t
	return t, nil
}

// sharedPartials are template files of parts that several pages show (a
// case's screening evidence, its partners, thread and measures); they are
// parsed with every page.
var sharedPartials = []string{"screening.html", "case_parts.html", "admin_parts.html"}

// eventName names an audit entry: a lifecycle action, or another event
// such as "case.answers".
func eventName(l *i18n.Localizer, action string) string {
	if a := kscheck.Action(action); a.Valid() {
		return l.E(a)
	}
	return l.T("event." + action)
}

// historyRow is one row of a case's history: an entry, standing for Times
// entries in a row of the same kind.
type historyRow struct {
	kscheck.AuditEntry
	Times int
}

// foldHistory folds runs of "Answers saved" by the same person without a
// change of state into one row (the latest), so that the history shows
// what happened rather than every press of Save.
func foldHistory(es []kscheck.AuditEntry) []historyRow {
	var out []historyRow
	for _, e := range es {
		if n := len(out); n > 0 && e.Action == "case.answers" {
			last := &out[n-1]
			if last.Action == e.Action && last.ActorID == e.ActorID && e.FromState == e.ToState && last.FromState == last.ToState && last.ToState == e.ToState {
				last.AuditEntry, last.Times = e, last.Times+1
				continue
			}
		}
		out = append(out, historyRow{AuditEntry: e, Times: 1})
	}
	return out
}

// unitName names the unit with code in lang, from units by code (the
// code itself for a unit not found).
func unitName(units map[string]*kscheck.Unit, code, lang string) string {
	if u, ok := units[code]; ok {
		return u.NameIn(lang)
	}
	return code
}

// funcs are the functions page templates use beyond templates.Funcs.
var funcs = template.FuncMap{
	"eventLabel": eventName,
	"add":        func(a, b int) int { return a + b },
	// bytes says a file's size in kB or MB.
	"bytes": func(n int64) string {
		if n < 1<<20 {
			return strconv.FormatInt(max(1, (n+512)>>10), 10) + " kB"
		}
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	},
	// short cites a hash by its first 12 characters.
	"short": func(h string) string { return h[:min(12, len(h))] },
	"actionClass": func(a kscheck.Action) string {
		switch a {
		case kscheck.ActWithdraw, kscheck.ActSendBack, kscheck.ActReturnIncomplete:
			return "button secondary"
		}
		return "button"
	},
	"needsText": func(a kscheck.Action) bool {
		switch a {
		case kscheck.ActSendBack, kscheck.ActReturnIncomplete, kscheck.ActReassess, kscheck.ActGiveAdvice, kscheck.ActResubmit:
			return true
		}
		return false
	},
	"mailTone":     mailTone,
	"deliveryTone": deliveryTone,
	"unitName":     unitName,
	"foldHistory":  foldHistory,
	// required marks a form field as required where a page needs it so.
	"required": func(f templates.Field) templates.Field { f.Required = true; return f },
}
