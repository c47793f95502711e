package screening

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// ofacAdvanced is OFAC's advanced sanctions data standard XML
// (sdn_advanced.xml, cons_advanced.xml), its primary format today. Every
// code in it (alias types, party types, countries, programmes, document
// types, name part types) is resolved through the file's own
// ReferenceValueSets, so that no number is hard-wired here.
type ofacAdvanced struct {
	XMLName xml.Name `xml:"Sanctions"`
	Issued  struct {
		Year  int `xml:"Year"`
		Month int `xml:"Month"`
		Day   int `xml:"Day"`
	} `xml:"DateOfIssue"`
	Refs struct {
		AliasTypes    []advValue `xml:"AliasTypeValues>AliasType"`
		Countries     []advValue `xml:"CountryValues>Country"`
		PartySubTypes []advValue `xml:"PartySubTypeValues>PartySubType"`
		PartyTypes    []advValue `xml:"PartyTypeValues>PartyType"`
		DocTypes      []advValue `xml:"IDRegDocTypeValues>IDRegDocType"`
		NamePartTypes []advValue `xml:"NamePartTypeValues>NamePartType"`
		FeatureTypes  []advValue `xml:"FeatureTypeValues>FeatureType"`
	} `xml:"ReferenceValueSets"`
	Locations []struct {
		ID      string `xml:"ID,attr"`
		Country struct {
			ID string `xml:"CountryID,attr"`
		} `xml:"LocationCountry"`
	} `xml:"Locations>Location"`
	Documents []struct {
		TypeID     string `xml:"IDRegDocTypeID,attr"`
		IdentityID string `xml:"IdentityID,attr"`
		CountryID  string `xml:"IssuedBy-CountryID,attr"`
		Number     string `xml:"IDRegistrationNo"`
	} `xml:"IDRegDocuments>IDRegDocument"`
	Parties []struct {
		FixedRef string `xml:"FixedRef,attr"`
		Profile  struct {
			ID         string `xml:"ID,attr"`
			SubTypeID  string `xml:"PartySubTypeID,attr"`
			Identities []struct {
				ID      string `xml:"ID,attr"`
				Aliases []struct {
					TypeID     string `xml:"AliasTypeID,attr"`
					Primary    bool   `xml:"Primary,attr"`
					LowQuality bool   `xml:"LowQuality,attr"`
					Names      []struct {
						Parts []struct {
							GroupID string `xml:"NamePartGroupID,attr"`
							Value   string `xml:",chardata"`
						} `xml:"DocumentedNamePart>NamePartValue"`
					} `xml:"DocumentedName"`
				} `xml:"Alias"`
				Groups []struct {
					ID     string `xml:"ID,attr"`
					TypeID string `xml:"NamePartTypeID,attr"`
				} `xml:"NamePartGroups>MasterNamePartGroup>NamePartGroup"`
			} `xml:"Identity"`
			Features []struct {
				TypeID   string `xml:"FeatureTypeID,attr"`
				Versions []struct {
					Locations []struct {
						ID string `xml:"LocationID,attr"`
					} `xml:"VersionLocation"`
					From struct {
						Year  string `xml:"Year"`
						Month string `xml:"Month"`
						Day   string `xml:"Day"`
					} `xml:"DatePeriod>Start>From"`
				} `xml:"FeatureVersion"`
			} `xml:"Feature"`
		} `xml:"Profile"`
	} `xml:"DistinctParties>DistinctParty"`
	Entries []struct {
		ProfileID string   `xml:"ProfileID,attr"`
		Measures  []string `xml:"SanctionsMeasure>Comment"`
	} `xml:"SanctionsEntries>SanctionsEntry"`
}

// advValue is one entry of a reference value set.
type advValue struct {
	ID          string `xml:"ID,attr"`
	ISO2        string `xml:"ISO2,attr"`
	PartyTypeID string `xml:"PartyTypeID,attr"`
	Value       string `xml:",chardata"`
}

// lookup maps the IDs of a reference value set to the set's entries.
func lookup(vs []advValue) map[string]advValue {
	m := make(map[string]advValue, len(vs))
	for _, v := range vs {
		m[v.ID] = v
	}
	return m
}

// isOFACAdvanced recognises the advanced XML by its root and issue date.
func isOFACAdvanced(_ string, h []byte) bool {
	return bytes.Contains(h, []byte("<Sanctions")) && bytes.Contains(h, []byte("<DateOfIssue"))
}

