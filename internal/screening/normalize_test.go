package screening

import (
	"math"
	"reflect"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"SALEK, ABDULHAI", []string{"salek", "abdulhai"}},
		{"Université de Genève", []string{"universite", "de", "geneve"}},
		{"‘ABD AL-RAHMAN BIN ‘UMAYR AL-NU’AYMI", []string{"abd", "al", "rahman", "bin", "umayr", "al", "nuaymi"}},
		{"S.A. de C.V.", []string{"sa", "de", "cv"}},
		{"南京大学", []string{"nanjing", "university"}},
		{"Nanjing Ligong Daxue", []string{"nanjing", "ligong", "university"}},
		{"南京理工大学", []string{"nanjingligong", "university"}},
		{"武汉大学", []string{"wuhan", "university"}},
		{"Harbin Eng. Univ. & Natl. Lab.", []string{"harbin", "enginering", "university", "and", "national", "laboratory"}},
		{"4th Military Medical University", []string{"fourth", "military", "medical", "university"}},
		{"North China University of Technology", []string{"northchina", "university", "of", "technology"}},
		{"Shaanxi Shanxi", []string{"shaanxi", "shanxi"}},
		{"Eng Co", []string{"eng", "co"}},
		{"Nanjing University (南京大学)", []string{"nanjing", "university", "nanjing", "university"}},
		{"Мохаммед Ali", []string{"mokhamed", "ali"}},
		{"HASSAN ABDULLAH", []string{"hasan", "abdulah"}},
		{"Unit 61398", []string{"unit", "61398"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"salek", "salek", 1},
		{"salek", "salik", 0.8},
		{"qubaysi", "qubyasi", 1 - 1/7.0}, // transposition
		{"li", "le", 0},                   // too short for typos
		{"12", "13", 0},
		{"institute", "university", 0},
	}
	for _, tt := range tests {
		if got := tokenSimilarity(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("tokenSimilarity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{"nl": "NL", "Netherlands": "NL", "Korea, North": "KP",
		"Russia": "RU", "China": "CN", "United States": "US", "Atlantis": ""} {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDistinctWordsAreNotTypos: places and qualifiers one letter or
// syllable apart are different words, while a typo in one is still a typo.
func TestDistinctWordsAreNotTypos(t *testing.T) {
	for _, p := range [][2]string{{"Hubei", "Hebei"}, {"Hunan", "Henan"}, {"Hunan", "Yunnan"}, {"Shanxi", "Shaanxi"},
		{"Guangzhou", "Hangzhou"}, {"Hefei", "Hebei"}, {"Qinghai", "Qinghua"}, {"Hainan", "Hunan"},
		{"Southwest", "Southeast"}, {"Technology", "Technological"}, {"North China", "South China"}} {
		a, b := Normalize(p[0]), Normalize(p[1])
		if s := tokenSimilarity(a[0], b[0]); s != 0 {
			t.Errorf("%s ~ %s: similarity %.3f, want 0", p[0], p[1], s)
		}
	}
	for _, p := range [][2]string{{"Guangzhuo", "Guangzhou"}, {"Kunmimg", "Kunming"}, {"Technolgy", "Technology"}} {
		if s := tokenSimilarity(Normalize(p[0])[0], Normalize(p[1])[0]); s == 0 {
			t.Errorf("%s ~ %s: not a typo", p[0], p[1])
		}
	}
}
