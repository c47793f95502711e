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
		UNID        string `xml:"unitedNationId,attr"`
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
			Lang   string `xml:"nameLanguage,attr"`
			Remark string `xml:"remark"`
		} `xml:"nameAlias"`
		Births []struct {
			Date string `xml:"birthdate,attr"`
			Year string `xml:"year,attr"`
			From string `xml:"yearRangeFrom,attr"`
			To   string `xml:"yearRangeTo,attr"`
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
	snap    *Snapshot
	byID    map[string]*Entity
	primary map[*Entity]string // the name a Desk adviser recognises, once seen
}

func newEUBuilder() *euBuilder {
	return &euBuilder{snap: &Snapshot{List: ListEU}, byID: map[string]*Entity{}, primary: map[*Entity]string{}}
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

// name adds a name alias. The first alias in file order is often a
// translation (Irish, Arabic); the primary name is the first one in Latin
// script whose language is English or not given. Aliases flagged
// strong="false", or whose remark calls them a low quality alias (the EU
// marks them so while leaving strong="true"), are weak.
func (b *euBuilder) name(e *Entity, whole, first, middle, last, strong, lang, remark string) {
	if strings.TrimSpace(whole) == "" {
		whole = strings.Join([]string{first, middle, last}, " ")
	}
	whole = cleanSpace(whole)
	q := QualityStrong
	if strings.EqualFold(strong, "false") || strings.Contains(strings.ToLower(remark), "low quality") {
		q = QualityWeak
	}
	e.addName(whole, q)
	lang = strings.ToUpper(strings.TrimSpace(lang))
	if _, ok := b.primary[e]; !ok && whole != "" && isLatin(whole) && (lang == "" || lang == "EN") {
		b.primary[e] = whole
	}
}

// birth adds a birth date, a year, or a range of years ("1953/1958").
func (b *euBuilder) birth(e *Entity, date, year, from, to string) {
	switch {
	case date != "":
		e.BirthDates = addValue(e.BirthDates, date)
	case year != "":
		e.BirthDates = addValue(e.BirthDates, year)
	case from != "" || to != "":
		e.BirthDates = addValue(e.BirthDates, strings.TrimSpace(from)+"/"+strings.TrimSpace(to))
	}
}

func (b *euBuilder) done(file string, generated string) (*Snapshot, error) {
	for _, e := range b.snap.Entities {
		primary, ok := b.primary[e]
		if !ok {
			for _, n := range e.Names {
				if isLatin(n.Full) {
					primary, ok = n.Full, true
					break
				}
			}
		}
		if !ok && len(e.Names) > 0 {
			primary = e.Names[0].Full
		}
		e.promote(primary)
	}
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
		e.addIdentifier("UN reference", x.UNID, "")
		e.Programs = addValue(e.Programs, x.Reference)
		for _, r := range x.Regulation {
			e.Programs = addValue(e.Programs, r.Programme)
		}
		for _, n := range x.Names {
			b.name(e, n.Whole, n.First, n.Middle, n.Last, n.Strong, n.Lang, n.Remark)
		}
		for _, d := range x.Births {
			b.birth(e, d.Date, d.Year, d.From, d.To)
		}
		for _, a := range x.Addresses {
			e.addCountry(a.Country)
		}
		for _, d := range x.IDs {
			e.addIdentifier(d.Type, d.Number, d.Country)
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
		e.addIdentifier("UN reference", h.get(rec, "entity_unitednationid"), "")
		b.name(e, h.get(rec, "namealias_wholename"), h.get(rec, "namealias_firstname"),
			h.get(rec, "namealias_middlename"), h.get(rec, "namealias_lastname"), h.get(rec, "namealias_strong"),
			h.get(rec, "namealias_namelanguage"), h.get(rec, "namealias_remark"))
		e.addCountry(h.get(rec, "address_countryiso2code"))
		b.birth(e, h.get(rec, "birthdate_birthdate"), h.get(rec, "birthdate_year"),
			h.get(rec, "birthdate_yearrangefrom"), h.get(rec, "birthdate_yearrangeto"))
		e.addIdentifier(h.get(rec, "identification_typedescription"), h.get(rec, "identification_number"),
			h.get(rec, "identification_countryiso2code"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b.done(f.Name, generated)
}
