// Package pdftext prepares text for the PDF core fonts, which kscheck's
// letters and reports use so that they need no font files.
package pdftext

import (
	"strings"

	"github.com/mozillazg/go-unidecode"
)

// Latin1 wraps fpdf's translator from UTF-8 to the core fonts' code page
// (cp1252), where names like Jöran Müller or Anaïs Lefèvre come out
// right. fpdf turns any other character into a dot, which would garble a
// partner's name in Chinese or Cyrillic script; such runs are
// transliterated instead ("北京大学" → "Bei Jing Da Xue"), which keeps them
// readable and searchable. The record keeps the original spelling.
func Latin1(tr func(string) string) func(string) string {
	return func(s string) string {
		var b, foreign strings.Builder
		flush := func() {
			if foreign.Len() > 0 {
				b.WriteString(tr(strings.TrimSpace(unidecode.Unidecode(foreign.String()))))
				foreign.Reset()
			}
		}
		for _, r := range s {
			if r < 0x80 || r == '.' {
				flush()
				b.WriteRune(r)
				continue
			}
			if t := tr(string(r)); t != "." {
				flush()
				b.WriteString(t)
				continue
			}
			foreign.WriteRune(r)
		}
		flush()
		return b.String()
	}
}
