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
	Properties map[string][]string `json:"properties"`
	FirstSeen  string              `json:"first_seen"`
}

// ftmTypes maps the schemata screened against to entity types; other
// schemata (addresses, sanctions, ownership links) are not names to match.
var ftmTypes = map[string]EntityType{
	"Person": TypePerson, "Organization": TypeOrganization, "Company": TypeOrganization,
	"PublicBody": TypeOrganization, "LegalEntity": TypeOther, "Vessel": TypeVessel, "Airplane": TypeOther,
}

// SchemaType returns the entity type of a FollowTheMoney schema name, and
// false for schemata that are not screened.
func SchemaType(schema string) (EntityType, bool) {
	t, ok := ftmTypes[schema]
	return t, ok
}

// readFTM reads FollowTheMoney JSON lines. Every line must be a complete
// object: a truncated last line fails the file.
func readFTM(f sourceFile) (*Snapshot, error) {
	s := &Snapshot{List: ListOpenSanctions}
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
		t, ok := ftmTypes[x.Schema]
		if !ok {
			continue
		}
		p := x.Properties
		e := &Entity{List: ListOpenSanctions, ID: x.ID, Type: t, BirthDates: p["birthDate"],
			Programs: p["topics"], Link: "https://www.opensanctions.org/entities/" + x.ID + "/"}
		for _, n := range p["name"] {
			q := QualityStrong
			if len(e.Names) == 0 {
				q = QualityPrimary
			}
			e.addName(n, q)
		}
		for _, prop := range []struct{ key, q string }{{"alias", QualityStrong}, {"previousName", QualityFormer}, {"weakAlias", QualityWeak}} {
			for _, n := range p[prop.key] {
				e.addName(n, prop.q)
			}
		}
		for _, key := range []string{"country", "jurisdiction", "mainCountry"} {
			for _, c := range p[key] {
				e.addCountry(c)
			}
		}
		if ls := p["createdAt"]; len(ls) > 0 {
			e.ListedOn = ls[0]
		}
		s.Entities = append(s.Entities, e)
	}
	if err := sc.Err(); err != nil {
		return nil, formatError(f.Name, line+1, "%v", err)
	}
	return complete(f.Name, s)
}
