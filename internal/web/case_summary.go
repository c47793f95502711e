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
}

// questionnaireAnswer is a supplementary question with its answer in words.
type questionnaireAnswer struct {
	Question string
	Answer   string
}

// questionnaireAnswers returns the supplementary questionnaire's answers
// given so far, in lang, in the questionnaire's order; every page that
// shows them (the summary, the dossier, the director's decision) reads
// them through here.
func questionnaireAnswers(p *procedure.Procedure, answers map[string]any, lang string) []questionnaireAnswer {
	var out []questionnaireAnswer
	for _, q := range p.SupplementaryQuestions() {
		if a, ok := p.AnswerOf(q.ID, answers[q.ID], lang); ok {
			out = append(out, questionnaireAnswer{Question: q.Text.In(lang), Answer: a})
		}
	}
	return out
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
	v.Measures = s.measuresIn(d.L.Lang(), v.Case, v.Measures)
	d.Data = summaryData{View: v, Procedure: p, Evaluation: p.Evaluate(v.Case.Answers)}
	s.render(w, r, http.StatusOK, "summary.html", d)
}
