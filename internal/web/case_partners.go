package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

// suggestionLimit is how many partners the type-ahead offers at once.
const suggestionLimit = 12

type partnersData struct {
	View                         *service.CaseView
	Query                        string
	Suggestions                  []service.Suggestion
	Precedents                   map[int64]service.Precedent // earlier checks of each partner
	Name, Type, Country, Website templates.Field
}

// partnerFields are the partner form's controls, filled from form (a
// picked suggestion, or what was typed before an error).
func partnerFields(d *Page, form map[string]string) (name, typ, country, website templates.Field) {
	l := d.L
	t := form["type"]
	if t == "" {
		t = string(kscheck.PartnerOrganization)
	}
	name = templates.Field{Name: "name", ID: "partner-name", Label: l.T("partners.name"), Hint: l.T("partners.name_hint"), Value: form["name"], Required: true}
	typ = templates.Field{Name: "type", ID: "partner-type", Label: l.T("case.partner_type"), Value: t, Required: true, Inline: true, Options: []templates.Option{
		{Value: string(kscheck.PartnerOrganization), Label: l.E(kscheck.PartnerOrganization)},
		{Value: string(kscheck.PartnerIndividual), Label: l.E(kscheck.PartnerIndividual)},
	}}
	country = templates.Field{Name: "country", ID: "partner-country", Label: l.T("case.country"), Hint: l.T("partners.country_hint"), Value: form["country"], Autocomplete: "off"}
	website = templates.Field{Name: "website", ID: "partner-website", Label: l.T("case.website"), Value: form["website"], Type: "url", Autocomplete: "off"}
	return
}

// partnersPage is where the initiator finds and adds partners: a search
// over known partners and the university directory (type-ahead with htmx,
// a plain search form without), the partner's details, and the screening
// of the partners added so far.
func (s *Server) partnersPage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	q := r.URL.Query()
	form := map[string]string{}
	for _, k := range []string{"name", "type", "country", "website"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	s.showPartners(w, r, actor, form, http.StatusOK, "")
}

func (s *Server) showPartners(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, form map[string]string, status int, problem string) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	query := strings.TrimSpace(r.URL.Query().Get("q"))
	suggestions, err := s.svc.SuggestPartners(r.Context(), actor, id, query, suggestionLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.Case(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	precedents, err := s.svc.Precedents(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "partners.title")
	data := partnersData{View: v, Query: query, Suggestions: suggestions, Precedents: precedents}
	data.Name, data.Type, data.Country, data.Website = partnerFields(d, form)
	if problem != "" {
		data.Name.Error = problem
		d.Errors = []templates.FieldError{{FieldID: "partner-name", Message: problem}}
	}
	d.Data = data
	s.render(w, r, status, "partners.html", d)
}

// partnerAdd adds a partner to a check, which screens it at once, and
// shows the partner page again with the screening result.
func (s *Server) partnerAdd(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	f := formMap(r, "name", "type", "country", "website")
	p := &kscheck.Partner{Name: f["name"], Type: kscheck.PartnerType(f["type"]), Country: f["country"], Website: f["website"]}
	if _, err := s.svc.AddPartner(r.Context(), actor, id, postedVersion(r), p); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInvalid {
			s.showPartners(w, r, actor, f, http.StatusUnprocessableEntity, s.errorText(s.page(r, "").L, err))
			return
		}
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"/partners/new?done=saved#screening-"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// partnerRemove takes a partner off a check (added by mistake, or no
// longer part of the collaboration); the partner stays in the directory
// of known partners and the audit trail records the removal.
func (s *Server) partnerRemove(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	pid, err := strconv.ParseInt(r.PathValue("partner"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a partner number", r.PathValue("partner")).Translated("err.partner.not_number"))
		return
	}
	if _, err := s.svc.RemovePartner(r.Context(), actor, id, postedVersion(r), pid); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"/partners/new?done=saved", http.StatusSeeOther)
}