// readOFACAdvanced reads sdn_advanced.xml (or cons_advanced.xml, the
// non-SDN lists, recognised by its file name).
func readOFACAdvanced(f sourceFile) (*Snapshot, error) {
	dec := xml.NewDecoder(bytes.NewReader(f.Data))
	var doc ofacAdvanced
	if err := dec.Decode(&doc); err != nil {
		return nil, xmlError(f.Name, dec, err)
	}
	list := ListOFACSDN
	if strings.HasPrefix(baseName(f.Name), "cons_") {
		list = ListOFACCons
	}
	s := &Snapshot{List: list}
	if doc.Issued.Year > 0 {
		s.Published = time.Date(doc.Issued.Year, time.Month(doc.Issued.Month), doc.Issued.Day, 0, 0, 0, 0, time.UTC)
	}
	aliasTypes, countries := lookup(doc.Refs.AliasTypes), lookup(doc.Refs.Countries)
	subTypes, partyTypes := lookup(doc.Refs.PartySubTypes), lookup(doc.Refs.PartyTypes)
	docTypes, partTypes, featureTypes := lookup(doc.Refs.DocTypes), lookup(doc.Refs.NamePartTypes), lookup(doc.Refs.FeatureTypes)
	locationCountry := map[string]string{}
	for _, l := range doc.Locations {
		locationCountry[l.ID] = countries[l.Country.ID].ISO2
	}
	programs := map[string][]string{}
	for _, e := range doc.Entries {
		programs[e.ProfileID] = append(programs[e.ProfileID], e.Measures...)
	}
	byIdentity := map[string]*Entity{}
	for i, p := range doc.Parties {
		id := strings.TrimSpace(p.FixedRef)
		if id == "" {
			return nil, formatError(f.Name, 0, "distinct party %d has no FixedRef", i+1)
		}
		kind := partyTypes[subTypes[p.Profile.SubTypeID].PartyTypeID].Value
		t, ok := ofacType(kind)
		if !ok {
			return nil, formatError(f.Name, 0, "party %s has the unknown party type %q", id, kind)
		}
		e := &Entity{List: list, ID: id, Type: t, Link: "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=" + id}
		for _, idn := range p.Profile.Identities {
			byIdentity[idn.ID] = e
			groupType := map[string]string{}
			for _, g := range idn.Groups {
				groupType[g.ID] = partTypes[g.TypeID].Value
			}
			for _, a := range idn.Aliases {
				q := QualityStrong
				switch {
				case a.Primary:
					q = QualityPrimary
				case a.LowQuality:
					q = QualityWeak
				case strings.EqualFold(aliasTypes[a.TypeID].Value, "F.K.A."):
					q = QualityFormer
				}
				for _, n := range a.Names {
					var last, rest []string
					for _, part := range n.Parts {
						if groupType[part.GroupID] == "Last Name" {
							last = append(last, part.Value)
						} else {
							rest = append(rest, part.Value)
						}
					}
					if len(last) == 0 {
						e.addName(strings.Join(rest, " "), q)
					} else {
						e.addName(ofacXMLName(strings.Join(last, " "), strings.Join(rest, " ")), q)
					}
				}
			}
		}
		for _, feat := range p.Profile.Features {
			switch featureTypes[feat.TypeID].Value {
			case "Location":
				for _, v := range feat.Versions {
					for _, l := range v.Locations {
						e.addCountry(locationCountry[l.ID])
					}
				}
			case "Birthdate":
				for _, v := range feat.Versions {
					e.BirthDates = addValue(e.BirthDates, advDate(v.From.Year, v.From.Month, v.From.Day))
				}
			}
		}
		for _, prog := range programs[p.Profile.ID] {
			e.Programs = addValue(e.Programs, prog)
		}
		s.Entities = append(s.Entities, e)
	}
	for _, d := range doc.Documents {
		if e := byIdentity[d.IdentityID]; e != nil {
			e.addIdentifier(docTypes[d.TypeID].Value, d.Number, countries[d.CountryID].ISO2)
		}
	}
	return complete(f.Name, s)
}

// advDate writes a date the way the list gives it: year, year-month or
// the full date.
func advDate(y, m, d string) string {
	switch {
	case y == "":
		return ""
	case m == "":
		return y
	case d == "":
		return fmt.Sprintf("%s-%02s", y, m)
	}
	return fmt.Sprintf("%s-%02s-%02s", y, m, d)
}
