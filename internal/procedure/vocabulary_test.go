package procedure

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kscheck/kscheck/internal/kscheck"
)

func TestShippedVocabularies(t *testing.T) {
	vs, err := ShippedVocabularies()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id               string
		entries, flagged int
		first            string
	}{
		{"eu_critical_technologies", 10, 4, "semiconductors"},
		{"dual_use_annex_i", 10, 10, "0"},
		{"countries", 249, 0, "AD"},
		{"activity_kinds", len(kscheck.Kinds), 0, string(kscheck.Kinds[0])},
	}
	for _, tt := range tests {
		v := vs.Get(tt.id)
		if v == nil {
			t.Errorf("no vocabulary %s", tt.id)
			continue
		}
		flagged := 0
		for _, e := range v.Entries {
			if e.Flagged {
				flagged++
			}
			if e.Text["en"] == "" || e.Text["nl"] == "" {
				t.Errorf("%s/%s lacks a translation", tt.id, e.Code)
			}
		}
		if len(v.Entries) != tt.entries || flagged != tt.flagged || v.Entries[0].Code != tt.first {
			t.Errorf("%s: %d entries, %d flagged, first %q; want %d, %d, %q", tt.id, len(v.Entries), flagged, v.Entries[0].Code, tt.entries, tt.flagged, tt.first)
		}
	}
	for _, k := range kscheck.Kinds {
		if vs.Get("activity_kinds").Entry(string(k)) == nil {
			t.Errorf("activity kind %q is missing from the vocabulary", k)
		}
	}
	if nl := vs.Get("countries").Entry("NL"); nl == nil || nl.Text["nl"] != "Nederland" {
		t.Errorf("NL: %+v", nl)
	}
	if got := vs.CountryContext("NL"); len(got) != 0 {
		t.Errorf("shipped country context indicators %v; kscheck ships none", got)
	}
}

func TestCountryContextNeedsSourceAndDate(t *testing.T) {
	file := func(indicator string) fstest.MapFS {
		return fstest.MapFS{"v/country_context.yaml": {Data: []byte("id: country_context\ntitle: {en: C, nl: C}\nsource: s\nindicators:\n" + indicator)}}
	}
	vs, err := loadVocabularies(file(`  - {country: XX, indicator: {en: Index, nl: Index}, value: "0.5", source: "https://example.org", date: "2025-02-15"}`+"\n"), "v")
	if err != nil {
		t.Fatal(err)
	}
	if got := vs.CountryContext("XX"); len(got) != 1 || got[0].Source != "https://example.org" {
		t.Errorf("indicators %v", got)
	}
	for _, bad := range []string{
		`  - {country: XX, indicator: {en: Index, nl: Index}, value: "0.5", date: "2025-02-15"}`,
		`  - {country: XX, indicator: {en: Index, nl: Index}, value: "0.5", source: "https://example.org"}`,
		`  - {country: XX, indicator: {en: Index, nl: Index}, value: "0.5", source: "https://example.org", date: "15 Feb"}`,
	} {
		if _, err := loadVocabularies(file(bad+"\n"), "v"); err == nil || !strings.Contains(err.Error(), "indicator 1") {
			t.Errorf("%s: %v, want a refusal", bad, err)
		}
	}
}
