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
	Page       string // the section's id, posted back with the answers
	Fields     []answerField
	Given      []givenAnswer
	Evaluation procedure.Evaluation
	// Review is the page of a complete flowchart: the outcome, the doubt,
	// and the sections to revise.
	Review   bool
	Sections []sectionLink
	// AskDoubt asks whether doubt remains, once: on the review page, when
	// the procedure has no question of its own for it.
	AskDoubt bool
	Doubt    bool
}

// answerField is a question's form control; Multiple questions are a group
// of checkboxes, where ticking none is an answer too ("none of these").
type answerField struct {
	templates.Field
	Multiple bool
}

// givenAnswer is a question the check's own data answers: shown as given,
// with where to change it, never as a second input.
type givenAnswer struct {
	Question, Answer, Href string
}

// sectionLink is a section of a complete flowchart, to answer again.
type sectionLink struct {
	ID, Title string
}

// supplementaryPage is the page id of the supplementary questionnaire.
const supplementaryPage = "supplementary"

// answersPage is what the flowchart's page for a check shows.
type answersPage struct {
	questions   []*procedure.Question
	section     *procedure.Section // nil on the supplementary and review pages
	id          string             // the section's id, or supplementaryPage
	step, steps int
}

// pageFor returns the page of the flowchart to show: the section asked for
// (a complete flowchart is revised section by section), else the section
// of the first open question on the path, then the supplementary
// questionnaire while a required question of it is blank, and once
// everything is answered the review.
func pageFor(p *procedure.Procedure, c *kscheck.Case, asked string) answersPage {
	ev := p.Evaluate(c.Answers)
	pg := answersPage{steps: len(p.Sections) + 1}
	// The questionnaire is answered once the initiator started it (in
	// a draft the case page offers that step), or again when postponed.
	supplementary := c.State == kscheck.StateSupplementary || (ev.Supplementary && c.State != kscheck.StateDraft)
	if asked == supplementaryPage && supplementary {
		return supplementaryQuestions(p, c, pg)
	}
	for i, sec := range p.Sections {
		if sec.ID == asked && (ev.Complete || p.Question(ev.Missing).Section() != sec) {
			if qs := onPath(p, c.Answers, sec); len(qs) > 0 {
				pg.questions, pg.section, pg.id, pg.step = qs, sec, sec.ID, i+1
				return pg
			}
		}
	}
	if ev.Missing != "" {
		sec := p.Question(ev.Missing).Section()
		for i, s := range p.Sections {
			if s == sec {
				pg.step = i + 1
			}
		}
		pg.questions, pg.section, pg.id = shown(p, sec.Questions, c.Answers), sec, sec.ID
		return pg
	}
	if supplementary && len(p.Unanswered(c.Answers)) > 0 {
		return supplementaryQuestions(p, c, pg)
	}
	pg.step = pg.steps
	return pg
}

// supplementaryQuestions fills pg with the supplementary questionnaire,
// asked on one page.
func supplementaryQuestions(p *procedure.Procedure, c *kscheck.Case, pg answersPage) answersPage {
	pg.questions, pg.id, pg.step = shown(p, p.SupplementaryQuestions(), c.Answers), supplementaryPage, pg.steps
	return pg
}

// onPath returns the questions of sec the answers' path goes through.
func onPath(p *procedure.Procedure, answers map[string]any, sec *procedure.Section) []*procedure.Question {
	var out []*procedure.Question
	for _, q := range p.Visible(answers) {
		if q.Section() == sec {
			out = append(out, q)
		}
	}
	return out
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

// givenHref is where the check's data a question is answered from is
// changed.
func givenHref(c *kscheck.Case, f procedure.CaseField) string {
	base := "/cases/" + strconv.FormatInt(c.ID, 10)
	if f == procedure.FieldPartnerCountry {
		return base + "/partners/new"
	}
	return base + "/edit"
}

// given returns, in lang, the answer the check's own data gives to q, and
// whether it gives one.
func given(p *procedure.Procedure, c *kscheck.Case, q *procedure.Question, lang string) (string, bool) {
	if q.AnsweredFrom == "" {
		return "", false
	}
	return p.AnswerOf(q.ID, c.Answers[q.ID], lang)
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
		s.fail(w, r, kscheck.Errorf(kscheck.EForbidden, "the answers of this check can be changed only by its initiator while it is a draft, in the supplementary questionnaire, or postponed").Translated("err.case.answers_who"))
		return
	}
	p, err := s.svc.ProcedureOf(v.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "case.flowchart")
	lang := d.L.Lang()
	ev := p.Evaluate(v.Case.Answers)
	pg := pageFor(p, v.Case, r.FormValue("section"))
	data := answersData{Case: v.Case, Procedure: p, Evaluation: ev, Doubt: v.Case.InDoubt, Step: pg.step, Steps: pg.steps, Page: pg.id}
	for _, q := range pg.questions {
		if text, ok := given(p, v.Case, q, lang); ok {
			data.Given = append(data.Given, givenAnswer{Question: q.Text.In(lang), Answer: text, Href: givenHref(v.Case, q.AnsweredFrom)})
			continue
		}
		data.Fields = append(data.Fields, answerField{Field: s.fieldFor(lang, q, v.Case.Answers[q.ID], d.L.T), Multiple: multiple(q)})
	}
	switch {
	case pg.section != nil:
		data.Section = pg.section.Title.In(lang)
	case pg.id == supplementaryPage:
		data.Section = d.L.T("case.questionnaire")
	default:
		data.Review, data.AskDoubt = true, p.DoubtQuestion() == nil
		data.Section = d.L.T("flow.review")
		for _, sec := range p.Sections {
			if len(onPath(p, v.Case.Answers, sec)) > 0 {
				data.Sections = append(data.Sections, sectionLink{sec.ID, sec.Title.In(lang)})
			}
		}
		if pageFor(p, v.Case, supplementaryPage).id == supplementaryPage {
			data.Sections = append(data.Sections, sectionLink{supplementaryPage, d.L.T("case.questionnaire")})
		}
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
	pg := pageFor(p, c, r.PostForm.Get("section"))
	for _, q := range pg.questions {
		if _, ok := given(p, c, q, ""); ok {
			continue
		}
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
	// The doubt is asked on the review page only, and only when the
	// procedure has no question for it (the service then takes the
	// answer); elsewhere it stays as it was.
	inDoubt := c.InDoubt
	if pg.questions == nil && p.DoubtQuestion() == nil {
		inDoubt = r.PostForm.Get("in_doubt") == "yes"
	}
	if _, err := s.svc.SaveAnswers(r.Context(), actor, id, postedVersion(r), answers, inDoubt); err != nil {
		if code := kscheck.ErrorCode(err); code == kscheck.EInvalid || code == kscheck.EConflict {
			s.showAnswers(w, r, actor, s.errorText(s.page(r, "").L, err), statusOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	// "Save" goes back to the case, as does the review page; "Continue"
	// to the next open page: the next section, the supplementary
	// questionnaire, and at last the review.
	if r.PostForm.Get("continue") == "" || pg.questions == nil {
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
