package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// measureStatuses are the follow-up statuses in the order a form offers them.
var measureStatuses = []kscheck.MeasureStatus{kscheck.MeasureOpen, kscheck.MeasureInProgress, kscheck.MeasureDone, kscheck.MeasureNotDone}

func init() {
	funcs["measureStatuses"] = func() []kscheck.MeasureStatus { return measureStatuses }
}

// measurePropose records the mitigation measures ticked from the
// procedure's catalogue and one in the initiator's own words.
func (s *Server) measurePropose(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	due, err := parseDate(strings.TrimSpace(r.PostForm.Get("due_on")))
	if err != nil {
		s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "the due date of the measure is not a real date"))
		return
	}
	var ms []service.MeasureInput
	for _, code := range r.PostForm["code"] {
		text := s.mitigationText(id, actor, r, code)
		if text == code {
			s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "%q is not a measure of this check's catalogue", code))
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

// measureFollowUp records the follow-up of a measure the Committee imposed.
func (s *Server) measureFollowUp(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, ok := s.postedCase(w, r)
	if !ok {
		return
	}
	mid, err := strconv.ParseInt(r.PathValue("measure"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a measure number", r.PathValue("measure")))
		return
	}
	note := strings.TrimSpace(r.PostForm.Get("note"))
	if len(note) > 5000 {
		s.failOnCase(w, r, actor, id, kscheck.Errorf(kscheck.EInvalid, "the follow-up note must be 5,000 characters or fewer"))
		return
	}
	if err := s.svc.FollowUpMeasure(r.Context(), actor, id, postedVersion(r), mid, kscheck.MeasureStatus(r.PostForm.Get("status")), note); err != nil {
		s.failOnCase(w, r, actor, id, err)
		return
	}
	http.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10)+"?done=saved#measure-"+strconv.FormatInt(mid, 10), http.StatusSeeOther)
}
