package i18n

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

func bundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	b := bundle(t)
	en, nl := b.Keys("en"), b.Keys("nl")
	for _, k := range en {
		if !b.Has("nl", k) {
			t.Errorf("the nl catalog lacks %q", k)
		}
	}
	for _, k := range nl {
		if !b.Has("en", k) {
			t.Errorf("the en catalog lacks %q", k)
		}
	}
	if len(en) < 200 {
		t.Errorf("the en catalog has only %d keys; expected a full interface vocabulary", len(en))
	}
}

// encoding/json keeps the last of duplicate keys silently; a duplicate is
// almost always a copy-paste slip that loses a translation.
func TestCatalogsHaveNoDuplicateKeysOrEmptyTexts(t *testing.T) {
	for _, lang := range Languages {
		files, err := catalogFiles(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			data, err := locales.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(strings.NewReader(string(data)))
			if _, err := dec.Token(); err != nil { // {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					t.Fatal(err)
				}
				key := tok.(string)
				var val string
				if err := dec.Decode(&val); err != nil {
					t.Fatalf("%s: %s: %v", lang, key, err)
				}
				if seen[key] {
					t.Errorf("%s: duplicate key %q", file, key)
				}
				seen[key] = true
				if strings.TrimSpace(val) == "" {
					t.Errorf("%s: %q is empty", file, key)
				}
			}
		}
	}
}

func TestEveryDomainValueIsTranslated(t *testing.T) {
	b := bundle(t)
	keys := enumKeys()
	if len(keys) < 60 {
		t.Fatalf("only %d enum keys enumerated", len(keys))
	}
	for _, lang := range Languages {
		for _, k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
	}
}

// verbs maps each argument position (1-based) to its fmt verb, following
// explicit indexes like %[2]s, so that "%s … %d" and "%[2]d … %[1]s" agree.
var verbRe = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

func verbs(s string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verbRe.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		out[next] = m[2]
		next++
	}
	return out
}

func TestVerbsFollowIndexes(t *testing.T) {
	a, b := verbs("%s has %d"), verbs("%[2]d bij %[1]s")
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("%v != %v", a, b)
	}
	if fmt.Sprint(verbs("%s")) == fmt.Sprint(verbs("%d")) {
		t.Fatal("different verbs compare equal")
	}
}

func TestPlaceholdersAgreeBetweenLanguages(t *testing.T) {
	b := bundle(t)
	for _, k := range b.Keys("en") {
		en, nl := b.catalogs["en"][k], b.catalogs["nl"][k]
		if ve, vn := fmt.Sprint(verbs(en)), fmt.Sprint(verbs(nl)); ve != vn {
			t.Errorf("%s: placeholders differ: en %s %q, nl %s %q", k, ve, en, vn, nl)
		}
	}
}

func TestT(t *testing.T) {
	b := bundle(t)
	en, nl := b.Localizer("en"), b.Localizer("nl")
	if got := nl.T("state.postponed"); got != "Uitgesteld – meer informatie nodig" {
		t.Errorf("nl state.postponed = %q", got)
	}
	if got := en.T("nav.page", 2, 5); got != "Page 2 of 5" {
		t.Errorf("en nav.page = %q", got)
	}
	if got := nl.T("case.overdue_by", 3); got != "3 dagen over de termijn" {
		t.Errorf("nl case.overdue_by = %q", got)
	}
	if got := en.E(kscheck.VerdictWithMitigation); !strings.Contains(got, "mitigation") {
		t.Errorf("en verdict = %q", got)
	}
	if got := nl.E(kscheck.RouteNone); got != "Stroomschema nog niet ingevuld" {
		t.Errorf("nl route none = %q", got)
	}
	if len(b.Missing()) != 0 {
		t.Fatalf("unexpected missing keys %v", b.Missing())
	}
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key gave %q, want the key itself", got)
	}
	if got := en.E(42); got != "enum.42" {
		t.Errorf("unknown enum gave %q", got)
	}
	if m := b.Missing(); !slices.Equal(m, []string{"en:enum.42", "en:no.such.key"}) {
		t.Errorf("Missing() = %v", m)
	}
	if b.Localizer("fr").Lang() != "en" {
		t.Error("unsupported language must fall back to en")
	}
}

