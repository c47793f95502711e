package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
)

// Bars draws one horizontal bar per point, labelled on the left with the
// point's label and at the bar's end with its value: for "open checks by
// status" and similar counts with long category names.
func Bars(c Chart, data []Point) template.HTML {
	c.defaults()
	labels := make([]string, len(data))
	max := 0.0
	for i, p := range data {
		labels[i] = p.Label
		max = math.Max(max, p.Value)
	}
	max = niceMax(max)
	x0 := labelWidth(labels, 80, 260)
	w := float64(c.Width) - x0 - 50
	h := top + float64(len(data))*rowH
	var b strings.Builder
	c.open(&b, h+24)
	xTicks(&b, x0, w, top-4, h, max)
	rows := make([][]string, len(data))
	for i, p := range data {
		y := top + float64(i)*rowH + (rowH-barH)/2
		hbar(&b, x0, y, w*p.Value/max, "bar", c.fill(0), p.Label, num(p.Value))
		rows[i] = []string{p.Label, num(p.Value)}
	}
	return c.close(&b, c.table([]string{c.CategoryHeader, c.ValueHeader}, rows))
}

// Columns draws one vertical column per point with its value above it and
// its label below: for short labels such as months.
func Columns(c Chart, data []Point) template.HTML {
	c.defaults()
	max := 0.0
	for _, p := range data {
		max = math.Max(max, p.Value)
	}
	max = niceMax(max)
	const x0, plotH, yTop = 44.0, 200.0, 24.0
	w := float64(c.Width) - x0 - 10
	slot := w / math.Max(1, float64(len(data)))
	cw := math.Min(48, slot*0.7)
	var b strings.Builder
	c.open(&b, yTop+plotH+30)
	yTicks(&b, x0, x0+w, yTop, plotH, max)
	rows := make([][]string, len(data))
	for i, p := range data {
		ch := plotH * p.Value / max
		x := x0 + slot*float64(i) + (slot-cw)/2
		y := yTop + plotH - ch
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s: %s</title></rect>`,
			f(x), f(y), f(cw), f(ch), c.fill(0), esc(p.Label), num(p.Value))
		fmt.Fprintf(&b, `<text class="value" x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f(x+cw/2), f(y-5), Ink, num(p.Value))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f(x+cw/2), f(yTop+plotH+18), Ink, esc(p.Label))
		rows[i] = []string{p.Label, num(p.Value)}
	}
	return c.close(&b, c.table([]string{c.CategoryHeader, c.ValueHeader}, rows))
}

// Stacked draws one horizontal bar per category, made of one segment per
// series (for example open checks per faculty, split by status). Segments
// differ in colour and pattern, carry their value when there is room, and
// the total stands at the end of each bar; a legend names the series.
func Stacked(c Chart, categories []string, series []Series) template.HTML {
	c.defaults()
	totals := make([]float64, len(categories))
	for _, s := range series {
		for i := range categories {
			if i < len(s.Values) {
				totals[i] += s.Values[i]
			}
		}
	}
	max := 0.0
	for _, t := range totals {
		max = math.Max(max, t)
	}
	max = niceMax(max)
	x0 := labelWidth(categories, 80, 220)
	w := float64(c.Width) - x0 - 50
	h := top + float64(len(categories))*rowH
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
	}
	var b strings.Builder
	c.open(&b, h+24+30)
	xTicks(&b, x0, w, top-4, h, max)
	rows := make([][]string, len(categories))
	for i, cat := range categories {
		y := top + float64(i)*rowH + (rowH-barH)/2
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, f(x0-8), f(y+barH/2+4.5), Ink, esc(cat))
		x := x0
		row := []string{cat}
		for j, s := range series {
			v := 0.0
			if i < len(s.Values) {
				v = s.Values[i]
			}
			row = append(row, num(v))
			if v <= 0 {
				continue
			}
			sw := w * v / max
			fmt.Fprintf(&b, `<rect class="segment" data-series="%d" x="%s" y="%s" width="%s" height="%d" fill="%s" stroke="#fff" stroke-width="1"><title>%s, %s: %s</title></rect>`,
				j, f(x), f(y), f(sw), barH, c.fill(j), esc(cat), esc(s.Name), num(v))
			if sw >= 30 {
				fmt.Fprintf(&b, `<text class="value" x="%s" y="%s" text-anchor="middle" fill="#fff" stroke="%s" stroke-width="3" paint-order="stroke" font-weight="700">%s</text>`,
					f(x+sw/2), f(y+barH/2+4.5), Palette[j%len(Palette)], num(v))
			}
			x += sw
		}
		fmt.Fprintf(&b, `<text class="total" x="%s" y="%s" fill="%s" font-weight="700">%s</text>`, f(x+5), f(y+barH/2+4.5), Ink, num(totals[i]))
		rows[i] = append(row, num(totals[i]))
	}
	c.legend(&b, names, x0, h+28)
	head := append(append([]string{c.CategoryHeader}, names...), c.TotalHeader)
	return c.close(&b, c.table(head, rows))
}

