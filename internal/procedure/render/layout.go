package render

import (
	"slices"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/procedure"
)

// Sizes of the drawing, in pixels.
const (
	questionWidth = 300
	effectWidth   = 210
	endWidth      = 230
	dummyWidth    = 12
	lineHeight    = 15
	charsPerLine  = 44 // of a question box at 12px
	effectChars   = 30
	gapX          = 36 // between blocks of a row
	effectGapX    = 96 // between a question and its first effect: room for the label
	gapY          = 60 // between rows: room for labels and slopes
	margin        = 24
	headerHeight  = 92
)

// box is a placed node (or a dummy point of a long edge).
type box struct {
	node          *procedure.Node // nil for a dummy
	x, y, w, h    float64
	lines         []string
	rank          int
	question      *box // for an effect: its question
	effectIndex   int
	desiredCenter float64
}

func (b *box) cx() float64     { return b.x + b.w/2 }
func (b *box) bottom() float64 { return b.y + b.h }

// layout places the graph's boxes in rows: each question one row below the
// questions leading to it, the effects of its answers to its right in the
// same row, the ends in the last row, and a dummy point in every row a long
// arrow crosses, so that arrows never pass through a box.
type layout struct {
	g       *procedure.Graph
	lang    string
	tr      *i18n.Localizer // the chart's own words, in lang
	boxes   map[string]*box
	rows    [][]*box
	paths   map[*procedure.Edge][]*box // dummies along each edge
	width   float64
	height  float64
	rowTops []float64
}

func newLayout(g *procedure.Graph, lang string) *layout {
	l := &layout{g: g, lang: lang, tr: i18n.Shared().Localizer(lang), boxes: map[string]*box{}, paths: map[*procedure.Edge][]*box{}}
	l.size()
	l.rank()
	l.buildRows()
	l.place()
	return l
}

// size gives every node its box and text lines.
func (l *layout) size() {
	for _, n := range l.g.Nodes {
		b := &box{node: n}
		switch n.Kind {
		case procedure.QuestionNode:
			b.w = questionWidth
			b.lines = wrap(n.Question.Text.In(l.lang), charsPerLine)
			b.h = 30 + float64(len(b.lines))*lineHeight
		case procedure.EffectNode:
			b.w = effectWidth
			b.lines = effectLines(n, l.lang)
			b.h = 14 + float64(len(b.lines))*lineHeight
		case procedure.EndNode:
			b.w = endWidth
			b.lines = wrap(endLabel(l.g, n, l.lang), effectChars)
			b.h = 18 + float64(len(b.lines))*lineHeight
		}
		l.boxes[n.ID] = b
	}
}

// rank puts each question one row below the lowest question or effect
// leading to it; effects share their question's row; ends come last.
func (l *layout) rank() {
	for _, e := range l.g.Edges { // effects first: they take their question's rank
		if l.boxes[e.To].node.Kind == procedure.EffectNode {
			l.boxes[e.To].question = l.boxes[e.From]
		}
	}
	for range l.g.Nodes { // longest path by relaxation; bounded, so a cycle cannot hang it
		changed := false
		for _, e := range l.g.Edges {
			from, to := l.boxes[e.From], l.boxes[e.To]
			want := from.rank + 1
			if to.question == from {
				want = from.rank
			}
			if to.node.Kind != procedure.EndNode && to.rank < want {
				to.rank, changed = want, true
			}
		}
		if !changed {
			break
		}
	}
	last := 0
	for _, b := range l.boxes {
		last = max(last, b.rank)
	}
	for _, b := range l.boxes {
		if b.node.Kind == procedure.EndNode {
			b.rank = last + 1
		}
	}
}

// buildRows groups boxes by rank and adds a dummy wherever an edge crosses
// a row.
func (l *layout) buildRows() {
	last := 0
	for _, b := range l.boxes {
		last = max(last, b.rank)
	}
	l.rows = make([][]*box, last+1)
	for _, n := range l.g.Nodes { // graph order keeps the drawing stable
		if b := l.boxes[n.ID]; b.question == nil {
			l.rows[b.rank] = append(l.rows[b.rank], b)
		}
	}
	for _, e := range l.g.Edges {
		from, to := l.boxes[e.From], l.boxes[e.To]
		for r := from.rank + 1; r < to.rank; r++ {
			d := &box{w: dummyWidth, rank: r}
			l.paths[e] = append(l.paths[e], d)
			l.rows[r] = append(l.rows[r], d)
		}
	}
}

