package screening

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// Normalize turns a name into its matching tokens: Unicode-normalised,
// case-folded, without diacritics, transliterated to Latin letters and
// split on anything that is not a letter or digit. Apostrophes and dots
// join ("O'Brien" → obrien, "S.A." → sa) because lists write them
// inconsistently. Scripts written without spaces (Chinese, Japanese,
// Korean) become one token per run, so that 南京 is nanjing and meets
// "NANJING" through the matcher's joining of adjacent tokens; the
// institutional words of Chinese names become English words (大学
// university). Abbreviations, ordinals and word forms are written out
// ("Univ." university, "4th" fourth, see namewords.go), and a compass
// point before "China" joins it as one region ("North China").
func Normalize(name string) []string {
	ws := words(expandDotted(name))
	if len(ws) == 0 {
		return nil
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		w = squashRepeats(w)
		if forms, ok := wordForms[w]; ok {
			out = append(out, forms...)
			continue
		}
		out = append(out, ordinal(w))
	}
	joined := out[:0]
	for i := 0; i < len(out); i++ {
		w := out[i]
		if compass[w] && i+1 < len(out) && out[i+1] == "china" {
			w += "china"
			i++
		}
		joined = append(joined, w)
	}
	return joined
}

// Words splits a name into its folded words (case, accents and scripts
// folded as Normalize does) without rewriting any word into another form:
// for a search as a person types, where "univ" must stay the start of
// "universiteit" rather than become "university".
func Words(name string) []string { return words(name) }

// expandDotted writes out the abbreviations that are only abbreviations
// with their dot ("Eng." engineering), and "&" as "and".
func expandDotted(name string) string {
	if !strings.ContainsAny(name, ".&") {
		return name
	}
	var b strings.Builder
	start := -1 // start of the current ASCII word
	for i := 0; i <= len(name); i++ {
		c := byte(' ')
		if i < len(name) {
			c = name[i]
		}
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			word := name[start:i]
			if full, ok := dottedForms[strings.ToLower(word)]; ok && c == '.' && (start == 0 || !isWordByte(name[start-1])) {
				b.WriteString(full)
				b.WriteByte(' ')
				start = -1
				continue // the dot is dropped
			}
			b.WriteString(word)
			start = -1
		}
		switch {
		case i == len(name):
		case c == '&':
			b.WriteString(" and ")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '\''
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
	skip := 0 // runes of an institutional word already written
	if !isASCII(name) {
		name = norm.NFKD.String(name)
	}
	for i, r := range name {
		if skip > 0 {
			skip--
			continue
		}
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
			if forms, n := hanWord(name[i:]); n > 0 {
				flush()
				tokens = append(tokens, forms...)
				skip = n - 1
				continue
			}
			if reading, ok := hanReadings[r]; ok {
				cur.WriteString(reading)
				continue
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

// hanWord returns the English words of the institutional word s starts
// with, and its length in runes (0 for none).
func hanWord(s string) ([]string, int) {
	for _, f := range hanForms {
		if strings.HasPrefix(s, f.han) {
			return f.words, utf8.RuneCountInString(f.han)
		}
	}
	return nil, 0
}

// squashRepeats writes doubled letters once: transliterations disagree on
// them (HASSAN/HASAN, ABDULLAH/ABDULAH, MOHAMMAD/MOHAMAD), and a doubled
// letter is also a frequent typo. Digits are kept as they are.
func squashRepeats(t string) string {
	if t == "shaanxi" { // the province Shaanxi is not Shanxi
		return t
	}
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

// consonantalScript reports whether the script writes consonants and long
// vowels only (Arabic, Hebrew): such a name meets a Latin one through
// their consonants (قاسم qsm, Qasem).
func consonantalScript(script string) bool { return script == "Arabic" || script == "Hebrew" }

// skeleton returns the consonants of a token as a name in Arabic or Hebrew
// script writes them: no vowels, y and w only at the start (they stand for
// long vowels elsewhere), q as k, doubled letters once; a final i or y is
// kept as y, because it is written (محمدی Mohammadi is not Muhammad). A
// token from such a script (fromConsonantal) loses a joined article
// (الخفاجي lkhfjy, Al-Khafaji).
func skeleton(tok string, fromConsonantal bool) string {
	b := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case i == len(tok)-1 && i > 0 && (c == 'i' || c == 'y'):
			c = 'y'
		case strings.IndexByte("aeiou", c) >= 0, (c == 'y' || c == 'w') && i > 0:
			continue
		case c == 'q':
			c = 'k'
		}
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	if fromConsonantal && len(b) >= 4 && b[0] == 'l' {
		b = b[1:]
	}
	return string(b)
}

// cleanSpace collapses runs of white space and trims the ends.
func cleanSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
