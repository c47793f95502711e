package procedure

import (
	"reflect"
	"testing"
)

func TestPrefilledAnswersComeFromTheCase(t *testing.T) {
	p := shipped(t, "university")
	tests := []struct {
		name  string
		facts CaseFacts
		want  map[string]any
	}{
		{"nothing given", CaseFacts{}, map[string]any{}},
		{"kind only", CaseFacts{Kind: "incoming_delegation"}, map[string]any{"kind": "incoming_delegation"}},
		{"the lead partner's country", CaseFacts{Kind: "other", PartnerCountries: []string{"", "CN", "DE"}},
			map[string]any{"kind": "other", "partner_country": "CN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Prefilled(tt.facts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Prefilled(%+v) = %v, want %v", tt.facts, got, tt.want)
			}
		})
	}
	if q := p.Question("partner_country"); q.AnsweredFrom != FieldPartnerCountry {
		t.Errorf("the university's country question is answered from %q, want the partners' country", q.AnsweredFrom)
	}
	ev := p.Evaluate(p.Prefilled(CaseFacts{Kind: "research_collaboration", PartnerCountries: []string{"DE"}}))
	if ev.Missing != "a1_sanctions" {
		t.Errorf("with kind and country given the flowchart stops at %q, want the first question of section A", ev.Missing)
	}
}

func TestDoubtQuestion(t *testing.T) {
	for id, want := range map[string]string{"university": "g1_in_doubt", "science-provisional": "in_doubt"} {
		if q := shipped(t, id).DoubtQuestion(); q == nil || q.ID != want {
			t.Errorf("%s's doubt question = %v, want %s", id, q, want)
		}
	}
}
