package screening

import (
	"fmt"
	"math"
	"time"
)

// StaleAfter is the age after which a snapshot is no longer current: the
// lists change every week, so a month-old copy misses designations.
const StaleAfter = 30 * 24 * time.Hour

// cslFullMinimum is fewer entries than the full Consolidated Screening
// List has ever held (over 10,000 since 2020); a smaller CSL is a sample.
const cslFullMinimum = 5000

// Coverage says which lists a screening covered, with their publication
// dates, and which it did not: a result without it would read as "no
// hits anywhere" when the EU list was never loaded.
type Coverage struct {
	Lists []Ref `json:"lists"`
	Gaps  []Gap `json:"gaps"`
}

// Gap is one way a screening falls short of the lists it should cover.
type Gap struct {
	Kind    string `json:"kind"` // missing, sample, stale or bundled
	List    ListID `json:"list"`
	Days    int    `json:"days,omitempty"`    // a stale snapshot's age
	Entries int    `json:"entries,omitempty"` // a sample's size
	Message string `json:"message"`           // in English, for the command line and the JSON
	Fix     string `json:"fix"`               // the command that closes the gap
}

// Gap kinds.
const (
	GapMissing = "missing"
	GapSample  = "sample"
	GapStale   = "stale"
	GapBundled = "bundled"
)

// CoverageOf works out the coverage of a screening against refs at time at.
// Every list with an official source is expected; OpenSanctions, which an
// administrator adds deliberately, is not.
func CoverageOf(refs []Ref, at time.Time) Coverage {
	c := Coverage{Lists: refs, Gaps: []Gap{}}
	if c.Lists == nil {
		c.Lists = []Ref{}
	}
	have := map[ListID]bool{}
	for _, r := range refs {
		have[r.List] = true
		fix := "kscheck lists update --list " + string(r.List)
		if r.List == ListCSL && r.Entries > 0 && r.Entries < cslFullMinimum {
			c.Gaps = append(c.Gaps, Gap{Kind: GapSample, List: r.List, Entries: r.Entries, Fix: fix,
				Message: fmt.Sprintf("the Consolidated Screening List is only a sample of %d entries, not the full list", r.Entries)})
		}
		dated := r.Published
		if dated.IsZero() {
			dated = r.Fetched
		}
		if age := at.Sub(dated); !dated.IsZero() && age > StaleAfter {
			days := int(math.Floor(age.Hours() / 24))
			c.Gaps = append(c.Gaps, Gap{Kind: GapStale, List: r.List, Days: days, Fix: fix,
				Message: fmt.Sprintf("the %s snapshot is %d days old (from %s)", r.List, days, dated.Format("2006-01-02"))})
		} else if r.Bundled {
			c.Gaps = append(c.Gaps, Gap{Kind: GapBundled, List: r.List, Fix: fix,
				Message: fmt.Sprintf("the %s list is the copy shipped with kscheck, not a current download", r.List)})
		}
	}
	for _, src := range DefaultSources {
		if !have[src.List] {
			c.Gaps = append(c.Gaps, Gap{Kind: GapMissing, List: src.List, Fix: "kscheck lists update --list " + string(src.List),
				Message: fmt.Sprintf("no %s list is loaded: the partner was not checked against it", src.List)})
		}
	}
	return c
}
