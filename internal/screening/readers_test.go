package screening

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadersExcerpts reads every format from testdata and checks the
// entries, names and counts the files hold.
func TestReadersExcerpts(t *testing.T) {
	tests := []struct {
		path    string
		list    ListID
		counts  map[string]int
		id      string   // an entry to look at
		names   []string // its names, in order
		country string   // one of its countries
	}{
		{"un-excerpt.xml", ListUN, map[string]int{"person": 3, "organization": 2}, "CDi.001", []string{"ERIC BADEGE"}, "RW"},
		{"ofac-sdn", ListOFACSDN, map[string]int{"organization": 20}, "306", []string{"BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA", "BNC"}, "CH"},
		{"dpl-excerpt.txt", ListBISDPL, map[string]int{"other": 7}, "AARON ABRAHAM VILLA 08/24/2022", []string{"AARON ABRAHAM VILLA"}, ""},
		{"csl-excerpt.csv", ListCSL, nil, "", nil, ""},
		{"csl-with-id.csv", ListCSL, map[string]int{"other": 5, "organization": 2}, "48e97de3dcf1ff54", []string{"ADRIAN MANUEL HERNANDEZ"}, ""},
		{"aspi-excerpt.json", ListASPI, map[string]int{"organization": 6}, "", nil, "CN"},
		{"eu-excerpt.xml", ListEU, map[string]int{"person": 1}, "13", []string{"Saddam Hussein Al-Tikriti", "Abu Ali", "Abou Ali"}, ""},
		{"eu-handmade.xml", ListEU, map[string]int{"person": 2, "organization": 2}, "126722", []string{"Internet Research Agency", "IRA"}, "RU"},
		{"uk-fcdo-excerpt.csv", ListUK, map[string]int{"vessel": 1}, "RUS2176", []string{"KOROLEV PROSPECT"}, ""},
		{"ofsi-handmade.csv", ListUK, map[string]int{"person": 1, "organization": 1, "vessel": 1}, "6964", []string{"ARMED ISLAMIC GROUP", "GIA", "GROUPE ISLAMIQUE ARMÉ", "AL-JAMM'AH AL-ISLAMIAH AL-MUSALLAH"}, "DZ"},
		{"ofac-sdn-advanced-handmade.xml", ListOFACSDN, map[string]int{"organization": 1, "person": 1}, "306", []string{"BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA", "BNC"}, "CH"},
		{"opensanctions-excerpt.ftm.json", ListOpenSanctions, map[string]int{"person": 1, "organization": 3}, "NK-2PacmNpiLUmoz4XD2mSt7A", []string{"IRGC", "Iranian Revolutionary Guard Corps"}, "IR"},
		{"eu-handmade.csv", ListEU, map[string]int{"person": 1, "organization": 1}, "13", []string{"Aliaksandr Ryhoravich Lukashenka", "Александр Григорьевич Лукашенко"}, ""},
		{"uk-handmade.csv", ListUK, map[string]int{"person": 1, "organization": 1}, "RUS1234", []string{"JOINT STOCK COMPANY KALASHNIKOV CONCERN", "АО Концерн Калашников", "KALASHNIKOV CONCERN"}, "RU"},
		{"ofac-sdn-handmade.xml", ListOFACSDN, map[string]int{"organization": 1, "person": 1}, "9639", []string{"HANIYA, Ismail Abdul Salah", "HANIYYA, Ismaeel"}, ""},
		{"csl-handmade.json", ListCSL, map[string]int{"other": 1, "organization": 1}, "2b6d6b8a4f0e1c3d", []string{"Harbin Institute of Technology", "HIT", "Harbin Gongye Daxue"}, "CN"},
		{"opensanctions-handmade.ftm.json", ListOpenSanctions, map[string]int{"person": 1, "organization": 1}, "Q7747", []string{"Vladimir Putin", "Владимир Владимирович Путин", "Vladimir Vladimirovich Putin", "Putine"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := readOne(t, filepath.Join("testdata", tt.path))
			if s.List != tt.list {
				t.Errorf("list %s, want %s", s.List, tt.list)
			}
			if tt.counts != nil && !reflect.DeepEqual(s.Counts, tt.counts) {
				t.Errorf("counts %v, want %v", s.Counts, tt.counts)
			}
			if len(s.SHA256) != 64 || len(s.Files) == 0 {
				t.Errorf("snapshot lacks its digest or files: %q %v", s.SHA256, s.Files)
			}
			if tt.id == "" {
				return
			}
			e := findEntity(s, tt.id)
			if e == nil {
				t.Fatalf("entry %s not found", tt.id)
			}
			var names []string
			for _, n := range e.Names {
				names = append(names, n.Full)
			}
			if !reflect.DeepEqual(names, tt.names) {
				t.Errorf("names %q, want %q", names, tt.names)
			}
			if tt.country != "" && !strings.Contains(strings.Join(e.Countries, ","), tt.country) {
				t.Errorf("countries %v lack %s", e.Countries, tt.country)
			}
		})
	}
}

