package web

import (
	"net/http"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/service"
)

type casePageData struct {
	*service.CaseView
	Procedure  *procedure.Procedure
	Evaluation procedure.Evaluation
	Verdicts   []kscheck.Verdict
	Mitigation []procedure.Mitigation
	RefKinds   []kscheck.RefKind
}

// caseID reads the {id} path value.
func caseID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, kscheck.Errorf(kscheck.ENotFound, "%q is not a check number", r.PathValue("id")).Translated("err.case.not_number")
	}
	return id, nil
}

// casePage shows a check: its state, deadline, partners, answers, threads,
// history and the actions the person may take now.
func (s *Server) casePage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if v, ok := s.viewCase(w, r, actor); ok {
		s.renderCase(w, r, v, http.StatusOK, "")
	}
}

// renderCase renders the case page of v with status, and problem (if any)
// in the error box on top.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, v *service.CaseView, status int, problem string) {
	data := casePageData{CaseView: v, Verdicts: kscheck.Verdicts, RefKinds: kscheck.RefKinds}
	if p, err := s.svc.ProcedureOf(v.Case); err == nil {
		data.Procedure, data.Evaluation, data.Mitigation = p, p.Evaluate(v.Case.Answers), p.Mitigations
	}
	d := s.page(r, "")
	v.Measures = s.measuresIn(d.L.Lang(), v.Case, v.Measures)
	d.Title, d.Data, d.Error = v.Case.Title, data, problem
	s.render(w, r, status, "case.html", d)
}

// measuresIn returns ms with the measures chosen from the catalogue in
// lang, whatever language they were chosen in: their text comes from c's
// procedure. Measures in own words stay as written.
func (s *Server) measuresIn(lang string, c *kscheck.Case, ms []*kscheck.Measure) []*kscheck.Measure {
	p, err := s.svc.ProcedureOf(c)
	if err != nil {
		return ms
	}
	out := make([]*kscheck.Measure, len(ms))
	for i, m := range ms {
		out[i] = measureIn(lang, p, m)
	}
	return out
}

// measureIn is m in lang when it was chosen from p's catalogue, m itself
// when it is in own words.
func measureIn(lang string, p *procedure.Procedure, m *kscheck.Measure) *kscheck.Measure {
	text, ok := catalogueText(p, m.Code, lang)
	if !ok || m.Code == "" {
		return m
	}
	inLang := *m
	inLang.Text = text
	return &inLang
}

// caseAct takes a lifecycle action from a button on the case page.
func (s *Server) caseAct(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	action := kscheck.Action(r.PathValue("action"))
	in := service.ActInput{Verdict: kscheck.Verdict(r.PostForm.Get("verdict")), Text: r.PostForm.Get("text"), Confirmed: r.PostForm.Get("confirm") == "yes"}
	codes := r.PostForm["measure_code"]
	for _, c := range codes {
		if c != "" {
			in.Measures = append(in.Measures, service.MeasureInput{Code: c, Text: s.mitigationText(id, actor, r, c)})
		}
	}
	if t := r.PostForm.Get("measure_text"); t != "" {
		due, _ := parseDate(r.PostForm.Get("measure_due"))
		in.Measures = append(in.Measures, service.MeasureInput{Text: t, DueOn: due})
	}
	if _, err := s.svc.Act(r.Context(), actor, id, postedVersion(r), action, in); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	if r.PostForm.Get("back") == "dossier" {
		backToDossier(w, r, id, string(action), "")
		return
	}
	if action == kscheck.ActStartSupplementary {
		// Starting the questionnaire opens it.
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"/answers?section="+supplementaryPage+"&done="+string(action), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done="+string(action), http.StatusSeeOther)
}

// mitigationText returns the catalogue text of a measure code in the
// request's language, so the recorded measure reads as chosen.
func (s *Server) mitigationText(id int64, actor kscheck.Actor, r *http.Request, code string) string {
	c, err := s.svc.VisibleCase(r.Context(), actor, id)
	if err != nil {
		return code
	}
	p, err := s.svc.ProcedureOf(c)
	if err != nil {
		return code
	}
	if text, ok := catalogueText(p, code, s.page(r, "").L.Lang()); ok {
		return text
	}
	return code
}

// catalogueText is the text of measure code in p's catalogue, in lang.
func catalogueText(p *procedure.Procedure, code, lang string) (string, bool) {
	for _, m := range p.Mitigations {
		if m.Code == code {
			return m.Text.In(lang), true
		}
	}
	return "", false
}

// failOnCase shows the case page again with the error on top when the
// error is the person's to fix; other errors get the error page.
func (s *Server) failOnCase(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, id int64, err error) {
	code := kscheck.ErrorCode(err)
	if code != kscheck.EInvalid && code != kscheck.EConflict && code != kscheck.EForbidden {
		s.fail(w, r, err)
		return
	}
	v, verr := s.svc.Case(r.Context(), actor, id)
	if verr != nil {
		s.fail(w, r, err)
		return
	}
	s.renderCase(w, r, v, statusOf(err), s.changeErrorText(s.page(r, "").L, err))
}

// messagePost adds a question, answer, Desk note or deliberation note.
func (s *Server) messagePost(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	if err := s.svc.Post(r.Context(), actor, id, postedVersion(r), messageKind(r.PostForm.Get("kind")), r.PostForm.Get("body")); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	if r.PostForm.Get("back") == "dossier" {
		backToDossier(w, r, id, "saved", "#"+r.PostForm.Get("kind"))
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#thread", http.StatusSeeOther)
}