// markers are the point shapes of the line chart's series, so that lines
// differ by shape and dash as well as colour.
var markers = []func(x, y float64, fill string) string{
	func(x, y float64, fill string) string {
		return fmt.Sprintf(`<circle cx="%s" cy="%s" r="4.5" fill="%s"/>`, f(x), f(y), fill)
	},
	func(x, y float64, fill string) string {
		return fmt.Sprintf(`<rect x="%s" y="%s" width="9" height="9" fill="%s"/>`, f(x-4.5), f(y-4.5), fill)
	},
	func(x, y float64, fill string) string {
		return fmt.Sprintf(`<path d="M%s %sl5.5 9.5h-11z" fill="%s"/>`, f(x), f(y-6), fill)
	},
	func(x, y float64, fill string) string {
		return fmt.Sprintf(`<path d="M%s %sl5.5 5.5-5.5 5.5-5.5-5.5z" fill="%s"/>`, f(x), f(y-5.5), fill)
	},
}

var dashes = []string{"", "6 4", "2 3", "10 3 2 3"}

// Line draws one line per series over the labels (months, in order), with
// a distinct marker shape and dash per series and the series name written
// at the end of its line: for outcomes per month.
func Line(c Chart, labels []string, series []Series) template.HTML {
	c.defaults()
	max := 0.0
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = s.Name
		for _, v := range s.Values {
			max = math.Max(max, v)
		}
	}
	max = niceMax(max)
	right := labelWidth(names, 40, 180)
	const x0, plotH, yTop = 44.0, 200.0, 16.0
	w := float64(c.Width) - x0 - right - 10
	step := w / math.Max(1, float64(len(labels)-1))
	var b strings.Builder
	c.open(&b, yTop+plotH+30)
	yTicks(&b, x0, x0+w, yTop, plotH, max)
	for i, l := range labels {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f(x0+step*float64(i)), f(yTop+plotH+18), Ink, esc(l))
	}
	type endLabel struct {
		x, y float64
		j    int
	}
	var ends []endLabel
	for j, s := range series {
		colour := Palette[j%len(Palette)]
		var pts []string
		var lastX, lastY float64
		for i, v := range s.Values {
			if i >= len(labels) {
				break
			}
			lastX, lastY = x0+step*float64(i), yTop+plotH-plotH*v/max
			pts = append(pts, f(lastX)+","+f(lastY))
		}
		if len(pts) == 0 {
			continue
		}
		fmt.Fprintf(&b, `<g class="series" data-series="%d"><polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"`, j, strings.Join(pts, " "), colour)
		if d := dashes[j%len(dashes)]; d != "" {
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, d)
		}
		b.WriteString(`/>`)
		for i, v := range s.Values {
			if i >= len(labels) {
				break
			}
			x, y := x0+step*float64(i), yTop+plotH-plotH*v/max
			b.WriteString(strings.Replace(markers[j%len(markers)](x, y, colour), "/>", fmt.Sprintf(`><title>%s, %s: %s</title></%s>`, esc(s.Name), esc(labels[i]), num(v), markerTag(j)), 1))
		}
		b.WriteString(`</g>`)
		ends = append(ends, endLabel{lastX + 9, lastY + 4.5, j})
	}
	// Direct labels at the lines' ends, moved apart where lines end close
	// together.
	slices.SortStableFunc(ends, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	for i := range ends {
		if i > 0 && ends[i].y < ends[i-1].y+fontSize+2 {
			ends[i].y = ends[i-1].y + fontSize + 2
		}
	}
	for _, e := range ends {
		fmt.Fprintf(&b, `<text class="series-label" data-series="%d" x="%s" y="%s" fill="%s" font-weight="700">%s</text>`,
			e.j, f(e.x), f(e.y), Palette[e.j%len(Palette)], esc(series[e.j].Name))
	}
	head := append([]string{c.CategoryHeader}, names...)
	rows := make([][]string, len(labels))
	for i, l := range labels {
		rows[i] = []string{l}
		for _, s := range series {
			v := 0.0
			if i < len(s.Values) {
				v = s.Values[i]
			}
			rows[i] = append(rows[i], num(v))
		}
	}
	return c.close(&b, c.table(head, rows))
}

