package procedure

import "time"

// checkOverlap reports two procedures of the same track that name the same
// unit and are in force on a common day: resolving that unit on that day
// would have no single answer. Versions of one procedure may overlap, as a
// later version supersedes an earlier one from its `from` date, but two
// versions starting on the same day may not; nor may a version appear twice.
func checkOverlap(ps []*Procedure) []Problem {
	var probs []Problem
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			if a.Track != b.Track {
				continue
			}
			if a.ID == b.ID {
				switch {
				case a.Version == b.Version:
					probs = append(probs, b.problem("version", "procedure_check.version_twice",
						"%s is also in %s; every version of a procedure must be distinct", b.Ref(), a.file))
				case a.from.Equal(b.from):
					probs = append(probs, b.problem("applies_to.from", "procedure_check.same_start",
						"%s and %s (%s) both start on %s; give the newer version a later `from` date", b.Ref(), a.Ref(), a.file, b.AppliesTo.From))
				}
				continue
			}
			day, ok := firstCommonDay(a, b)
			if !ok {
				continue
			}
			for _, u := range b.AppliesTo.Units {
				for _, v := range a.AppliesTo.Units {
					if u == v {
						probs = append(probs, b.problem("applies_to.units", "procedure_check.unit_overlap",
							"%s and %s (%s) both apply to unit %q from %s on: a unit can have only one procedure per level and day; change `units` or the dates",
							b.Ref(), a.Ref(), a.file, u, day.Format(dateLayout)))
					}
				}
			}
		}
	}
	return probs
}

// firstCommonDay returns the first day both a and b are in force.
func firstCommonDay(a, b *Procedure) (time.Time, bool) {
	start := a.from
	if b.from.After(start) {
		start = b.from
	}
	return start, a.InForce(start) && b.InForce(start)
}
