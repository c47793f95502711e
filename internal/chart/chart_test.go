package chart

import (
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/contrast"
)

// svgOf returns the <svg> part of a chart and checks that it is
// well-formed XML with the accessible name parts.
func svgOf(t *testing.T, out string) string {
	t.Helper()
	start, end := strings.Index(out, "<svg"), strings.Index(out, "</svg>")
	if start < 0 || end < 0 {
		t.Fatalf("no svg in %s", out)
	}
	svg := out[start : end+len("</svg>")]
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg is not well-formed: %v\n%s", err, svg)
		}
	}
	for _, want := range []string{`role="img"`, `aria-labelledby="`, `<title id="`, `<desc id="`} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s", want)
		}
	}
	return svg
}

var widthRe = regexp.MustCompile(`<rect class="bar[^"]*" x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)"`)

func attrs(t *testing.T, svg string, re *regexp.Regexp, group int) []float64 {
	t.Helper()
	var out []float64
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		v, err := strconv.ParseFloat(m[group], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func proportional(t *testing.T, got []float64, values []float64) {
	t.Helper()
	if len(got) != len(values) {
		t.Fatalf("%d bars for %d values", len(got), len(values))
	}
	for i := range values {
		// bar_i / bar_0 == value_i / value_0, to the 0.1 rounding of coordinates
		if math.Abs(got[i]*values[0]-got[0]*values[i]) > 0.2*values[0] {
			t.Errorf("bar %d is %v long for value %v, bar 0 %v for %v: not proportional", i, got[i], values[i], got[0], values[0])
		}
	}
}

func TestBarsAreProportionalAndLabelled(t *testing.T) {
	data := []Point{{"Draft", 12}, {"Before the Committee", 3}, {"Intake", 6}, {"Cleared", 0}}
	out := string(Bars(Chart{Title: "Open checks by status", Desc: "Most checks are drafts.", CategoryHeader: "Status", ValueHeader: "Checks"}, data))
	svg := svgOf(t, out)
	proportional(t, attrs(t, svg, widthRe, 1), []float64{12, 3, 6, 0})
	for _, want := range []string{">Draft</text>", ">Before the Committee</text>", `class="value"`, ">12</text>", "<title id=\"chart-", ">Open checks by status</title>", ">Most checks are drafts.</desc>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s", want)
		}
	}
	for _, want := range []string{"<details><summary>Data as a table</summary><table><caption>Open checks by status</caption>",
		`<th scope="col">Status</th><th scope="col" class="num">Checks</th>`,
		`<tr><th scope="row">Before the Committee</th><td class="num">3</td></tr>`} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %s", want)
		}
	}
}

func TestColumnsAreProportional(t *testing.T) {
	data := []Point{{"Jan", 4}, {"Feb", 10}, {"Mar", 1}}
	svg := svgOf(t, string(Columns(Chart{Title: "Per month"}, data)))
	proportional(t, attrs(t, svg, widthRe, 2), []float64{4, 10, 1})
	if got := attrs(t, svg, widthRe, 1); got[0] != got[1] {
		t.Errorf("columns differ in width: %v", got)
	}
}