func markerTag(j int) string {
	switch j % len(markers) {
	case 0:
		return "circle"
	case 1:
		return "rect"
	}
	return "path"
}

// Deadline is a vertical reference line on a lead-time chart, such as the
// Committee's 4- and 6-week deadlines.
type Deadline struct {
	Days  float64
	Label string // e.g. "4-week deadline"
}

// LeadTime is one case's time to verdict against the deadline that applied
// to it (28 days, or 42 with external advice).
type LeadTime struct {
	Label    string
	Days     float64
	Deadline float64
}

// LeadTimes draws the days from acceptance to verdict as horizontal bars,
// with dashed vertical lines at the deadlines. A bar past its own deadline
// is striped red and its value says so in words (overLabel, e.g.
// "past the deadline").
func LeadTimes(c Chart, data []LeadTime, deadlines []Deadline, overLabel string) template.HTML {
	c.defaults()
	labels := make([]string, len(data))
	max := 0.0
	for i, d := range data {
		labels[i] = d.Label
		max = math.Max(max, math.Max(d.Days, d.Deadline))
	}
	for _, d := range deadlines {
		max = math.Max(max, d.Days)
	}
	max = niceMax(max)
	x0 := labelWidth(labels, 80, 220)
	w := float64(c.Width) - x0 - 130
	const yTop = 34.0
	h := yTop + float64(len(data))*rowH
	var b strings.Builder
	c.open(&b, h+24)
	xTicks(&b, x0, w, yTop-4, h, max)
	rows := make([][]string, len(data))
	for i, d := range data {
		y := yTop + float64(i)*rowH + (rowH-barH)/2
		over := d.Deadline > 0 && d.Days > d.Deadline
		fill, class, value := c.fill(0), "bar", num(d.Days)
		if over {
			fill, class, value = c.paint(4, 1), "bar over", num(d.Days)+" – "+overLabel
		}
		hbar(&b, x0, y, w*d.Days/max, class, fill, d.Label, value)
		row := []string{d.Label, num(d.Days), num(d.Deadline)}
		if over {
			row[1] += " (" + overLabel + ")"
		}
		rows[i] = row
	}
	for i, d := range deadlines {
		x := x0 + w*d.Days/max
		fmt.Fprintf(&b, `<g class="deadline"><line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`,
			f(x), f(x), f(yTop-6), f(h), Ink)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s" font-weight="700">%s</text></g>`, f(x), f(float64(12+14*(i%2))), Ink, esc(d.Label))
	}
	return c.close(&b, c.table([]string{c.CategoryHeader, c.ValueHeader, deadlineHeader(deadlines)}, rows))
}

func deadlineHeader(ds []Deadline) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Label
	}
	return strings.Join(names, " / ")
}

// hbar draws one horizontal bar at (x0, y) of width bw, labelled on the
// left and with value at its end.
func hbar(b *strings.Builder, x0, y, bw float64, class, fill, label, value string) {
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, f(x0-8), f(y+barH/2+4.5), Ink, esc(label))
	fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="%s" height="%d" fill="%s"><title>%s: %s</title></rect>`,
		class, f(x0), f(y), f(bw), barH, fill, esc(label), esc(value))
	fmt.Fprintf(b, `<text class="value" x="%s" y="%s" fill="%s">%s</text>`, f(x0+bw+5), f(y+barH/2+4.5), Ink, esc(value))
}
