package screening

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// entity reads testdata/file and returns its entry id.
func entity(t *testing.T, file, id string) *Entity {
	t.Helper()
	e := findEntity(readOne(t, filepath.Join("testdata", file)), id)
	if e == nil {
		t.Fatalf("%s: no entry %s", file, id)
	}
	return e
}

// quality returns the quality of e's name full, or "".
func quality(e *Entity, full string) string {
	for _, n := range e.Names {
		if n.Full == full {
			return n.Quality
		}
	}
	return ""
}

func hasIdentifier(e *Entity, typ, number string) bool {
	for _, id := range e.Identifiers {
		if id.Type == typ && id.Number == number {
			return true
		}
	}
	return false
}

// TestEURules: the facts of the EU XML, one by one.
func TestEURules(t *testing.T) {
	adf := entity(t, "eu-handmade.xml", "5987")
	// the first aliases are Irish and Arabic translations; the primary name
	// is the first Latin-script one in English or without a language
	if adf.Primary() != "Allied Democratic Forces" || quality(adf, "Na Fórsaí Daonlathacha Comhghuaillithe") != QualityStrong {
		t.Errorf("ADF names %+v", adf.Names)
	}
	if !hasIdentifier(adf, "UN reference", "CDe.001") {
		t.Errorf("unitedNationId not kept: %+v", adf.Identifiers)
	}
	gaston := entity(t, "eu-handmade.xml", "5988")
	// strong="true" but the remark says low quality alias
	if quality(gaston, "Rumuli") != QualityWeak || quality(gaston, "Victor Rumuri") != QualityStrong {
		t.Errorf("alias qualities %+v", gaston.Names)
	}
	if !reflect.DeepEqual(gaston.BirthDates, []string{"1947/1949"}) {
		t.Errorf("year range birth dates %v", gaston.BirthDates)
	}
	saddam := entity(t, "eu-excerpt.xml", "13")
	if saddam.Primary() != "Saddam Hussein Al-Tikriti" || !reflect.DeepEqual(saddam.BirthDates, []string{"1937-04-28"}) || saddam.Remarks != "UNSC RESOLUTION 1483" {
		t.Errorf("real excerpt: %+v", saddam)
	}
}

// TestUKRules: the facts of OFSI's ConList.csv and the FCDO list.
func TestUKRules(t *testing.T) {
	gia := entity(t, "ofsi-handmade.csv", "6964")
	// Windows-1252 É, the Prime Alias row (second in the file) first, FKA former
	if gia.Primary() != "ARMED ISLAMIC GROUP" || quality(gia, "GROUPE ISLAMIQUE ARMÉ") != QualityStrong ||
		quality(gia, "AL-JAMM'AH AL-ISLAMIAH AL-MUSALLAH") != QualityFormer || gia.Type != TypeOrganization {
		t.Errorf("GIA %+v", gia)
	}
	gaston := entity(t, "ofsi-handmade.csv", "13054")
	if !hasIdentifier(gaston, "passport", "AB123456") || !hasIdentifier(gaston, "national identification number", "1194870012345678") ||
		quality(gaston, "RUMULI") != QualityWeak || gaston.Type != TypePerson {
		t.Errorf("Iyamuremye %+v", gaston)
	}
	petrel := entity(t, "ofsi-handmade.csv", "13650")
	if petrel.Type != TypeVessel || !hasIdentifier(petrel, "IMO", "9562233") {
		t.Errorf("a ship with an IMO number is not a vessel: %+v", petrel)
	}
	s := readOne(t, filepath.Join("testdata", "ofsi-handmade.csv"))
	if s.Published.Format("2006-01-02") != "2026-06-03" {
		t.Errorf("OFSI published %v", s.Published)
	}
	korolev := entity(t, "uk-fcdo-excerpt.csv", "RUS2176")
	if korolev.Type != TypeVessel || !hasIdentifier(korolev, "IMO", "9826902") || korolev.ListedOn != "31/07/2024" ||
		!strings.Contains(korolev.Programs[0], "Russia") {
		t.Errorf("KOROLEV PROSPECT %+v", korolev)
	}
	if s := readOne(t, filepath.Join("testdata", "uk-fcdo-excerpt.csv")); s.Published.Format("2006-01-02") != "2026-10-08" {
		t.Errorf("FCDO published %v", s.Published)
	}
}

