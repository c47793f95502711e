package screening

import (
	"regexp"
	"strconv"
	"strings"
)

// ofacFiles names the four CSV files of an OFAC list: the main file and
// its addresses, alternate names and remark continuations.
type ofacFiles struct{ main, add, alt, comments string }

var (
	ofacSDNFiles  = ofacFiles{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
	ofacConsFiles = ofacFiles{"cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"}
)

var (
	remarkAKA = regexp.MustCompile(`a\.k\.a\.,? '([^']+)'`)
	remarkDOB = regexp.MustCompile(`DOB ([^;]+)`)
)

// readOFACCSV reads the OFAC SDN or consolidated non-SDN list in its
// legacy CSV form (files without header, "-0-" for empty). The main file
// is required; the others are optional but must be well formed.
func readOFACCSV(list ListID, files []sourceFile) (*Snapshot, error) {
	names := ofacSDNFiles
	if list == ListOFACCons {
		names = ofacConsFiles
	}
	byName := map[string][]byte{}
	var main string
	for _, f := range files {
		base := baseName(f.Name)
		byName[base] = f.Data
		if base == names.main {
			main = f.Name
		}
	}
	if main == "" {
		return nil, formatError(names.main, 0, "the OFAC main file is missing")
	}
	s := &Snapshot{List: list}
	byID := map[string]*Entity{}
	err := csvRows(main, byName[names.main], ',', 12, func(rec []string, line int) error {
		id := ofacValue(rec[0])
		if _, err := strconv.Atoi(id); err != nil {
			return formatError(main, line, "ent_num %q is not a number", rec[0])
		}
		if byID[id] != nil {
			return formatError(main, line, "ent_num %s appears twice", id)
		}
		t, ok := ofacType(ofacValue(rec[2]))
		if !ok {
			return formatError(main, line, "unknown SDN type %q", rec[2])
		}
		e := &Entity{List: list, ID: id, Type: t, Remarks: ofacValue(rec[11]),
			Link: "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=" + id}
		e.addName(ofacValue(rec[1]), QualityPrimary)
		for _, p := range strings.Split(ofacValue(rec[3]), "] [") {
			e.Programs = addValue(e.Programs, strings.Trim(p, "[]"))
		}
		byID[id] = e
		s.Entities = append(s.Entities, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The four files are published together and the aliases and addresses
	// always refer to entries of the main file (checked on the real
	// snapshots of 2019, 2021 and 2025): a row for an entry the main file
	// lacks means the main file was cut short, and the set is refused. The
	// remark continuations are the exception: the real January 2019
	// snapshot has some for entries not in sdn.csv, and they are skipped.
	lookup := func(file string, line int, id string, strict bool) (*Entity, error) {
		if _, err := strconv.Atoi(ofacValue(id)); err != nil {
			return nil, formatError(file, line, "ent_num %q is not a number", id)
		}
		e := byID[ofacValue(id)]
		if e == nil && strict {
			return nil, formatError(file, line, "entry %s is not in %s: the main file is incomplete (cut short?); download the whole set again", ofacValue(id), names.main)
		}
		return e, nil
	}
	if data, ok := byName[names.comments]; ok {
		if err := csvRows(names.comments, data, ',', 2, func(rec []string, line int) error {
			e, err := lookup(names.comments, line, rec[0], false)
			if e != nil {
				e.Remarks += ofacValue(rec[1])
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	if data, ok := byName[names.alt]; ok {
		if err := csvRows(names.alt, data, ',', 5, func(rec []string, line int) error {
			e, err := lookup(names.alt, line, rec[0], true)
			if e == nil {
				return err
			}
			q := QualityStrong
			if strings.EqualFold(ofacValue(rec[2]), "fka") {
				q = QualityFormer
			}
			e.addName(ofacValue(rec[3]), q)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if data, ok := byName[names.add]; ok {
		if err := csvRows(names.add, data, ',', 6, func(rec []string, line int) error {
			e, err := lookup(names.add, line, rec[0], true)
			if e != nil {
				e.addCountry(ofacValue(rec[4]))
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	for _, e := range s.Entities {
		for _, m := range remarkAKA.FindAllStringSubmatch(e.Remarks, -1) {
			e.addName(m[1], QualityWeak)
		}
		for _, m := range remarkDOB.FindAllStringSubmatch(e.Remarks, -1) {
			e.BirthDates = addValue(e.BirthDates, m[1])
		}
	}
	return complete(main, s)
}

// ofacType maps OFAC's SDN type (empty in the CSV, "Entity" in the XML,
// for organisations) to an entity type.
func ofacType(s string) (EntityType, bool) {
	switch strings.ToLower(s) {
	case "", "entity":
		return TypeOrganization, true
	case "individual":
		return TypePerson, true
	case "vessel":
		return TypeVessel, true
	case "aircraft":
		return TypeOther, true
	}
	return "", false
}
