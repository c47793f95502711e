// Package report writes the annual report that a knowledge security office
// gives its board: what was checked, how it ended, how long it took, in
// English or Dutch, as HTML (with the dashboard's SVG charts), PDF or XLSX.
//
// The report is about checks, never about people: nothing is broken down
// by person or nationality, and a count between 1 and 4 is shown as
// "< 5" so that no single check can be recognised from a small cell.
package report

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/chart"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// MinCell is the smallest count a report shows as a number: counts from 1
// to MinCell-1 are suppressed. Zero is shown, because it says nothing
// about any one check.
const MinCell = 5

// Count formats a count with small-cell suppression.
func Count(n int) string {
	if n > 0 && n < MinCell {
		return "< " + strconv.Itoa(MinCell)
	}
	return strconv.Itoa(n)
}

// Suppressed reports whether Count hides n.
func Suppressed(n int) bool { return n > 0 && n < MinCell }

// Table is one section of the report: a heading, an optional chart of
// its first value column, and the table beneath it, already formatted.
type Table struct {
	ID    string
	Title string
	Note  string
	Head  []string
	Rows  [][]string
	Chart template.HTML // the dashboard's SVG chart, or "" for none
	Bars  []Bar         // what the chart draws, for the PDF
}

// Bar is one drawn value of a table's chart.
type Bar struct {
	Label string
	Value float64
}

// Annual is a finished annual report in one language.
type Annual struct {
	Lang       string
	Title      string
	Scope      string // which checks it covers
	Generated  string
	Tables     []Table
	Procedures []string // the procedure versions in force during the year
	Notes      []string
	labels     labels
}

// labels are the few fixed texts the writers need, in the report's
// language.
type labels struct {
	procedures, notes, page string
}

// Input is what the report is built from besides the counted figures.
type Input struct {
	Year       int
	UnitName   string          // "" for the whole institution
	Units      []*kscheck.Unit // to name the faculties
	Procedures []string        // the procedure versions in force, already described
	Now        time.Time
}

// outcome is where a check of the year stands now.
type outcome string

// outcomes in the order the report lists them.
var outcomes = []outcome{"cleared", "start", "with_mitigation", "postponed", "do_not_start", "withdrawn", "open"}

func outcomeOf(g kscheck.AnnualGroup) outcome {
	switch {
	case g.State == kscheck.StateCleared:
		return "cleared"
	case g.State == kscheck.StateWithdrawn:
		return "withdrawn"
	case g.State == kscheck.StateDecided && g.Verdict != "":
		return outcome(g.Verdict)
	case g.State == kscheck.StatePostponed:
		return "postponed"
	}
	return "open"
}

// Build turns the counted figures into the report in L's language.
func Build(L *i18n.Localizer, f *kscheck.AnnualFigures, in Input) *Annual {
	a := &Annual{
		Lang:       L.Lang(),
		Title:      L.T("report.title", in.Year),
		Generated:  L.T("report.generated", L.Date(in.Now)),
		Procedures: in.Procedures,
		labels:     labels{procedures: L.T("report.procedures"), notes: L.T("report.notes"), page: L.T("report.page")},
	}
	if in.UnitName != "" {
		a.Scope = L.T("report.scope_unit", in.Year, in.UnitName, L.Date(in.Now))
	} else {
		a.Scope = L.T("report.scope", in.Year, L.Date(in.Now))
	}
	byKind, byFaculty, byOutcome := map[string]int{}, map[string]int{}, map[outcome]int{}
	total, committee := 0, 0
	for _, g := range f.Groups {
		byKind[string(g.Kind)] += g.N
		byFaculty[faculty(g.UnitPath)] += g.N
		byOutcome[outcomeOf(g)] += g.N
		total += g.N
		if g.Committee {
			committee += g.N
		}
	}
	count := L.T("report.checks")

	var kinds []labelled
	for _, k := range kscheck.Kinds {
		kinds = append(kinds, labelled{L.E(k), byKind[string(k)]})
	}
	a.add(L, "kind", L.T("report.by_kind"), L.T("case.kind"), count, kinds, total)

	var faculties []labelled
	for _, u := range in.Units {
		if n, ok := byFaculty[u.Code]; ok {
			faculties = append(faculties, labelled{u.NameIn(L.Lang()), n})
		}
	}
	a.add(L, "faculty", L.T("report.by_faculty"), L.T("dashboard.faculty"), count, faculties, total)

	var outs []labelled
	for _, o := range outcomes {
		outs = append(outs, labelled{L.T("report.outcome_" + string(o)), byOutcome[o]})
	}
	a.add(L, "outcome", L.T("report.by_outcome"), L.T("register.outcome"), count, outs, total)

	share := "–"
	if !Suppressed(committee) && total >= MinCell {
		share = fmt.Sprintf("%.0f%%", 100*float64(committee)/float64(total))
	}
	a.Tables = append(a.Tables, Table{ID: "committee", Title: L.T("report.committee"), Head: []string{"", count},
		Rows: [][]string{{L.T("report.all_checks"), Count(total)}, {L.T("report.reached_committee"), Count(committee)}, {L.T("report.share"), share}}})

	lead := Table{ID: "lead", Title: L.T("report.lead_times"), Note: L.T("report.lead_times_note"),
		Head: []string{L.T("case.deadline"), L.T("dashboard.decided"), L.T("dashboard.average_days"), L.T("dashboard.late")}}
	for _, l := range f.LeadTimes {
		weeks := 4
		if l.External {
			weeks = 6
		}
		avg := "–"
		if !Suppressed(l.Cases) {
			avg = strconv.FormatFloat(l.AvgDays, 'f', 1, 64)
		}
		lead.Rows = append(lead.Rows, []string{L.T("dashboard.weeks", weeks), Count(l.Cases), avg, Count(l.Over)})
	}
	a.Tables = append(a.Tables, lead)

	a.Tables = append(a.Tables, statusTable(L, "measures", L.T("report.measures"), L.T("report.measures_note"),
		f.Measures, []string{"open", "in_progress", "done", "not_done"}, func(k string) string { return L.E(kscheck.MeasureStatus(k)) }))
	a.Tables = append(a.Tables, statusTable(L, "hits", L.T("report.hits"), L.T("report.hits_note"),
		f.Hits, []string{"confirmed", "dismissed", "candidate"}, func(k string) string { return L.T("report.hit_" + k) }))

	a.Notes = []string{L.T("report.note_cells", MinCell), L.T("report.note_people"), L.T("report.note_cohort")}
	return a
}

