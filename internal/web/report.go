package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/report"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type reportData struct {
	Year, Unit, Format templates.Field
	Body               template.HTML // the report, once made as HTML
	ChosenYear         int           // the year reported on, for the download links
}

// annualReport offers the annual report to the Desk, the Committee and
// the auditor: a form (year, unit, format), then the report on the page
// (HTML) or as a download (PDF, XLSX), in the reader's language.
func (s *Server) annualReport(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := service.ReportAllowed(actor); err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "report.heading")
	q := r.URL.Query()
	now := s.svc.Now()
	data := reportData{
		Year:   templates.Field{Name: "year", Label: d.L.T("report.year"), Type: "number", Value: q.Get("year"), Required: true},
		Unit:   templates.Field{Name: "unit", Label: d.L.T("filter.unit"), Value: q.Get("unit"), Options: []templates.Option{{Value: "", Label: d.L.T("report.whole")}}},
		Format: templates.Field{Name: "format", Label: d.L.T("report.format"), Value: q.Get("format"), Options: []templates.Option{{Value: "html", Label: "HTML"}, {Value: "pdf", Label: "PDF"}, {Value: "xlsx", Label: "Excel (XLSX)"}}},
	}
	if data.Year.Value == "" {
		data.Year.Value = strconv.Itoa(now.Year() - 1)
	}
	for _, u := range s.unitList(r) {
		if u.Level != kscheck.LevelInstitute {
			data.Unit.Options = append(data.Unit.Options, templates.Option{Value: u.Code, Label: u.NameIn(d.L.Lang())})
		}
	}
	d.Data = &data
	if !q.Has("year") {
		s.render(w, r, http.StatusOK, "report.html", d)
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		data.Year.Error = d.L.T("report.year_invalid")
		d.Error = data.Year.Error
		s.render(w, r, http.StatusUnprocessableEntity, "report.html", d)
		return
	}
	format, err := report.ParseFormat(q.Get("format"))
	if err != nil {
		format = report.HTML
	}
	a, err := s.svc.AnnualReport(r.Context(), actor, d.L, year, data.Unit.Value, string(format))
	if err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInvalid {
			data.Year.Error, d.Error = s.errorText(d.L, err), s.errorText(d.L, err)
			s.render(w, r, http.StatusUnprocessableEntity, "report.html", d)
			return
		}
		s.fail(w, r, err)
		return
	}
	if format != report.HTML {
		w.Header().Set("Content-Type", format.ContentType())
		w.Header().Set("Content-Disposition", `attachment; filename="annual-report-`+strconv.Itoa(year)+`.`+string(format)+`"`)
		if err := a.Write(w, format); err != nil {
			s.log.Error("writing the annual report", "err", err)
		}
		return
	}
	if data.Body, err = a.Body(); err != nil {
		s.fail(w, r, err)
		return
	}
	data.ChosenYear = year
	d.Title = a.Title
	s.render(w, r, http.StatusOK, "report.html", d)
}
