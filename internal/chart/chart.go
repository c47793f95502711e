// Package chart draws the dashboard's charts as server-side SVG: no
// JavaScript, printable, and accessible. Each chart is an SVG with
// role="img", a <title> and a <desc>, uses patterns and direct labels so
// that colour is never the only cue, and comes with its data as an HTML
// table in a <details> element for screen readers and for people who want
// the numbers. Every label is escaped.
package chart

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Chart holds what every chart needs besides its data. Texts are already
// translated.
type Chart struct {
	ID             string // prefix of the element ids; default derived from Title
	Title          string // the SVG's <title> and the table's caption
	Desc           string // the SVG's <desc>: one or two sentences saying what the data shows
	TableLabel     string // summary of the <details> with the data table; default "Data as a table"
	CategoryHeader string // first column of the data table, e.g. "Faculty"
	ValueHeader    string // value column for single-series charts, e.g. "Open checks"
	TotalHeader    string // total column of stacked charts; default "Total"
	Width          int    // width of the viewBox; default 640
}

// Point is one labelled value.
type Point struct {
	Label string
	Value float64
}

// Series is one named row of values, one per category (stacked bars) or
// per month (line chart).
type Series struct {
	Name   string
	Values []float64
}

// Palette is the series colours: each at least 4.5:1 against white, so
// white value labels on them and the shapes against the page both meet
// WCAG AA (checked by the tests). Series beyond its length reuse colours,
// but never the same colour and pattern together before 36 series.
var Palette = []string{"#1f4e9c", "#a3530a", "#2e7d32", "#7b1fa2", "#b3261e", "#37474f"}

// Ink is the colour of labels and axes on the white chart background.
const Ink = "#1b1f24"

// Grid is the colour of gridlines: decorative, the values are labelled.
const Grid = "#c9ced3"

const (
	fontSize = 13
	rowH     = 30
	barH     = 20
	top      = 12
)

func (c *Chart) defaults() {
	if c.Width <= 0 {
		c.Width = 640
	}
	if c.ID == "" {
		h := fnv.New32a()
		h.Write([]byte(c.Title + "\x00" + c.Desc))
		c.ID = fmt.Sprintf("chart-%08x", h.Sum32())
	}
	if c.TableLabel == "" {
		c.TableLabel = "Data as a table"
	}
	if c.TotalHeader == "" {
		c.TotalHeader = "Total"
	}
}

var esc = html.EscapeString

