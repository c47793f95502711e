package procedure

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// shipped returns the shipped procedure with id.
func shipped(t testing.TB, id string) *Procedure {
	t.Helper()
	ps, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Get(id, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// allNo answers the university flowchart with "no" everywhere.
func allNo() map[string]any {
	a := map[string]any{
		"kind": "research_collaboration", "partner_country": "DE",
		"b1_critical_technology": []any{},
		"f1_value":               "Joint work on rare manuscripts.", "f2_why_partner": "They hold the collection.",
	}
	for _, id := range []string{"a1_sanctions", "a2_country_sanctions", "a3_dual_use", "b2_crown_jewels", "b3_misuse",
		"c1_country_risk", "c2_civil_military", "d1_security_ties", "d2_opaque", "d3_control",
		"e1_transfer", "e2_access", "e3_hosted", "e4_publication", "e5_travel", "g1_in_doubt"} {
		a[id] = "no"
	}
	return a
}

func with(base map[string]any, kv ...any) map[string]any {
	a := maps.Clone(base)
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(a, kv[i].(string))
			continue
		}
		a[kv[i].(string)] = kv[i+1]
	}
	return a
}

func TestEvaluateUniversity(t *testing.T) {
	p := shipped(t, "university")
	type aspects map[Aspect][]string // aspect → questions that raised it
	tests := []struct {
		name      string
		answers   map[string]any
		route     kscheck.Route
		missing   string
		legalStop bool
		aspects   aspects
	}{
		{"all no", allNo(), kscheck.RouteCleared, "", false, aspects{}},
		{"yes as a JSON boolean", with(allNo(), "d2_opaque", true), kscheck.RouteSupplementary, "", false, aspects{Influence: {"d2_opaque"}}},
		{"opaque partner", with(allNo(), "d2_opaque", "yes"), kscheck.RouteSupplementary, "", false, aspects{Influence: {"d2_opaque"}}},
		{"sanctioned partner", with(allNo(), "a1_sanctions", "yes"), kscheck.RouteCommittee, "", true, aspects{KnowledgeTransfer: {"a1_sanctions"}, Ethics: {"a1_sanctions"}}},
		{"dual use with categories", with(allNo(), "a3_dual_use", "yes", "a3_categories", []any{"3", "5"}), kscheck.RouteCommittee, "", true, aspects{KnowledgeTransfer: {"a3_dual_use"}}},
		{"dual use without categories", with(allNo(), "a3_dual_use", "yes"), kscheck.RouteNone, "a3_categories", true, aspects{KnowledgeTransfer: {"a3_dual_use"}}},
		{"most critical technology", with(allNo(), "b1_critical_technology", []any{"energy", "artificial_intelligence"}), kscheck.RouteAdvice, "", false, aspects{KnowledgeTransfer: {"b1_critical_technology"}}},
		{"other critical technology", with(allNo(), "b1_critical_technology", []any{"energy"}), kscheck.RouteSupplementary, "", false, aspects{KnowledgeTransfer: {"b1_critical_technology"}}},
		{"several yes, heaviest wins", with(allNo(), "c1_country_risk", "yes", "d1_security_ties", "yes", "e1_transfer", "yes"), kscheck.RouteAdvice, "", false,
			aspects{KnowledgeTransfer: {"d1_security_ties", "e1_transfer"}, Influence: {"c1_country_risk"}, Ethics: {"c1_country_risk"}}},
		{"still in doubt", with(allNo(), "g1_in_doubt", "yes"), kscheck.RouteCommittee, "", false, aspects{}},
		{"unanswered question stops the path", with(allNo(), "b2_crown_jewels", nil), kscheck.RouteNone, "b2_crown_jewels", false, aspects{}},
		{"invalid answer counts as none", with(allNo(), "b2_crown_jewels", "perhaps"), kscheck.RouteNone, "b2_crown_jewels", false, aspects{}},
		{"hosting question skipped for a lecture", with(allNo(), "kind", "lecture_outside_eu", "e3_hosted", "yes"), kscheck.RouteCleared, "", false, aspects{}},
		{"travel question asked for a lecture", with(allNo(), "kind", "lecture_outside_eu", "e5_travel", nil), kscheck.RouteNone, "e5_travel", false, aspects{}},
		{"empty opportunity text is missing", with(allNo(), "f1_value", "  "), kscheck.RouteNone, "f1_value", false, aspects{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := p.Evaluate(tt.answers)
			if ev.Route != tt.route || ev.Missing != tt.missing || ev.LegalStop != tt.legalStop {
				t.Errorf("route %q missing %q legal stop %v; want %q %q %v", ev.Route, ev.Missing, ev.LegalStop, tt.route, tt.missing, tt.legalStop)
			}
			if ev.Complete != (tt.missing == "") {
				t.Errorf("complete = %v with missing %q", ev.Complete, ev.Missing)
			}
			got := aspects{}
			for _, ra := range ev.Aspects {
				for _, c := range ra.By {
					got[ra.Aspect] = append(got[ra.Aspect], c.Question)
				}
			}
			if !reflect.DeepEqual(got, tt.aspects) {
				t.Errorf("aspects %v, want %v", got, tt.aspects)
			}
			if want := tt.route.Heavier(kscheck.RouteCleared); ev.Supplementary != want {
				t.Errorf("supplementary = %v, want %v", ev.Supplementary, want)
			}
		})
	}
}