// labelled is a count under a label.
type labelled struct {
	label string
	n     int
}

// add appends a table of counts with a bar chart. Suppressed counts are
// not drawn (a bar would give the number away); the table says "< 5".
func (a *Annual) add(L *i18n.Localizer, id, title, category, value string, rows []labelled, total int) {
	t := Table{ID: id, Title: title, Head: []string{category, value}}
	var points []chart.Point
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.label, Count(r.n)})
		if r.n >= MinCell {
			points = append(points, chart.Point{Label: r.label, Value: float64(r.n)})
			t.Bars = append(t.Bars, Bar{Label: r.label, Value: float64(r.n)})
		}
	}
	t.Rows = append(t.Rows, []string{L.T("dashboard.total"), Count(total)})
	if len(points) < len(rows) {
		t.Note = L.T("report.not_drawn", MinCell)
	}
	if len(points) > 0 {
		t.Chart = chart.Bars(chart.Chart{ID: "report-chart-" + id, Title: title, Desc: L.T("report.chart_desc", title),
			TableLabel: L.T("dashboard.data_table"), CategoryHeader: category, ValueHeader: value}, points)
	}
	a.Tables = append(a.Tables, t)
}

// statusTable lists counts by status in the given order, with a total.
func statusTable(L *i18n.Localizer, id, title, note string, cs []kscheck.Count, order []string, label func(string) string) Table {
	t := Table{ID: id, Title: title, Note: note, Head: []string{L.T("case.state"), L.T("report.number")}}
	n, total := map[string]int{}, 0
	for _, c := range cs {
		n[c.Key] += c.N
		total += c.N
	}
	for _, k := range order {
		t.Rows = append(t.Rows, []string{label(k), Count(n[k])})
	}
	t.Rows = append(t.Rows, []string{L.T("dashboard.total"), Count(total)})
	return t
}

// faculty returns the faculty's code of a unit path: the second level of
// the tree (checks of the institution itself stay with it).
func faculty(path string) string {
	p := strings.Split(strings.Trim(path, "/"), "/")
	return p[min(1, len(p)-1)]
}

// InForce describes the procedure versions whose validity overlaps year,
// sorted, as "name, version (from – until)".
func InForce(year int, versions []Version) []string {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	var out []string
	for _, v := range versions {
		if v.From.Before(to) && (v.Until == nil || v.Until.After(from)) {
			until := "…"
			if v.Until != nil {
				until = v.Until.Format("2006-01-02")
			}
			out = append(out, fmt.Sprintf("%s, %s (%s – %s)", v.Name, v.Version, v.From.Format("2006-01-02"), until))
		}
	}
	slices.Sort(out)
	return out
}

// Version is a procedure version's name and validity.
type Version struct {
	Name, Version string
	From          time.Time
	Until         *time.Time
}
