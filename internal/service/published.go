package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
)

// PublishedEntry is one decided check in the anonymised decision register:
// what kind of collaboration, where, with which countries and technology,
// and what the Committee decided. It never names a person, and names a
// partner organisation only when an administrator made it public.
type PublishedEntry struct {
	Decided    time.Time // the month of the verdict
	Kind       kscheck.Kind
	Faculty    string // the faculty's name in the reader's language
	Countries  []string
	Partners   []string // public organisations only
	Technology string   // EU critical technology areas, "" when none
	Verdict    kscheck.Verdict
	Measures   []string // the catalogue categories of the measures imposed; "" for measures in own words
}

// technologyVocabulary names the areas a published entry reports.
const technologyVocabulary = "eu_critical_technologies"

// PublishedRegister returns a page of the anonymised register of decided
// checks, latest first, in lang, with the total. public says it is asked
// for by the public page, which the installation has enabled; otherwise
// actor must be one who sees the overviews.
func (s *Service) PublishedRegister(ctx context.Context, actor kscheck.Actor, public bool, lang string, limit, offset int) ([]PublishedEntry, int, error) {
	if !public && !mayOverview(actor) {
		return nil, 0, kscheck.Errorf(kscheck.EForbidden, "the register is for the Advice Desk, the Committee and the auditor").Translated("err.access.register")
	}
	cases, total, err := s.store.DecidedCases(ctx, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	partners, err := s.store.PartnersOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	measures, err := s.store.ImposedMeasures(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, 0, err
	}
	vocab, _ := procedure.ShippedVocabularies()
	out := make([]PublishedEntry, len(cases))
	for i, c := range cases {
		e := PublishedEntry{Kind: c.Kind, Verdict: c.Verdict, Faculty: facultyName(units, c.UnitPath, lang)}
		if c.VerdictAt != nil {
			e.Decided = time.Date(c.VerdictAt.Year(), c.VerdictAt.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		for _, p := range partners[c.ID] {
			if name := countryName(vocab, p.Country, lang); name != "" && !slices.Contains(e.Countries, name) {
				e.Countries = append(e.Countries, name)
			}
			if p.Public && p.Type == kscheck.PartnerOrganization {
				e.Partners = append(e.Partners, p.Name)
			}
		}
		proc, _ := s.ProcedureOf(c)
		if proc != nil {
			e.Technology = technologyAreas(proc, c.Answers, lang)
		}
		for _, m := range measures[c.ID] {
			cat := measureCategory(proc, m.Code, lang)
			if !slices.Contains(e.Measures, cat) {
				e.Measures = append(e.Measures, cat)
			}
		}
		out[i] = e
	}
	return out, total, nil
}

// facultyName names the faculty (second level) of a unit path in lang.
func facultyName(units []*kscheck.Unit, path []string, lang string) string {
	if len(path) == 0 {
		return ""
	}
	u := findUnit(units, path[min(1, len(path)-1)])
	if u == nil {
		return ""
	}
	return u.NameIn(lang)
}

// countryName names an ISO country code in lang, or returns the code.
func countryName(vs *procedure.Vocabularies, code, lang string) string {
	if code == "" || vs == nil {
		return code
	}
	if v := vs.Get("countries"); v != nil {
		if e := v.Entry(code); e != nil {
			return e.Text.In(lang)
		}
	}
	return code
}

// technologyAreas is how the answers to the procedure's questions on EU
// critical technology areas read in lang.
func technologyAreas(p *procedure.Procedure, answers map[string]any, lang string) string {
	var parts []string
	for _, q := range p.Questions() {
		if q.Vocabulary != technologyVocabulary {
			continue
		}
		if values := answerValues(answers[q.ID]); len(values) > 0 {
			parts = append(parts, p.AnswerText(q.ID, "", values, lang))
		}
	}
	return strings.Join(parts, "; ")
}

// answerValues reads a stored answer as a list of codes.
func answerValues(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}

// measureCategory names the catalogue category of a measure in lang, or
// is "" for a measure in the Committee's own words.
func measureCategory(p *procedure.Procedure, code, lang string) string {
	if p != nil && code != "" {
		for _, m := range p.Mitigations {
			if m.Code == code {
				return m.Text.In(lang)
			}
		}
	}
	return ""
}

// publishedPage is how many entries an export reads at a time.
const publishedPage = 500

// ExportPublishedRegister streams the whole anonymised register to fn.
// An export from inside is recorded in the audit trail; the public one
// holds nothing personal and is not.
func (s *Service) ExportPublishedRegister(ctx context.Context, actor kscheck.Actor, public bool, lang, format string, fn func(PublishedEntry) error) error {
	if !public {
		if !mayOverview(actor) {
			return kscheck.Errorf(kscheck.EForbidden, "the register is for the Advice Desk, the Committee and the auditor").Translated("err.access.register")
		}
		if err := s.recordExport(ctx, actor, "published_register", format, kscheck.CaseFilter{}); err != nil {
			return err
		}
	}
	for offset := 0; ; offset += publishedPage {
		entries, total, err := s.PublishedRegister(ctx, actor, public, lang, publishedPage, offset)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := fn(e); err != nil {
				return err
			}
		}
		if offset+publishedPage >= total || len(entries) == 0 {
			return nil
		}
	}
}
