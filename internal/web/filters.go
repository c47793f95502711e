package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// listPerPage is how many cases a list page shows.
const listPerPage = 50

// caseFilters is a filtered, paged case list's form state: what the
// person chose, the choices offered, and where the pages are.
type caseFilters struct {
	Action               string // the list's path
	Export               string // the path that downloads the list, "" for none
	State, Kind, Unit, Q string
	States               []kscheck.State
	Kinds                []kscheck.Kind
	Units                []*kscheck.Unit
	// Mine offers (MineOffered) and keeps (Mine) the filter on the
	// checks assigned to the person (the Advice Desk's queue).
	MineOffered, Mine bool
	Page, Pages       int
	Total             int
	More              bool // more than kscheck.CountCap
}

// UnitName names the unit with code in lang, for the case table.
func (cf caseFilters) UnitName(code, lang string) string {
	for _, u := range cf.Units {
		if u.Code == code {
			return u.NameIn(lang)
		}
	}
	return code
}

// readFilters reads the filter form of a list at path from the query
// string; states are the states the list offers. Unknown values are
// ignored, so a stale link still shows a list.
func (s *Server) readFilters(r *http.Request, path string, states []kscheck.State) (caseFilters, kscheck.CaseFilter) {
	q := r.URL.Query()
	cf := caseFilters{Action: path, Q: q.Get("q"), States: states, Kinds: kscheck.Kinds}
	cf.Page, _ = strconv.Atoi(q.Get("page"))
	cf.Page = max(cf.Page, 1)
	f := kscheck.CaseFilter{Text: cf.Q, Limit: listPerPage, Offset: (cf.Page - 1) * listPerPage}
	if st := kscheck.State(q.Get("state")); slices.Contains(states, st) {
		cf.State, f.States = string(st), []kscheck.State{st}
	}
	if k := kscheck.Kind(q.Get("kind")); k.Valid() {
		cf.Kind, f.Kind = string(k), k
	}
	if units, err := s.svc.Units(r.Context()); err == nil {
		cf.Units = units
		for _, u := range units {
			if u.Code == q.Get("unit") {
				cf.Unit, f.UnitCode = u.Code, u.Code
			}
		}
	}
	return cf, f
}

// counted records the list's total and derives the number of pages.
func (cf *caseFilters) counted(total int) {
	cf.Total, cf.More = min(total, kscheck.CountCap), total > kscheck.CountCap
	cf.Pages = (cf.Total + listPerPage - 1) / listPerPage
}

// PrevURL and NextURL link to the neighbouring pages with the same filters.
func (cf caseFilters) PrevURL() string { return cf.pageURL(cf.Page - 1) }
func (cf caseFilters) NextURL() string { return cf.pageURL(cf.Page + 1) }

// ExportURL links to the download of the whole filtered list in format.
func (cf caseFilters) ExportURL(format string) string {
	v := cf.values()
	v.Set("format", format)
	return cf.Export + "?" + v.Encode()
}

// pageURL is the link to page n of the list with the same filters.
func (cf caseFilters) pageURL(n int) string {
	v := cf.values()
	v.Set("page", strconv.Itoa(n))
	return cf.Action + "?" + v.Encode()
}

// values are the chosen filters as query parameters.
func (cf caseFilters) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"state": cf.State, "kind": cf.Kind, "unit": cf.Unit, "q": cf.Q} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if cf.Mine {
		v.Set("mine", "1")
	}
	return v
}
