package screening

import (
	"bufio"
	"bytes"
	"encoding/json"
)

// ftmEntity is one line of an OpenSanctions FollowTheMoney export
// (entities.ftm.json: one JSON object per line).
type ftmEntity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption"`
	Target     bool                `json:"target"`
	Properties map[string][]string `json:"properties"`
}

// ftmTypes maps the schemata screened against to entity types; other
// schemata (addresses, sanctions, ownership links) are not names to match.
var ftmTypes = map[string]EntityType{
	"Person": TypePerson, "Organization": TypeOrganization, "Company": TypeOrganization,
	"PublicBody": TypeOrganization, "LegalEntity": TypeOther, "Vessel": TypeVessel, "Airplane": TypeOther,
}

// ftmIdentifiers are the properties that hold document and registration
// numbers, with the name shown for each.
var ftmIdentifiers = []struct{ prop, name string }{
	{"innCode", "INN"}, {"ogrnCode", "OGRN"}, {"taxNumber", "tax number"},
	{"registrationNumber", "registration number"}, {"passportNumber", "passport"}, {"imoNumber", "IMO"},
}

// SchemaType returns the entity type of a FollowTheMoney schema name, and
// false for schemata that are not screened.
func SchemaType(schema string) (EntityType, bool) {
	t, ok := ftmTypes[schema]
	return t, ok
}

// readFTM reads FollowTheMoney JSON lines. Only targets (target: true) are
// listed: the export also holds related parties (owners, relatives,
// companies of a listed person), which are context and never candidates.
// The primary name is the caption, the name OpenSanctions shows. Sanction
// entities are attached to the entry they name. Every line must be a
// complete object: a truncated last line fails the file.
func readFTM(f sourceFile) (*Snapshot, error) {
	s := &Snapshot{List: ListOpenSanctions}
	byID := map[string]*Entity{}
	var sanctions []ftmEntity
	sc := bufio.NewScanner(bytes.NewReader(f.Data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var x ftmEntity
		if err := json.Unmarshal(raw, &x); err != nil {
			return nil, formatError(f.Name, line, "not a complete JSON object: %v", err)
		}
		if x.ID == "" || x.Schema == "" {
			return nil, formatError(f.Name, line, "an entity has no id or schema")
		}
		if x.Schema == "Sanction" {
			sanctions = append(sanctions, x)
			continue
		}
		t, ok := ftmTypes[x.Schema]
		if !ok || !x.Target {
			continue
		}
		e := ftmEntry(x, t)
		byID[e.ID] = e
		s.Entities = append(s.Entities, e)
	}
	if err := sc.Err(); err != nil {
		return nil, formatError(f.Name, line+1, "%v", err)
	}
	for _, x := range sanctions {
		p := x.Properties
		sanction := Sanction{Program: first(p["programId"]), Authority: first(p["authority"]), Start: first(p["startDate"])}
		if sanction.Program == "" {
			sanction.Program = first(p["program"])
		}
		for _, id := range p["entity"] {
			if e := byID[id]; e != nil {
				e.Sanctions = append(e.Sanctions, sanction)
				e.Programs = addValue(e.Programs, sanction.Program)
			}
		}
	}
	return complete(f.Name, s)
}

// ftmEntry converts one target.
func ftmEntry(x ftmEntity, t EntityType) *Entity {
	p := x.Properties
	e := &Entity{List: ListOpenSanctions, ID: x.ID, Type: t, BirthDates: p["birthDate"],
		Link: "https://www.opensanctions.org/entities/" + x.ID + "/"}
	for _, prop := range []struct{ key, q string }{{"name", QualityStrong}, {"alias", QualityStrong}, {"previousName", QualityFormer}, {"weakAlias", QualityWeak}} {
		for _, n := range p[prop.key] {
			e.addName(n, prop.q)
		}
	}
	primary := x.Caption
	if primary == "" && len(e.Names) > 0 {
		primary = e.Names[0].Full
	}
	e.addName(primary, QualityStrong)
	e.promote(primary)
	for _, key := range []string{"country", "jurisdiction", "mainCountry"} {
		for _, c := range p[key] {
			e.addCountry(c)
		}
	}
	for _, id := range ftmIdentifiers {
		for _, n := range p[id.prop] {
			e.addIdentifier(id.name, n, "")
		}
	}
	for _, prog := range p["programId"] {
		e.Programs = addValue(e.Programs, prog)
	}
	e.ListedOn = first(p["createdAt"])
	return e
}

// first returns the first value of a property, or "".
func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}
