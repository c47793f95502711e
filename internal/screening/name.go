package screening

import "github.com/kscheck/kscheck/internal/i18n"

// SnapshotName is how every page, the dossier, the letter and the command
// line name a list snapshot: the list and the day it was published, "UN
// list of 27 Feb 2026", or, when the file states no date, the day it was
// fetched. A file name or a hash means nothing to the people who read the
// result, so there is one wording, kept here where all of them reach it.
func SnapshotName(L *i18n.Localizer, r Ref) string {
	name := L.T("listshort." + string(r.List))
	switch {
	case !r.Published.IsZero():
		return L.T("snapshot.of", name, L.ShortDate(r.Published))
	case !r.Fetched.IsZero():
		return L.T("snapshot.fetched", name, L.ShortDate(r.Fetched))
	}
	return name
}
