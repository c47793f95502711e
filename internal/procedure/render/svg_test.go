package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/procedure"
)

func shipped(t testing.TB) []*procedure.Procedure {
	t.Helper()
	ps, err := procedure.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestBoxesDoNotOverlap(t *testing.T) {
	for _, p := range shipped(t) {
		for _, lang := range []string{"en", "nl"} {
			l := newLayout(p.Graph(nil), lang)
			var boxes []*box
			for _, row := range l.rows {
				for _, b := range row {
					boxes = append(boxes, b)
					boxes = append(boxes, l.effectsOf(b)...)
				}
			}
			if len(boxes) < len(p.Questions()) {
				t.Fatalf("%s: %d boxes for %d questions", p.ID, len(boxes), len(p.Questions()))
			}
			for i, a := range boxes {
				if a.x < 0 || a.y < headerHeight || a.x+a.w > l.width || a.bottom() > l.height {
					t.Errorf("%s/%s: box %v lies outside the picture", p.ID, lang, a.node)
				}
				for _, b := range boxes[i+1:] {
					if a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.bottom() && b.y < a.bottom() {
						t.Errorf("%s/%s: boxes overlap: %+v and %+v", p.ID, lang, a, b)
					}
				}
			}
		}
	}
}

func TestYesNoEdgesAreLabelled(t *testing.T) {
	for _, p := range shipped(t) {
		g := p.Graph(nil)
		for _, e := range g.Edges {
			from := g.Node(e.From)
			if from.Kind != procedure.QuestionNode || from.Question.Type != procedure.YesNo {
				continue
			}
			en, nl := g.Label(e, "en"), g.Label(e, "nl")
			if !strings.Contains(en, "yes") && !strings.Contains(en, "no") {
				t.Errorf("%s: edge %s → %s is labelled %q", p.ID, e.From, e.To, en)
			}
			if !strings.Contains(nl, "ja") && !strings.Contains(nl, "nee") {
				t.Errorf("%s: edge %s → %s is labelled %q in Dutch", p.ID, e.From, e.To, nl)
			}
		}
	}
}

func TestSVGIsWellFormed(t *testing.T) {
	for _, p := range shipped(t) {
		for _, lang := range []string{"en", "nl"} {
			out, err := SVG(p, nil, lang)
			if err != nil {
				t.Fatal(err)
			}
			dec := xml.NewDecoder(bytes.NewReader(out))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s/%s: not well-formed XML: %v", p.ID, lang, err)
				}
			}
			if !bytes.Contains(out, []byte(p.Title.In(lang))) {
				t.Errorf("%s/%s: the title is missing", p.ID, lang)
			}
		}
	}
	if _, err := SVG(shipped(t)[0], nil, "fr"); err == nil {
		t.Error("an unknown language was accepted")
	}
}

func TestSVGHighlightsThePath(t *testing.T) {
	p := university(t)
	ev := p.Evaluate(map[string]any{"kind": "research_collaboration", "partner_country": "NO", "a1_sanctions": "yes"})
	out, err := SVG(p, &ev, "en")
	if err != nil {
		t.Fatal(err)
	}
	group := func(id string) string {
		i := bytes.Index(out, []byte(`<g id="node-`+id+`"`))
		if i < 0 {
			t.Fatalf("no node %s", id)
		}
		return string(out[i : i+bytes.Index(out[i:], []byte("</g>"))])
	}
	for _, id := range []string{"a1_sanctions", "a1_sanctions.yes", "a2_country_sanctions"} {
		if g := group(id); !strings.Contains(g, takenColor) || strings.Contains(g, "opacity") {
			t.Errorf("node %s is on the path but not highlighted: %s", id, g)
		}
	}
	for _, id := range []string{"a3_dual_use", "e1_transfer.yes"} {
		if g := group(id); !strings.Contains(g, `opacity="0.4"`) {
			t.Errorf("node %s is off the path but not faded: %s", id, g)
		}
	}
	if !bytes.Contains(out, []byte("Route: Not yet known")) {
		t.Error("the header does not say the route is not yet known")
	}
}

func TestTextFormats(t *testing.T) {
	p := university(t)
	ev := p.Evaluate(map[string]any{"kind": "research_collaboration", "partner_country": "NO", "a1_sanctions": "no"})
	mm, err := Mermaid(p, &ev, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"flowchart TD", `-->|"yes"|`, `-->|"no"|`, `"a1_sanctions: Is the partner organisation`, "linkStyle", "([\"Committee decides (mandatory)\"])"} {
		if !strings.Contains(string(mm), want) {
			t.Errorf("mermaid lacks %q", want)
		}
	}
	dot, err := Dot(p, &ev, "nl")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"digraph \"university@2025.1\"", `"a1_sanctions" -> "a1_sanctions.yes" [label="ja"]`, `"a1_sanctions" -> "a2_country_sanctions" [label="nee", color="#1a56db", penwidth=3]`} {
		if !strings.Contains(string(dot), want) {
			t.Errorf("dot lacks %q", want)
		}
	}
}

// TestDocumentationPictureIsCurrent keeps docs/flowchart-university.svg in
// step with the renderer and the shipped procedure.
func TestDocumentationPictureIsCurrent(t *testing.T) {
	want, err := SVG(university(t), nil, "en")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../docs/flowchart-university.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("docs/flowchart-university.svg is out of date; regenerate it with\n\tgo run ./cmd/kscheck procedure render university --format svg > docs/flowchart-university.svg")
	}
}

func university(t testing.TB) *procedure.Procedure {
	for _, p := range shipped(t) {
		if p.ID == "university" {
			return p
		}
	}
	t.Fatal("no university procedure shipped")
	return nil
}

// BenchmarkSVG measures drawing the university flowchart.
func BenchmarkSVG(b *testing.B) {
	p := university(b)
	for b.Loop() {
		if _, err := SVG(p, nil, "en"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSVGCapitalisesAspects: an effect box names its risk aspects as the
// procedure's outline and the dossier do, each with a capital, in English
// and Dutch; the picture stays well-formed and keeps its title and
// description for screen readers.
func TestSVGCapitalisesAspects(t *testing.T) {
	p := university(t)
	for lang, want := range map[string][]string{
		"en": {"Risk: Knowledge transfer", "Risk: Influence, Ethics"},
		"nl": {"Risico: Kennisoverdracht", "Risico: Beïnvloeding, Ethiek"},
	} {
		out, err := SVG(p, nil, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !bytes.Contains(out, []byte(w)) {
				t.Errorf("%s: the chart lacks %q", lang, w)
			}
		}
		for _, a := range []procedure.Aspect{procedure.KnowledgeTransfer, procedure.Influence, procedure.Ethics} {
			if lower := procedure.AspectName(a, lang); bytes.Contains(out, []byte(": "+lower)) || bytes.Contains(out, []byte(", "+lower)) {
				t.Errorf("%s: the chart names the aspect %q in lower case", lang, lower)
			}
		}
		var doc struct {
			Title string `xml:"title"`
			Desc  string `xml:"desc"`
		}
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("%s: not well-formed XML: %v", lang, err)
		}
		if doc.Title != p.Title.In(lang) || doc.Desc == "" {
			t.Errorf("%s: title %q, description %q", lang, doc.Title, doc.Desc)
		}
	}
}
