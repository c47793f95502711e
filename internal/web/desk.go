package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web/templates"
)

// queueStates are the states a case waits in at the Desk or the
// Committee, the ones the queue offers as a filter.
var queueStates = []kscheck.State{kscheck.StateSubmitted, kscheck.StateIntake, kscheck.StateDeskReview, kscheck.StateCommittee}

type deskData struct {
	Filters  caseFilters
	Cases    []service.QueueLine
	Alerts   []screening.Alert
	Coverage screening.Coverage       // what a screening run now covers and misses
	Measures []kscheck.OverdueMeasure // imposed measures past their due date
}

// isDesk reports whether the actor works at the Advice Desk.
func isDesk(a kscheck.Actor) bool {
	return a.HasAnywhere(kscheck.RoleDeskCoordinator) || a.HasAnywhere(kscheck.RoleDeskAdviser)
}

// deskQueue shows the Advice Desk's queue: checks submitted to it and in
// review, those without a running deadline first and then by deadline,
// with the re-screening alerts on top.
func (s *Server) deskQueue(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	alerts, err := s.svc.Alerts(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	coverage, err := s.svc.ListCoverage(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	measures, err := s.svc.OverdueMeasures(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cf, f := s.readFilters(r, "/desk", queueStates)
	cf.MineOffered, cf.Mine = true, r.URL.Query().Get("mine") == "1"
	if cf.Mine {
		f.Assignee = actor.Person.ID
	}
	cases, total, err := s.svc.DeskQueue(r.Context(), actor, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cf.counted(total)
	d := s.page(r, "desk.queue")
	for i, om := range measures {
		if p, err := s.svc.Procedures.Get(om.ProcedureID, om.ProcedureVersion); err == nil {
			measures[i].Measure = measureIn(d.L.Lang(), p, om.Measure)
		}
	}
	d.Data = deskData{Filters: cf, Cases: cases, Alerts: alerts, Coverage: coverage, Measures: measures}
	s.render(w, r, http.StatusOK, "desk.html", d)
}

// alertAcknowledge marks a re-screening alert as seen.
func (s *Server) alertAcknowledge(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := strconv.ParseInt(r.PathValue("alert"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not an alert number", r.PathValue("alert")).Translated("err.desk.not_alert_number"))
		return
	}
	if err := s.svc.AcknowledgeAlert(r.Context(), actor, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/desk?done=saved", http.StatusSeeOther)
}

// deskNav lists the pages of the Advice Desk, the Committee and the
// auditor that the actor's roles lead to.
func deskNav(l *i18n.Localizer, a kscheck.Actor) []templates.NavItem {
	var items []templates.NavItem
	add := func(href, key string) { items = append(items, templates.NavItem{Href: href, Label: l.T(key)}) }
	committee := a.HasAnywhere(kscheck.RoleCommitteeChair) || a.HasAnywhere(kscheck.RoleCommitteeMember)
	auditor := a.HasAnywhere(kscheck.RoleAuditor)
	if isDesk(a) {
		add("/desk", "nav.desk_queue")
	}
	if isDesk(a) && !a.HasAnywhere(kscheck.RoleAdmin) {
		add("/admin/lists", "nav.lists") // administrators reach it from their menu
	}
	if committee {
		add("/committee", "nav.agenda")
	}
	if isDesk(a) || committee || auditor {
		add("/dashboard", "nav.dashboard")
	}
	if auditor {
		add("/register", "nav.register")
	}
	if auditor || a.HasAnywhere(kscheck.RoleAdmin) {
		add("/audit", "nav.audit")
	}
	return items
}

// uploadBodyBytes bounds an upload request: the largest document plus
// room for the form around it.
const uploadBodyBytes = 11 << 20

// isUpload reports whether r posts a document, which may be larger than
// other request bodies.
func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/cases/") &&
		(strings.HasSuffix(r.URL.Path, "/attachments") || strings.HasSuffix(r.URL.Path, "/report"))
}
