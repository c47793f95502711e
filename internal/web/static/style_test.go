package static

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/contrast"
)

// cssVars reads the custom properties with a hex colour value.
func cssVars(t *testing.T) (string, map[string]string) {
	t.Helper()
	data, err := fs.ReadFile(FS, "style.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;`).FindAllStringSubmatch(string(data), -1) {
		if _, dup := vars[m[1]]; !dup { // the first (screen) definition
			vars[m[1]] = m[2]
		}
	}
	return string(data), vars
}

// The colour pairs the stylesheet puts text on, and the non-text pairs
// (input borders, focus ring) that need 3:1.
func TestColourPairsMeetWCAGAA(t *testing.T) {
	_, vars := cssVars(t)
	text := [][2]string{
		{"--ink", "--paper"}, {"--ink", "--paper-alt"}, {"--ink-muted", "--paper"}, {"--ink-muted", "--paper-alt"},
		{"--on-brand", "--brand"}, {"--link", "--paper"}, {"--link-visited", "--paper"}, {"--link", "--paper-alt"},
		{"--focus-edge", "--focus"}, {"--error", "--paper"}, {"--error-ink", "--error-bg"},
		{"--success-ink", "--success-bg"}, {"--info-ink", "--info-bg"}, {"--warn-ink", "--warn-bg"},
		{"--neutral-ink", "--neutral-bg"}, {"--on-button", "--button"},
		{"--on-button-secondary", "--button-secondary"}, {"--on-button-danger", "--button-danger"},
	}
	nonText := [][2]string{
		{"--rule", "--paper"}, {"--error", "--paper"}, {"--focus", "--brand"}, {"--focus-edge", "--paper"},
		{"--on-brand", "--brand"}, {"--button", "--paper"},
	}
	check := func(pairs [][2]string, min float64) {
		for _, p := range pairs {
			fg, ok1 := vars[p[0]]
			bg, ok2 := vars[p[1]]
			if !ok1 || !ok2 {
				t.Errorf("style.css does not define %s and %s as hex colours", p[0], p[1])
				continue
			}
			r, err := contrast.Ratio(fg, bg)
			if err != nil {
				t.Fatal(err)
			}
			if r < min {
				t.Errorf("%s (%s) on %s (%s): contrast %.2f:1, needs %.1f:1", p[0], fg, p[1], bg, r, min)
			}
		}
	}
	check(text, contrast.Text)
	check(nonText, contrast.NonText)
}

func TestStylesheetHasAccessibilityAndPrintRules(t *testing.T) {
	css, _ := cssVars(t)
	for _, want := range []string{":focus-visible", ".skip-link:focus", ".visually-hidden", "@media print", "@media (max-width", "prefers-reduced-motion"} {
		if !strings.Contains(css, want) {
			t.Errorf("style.css lacks %q", want)
		}
	}
	if strings.Contains(css, "outline: none") && !strings.Contains(css, "main:focus { outline: none; }") {
		t.Error("style.css removes focus outlines outside <main tabindex=-1>")
	}
}

func TestEmbeddedFiles(t *testing.T) {
	for _, name := range []string{"style.css", "favicon.svg", "htmx.min.js", "htmx.LICENSE.txt"} {
		data, err := fs.ReadFile(FS, name)
		if err != nil || len(data) == 0 {
			t.Errorf("%s is not embedded: %v", name, err)
		}
	}
	js, _ := fs.ReadFile(FS, "htmx.min.js")
	if !strings.HasPrefix(string(js), "var htmx=function(){") {
		t.Error("htmx.min.js is not the htmx distribution file")
	}
	lic, _ := fs.ReadFile(FS, "htmx.LICENSE.txt")
	if !strings.Contains(string(lic), "Zero-Clause BSD") {
		t.Error("htmx licence missing")
	}
}
