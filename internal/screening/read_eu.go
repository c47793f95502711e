package screening

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"
)

// euExport is the EU consolidated financial sanctions list XML
// (webgate.ec.europa.eu/fsd/fsf, namespace .../fsd/export).
type euExport struct {
	XMLName        xml.Name `xml:"export"`
	GenerationDate string   `xml:"generationDate,attr"`
	Entities       []struct {
		LogicalID   string `xml:"logicalId,attr"`
		Reference   string `xml:"euReferenceNumber,attr"`
		Designation string `xml:"designationDate,attr"`
		Remark      string `xml:"remark"`
		Regulation  []struct {
			Programme string `xml:"programme,attr"`
		} `xml:"regulation"`
		Subject struct {
			Code string `xml:"code,attr"`
		} `xml:"subjectType"`
		Names []struct {
			Whole  string `xml:"wholeName,attr"`
			First  string `xml:"firstName,attr"`
			Middle string `xml:"middleName,attr"`
			Last   string `xml:"lastName,attr"`
			Strong string `xml:"strong,attr"`
		} `xml:"nameAlias"`
		Births []struct {
			Date string `xml:"birthdate,attr"`
			Year string `xml:"year,attr"`
		} `xml:"birthdate"`
		Addresses []struct {
			Country string `xml:"countryIso2Code,attr"`
		} `xml:"address"`
		IDs []struct {
			Number  string `xml:"number,attr"`
			Type    string `xml:"identificationTypeDescription,attr"`
			Country string `xml:"countryIso2Code,attr"`
		} `xml:"identification"`
	} `xml:"sanctionEntity"`
}

// euBuilder accumulates EU entries; the XML and the CSV (one row per name,
// address, ...) both feed it.
type euBuilder struct {
	snap *Snapshot
	byID map[string]*Entity
}

func newEUBuilder() *euBuilder {
	return &euBuilder{snap: &Snapshot{List: ListEU}, byID: map[string]*Entity{}}
}

// entity returns the entry with the logical id, creating it.
func (b *euBuilder) entity(id, subject string) *Entity {
	if e := b.byID[id]; e != nil {
		return e
	}
	t := TypeOther
	switch strings.ToLower(subject) {
	case "person", "p":
		t = TypePerson
	case "enterprise", "e":
		t = TypeOrganization
	}
	e := &Entity{List: ListEU, ID: id, Type: t, Link: "https://webgate.ec.europa.eu/fsd/fsf"}
	b.byID[id] = e
	b.snap.Entities = append(b.snap.Entities, e)
	return e
}

// name adds a name alias; EU aliases flagged strong="false" are weak.
func (b *euBuilder) name(e *Entity, whole, first, middle, last, strong string) {
	if strings.TrimSpace(whole) == "" {
		whole = strings.Join([]string{first, middle, last}, " ")
	}
	q := QualityStrong
	if len(e.Names) == 0 {
		q = QualityPrimary
	} else if strings.EqualFold(strong, "false") {
		q = QualityWeak
	}
	e.addName(whole, q)
}

func (b *euBuilder) done(file string, generated string) (*Snapshot, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, generated); err == nil {
			b.snap.Published = t.UTC()
			break
		}
	}
	return complete(file, b.snap)
}

// readEUXML reads the EU list XML.
func readEUXML(f sourceFile) (*Snapshot, error) {
	dec := xml.NewDecoder(bytes.NewReader(f.Data))
	var doc euExport
	if err := dec.Decode(&doc); err != nil {
		return nil, xmlError(f.Name, dec, err)
	}
	b := newEUBuilder()
	for i, x := range doc.Entities {
		if x.LogicalID == "" {
			return nil, formatError(f.Name, 0, "sanctionEntity %d has no logicalId", i+1)
		}
		e := b.entity(x.LogicalID, x.Subject.Code)
		e.ListedOn, e.Remarks = x.Designation, cleanSpace(x.Remark)
		e.Programs = addValue(e.Programs, x.Reference)
		for _, r := range x.Regulation {
			e.Programs = addValue(e.Programs, r.Programme)
		}
		for _, n := range x.Names {
			b.name(e, n.Whole, n.First, n.Middle, n.Last, n.Strong)
		}
		for _, d := range x.Births {
			if d.Date != "" {
				e.BirthDates = addValue(e.BirthDates, d.Date)
			} else {
				e.BirthDates = addValue(e.BirthDates, d.Year)
			}
		}
		for _, a := range x.Addresses {
			e.addCountry(a.Country)
		}
		for _, d := range x.IDs {
			e.Identifiers = append(e.Identifiers, Identifier{Type: d.Type, Number: d.Number, Country: CountryCode(d.Country)})
		}
	}
	return b.done(f.Name, doc.GenerationDate)
}

// readEUCSV reads the EU list CSV (semicolon separated, one row per name,
// address, birth date or identification of an entry).
func readEUCSV(f sourceFile) (*Snapshot, error) {
	b := newEUBuilder()
	var h header
	generated := ""
	err := csvRows(f.Name, f.Data, ';', 0, func(rec []string, line int) error {
		if h == nil {
			h = newHeader(rec)
			return h.require(f.Name, "entity_logicalid", "entity_subjecttype", "namealias_wholename")
		}
		if len(rec) != len(h) {
			return formatError(f.Name, line, "%d fields instead of %d", len(rec), len(h))
		}
		id := h.get(rec, "entity_logicalid")
		if id == "" {
			return formatError(f.Name, line, "a row has no Entity_LogicalId")
		}
		generated = h.get(rec, "filegenerationdate")
		e := b.entity(id, h.get(rec, "entity_subjecttype"))
		e.ListedOn = h.get(rec, "entity_designationdate")
		e.Programs = addValue(e.Programs, h.get(rec, "entity_eu_referencenumber"))
		e.Programs = addValue(e.Programs, h.get(rec, "entity_regulation_programme"))
		if e.Remarks == "" {
			e.Remarks = h.get(rec, "entity_remark")
		}
		b.name(e, h.get(rec, "namealias_wholename"), h.get(rec, "namealias_firstname"),
			h.get(rec, "namealias_middlename"), h.get(rec, "namealias_lastname"), h.get(rec, "namealias_strong"))
		e.addCountry(h.get(rec, "address_countryiso2code"))
		if d := h.get(rec, "birthdate_birthdate"); d != "" {
			e.BirthDates = addValue(e.BirthDates, d)
		} else {
			e.BirthDates = addValue(e.BirthDates, h.get(rec, "birthdate_year"))
		}
		if n := h.get(rec, "identification_number"); n != "" {
			e.Identifiers = append(e.Identifiers, Identifier{Type: h.get(rec, "identification_typedescription"),
				Number: n, Country: CountryCode(h.get(rec, "identification_countryiso2code"))})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b.done(f.Name, generated)
}
