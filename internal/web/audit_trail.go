package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/export"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type auditData struct {
	*service.AuditTrail
	Filter auditFilterForm
	Older  string // address of the next older page, "" when there is none
	CSV    string // address of the export of what the filter shows
}

// auditFilterForm is the filter form of the audit trail.
type auditFilterForm struct {
	Check, Person, Action, From, To templates.Field
	// Log is ?log=: empty for the trail of changes, auditReads for the
	// access log, which has no action to filter on.
	Log   string
	Query url.Values // the filter, for links
}

// Reads reports whether the access log is asked for.
func (f auditFilterForm) Reads() bool { return f.Log == auditReads }

// Chain is the log the form asks for; an unknown ?log= is passed on for
// the service to refuse.
func (f auditFilterForm) Chain() kscheck.Chain {
	switch f.Log {
	case "":
		return kscheck.Changes
	case auditReads:
		return kscheck.Reads
	}
	return kscheck.Chain(f.Log)
}

// Tab returns the address of the other log with the same check, person
// and period.
func (f auditFilterForm) Tab(reads bool) string {
	q, _ := url.ParseQuery(f.Query.Encode())
	q.Del("log")
	q.Del("action")
	if reads {
		q.Set("log", auditReads)
	}
	if len(q) == 0 {
		return "/audit"
	}
	return "/audit?" + q.Encode()
}

// Reset returns the address of the log shown, unfiltered.
func (f auditFilterForm) Reset() string {
	if f.Reads() {
		return "/audit?log=" + auditReads
	}
	return "/audit"
}

// auditReads is the value of ?log= that shows the access log; without it
// /audit shows the trail of changes.
const auditReads = "reads"

const auditPerPage = 100

func init() { funcs["readCapacity"] = readCapacity }

// readCapacity names the capacity in which a read was made, recorded in
// the access log as {"as": involvement}; "" when none was recorded or it
// was erased.
func readCapacity(l *i18n.Localizer, detail string) string {
	var d struct {
		As kscheck.Involvement `json:"as"`
	}
	if json.Unmarshal([]byte(detail), &d) != nil || d.As == kscheck.InvolvedNone {
		return ""
	}
	return l.T("audit_log.as." + string(d.As))
}

