package kscheck

import "time"

// UnitLevel is the place of a unit in the organisation tree.
type UnitLevel string

// Unit levels, from the top down.
const (
	LevelUniversity UnitLevel = "university"
	LevelFaculty    UnitLevel = "faculty"
	LevelInstitute  UnitLevel = "institute"
)

// Valid reports whether l is a known level.
func (l UnitLevel) Valid() bool {
	switch l {
	case LevelUniversity, LevelFaculty, LevelInstitute:
		return true
	}
	return false
}

// Unit is an organisational unit: the university, a faculty or an institute.
// Procedures and role assignments are scoped to units, and apply to their
// descendants.
type Unit struct {
	ID         int64
	Code       string // stable short code, e.g. "science"
	Name       string // English name
	NameNL     string // Dutch name
	Level      UnitLevel
	ParentCode string // "" for the root
	CreatedAt  time.Time
}

// Person is someone who uses kscheck. There is deliberately no nationality,
// birthplace, ethnicity or religion field: the policy forbids assessing risk
// from who a person is, so the product cannot record it.
type Person struct {
	ID        int64
	Email     string
	Name      string
	UnitCode  string
	Active    bool
	CreatedAt time.Time
}

// NameIn returns the unit's name in lang ("nl" or "en"), the English name
// where no Dutch one is known.
func (u Unit) NameIn(lang string) string {
	if lang == "nl" && u.NameNL != "" {
		return u.NameNL
	}
	return u.Name
}
