package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/service"
)

// answerLine is one flowchart answer as the dossier prints it.
type answerLine struct {
	Question, Answer string
}

type dossierData struct {
	*service.DossierView
	Procedure  *procedure.Procedure
	Evaluation procedure.Evaluation
	Answers    []answerLine
	Partner    map[int64]string // partner names by id, for the screening evidence
	Precedents map[int64]service.Precedent
	Aspects    []string
	Checklist  []string
	Verdicts   []kscheck.Verdict
	Mitigation []procedure.Mitigation
	OwnRows    []int // rows for measures in own words on the verdict form
	Acting     map[string]bool
}

// dossierPage shows everything the Committee needs on one printable page,
// with the Desk's and the Committee's forms beside it (hidden in print).
func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.showDossier(w, r, actor, http.StatusOK, nil)
}

// showDossier renders the dossier, with err on top when an action on it
// failed in a way the person can fix.
func (s *Server) showDossier(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, failed error) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.Dossier(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	precedents, err := s.svc.Precedents(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "")
	lang := d.L.Lang()
	v.Measures = s.measuresIn(lang, v.Case, v.Measures)
	data := dossierData{DossierView: v, Precedents: precedents, Checklist: service.IntakeChecklist, Verdicts: kscheck.Verdicts, OwnRows: []int{1, 2, 3}, Acting: map[string]bool{}}
	data.Partner = map[int64]string{}
	for _, p := range v.Partners {
		data.Partner[p.ID] = p.Name
	}
	for _, a := range v.Allowed {
		data.Acting[string(a)] = true
	}
	if p, err := s.svc.ProcedureOf(v.Case); err == nil {
		data.Procedure, data.Evaluation, data.Mitigation = p, p.Evaluate(v.Case.Answers), p.Mitigations
		for _, st := range data.Evaluation.Trail {
			q := p.Question(st.Question)
			text := st.Question
			if q != nil {
				text = q.Text.In(lang)
			}
			data.Answers = append(data.Answers, answerLine{Question: text, Answer: p.AnswerText(st.Question, st.Outcome, st.Answer, lang)})
		}
		for _, a := range data.Evaluation.Aspects {
			data.Aspects = append(data.Aspects, procedure.AspectTitle(a.Aspect, lang))
		}
	}
	d.Title = d.L.T("case.dossier") + ": KS-" + strconv.FormatInt(id, 10)
	d.Data = data
	if failed != nil {
		d.Error = s.changeErrorText(d.L, failed)
	}
	s.render(w, r, status, "dossier.html", d)
}

// failOnDossier shows the dossier again with the error on top when it is
// the person's to fix; other errors get the error page.
func (s *Server) failOnDossier(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, err error) {
	switch kscheck.ErrorCode(err) {
	case kscheck.EInvalid, kscheck.EConflict, kscheck.EForbidden:
		s.showDossier(w, r, actor, statusOf(err), err)
	default:
		s.fail(w, r, err)
	}
}

// backToDossier sends the person to the dossier after a change.
func backToDossier(w http.ResponseWriter, r *http.Request, id int64, done, anchor string) {
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"/dossier?done="+done+anchor, http.StatusSeeOther)
}

// intakeAccept accepts a submission once the Desk ticked the whole
// completeness checklist.
func (s *Server) intakeAccept(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	if _, err := s.svc.AcceptIntake(r.Context(), actor, id, postedVersion(r), r.PostForm["check"]); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, string(kscheck.ActAcceptIntake), "")
}

// hitResolve confirms or dismisses a screening candidate with a reason.
func (s *Server) hitResolve(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	hit, err := strconv.ParseInt(r.PathValue("hit"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a screening candidate", r.PathValue("hit")).Translated("err.screening.not_candidate"))
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "confirm" && decision != "dismiss" {
		s.failOnDossier(w, r, actor, kscheck.Errorf(kscheck.EInvalid, "choose whether the candidate is the partner (confirm) or not (dismiss)").Translated("err.screening.choose"))
		return
	}
	if err := s.svc.ResolveHit(r.Context(), actor, id, postedVersion(r), hit, decision == "confirm", r.PostForm.Get("reason")); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, "saved", "#screening")
}

// strayDueDate refuses a due date typed beside a catalogue measure that is
// not ticked, or beside an empty row of own words: it would otherwise be
// dropped without a word.
func strayDueDate(form url.Values) error {
	for key, vals := range form {
		code, ok := strings.CutPrefix(key, "due_")
		if ok && strings.TrimSpace(strings.Join(vals, "")) != "" && !slices.Contains(form["measure_code"], code) {
			return kscheck.Errorf(kscheck.EInvalid, "a due date is filled in beside a measure that is not ticked: tick the measure, or clear its date").Translated("ux.err.due_unticked")
		}
		row, ok := strings.CutPrefix(key, "own_due_")
		if ok && strings.TrimSpace(strings.Join(vals, "")) != "" && strings.TrimSpace(form.Get("own_text_"+row)) == "" {
			return kscheck.Errorf(kscheck.EInvalid, "a due date is filled in beside an empty measure in own words: describe the measure, or clear its date").Translated("ux.err.due_no_text")
		}
	}
	return nil
}

// verdictRecord records the chair's binding verdict with its reasons and
// measures: chosen from the procedure's catalogue or in own words, each
// with an optional due date.
func (s *Server) verdictRecord(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	in := service.ActInput{Verdict: kscheck.Verdict(r.PostForm.Get("verdict")), Text: r.PostForm.Get("text"), Confirmed: r.PostForm.Get("confirm") == "yes"}
	for _, p := range r.PostForm["participant"] {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			s.failOnDossier(w, r, actor, kscheck.Errorf(kscheck.EInvalid, "%q is not a member of the Committee", p).Translated("err.committee.not_member"))
			return
		}
		in.Participants = append(in.Participants, id)
	}
	due := func(field string) (*time.Time, error) {
		t, err := parseDate(r.PostForm.Get(field))
		if err != nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "the due date %q is not a date like 2026-12-31", r.PostForm.Get(field)).Translated("err.measure.due_format")
		}
		return t, nil
	}
	if err := strayDueDate(r.PostForm); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	for _, code := range r.PostForm["measure_code"] {
		on, err := due("due_" + code)
		if err != nil {
			s.failOnDossier(w, r, actor, err)
			return
		}
		in.Measures = append(in.Measures, service.MeasureInput{Code: code, Text: s.mitigationText(id, actor, r, code), DueOn: on})
	}
	for _, row := range []string{"1", "2", "3"} {
		on, err := due("own_due_" + row)
		if err != nil {
			s.failOnDossier(w, r, actor, err)
			return
		}
		in.Measures = append(in.Measures, service.MeasureInput{Text: r.PostForm.Get("own_text_" + row), DueOn: on})
	}
	if _, err := s.svc.Act(r.Context(), actor, id, postedVersion(r), kscheck.ActVerdict, in); err != nil {
		s.failOnDossier(w, r, actor, err)
		return
	}
	backToDossier(w, r, id, string(kscheck.ActVerdict), "")
}
