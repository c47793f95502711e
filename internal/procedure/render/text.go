package render

import (
	"fmt"
	"strings"

	"github.com/kscheck/kscheck/internal/procedure"
)

// nodeLabel is a node's text for the text formats: the question, or what
// an effect raises, or the route an end calls for.
func nodeLabel(g *procedure.Graph, n *procedure.Node, lang string) string {
	switch n.Kind {
	case procedure.QuestionNode:
		return n.Question.ID + ": " + n.Question.Text.In(lang)
	case procedure.EffectNode:
		return strings.Join(effectLines(n, lang), " ")
	}
	return endLabel(g, n, lang)
}

// Mermaid writes the flowchart as a Mermaid "flowchart TD" diagram; with ev
// the path is styled as taken.
func Mermaid(p *procedure.Procedure, ev *procedure.Evaluation, lang string) ([]byte, error) {
	if err := checkLang(lang); err != nil {
		return nil, err
	}
	g := p.Graph(ev)
	ids := map[string]string{}
	var w strings.Builder
	fmt.Fprintf(&w, "---\ntitle: %s\n---\nflowchart TD\n", mermaidText(p.Title.In(lang)+" ("+p.Ref()+")"))
	for i, n := range g.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
		open, close := "[", "]"
		switch n.Kind {
		case procedure.EffectNode:
			open, close = "[/", "/]"
		case procedure.EndNode:
			open, close = "([", "])"
		}
		fmt.Fprintf(&w, "  %s%s\"%s\"%s\n", ids[n.ID], open, mermaidText(nodeLabel(g, n, lang)), close)
	}
	for i, e := range g.Edges {
		if label := g.Label(e, lang); label != "" {
			fmt.Fprintf(&w, "  %s -->|\"%s\"| %s\n", ids[e.From], mermaidText(label), ids[e.To])
		} else {
			fmt.Fprintf(&w, "  %s --> %s\n", ids[e.From], ids[e.To])
		}
		if e.Taken {
			fmt.Fprintf(&w, "  linkStyle %d stroke:%s,stroke-width:3px\n", i, takenColor)
		}
	}
	for _, n := range g.Nodes {
		fill, stroke := "#ffffff", "#4a5568"
		if n.Kind != procedure.QuestionNode {
			fill, stroke = palette[n.Route][0], palette[n.Route][1]
		}
		if n.Taken {
			stroke = takenColor
		}
		fmt.Fprintf(&w, "  style %s fill:%s,stroke:%s\n", ids[n.ID], fill, stroke)
	}
	return []byte(w.String()), nil
}

// mermaidText escapes what Mermaid would read as syntax in a quoted label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ").Replace(s)
}

// Dot writes the flowchart in the Graphviz dot language; with ev the path
// is drawn bold and blue.
func Dot(p *procedure.Procedure, ev *procedure.Evaluation, lang string) ([]byte, error) {
	if err := checkLang(lang); err != nil {
		return nil, err
	}
	g := p.Graph(ev)
	var w strings.Builder
	fmt.Fprintf(&w, "digraph %s {\n  label=%s;\n  labelloc=t;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=\"#ffffff\"];\n",
		dotText(p.Ref()), dotText(p.Title.In(lang)))
	for _, n := range g.Nodes {
		attrs := fmt.Sprintf("label=%s", dotText(strings.Join(wrap(nodeLabel(g, n, lang), charsPerLine), "\n")))
		if n.Kind != procedure.QuestionNode {
			attrs += fmt.Sprintf(", fillcolor=%s, color=%s", dotText(palette[n.Route][0]), dotText(palette[n.Route][1]))
		}
		if n.Kind == procedure.EndNode {
			attrs += ", shape=oval"
		}
		if n.Taken {
			attrs += fmt.Sprintf(", color=%s, penwidth=3", dotText(takenColor))
		}
		fmt.Fprintf(&w, "  %s [%s];\n", dotText(n.ID), attrs)
	}
	for _, e := range g.Edges {
		attrs := fmt.Sprintf("label=%s", dotText(g.Label(e, lang)))
		if e.Taken {
			attrs += fmt.Sprintf(", color=%s, penwidth=3", dotText(takenColor))
		}
		fmt.Fprintf(&w, "  %s -> %s [%s];\n", dotText(e.From), dotText(e.To), attrs)
	}
	w.WriteString("}\n")
	return []byte(w.String()), nil
}

// dotText quotes s as a dot string.
func dotText(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
