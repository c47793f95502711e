package screening

import (
	"bytes"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Two UK formats share this reader. Every row is one name of a
// designation; Name 6 is the family or organisation name and Names 1–5 the
// others.
//
//   - The UK Sanctions List CSV (FCDO, sanctionslist.fcdo.gov.uk) starts
//     with a "Report Date: 08-Oct-2026" line; rows are grouped by
//     "Unique ID" (e.g. RUS2176), the name's kind is in "Name type"
//     (Primary Name, Primary Name Variation, Alias), ships carry an
//     "IMO number".
//   - OFSI's consolidated list CSV (ConList.csv) starts with a
//     "Last Updated,03/06/2026" line; rows are grouped by "Group ID", the
//     name's kind is in "Alias Type" (Prime Alias, AKA, FKA) and its quality
//     in "Alias Quality"; the file is Windows-1252, not UTF-8.

// isUKHeader recognises the file by its name columns in the first lines.
func isUKHeader(head []byte) bool {
	return bytes.Contains(head, []byte("Name 6")) &&
		(bytes.Contains(head, []byte("Unique ID")) || bytes.Contains(head, []byte("Group ID")))
}

var (
	ukIMO        = regexp.MustCompile(`IMO[^0-9]{0,12}([0-9]{7})\b`)
	ukReportDate = regexp.MustCompile(`(?i)^(?:report date|last updated)[:,\s]+([0-9A-Za-z/-]+)`)
)

// decodeWindows1252 returns data as UTF-8: OFSI publishes ConList.csv in
// Windows-1252, so "GROUPE ISLAMIQUE ARMÉ" arrives with a single byte É.
// Valid UTF-8 (the FCDO file, or a converted copy) is left unchanged.
func decodeWindows1252(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// readUKCSV reads either UK sanctions list CSV.
func readUKCSV(f sourceFile) (*Snapshot, error) {
	s := &Snapshot{List: ListUK}
	byID := map[string]*Entity{}
	primary := map[*Entity]string{}
	var h header
	idCol := ""
	err := csvRows(f.Name, decodeWindows1252(f.Data), ',', -1, func(rec []string, line int) error {
		if h == nil {
			if !isUKHeader([]byte(strings.Join(rec, ","))) {
				if m := ukReportDate.FindStringSubmatch(strings.Join(rec, ",")); m != nil {
					s.Published = parseUKDate(m[1])
				}
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
			switch kind := strings.ToLower(firstOf(h, rec, "designation type", "group type", "entity type", "individual, entity, ship")); {
			case strings.HasPrefix(kind, "individual"):
				t = TypePerson
			case strings.HasPrefix(kind, "entity"):
				t = TypeOrganization
			case strings.HasPrefix(kind, "ship"):
				t = TypeVessel
			}
			e = &Entity{List: ListUK, ID: id, Type: t,
				ListedOn: firstOf(h, rec, "date designated", "uk sanctions list date designated", "listed on"),
				Remarks:  firstOf(h, rec, "uk statement of reasons", "other information"),
				Link:     "https://www.gov.uk/government/publications/the-uk-sanctions-list"}
			byID[id] = e
			s.Entities = append(s.Entities, e)
		}
		full := cleanSpace(strings.Join([]string{h.get(rec, "name 1"), h.get(rec, "name 2"), h.get(rec, "name 3"),
			h.get(rec, "name 4"), h.get(rec, "name 5"), h.get(rec, "name 6")}, " "))
		kind := strings.ToLower(firstOf(h, rec, "name type", "alias type"))
		q := QualityStrong
		switch {
		case kind == "fka" || strings.Contains(kind, "former"):
			q = QualityFormer
		case strings.Contains(strings.ToLower(firstOf(h, rec, "alias strength", "alias quality")), "low"):
			q = QualityWeak
		}
		e.addName(full, q)
		if _, ok := primary[e]; !ok && (kind == "prime alias" || kind == "primary name") {
			primary[e] = full
		}
		e.addName(firstOf(h, rec, "name non-latin script", "name non-latin"), QualityStrong)
		e.addCountry(firstOf(h, rec, "address country", "country"))
		e.Programs = addValue(e.Programs, firstOf(h, rec, "regime name", "regime"))
		e.BirthDates = addValue(e.BirthDates, firstOf(h, rec, "d.o.b", "dob"))
		e.addIdentifier("passport", firstOf(h, rec, "passport number"), "")
		e.addIdentifier("national identification number", firstOf(h, rec, "national identifier number", "national identification number"), "")
		e.addIdentifier("UN reference", h.get(rec, "un reference number"), "")
		e.addIdentifier("business registration number", h.get(rec, "business registration number (s)"), "")
		imo := h.get(rec, "imo number")
		if m := ukIMO.FindStringSubmatch(firstOf(h, rec, "imo number", "other information")); m != nil {
			imo = m[1]
		}
		if imo != "" {
			// A ship is a vessel whatever its row calls it: OFSI's older
			// files list some ships only by the IMO number in their remarks.
			e.Type = TypeVessel
			e.addIdentifier("IMO", strings.TrimPrefix(strings.ToUpper(imo), "IMO"), "")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, formatError(f.Name, 0, "no header with the UK list's name columns")
	}
	for _, e := range s.Entities {
		if full, ok := primary[e]; ok {
			e.promote(full)
		} else if len(e.Names) > 0 {
			e.promote(e.Names[0].Full)
		}
	}
	return complete(f.Name, s)
}

// parseUKDate reads "08-Oct-2026" (FCDO) or "03/06/2026" (OFSI).
func parseUKDate(s string) time.Time {
	for _, layout := range []string{"02-Jan-2006", "02/01/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
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
