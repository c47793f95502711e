package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

type registerData struct {
	Filters caseFilters
	Entries []service.RegisterEntry
}

// decisionRegister is the auditor's read-only register of decided and
// cleared checks, with verdict, date and measures.
func (s *Server) decisionRegister(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	cf, f := s.readFilters(r, "/register", []kscheck.State{kscheck.StateDecided, kscheck.StateCleared})
	entries, total, err := s.svc.Register(r.Context(), actor, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cf.counted(total)
	cf.Export = "/export/register"
	d := s.page(r, "nav.register")
	for i, e := range entries {
		entries[i].Measures = s.measuresIn(d.L.Lang(), e.Case, e.Measures)
	}
	d.Data = registerData{Filters: cf, Entries: entries}
	s.render(w, r, http.StatusOK, "register.html", d)
}