// auditTrail shows the audit trail, newest first, filtered by check,
// person, action and period, with the state of its hash chain; read-only,
// for auditors and administrators (the service decides).
func (s *Server) auditTrail(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	d := s.page(r, "audit.title")
	f, form, errs := readAuditFilter(d.L, r.URL.Query())
	if len(errs) > 0 {
		if err := s.svc.MayReadAudit(actor); err != nil {
			s.fail(w, r, err)
			return
		}
		d.Errors = errs
		d.Data = auditData{AuditTrail: &service.AuditTrail{}, Filter: form}
		s.render(w, r, http.StatusUnprocessableEntity, "audit.html", d)
		return
	}
	f.Before, _ = strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	f.Before, f.Limit = max(f.Before, 0), auditPerPage
	a, err := s.svc.Audit(r.Context(), actor, form.Chain(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form.Action.Options = actionOptions(d.L, a.Actions)
	data := auditData{AuditTrail: a, Filter: form, CSV: "/audit/export?" + form.Query.Encode()}
	if n := len(a.Entries); n == auditPerPage && a.Entries[n-1].Seq > 1 {
		q, _ := url.ParseQuery(form.Query.Encode())
		q.Set("before", strconv.FormatInt(a.Entries[n-1].Seq, 10))
		data.Older = "/audit?" + q.Encode()
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "audit.html", d)
}

// auditExport downloads what the filter shows, of the trail of changes or
// of the access log, as CSV or XLSX (?format=, CSV when not given), oldest
// first, with that chain's verdict on every row (whether the entry lies
// before any break) and in the X-Kscheck-Audit-Chain header.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	l := s.page(r, "").L
	f, form, errs := readAuditFilter(l, r.URL.Query())
	if len(errs) > 0 {
		s.fail(w, r, kscheck.Errorf(kscheck.EInvalid, "%s", errs[0].Message))
		return
	}
	if !r.URL.Query().Has("format") {
		q := r.URL.Query()
		q.Set("format", "csv")
		r.URL.RawQuery = q.Encode()
	}
	s.streamExport(w, r, string(form.Chain()), func(L *i18n.Localizer, format export.Format) ([]export.Column, func(export.Writer) error) {
		cols := []export.Column{{Title: "seq"}, {Title: "at", Width: 20}, {Title: "actor_id"}, {Title: "actor", Width: 24}, {Title: "action", Width: 28},
			{Title: "check"}, {Title: "from_state", Width: 16}, {Title: "to_state", Width: 16}, {Title: "detail", Width: 60},
			{Title: "prev_hash", Width: 20}, {Title: "hash", Width: 20}, {Title: "chain_verified"}}
		return cols, func(out export.Writer) error {
			var broken int64
			_, err := s.svc.ExportAudit(r.Context(), actor, form.Chain(), f, func(e *kscheck.AuditEntry) error {
				return out.Row(e.Seq, e.At, e.ActorID, e.ActorName, e.Action, entryCase(e.CaseID), string(e.FromState), string(e.ToState),
					e.Detail, e.PrevHash, e.Hash, broken == 0 || e.Seq < broken)
			}, func(a *service.AuditTrail) {
				chain := "intact"
				if a.Break != nil {
					broken, chain = a.Break.Seq, "broken at "+strconv.FormatInt(a.Break.Seq, 10)
				}
				w.Header().Set("X-Kscheck-Audit-Chain", chain)
			})
			return err
		}
	})
}

// entryCase is the reference of the check an audit entry is about, if any.
func entryCase(id int64) string {
	if id == 0 {
		return ""
	}
	return caseRef(&kscheck.Case{ID: id})
}

// readAuditFilter reads the filter from the query, with an error for each
// value that cannot be used.
func readAuditFilter(l *i18n.Localizer, q url.Values) (kscheck.AuditFilter, auditFilterForm, []templates.FieldError) {
	form := auditFilterForm{
		Check:  templates.Field{Name: "check", Label: l.T("ux.audit.check"), Hint: l.T("ux.audit.check_hint"), Value: strings.TrimSpace(q.Get("check"))},
		Person: templates.Field{Name: "person", Label: l.T("ux.audit.person"), Value: strings.TrimSpace(q.Get("person"))},
		Action: templates.Field{Name: "action", Label: l.T("ux.audit.action"), Value: q.Get("action")},
		From:   templates.Field{Name: "from", Type: "date", Label: l.T("ux.audit.from"), Value: q.Get("from")},
		To:     templates.Field{Name: "to", Type: "date", Label: l.T("ux.audit.to"), Value: q.Get("to")},
		Log:    q.Get("log"),
		Query:  url.Values{},
	}
	var f kscheck.AuditFilter
	var errs []templates.FieldError
	bad := func(fld *templates.Field, msg string) {
		fld.Error = msg
		errs = append(errs, templates.FieldError{FieldID: fld.ControlID(), Message: msg})
	}
	if v := form.Check.Value; v != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(v), "KS-"), 10, 64)
		if err != nil || id <= 0 {
			bad(&form.Check, l.T("ux.audit.bad_check"))
		}
		f.CaseID = id
	}
	f.Person = form.Person.Value
	if form.Log != "" {
		form.Query.Set("log", form.Log)
	}
	if form.Reads() {
		form.Action.Value = ""
	}
	f.Action = form.Action.Value
	date := func(fld *templates.Field) time.Time {
		if fld.Value == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, fld.Value)
		if err != nil {
			bad(fld, l.T("ux.audit.bad_date", fld.Label))
		}
		return t
	}
	f.From = date(&form.From)
	if until := date(&form.To); !until.IsZero() {
		f.Until = until.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.Until.IsZero() && !f.Until.After(f.From) {
		bad(&form.To, l.T("ux.audit.bad_period"))
	}
	for _, fld := range []templates.Field{form.Check, form.Person, form.Action, form.From, form.To} {
		if fld.Value != "" {
			form.Query.Set(fld.Name, fld.Value)
		}
	}
	return f, form, errs
}

// actionOptions lists the actions of the trail by their names.
func actionOptions(l *i18n.Localizer, actions []string) []templates.Option {
	out := make([]templates.Option, len(actions))
	for i, a := range actions {
		out[i] = templates.Option{Value: a, Label: eventName(l, a)}
	}
	return out
}
