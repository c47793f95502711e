package render

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
)

// palette colours a route: fill and stroke.
var palette = map[kscheck.Route][2]string{
	kscheck.RouteNone:          {"#edf2f7", "#718096"},
	kscheck.RouteCleared:       {"#e6f4ea", "#2f855a"},
	kscheck.RouteSupplementary: {"#fff6d6", "#b7791f"},
	kscheck.RouteAdvice:        {"#ffe8d6", "#c05621"},
	kscheck.RouteCommittee:     {"#fde2e2", "#c53030"},
}

const (
	fontFamily = "Liberation Sans, Arial, Helvetica, sans-serif"
	takenColor = "#1a56db"
)

// SVG draws the flowchart of p in lang (one of i18n.Languages). With ev, the path
// of the answers is drawn in blue and the rest is faded.
func SVG(p *procedure.Procedure, ev *procedure.Evaluation, lang string) ([]byte, error) {
	if err := checkLang(lang); err != nil {
		return nil, err
	}
	l := newLayout(p.Graph(ev), lang)
	var w strings.Builder
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="%s" font-size="12" role="img" aria-labelledby="chart-title chart-desc">`+"\n",
		l.width, l.height, l.width, l.height, fontFamily)
	fmt.Fprintf(&w, `<title id="chart-title">%s</title>`+"\n", esc(p.Title.In(lang)))
	valid, how := l.reading(p, ev)
	fmt.Fprintf(&w, `<desc id="chart-desc">%s. %s</desc>`+"\n", esc(valid), esc(how))
	fmt.Fprintf(&w, `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5568"/></marker>`+
		`<marker id="arrow-taken" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker></defs>`+"\n", takenColor)
	fmt.Fprintf(&w, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	l.header(&w, p, ev)
	dim := ev != nil
	for _, e := range l.g.Edges {
		l.edge(&w, e, dim)
	}
	for _, n := range l.g.Nodes {
		l.node(&w, l.boxes[n.ID], dim)
	}
	w.WriteString("</svg>\n")
	return []byte(w.String()), nil
}

// header writes the title, the validity and how to read the chart.
func (l *layout) header(w *strings.Builder, p *procedure.Procedure, ev *procedure.Evaluation) {
	valid, how := l.reading(p, ev)
	fmt.Fprintf(w, `<text x="%d" y="30" font-size="18" font-weight="bold" fill="#1a202c">%s</text>`+"\n", margin, esc(p.Title.In(l.lang)))
	fmt.Fprintf(w, `<text x="%d" y="52" fill="#4a5568">%s</text>`+"\n", margin, esc(valid))
	fmt.Fprintf(w, `<text x="%d" y="72" fill="#4a5568">%s</text>`+"\n", margin, esc(how))
}

// reading says which version the chart shows and where it applies, and
// how to read it: the rule of the route, or, for a check, the path of its
// answers. The header shows it and the description gives it to a screen
// reader, which reads the chart opened on its own.
func (l *layout) reading(p *procedure.Procedure, ev *procedure.Evaluation) (valid, how string) {
	valid = l.tr.T("vocab.chart.in_force", p.ID+"@"+p.Version, p.AppliesTo.From)
	if p.AppliesTo.Until != "" {
		valid = l.tr.T("vocab.chart.until", valid, p.AppliesTo.Until)
	}
	valid = l.tr.T("vocab.chart.units", valid, strings.Join(p.AppliesTo.Units, ", "))
	how = l.tr.T("vocab.chart.how")
	if ev != nil {
		how = l.tr.T("vocab.chart.path", procedure.RouteName(ev.Route, l.lang))
		if ev.Missing != "" {
			how = l.tr.T("vocab.chart.still_needs", how, ev.Missing)
		}
	}
	return valid, how
}

// node writes one box with its text.
func (l *layout) node(w *strings.Builder, b *box, dim bool) {
	n := b.node
	fill, stroke, width := "#ffffff", "#4a5568", 1.2
	if n.Kind != procedure.QuestionNode {
		fill, stroke = palette[n.Route][0], palette[n.Route][1]
	}
	if dim && n.Taken {
		stroke, width = takenColor, 3
	}
	opacity := ""
	if dim && !n.Taken {
		opacity = ` opacity="0.4"`
	}
	rx := 4
	if n.Kind == procedure.EndNode {
		rx = 18
	}
	fmt.Fprintf(w, `<g id="%s"%s><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="%d" fill="%s" stroke="%s" stroke-width="%.1f"/>`,
		esc("node-"+n.ID), opacity, b.x, b.y, b.w, b.h, rx, fill, stroke, width)
	y := b.y + 19
	switch n.Kind {
	case procedure.QuestionNode:
		section := ""
		if s := n.Question.Section(); s != nil {
			section = s.Title.In(l.lang) + " · "
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-size="10" fill="#718096">%s</text>`, b.x+8, y-3, esc(section+n.Question.ID))
		y += lineHeight
		for _, line := range b.lines {
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f" fill="#1a202c">%s</text>`, b.x+8, y, esc(line))
			y += lineHeight
		}
	default:
		y = b.y + b.h/2 - float64(len(b.lines)-1)*lineHeight/2 + 4
		for i, line := range b.lines {
			weight := ""
			if i == 0 || n.Kind == procedure.EndNode {
				weight = ` font-weight="bold"`
			}
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#1a202c"%s>%s</text>`, b.cx(), y, weight, esc(line))
			y += lineHeight
		}
	}
	w.WriteString("</g>\n")
}

