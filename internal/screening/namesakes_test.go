package screening_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/screening"
)

// TestNearNamesakes: Chinese institutions whose names differ from a listed
// one by a place (Hubei/Hebei), a qualifier (Medical, United), the order of
// words (North China/North University of China) or a word in place of
// another (Beijing/Nanjing, Command/NCO) are different institutions; on the
// bundled lists they raise no candidate for it.
func TestNearNamesakes(t *testing.T) {
	ix := bundledIndex(t)
	for _, tt := range []struct{ query, listed string }{
		{"Hubei University", "Hebei University"},
		{"Guangzhou Normal University", "Hangzhou Normal University"},
		{"Yunnan University", "Hunan University"},
		{"Hunan Normal University", "Yunnan Normal University"},
		{"Hebei University of Technology", "Hefei University of Technology"},
		{"Nanjing Medical University", "Nanjing University"},
		{"Zhejiang University of Technology", "Zhejiang University"},
		{"East China University of Science and Technology", "East China University of Technology"},
		{"North China University of Technology", "North University of China"},
		{"North China University of Technology", "North China University of Science and Technology"},
		{"North China University of Technology", "South China University of Technology"},
		{"Qinghai University", "Tsinghua University"},
		{"Southwest University", "Southeast University"},
		{"Fuzhou University", "Soochow University"},
		{"Nanchang University", "Nanjing University of Aeronautics and Astronautics"},
		{"Shanxi University", "Shaanxi University"},
		{"Hebei University", "North China University of Science and Technology"}, // Hebei United University
		{"China University of Geosciences (Beijing)", "China University of Geosciences (Wuhan)"},
		{"Beijing University of Posts and Telecommunications", "Nanjing University of Posts and Telecommunications"},
		{"Air Force Harbin Flight Academy", "Air Force Xi'an Flight Academy"},
		{"People's Armed Police Command College", "PAP NCO College"},
		{"China North Industries Group", "North University of China"},
	} {
		for _, m := range matches(t, ix, screening.Query{Name: tt.query, Country: "CN", Type: "organization"}, screening.DefaultThresholds) {
			if m.Name == tt.listed {
				t.Errorf("%q: candidate %q %.3f %s, want none (%+v)", tt.query, m.Name, m.Score, m.Strength, m.Explanation)
			}
		}
	}
}

// TestWordInsideANameIsAQualifier: a word inside the name of a
// university that the other name lacks says what the institution is, in
// English or in pinyin (Ligong, Wenli, Jiaotong), and costs as a qualifier
// does, whatever the score it would otherwise reach. A qualifier written as
// two words ("Jiao Tong") is still the same word.
func TestWordInsideANameIsAQualifier(t *testing.T) {
	ix := bundledIndex(t)
	low := screening.Thresholds{Review: 0.3, Strong: screening.DefaultThresholds.Strong}
	for _, tt := range []struct{ query, listed, word string }{
		{"Shenyang University", "Shenyang Ligong University", "ligong"},
		{"Chongqing Wenli University", "Chongqing University", "wenli"},
		{"Beijing Jiaotong University", "Peking University", "jiaotong"},
		{"Handong Global University", "Shandong University", "global"},
	} {
		ms := matches(t, ix, screening.Query{Name: tt.query, Country: "CN", Type: "organization"}, low)
		i := slices.IndexFunc(ms, func(m screening.Match) bool { return m.Name == tt.listed })
		if i < 0 {
			t.Errorf("%q: %q is not even a weak candidate", tt.query, tt.listed)
			continue
		}
		m := ms[i]
		want := fmt.Sprintf("only one of the names says %q: a different institution", tt.word)
		if !slices.Contains(m.Explanation.Notes, want) || m.Score >= screening.DefaultThresholds.Review {
			t.Errorf("%q ~ %q: %.3f %v, want below review with %q", tt.query, tt.listed, m.Score, m.Explanation.Notes, want)
		}
	}
	ms := matches(t, ix, screening.Query{Name: "Shanghai Jiaotong University", Country: "CN", Type: "organization"}, screening.DefaultThresholds)
	if len(ms) == 0 || ms[0].Name != "Shanghai Jiao Tong University" || ms[0].Strength != "strong" {
		t.Errorf("Shanghai Jiaotong University: got %v, want Shanghai Jiao Tong University first and strong", summary(ms))
	}
}

