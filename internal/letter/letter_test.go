package letter

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

func sample() Data {
	due1 := time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)
	due2 := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	return Data{
		Institution: "Leiden University",
		Reference:   "KS-2026-0042",
		Title:       "Joint quantum sensing workshop",
		Unit:        "Leiden Institute of Physics",
		Initiator:   "Jöran Müller",
		Director:    "Anaïs Lefèvre",
		Partners:    []string{"Example Institute of Technology (CN)", "Universität Beispiel (DE)"},
		Verdict:     kscheck.VerdictWithMitigation,
		Reasons:     "The knowledge concerns quantum sensing, a critical technology area; the partner's ties call for safeguards.",
		Measures: []Measure{
			{Text: "Contract clause on end use and publication.", Due: &due1},
			{Text: "Separate the project data from the lab network.", Due: &due2},
			{Text: "Periodic re-assessment."},
		},
		Chair: "Joanne van der Leun",
		Date:  time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	}
}

// pdfText extracts the text with pdftotext (poppler-utils), or skips.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not found (apt-get install -y poppler-utils): the PDF's text is not checked")
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func render(t *testing.T, b *i18n.Bundle, lang string, d Data) []byte {
	t.Helper()
	pdf, err := PDF(b.Localizer(lang), d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q…", pdf[:min(20, len(pdf))])
	}
	return pdf
}

func TestLetterInBothLanguages(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"Verdict of the Knowledge Security Committee", "KS-2026-0042", "26 November 2026",
			"The collaboration may start with risk-mitigation measures",
			"Conditions and mitigation measures", "due 15 January 2027", "due 1 March 2027",
			"This verdict of the Knowledge Security Committee is binding.",
			"Dear Jöran Müller,", "Anaïs Lefèvre", "Universität Beispiel (DE)", "Joanne van der Leun",
			"Page 1 of 1",
		}},
		{"nl", []string{
			"Oordeel van de Commissie Kennisveiligheid", "26 november 2026",
			"De samenwerking kan starten met mitigerende maatregelen",
			"Voorwaarden en mitigerende maatregelen", "uiterlijk 15 januari 2027",
			"Dit oordeel van de Commissie Kennisveiligheid is bindend.",
			"Beste Jöran Müller,", "Instituutsdirecteur", "Anaïs Lefèvre", "Joanne van der Leun", "Voorzitter",
		}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			text := pdfText(t, render(t, b, c.lang, sample()))
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("letter lacks %q\n%s", w, text)
				}
			}
		})
	}
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("missing translations: %v", m)
	}
}

func TestEachVerdictIsStated(t *testing.T) {
	b, _ := i18n.New()
	L := b.Localizer("en")
	for _, v := range kscheck.Verdicts {
		d := sample()
		d.Verdict = v
		if v != kscheck.VerdictWithMitigation {
			d.Measures = nil
		}
		text := pdfText(t, render(t, b, "en", d))
		if !strings.Contains(text, L.E(v)) {
			t.Errorf("%s: letter lacks %q", v, L.E(v))
		}
		for _, other := range kscheck.Verdicts {
			if other != v && !strings.Contains(L.E(v), L.E(other)) && strings.Contains(text, L.E(other)) {
				t.Errorf("%s: letter also states %q", v, L.E(other))
			}
		}
		if v == kscheck.VerdictPostponed && !strings.Contains(text, "needs the following information") {
			t.Error("postponed letter does not ask for the information")
		}
	}
}

func TestValidate(t *testing.T) {
	b, _ := i18n.New()
	L := b.Localizer("en")
	for name, mutate := range map[string]func(*Data){
		"no verdict":                  func(d *Data) { d.Verdict = "" },
		"unknown verdict":             func(d *Data) { d.Verdict = "maybe" },
		"mitigation without measures": func(d *Data) { d.Measures = nil },
		"no chair":                    func(d *Data) { d.Chair = " " },
		"no date":                     func(d *Data) { d.Date = time.Time{} },
	} {
		d := sample()
		mutate(&d)
		if _, err := PDF(L, d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Names in other scripts are transliterated, not turned into dots.
func TestNonLatinNamesAreTransliterated(t *testing.T) {
	b, _ := i18n.New()
	d := sample()
	d.Partners = []string{"北京大学 (CN)", "Московский университет (RU)"}
	d.Initiator = "Zoë Ångström"
	text := pdfText(t, render(t, b, "en", d))
	for _, want := range []string{"Bei Jing Da Xue (CN)", "Moskovskii universitet (RU)", "Dear Zoë Ångström,"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "....") {
		t.Error("characters were replaced by dots")
	}
}

// A long reasoning flows onto a second page with a correct page count.
func TestLongLetterPaginates(t *testing.T) {
	b, _ := i18n.New()
	d := sample()
	d.Reasons = strings.Repeat("The Committee weighed the knowledge, the partner and the country context. ", 120)
	text := pdfText(t, render(t, b, "en", d))
	m := regexp.MustCompile(`Page (\d+) of (\d+)`).FindAllStringSubmatch(text, -1)
	if len(m) < 2 {
		t.Fatalf("expected several pages, found %v", m)
	}
	for i, p := range m {
		if p[1] != strconv.Itoa(i+1) || p[2] != strconv.Itoa(len(m)) {
			t.Errorf("page %d says %q", i+1, p[0])
		}
	}
}
