package web

import (
	"net/http"
	"strconv"

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
	d.Data = registerData{Filters: cf, Entries: entries}
	s.render(w, r, http.StatusOK, "register.html", d)
}

type auditData struct {
	*service.AuditTrail
	Older int64 // seq to page from, 0: no older entries
}

// auditTrail shows the audit trail, newest first, with the state of its
// hash chain; read-only, for auditors and administrators.
func (s *Server) auditTrail(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	const perPage = 100
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	a, err := s.svc.Audit(r.Context(), actor, max(before, 0), perPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := auditData{AuditTrail: a}
	if n := len(a.Entries); n == perPage && a.Entries[n-1].Seq > 1 {
		data.Older = a.Entries[n-1].Seq
	}
	d := s.page(r, "audit.title")
	d.Data = data
	s.render(w, r, http.StatusOK, "audit.html", d)
}
