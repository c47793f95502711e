package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
)

type casesListData struct {
	Filters caseFilters
	Cases   []*kscheck.Case
}

// casesList shows the checks the person may see, newest change first, with
// filters (status, kind, unit, text) and paging; ?view=queue orders the
// waiting ones by deadline instead.
func (s *Server) casesList(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	cf, f := s.readFilters(r, "/", kscheck.States)
	f.Queue = r.URL.Query().Get("view") == "queue"
	cases, total, err := s.svc.ListCases(r.Context(), actor, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cf.counted(total)
	cf.Export = "/export/cases"
	d := s.page(r, "nav.my_checks")
	d.Data = casesListData{Filters: cf, Cases: cases}
	s.render(w, r, http.StatusOK, "cases.html", d)
}