func findEntity(s *Snapshot, id string) *Entity {
	for _, e := range s.Entities {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// TestReadersRealFiles reads the real snapshots and checks the entry
// counts against the files' own totals (the UN list's stated numbers of
// individuals and entities, one OFAC entry per line of sdn.csv, ...).
func TestReadersRealFiles(t *testing.T) {
	data := sharedData(t)
	tests := []struct {
		path   string
		list   ListID
		counts map[string]int
	}{
		{"lists/un", ListUN, map[string]int{"person": 730, "organization": 273}},
		{"lists/ofac-sdn-2019-01", ListOFACSDN, map[string]int{"person": 3845, "organization": 2994, "vessel": 323, "other": 217}},
		{"lists/ofac-sdn-2021-07", ListOFACSDN, map[string]int{"person": 4620, "organization": 3673, "vessel": 406, "other": 277}},
		{"lists/ofac-cons-2025-12", ListOFACCons, map[string]int{"person": 79, "organization": 363}},
		{"lists/bis-dpl/dpl-2019.txt", ListBISDPL, nil},
		{"lists/bis-dpl/dpl-2022.txt", ListBISDPL, map[string]int{"other": 581}},
		{"lists/csl-sample.csv", ListCSL, map[string]int{"person": 20, "organization": 46, "vessel": 2, "other": 47}},
		{"lists/aspi", ListASPI, map[string]int{"organization": 159}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			s := readOne(t, filepath.Join(data, tt.path))
			if s.List != tt.list {
				t.Errorf("list %s, want %s", s.List, tt.list)
			}
			if tt.counts != nil && !reflect.DeepEqual(s.Counts, tt.counts) {
				t.Errorf("counts %v, want %v", s.Counts, tt.counts)
			}
			if tt.list == ListUN && s.Published.Format("2006-01-02") != "2026-02-27" {
				t.Errorf("published %v, want 2026-02-27", s.Published)
			}
		})
	}
	// the line counts of the OFAC and DPL files are their own totals
	for _, f := range []struct{ file string }{{"lists/ofac-sdn-2021-07/sdn.csv"}, {"lists/bis-dpl/dpl-2019.txt"}} {
		raw, err := os.ReadFile(filepath.Join(data, f.file))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(strings.TrimRight(string(raw), "\r\n\x1a"), "\n") + 1
		s := readOne(t, filepath.Join(data, f.file))
		if strings.HasSuffix(f.file, ".txt") {
			lines-- // the header
		}
		if len(s.Entities) != lines {
			t.Errorf("%s: %d entries for %d lines", f.file, len(s.Entities), lines)
		}
	}
}

// TestReadPathClash: two snapshots of one list in a directory are refused,
// naming both.
func TestReadPathClash(t *testing.T) {
	data := sharedData(t)
	_, err := ReadPath(filepath.Join(data, "lists"))
	if err == nil || !strings.Contains(err.Error(), "two snapshots of the") {
		t.Fatalf("err = %v, want a clash", err)
	}
}

// TestReadersRejectTruncated cuts every test file short and expects an
// error naming the file, never a partial list.
func TestReadersRejectTruncated(t *testing.T) {
	files := []string{"un-excerpt.xml", "eu-handmade.xml", "eu-excerpt.xml", "ofac-sdn-advanced-handmade.xml",
		"opensanctions-excerpt.ftm.json", "ofsi-handmade.csv", "uk-fcdo-excerpt.csv", "ofac-sdn-handmade.xml", "csl-handmade.json",
		"aspi-excerpt.json", "opensanctions-handmade.ftm.json", "dpl-excerpt.txt", "csl-excerpt.csv",
		"eu-handmade.csv", "uk-handmade.csv", "ofac-sdn/sdn.csv"}
	for _, name := range files {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		// cut inside a quoted field or element, well past the header
		cut := len(raw) * 2 / 3
		if q := strings.IndexByte(string(raw[cut:]), '"'); q >= 0 {
			cut += q + 1
		}
		snaps, err := readFiles([]sourceFile{{Name: name, Data: raw[:cut]}}, time.Time{})
		if err == nil {
			t.Errorf("%s cut at %d of %d: read %d snapshots, want an error", name, cut, len(raw), len(snaps))
			continue
		}
		if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
}
