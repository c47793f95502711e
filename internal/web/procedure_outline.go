package web

import (
	"strings"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/procedure"
)

// outlineSection is a section of the flowchart written out as text.
type outlineSection struct {
	Title string
	Steps []outlineStep
}

// outlineStep is one question and where each answer leads: the text
// equivalent of the diagram, for screen readers and for reading.
type outlineStep struct {
	ID, Text, Help string
	Branches       []outlineBranch
}

// outlineBranch is one arrow out of a question. Answer is empty when every
// answer goes the same way; NextID names the next question (empty at the
// end of the flowchart, where End says the route).
type outlineBranch struct {
	Answer   string
	Effects  []string
	NextID   string
	NextText string
	End      string
}

// outline writes p's graph out question by question in l's language. It
// reads the same Graph the SVG is drawn from, so the two cannot disagree.
func outline(p *procedure.Procedure, l *i18n.Localizer) []outlineSection {
	lang := l.Lang()
	g := p.Graph(nil)
	var out []outlineSection
	for _, sec := range p.Sections {
		os := outlineSection{Title: sec.Title.In(lang)}
		for _, q := range sec.Questions {
			step := outlineStep{ID: q.ID, Text: q.Text.In(lang), Help: q.Help.In(lang)}
			for _, e := range g.Edges {
				if e.From == q.ID {
					step.Branches = append(step.Branches, outlineArrow(g, e, l))
				}
			}
			os.Steps = append(os.Steps, step)
		}
		out = append(out, os)
	}
	return out
}

// outlineArrow follows e through an effect box, if any, to a question or
// an end.
func outlineArrow(g *procedure.Graph, e *procedure.Edge, l *i18n.Localizer) outlineBranch {
	lang := l.Lang()
	b := outlineBranch{Answer: g.Label(e, lang)}
	to := g.Node(e.To)
	if to.Kind == procedure.EffectNode {
		if to.LegalStop {
			b.Effects = append(b.Effects, l.T("vocab.legal_stop"))
		}
		for _, a := range to.Aspects {
			b.Effects = append(b.Effects, procedure.AspectTitle(a, lang))
		}
		if to.Route != "" {
			b.Effects = append(b.Effects, procedure.RouteName(to.Route, lang))
		}
		for _, next := range g.Edges {
			if next.From == to.ID {
				to = g.Node(next.To)
				break
			}
		}
	}
	switch to.Kind {
	case procedure.QuestionNode:
		b.NextID, b.NextText = to.ID, strings.TrimSpace(to.Question.Text.In(lang))
	default:
		b.End = procedure.RouteName(to.Route, lang)
	}
	return b
}
