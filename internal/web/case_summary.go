package web

import (
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/service"
)

type summaryData struct {
	View       *service.CaseView
	Procedure  *procedure.Procedure
	Evaluation procedure.Evaluation
	// Supplementary are the supplementary questionnaire's answers, when
	// any were given.
	Supplementary []summaryAnswer
}

type summaryAnswer struct {
	Question string
	Answer   string
}

// caseSummary weighs a check's risks against its opportunities side by
// side, with the answers that raised each risk and the route the answers
// lead to: what initiator and director discuss before they decide.
func (s *Server) caseSummary(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	v, ok := s.viewCase(w, r, actor)
	if !ok {
		return
	}
	p, err := s.svc.ProcedureOf(v.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "summary.title")
	data := summaryData{View: v, Procedure: p, Evaluation: p.Evaluate(v.Case.Answers)}
	for _, q := range p.SupplementaryQuestions() {
		if a, ok := v.Case.Answers[q.ID].(string); ok && a != "" {
			data.Supplementary = append(data.Supplementary, summaryAnswer{Question: q.Text.In(d.L.Lang()), Answer: a})
		}
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "summary.html", d)
}
