// Package demo seeds an empty database with the demonstration organisation
// (a university with faculties and institutes, mirroring the policy) and one
// person for every role, so that kscheck can be tried in a minute.
package demo

import (
	"context"
	"fmt"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// Password is the password of every demo account. Demo databases are for
// trying kscheck out, never for real cases.
const Password = "kscheck-demo"

// Units is the demo organisation, parents before children.
var Units = []kscheck.Unit{
	{Code: "leiden", Name: "Leiden University", NameNL: "Universiteit Leiden", Level: kscheck.LevelUniversity},
	{Code: "science", Name: "Faculty of Science", NameNL: "Faculteit der Wiskunde en Natuurwetenschappen", Level: kscheck.LevelFaculty, ParentCode: "leiden"},
	{Code: "law", Name: "Faculty of Law", NameNL: "Faculteit der Rechtsgeleerdheid", Level: kscheck.LevelFaculty, ParentCode: "leiden"},
	{Code: "humanities", Name: "Faculty of Humanities", NameNL: "Faculteit der Geesteswetenschappen", Level: kscheck.LevelFaculty, ParentCode: "leiden"},
	{Code: "medicine", Name: "Leiden University Medical Center (LUMC)", NameNL: "Leids Universitair Medisch Centrum (LUMC)", Level: kscheck.LevelFaculty, ParentCode: "leiden"},
	{Code: "liacs", Name: "Leiden Institute of Advanced Computer Science", NameNL: "Leiden Institute of Advanced Computer Science", Level: kscheck.LevelInstitute, ParentCode: "science"},
	{Code: "lion", Name: "Leiden Institute of Physics", NameNL: "Leids Instituut voor Onderzoek in de Natuurkunde", Level: kscheck.LevelInstitute, ParentCode: "science"},
	{Code: "lic", Name: "Leiden Institute of Chemistry", NameNL: "Leids Instituut voor Chemisch Onderzoek", Level: kscheck.LevelInstitute, ParentCode: "science"},
	{Code: "publiclaw", Name: "Institute of Public Law", NameNL: "Instituut voor Publiekrecht", Level: kscheck.LevelInstitute, ParentCode: "law"},
	{Code: "lias", Name: "Leiden Institute for Area Studies", NameNL: "Leiden Institute for Area Studies", Level: kscheck.LevelInstitute, ParentCode: "humanities"},
	{Code: "infection", Name: "Center for Infectious Diseases", NameNL: "Centrum voor Infectieziekten", Level: kscheck.LevelInstitute, ParentCode: "medicine"},
}

// Account is a demo person and their roles.
type Account struct {
	Email, Name, Unit string
	Roles             []string // role@unit
}

// Accounts is one demo person for every role of the policy.
var Accounts = []Account{
	{"initiator@demo.kscheck.org", "Dr. Eva de Vries", "liacs", []string{"initiator@liacs"}},
	{"initiator2@demo.kscheck.org", "Dr. Sanne Bakker", "lion", []string{"initiator@lion"}},
	{"director@demo.kscheck.org", "Prof. Marc Jansen", "liacs", []string{"director@liacs", "initiator@liacs"}},
	{"director2@demo.kscheck.org", "Prof. Ingrid Smit", "lion", []string{"director@lion", "initiator@lion"}},
	{"adviser@demo.kscheck.org", "Dr. Pieter Visser", "science", []string{"faculty_adviser@science"}},
	{"desk@demo.kscheck.org", "Noor Hendriks", "leiden", []string{"desk_coordinator@leiden"}},
	{"desk2@demo.kscheck.org", "Daan Mulder", "leiden", []string{"desk_adviser@leiden"}},
	{"chair@demo.kscheck.org", "Prof. Anna Willems", "leiden", []string{"committee_chair@leiden"}},
	{"committee@demo.kscheck.org", "Prof. Thomas de Boer", "leiden", []string{"committee_member@leiden"}},
	{"admin@demo.kscheck.org", "Femke de Graaf", "leiden", []string{"admin@leiden"}},
	{"auditor@demo.kscheck.org", "Karin Meijer", "leiden", []string{"auditor@leiden"}},
}

// Seed fills an empty database with the demo organisation and accounts. It
// does nothing (and says so) when the database already has units.
func Seed(ctx context.Context, svc *service.Service) (bool, error) {
	units, err := svc.Units(ctx)
	if err != nil {
		return false, err
	}
	if len(units) > 0 {
		return false, nil
	}
	for _, u := range Units {
		u := u
		if err := svc.AddUnit(ctx, service.System, &u); err != nil {
			return false, fmt.Errorf("demo unit %s: %w", u.Code, err)
		}
	}
	hash, err := auth.HashPassword(Password) // once: every demo account shares it
	if err != nil {
		return false, err
	}
	for _, a := range Accounts {
		p := &kscheck.Person{Email: a.Email, Name: a.Name, UnitCode: a.Unit}
		if err := svc.AddPersonWithHash(ctx, service.System, p, hash, a.Roles); err != nil {
			return false, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
	}
	return true, nil
}
