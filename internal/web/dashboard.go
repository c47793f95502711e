package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/chart"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// dashboardMonths is how many months the monthly charts cover.
const dashboardMonths = 12

type dashboardSection struct {
	ID, Heading string
	Chart       template.HTML
	Empty       bool       // no data: the page says so instead of an empty chart
	Late        []lateLine // lead times: how many were decided after their deadline
}

// lateLine is one row of the lead-time table.
type lateLine struct {
	Month, Deadline string
	Cases, Late     int
	AvgDays         float64
}

// dashboard shows the Desk, the Committee and the auditor charts of the
// cases they may see: open cases by status, verdicts per month, lead times
// against the deadlines, and cases by kind of activity and by faculty.
// Nothing is ever broken down by person.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	months := dashboardRange(s.svc.Now())
	stats, err := s.svc.Dashboard(r.Context(), actor, months)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "dashboard.title")
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Data = dashboardCharts(d.L, stats, months, units)
	s.render(w, r, http.StatusOK, "dashboard.html", d)
}

// dashboardCharts draws the dashboard's charts in L's language.
func dashboardCharts(L *i18n.Localizer, st *kscheck.DashboardStats, months []time.Time, units []*kscheck.Unit) []dashboardSection {
	table := L.T("dashboard.data_table")
	count := L.T("dashboard.count")
	points := func(cs []kscheck.Count, label func(string) string) []chart.Point {
		out := make([]chart.Point, len(cs))
		for i, c := range cs {
			out[i] = chart.Point{Label: label(c.Key), Value: float64(c.N)}
		}
		return out
	}
	var out []dashboardSection
	add := func(id, heading string, c template.HTML, n int) {
		out = append(out, dashboardSection{ID: id, Heading: heading, Chart: c, Empty: n == 0})
	}

	add("open", L.T("dashboard.open_by_state"), chart.Bars(chart.Chart{
		Title: L.T("dashboard.open_by_state"), Desc: L.T("dashboard.open_by_state_desc"), TableLabel: table,
		CategoryHeader: L.T("case.state"), ValueHeader: count,
	}, points(st.OpenByState, func(k string) string { return L.E(kscheck.State(k)) })), len(st.OpenByState))

	labels := make([]string, dashboardMonths)
	for i := range labels {
		labels[i] = L.Month(months[i])
	}
	var series []chart.Series
	for _, v := range kscheck.Verdicts {
		sr := chart.Series{Name: L.T("dashboard.verdict_" + string(v)), Values: make([]float64, dashboardMonths)}
		for _, m := range st.Outcomes {
			if m.Key == string(v) && m.Month >= 0 && m.Month < dashboardMonths {
				sr.Values[m.Month] += float64(m.N)
			}
		}
		series = append(series, sr)
	}
	add("outcomes", L.T("dashboard.outcomes"), chart.Stacked(chart.Chart{
		Title: L.T("dashboard.outcomes"), Desc: L.T("dashboard.outcomes_desc"), TableLabel: table,
		CategoryHeader: L.T("dashboard.month"), TotalHeader: L.T("dashboard.total"),
	}, labels, series), len(st.Outcomes))

	var leads []chart.LeadTime
	var late []lateLine
	for _, l := range st.LeadTimes {
		deadline, weeks := 28.0, 4
		if l.External {
			deadline, weeks = 42, 6
		}
		leads = append(leads, chart.LeadTime{Label: L.T("dashboard.lead_label", L.Month(months[l.Month]), weeks), Days: l.AvgDays, Deadline: deadline})
		late = append(late, lateLine{Month: L.Month(months[l.Month]), Deadline: L.T("dashboard.weeks", weeks), Cases: l.Cases, Late: l.Over, AvgDays: l.AvgDays})
	}
	add("lead", L.T("dashboard.lead_time"), chart.LeadTimes(chart.Chart{
		Title: L.T("dashboard.lead_time"), Desc: L.T("dashboard.lead_time_desc"), TableLabel: table,
		CategoryHeader: L.T("dashboard.month"), ValueHeader: L.T("dashboard.lead_time_days"),
	}, leads, []chart.Deadline{{Days: 28, Label: L.T("dashboard.deadline_4w")}, {Days: 42, Label: L.T("dashboard.deadline_6w")}}, L.T("dashboard.past_deadline")), len(leads))
	out[len(out)-1].Late = late

	add("kind", L.T("dashboard.by_kind"), chart.Bars(chart.Chart{
		Title: L.T("dashboard.by_kind"), Desc: L.T("dashboard.by_kind_desc"), TableLabel: table,
		CategoryHeader: L.T("case.kind"), ValueHeader: count,
	}, points(st.ByKind, func(k string) string { return L.E(kscheck.Kind(k)) })), len(st.ByKind))

	add("faculty", L.T("dashboard.by_faculty"), chart.Bars(chart.Chart{
		Title: L.T("dashboard.by_faculty"), Desc: L.T("dashboard.by_faculty_desc"), TableLabel: table,
		CategoryHeader: L.T("dashboard.faculty"), ValueHeader: count,
	}, byFaculty(L, st.ByUnitPath, units)), len(st.ByUnitPath))
	return out
}

