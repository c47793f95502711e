package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/letter"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
)

// verdictLetter sends the Committee's verdict letter as a PDF in the
// viewer's language, to anyone who may see the case, once there is a
// verdict. Reading the case for it is audited like any other read.
func (s *Server) verdictLetter(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	v, ok := s.viewCase(w, r, actor)
	if !ok {
		return
	}
	if v.Case.Verdict == "" || v.Case.VerdictAt == nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "check KS-%d has no verdict yet, so there is no verdict letter", v.Case.ID).Translated("err.case.no_letter"))
		return
	}
	L := s.page(r, "").L
	data, err := s.letterData(r.Context(), L, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := letter.PDF(L, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="KS-`+strconv.FormatInt(v.Case.ID, 10)+`-verdict.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}

// letterData gathers what the letter says from the case as the viewer
// sees it.
func (s *Server) letterData(ctx context.Context, L *i18n.Localizer, v *service.CaseView) (letter.Data, error) {
	c := v.Case
	unitName := func(code string) (string, error) {
		u, err := s.svc.Unit(ctx, code)
		if err != nil {
			return "", err
		}
		return u.NameIn(L.Lang()), nil
	}
	institution, err := unitName(c.UnitPath[0])
	if err != nil {
		return letter.Data{}, err
	}
	unit, err := unitName(c.UnitCode)
	if err != nil {
		return letter.Data{}, err
	}
	d := letter.Data{
		Institution: institution, Reference: "KS-" + strconv.FormatInt(c.ID, 10), Title: c.Title, Unit: unit,
		Initiator: v.Initiator.Name, Verdict: c.Verdict, Reasons: c.VerdictText, Date: *c.VerdictAt,
	}
	for _, p := range v.Partners {
		name := p.Name
		if p.Country != "" {
			name += " (" + p.Country + ")"
		}
		d.Partners = append(d.Partners, name)
	}
	d.Screening = screeningCoverage(L, v)
	for _, m := range s.measuresIn(L.Lang(), c, v.Measures) {
		if m.Imposed {
			d.Measures = append(d.Measures, letter.Measure{Text: m.Text, Due: m.DueOn})
		}
	}
	if c.Verdict == kscheck.VerdictWithMitigation {
		d.ReassessOn = service.ReassessmentDate(c, v.Measures)
	}
	if p := v.Contact; p != nil {
		d.Contact = p.Name + " <" + p.Email + ">"
	}
	// The trail names who acted: the chair who recorded the verdict, and
	// the director who co-submitted the check (the latest of each).
	for _, e := range v.History {
		switch kscheck.Action(e.Action) {
		case kscheck.ActVerdict:
			d.Chair = e.ActorName
		case kscheck.ActSubmitToDesk:
			d.Director = e.ActorName
		}
	}
	return d, nil
}

// screeningCoverage says in the letter which lists the latest screening
// of the partners covered, with their dates, and what it did not cover.
func screeningCoverage(L *i18n.Localizer, v *service.CaseView) string {
	var latest *screening.Run
	for _, r := range v.Screenings {
		if latest == nil || r.At.After(latest.At) {
			latest = &r
		}
	}
	if latest == nil {
		return ""
	}
	c := coverageOf(latest)
	text := L.T("letter.coverage", coverageLists(L, c))
	if len(c.Gaps) > 0 {
		gaps := make([]string, len(c.Gaps))
		for i, g := range c.Gaps {
			gaps[i] = gapText(L, g)
		}
		text += "\n" + L.T("letter.coverage_gaps", strings.Join(gaps, " "))
	}
	return text
}
