package screening

import (
	"github.com/kscheck/kscheck/internal/kscheck"
)

// MaxShrink is the share of entries a list may lose between two snapshots
// before an import is refused: real lists change by a few entries at a
// time, while a download cut at a line boundary loses thousands and,
// for formats that carry no count, still parses.
const MaxShrink = 0.05

// CheckShrink refuses cur when it holds more than MaxShrink fewer entries
// than prev, the active snapshot of the same list (the zero Ref: nothing to
// compare). The message names both counts and what to do; its catalogue
// key lets a page say it in the reader's language.
func CheckShrink(prev Ref, cur *Snapshot) error {
	if prev.List != cur.List || prev.Entries == 0 {
		return nil
	}
	before, after := prev.Entries, len(cur.Entities)
	if float64(before-after) <= MaxShrink*float64(before) {
		return nil
	}
	return kscheck.Errorf(kscheck.EInvalid,
		"the new %s list (%s) has %d entries, %d fewer than the %d of the active snapshot (%.0f%% less); a file cut short looks like this, so the active snapshot stays in force. Check the file, or allow a smaller list (--allow-shrink) if the list really shrank",
		cur.List, cur.Source, after, before-after, before, 100*float64(before-after)/float64(before)).Translated("lists.err.shrink")
}
