package screening

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// Normalize turns a name into its matching tokens: Unicode-normalised,
// case-folded, without diacritics, transliterated to Latin letters and
// split on anything that is not a letter or digit. Apostrophes and dots
// join ("O'Brien" → obrien, "S.A." → sa) because lists write them
// inconsistently. Scripts written without spaces (Chinese, Japanese,
// Korean) become one token per run, so that 南京大学 is nanjingdaxue and
// meets "NANJING DAXUE" through the matcher's joining of adjacent tokens.
func Normalize(name string) []string {
	words := words(name)
	for i, w := range words {
		words[i] = squashRepeats(w)
	}
	return words
}

// words is Normalize before doubled letters are squashed: the forms shown
// in explanations.
func words(name string) []string {
	var tokens []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			tokens = append(tokens, cur.String())
			cur.Reset()
		}
	}
	inCJK := false
	if !isASCII(name) {
		name = norm.NFKD.String(name)
	}
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII:
			if inCJK {
				flush()
				inCJK = false
			}
			switch {
			case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				cur.WriteRune(r)
			case r >= 'A' && r <= 'Z':
				cur.WriteRune(r + ('a' - 'A'))
			case r == '\'' || r == '.' || r == '`':
			default:
				flush()
			}
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
			// combining marks (diacritics after NFKD) and apostrophe-like
			// letters (ʿayn, hamza) are dropped
		case isCJK(r):
			if !inCJK {
				flush()
				inCJK = true
			}
			writeFolded(&cur, unidecode.Unidecode(string(r)))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if inCJK {
				flush()
				inCJK = false
			}
			writeFolded(&cur, unidecode.Unidecode(string(r)))
		default:
			flush()
			inCJK = false
		}
	}
	flush()
	return tokens
}

// squashRepeats writes doubled letters once: transliterations disagree on
// them (HASSAN/HASAN, ABDULLAH/ABDULAH, MOHAMMAD/MOHAMAD), and a doubled
// letter is also a frequent typo. Digits are kept as they are.
func squashRepeats(t string) string {
	for i := 1; i < len(t); i++ {
		if t[i] == t[i-1] && t[i] > '9' {
			b := []byte(t[:i])
			for j := i + 1; j < len(t); j++ {
				if t[j] != b[len(b)-1] || t[j] <= '9' {
					b = append(b, t[j])
				}
			}
			return string(b)
		}
	}
	return t
}

// writeFolded appends the lower-case letters and digits of an ASCII
// transliteration; transliterations of one letter rarely contain spaces,
// but those of a Han character end with one, which is dropped.
func writeFolded(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + ('a' - 'A'))
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= unicode.MaxASCII {
			return false
		}
	}
	return true
}

func isApostrophe(r rune) bool {
	switch r {
	case '‘', '’', 'ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', '´', 'ˈ':
		return true
	}
	return false
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana)
}

// foldASCII returns s lower-cased, without diacritics and transliterated,
// keeping its separators; country names and keys use it.
func foldASCII(s string) string {
	return strings.Join(words(s), " ")
}

// scriptsNamed are the scripts a name may be recorded in, besides Latin.
var scriptsNamed = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Han", unicode.Han}, {"Cyrillic", unicode.Cyrillic}, {"Arabic", unicode.Arabic},
	{"Hangul", unicode.Hangul}, {"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana},
	{"Greek", unicode.Greek}, {"Hebrew", unicode.Hebrew}, {"Thai", unicode.Thai},
	{"Devanagari", unicode.Devanagari}, {"Georgian", unicode.Georgian}, {"Armenian", unicode.Armenian},
}

// scriptOf names the first non-Latin script in s, or "" for Latin names.
func scriptOf(s string) string {
	for _, r := range s {
		if r < unicode.MaxASCII || !unicode.IsLetter(r) {
			continue
		}
		for _, sc := range scriptsNamed {
			if unicode.Is(sc.table, r) {
				return sc.name
			}
		}
	}
	return ""
}

// literalScript reports whether names in the script are compared word for
// word without typo tolerance: Chinese, Japanese and Korean syllables and
// unvocalised Arabic or Hebrew consonants that differ by one letter are
// different names (郭 guo and 高 gao), not typos.
func literalScript(script string) bool {
	switch script {
	case "Han", "Hangul", "Hiragana", "Katakana", "Arabic", "Hebrew", "Thai":
		return true
	}
	return false
}

// cleanSpace collapses runs of white space and trims the ends.
func cleanSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
