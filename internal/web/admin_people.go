package web

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

// The administration pages (people, roles, units) post their forms back to
// their own address, with a "do" field naming the change, so that a
// refused form is shown again at the page's address with its errors.

type adminPeopleData struct {
	Accounts []service.Account
	Units    map[string]*kscheck.Unit
	Form     personForm
}

// personForm holds the fields of "add a person" and of a person's page.
type personForm struct {
	Name, Email, Unit, Role, RoleUnit, Password templates.Field
}

// adminPeople lists everyone with their roles and status, with the form to
// add a person. The service lets administrators only.
func (s *Server) adminPeople(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderAdminPeople(w, r, actor, http.StatusOK, nil)
}

func (s *Server) renderAdminPeople(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, err error) {
	accounts, aerr := s.svc.Accounts(r.Context(), actor)
	if aerr != nil {
		s.fail(w, r, aerr)
		return
	}
	units, uerr := s.svc.AdminUnits(r.Context(), actor)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	d := s.page(r, "admin.people_title")
	form := s.personForm(d.L, r, units)
	s.showError(d, err, &form)
	d.Data = adminPeopleData{Accounts: accounts, Units: unitsByCode(units), Form: form}
	s.render(w, r, status, "admin_people.html", d)
}

// adminPersonAdd adds a person from the form on the people page.
func (s *Server) adminPersonAdd(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	if missing := missingOf(f.Get, "name", "email", "unit"); len(missing) > 0 {
		s.renderAdminPeople(w, r, actor, http.StatusUnprocessableEntity, &missingFields{missing})
		return
	}
	var roles []string
	if f.Get("role") != "" {
		roles = append(roles, f.Get("role")+"@"+cmp.Or(f.Get("role_unit"), f.Get("unit")))
	}
	p := &kscheck.Person{Name: strings.TrimSpace(f.Get("name")), Email: f.Get("email"), UnitCode: f.Get("unit")}
	if err := s.svc.AddPerson(r.Context(), actor, p, f.Get("password"), roles); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EForbidden {
			s.fail(w, r, err)
			return
		}
		s.renderAdminPeople(w, r, actor, statusOf(err), err)
		return
	}
	http.Redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10)+"?done=person_added", http.StatusSeeOther)
}

type adminPersonData struct {
	Account service.Account
	Units   map[string]*kscheck.Unit
	Form    personForm
}

// adminPerson shows one person with the offboarding actions: roles added
// and removed, password reset, deactivation.
func (s *Server) adminPerson(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderAdminPerson(w, r, actor, http.StatusOK, nil)
}

func (s *Server) renderAdminPerson(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, err error) {
	id, perr := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if perr != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "no such person").Translated("err.person.no_such"))
		return
	}
	acc, aerr := s.svc.Account(r.Context(), actor, id)
	if aerr != nil {
		s.fail(w, r, aerr)
		return
	}
	units, uerr := s.svc.AdminUnits(r.Context(), actor)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	d := s.page(r, "")
	d.Title = acc.Name
	form := s.personForm(d.L, r, units)
	if r.Method == http.MethodGet || r.PostForm.Get("role_unit") == "" {
		form.RoleUnit.Value = acc.UnitCode
	}
	form.Password.Hint = d.L.T("admin.password_reset_hint", auth.MinPasswordLength)
	s.showError(d, err, &form)
	d.Data = adminPersonData{Account: acc, Units: unitsByCode(units), Form: form}
	s.render(w, r, status, "admin_person.html", d)
}

// adminPersonChange carries out the change named by the form's "do" field.
func (s *Server) adminPersonChange(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "no such person").Translated("err.person.no_such"))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	f, ctx := r.PostForm, r.Context()
	var change func() (service.Account, error)
	switch done := f.Get("do"); done {
	case "deactivate":
		change = func() (service.Account, error) { return s.svc.DeactivatePerson(ctx, actor, id) }
	case "activate":
		change = func() (service.Account, error) { return s.svc.ReactivatePerson(ctx, actor, id) }
	case "role_add":
		if f.Get("role") == "" || f.Get("role_unit") == "" {
			s.renderAdminPerson(w, r, actor, http.StatusUnprocessableEntity, &missingFields{missingOf(f.Get, "role", "role_unit")})
			return
		}
		change = func() (service.Account, error) {
			return s.svc.AddRole(ctx, actor, id, f.Get("role")+"@"+f.Get("role_unit"))
		}
	case "role_remove":
		change = func() (service.Account, error) { return s.svc.RemoveRole(ctx, actor, id, f.Get("assignment")) }
	case "password":
		if f.Get("password") == "" {
			s.renderAdminPerson(w, r, actor, http.StatusUnprocessableEntity, &missingFields{[]string{"password"}})
			return
		}
		change = func() (service.Account, error) { return s.svc.ResetPassword(ctx, actor, id, f.Get("password")) }
	default:
		s.renderAdminPerson(w, r, actor, http.StatusUnprocessableEntity, kscheck.Errorf(kscheck.EInvalid, "this form asked for no known change; reload the page and try again").Translated("admin.err.unknown_change"))
		return
	}
	if _, err := change(); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EForbidden {
			s.fail(w, r, err)
			return
		}
		s.renderAdminPerson(w, r, actor, statusOf(err), err)
		return
	}
	http.Redirect(w, r, "/admin/people/"+strconv.FormatInt(id, 10)+"?done=person_"+f.Get("do"), http.StatusSeeOther)
}

