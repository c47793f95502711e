package procedure

import "testing"

// FuzzParse feeds arbitrary files to the parser and, when they parse, to
// the checker, the evaluator and the graph: none of them may panic on
// anything an administrator could upload.
//
// The seeds are small procedures rather than the shipped files: with
// inputs of 20 kB the coverage-guided mutator stalls inside the YAML
// library's parser, while small seeds explore the same grammar quickly.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + q2))
	f.Add([]byte(minimal + `      - id: tech
        type: vocabulary
        vocabulary: eu_critical_technologies
        multiple: true
        when: {any: [{answer: q1, is: "yes"}, {not: {answer: q1, in: ["no"]}}]}
        on:
          flagged: {route: advice, aspects: [knowledge_transfer], legal_stop: true}
          none: {next: q1}
        next: q1
supplementary:
  - id: S
    title: {en: S, nl: S}
    questions:
      - {id: s1, type: text, text: {en: Why?, nl: Waarom?}}
mitigations:
  - {code: m, text: {en: M, nl: M}}
`))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.yaml", src)
		if err != nil {
			if _, ok := err.(Problems); !ok {
				t.Fatalf("Parse returned %T, want Problems", err)
			}
			return
		}
		for _, pr := range Check(File{"fuzz.yaml", src}) {
			if pr.Line < 1 || pr.Column < 1 {
				t.Fatalf("problem without a position: %v", pr)
			}
		}
		ev := p.Evaluate(map[string]any{"q1": "yes", "tech": []any{"quantum"}})
		p.Graph(&ev)
	})
}