// num formats a value for labels: whole numbers without decimals, others
// with one.
func num(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// f formats an SVG coordinate.
func f(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// niceMax returns the top of the value axis: four equal ticks of a round
// step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten; a whole
// number of at least 1, since most of the data are counts). Bars are drawn against this value.
func niceMax(max float64) float64 {
	raw := max / 4
	if raw <= 1 {
		return 4
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= raw && (p > 1 || m == math.Trunc(m)) {
			return 4 * m * p
		}
	}
	return 40 * p
}

// labelWidth estimates the width of the widest label, for the left margin.
func labelWidth(labels []string, min, max float64) float64 {
	w := min
	for _, l := range labels {
		w = math.Max(w, float64(len([]rune(l)))*fontSize*0.58+12)
	}
	return math.Min(w, max)
}

// open writes the <figure>, the <svg> with its title and description, and
// the pattern definitions.
func (c *Chart) open(b *strings.Builder, height float64) {
	fmt.Fprintf(b, `<figure class="chart" id="%s">`, esc(c.ID))
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%[1]s-title %[1]s-desc" viewBox="0 0 %d %s" width="%[2]d" height="%[3]s" font-family="Liberation Sans, Arial, sans-serif" font-size="%d">`,
		esc(c.ID), c.Width, f(height), fontSize)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	b.WriteString(`<defs>`)
	for ci, colour := range Palette {
		for pi, pat := range patterns {
			fmt.Fprintf(b, `<pattern id="%s-p%d-%d" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="%s"/>%s</pattern>`,
				esc(c.ID), ci, pi, colour, pat)
		}
	}
	b.WriteString(`</defs>`)
}

// patterns are drawn in white over the series colour; the first is plain.
var patterns = []string{
	``,
	`<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#fff" stroke-width="1.6"/>`,
	`<circle cx="4" cy="4" r="1.6" fill="#fff"/>`,
	`<path d="M0 4h8" stroke="#fff" stroke-width="1.6"/>`,
	`<path d="M-2 2l4-4M0 8l8-8M6 10l4-4M-2 6l4 4M0 0l8 8M6-2l4 4" stroke="#fff" stroke-width="1.2"/>`,
	`<path d="M4 0v8" stroke="#fff" stroke-width="1.6"/>`,
}

// fill is the paint of series i: a colour with a pattern. The first series
// is plain; the pairs repeat only after len(Palette)*len(patterns) series.
func (c *Chart) fill(i int) string {
	n := len(Palette)
	return c.paint(i%n, (i/n+i)%len(patterns))
}

// paint is colour number ci of Palette overlaid with pattern pi.
func (c *Chart) paint(ci, pi int) string {
	return fmt.Sprintf("url(#%s-p%d-%d)", esc(c.ID), ci%len(Palette), pi%len(patterns))
}

func (c *Chart) close(b *strings.Builder, table string) template.HTML {
	b.WriteString(`</svg>`)
	fmt.Fprintf(b, `<details><summary>%s</summary>%s</details></figure>`, esc(c.TableLabel), table)
	return template.HTML(b.String())
}

// table renders a data table; head is the header row, rows the cells, the
// first cell of each row being its header.
func (c *Chart) table(head []string, rows [][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table><caption>%s</caption><thead><tr>`, esc(c.Title))
	for i, h := range head {
		if i == 0 {
			fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(h))
		} else {
			fmt.Fprintf(&b, `<th scope="col" class="num">%s</th>`, esc(h))
		}
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		b.WriteString(`<tr>`)
		for i, cell := range r {
			if i == 0 {
				fmt.Fprintf(&b, `<th scope="row">%s</th>`, esc(cell))
			} else {
				fmt.Fprintf(&b, `<td class="num">%s</td>`, esc(cell))
			}
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

// legend draws the series names with their swatches in one row at y.
func (c *Chart) legend(b *strings.Builder, names []string, x, y float64) {
	for i, n := range names {
		fmt.Fprintf(b, `<g class="legend-item"><rect x="%s" y="%s" width="14" height="14" fill="%s" stroke="%s" stroke-width="0.5"/><text x="%s" y="%s" fill="%s">%s</text></g>`,
			f(x), f(y), c.fill(i), Ink, f(x+19), f(y+11.5), Ink, esc(n))
		x += 19 + float64(len([]rune(n)))*fontSize*0.58 + 18
	}
}

// xTicks draws vertical gridlines with value labels along the top of a
// horizontal chart's plot area.
func xTicks(b *strings.Builder, x0, w, y0, y1, max float64) {
	for i := 0; i <= 4; i++ {
		v := max * float64(i) / 4
		x := x0 + w*float64(i)/4
		fmt.Fprintf(b, `<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(x), f(x), f(y0), f(y1), Grid)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" fill="%s" aria-hidden="true">%s</text>`, f(x), f(y1+16), Ink, num(v))
	}
}

// yTicks draws horizontal gridlines with value labels on the left of a
// vertical chart's plot area.
func yTicks(b *strings.Builder, x0, x1, yTop, h, max float64) {
	for i := 0; i <= 4; i++ {
		v := max * float64(i) / 4
		y := yTop + h - h*float64(i)/4
		fmt.Fprintf(b, `<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="1"/>`, f(x0), f(x1), f(y), f(y), Grid)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s" aria-hidden="true">%s</text>`, f(x0-6), f(y+4), Ink, num(v))
	}
}