// TestSpellingsFound: spellings directories, grant systems and
// bibliographies use find the listed institution first and strong.
func TestSpellingsFound(t *testing.T) {
	ix := bundledIndex(t)
	for _, tt := range []struct{ query, listed string }{
		{"Xiamen Univ.", "Xiamen University"},
		{"Harbin Eng. Univ.", "Harbin Engineering University"},
		{"Natl. Univ. of Defense Tech.", "National University of Defense Technology"},
		{"Nat'l Univ. of Defense Technology", "National University of Defense Technology"},
		{"China Electronics Tech. Grp. Corp.", "China Electronics Technology Group Corporation"},
		{"4th Military Medical University", "Air Force Medical University"},
		{"Zhongshan University", "Sun Yat-sen University"},
		{"Qinghua Daxue", "Tsinghua University"},
		{"Nanjing Ligong Daxue", "Nanjing University of Science and Technology"},
		{"South China University", "University of South China"},
	} {
		ms := matches(t, ix, screening.Query{Name: tt.query, Country: "CN", Type: "organization"}, screening.DefaultThresholds)
		if len(ms) == 0 || ms[0].Name != tt.listed || ms[0].Strength != "strong" {
			t.Errorf("%q: got %v, want %q first and strong", tt.query, summary(ms), tt.listed)
		}
	}
	// a campus in parentheses, which the tracker states too
	ms := matches(t, ix, screening.Query{Name: "China University of Geosciences (Wuhan)", Country: "CN"}, screening.DefaultThresholds)
	if len(ms) == 0 || ms[0].Name != "China University of Geosciences (Wuhan)" || ms[0].Strength != "strong" {
		t.Errorf("campus in parentheses: got %v", summary(ms))
	}
}

// TestPersonsAcrossScripts: a query in Arabic script finds a person the
// lists write only in Latin letters, and a long word with two typos is
// still found.
func TestPersonsAcrossScripts(t *testing.T) {
	ix := bundledIndex(t)
	for _, tt := range []struct{ query, listed string }{
		{"قاسم سليماني", "qasem soleimani"},
		{"Sylvestre Mudacunira", "mudacumura sylvestre"},
	} {
		ms := matches(t, ix, screening.Query{Name: tt.query, Type: "person"}, screening.DefaultThresholds)
		if len(ms) == 0 || sortedWords(ms[0].Name) != tt.listed {
			t.Errorf("%q: got %v, want %q first", tt.query, summary(ms), tt.listed)
		}
	}
}

// TestExplanationLeavesOutWeightlessWords: articles carry no weight and are
// not shown as matched words.
func TestExplanationLeavesOutWeightlessWords(t *testing.T) {
	ix := bundledIndex(t)
	ms := matches(t, ix, screening.Query{Name: "Harbin Institute of Technology", Country: "CN"}, screening.DefaultThresholds)
	if len(ms) == 0 {
		t.Fatal("no candidate")
	}
	for _, tm := range ms[0].Explanation.Tokens {
		if tm.Query == "of" {
			t.Errorf("explanation shows %+v", tm)
		}
	}
}

// sortedWords is a name's tokens in alphabetical order: "SOLEIMANI, Qasem"
// and "QASEM SOLEIMANI" alike.
func sortedWords(name string) string {
	ws := screening.Normalize(name)
	slices.Sort(ws)
	return strings.Join(ws, " ")
}

func summary(ms []screening.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name+" "+m.Strength)
	}
	return out
}
