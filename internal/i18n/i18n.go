// Package i18n translates kscheck's interface into English and Dutch.
//
// The texts live in flat JSON catalogs embedded into the binary: one
// directory per language (locales/en/, locales/nl/), with one file per area
// of the product (core.json, admin.json, ...) that are merged on load; a key
// defined in two files of one language is refused. Catalogs are data, so that a translator edits data, not Go, and a
// test can compare the two catalogs key by key. Keys name what a text is for
// ("nav.my_checks", "state.draft"); the domain's enum values map onto keys
// by a fixed prefix (see Key), so every state, action and role the domain
// knows has a translation that a test enforces.
//
// A missing key is shown as the key itself, so that it is visible on the
// page rather than silently blank, and it is recorded (Bundle.Missing) so
// that tests rendering real pages can fail on it.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed locales
var locales embed.FS

// catalogFiles returns the paths of lang's catalog files, sorted.
func catalogFiles(lang string) ([]string, error) {
	entries, err := locales.ReadDir("locales/" + lang)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			out = append(out, "locales/"+lang+"/"+e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Languages are the supported language tags, the default first.
var Languages = []string{"en", "nl"}

// Default is the language used when nothing else decides.
const Default = "en"

// Bundle holds the catalogs of all languages. It is safe for concurrent use.
type Bundle struct {
	catalogs map[string]map[string]string

	mu      sync.Mutex
	missing map[string]bool // "lang:key" looked up but not found
}

// New loads the embedded catalogs.
func New() (*Bundle, error) {
	b := &Bundle{catalogs: map[string]map[string]string{}, missing: map[string]bool{}}
	for _, lang := range Languages {
		files, err := catalogFiles(lang)
		if err != nil {
			return nil, fmt.Errorf("i18n: reading the %s catalogs: %w", lang, err)
		}
		cat := map[string]string{}
		for _, f := range files {
			data, err := locales.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("i18n: reading %s: %w", f, err)
			}
			var part map[string]string
			if err := json.Unmarshal(data, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s is not valid JSON of strings: %w", f, err)
			}
			for k, v := range part {
				if _, dup := cat[k]; dup {
					return nil, fmt.Errorf("i18n: %s defines %q again", f, k)
				}
				cat[k] = v
			}
		}
		b.catalogs[lang] = cat
	}
	return b, nil
}

// Shared returns the embedded catalogs, loaded once. They are compiled in
// and never change, so the parts of kscheck that know only a language tag
// (procedure texts, diagrams, the command line) read the product's words
// from the same catalogs as the pages instead of keeping copies in Go. It
// panics only if the embedded catalogs are broken, which the catalog
// tests rule out.
func Shared() *Bundle {
	b, err := shared()
	if err != nil {
		panic(err)
	}
	return b
}

var shared = sync.OnceValues(New)

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Keys returns the sorted keys of lang's catalog.
func (b *Bundle) Keys(lang string) []string {
	keys := make([]string, 0, len(b.catalogs[lang]))
	for k := range b.catalogs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang's catalog has key.
func (b *Bundle) Has(lang, key string) bool {
	_, ok := b.catalogs[lang][key]
	return ok
}

// Missing returns the "lang:key" pairs that were looked up and not found
// since the bundle was made, sorted. Tests that render pages check that it
// stays empty.
func (b *Bundle) Missing() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]string, 0, len(b.missing))
	for k := range b.missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Negotiate picks the language for a request, in this order: the ?lang=
// query parameter (the language switch links), the person's remembered
// choice, the browser's Accept-Language header (by q-value), Default.
// Unsupported values at any step are skipped.
func (b *Bundle) Negotiate(r *http.Request, remembered string) string {
	if r != nil {
		if q := normalize(r.URL.Query().Get("lang")); Supported(q) {
			return q
		}
	}
	if rem := normalize(remembered); Supported(rem) {
		return rem
	}
	if r != nil {
		if lang := fromAcceptLanguage(r.Header.Get("Accept-Language")); lang != "" {
			return lang
		}
	}
	return Default
}

// normalize reduces a language tag to its primary subtag in lower case:
// "nl-BE" → "nl".
func normalize(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// fromAcceptLanguage returns the supported language with the highest
// q-value in an Accept-Language header, or "" if none is acceptable. Ties
// keep the header's order; "*" and q=0 never select a language.
func fromAcceptLanguage(header string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(name) == "q" {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil {
					f = 0
				}
				q = f
			}
		}
		lang := normalize(tag)
		if q > bestQ && Supported(lang) {
			best, bestQ = lang, q
		}
	}
	return best
}

// Localizer translates into one language. It is cheap to make: one per
// request.
type Localizer struct {
	b    *Bundle
	lang string
}

// Localizer returns a translator into lang; an unsupported lang gets Default.
func (b *Bundle) Localizer(lang string) *Localizer {
	if !Supported(lang) {
		lang = Default
	}
	return &Localizer{b: b, lang: lang}
}

// Lang returns the language tag ("en" or "nl"), for <html lang>.
func (l *Localizer) Lang() string { return l.lang }

// T returns the text for key, formatted with args in the fmt style. A
// missing key returns the key itself and is recorded in Bundle.Missing.
func (l *Localizer) T(key string, args ...any) string {
	s, ok := l.b.catalogs[l.lang][key]
	if !ok {
		l.b.mu.Lock()
		l.b.missing[l.lang+":"+key] = true
		l.b.mu.Unlock()
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N is T for a text that depends on a count n: it uses key+".one" when n
// is 1 and that key exists, key otherwise. Both English and Dutch have just
// these two forms. The args usually include n itself: {{.L.N "case.days_left" .Days .Days}}.
func (l *Localizer) N(key string, n int, args ...any) string {
	if n == 1 && l.b.Has(l.lang, key+".one") {
		return l.T(key+".one", args...)
	}
	return l.T(key, args...)
}

// E translates a domain enum value, such as a kscheck.State: {{.L.E .Case.State}}.
// See Key for how values map onto catalog keys.
func (l *Localizer) E(v any) string { return l.T(Key(v)) }

// Date formats a day in the language's long form: "26 November 2026",
// "26 november 2026". The caller chooses the time zone (t.In).
func (l *Localizer) Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), l.T("month."+strconv.Itoa(int(t.Month()))), t.Year())
}

// ShortDate formats a day with the month abbreviated, where a date is one
// part of a name: "27 Feb 2026", "27 feb. 2026".
func (l *Localizer) ShortDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), l.T("month_short."+strconv.Itoa(int(t.Month()))), t.Year())
}

// DateTime formats a moment as the long date and a 24-hour time:
// "26 November 2026, 14:05", "26 november 2026 om 14:05".
func (l *Localizer) DateTime(t time.Time) string {
	return l.T("date.datetime", l.Date(t), t.Format("15:04"))
}

// Month names a month with its year, for chart axes: "November 2026".
func (l *Localizer) Month(t time.Time) string {
	return fmt.Sprintf("%s %d", l.T("month."+strconv.Itoa(int(t.Month()))), t.Year())
}