// place sets x and y: each block goes under the leftmost box leading to
// it, pushed right only as far as needed to keep clear of its neighbours.
func (l *layout) place() {
	y := float64(headerHeight)
	for r, row := range l.rows {
		for _, b := range row {
			b.desiredCenter = l.desired(b)
		}
		slices.SortStableFunc(row, func(a, b *box) int {
			switch {
			case a.desiredCenter < b.desiredCenter:
				return -1
			case a.desiredCenter > b.desiredCenter:
				return 1
			}
			return 0
		})
		right := float64(margin) - gapX
		rowHeight := 0.0
		for _, b := range row {
			b.x = max(b.desiredCenter-b.w/2, right+gapX)
			b.y = y
			right = b.x + b.w
			rowHeight = max(rowHeight, b.h)
			for i, e := range l.effectsOf(b) {
				e.effectIndex = i
				e.x = right + effectGapX
				if i > 0 {
					e.x = right + gapX
				}
				e.y = y
				right = e.x + e.w
				rowHeight = max(rowHeight, e.h)
			}
		}
		for _, b := range row { // a dummy spans its row, so the arrow runs straight through it
			if b.node == nil {
				b.h = rowHeight
			}
		}
		l.width = max(l.width, right+margin)
		l.rowTops = append(l.rowTops, y)
		if r < len(l.rows)-1 {
			y += rowHeight + gapY
		} else {
			y += rowHeight
		}
	}
	l.height = y + margin
}

// desired is the centre x a box would like: under the leftmost of the
// questions and long arrows leading to it, or under an effect if only
// effects lead to it.
func (l *layout) desired(b *box) float64 {
	best, bestEffect := -1.0, -1.0
	consider := func(src *box) {
		c := src.cx()
		if src.question != nil {
			if bestEffect < 0 || c < bestEffect {
				bestEffect = c
			}
			return
		}
		if best < 0 || c < best {
			best = c
		}
	}
	for _, e := range l.g.Edges {
		path := append(append([]*box{l.boxes[e.From]}, l.paths[e]...), l.boxes[e.To])
		for i := 1; i < len(path); i++ {
			if path[i] == b {
				consider(path[i-1])
			}
		}
	}
	switch {
	case best >= 0:
		return best
	case bestEffect >= 0:
		return bestEffect
	}
	return margin + b.w/2
}

// effectsOf returns the effect boxes of question box b, in graph order.
func (l *layout) effectsOf(b *box) []*box {
	var es []*box
	if b.node == nil {
		return nil
	}
	for _, n := range l.g.Nodes {
		if e := l.boxes[n.ID]; e.question == b {
			es = append(es, e)
		}
	}
	return es
}

// effectLines describes what an answer raises.
func effectLines(n *procedure.Node, lang string) []string {
	tr := i18n.Shared().Localizer(lang)
	var lines []string
	if n.Route != "" {
		lines = append(lines, wrap("→ "+procedure.RouteName(n.Route, lang), effectChars)...)
	}
	if n.LegalStop {
		lines = append(lines, tr.T("vocab.chart.legal_stop"))
	}
	if len(n.Aspects) > 0 {
		var names string
		for i, a := range n.Aspects {
			if i > 0 {
				names += ", "
			}
			names += procedure.AspectTitle(a, lang)
		}
		lines = append(lines, wrap(tr.T("vocab.chart.risk", names), effectChars)...)
	}
	return lines
}

// endLabel names the route an end calls for; an end that clears says that
// a heavier route raised on the way still applies, so nobody reads the box
// as clearing a collaboration an earlier answer sent elsewhere.
func endLabel(g *procedure.Graph, n *procedure.Node, lang string) string {
	label := procedure.RouteName(n.Route, lang)
	for _, other := range g.Nodes {
		if other.Kind == procedure.EffectNode && other.Route.Heavier(n.Route) {
			return i18n.Shared().Localizer(lang).T("vocab.chart.unless_heavier", label)
		}
	}
	return label
}