func TestStackedSegmentsAndTotals(t *testing.T) {
	cats := []string{"Science", "Humanities"}
	series := []Series{{"Draft", []float64{4, 1}}, {"Intake", []float64{2, 0}}, {"Committee", []float64{2, 3}}}
	out := string(Stacked(Chart{Title: "Open checks by faculty", CategoryHeader: "Faculty"}, cats, series))
	svg := svgOf(t, out)
	seg := regexp.MustCompile(`<rect class="segment" data-series="(\d)" x="([^"]+)" y="[^"]+" width="([^"]+)"`)
	ms := seg.FindAllStringSubmatch(svg, -1)
	if len(ms) != 5 { // the zero is not drawn
		t.Fatalf("%d segments, want 5", len(ms))
	}
	w := func(i int) float64 { v, _ := strconv.ParseFloat(ms[i][3], 64); return v }
	x := func(i int) float64 { v, _ := strconv.ParseFloat(ms[i][2], 64); return v }
	if math.Abs(w(0)-2*w(1)) > 0.2 || math.Abs(w(1)-w(2)) > 0.2 {
		t.Errorf("Science segments 4,2,2 drawn as %v %v %v", w(0), w(1), w(2))
	}
	if math.Abs(x(1)-(x(0)+w(0))) > 0.2 {
		t.Error("segments are not stacked end to end")
	}
	if !strings.Contains(svg, `class="total"`) || !strings.Contains(svg, ">8</text>") {
		t.Error("total 8 not labelled")
	}
	// Series differ by pattern, not only colour, and the legend names them.
	fills := regexp.MustCompile(`data-series="\d" [^>]*fill="url\(#[^-]+-[0-9a-f]+-p(\d+-\d+)\)"`).FindAllStringSubmatch(svg, -1)
	seen := map[string]bool{}
	for _, m := range fills {
		seen[m[1]] = true
	}
	if len(seen) != 3 {
		t.Errorf("series paints %v, want 3 different", seen)
	}
	for _, name := range []string{"Draft", "Intake", "Committee"} {
		if !strings.Contains(svg, `<g class="legend-item">`) || !strings.Contains(svg, ">"+name+"</text></g>") {
			t.Errorf("legend lacks %s", name)
		}
	}
	if !strings.Contains(out, `<tr><th scope="row">Humanities</th><td class="num">1</td><td class="num">0</td><td class="num">3</td><td class="num">4</td></tr>`) {
		t.Error("table row for Humanities wrong")
	}
}

func TestLineHasMarkersAndDirectLabels(t *testing.T) {
	months := []string{"Sep", "Oct", "Nov"}
	series := []Series{{"Start", []float64{1, 2, 4}}, {"Do not start", []float64{0, 1, 0}}}
	out := string(Line(Chart{Title: "Outcomes per month", CategoryHeader: "Month"}, months, series))
	svg := svgOf(t, out)
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
	if !strings.Contains(svg, `stroke-dasharray="6 4"`) {
		t.Error("second series is not dashed")
	}
	if !strings.Contains(svg, `class="series-label"`) || !strings.Contains(svg, ">Do not start</text>") {
		t.Error("series not labelled directly")
	}
	// Lines ending at the same value get labels apart from each other.
	same := string(Line(Chart{Title: "t"}, months, []Series{{"A", []float64{1, 1, 1}}, {"B", []float64{0, 2, 1}}}))
	ly := regexp.MustCompile(`class="series-label" data-series="\d" x="[^"]+" y="([^"]+)"`).FindAllStringSubmatch(same, -1)
	y0, _ := strconv.ParseFloat(ly[0][1], 64)
	y1, _ := strconv.ParseFloat(ly[1][1], 64)
	if math.Abs(y0-y1) < fontSize {
		t.Errorf("end labels overlap at y %v and %v", y0, y1)
	}
	body := svg[strings.Index(svg, "</defs>"):]
	if n := strings.Count(body, "<circle"); n != 3 {
		t.Errorf("%d circle markers, want 3", n)
	}
	if n := strings.Count(body, "<rect x="); n != 3 {
		t.Errorf("%d square markers, want 3", n)
	}
	// y of the points: 4 is the top value, 0 the baseline.
	pts := regexp.MustCompile(`<polyline points="([^"]+)"`).FindStringSubmatch(svg)[1]
	ys := []float64{}
	for _, p := range strings.Fields(pts) {
		y, _ := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
		ys = append(ys, y)
	}
	if !(ys[0] > ys[1] && ys[1] > ys[2]) || math.Abs((ys[0]-ys[2])-3*(ys[0]-ys[1])) > 0.3 {
		t.Errorf("line y values %v do not follow 1, 2, 4", ys)
	}
}

