package screening

import (
	"strconv"
	"strings"
)

// readDPL reads the BIS Denied Persons List in its tab-separated form. The
// list has no identifiers, so an entry's id is its name and effective date,
// numbered when an order repeats them; the list does not say whether an
// entry is a person or a company, so every entry is of type Other.
func readDPL(f sourceFile) (*Snapshot, error) {
	s := &Snapshot{List: ListBISDPL}
	var h header
	seen := map[string]int{}
	err := csvRows(f.Name, f.Data, '\t', 0, func(rec []string, line int) error {
		if h == nil {
			h = newHeader(rec)
			return h.require(f.Name, "name", "country", "effective_date", "fr_citation")
		}
		if len(rec) != len(h) {
			return formatError(f.Name, line, "%d fields instead of %d", len(rec), len(h))
		}
		name := h.get(rec, "name")
		if name == "" {
			return formatError(f.Name, line, "an entry has no name")
		}
		id := cleanSpace(name) + " " + h.get(rec, "effective_date")
		seen[id]++
		if n := seen[id]; n > 1 {
			id += " #" + strconv.Itoa(n)
		}
		e := &Entity{List: ListBISDPL, ID: id, Type: TypeOther, ListedOn: h.get(rec, "effective_date"),
			Remarks: strings.TrimSpace(h.get(rec, "action") + " " + h.get(rec, "fr_citation")),
			Link:    "https://www.bis.gov/dpl"}
		e.addName(name, QualityPrimary)
		e.addCountry(h.get(rec, "country"))
		s.Entities = append(s.Entities, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return complete(f.Name, s)
}