// personForm builds the person fields from the submitted form (if any).
func (s *Server) personForm(l *i18n.Localizer, r *http.Request, units []*kscheck.Unit) personForm {
	v := r.PostForm.Get
	unitOpts := make([]templates.Option, len(units))
	for i, u := range units {
		unitOpts[i] = templates.Option{Value: u.Code, Label: u.NameIn(l.Lang())}
	}
	roleOpts := make([]templates.Option, len(kscheck.Roles))
	for i, role := range kscheck.Roles {
		roleOpts[i] = templates.Option{Value: string(role), Label: l.E(role)}
	}
	return personForm{
		Name:     templates.Field{Name: "name", Label: l.T("admin.name"), Value: v("name"), Required: true, Autocomplete: "off"},
		Email:    templates.Field{Name: "email", Type: "email", Label: l.T("admin.email"), Value: v("email"), Required: true, Autocomplete: "off"},
		Unit:     templates.Field{Name: "unit", Label: l.T("admin.unit"), Value: v("unit"), Required: true, Options: unitOpts},
		Role:     templates.Field{Name: "role", Label: l.T("admin.role"), Value: v("role"), Options: roleOpts},
		RoleUnit: templates.Field{Name: "role_unit", Label: l.T("admin.role_unit"), Hint: l.T("admin.role_unit_hint"), Value: v("role_unit"), Options: unitOpts},
		Password: templates.Field{Name: "password", Type: "password", Label: l.T("admin.password"), Hint: l.T("admin.password_hint", auth.MinPasswordLength), Autocomplete: "new-password"},
	}
}

// missingFields is a form sent with required fields empty.
type missingFields struct{ names []string }

func (m *missingFields) Error() string {
	return "required fields are empty: " + strings.Join(m.names, ", ")
}

// missingOf returns the names among keys whose value is empty.
func missingOf(get func(string) string, keys ...string) []string {
	var out []string
	for _, k := range keys {
		if strings.TrimSpace(get(k)) == "" {
			out = append(out, k)
		}
	}
	return out
}

// showError shows err (if any) on a page with the person form: at the
// field it concerns, with the error summary, or alone at the top.
func (s *Server) showError(d *Page, err error, form *personForm) {
	if err == nil {
		return
	}
	d.Errors = fieldErrors(d.L, s.errorText(d.L, err), err, form)
	if len(d.Errors) == 0 {
		d.Error = s.errorText(d.L, err)
	}
}

// fieldErrors puts the message of err (msg, already in the reader's
// language) at the field it concerns, and returns the error summary's
// entries; none when err concerns no field (the page then shows msg alone).
func fieldErrors(l *i18n.Localizer, msg string, err error, f *personForm) []templates.FieldError {
	fields := map[string]*templates.Field{"name": &f.Name, "email": &f.Email, "unit": &f.Unit, "role": &f.Role, "role_unit": &f.RoleUnit, "password": &f.Password}
	var out []templates.FieldError
	set := func(name, text string) {
		fld := fields[name]
		fld.Error = text
		out = append(out, templates.FieldError{FieldID: fld.ControlID(), Message: text})
	}
	var missing *missingFields
	if errors.As(err, &missing) {
		for _, n := range missing.names {
			set(n, l.T("admin.missing."+n))
		}
		return out
	}
	var ke *kscheck.Error
	if errors.As(err, &ke) {
		if name, ok := errorField[ke.Key]; ok {
			set(name, msg)
		}
	}
	return out
}

// errorField names the form field each keyed service error is about.
var errorField = map[string]string{
	"admin.err.email": "email", "admin.err.person_exists": "email", "admin.err.person_name": "name",
	"admin.err.no_unit": "unit", "admin.err.role_form": "role", "admin.err.role_unknown": "role",
	"admin.err.role_held": "role", "admin.err.password_short": "password",
}

func unitsByCode(units []*kscheck.Unit) map[string]*kscheck.Unit {
	m := make(map[string]*kscheck.Unit, len(units))
	for _, u := range units {
		m[u.Code] = u
	}
	return m
}
