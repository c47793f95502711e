package procedure

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/kscheck/kscheck/procedures"
)

// Vocab is a shared list that questions choose from: the EU critical
// technology areas, the dual-use categories, the countries, the kinds of
// activity.
type Vocab struct {
	ID      string  `yaml:"id" json:"id"`
	Title   Text    `yaml:"title" json:"title"`
	Source  string  `yaml:"source" json:"source"`
	Entries []Entry `yaml:"entries" json:"entries"`
}

// Entry is one item of a vocabulary. Flagged entries are the sensitive ones
// (the four most critical technology areas, every dual-use category); a
// question can branch on whether a flagged entry was chosen.
type Entry struct {
	Code    string `yaml:"code" json:"code"`
	Flagged bool   `yaml:"flagged" json:"flagged,omitempty"`
	Text    Text   `yaml:"text" json:"text"`
}

// Entry returns the entry with code, or nil.
func (v *Vocab) Entry(code string) *Entry {
	for i := range v.Entries {
		if v.Entries[i].Code == code {
			return &v.Entries[i]
		}
	}
	return nil
}

// CountryIndicator is one fact about a partner country's context, filled in
// by the institution with where it comes from and when it was read.
type CountryIndicator struct {
	Country   string `yaml:"country" json:"country"`
	Indicator Text   `yaml:"indicator" json:"indicator"`
	Value     string `yaml:"value" json:"value"`
	Source    string `yaml:"source" json:"source"`
	Date      string `yaml:"date" json:"date"`
}

// Vocabularies is every shared vocabulary by id, plus the country context.
type Vocabularies struct {
	byID           map[string]*Vocab
	countryContext []CountryIndicator
}

// Get returns the vocabulary with id, or nil.
func (vs *Vocabularies) Get(id string) *Vocab { return vs.byID[id] }

// IDs returns the vocabulary ids in alphabetical order.
func (vs *Vocabularies) IDs() []string {
	ids := make([]string, 0, len(vs.byID))
	for id := range vs.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// CountryContext returns the indicators the institution recorded for an
// ISO 3166-1 country code.
func (vs *Vocabularies) CountryContext(country string) []CountryIndicator {
	var out []CountryIndicator
	for _, ci := range vs.countryContext {
		if ci.Country == country {
			out = append(out, ci)
		}
	}
	return out
}

// countryContextID is the file holding the country context indicators
// rather than a vocabulary.
const countryContextID = "country_context"

// ShippedVocabularies returns the vocabularies carried in the binary, read
// once.
var ShippedVocabularies = sync.OnceValues(func() (*Vocabularies, error) {
	return loadVocabularies(procedures.FS, "vocabularies")
})

func loadVocabularies(fsys fs.FS, dir string) (*Vocabularies, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	vs := &Vocabularies{byID: map[string]*Vocab{}}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if path.Base(name) == countryContextID+".yaml" {
			if vs.countryContext, err = loadCountryContext(name, src); err != nil {
				return nil, err
			}
			continue
		}
		v := &Vocab{}
		if err := yaml.UnmarshalWithOptions(src, v, yaml.DisallowUnknownField()); err != nil {
			return nil, fmt.Errorf("vocabulary %s: %w", name, err)
		}
		if v.ID == "" || len(v.Entries) == 0 {
			return nil, fmt.Errorf("vocabulary %s needs an id and at least one entry", name)
		}
		vs.byID[v.ID] = v
	}
	return vs, nil
}

// loadCountryContext reads the institution's indicators and insists that
// each names its source and date, since an unsourced indicator is a
// judgement nobody can check.
func loadCountryContext(name string, src []byte) ([]CountryIndicator, error) {
	var file struct {
		ID         string             `yaml:"id"`
		Title      Text               `yaml:"title"`
		Source     string             `yaml:"source"`
		Indicators []CountryIndicator `yaml:"indicators"`
	}
	if err := yaml.UnmarshalWithOptions(src, &file, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("country context %s: %w", name, err)
	}
	for i, ci := range file.Indicators {
		if ci.Country == "" || ci.Source == "" || ci.Date == "" {
			return nil, fmt.Errorf("country context %s: indicator %d needs a country, a source and a date", name, i+1)
		}
		if _, err := time.Parse(dateLayout, ci.Date); err != nil {
			return nil, fmt.Errorf("country context %s: indicator %d: date %q is not YYYY-MM-DD", name, i+1, ci.Date)
		}
	}
	return file.Indicators, nil
}
