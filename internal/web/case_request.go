package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// viewCase returns the case named by the request's {id} as actor may see
// it. When it cannot, it has shown the error page and returns false.
func (s *Server) viewCase(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) (*service.CaseView, bool) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	v, err := s.svc.Case(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return v, true
}

// postedCase reads the {id} of a request that posts a form about a case,
// and parses the form. When either fails, it has shown the error page and
// returns false.
func (s *Server) postedCase(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	if err := readForm(r, 0, s.formTooBig()); err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}
