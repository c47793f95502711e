package screening

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"time"
)

// sdnXML is OFAC's SDN list XML (sdn.xml, namespace tempuri.org/sdnList.xsd).
type sdnXML struct {
	XMLName xml.Name `xml:"sdnList"`
	Publish struct {
		Date  string `xml:"Publish_Date"`
		Count string `xml:"Record_Count"`
	} `xml:"publshInformation"`
	Entries []struct {
		UID       string   `xml:"uid"`
		First     string   `xml:"firstName"`
		Last      string   `xml:"lastName"`
		Type      string   `xml:"sdnType"`
		Remarks   string   `xml:"remarks"`
		Programs  []string `xml:"programList>program"`
		Countries []string `xml:"addressList>address>country"`
		AKAs      []struct {
			Type     string `xml:"type"`
			Category string `xml:"category"`
			First    string `xml:"firstName"`
			Last     string `xml:"lastName"`
		} `xml:"akaList>aka"`
		IDs []struct {
			Type    string `xml:"idType"`
			Number  string `xml:"idNumber"`
			Country string `xml:"idCountry"`
		} `xml:"idList>id"`
		Births []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	} `xml:"sdnEntry"`
}

// readOFACXML reads the SDN list XML; Record_Count must match the entries.
func readOFACXML(f sourceFile) (*Snapshot, error) {
	dec := xml.NewDecoder(bytes.NewReader(f.Data))
	var doc sdnXML
	if err := dec.Decode(&doc); err != nil {
		return nil, xmlError(f.Name, dec, err)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(doc.Publish.Count)); err == nil && n != len(doc.Entries) {
		return nil, formatError(f.Name, 0, "Record_Count says %d entries but the file holds %d", n, len(doc.Entries))
	}
	s := &Snapshot{List: ListOFACSDN}
	if t, err := time.Parse("01/02/2006", strings.TrimSpace(doc.Publish.Date)); err == nil {
		s.Published = t
	}
	for i, x := range doc.Entries {
		id := strings.TrimSpace(x.UID)
		if id == "" {
			return nil, formatError(f.Name, 0, "entry %d has no uid", i+1)
		}
		t, ok := ofacType(strings.TrimSpace(x.Type))
		if !ok {
			return nil, formatError(f.Name, 0, "entry %s has the unknown sdnType %q", id, x.Type)
		}
		e := &Entity{List: ListOFACSDN, ID: id, Type: t, Remarks: cleanSpace(x.Remarks),
			BirthDates: x.Births, Link: "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=" + id}
		e.addName(ofacXMLName(x.Last, x.First), QualityPrimary)
		for _, a := range x.AKAs {
			q := QualityStrong
			switch {
			case strings.EqualFold(a.Category, "weak"):
				q = QualityWeak
			case strings.EqualFold(a.Type, "f.k.a."):
				q = QualityFormer
			}
			e.addName(ofacXMLName(a.Last, a.First), q)
		}
		for _, c := range x.Countries {
			e.addCountry(c)
		}
		for _, p := range x.Programs {
			e.Programs = addValue(e.Programs, p)
		}
		for _, d := range x.IDs {
			e.Identifiers = append(e.Identifiers, Identifier{Type: d.Type, Number: d.Number, Country: CountryCode(d.Country)})
		}
		s.Entities = append(s.Entities, e)
	}
	return complete(f.Name, s)
}

// ofacXMLName writes a name the way the CSV does: "LAST, First".
func ofacXMLName(last, first string) string {
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	if first == "" {
		return last
	}
	return last + ", " + first
}
