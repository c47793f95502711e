package screening

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"time"
)

// unList is the UN Security Council consolidated list XML
// (scsanctions.un.org/resources/xml/en/consolidated.xml).
type unList struct {
	XMLName       xml.Name   `xml:"CONSOLIDATED_LIST"`
	DateGenerated string     `xml:"dateGenerated,attr"`
	Individuals   []unRecord `xml:"INDIVIDUALS>INDIVIDUAL"`
	Entities      []unRecord `xml:"ENTITIES>ENTITY"`
}

type unRecord struct {
	Reference  string    `xml:"REFERENCE_NUMBER"`
	First      string    `xml:"FIRST_NAME"`
	Second     string    `xml:"SECOND_NAME"`
	Third      string    `xml:"THIRD_NAME"`
	Fourth     string    `xml:"FOURTH_NAME"`
	Original   string    `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType   string    `xml:"UN_LIST_TYPE"`
	ListedOn   string    `xml:"LISTED_ON"`
	Comments   string    `xml:"COMMENTS1"`
	Aliases    []unAlias `xml:"INDIVIDUAL_ALIAS"`
	EntAliases []unAlias `xml:"ENTITY_ALIAS"`
	Addresses  []string  `xml:"INDIVIDUAL_ADDRESS>COUNTRY"`
	EntAddress []string  `xml:"ENTITY_ADDRESS>COUNTRY"`
	BirthDates []unDate  `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	Documents  []unDoc   `xml:"INDIVIDUAL_DOCUMENT"`
}

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type unDate struct {
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type unDoc struct {
	Type    string `xml:"TYPE_OF_DOCUMENT"`
	Number  string `xml:"NUMBER"`
	Country string `xml:"ISSUING_COUNTRY"`
}

// readUN reads the UN consolidated list. The whole document must parse: a
// truncated download fails instead of yielding the entries before the cut.
func readUN(file string, r io.Reader) (*Snapshot, error) {
	dec := xml.NewDecoder(r)
	var doc unList
	if err := dec.Decode(&doc); err != nil {
		return nil, xmlError(file, dec, err)
	}
	s := &Snapshot{List: ListUN}
	if t, err := time.Parse(time.RFC3339, doc.DateGenerated); err == nil {
		s.Published = t.UTC()
	}
	for _, rec := range doc.Individuals {
		s.Entities = append(s.Entities, rec.entity(TypePerson))
	}
	for _, rec := range doc.Entities {
		s.Entities = append(s.Entities, rec.entity(TypeOrganization))
	}
	return complete(file, s)
}

func (rec *unRecord) entity(t EntityType) *Entity {
	e := &Entity{List: ListUN, ID: strings.TrimSpace(rec.Reference), Type: t,
		ListedOn: strings.TrimSpace(rec.ListedOn), Remarks: cleanSpace(rec.Comments),
		Link: "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}
	e.addName(strings.Join([]string{rec.First, rec.Second, rec.Third, rec.Fourth}, " "), QualityPrimary)
	e.addName(rec.Original, QualityStrong)
	for _, a := range append(rec.Aliases, rec.EntAliases...) {
		q := QualityStrong
		if strings.EqualFold(strings.TrimSpace(a.Quality), "low") {
			q = QualityWeak
		}
		e.addName(a.Name, q)
	}
	for _, c := range append(rec.Addresses, rec.EntAddress...) {
		e.addCountry(c)
	}
	for _, d := range rec.BirthDates {
		switch {
		case strings.TrimSpace(d.Date) != "":
			e.BirthDates = addValue(e.BirthDates, d.Date)
		case strings.TrimSpace(d.Year) != "":
			e.BirthDates = addValue(e.BirthDates, d.Year)
		case strings.TrimSpace(d.FromYear) != "":
			e.BirthDates = addValue(e.BirthDates, strings.TrimSpace(d.FromYear)+"/"+strings.TrimSpace(d.ToYear))
		}
	}
	for _, d := range rec.Documents {
		if n := cleanSpace(d.Number); n != "" {
			e.Identifiers = append(e.Identifiers, Identifier{Type: cleanSpace(d.Type), Number: n, Country: CountryCode(d.Country)})
		}
	}
	e.Programs = addValue(nil, rec.ListType)
	return e
}

// xmlError turns a decoder error into a formatError naming the offset.
func xmlError(file string, dec *xml.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return offsetError(file, dec.InputOffset(), "the file ends too early (truncated download?)")
	}
	return offsetError(file, dec.InputOffset(), "not valid XML: %v", err)
}
