package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/service"
)

// inbox lists the checks waiting for the director's co-assessment.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	cases, err := s.svc.DirectorInbox(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "inbox.title")
	d.Data = cases
	s.render(w, r, http.StatusOK, "inbox.html", d)
}

type decisionData struct {
	View       *service.CaseView
	Procedure  *procedure.Procedure
	Evaluation procedure.Evaluation
	// Which of the three choices the state machine leaves open; the page
	// says why co-signing as cleared is closed (answers that call for the
	// Committee, or doubt) instead of hiding it.
	CanClear, CanSubmit, CanSendBack bool
}

// decision is the director's page for one check: the weighing of risks
// and opportunities, the screening, the adviser's advice and the three
// choices: co-sign as cleared, send back with a comment, or co-submit to
// the Advice Desk.
func (s *Server) decision(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.CoAssessment(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Case.State != kscheck.StateAwaitingDirector {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	p, err := s.svc.ProcedureOf(v.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := decisionData{View: v, Procedure: p, Evaluation: p.Evaluate(v.Case.Answers)}
	for _, a := range v.Allowed {
		switch a {
		case kscheck.ActCosignClear:
			data.CanClear = true
		case kscheck.ActSubmitToDesk:
			data.CanSubmit = true
		case kscheck.ActSendBack:
			data.CanSendBack = true
		}
	}
	d := s.page(r, "decision.title")
	d.Data = data
	s.render(w, r, http.StatusOK, "decision.html", d)
}

// adviser is the faculty adviser's page: checks whose advice was asked
// for, and questions nobody has answered yet.
func (s *Server) adviser(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	q, err := s.svc.Adviser(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "adviser.title")
	d.Data = q
	s.render(w, r, http.StatusOK, "adviser.html", d)
}
