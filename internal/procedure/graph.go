package procedure

import (
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// NodeKind says what a node of the flowchart graph stands for.
type NodeKind int

// Node kinds.
const (
	QuestionNode NodeKind = iota // a question
	EffectNode                   // what an answer raises: a route, risk aspects, a legal stop
	EndNode                      // the end of the flowchart, with the route it calls for
)

// Graph is the flowchart as nodes and edges, the common ground of every
// drawing (SVG, Mermaid, Graphviz) so that they cannot disagree.
type Graph struct {
	Procedure *Procedure
	Nodes     []*Node
	Edges     []*Edge
}

// Node is a box of the flowchart.
type Node struct {
	ID        string
	Kind      NodeKind
	Question  *Question     // QuestionNode
	Route     kscheck.Route // EffectNode, EndNode
	Aspects   []Aspect      // EffectNode
	LegalStop bool          // EffectNode
	Taken     bool          // on the path of the evaluation drawn with the graph
}

// Edge is an arrow; Keys are the outcomes it stands for (several answers
// leading to the same place share one arrow).
type Edge struct {
	From, To string
	Keys     []string
	Taken    bool
}

// Label returns the edge's label in lang, e.g. "yes" or "no / not asked";
// an arrow that every answer takes needs no label.
func (g *Graph) Label(e *Edge, lang string) string {
	from := g.Node(e.From)
	if from == nil || from.Question == nil {
		return ""
	}
	every := true
	for _, o := range g.Procedure.outcomes(from.Question) {
		every = every && slices.Contains(e.Keys, o.key)
	}
	if every {
		return ""
	}
	var names []string
	for _, k := range e.Keys {
		if k == OutcomeFlagged && slices.Contains(e.Keys, OutcomeAny) {
			continue // a flagged choice is one of "any chosen"
		}
		if n := from.Question.OutcomeName(k, lang); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, " / ")
}

// Node returns the node with id, or nil.
func (g *Graph) Node(id string) *Node {
	for _, n := range g.Nodes {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// Graph returns the flowchart of p as a graph. With an evaluation, the
// nodes and edges of its path are marked Taken.
func (p *Procedure) Graph(ev *Evaluation) *Graph {
	g := &Graph{Procedure: p}
	var ends []kscheck.Route
	for _, q := range p.Questions() {
		g.Nodes = append(g.Nodes, &Node{ID: q.ID, Kind: QuestionNode, Question: q})
	}
	for _, q := range p.Questions() {
		effects := map[*Branch]string{} // a flagged choice without its own branch shares the "any" one
		for _, o := range p.outcomes(q) {
			target := o.next
			if target == "" {
				r := kscheck.RouteNone
				if o.branch != nil {
					r = o.branch.Route
				}
				target = endID(r)
				if !slices.Contains(ends, r) {
					ends = append(ends, r)
				}
			}
			if b := o.branch; b != nil && (len(b.Aspects) > 0 || b.LegalStop || (b.Route != "" && o.next != "")) {
				effect, seen := effects[b]
				if !seen {
					effect = q.ID + "." + o.key
					effects[b] = effect
					g.Nodes = append(g.Nodes, &Node{ID: effect, Kind: EffectNode, Route: b.Route, Aspects: b.Aspects, LegalStop: b.LegalStop})
					g.addEdge(effect, target, "")
				}
				g.addEdge(q.ID, effect, o.key)
				continue
			}
			g.addEdge(q.ID, target, o.key)
		}
	}
	slices.SortFunc(ends, func(a, b kscheck.Route) int {
		if a.Heavier(b) {
			return 1
		}
		return -1
	})
	for _, r := range ends {
		g.Nodes = append(g.Nodes, &Node{ID: endID(r), Kind: EndNode, Route: r})
	}
	if ev != nil {
		g.markPath(ev)
	}
	return g
}

// addEdge adds an arrow, or adds key to an arrow between the same nodes.
func (g *Graph) addEdge(from, to, key string) {
	for _, e := range g.Edges {
		if e.From == from && e.To == to {
			e.Keys = append(e.Keys, key)
			return
		}
	}
	g.Edges = append(g.Edges, &Edge{From: from, To: to, Keys: []string{key}})
}

// markPath marks the questions, effects, ends and arrows ev went through.
func (g *Graph) markPath(ev *Evaluation) {
	for _, s := range ev.Trail {
		g.Node(s.Question).Taken = true
		for _, e := range g.Edges {
			if e.From == s.Question && slices.Contains(e.Keys, s.Outcome) {
				g.take(e)
			}
		}
	}
	if ev.Missing != "" {
		g.Node(ev.Missing).Taken = true
	}
}

// take marks e and its target, and through an effect the arrow onwards.
func (g *Graph) take(e *Edge) {
	e.Taken = true
	to := g.Node(e.To)
	to.Taken = true
	if to.Kind == EffectNode {
		for _, next := range g.Edges {
			if next.From == to.ID {
				g.take(next)
			}
		}
	}
}

func endID(r kscheck.Route) string { return "end." + string(r) }