func TestN(t *testing.T) {
	b := bundle(t)
	en, nl := b.Localizer("en"), b.Localizer("nl")
	for _, c := range []struct {
		l    *Localizer
		n    int
		want string
	}{
		{en, 1, "1 day left"}, {en, 0, "0 days left"}, {en, 2, "2 days left"},
		{nl, 1, "Nog 1 dag"}, {nl, 5, "Nog 5 dagen"},
	} {
		if got := c.l.N("case.days_left", c.n, c.n); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.l.Lang(), c.n, got, c.want)
		}
	}
	if got := en.N("nav.page", 1, 1, 3); got != "Page 1 of 3" {
		t.Errorf("a key without .one form: %q", got)
	}
	if m := b.Missing(); len(m) > 0 {
		t.Errorf("N recorded missing keys: %v", m)
	}
}

func TestDates(t *testing.T) {
	b := bundle(t)
	at := time.Date(2026, 11, 26, 14, 5, 0, 0, time.UTC)
	cases := []struct{ lang, date, dt, month string }{
		{"en", "26 November 2026", "26 November 2026, 14:05", "November 2026"},
		{"nl", "26 november 2026", "26 november 2026 om 14:05", "november 2026"},
	}
	for _, c := range cases {
		l := b.Localizer(c.lang)
		if got := l.Date(at); got != c.date {
			t.Errorf("%s Date = %q, want %q", c.lang, got, c.date)
		}
		if got := l.DateTime(at); got != c.dt {
			t.Errorf("%s DateTime = %q, want %q", c.lang, got, c.dt)
		}
		if got := l.Month(at); got != c.month {
			t.Errorf("%s Month = %q, want %q", c.lang, got, c.month)
		}
	}
	if got := b.Localizer("nl").Date(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)); got != "1 maart 2025" {
		t.Errorf("got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	b := bundle(t)
	cases := []struct {
		name, url, remembered, accept, want string
	}{
		{"default", "/", "", "", "en"},
		{"query wins over everything", "/?lang=nl", "en", "en", "nl"},
		{"query with region", "/?lang=nl-NL", "", "", "nl"},
		{"unsupported query is skipped", "/?lang=fr", "nl", "", "nl"},
		{"remembered beats header", "/", "en", "nl", "en"},
		{"header", "/", "", "nl-NL,nl;q=0.9,en;q=0.8", "nl"},
		{"header q-values decide, not order", "/", "", "en;q=0.3, nl;q=0.7", "nl"},
		{"unsupported first choice", "/", "", "de-DE, fr;q=0.9, nl;q=0.5", "nl"},
		{"q=0 refuses", "/", "", "nl;q=0, fr", "en"},
		{"wildcard does not pick", "/", "", "*", "en"},
		{"garbage remembered", "/", "xx", "nl", "nl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", c.url, nil)
			if c.accept != "" {
				r.Header.Set("Accept-Language", c.accept)
			}
			if got := b.Negotiate(r, c.remembered); got != c.want {
				t.Errorf("Negotiate = %q, want %q", got, c.want)
			}
		})
	}
}

func TestMissingInTemplates(t *testing.T) {
	b := bundle(t)
	fsys := fstest.MapFS{
		"a.html": {Data: []byte(`{{.L.T "nav.inbox"}} {{$.L.T "case.days_left" 3}} {{.L.T "nav.nowhere"}} {{.L.N "case.nowhere" 1 1}}`)},
	}
	got, err := b.MissingInTemplates(fsys, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.html: en:case.nowhere", "a.html: en:nav.nowhere", "a.html: nl:case.nowhere", "a.html: nl:nav.nowhere"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
