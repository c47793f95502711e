package screening

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fuzzReader fuzzes one reader from a seed file: whatever the input, the
// reader returns an error or a complete snapshot whose every entry has an
// id and a name; it never panics.
func fuzzReader(f *testing.F, seed string, read func(sourceFile) (*Snapshot, error)) {
	raw, err := os.ReadFile(filepath.Join("testdata", seed))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := read(sourceFile{Name: seed, Data: data})
		if err != nil {
			if !strings.Contains(err.Error(), seed) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(s.Entities) == 0 {
			t.Fatal("a snapshot without entries")
		}
		for _, e := range s.Entities {
			if e.ID == "" || len(e.Names) == 0 || e.Names[0].Full == "" {
				t.Fatalf("incomplete entry %+v", e)
			}
		}
	})
}

func FuzzReadUN(f *testing.F)      { fuzzReader(f, "un-excerpt.xml", readUNFile) }
func FuzzReadOFACXML(f *testing.F) { fuzzReader(f, "ofac-sdn-handmade.xml", readOFACXML) }
func FuzzReadDPL(f *testing.F)     { fuzzReader(f, "dpl-excerpt.txt", readDPL) }
func FuzzReadCSLCSV(f *testing.F)  { fuzzReader(f, "csl-excerpt.csv", readCSLCSV) }
func FuzzReadCSLJSON(f *testing.F) { fuzzReader(f, "csl-handmade.json", readCSLJSON) }
func FuzzReadASPI(f *testing.F)    { fuzzReader(f, "aspi-excerpt.json", readASPI) }
func FuzzReadEUXML(f *testing.F)   { fuzzReader(f, "eu-handmade.xml", readEUXML) }
func FuzzReadEUCSV(f *testing.F)   { fuzzReader(f, "eu-handmade.csv", readEUCSV) }
func FuzzReadUK(f *testing.F)      { fuzzReader(f, "uk-handmade.csv", readUKCSV) }
func FuzzReadFTM(f *testing.F)     { fuzzReader(f, "opensanctions-handmade.ftm.json", readFTM) }
func FuzzReadFTMExcerpt(f *testing.F) {
	fuzzReader(f, "opensanctions-excerpt.ftm.json", readFTM)
}
func FuzzReadOFSI(f *testing.F)         { fuzzReader(f, "ofsi-handmade.csv", readUKCSV) }
func FuzzReadFCDO(f *testing.F)         { fuzzReader(f, "uk-fcdo-excerpt.csv", readUKCSV) }
func FuzzReadEUXMLExcerpt(f *testing.F) { fuzzReader(f, "eu-excerpt.xml", readEUXML) }
func FuzzReadOFACAdvanced(f *testing.F) {
	fuzzReader(f, "ofac-sdn-advanced-handmade.xml", readOFACAdvanced)
}

// FuzzReadOFACCSV fuzzes the main SDN file with the real alternate names
// and addresses beside it.
func FuzzReadOFACCSV(f *testing.F) {
	var files []sourceFile
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "ofac-sdn", n))
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, sourceFile{Name: n, Data: raw})
	}
	f.Add(files[0].Data)
	f.Fuzz(func(t *testing.T, data []byte) {
		in := append([]sourceFile{{Name: "sdn.csv", Data: data}}, files[1:]...)
		s, err := readOFACCSV(ListOFACSDN, in)
		if err != nil {
			return
		}
		for _, e := range s.Entities {
			if e.ID == "" || len(e.Names) == 0 {
				t.Fatalf("incomplete entry %+v", e)
			}
		}
	})
}

// FuzzNormalize: tokens are non-empty lower-case ASCII letters and digits,
// and normalising the tokens again changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"SALEK, ABDULHAI", "南京航空航天大学", "‘ABD AL-RAHMAN", "Université de Genève", "Мохаммед", "김정은", "S.A. de C.V."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Normalize(s)
		for _, tok := range toks {
			if tok == "" {
				t.Fatalf("Normalize(%q) has an empty token", s)
			}
			for i := 0; i < len(tok); i++ {
				if c := tok[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
					t.Fatalf("Normalize(%q) = %q: byte %q", s, toks, c)
				}
			}
		}
		if again := Normalize(strings.Join(toks, " ")); len(toks) > 0 && !reflect.DeepEqual(again, toks) {
			t.Fatalf("Normalize(%q) = %q, again %q", s, toks, again)
		}
	})
}