// edge writes one arrow and its label.
func (l *layout) edge(w *strings.Builder, e *procedure.Edge, dim bool) {
	from, to := l.boxes[e.From], l.boxes[e.To]
	var pts [][2]float64
	var lx, ly float64
	anchor := "start"
	switch {
	case to.question == from && to.effectIndex == 0:
		y := from.y + min(from.h, to.h)/2
		pts = [][2]float64{{from.x + from.w, y}, {to.x, y}}
		lx, ly, anchor = from.x+from.w+effectGapX/2, y-6, "middle"
	case to.question == from: // a further effect: over the top of the first
		over := from.y - 14
		pts = [][2]float64{{from.x + from.w - 16, from.y}, {from.x + from.w - 16, over}, {to.cx(), over}, {to.cx(), to.y}}
		lx, ly, anchor = to.cx()-6, over-5, "end"
	default:
		start := [2]float64{l.spread(from, e, true), from.bottom()}
		pts = append(pts, start)
		for _, d := range l.paths[e] {
			pts = append(pts, [2]float64{d.cx(), d.y}, [2]float64{d.cx(), d.bottom()})
		}
		end := l.spread(to, e, false)
		if last := pts[len(pts)-1]; l.straightInto(to) == e && last[0] > to.x+10 && last[0] < to.x+to.w-10 {
			end = last[0] // straight down, so the main line of the chart reads as one column
		}
		pts = append(pts, [2]float64{end, to.y})
		lx, ly = start[0]+5, start[1]+14
	}
	stroke, width, marker, opacity := "#4a5568", 1.3, "arrow", ""
	if dim && e.Taken {
		stroke, width, marker = takenColor, 2.6, "arrow-taken"
	} else if dim {
		opacity = ` opacity="0.35"`
	}
	var d strings.Builder
	for i, p := range pts {
		fmt.Fprintf(&d, "%s%.1f,%.1f ", map[bool]string{true: "M", false: "L"}[i == 0], p[0], p[1])
	}
	fmt.Fprintf(w, `<path d="%s" fill="none" stroke="%s" stroke-width="%.1f" marker-end="url(#%s)"%s/>`+"\n",
		strings.TrimSpace(d.String()), stroke, width, marker, opacity)
	if label := l.g.Label(e, l.lang); label != "" {
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="11" font-style="italic" fill="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke"%s>%s</text>`+"\n",
			lx, ly, anchor, stroke, opacity, esc(label))
	}
}

// spread returns where arrow e leaves (out) or enters box b, spreading the
// arrows along the box's bottom or top edge in the order of the boxes at
// their other end, so that they neither cross nor share a point.
func (l *layout) spread(b *box, e *procedure.Edge, out bool) float64 {
	var edges []*procedure.Edge
	for _, x := range l.g.Edges {
		if out && l.boxes[x.From] == b && l.boxes[x.To].question != b {
			edges = append(edges, x)
		}
		if !out && l.boxes[x.To] == b && b.question == nil && x != l.straightInto(b) {
			edges = append(edges, x)
		}
	}
	other := func(x *procedure.Edge) float64 {
		if out {
			if p := l.paths[x]; len(p) > 0 {
				return p[0].cx()
			}
			return l.boxes[x.To].cx()
		}
		if p := l.paths[x]; len(p) > 0 {
			return p[len(p)-1].cx()
		}
		return l.boxes[x.From].cx()
	}
	slices.SortStableFunc(edges, func(a, c *procedure.Edge) int {
		switch oa, oc := other(a), other(c); {
		case oa < oc:
			return -1
		case oa > oc:
			return 1
		}
		return 0
	})
	i := slices.Index(edges, e)
	if !out && l.straightInto(b) != nil { // the others share the right half
		return b.cx() + b.w/2*float64(i+1)/float64(len(edges)+1)
	}
	return b.x + b.w*float64(i+1)/float64(len(edges)+1)
}

// straightInto returns the one arrow that may enter b vertically: the
// first arrow coming from a question or a long arrow's last point (not from
// an effect, which sits to the right).
func (l *layout) straightInto(b *box) *procedure.Edge {
	if b.question != nil {
		return nil
	}
	for _, e := range l.g.Edges {
		if l.boxes[e.To] == b && (l.boxes[e.From].question == nil || len(l.paths[e]) > 0) {
			return e
		}
	}
	return nil
}

// checkLang accepts the languages kscheck speaks.
func checkLang(lang string) error {
	if !i18n.Supported(lang) {
		return kscheck.Errorf(kscheck.EInvalid, "language %q is not available; use one of %s", lang, strings.Join(i18n.Languages, ", "))
	}
	return nil
}

func esc(s string) string { return html.EscapeString(s) }
