package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
)

type agendaData struct {
	Filters caseFilters
	Cases   []*kscheck.Case
}

// committeeAgenda lists the checks before the Committee, the most urgent
// deadline first, for its members and chair.
func (s *Server) committeeAgenda(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if !actor.HasAnywhere(kscheck.RoleCommitteeChair) && !actor.HasAnywhere(kscheck.RoleCommitteeMember) {
		s.fail(w, r, kscheck.Errorf(kscheck.EForbidden, "the agenda is for the Knowledge Security Committee").Translated("err.committee.agenda_only"))
		return
	}
	cf, f := s.readFilters(r, "/committee", []kscheck.State{kscheck.StateCommittee})
	f.Queue, f.States = true, []kscheck.State{kscheck.StateCommittee}
	cases, total, err := s.svc.ListCases(r.Context(), actor, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cf.counted(total)
	d := s.page(r, "committee.agenda")
	d.Data = agendaData{Filters: cf, Cases: cases}
	s.render(w, r, http.StatusOK, "committee.html", d)
}