func TestEvaluateRecordsOpportunitiesAndTrail(t *testing.T) {
	p := shipped(t, "university")
	ev := p.Evaluate(with(allNo(), "kind", "lecture_outside_eu"))
	want := []Opportunity{{"f1_value", "Joint work on rare manuscripts."}, {"f2_why_partner", "They hold the collection."}}
	if !reflect.DeepEqual(ev.Opportunities, want) {
		t.Errorf("opportunities %v, want %v", ev.Opportunities, want)
	}
	var skipped []string
	for _, s := range ev.Trail {
		if s.Outcome == OutcomeSkipped {
			skipped = append(skipped, s.Question)
		}
	}
	if !reflect.DeepEqual(skipped, []string{"e3_hosted"}) {
		t.Errorf("skipped %v, want [e3_hosted]", skipped)
	}
	last := ev.Trail[len(ev.Trail)-1]
	if last.Question != "g1_in_doubt" || last.Route != kscheck.RouteCleared || last.Because["en"] == "" {
		t.Errorf("last step %+v, want g1_in_doubt clearing with an explanation", last)
	}
	if again := p.Evaluate(with(allNo(), "kind", "lecture_outside_eu")); !reflect.DeepEqual(ev, again) {
		t.Error("the same answers gave a different evaluation")
	}
}

func TestEvaluateOtherTracks(t *testing.T) {
	tests := []struct {
		procedure string
		answers   map[string]any
		route     kscheck.Route
	}{
		{"fossil-fuel", map[string]any{"fossil_company": "no"}, kscheck.RouteCleared},
		{"fossil-fuel", map[string]any{"fossil_company": "yes", "paris_aligned": "no", "energy_transition": "no"}, kscheck.RouteCommittee},
		{"fossil-fuel", map[string]any{"fossil_company": "yes", "paris_aligned": "yes", "evidence": "Published 1.5 °C plan.", "in_doubt": "no"}, kscheck.RouteAdvice},
		{"fossil-fuel", map[string]any{"fossil_company": "yes", "paris_aligned": "no", "energy_transition": "yes", "evidence": "Offshore wind storage.", "in_doubt": "yes"}, kscheck.RouteCommittee},
		{"science-provisional", map[string]any{"partner_country": "JP", "legal_stop": "no", "sensitive_knowledge": []any{"quantum"}, "partner_ties": "no", "influence": "no", "value": "Shared beamline.", "in_doubt": "no"}, kscheck.RouteAdvice},
		{"science-provisional", map[string]any{"partner_country": "JP", "legal_stop": "no", "sensitive_knowledge": []any{}, "partner_ties": "no", "influence": "no", "value": "Shared beamline.", "in_doubt": "no"}, kscheck.RouteCleared},
	}
	for _, tt := range tests {
		ev := shipped(t, tt.procedure).Evaluate(tt.answers)
		if ev.Route != tt.route || !ev.Complete {
			t.Errorf("%s %v: route %q complete %v, want %q", tt.procedure, tt.answers, ev.Route, ev.Complete, tt.route)
		}
	}
}

func TestValidateAnswers(t *testing.T) {
	p := shipped(t, "university")
	if err := p.ValidateAnswers(allNo()); err != nil {
		t.Fatalf("valid answers rejected: %v", err)
	}
	tests := []struct {
		answers map[string]any
		want    string
	}{
		{map[string]any{"nationality": "NL"}, `has no question "nationality"`},
		{map[string]any{"a1_sanctions": "maybe"}, `takes yes or no`},
		{map[string]any{"b1_critical_technology": []any{"warp_drive"}}, `"warp_drive" is not an answer`},
		{map[string]any{"partner_country": []any{"NL"}}, `takes one code`},
		{map[string]any{"f1_value": 3.0}, `takes a text`},
	}
	for _, tt := range tests {
		err := p.ValidateAnswers(tt.answers)
		if kscheck.ErrorCode(err) != kscheck.EInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: got %v, want an invalid error containing %q", tt.answers, err, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	p := shipped(t, "university")
	qs := p.Visible(map[string]any{"kind": "lecture_outside_eu", "partner_country": "US", "a1_sanctions": "no"})
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	if want := []string{"kind", "partner_country", "a1_sanctions", "a2_country_sanctions"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("visible %v, want %v", ids, want)
	}
}

// BenchmarkEvaluate measures one evaluation of a full set of answers.
func BenchmarkEvaluate(b *testing.B) {
	p := shipped(b, "university")
	answers := with(allNo(), "b1_critical_technology", []any{"quantum"}, "d2_opaque", "yes")
	for b.Loop() {
		p.Evaluate(answers)
	}
}

func TestAnswerText(t *testing.T) {
	p := shipped(t, "university")
	tests := []struct {
		id, outcome string
		values      []string
		lang, want  string
	}{
		{"a1_sanctions", "yes", []string{"yes"}, "nl", "ja"},
		{"e3_hosted", OutcomeSkipped, nil, "en", "not asked"},
		{"partner_country", OutcomeAny, []string{"CH"}, "nl", "Zwitserland"},
		{"b1_critical_technology", OutcomeFlagged, []string{"energy", "quantum"}, "en", "Energy technologies; Quantum technologies (sensitive)"},
		{"b1_critical_technology", OutcomeNone, []string{}, "en", "none"},
		{"f1_value", OutcomeAnswered, []string{"Shared archives."}, "en", "Shared archives."},
	}
	for _, tt := range tests {
		if got := p.AnswerText(tt.id, tt.outcome, tt.values, tt.lang); got != tt.want {
			t.Errorf("%s %v in %s: %q, want %q", tt.id, tt.values, tt.lang, got, tt.want)
		}
	}
}
