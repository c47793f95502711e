package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type adminUnitsData struct {
	Units []unitRow
	Form  unitForm
}

// unitRow is a unit in the tree, with its depth for indentation.
type unitRow struct {
	*kscheck.Unit
	Depth  int
	Parent *kscheck.Unit
}

type unitForm struct {
	Code, Name, NameNL, Level, Parent templates.Field
}

// adminUnits shows the organisation as a tree, with the form to add a
// unit. The service lets administrators only.
func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderAdminUnits(w, r, actor, http.StatusOK, nil)
}

func (s *Server) renderAdminUnits(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, err error) {
	units, uerr := s.svc.AdminUnits(r.Context(), actor)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	d := s.page(r, "admin.units_title")
	form := newUnitForm(d.L, r, units)
	if err != nil {
		fields := map[string]*templates.Field{"code": &form.Code, "name": &form.Name, "level": &form.Level, "parent": &form.Parent}
		var missing *missingFields
		var ke *kscheck.Error
		switch {
		case errors.As(err, &missing):
			for _, n := range missing.names {
				fields[n].Error = d.L.T("admin.missing." + n)
			}
		case errors.As(err, &ke) && unitErrorField[ke.Key] != "":
			fields[unitErrorField[ke.Key]].Error = s.errorText(d.L, err)
		default:
			d.Error = s.errorText(d.L, err)
		}
		for _, f := range []*templates.Field{&form.Code, &form.Name, &form.Level, &form.Parent} {
			if f.Error != "" {
				d.Errors = append(d.Errors, templates.FieldError{FieldID: f.ControlID(), Message: f.Error})
			}
		}
	}
	d.Data = adminUnitsData{Units: unitTree(units), Form: form}
	s.render(w, r, status, "admin_units.html", d)
}

// unitErrorField names the field each keyed error of adding a unit is about.
var unitErrorField = map[string]string{
	"admin.err.unit_exists": "code", "admin.err.unit_code_name": "code",
	"admin.err.unit_level": "level", "admin.err.no_unit": "parent",
}

// adminUnitAdd adds a unit from the form on the units page.
func (s *Server) adminUnitAdd(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	required := []string{"code", "name", "level"}
	if f.Get("level") != string(kscheck.LevelUniversity) {
		required = append(required, "parent")
	}
	if missing := missingOf(f.Get, required...); len(missing) > 0 {
		s.renderAdminUnits(w, r, actor, http.StatusUnprocessableEntity, &missingFields{missing})
		return
	}
	u := &kscheck.Unit{Code: strings.TrimSpace(f.Get("code")), Name: strings.TrimSpace(f.Get("name")), NameNL: strings.TrimSpace(f.Get("name_nl")),
		Level: kscheck.UnitLevel(f.Get("level")), ParentCode: f.Get("parent")}
	if err := s.svc.AddUnit(r.Context(), actor, u); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EForbidden {
			s.fail(w, r, err)
			return
		}
		s.renderAdminUnits(w, r, actor, statusOf(err), err)
		return
	}
	http.Redirect(w, r, "/admin/units?done=unit_added#unit-"+u.Code, http.StatusSeeOther)
}

func newUnitForm(l *i18n.Localizer, r *http.Request, units []*kscheck.Unit) unitForm {
	v := r.PostForm.Get
	parents := make([]templates.Option, 0, len(units))
	for _, u := range units {
		if u.Level != kscheck.LevelInstitute {
			parents = append(parents, templates.Option{Value: u.Code, Label: u.NameIn(l.Lang())})
		}
	}
	var levels []templates.Option
	for _, lv := range []kscheck.UnitLevel{kscheck.LevelUniversity, kscheck.LevelFaculty, kscheck.LevelInstitute} {
		levels = append(levels, templates.Option{Value: string(lv), Label: l.T("admin.level." + string(lv))})
	}
	return unitForm{
		Code:   templates.Field{Name: "code", Label: l.T("admin.unit_code"), Hint: l.T("admin.unit_code_hint"), Value: v("code"), Required: true, Autocomplete: "off"},
		Name:   templates.Field{Name: "name", Label: l.T("admin.unit_name"), Value: v("name"), Required: true, Autocomplete: "off"},
		NameNL: templates.Field{Name: "name_nl", Label: l.T("admin.unit_name_nl"), Value: v("name_nl"), Autocomplete: "off"},
		Level:  templates.Field{Name: "level", Label: l.T("admin.unit_level"), Value: v("level"), Required: true, Options: levels},
		Parent: templates.Field{Name: "parent", Label: l.T("admin.unit_parent"), Hint: l.T("admin.unit_parent_hint"), Value: v("parent"), Options: parents},
	}
}

// unitTree orders units depth-first from the roots, children by code.
func unitTree(units []*kscheck.Unit) []unitRow {
	byCode := unitsByCode(units)
	children := map[string][]*kscheck.Unit{}
	for _, u := range units {
		children[u.ParentCode] = append(children[u.ParentCode], u)
	}
	var out []unitRow
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, u := range children[parent] {
			out = append(out, unitRow{Unit: u, Depth: depth, Parent: byCode[u.ParentCode]})
			if depth < 16 {
				walk(u.Code, depth+1)
			}
		}
	}
	walk("", 0)
	return out
}