func TestLeadTimesMarkDeadlinesAndOverruns(t *testing.T) {
	data := []LeadTime{{"KS-2026-001", 21, 28}, {"KS-2026-002", 35, 28}, {"KS-2026-003", 40, 42}}
	dl := []Deadline{{28, "4-week deadline"}, {42, "6-week deadline"}}
	out := string(LeadTimes(Chart{Title: "Lead time", CategoryHeader: "Check", ValueHeader: "Days"}, data, dl, "past the deadline"))
	svg := svgOf(t, out)
	proportional(t, attrs(t, svg, widthRe, 1), []float64{21, 35, 40})
	lines := regexp.MustCompile(`<g class="deadline"><line x1="([^"]+)"`).FindAllStringSubmatch(svg, -1)
	if len(lines) != 2 {
		t.Fatalf("%d deadline lines", len(lines))
	}
	bars := attrs(t, svg, widthRe, 1)
	x28, _ := strconv.ParseFloat(lines[0][1], 64)
	x42, _ := strconv.ParseFloat(lines[1][1], 64)
	x0, _ := strconv.ParseFloat(regexp.MustCompile(`<rect class="bar[^"]*" x="([^"]+)"`).FindStringSubmatch(svg)[1], 64)
	if math.Abs((x28-x0)/bars[0]-28.0/21) > 0.01 || math.Abs((x42-x0)/bars[0]-42.0/21) > 0.01 {
		t.Errorf("deadline lines at %v and %v do not match the bars' scale", x28, x42)
	}
	if n := strings.Count(svg, `class="bar over"`); n != 1 {
		t.Errorf("%d bars marked over the deadline, want 1 (35 > 28; 40 < 42)", n)
	}
	if !strings.Contains(svg, ">35 – past the deadline</text>") {
		t.Error("the overrun is not said in words")
	}
	if !strings.Contains(out, `<td class="num">35 (past the deadline)</td>`) {
		t.Error("the table does not say the overrun")
	}
}

func TestLabelsAreEscaped(t *testing.T) {
	evil := `<script>alert("x")</script>&`
	outs := []string{
		string(Bars(Chart{Title: evil, Desc: evil, CategoryHeader: evil}, []Point{{evil, 1}})),
		string(Columns(Chart{Title: "t"}, []Point{{evil, 1}})),
		string(Stacked(Chart{Title: "t"}, []string{evil}, []Series{{evil, []float64{1}}})),
		string(Line(Chart{Title: "t"}, []string{evil}, []Series{{evil, []float64{1}}})),
		string(LeadTimes(Chart{Title: "t"}, []LeadTime{{evil, 30, 28}}, []Deadline{{28, evil}}, evil)),
	}
	for i, out := range outs {
		if strings.Contains(out, "<script") {
			t.Errorf("chart %d contains an unescaped <script>", i)
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("chart %d lost the label", i)
		}
		svgOf(t, out)
	}
}

func TestEmptyAndZeroData(t *testing.T) {
	for _, out := range []string{
		string(Bars(Chart{Title: "none"}, nil)),
		string(Bars(Chart{Title: "zeros"}, []Point{{"a", 0}})),
		string(Stacked(Chart{Title: "none"}, nil, nil)),
		string(Line(Chart{Title: "one"}, []string{"Jan"}, []Series{{"s", []float64{0}}})),
	} {
		svg := svgOf(t, out)
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("invalid numbers in %s", svg)
		}
	}
}

func TestIDsDifferPerChart(t *testing.T) {
	a := string(Bars(Chart{Title: "A"}, nil))
	b := string(Bars(Chart{Title: "B"}, nil))
	id := regexp.MustCompile(`<figure class="chart" id="([^"]+)"`)
	if id.FindStringSubmatch(a)[1] == id.FindStringSubmatch(b)[1] {
		t.Error("two charts on a page share their ids")
	}
}

func TestPaletteContrast(t *testing.T) {
	for _, c := range Palette {
		r, err := contrast.Ratio(c, "#ffffff")
		if err != nil {
			t.Fatal(err)
		}
		if r < contrast.Text {
			t.Errorf("%s on white: %.2f:1, needs %.1f (white labels sit on it)", c, r, contrast.Text)
		}
	}
	if r, _ := contrast.Ratio(Ink, "#ffffff"); r < contrast.Text {
		t.Errorf("ink on white: %.2f", r)
	}
}

func TestNiceMax(t *testing.T) {
	for in, want := range map[float64]float64{0: 4, 3: 4, 6: 8, 7: 8, 12: 12, 23: 24, 42: 60, 180: 200, 1000: 1000} {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", in, got, want)
		}
	}
}
