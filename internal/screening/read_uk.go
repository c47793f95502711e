package screening

import (
	"bytes"
	"strings"
)

// The UK sanctions list CSV (sanctionslist.fcdo.gov.uk) starts with a
// report-date line, then a header; every row is one name of a designation,
// grouped by "Unique ID". Name 6 is the family or organisation name and
// Names 1–5 the others. The older OFSI consolidated list CSV has the same
// name columns with "Group ID" as key, and is read the same way.

// isUKHeader recognises the file by its name columns in the first lines.
func isUKHeader(head []byte) bool {
	return bytes.Contains(head, []byte("Name 6")) &&
		(bytes.Contains(head, []byte("Unique ID")) || bytes.Contains(head, []byte("Group ID")))
}

// readUKCSV reads the UK sanctions list CSV.
func readUKCSV(f sourceFile) (*Snapshot, error) {
	s := &Snapshot{List: ListUK}
	byID := map[string]*Entity{}
	var h header
	idCol := ""
	err := csvRows(f.Name, f.Data, ',', -1, func(rec []string, line int) error {
		if h == nil {
			if !isUKHeader([]byte(strings.Join(rec, ","))) {
				return nil // the report-date line before the header
			}
			h = newHeader(rec)
			for _, c := range []string{"unique id", "group id"} {
				if _, ok := h[c]; ok {
					idCol = c
					break
				}
			}
			return h.require(f.Name, "name 6", idCol)
		}
		if len(rec) != len(h) {
			return formatError(f.Name, line, "%d fields instead of %d", len(rec), len(h))
		}
		id := h.get(rec, idCol)
		if id == "" {
			return formatError(f.Name, line, "a row has no %s", idCol)
		}
		e := byID[id]
		if e == nil {
			t := TypeOther
			switch kind := strings.ToLower(firstOf(h, rec, "designation type", "entity type", "group type", "individual, entity, ship")); {
			case strings.HasPrefix(kind, "individual"):
				t = TypePerson
			case strings.HasPrefix(kind, "entity"):
				t = TypeOrganization
			case strings.HasPrefix(kind, "ship"):
				t = TypeVessel
			}
			e = &Entity{List: ListUK, ID: id, Type: t, ListedOn: firstOf(h, rec, "date designated", "listed on"),
				Remarks: firstOf(h, rec, "other information", "uk statement of reasons"),
				Link:    "https://www.gov.uk/government/publications/the-uk-sanctions-list"}
			byID[id] = e
			s.Entities = append(s.Entities, e)
		}
		parts := []string{h.get(rec, "name 1"), h.get(rec, "name 2"), h.get(rec, "name 3"),
			h.get(rec, "name 4"), h.get(rec, "name 5"), h.get(rec, "name 6")}
		q := QualityStrong
		kind := strings.ToLower(firstOf(h, rec, "name type", "alias type"))
		switch {
		case len(e.Names) == 0 || strings.HasPrefix(kind, "primary"):
			q = QualityPrimary
		case strings.Contains(strings.ToLower(firstOf(h, rec, "alias strength", "alias quality")), "low"):
			q = QualityWeak
		}
		if q == QualityPrimary && len(e.Names) > 0 {
			q = QualityStrong // a "primary name variation"
		}
		e.addName(strings.Join(parts, " "), q)
		e.addName(firstOf(h, rec, "name non-latin script", "name non-latin"), QualityStrong)
		e.addCountry(firstOf(h, rec, "address country", "country"))
		e.Programs = addValue(e.Programs, firstOf(h, rec, "regime name", "regime"))
		if d := firstOf(h, rec, "d.o.b", "dob"); d != "" {
			e.BirthDates = addValue(e.BirthDates, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, formatError(f.Name, 0, "no header with the UK list's name columns")
	}
	return complete(f.Name, s)
}

// firstOf returns the first non-empty of the named columns.
func firstOf(h header, rec []string, names ...string) string {
	for _, n := range names {
		if v := h.get(rec, n); v != "" {
			return v
		}
	}
	return ""
}
