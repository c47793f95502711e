package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type caseNewData struct {
	Title, Description, Kind, Unit, StartsOn, EndsOn templates.Field
}

func (s *Server) caseNewFields(d *Page, actor kscheck.Actor, form map[string]string) caseNewData {
	l := d.L
	kinds := make([]templates.Option, len(kscheck.Kinds))
	for i, k := range kscheck.Kinds {
		kinds[i] = templates.Option{Value: string(k), Label: l.E(k), Hint: l.T("kind_hint." + string(k))}
	}
	var units []templates.Option
	for _, a := range actor.Assignments {
		if a.Role == kscheck.RoleInitiator {
			units = append(units, templates.Option{Value: a.UnitCode, Label: unitName(d.Units(), a.UnitCode, l.Lang())})
		}
	}
	unit := form["unit"]
	if unit == "" && len(units) == 1 {
		unit = units[0].Value
	}
	return caseNewData{
		Title:       templates.Field{Name: "title", Label: l.T("case.title"), Value: form["title"], Required: true},
		Description: templates.Field{Name: "description", Label: l.T("case.description"), Hint: l.T("start.description_hint"), Value: form["description"], Rows: 6},
		Kind:        templates.Field{Name: "kind", Label: l.T("case.kind"), Value: form["kind"], Options: kinds, Required: true},
		Unit:        templates.Field{Name: "unit", Label: l.T("case.unit"), Value: unit, Options: units, Required: true},
		StartsOn:    templates.Field{Name: "starts_on", Label: l.T("case.starts_on"), Value: form["starts_on"], Type: "date"},
		EndsOn:      templates.Field{Name: "ends_on", Label: l.T("case.ends_on"), Value: form["ends_on"], Type: "date"},
	}
}

func (s *Server) caseNewForm(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	d := s.page(r, "nav.start_check")
	d.Data = s.caseNewFields(d, actor, nil)
	s.render(w, r, http.StatusOK, "case_new.html", d)
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := readForm(r, 0, s.formTooBig()); err != nil {
		s.fail(w, r, err)
		return
	}
	form := formMap(r, "title", "description", "kind", "unit", "starts_on", "ends_on")
	d := s.page(r, "nav.start_check")
	starts, errS := parseDate(form["starts_on"])
	ends, errE := parseDate(form["ends_on"])
	fields := s.caseNewFields(d, actor, form)
	if errS != nil {
		d.Errors = append(d.Errors, templates.FieldError{FieldID: "starts_on", Message: d.L.T("error.invalid_date", d.L.T("case.starts_on"))})
		fields.StartsOn.Error = d.Errors[len(d.Errors)-1].Message
	}
	if errE != nil {
		d.Errors = append(d.Errors, templates.FieldError{FieldID: "ends_on", Message: d.L.T("error.invalid_date", d.L.T("case.ends_on"))})
		fields.EndsOn.Error = d.Errors[len(d.Errors)-1].Message
	}
	if len(d.Errors) == 0 {
		c, err := s.svc.StartCase(r.Context(), actor, service.NewCase{
			Title: form["title"], Description: form["description"], Kind: kscheck.Kind(form["kind"]),
			UnitCode: form["unit"], StartsOn: starts, EndsOn: ends,
		})
		if err == nil {
			// Next: the partners, screened as they are added.
			http.Redirect(w, r, "/cases/"+strconv.FormatInt(c.ID, 10)+"/partners/new?done=created", http.StatusSeeOther)
			return
		}
		if kscheck.ErrorCode(err) != kscheck.EInvalid && kscheck.ErrorCode(err) != kscheck.EForbidden && kscheck.ErrorCode(err) != kscheck.ENotFound {
			s.fail(w, r, err)
			return
		}
		d.Error = s.errorText(d.L, err)
	}
	d.Data = fields
	s.render(w, r, http.StatusUnprocessableEntity, "case_new.html", d)
}

// formMap returns the trimmed values of the named form fields.
func formMap(r *http.Request, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = strings.TrimSpace(r.PostForm.Get(n))
	}
	return m
}

// parseDate reads an HTML date input (YYYY-MM-DD); empty is nil.
func parseDate(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
