package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// caseRefsSave sets the grant, contract and project references of a
// check, by which other systems ask for its clearance.
func (s *Server) caseRefsSave(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	refs := map[kscheck.RefKind]string{}
	for _, k := range kscheck.RefKinds {
		refs[k] = r.PostForm.Get(string(k))
	}
	if _, err := s.svc.SetCaseRefs(r.Context(), actor, id, version, refs); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#refs-h", http.StatusSeeOther)
}
