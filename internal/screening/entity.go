package screening

import "unicode"

// ListID names a list kscheck knows how to read.
type ListID string

// The lists kscheck reads.
const (
	ListUN            ListID = "un"
	ListOFACSDN       ListID = "ofac-sdn"
	ListOFACCons      ListID = "ofac-cons"
	ListBISDPL        ListID = "bis-dpl"
	ListCSL           ListID = "csl"
	ListEU            ListID = "eu"
	ListUK            ListID = "uk"
	ListASPI          ListID = "aspi"
	ListOpenSanctions ListID = "opensanctions"
)

// Lists is every list in a stable order.
var Lists = []ListID{ListUN, ListOFACSDN, ListOFACCons, ListBISDPL, ListCSL, ListEU, ListUK, ListASPI, ListOpenSanctions}

// Assessment reports whether the list holds assessments (context for a
// person to weigh) rather than government designations (citable facts).
func (l ListID) Assessment() bool { return l == ListASPI }

// EntityType is what a listed entry is.
type EntityType string

// Entity types. Lists that do not say (BIS Denied Persons) give Other.
const (
	TypePerson       EntityType = "person"
	TypeOrganization EntityType = "organization"
	TypeVessel       EntityType = "vessel"
	TypeOther        EntityType = "other"
)

// Name qualities, as the lists grade their aliases.
const (
	QualityPrimary = "primary"
	QualityStrong  = "strong" // a good quality a.k.a.
	QualityWeak    = "weak"   // a low quality a.k.a.
	QualityFormer  = "former" // f.k.a.
)

// Name is one name of an entity.
type Name struct {
	Full    string `json:"name"`
	Quality string `json:"quality"`
	Script  string `json:"script,omitempty"` // Unicode script of the name when not Latin, e.g. Han
}

// Identifier is a document or registration number.
type Identifier struct {
	Type    string `json:"type"`
	Number  string `json:"number"`
	Country string `json:"country,omitempty"`
}

// Entity is one entry of a list, in the model shared by every reader.
// Countries are those of the entry's addresses or, for organisations, its
// seat; nationality is deliberately not kept.
type Entity struct {
	List        ListID       `json:"list"`
	ID          string       `json:"id"` // the list's own identifier
	Type        EntityType   `json:"type"`
	Names       []Name       `json:"names"` // Names[0] is the primary name
	Countries   []string     `json:"countries,omitempty"`
	BirthDates  []string     `json:"birth_dates,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Programs    []string     `json:"programs,omitempty"` // sanction programmes or, for assessments, categories
	ListedOn    string       `json:"listed_on,omitempty"`
	Remarks     string       `json:"remarks,omitempty"`
	Link        string       `json:"link,omitempty"`
	// Sanctions are the measures the list records against the entry, where
	// it records them apart from the entry (OpenSanctions' Sanction entities).
	Sanctions []Sanction `json:"sanctions,omitempty"`
	// Laboratories are the major defence laboratories ASPI names for an
	// institution: the evidence behind its assessment.
	Laboratories []string `json:"laboratories,omitempty"`
}

// Sanction is one measure against an entry: the programme it falls under,
// the authority that imposed it and when it took effect.
type Sanction struct {
	Program   string `json:"program,omitempty"`
	Authority string `json:"authority,omitempty"`
	Start     string `json:"start,omitempty"`
}

// Primary returns the entity's primary name.
func (e *Entity) Primary() string {
	if len(e.Names) == 0 {
		return ""
	}
	return e.Names[0].Full
}

// addName appends a name unless it is empty or already present.
func (e *Entity) addName(full, quality string) {
	full = cleanSpace(full)
	if full == "" {
		return
	}
	for _, n := range e.Names {
		if n.Full == full {
			return
		}
	}
	e.Names = append(e.Names, Name{Full: full, Quality: quality, Script: scriptOf(full)})
}

// addCountry appends the ISO code of a country written as a name or code.
func (e *Entity) addCountry(s string) {
	cc := CountryCode(s)
	if cc == "" {
		return
	}
	for _, c := range e.Countries {
		if c == cc {
			return
		}
	}
	e.Countries = append(e.Countries, cc)
}

// addValue appends s to list unless it is empty or present.
func addValue(list []string, s string) []string {
	s = cleanSpace(s)
	if s == "" {
		return list
	}
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// promote makes the name full (already added) the primary name, moving it
// first; the name it displaces stays as a strong alias. Readers call it
// once every name of an entry is known, because the list's primary name is
// not always its first (EU translations, UK rows in any order).
func (e *Entity) promote(full string) {
	full = cleanSpace(full)
	for i, n := range e.Names {
		if n.Full != full {
			continue
		}
		if i > 0 && e.Names[0].Quality == QualityPrimary {
			e.Names[0].Quality = QualityStrong
		}
		n.Quality = QualityPrimary
		copy(e.Names[1:i+1], e.Names[:i])
		e.Names[0] = n
		return
	}
}

// isLatin reports whether every letter of s is in the Latin script, as a
// Desk adviser reading the name needs.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// addIdentifier appends a document or registration number unless empty or
// already present.
func (e *Entity) addIdentifier(typ, number, country string) {
	number = cleanSpace(number)
	if number == "" {
		return
	}
	id := Identifier{Type: cleanSpace(typ), Number: number, Country: CountryCode(country)}
	for _, x := range e.Identifiers {
		if x == id {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}
