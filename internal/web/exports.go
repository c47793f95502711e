package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/export"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// Exports download what a list page shows, with the same filters and the
// same need-to-know, as CSV or XLSX (?format=), streamed row by row.

// exportCases downloads the case list (all pages) as filtered.
func (s *Server) exportCases(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	_, f := s.readFilters(r, "/", kscheck.States)
	s.streamExport(w, r, "checks", func(L *i18n.Localizer, format export.Format) ([]export.Column, func(export.Writer) error) {
		names := s.unitNames(r, L)
		cols := []export.Column{{Title: L.T("case.reference")}, {Title: L.T("case.title"), Width: 50}, {Title: L.T("case.kind"), Width: 30},
			{Title: L.T("case.state"), Width: 24}, {Title: L.T("case.unit"), Width: 30}, {Title: L.T("case.created")},
			{Title: L.T("case.updated")}, {Title: L.T("case.deadline")}, {Title: L.T("register.outcome"), Width: 24}, {Title: L.T("export.verdict_date")}}
		return cols, func(out export.Writer) error {
			return s.svc.ExportCases(r.Context(), actor, f, string(format), func(c *kscheck.Case) error {
				return out.Row(caseRef(c), c.Title, L.E(c.Kind), L.E(c.State), names[c.UnitCode], c.CreatedAt, c.UpdatedAt,
					c.Deadline(), verdictText(L, c.Verdict), c.VerdictAt)
			})
		}
	})
}

// exportRegister downloads the decision register as filtered.
func (s *Server) exportRegister(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	_, f := s.readFilters(r, "/register", []kscheck.State{kscheck.StateDecided, kscheck.StateCleared})
	s.streamExport(w, r, "register", func(L *i18n.Localizer, format export.Format) ([]export.Column, func(export.Writer) error) {
		names := s.unitNames(r, L)
		cols := []export.Column{{Title: L.T("case.reference")}, {Title: L.T("case.title"), Width: 50}, {Title: L.T("case.kind"), Width: 30},
			{Title: L.T("case.unit"), Width: 30}, {Title: L.T("register.outcome"), Width: 24}, {Title: L.T("letter.date")},
			{Title: L.T("export.measures_count")}, {Title: L.T("case.measures"), Width: 60}}
		return cols, func(out export.Writer) error {
			return s.svc.ExportRegister(r.Context(), actor, f, string(format), func(e service.RegisterEntry) error {
				c := e.Case
				outcome, date := L.T("register.cleared"), c.UpdatedAt
				if c.Verdict != "" {
					outcome = L.E(c.Verdict)
				}
				if c.VerdictAt != nil {
					date = *c.VerdictAt
				}
				texts := make([]string, len(e.Measures))
				for i, m := range e.Measures {
					texts[i] = m.Text + " (" + L.E(m.Status) + ")"
				}
				return out.Row(caseRef(c), c.Title, L.E(c.Kind), names[c.UnitCode], outcome, date, len(e.Measures), strings.Join(texts, "; "))
			})
		}
	})
}

// exportDashboard downloads the dashboard's tables as one table with a
// row per figure: which table, which category, which series, the value.
func (s *Server) exportDashboard(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	months := dashboardRange(s.svc.Now())
	stats, err := s.svc.Dashboard(r.Context(), actor, months)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.streamExport(w, r, "dashboard", func(L *i18n.Localizer, format export.Format) ([]export.Column, func(export.Writer) error) {
		cols := []export.Column{{Title: L.T("export.table"), Width: 40}, {Title: L.T("export.category"), Width: 40},
			{Title: L.T("export.series"), Width: 30}, {Title: L.T("export.value")}}
		return cols, func(out export.Writer) error {
			if err := s.svc.RecordDashboardExport(r.Context(), actor, string(format)); err != nil {
				return err
			}
			for _, row := range dashboardFigures(L, stats, months, s.unitList(r)) {
				if err := out.Row(row.table, row.category, row.series, row.value); err != nil {
					return err
				}
			}
			return nil
		}
	})
}

// streamExport answers with the file that table describes, in the format
// the request asks for and the reader's language. Errors before the first
// byte get the usual error page; after it, the download is cut short and
// the error logged, because the status has been sent.
func (s *Server) streamExport(w http.ResponseWriter, r *http.Request, name string,
	table func(*i18n.Localizer, export.Format) ([]export.Column, func(export.Writer) error)) {
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	L := s.page(r, "").L
	cols, rows := table(L, format)
	lw := &lazyHeaders{w: w, format: format, filename: fmt.Sprintf("kscheck-%s-%s.%s", name, s.svc.Now().Format("2006-01-02"), format)}
	out, err := export.New(lw, format, L.T("export.sheet_"+name), cols)
	if err == nil {
		err = rows(out)
		if err == nil {
			err = out.Close()
		}
	}
	if err != nil {
		if !lw.started {
			s.fail(w, r, err)
			return
		}
		s.log.Error("export cut short", "export", name, "err", err)
	}
}

// lazyHeaders sets the download headers with the first byte written, so
// that an error before any row can still answer with an error page.
type lazyHeaders struct {
	w        http.ResponseWriter
	format   export.Format
	filename string
	started  bool
}

func (l *lazyHeaders) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		h := l.w.Header()
		h.Set("Content-Type", l.format.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+l.filename+`"`)
		h.Set("Cache-Control", "no-store")
	}
	return l.w.Write(p)
}

// caseRef is a case's reference as people quote it.
func caseRef(c *kscheck.Case) string { return fmt.Sprintf("KS-%d", c.ID) }

// verdictText names a verdict, or is empty when there is none.
func verdictText(L *i18n.Localizer, v kscheck.Verdict) string {
	if v == "" {
		return ""
	}
	return L.E(v)
}

// unitList returns the units, or none when they cannot be read (exports
// then show codes).
func (s *Server) unitList(r *http.Request) []*kscheck.Unit {
	units, err := s.svc.Units(r.Context())
	if err != nil {
		return nil
	}
	return units
}

// unitNames maps unit codes to their names in L's language.
func (s *Server) unitNames(r *http.Request, L *i18n.Localizer) map[string]string {
	out := map[string]string{}
	for _, u := range s.unitList(r) {
		out[u.Code] = u.NameIn(L.Lang())
	}
	return out
}

// dashboardRange returns the first instants of the dashboard's months up
// to now, plus the instant that ends the last.
func dashboardRange(now time.Time) []time.Time {
	start := time.Date(now.Year(), now.Month()-dashboardMonths+1, 1, 0, 0, 0, 0, time.UTC)
	months := make([]time.Time, dashboardMonths+1)
	for i := range months {
		months[i] = start.AddDate(0, i, 0)
	}
	return months
}
