package screening

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// excerptIndex indexes the ASPI and UN excerpts in testdata.
func excerptIndex(t testing.TB) *Index {
	t.Helper()
	return NewIndex([]*Snapshot{readOne(t, filepath.Join("testdata", "aspi-excerpt.json")),
		readOne(t, filepath.Join("testdata", "un-excerpt.xml")), readOne(t, filepath.Join("testdata", "ofac-sdn"))})
}

// TestSearchHardCases are the cases product.md names: each query must
// find exactly the expected listed entity first (or nothing), at the
// expected strength.
func TestSearchHardCases(t *testing.T) {
	ix := excerptIndex(t)
	tests := []struct {
		q        Query
		first    string // primary name of the best candidate, "" for none
		strength string
	}{
		{Query{"Northeastern University", "US", "organization"}, "", ""},
		{Query{"Northeastern University", "CN", "organization"}, "Northeastern University", "strong"},
		{Query{"Northeastern University", "", ""}, "Northeastern University", "strong"},
		{Query{"Nanjing University", "CN", ""}, "Nanjing University", "strong"},
		{Query{"NUAA", "", ""}, "Nanjing University of Aeronautics and Astronautics", "strong"},
		{Query{"南京航空航天大学", "", ""}, "Nanjing University of Aeronautics and Astronautics", "strong"},
		{Query{"Harbin Institue of Technolgy", "CN", "organization"}, "Harbin Institute of Technology", "strong"},
		{Query{"NUDT", "", ""}, "National University of Defense Technology", "strong"},
		{Query{"BUAA", "CN", ""}, "Beihang University", "strong"},
		{Query{"BADEGE, Eric", "", "person"}, "ERIC BADEGE", "strong"},
		{Query{"Banco Nacional de Cuba", "", ""}, "BANCO NACIONAL DE CUBA", "strong"},
		{Query{"Leiden University", "NL", "organization"}, "", ""},
	}
	for _, tt := range tests {
		q, err := normalizeQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		ms := ix.search(q, DefaultThresholds)
		switch {
		case tt.first == "" && len(ms) > 0:
			t.Errorf("%+v: got %q %.3f, want no candidate", tt.q, ms[0].Name, ms[0].Score)
		case tt.first == "":
		case len(ms) == 0:
			t.Errorf("%+v: no candidate, want %q", tt.q, tt.first)
		case ms[0].Name != tt.first || ms[0].Strength != tt.strength:
			t.Errorf("%+v: got %q %s %.3f, want %q %s", tt.q, ms[0].Name, ms[0].Strength, ms[0].Score, tt.first, tt.strength)
		}
	}
}

// TestSearchNearNamesakes: institutions sharing a city name with a tracked
// one stay below the review threshold.
func TestSearchNearNamesakes(t *testing.T) {
	ix := excerptIndex(t)
	for _, pair := range [][2]string{
		{"Nanjing University", "Nanjing University of Aeronautics and Astronautics"},
		{"Harbin University of Science and Technology", "Harbin Institute of Technology"},
		{"Beijing University", "Beihang University"},
	} {
		for _, m := range ix.search(Query{Name: pair[0]}, DefaultThresholds) {
			if m.Name == pair[1] {
				t.Errorf("%q found %q at %.3f", pair[0], pair[1], m.Score)
			}
		}
	}
}

// TestSearchExplains: every candidate says which words matched and cites
// its snapshot.
func TestSearchExplains(t *testing.T) {
	ix := excerptIndex(t)
	ms := ix.search(Query{Name: "Northeastern Universty", Country: "US", Type: "organization"}, Thresholds{Review: 0.3, Strong: 0.9})
	if len(ms) == 0 {
		t.Fatal("no candidate")
	}
	m := ms[0]
	if len(m.Explanation.Tokens) != 2 || m.Explanation.Tokens[1].Listed != "university" || m.Explanation.Tokens[1].Similarity >= 1 {
		t.Errorf("tokens %+v", m.Explanation.Tokens)
	}
	if len(m.Explanation.Notes) != 1 || m.Snapshot.List != ListASPI || len(m.Snapshot.SHA256) != 64 || !m.Assessment {
		t.Errorf("notes %v snapshot %+v assessment %v", m.Explanation.Notes, m.Snapshot, m.Assessment)
	}
}

// TestSkipCommonKeepsResults: leaving words found in very many names out
// of candidate gathering changes no result.
func TestSkipCommonKeepsResults(t *testing.T) {
	s := &Snapshot{List: "test", SHA256: "x"}
	words := []string{"harbin", "nanjing", "wuhan", "beijing", "shanghai", "tianjin", "xian", "dalian"}
	kinds := []string{"University", "Institute of Technology", "University of Science and Technology"}
	for i := range 6000 {
		name := words[i%len(words)] + " " + words[(i/len(words))%len(words)] + fmt.Sprint(i/64) + " " + kinds[i%len(kinds)]
		s.Entities = append(s.Entities, &Entity{List: "test", ID: fmt.Sprint(i), Type: TypeOrganization,
			Names: []Name{{Full: name, Quality: QualityPrimary}}})
	}
	ix := NewIndex([]*Snapshot{s})
	full := NewIndex([]*Snapshot{s})
	full.commonPostings = len(full.names) + 1
	th := Thresholds{Review: 0.5, Strong: 0.9}
	found := 0
	for _, q := range []string{"Harbin Nanjing12 University", "Wuhan University", "Xian Beijing7 Institute of Technology",
		"University of Science and Technology", "Dalian Tianjin3 Universty"} {
		got, want := ix.search(Query{Name: q}, th), full.search(Query{Name: q}, th)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %d candidates with skipping, %d without", q, len(got), len(want))
		}
		found += len(got)
	}
	if found == 0 {
		t.Error("no query found anything: the test compares nothing")
	}
	if skip, _, _ := ix.skipCommon([][]candidate{ix.lookup("university", false), ix.lookup("wuhan", false)}, []float64{1, 5}, th.Review); !skip[0] {
		t.Error("the common word was not skipped: the test exercises nothing")
	}
}

// TestBoundsKeepResults: the upper bounds that spare names full scoring
// (including the cap on what a short name can share with a query that
// repeats a word) and the budget of word pairs change no result: search
// finds what scoring every listed name in full finds.
func TestBoundsKeepResults(t *testing.T) {
	snaps := []*Snapshot{readOne(t, filepath.Join("testdata", "aspi-excerpt.json")),
		readOne(t, filepath.Join("testdata", "un-excerpt.xml")), readOne(t, filepath.Join("testdata", "ofac-sdn"))}
	ix := NewIndex(snaps)
	th := DefaultThresholds
	found := 0
	for _, s := range snaps {
		for _, e := range s.Entities {
			for _, name := range []string{e.Primary(), e.Primary() + " " + e.Primary(),
				strings.Repeat(strings.Fields(e.Primary())[0]+" ", 12) + e.Primary()} {
				q := Query{Name: name}
				qs, nMain := ix.querySide(q)
				all := map[int32]Match{}
				for n := range ix.names {
					ix.scoreName(all, q, qs, nMain, int32(n), th)
				}
				got, want := ix.search(q, th), sortedMatches(all)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q: search found %v, scoring every name %v", name, got, want)
				}
				found += len(got)
			}
		}
	}
	if found == 0 {
		t.Error("nothing found: the test compares nothing")
	}
}
