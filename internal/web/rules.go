package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
)

func init() {
	funcs["dueMeasures"] = dueMeasures
}

// dueMeasures keeps the imposed measures the initiator still has to
// carry out.
func dueMeasures(ms []*kscheck.Measure) []*kscheck.Measure {
	var out []*kscheck.Measure
	for _, m := range ms {
		if m.Due() {
			out = append(out, m)
		}
	}
	return out
}

// conflictDeclare records a Committee member's conflict of interest in a
// check; from then on they are recused from it.
func (s *Server) conflictDeclare(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	if err := s.svc.DeclareConflict(r.Context(), actor, id, postedVersion(r), r.PostForm.Get("reason")); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, "saved", "#decision")
}

// caseAssign gives a check to a person of the Advice Desk.
func (s *Server) caseAssign(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	to, err := strconv.ParseInt(r.PostForm.Get("assignee"), 10, 64)
	if err != nil && r.PostForm.Get("assignee") != "" {
		s.failOnDossier(w, r, actor, kscheck.Errorf(kscheck.EInvalid, "choose a person of the Advice Desk").Translated("err.desk.choose_person"))
		return
	}
	if err := s.svc.AssignCase(r.Context(), actor, id, postedVersion(r), to); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, "saved", "#assignment")
}
