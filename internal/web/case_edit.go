package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

type caseEditData struct {
	Case   *kscheck.Case
	Fields caseNewData
}

// caseEditForm lets the initiator change a check's description while it
// is theirs to change: a draft, in the supplementary questionnaire, or
// postponed by the Committee (to answer its request).
func (s *Server) caseEditForm(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	v, ok := s.viewCase(w, r, actor)
	if !ok {
		return
	}
	if !v.Can[string(kscheck.PermEdit)] {
		s.fail(w, r, kscheck.Errorf(kscheck.EForbidden, "the description of this check can be changed only by its initiator while it is a draft, in the supplementary questionnaire, or postponed").Translated("err.case.edit_who"))
		return
	}
	c := v.Case
	form := map[string]string{"title": c.Title, "description": c.Description, "kind": string(c.Kind), "unit": c.UnitCode}
	if c.StartsOn != nil {
		form["starts_on"] = c.StartsOn.Format("2006-01-02")
	}
	if c.EndsOn != nil {
		form["ends_on"] = c.EndsOn.Format("2006-01-02")
	}
	d := s.page(r, "edit.title")
	d.Form = map[string]string{"version": strconv.FormatInt(c.Version, 10)}
	d.Data = caseEditData{Case: c, Fields: s.caseNewFields(d, actor, form)}
	s.render(w, r, http.StatusOK, "case_edit.html", d)
}

// caseEditSave stores the changed description.
func (s *Server) caseEditSave(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	form := formMap(r, "title", "description", "kind", "starts_on", "ends_on", "version")
	starts, errS := parseDate(form["starts_on"])
	ends, errE := parseDate(form["ends_on"])
	if errS != nil || errE != nil {
		s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "the start and end dates must be real dates").Translated("err.case.dates"))
		return
	}
	_, err := s.svc.EditCase(r.Context(), actor, id, postedVersion(r), service.Edit{
		Title: form["title"], Description: form["description"], Kind: kscheck.Kind(form["kind"]), StartsOn: starts, EndsOn: ends,
	})
	if err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInvalid {
			c, cerr := s.svc.VisibleCase(r.Context(), actor, id)
			if cerr != nil {
				s.fail(w, r, err)
				return
			}
			d := s.page(r, "edit.title")
			d.Error = s.errorText(d.L, err)
			d.Form = map[string]string{"version": form["version"]}
			form["unit"] = c.UnitCode
			d.Data = caseEditData{Case: c, Fields: s.caseNewFields(d, actor, form)}
			s.render(w, r, http.StatusUnprocessableEntity, "case_edit.html", d)
			return
		}
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
}