// byFaculty folds counts per unit path into counts per faculty (the
// second level of the tree; cases of the university itself stay with it),
// named in L's language, in the order of the units.
func byFaculty(L *i18n.Localizer, cs []kscheck.Count, units []*kscheck.Unit) []chart.Point {
	n := map[string]int{}
	for _, c := range cs {
		path := strings.Split(strings.Trim(c.Key, "/"), "/")
		n[path[min(1, len(path)-1)]] += c.N
	}
	var out []chart.Point
	for _, u := range units {
		if n[u.Code] == 0 {
			continue
		}
		out = append(out, chart.Point{Label: u.NameIn(L.Lang()), Value: float64(n[u.Code])})
	}
	return out
}

// dashboardFigure is one figure of the dashboard's tables, for exports.
type dashboardFigure struct {
	table, category, series string
	value                   float64
}

// dashboardFigures lists every figure the dashboard's data tables show,
// in L's language: the same counts as the charts, one row each.
func dashboardFigures(L *i18n.Localizer, st *kscheck.DashboardStats, months []time.Time, units []*kscheck.Unit) []dashboardFigure {
	var out []dashboardFigure
	counts := func(table string, cs []kscheck.Count, label func(string) string) {
		for _, c := range cs {
			out = append(out, dashboardFigure{table: table, category: label(c.Key), value: float64(c.N)})
		}
	}
	counts(L.T("dashboard.open_by_state"), st.OpenByState, func(k string) string { return L.E(kscheck.State(k)) })
	for _, m := range st.Outcomes {
		if m.Month >= 0 && m.Month < len(months)-1 {
			out = append(out, dashboardFigure{table: L.T("dashboard.outcomes"), category: L.Month(months[m.Month]),
				series: L.T("dashboard.verdict_" + m.Key), value: float64(m.N)})
		}
	}
	for _, l := range st.LeadTimes {
		weeks := 4
		if l.External {
			weeks = 6
		}
		month, deadline := L.Month(months[l.Month]), L.T("dashboard.weeks", weeks)
		table := L.T("dashboard.lead_time")
		out = append(out,
			dashboardFigure{table: table, category: month, series: deadline + ": " + L.T("dashboard.lead_time_days"), value: l.AvgDays},
			dashboardFigure{table: table, category: month, series: deadline + ": " + L.T("export.decided"), value: float64(l.Cases)},
			dashboardFigure{table: table, category: month, series: deadline + ": " + L.T("dashboard.past_deadline"), value: float64(l.Over)})
	}
	counts(L.T("dashboard.by_kind"), st.ByKind, func(k string) string { return L.E(kscheck.Kind(k)) })
	for _, p := range byFaculty(L, st.ByUnitPath, units) {
		out = append(out, dashboardFigure{table: L.T("dashboard.by_faculty"), category: p.Label, value: p.Value})
	}
	return out
}
