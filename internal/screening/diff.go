package screening

import (
	"reflect"
	"sort"
)

// SnapshotDiff is what changed between two snapshots of one list.
type SnapshotDiff struct {
	List    ListID        `json:"list"`
	Added   []*Entity     `json:"added"`
	Removed []*Entity     `json:"removed"`
	Changed []EntryChange `json:"changed"`
}

// EntryChange is an entry present in both snapshots with other content.
type EntryChange struct {
	Old    *Entity  `json:"old"`
	New    *Entity  `json:"new"`
	Fields []string `json:"fields"` // which parts changed
}

// Diff compares two snapshots of the same list by the list's own ids.
func Diff(old, cur *Snapshot) SnapshotDiff {
	d := SnapshotDiff{List: cur.List}
	before := map[string]*Entity{}
	for _, e := range old.Entities {
		before[e.ID] = e
	}
	seen := map[string]bool{}
	for _, e := range cur.Entities {
		seen[e.ID] = true
		o, ok := before[e.ID]
		if !ok {
			d.Added = append(d.Added, e)
			continue
		}
		if fields := changedFields(o, e); len(fields) > 0 {
			d.Changed = append(d.Changed, EntryChange{Old: o, New: e, Fields: fields})
		}
	}
	for _, e := range old.Entities {
		if !seen[e.ID] {
			d.Removed = append(d.Removed, e)
		}
	}
	sort.Slice(d.Changed, func(i, j int) bool { return d.Changed[i].New.ID < d.Changed[j].New.ID })
	return d
}

func changedFields(a, b *Entity) []string {
	var out []string
	check := func(name string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			out = append(out, name)
		}
	}
	check("type", a.Type, b.Type)
	check("names", a.Names, b.Names)
	check("countries", a.Countries, b.Countries)
	check("birth_dates", a.BirthDates, b.BirthDates)
	check("identifiers", a.Identifiers, b.Identifiers)
	check("programs", a.Programs, b.Programs)
	check("listed_on", a.ListedOn, b.ListedOn)
	check("remarks", a.Remarks, b.Remarks)
	check("sanctions", a.Sanctions, b.Sanctions)
	return out
}
