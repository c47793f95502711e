package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
	"github.com/kscheck/kscheck/internal/procedure/render"
)

// procedureSummary is one version on the list of procedures.
type procedureSummary struct {
	P       *procedure.Procedure
	Retired bool
}

type proceduresData struct {
	Procedures []procedureSummary
	CanManage  bool
}

// proceduresList shows every procedure version the installation knows,
// so everyone can see which flowchart applies where and when.
func (s *Server) proceduresList(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	d := s.page(r, "procedure.list_title")
	data := proceduresData{CanManage: actor.HasAnywhere(kscheck.RoleAdmin)}
	for _, p := range sortedProcedures(s.svc.Procedures.Procedures()) {
		data.Procedures = append(data.Procedures, procedureSummary{P: p, Retired: s.svc.Procedures.Retired(p.Ref())})
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "procedures.html", d)
}

// sortedProcedures orders versions by id, then start date.
func sortedProcedures(ps []*procedure.Procedure) []*procedure.Procedure {
	slices.SortStableFunc(ps, func(a, b *procedure.Procedure) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.AppliesTo.From, b.AppliesTo.From)
	})
	return ps
}

type procedurePageData struct {
	P        *procedure.Procedure
	Retired  bool
	Uploaded bool // an upload not yet active, shown to an administrator
	Versions []procedureSummary
	Outline  []outlineSection
}

// procedurePage shows one procedure ("id" for the latest version, or
// "id@version"): its validity, the flowchart as a picture, and the same
// flowchart written out as text for screen readers and for reading.
func (s *Server) procedurePage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	p, uploaded, err := s.procedureOf(r, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "")
	d.Title = p.Title.In(d.L.Lang())
	data := procedurePageData{P: p, Retired: s.svc.Procedures.Retired(p.Ref()), Uploaded: uploaded, Outline: outline(p, d.L)}
	for _, v := range sortedProcedures(s.svc.Procedures.Procedures()) {
		if v.ID == p.ID {
			data.Versions = append(data.Versions, procedureSummary{P: v, Retired: s.svc.Procedures.Retired(v.Ref())})
		}
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "procedure.html", d)
}

// procedureOf returns the procedure named by the {ref} path value: a
// version in the live set, or, for administrators, an upload not yet
// active (uploaded is then true), to read before activating it.
func (s *Server) procedureOf(r *http.Request, actor kscheck.Actor) (p *procedure.Procedure, uploaded bool, err error) {
	ref := r.PathValue("ref")
	p, err = s.svc.Procedures.GetRef(ref)
	if kscheck.ErrorCode(err) != kscheck.ENotFound || !actor.HasAnywhere(kscheck.RoleAdmin) || !strings.Contains(ref, "@") {
		return p, false, err
	}
	if up, uerr := s.svc.UploadedProcedure(r.Context(), actor, ref); uerr == nil {
		return up, true, nil
	}
	return nil, false, err
}

// procedureDiagram serves the flowchart of a procedure as SVG, in the
// person's language. It is served as an image, so that the page's strict
// content security policy needs no exception.
func (s *Server) procedureDiagram(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	p, _, err := s.procedureOf(r, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.diagram(w, r, p, nil)
}

// caseDiagram serves the flowchart of a check's procedure with the path of
// its answers highlighted, to those who may see the check.
func (s *Server) caseDiagram(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	v, ok := s.viewCase(w, r, actor)
	if !ok {
		return
	}
	p, err := s.svc.ProcedureOf(v.Case)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ev := p.Evaluate(v.Case.Answers)
	s.diagram(w, r, p, &ev)
}

func (s *Server) diagram(w http.ResponseWriter, r *http.Request, p *procedure.Procedure, ev *procedure.Evaluation) {
	svg, err := render.SVG(p, ev, s.page(r, "").L.Lang())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(svg)
}
