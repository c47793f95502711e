package screening

import (
	"bytes"
	"encoding/json"
	"strings"
)

// aspiGalaxy is the ASPI China Defence Universities Tracker as published in
// the MISP galaxy cluster china-defence-universities.json.
type aspiGalaxy struct {
	Type   string `json:"type"`
	Values []struct {
		UUID  string `json:"uuid"`
		Value string `json:"value"`
		Meta  struct {
			Address    string   `json:"address"`
			Aliases    []string `json:"aliases"`
			Categories []string `json:"categories"`
			Refs       []string `json:"refs"`
			Labs       []string `json:"major defence laboratories"`
		} `json:"meta"`
		Description string `json:"description"`
	} `json:"values"`
}

// readASPI reads the tracker. Its categories are ASPI's assessments and are
// kept as programmes for display; every institution is in China.
func readASPI(f sourceFile) (*Snapshot, error) {
	var doc aspiGalaxy
	dec := json.NewDecoder(bytes.NewReader(f.Data))
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(f.Name, dec, err)
	}
	if doc.Type != "china-defence-universities" {
		return nil, formatError(f.Name, 0, "not the ASPI China Defence Universities Tracker (galaxy type %q)", doc.Type)
	}
	s := &Snapshot{List: ListASPI}
	for i, v := range doc.Values {
		if v.UUID == "" || strings.TrimSpace(v.Value) == "" {
			return nil, formatError(f.Name, 0, "value %d has no uuid or name", i+1)
		}
		e := &Entity{List: ListASPI, ID: v.UUID, Type: TypeOrganization, Programs: v.Meta.Categories,
			Remarks: v.Description, Countries: []string{"CN"}, Laboratories: v.Meta.Labs,
			Link: "https://unitracker.aspi.org.au/"}
		if len(v.Meta.Refs) > 0 {
			e.Link = v.Meta.Refs[0]
		}
		// "Nanjing University (南京大学)": the bracketed original is also an
		// alias. It is the last parenthesis: an earlier one is a campus that
		// belongs to the English name ("China University of Geosciences
		// (Wuhan) (中国地质大学)").
		primary := v.Value
		if i := strings.LastIndex(primary, " ("); i > 0 && strings.HasSuffix(primary, ")") {
			e.addName(primary[:i], QualityPrimary)
			e.addName(strings.TrimSuffix(primary[i+2:], ")"), QualityStrong)
		} else {
			e.addName(primary, QualityPrimary)
		}
		for _, a := range v.Meta.Aliases {
			e.addName(a, QualityStrong)
		}
		s.Entities = append(s.Entities, e)
	}
	return complete(f.Name, s)
}
