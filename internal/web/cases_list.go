package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

type casesListData struct {
	Cases []*kscheck.Case
	Total int
	More  bool // there are more than store.CountCap
	Query string
	Page  int
	Pages int
}

// casesList shows the checks the person may see, newest change first, with
// a text search and paging.
func (s *Server) casesList(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	const perPage = 50
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f := store.CaseFilter{Text: q.Get("q"), Limit: perPage, Offset: (page - 1) * perPage}
	f.Queue = q.Get("view") == "queue"
	cases, total, err := s.svc.ListCases(r.Context(), actor, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "nav.my_checks")
	d.Data = casesListData{Cases: cases, Total: min(total, store.CountCap), More: total > store.CountCap, Query: f.Text, Page: page, Pages: (min(total, store.CountCap) + perPage - 1) / perPage}
	s.render(w, r, http.StatusOK, "cases.html", d)
}
