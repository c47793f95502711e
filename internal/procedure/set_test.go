package procedure

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// leiden is a small unit tree: the university, four faculties and an
// institute under each.
var leiden = StaticTree{
	"leiden": "", "science": "leiden", "law": "leiden", "humanities": "leiden", "medicine": "leiden",
	"lion": "science", "liacs": "science", "meijers": "law", "lucl": "humanities", "lumc-research": "medicine",
}

func shippedSet(t testing.TB) *Set {
	t.Helper()
	ps, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestResolve(t *testing.T) {
	s := shippedSet(t)
	tests := []struct {
		unit, date string
		want       string // ref, or "" for no procedure
	}{
		{"science", "2025-05-31", "science-provisional@2025.1"},
		{"lion", "2025-03-01", "science-provisional@2025.1"},
		{"science", "2025-06-01", "university@2025.1"},
		{"law", "2025-05-31", "university@2025.1"},
		{"meijers", "2026-01-01", "university@2025.1"},
		{"leiden", "2025-03-01", "university@2025.1"},
		{"law", "2025-02-28", ""},
		{"science", "2025-02-28", ""},
	}
	for _, tt := range tests {
		p, err := s.Resolve(context.Background(), leiden, tt.unit, day(tt.date))
		switch {
		case tt.want == "" && kscheck.ErrorCode(err) != kscheck.ENotFound:
			t.Errorf("%s on %s: got %v, %v; want no procedure in force", tt.unit, tt.date, p, err)
		case tt.want == "" && !strings.Contains(err.Error(), "no knowledge security procedure in force"):
			t.Errorf("%s on %s: unclear message %q", tt.unit, tt.date, err)
		case tt.want != "" && (err != nil || p.Ref() != tt.want):
			t.Errorf("%s on %s: got %v, %v; want %s", tt.unit, tt.date, p, err, tt.want)
		}
	}
	p, err := s.ResolveTrack(context.Background(), leiden, kscheck.TrackFossilFuel, "lion", day("2025-05-31"))
	if err != nil || p.ID != "fossil-fuel" {
		t.Errorf("fossil-fuel track for lion: %v, %v", p, err)
	}
	if _, err := s.Resolve(context.Background(), leiden, "atlantis", day("2025-05-31")); kscheck.ErrorCode(err) != kscheck.ENotFound {
		t.Errorf("unknown unit: %v, want not found", err)
	}
}

func TestResolveVersionsAndConflicts(t *testing.T) {
	parse := func(id, version, units, from string) *Procedure {
		src := strings.NewReplacer("id: t", "id: "+id, `version: "1"`, `version: "`+version+`"`,
			`applies_to: {units: [leiden], from: "2025-03-01"}`, `applies_to: {units: [`+units+`], from: "`+from+`"}`).Replace(minimal)
		p, err := Parse(id+".yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	s, err := NewSet(parse("u", "1", "leiden", "2025-03-01"), parse("u", "2", "leiden", "2025-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]string{"2025-08-31": "u@1", "2025-09-01": "u@2"} {
		if p, err := s.Resolve(context.Background(), leiden, "law", day(date)); err != nil || p.Ref() != want {
			t.Errorf("on %s: %v, %v; want %s", date, p, err, want)
		}
	}
	if p, err := s.Get("u", "1"); err != nil || p.Version != "1" {
		t.Errorf("a pinned version must stay reachable: %v, %v", p, err)
	}
	if p, err := s.GetRef("u"); err != nil || p.Version != "2" {
		t.Errorf("without a version, the newest: %v, %v", p, err)
	}
	if err := s.Add(parse("u", "1", "law", "2026-01-01")); kscheck.ErrorCode(err) != kscheck.EConflict {
		t.Errorf("re-adding u@1: %v, want a conflict", err)
	}
	if err := s.Add(parse("x", "1", "leiden", "2025-10-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Resolve(context.Background(), leiden, "law", day("2025-10-01")); kscheck.ErrorCode(err) != kscheck.EConflict || !strings.Contains(err.Error(), "at the same level") {
		t.Errorf("two procedures at the same level: %v, want a conflict", err)
	}
}

func TestParseUnitTree(t *testing.T) {
	tree, err := ParseUnitTree("units.yaml", []byte("units:\n  - {code: leiden}\n  - {code: science, parent: leiden}\n  - {code: lion, parent: science}\n"))
	if err != nil {
		t.Fatal(err)
	}
	path, err := tree.UnitPath(context.Background(), "lion")
	if err != nil || strings.Join(path, "/") != "leiden/science/lion" {
		t.Errorf("path %v, %v", path, err)
	}
	if _, err := ParseUnitTree("units.yaml", []byte("units:\n  - {code: lion, parent: science}\n")); kscheck.ErrorCode(err) != kscheck.EInvalid {
		t.Errorf("missing parent: %v", err)
	}
}

// BenchmarkLoadAndResolve measures what a request pays after start-up:
// the shipped procedures are parsed once, so this is one resolve.
func BenchmarkLoadAndResolve(b *testing.B) {
	ctx := context.Background()
	d := day("2025-05-31")
	for b.Loop() {
		ps, err := Shipped()
		if err != nil {
			b.Fatal(err)
		}
		s, _ := NewSet(ps...)
		if _, err := s.Resolve(ctx, leiden, "lion", d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseShipped measures the one-time start-up cost of parsing the
// shipped procedure files.
func BenchmarkParseShipped(b *testing.B) {
	files, err := ShippedFiles()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, f := range files {
			if _, err := Parse(f.Name, f.Src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestCheckNewAgainstTheSet(t *testing.T) {
	s := shippedSet(t)
	version := func(id, version, units, from string) File {
		src := strings.NewReplacer("id: t", "id: "+id, `version: "1"`, `version: "`+version+`"`,
			`applies_to: {units: [leiden], from: "2025-03-01"}`, `applies_to: {units: [`+units+`], from: "`+from+`"}`).Replace(minimal)
		return File{"upload.yaml", []byte(src)}
	}
	tests := []struct {
		name string
		f    File
		want string // "" for no problem
	}{
		{"a new version of the university procedure", version("university", "2026.1", "leiden", "2026-01-01"), ""},
		{"a faculty's own procedure", version("law-own", "1", "law", "2026-01-01"), ""},
		{"an existing version again", version("university", "2025.1", "leiden", "2026-01-01"), "every version of a procedure must be distinct"},
		{"a second procedure for all units", version("other", "1", "leiden", "2026-01-01"), `both apply to unit "leiden" from 2026-01-01`},
		{"overlapping the provisional science procedure", version("science-2", "1", "science", "2025-05-01"), `both apply to unit "science" from 2025-05-01`},
		{"a broken file", File{"upload.yaml", []byte("id: [")}, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := s.CheckNew(tt.f)
			if tt.want == "" {
				if len(probs) != 0 {
					t.Fatalf("unexpected problems: %v", probs)
				}
				return
			}
			if len(probs) != 1 || !strings.Contains(probs[0].Message, tt.want) || probs[0].File != "upload.yaml" {
				t.Fatalf("got %v, want one problem in upload.yaml containing %q", probs, tt.want)
			}
		})
	}
}
