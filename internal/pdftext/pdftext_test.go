package pdftext

import (
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestLatin1(t *testing.T) {
	tr := Latin1(fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor(""))
	for in, want := range map[string]string{
		"Müller":             "M\xfcller",
		"a.b – c":            "a.b \x96 c",
		"北京大学 (CN)":          "Bei Jing Da Xue (CN)",
		"Ελένη Παπαδοπούλου": "Elene Papadopoulou",
	} {
		if got := tr(in); got != want {
			t.Errorf("Latin1(%q) = %q, want %q", in, got, want)
		}
	}
}
