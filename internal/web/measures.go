package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// measurePropose records the mitigation measures ticked from the
// procedure's catalogue and one in the initiator's own words.
func (s *Server) measurePropose(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	due, err := parseDate(strings.TrimSpace(r.PostForm.Get("due_on")))
	if err != nil {
		s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "the due date of the measure is not a real date").Translated("err.measure.due_date"))
		return
	}
	var ms []service.MeasureInput
	for _, code := range r.PostForm["code"] {
		text := s.mitigationText(id, actor, r, code)
		if text == code {
			s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "%q is not a measure of this check's catalogue", code).Translated("err.measure.not_in_catalogue"))
			return
		}
		ms = append(ms, service.MeasureInput{Code: code, Text: text, DueOn: due})
	}
	if t := strings.TrimSpace(r.PostForm.Get("text")); t != "" {
		ms = append(ms, service.MeasureInput{Text: t, DueOn: due})
	}
	if err := s.svc.ProposeMeasures(r.Context(), actor, id, postedVersion(r), ms); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#measures", http.StatusSeeOther)
}

// measureID reads the {measure} path value.
func measureID(r *http.Request) (int64, error) {
	mid, err := strconv.ParseInt(r.PathValue("measure"), 10, 64)
	if err != nil {
		return 0, kscheck.Errorf(kscheck.ENotFound, "%q is not a measure number", r.PathValue("measure")).Translated("err.measure.not_number")
	}
	return mid, nil
}

// backToMeasure sends the person to a measure on the case page.
func backToMeasure(w http.ResponseWriter, r *http.Request, id, mid int64) {
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#measure-"+strconv.FormatInt(mid, 10), http.StatusSeeOther)
}

// measureReport records the initiator's report that a measure was carried
// out, with the evidence as text and optionally a document.
func (s *Server) measureReport(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mid, err := measureID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, err := postedFile(r, true)
	if err == nil {
		err = s.svc.ReportMeasure(r.Context(), actor, id, postedVersion(r), mid, service.Evidence{Text: r.PostForm.Get("evidence"), FileName: name, File: data})
	}
	if err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	backToMeasure(w, r, id, mid)
}

// measureReview records the Advice Desk's acceptance of a reported
// measure, or sends the report back with a note.
func (s *Server) measureReview(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	mid, err := measureID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "accept" && decision != "send_back" {
		s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "choose whether to accept the report or send it back").Translated("err.measure.choose_review"))
		return
	}
	if err := s.svc.ReviewMeasure(r.Context(), actor, id, postedVersion(r), mid, decision == "accept", r.PostForm.Get("note")); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	backToMeasure(w, r, id, mid)
}
