package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/web/templates"
)

type answersData struct {
	Step       int
	Steps      int
	Case       *kscheck.Case
	Procedure  *procedure.Procedure
	Section    string // the title of the section on this page
	Fields     []answerField
	Evaluation procedure.Evaluation
	Doubt      bool
}

// answerField is a question's form control; Multiple questions are a group
// of checkboxes, where ticking none is an answer too ("none of these").
type answerField struct {
	templates.Field
	Multiple bool
}

// questionsFor returns the questions the form shows now: the section of
// the first open question on the flowchart path (one section per page),
// then the supplementary questionnaire when the answers call for it, and
// once everything is answered, the path taken, to review.
func questionsFor(p *procedure.Procedure, c *kscheck.Case) (qs []*procedure.Question, step, steps int) {
	ev := p.Evaluate(c.Answers)
	steps = len(p.Sections) + 1
	if ev.Missing != "" {
		sec := p.Question(ev.Missing).Section()
		for i, s := range p.Sections {
			if s == sec {
				step = i + 1
			}
		}
		return shown(p, sec.Questions, c.Answers), step, steps
	}
	if ev.Supplementary || c.State == kscheck.StateSupplementary {
		var all []*procedure.Question
		for _, s := range p.Supplementary {
			all = append(all, s.Questions...)
		}
		return shown(p, all, c.Answers), steps, steps
	}
	return p.Visible(c.Answers), steps, steps
}

// shown keeps the questions whose condition holds.
func shown(p *procedure.Procedure, qs []*procedure.Question, answers map[string]any) []*procedure.Question {
	var out []*procedure.Question
	for _, q := range qs {
		if q.When == nil || p.Holds(q.When, answers) {
			out = append(out, q)
		}
	}
	return out
}

// fieldFor turns a question into a form control with its current answer.
func (s *Server) fieldFor(l string, q *procedure.Question, answer any, T func(string, ...any) string) templates.Field {
	f := templates.Field{Name: q.ID, Label: q.Text.In(l), Hint: q.Help.In(l), Required: q.Required}
	switch v := answer.(type) {
	case string:
		f.Value = v
	case bool:
		f.Value = map[bool]string{true: "yes", false: "no"}[v]
	case []string:
		f.Values = v
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				f.Values = append(f.Values, s)
			}
		}
	}
	switch q.Type {
	case procedure.YesNo:
		f.Options, f.Inline = []templates.Option{{Value: "yes", Label: T("form.yes")}, {Value: "no", Label: T("form.no")}}, true
	case procedure.Single, procedure.Multiple:
		for _, c := range q.Choices {
			f.Options = append(f.Options, templates.Option{Value: c.Code, Label: c.Text.In(l)})
		}
	case procedure.Vocabulary:
		if vs, err := procedure.ShippedVocabularies(); err == nil {
			if v := vs.Get(q.Vocabulary); v != nil {
				for _, e := range v.Entries {
					f.Options = append(f.Options, templates.Option{Value: e.Code, Label: e.Text.In(l)})
				}
			}
		}
	case procedure.FreeText:
		f.Rows = 3
	}
	return f
}

func (s *Server) answersForm(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.showAnswers(w, r, actor, "", http.StatusOK)
}

func (s *Server) showAnswers(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, problem string, status int) {
	v, ok := s.viewCase(w, r, actor)
	if !ok {
		return
	}
	if !v.Can[string(kscheck.PermEdit)] {
		s.fail(w, r, kscheck.Errorf(kscheck.EForbidden, "the answers of this check can be changed only by its initiator while it is a draft, in the supplementary questionnaire, or postponed"))
		return
	}
	p, err := s.svc.ProcedureOf(v.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "case.flowchart")
	data := answersData{Case: v.Case, Procedure: p, Evaluation: p.Evaluate(v.Case.Answers), Doubt: v.Case.InDoubt}
	qs, step, steps := questionsFor(p, v.Case)
	data.Step, data.Steps = step, steps
	for _, q := range qs {
		data.Fields = append(data.Fields, answerField{Field: s.fieldFor(d.L.Lang(), q, v.Case.Answers[q.ID], d.L.T), Multiple: multiple(q)})
	}
	if len(qs) > 0 && qs[0].Section() != nil {
		data.Section = qs[0].Section().Title.In(d.L.Lang())
	}
	d.Error, d.Data = problem, data
	s.render(w, r, status, "answers.html", d)
}

// answersSave stores the answers on the form and shows the next questions,
// or the case page once the flowchart is complete.
func (s *Server) answersSave(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	c, err := s.svc.VisibleCase(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.ProcedureOf(c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answers := map[string]any{}
	qs, _, _ := questionsFor(p, c)
	for _, q := range qs {
		vals := r.PostForm[q.ID]
		switch {
		case multiple(q) && slices.Contains(r.PostForm["shown"], q.ID):
			// A group of checkboxes on the page: none ticked means none.
			// (never nil, which would be stored as no answer at all).
			answers[q.ID] = slices.DeleteFunc(append([]string{}, vals...), func(v string) bool { return v == "" })
		case len(vals) == 0 || (len(vals) == 1 && vals[0] == ""):
			continue
		default:
			answers[q.ID] = vals[0]
		}
	}
	c, err = s.svc.SaveAnswers(r.Context(), actor, id, postedVersion(r), answers, r.PostForm.Get("in_doubt") == "yes")
	if err != nil {
		if code := kscheck.ErrorCode(err); code == kscheck.EInvalid || code == kscheck.EConflict {
			s.showAnswers(w, r, actor, s.errorText(s.page(r, "").L, err), statusOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	// "Save" goes back to the case; "Continue" to the next section until
	// the path is complete (or, in the supplementary questionnaire, after
	// its one page).
	if r.PostForm.Get("continue") == "" || p.Evaluate(c.Answers).Complete {
		http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"/answers", http.StatusSeeOther)
}

// multiple reports whether q takes any number of answers.
func multiple(q *procedure.Question) bool {
	return q.Type == procedure.Multiple || (q.Type == procedure.Vocabulary && q.Multiple)
}

// messageKind reads the kind of a posted message; unknown kinds are
// rejected by the service.
func messageKind(k string) kscheck.MessageKind { return kscheck.MessageKind(k) }
