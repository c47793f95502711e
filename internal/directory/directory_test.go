package directory

import (
	"slices"
	"testing"
)

func TestSearch(t *testing.T) {
	if n := Len(); n != 10251 {
		t.Errorf("the directory has %d entries, want the 10,251 universities of the source list", n)
	}
	tests := []struct {
		q       string
		want    string // among the results
		country string
	}{
		{"leiden", "Universiteit Leiden", "NL"},
		{"univ leid", "Universiteit Leiden", "NL"},
		{"harbin inst tech", "Harbin Institute of Technology", "CN"},
		{"SÃO PAULO", "", ""},
	}
	for _, tt := range tests {
		got, err := Search(tt.q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Errorf("Search(%q) found nothing", tt.q)
			continue
		}
		if tt.want != "" && !slices.ContainsFunc(got, func(e Entry) bool { return e.Name == tt.want && e.Country == tt.country && e.Website != "" }) {
			t.Errorf("Search(%q) = %+v, want %s (%s) with a website among them", tt.q, got, tt.want, tt.country)
		}
	}
	// Both Northeastern Universities come back, told apart by country.
	got, _ := Search("northeastern university", 5)
	countries := map[string]bool{}
	for _, e := range got {
		if e.Name == "Northeastern University" {
			countries[e.Country] = true
		}
	}
	if !countries["US"] || !countries["CN"] {
		t.Errorf("Northeastern University should be found in the US and in China, got %+v", got)
	}
	if got, _ := Search("a", 10); len(got) != 0 {
		t.Errorf("a one-letter query found %d entries, want none", len(got))
	}
}

func BenchmarkSearch(b *testing.B) {
	Len()
	for b.Loop() {
		Search("univ tech", 10)
	}
}