// TestFTMRules: only targets are listed, the caption is primary, and
// identifiers, programme ids and Sanction entities are kept.
func TestFTMRules(t *testing.T) {
	s := readOne(t, filepath.Join("testdata", "opensanctions-excerpt.ftm.json"))
	if findEntity(s, "NK-56Edov9bas9puzaChH5pBy") != nil || findEntity(s, "NK-2MQE6AmhAk4tqhENJAMUG9") != nil {
		t.Error("a related party (target: false) is listed")
	}
	tobacco := findEntity(s, "NK-2GdmHtZTeNXjNVrBGEXZNj")
	if tobacco.Primary() != "RAB „Inter Tobacco“" || !hasIdentifier(tobacco, "registration number", "808000714") {
		t.Errorf("Inter Tobacco %+v", tobacco)
	}
	if k := findEntity(s, "NK-2Ka3UvopqbpZmVDFjWd4LA"); k.Primary() != "Vitaly Yurievich KUZMENKO" || !hasIdentifier(k, "tax number", "366510784303") {
		t.Errorf("Kuzmenko %+v", k)
	}
	if h := findEntity(s, "NK-DSxJ9ZzHxBBMyEMnnTBhai"); !hasIdentifier(h, "INN", "7704484400") || !hasIdentifier(h, "OGRN", "1197746216656") ||
		!reflect.DeepEqual(h.Programs, []string{"UA-SA1644"}) {
		t.Errorf("TransKomplektHolding %+v", h)
	}
	hand := readOne(t, filepath.Join("testdata", "opensanctions-handmade.ftm.json"))
	putin := findEntity(hand, "Q7747")
	want := []Sanction{{Program: "EU-UKR", Authority: "Council of the European Union", Start: "2022-02-25"}}
	if !reflect.DeepEqual(putin.Sanctions, want) || findEntity(hand, "NK-owner-1") != nil {
		t.Errorf("sanctions %+v", putin.Sanctions)
	}
}

// TestOFACAdvancedRules: sdn_advanced.xml through its reference values.
func TestOFACAdvancedRules(t *testing.T) {
	s := readOne(t, filepath.Join("testdata", "ofac-sdn-advanced-handmade.xml"))
	if s.Published.Format("2006-01-02") != "2025-11-20" {
		t.Errorf("published %v", s.Published)
	}
	bnc := findEntity(s, "306")
	if quality(bnc, "BNC") != QualityWeak || !reflect.DeepEqual(bnc.Programs, []string{"CUBA"}) {
		t.Errorf("BNC %+v", bnc)
	}
	h := findEntity(s, "9639")
	if h.Type != TypePerson || h.Primary() != "HANIYA, Ismail Abdul Salah" || !reflect.DeepEqual(h.BirthDates, []string{"1963-01-08"}) ||
		!hasIdentifier(h, "Passport", "801120050") {
		t.Errorf("Haniya %+v", h)
	}
}

// TestCSLIDs: the CSV's ids column, as the JSON reader reads it.
func TestCSLIDs(t *testing.T) {
	got := cslIDs("1148904001971, Registration ID; 32131525, Government Gazette Number; Subject to Directive 4, Executive Order 13662 Directive Determination -; http://www.90zavod.ru, Website; CO, 1978075, Matricula Mercantil No")
	want := []Identifier{{Type: "Registration ID", Number: "1148904001971"}, {Type: "Government Gazette Number", Number: "32131525"},
		{Type: "Matricula Mercantil No", Number: "1978075", Country: "CO"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cslIDs = %+v", got)
	}
}

// TestASPICampus: the tracker writes a campus and the Chinese name in
// parentheses, "China University of Geosciences (Wuhan) (中国地质大学)"; the
// name is split at the last parenthesis, so the campus stays with the
// English name and tells it apart from the Beijing university.
func TestASPICampus(t *testing.T) {
	s := readOne(t, filepath.Join("bundled", "lists", "aspi-china-defence-universities.json.gz"))
	var cug *Entity
	for _, e := range s.Entities {
		if strings.HasPrefix(e.Primary(), "China University of Geosciences") {
			cug = e
		}
	}
	if cug == nil {
		t.Fatal("no China University of Geosciences in the bundled tracker")
	}
	if cug.Primary() != "China University of Geosciences (Wuhan)" || quality(cug, "中国地质大学") != QualityStrong {
		t.Errorf("names %+v", cug.Names)
	}
}
