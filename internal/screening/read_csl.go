package screening

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

var cslSourceCode = regexp.MustCompile(`\(([A-Z]{2,6})\)`)

// cslRow is one entry of the US Consolidated Screening List, as both its
// CSV and JSON forms carry it.
type cslRow struct {
	ID, Source, Number, Type, Name, Remarks, Link, Start string
	Programs, AltNames, Countries, BirthDates            []string
	IDs                                                  []Identifier
}

// entity converts a row; the list's own id is the JSON id where present,
// else the source code and entity number, else a digest of the row's
// name and source, which stays stable between publications.
func (r *cslRow) entity() *Entity {
	code := r.Source
	if m := cslSourceCode.FindStringSubmatch(r.Source); m != nil {
		code = m[1]
	}
	id := r.ID
	if id == "" && r.Number != "" {
		id = code + "-" + r.Number
	}
	if id == "" {
		sum := sha256.Sum256([]byte(r.Source + "\x00" + cleanSpace(r.Name) + "\x00" + r.Start))
		id = code + "-" + hex.EncodeToString(sum[:6])
	}
	t := TypeOther
	switch strings.ToLower(r.Type) {
	case "individual":
		t = TypePerson
	case "entity":
		t = TypeOrganization
	case "vessel":
		t = TypeVessel
	}
	e := &Entity{List: ListCSL, ID: id, Type: t, ListedOn: r.Start, Remarks: r.Remarks,
		Link: r.Link, BirthDates: r.BirthDates, Identifiers: r.IDs}
	e.addName(r.Name, QualityPrimary)
	for _, a := range r.AltNames {
		e.addName(a, QualityStrong)
	}
	for _, c := range r.Countries {
		e.addCountry(c)
	}
	e.Programs = addValue(e.Programs, code)
	for _, p := range r.Programs {
		e.Programs = addValue(e.Programs, p)
	}
	return e
}

// splitList splits the "; "-joined multi-value cells of the CSL CSV.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// cslIDs reads the CSV's ids cell: "; "-separated items of the form
// "[COUNTRY, ]NUMBER, TYPE" ("CO, 1978075, Matricula Mercantil No").
// Items that are notes rather than numbers ("Subject to Secondary
// Sanctions, Additional Sanctions Information -") or web addresses are
// left out.
func cslIDs(cell string) []Identifier {
	var out []Identifier
	for _, item := range splitList(cell) {
		parts := strings.Split(item, ", ")
		if len(parts) < 2 {
			continue
		}
		typ, num := strings.TrimSpace(parts[len(parts)-1]), strings.TrimSpace(parts[len(parts)-2])
		if typ == "" || num == "" || strings.HasSuffix(typ, "-") || strings.HasSuffix(typ, ":") ||
			strings.EqualFold(typ, "website") || strings.EqualFold(typ, "email address") {
			continue
		}
		id := Identifier{Type: typ, Number: num}
		if len(parts) == 3 {
			id.Country = CountryCode(parts[0])
		}
		out = append(out, id)
	}
	return out
}

// readCSLCSV reads the Consolidated Screening List CSV
// (data.trade.gov consolidated_screening_list, one row per entry).
func readCSLCSV(f sourceFile) (*Snapshot, error) {
	var rows []cslRow
	var h header
	err := csvRows(f.Name, f.Data, ',', 0, func(rec []string, line int) error {
		if h == nil {
			h = newHeader(rec)
			return h.require(f.Name, "source", "name", "alt_names", "addresses")
		}
		if len(rec) != len(h) {
			return formatError(f.Name, line, "%d fields instead of %d", len(rec), len(h))
		}
		r := cslRow{ID: h.get(rec, "_id"), Source: h.get(rec, "source"), Number: h.get(rec, "entity_number"), Type: h.get(rec, "type"),
			Name: h.get(rec, "name"), Remarks: h.get(rec, "remarks"), Link: h.get(rec, "source_information_url"),
			Start: h.get(rec, "start_date"), Programs: splitList(h.get(rec, "programs")),
			AltNames: splitList(h.get(rec, "alt_names")), BirthDates: splitList(h.get(rec, "dates_of_birth"))}
		if r.Name == "" {
			return formatError(f.Name, line, "an entry has no name")
		}
		r.IDs = cslIDs(h.get(rec, "ids"))
		for _, a := range splitList(h.get(rec, "addresses")) {
			parts := strings.Split(a, ",")
			r.Countries = append(r.Countries, strings.TrimSpace(parts[len(parts)-1]))
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cslSnapshot(f.Name, rows)
}

// cslJSON is the JSON form of the Consolidated Screening List.
type cslJSON struct {
	Total   *int `json:"total"`
	Results []struct {
		ID        string          `json:"id"`
		Source    string          `json:"source"`
		Number    json.RawMessage `json:"entity_number"`
		Type      string          `json:"type"`
		Name      string          `json:"name"`
		AltNames  []string        `json:"alt_names"`
		Programs  []string        `json:"programs"`
		Remarks   string          `json:"remarks"`
		Link      string          `json:"source_information_url"`
		Start     string          `json:"start_date"`
		BirthDate []string        `json:"dates_of_birth"`
		Addresses []struct {
			Country string `json:"country"`
		} `json:"addresses"`
		IDs []struct {
			Type    string `json:"type"`
			Number  string `json:"number"`
			Country string `json:"country"`
		} `json:"ids"`
	} `json:"results"`
}

// readCSLJSON reads the Consolidated Screening List JSON; its "total" must
// agree with the number of results, which catches a truncated download.
func readCSLJSON(f sourceFile) (*Snapshot, error) {
	var doc cslJSON
	dec := json.NewDecoder(bytes.NewReader(f.Data))
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(f.Name, dec, err)
	}
	if doc.Total == nil {
		return nil, formatError(f.Name, 0, "not a Consolidated Screening List JSON file (no \"total\")")
	}
	if *doc.Total != len(doc.Results) {
		return nil, formatError(f.Name, 0, "the file says it has %d results but holds %d", *doc.Total, len(doc.Results))
	}
	rows := make([]cslRow, 0, len(doc.Results))
	for i, res := range doc.Results {
		if strings.TrimSpace(res.Name) == "" {
			return nil, formatError(f.Name, 0, "result %d has no name", i+1)
		}
		num := strings.Trim(string(res.Number), `"`)
		if num == "null" {
			num = ""
		}
		r := cslRow{ID: res.ID, Source: res.Source, Number: num, Type: res.Type, Name: res.Name,
			Remarks: res.Remarks, Link: res.Link, Start: res.Start, Programs: res.Programs,
			AltNames: res.AltNames, BirthDates: res.BirthDate}
		for _, a := range res.Addresses {
			r.Countries = append(r.Countries, a.Country)
		}
		for _, id := range res.IDs {
			r.IDs = append(r.IDs, Identifier{Type: id.Type, Number: id.Number, Country: CountryCode(id.Country)})
		}
		rows = append(rows, r)
	}
	return cslSnapshot(f.Name, rows)
}

// cslSnapshot builds the snapshot, numbering ids that repeat.
func cslSnapshot(file string, rows []cslRow) (*Snapshot, error) {
	s := &Snapshot{List: ListCSL}
	seen := map[string]int{}
	for i := range rows {
		e := rows[i].entity()
		seen[e.ID]++
		if n := seen[e.ID]; n > 1 {
			e.ID += " #" + strconv.Itoa(n)
		}
		s.Entities = append(s.Entities, e)
	}
	return complete(file, s)
}
