package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// partnerListLimit is how many partners the directory page lists.
const partnerListLimit = 100

type partnerAdminData struct {
	Query    string
	Partners []kscheck.PartnerUse
	CanMerge bool // the Advice Desk merges duplicates
	CanShow  bool // administrators decide which names are published
}

// partnerDirectory lists the partners kscheck knows, for the Advice Desk
// (to merge a partner entered twice) and administrators (to let the
// published register name an organisation).
func (s *Server) partnerDirectory(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.showPartnerDirectory(w, r, actor, http.StatusOK, nil)
}

func (s *Server) showPartnerDirectory(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, failed error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	partners, err := s.svc.FindPartners(r.Context(), actor, q, partnerListLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "partnerdir.title")
	if failed != nil {
		d.Error = s.errorText(d.L, failed)
	}
	d.Data = partnerAdminData{Query: q, Partners: partners,
		CanMerge: actor.HasAnywhere(kscheck.RoleDeskCoordinator) || actor.HasAnywhere(kscheck.RoleDeskAdviser),
		CanShow:  actor.HasAnywhere(kscheck.RoleAdmin)}
	s.render(w, r, status, "partners_admin.html", d)
}

// partnerMerge folds the ticked partners into the one chosen to keep.
func (s *Server) partnerMerge(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.EInvalid, "the form could not be read; reload the page and try again").Translated("err.form.unreadable_short"))
		return
	}
	keep, err := strconv.ParseInt(r.PostForm.Get("keep"), 10, 64)
	if err != nil {
		s.showPartnerDirectory(w, r, actor, http.StatusUnprocessableEntity, kscheck.Errorf(kscheck.EInvalid, "%s", s.page(r, "").L.T("partnerdir.choose_keep")))
		return
	}
	var drop []int64
	for _, v := range r.PostForm["merge"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, kscheck.Errorf(kscheck.EInvalid, "%q is not a partner number", v).Translated("err.partner.not_number"))
			return
		}
		if id != keep {
			drop = append(drop, id)
		}
	}
	if err := s.svc.MergePartners(r.Context(), actor, keep, drop); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInvalid {
			s.showPartnerDirectory(w, r, actor, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/partners?done=saved&q="+url.QueryEscape(r.PostForm.Get("q")), http.StatusSeeOther)
}

// partnerPublish lets (or stops letting) the published register name an
// organisation.
func (s *Server) partnerPublish(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.EInvalid, "the form could not be read; reload the page and try again").Translated("err.form.unreadable_short"))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("partner"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a partner number", r.PathValue("partner")).Translated("err.partner.not_number"))
		return
	}
	if err := s.svc.SetPartnerPublic(r.Context(), actor, id, r.PostForm.Get("public") == "yes"); err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInvalid {
			s.showPartnerDirectory(w, r, actor, http.StatusUnprocessableEntity, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/partners?done=saved&q="+url.QueryEscape(r.PostForm.Get("q")), http.StatusSeeOther)
}
