package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure"
)

// testEnv returns an Env writing to buffers.
func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errs bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}, &out, &errs
}

// leidenUnits is the unit tree the resolve tests use: the university, its
// faculties, and institutes under them.
var leidenUnits = procedure.StaticTree{
	"leiden": "", "science": "leiden", "law": "leiden", "humanities": "leiden", "medicine": "leiden",
	"lion": "science", "meijers": "law", "lucl": "humanities", "lumc-research": "medicine",
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProcedureResolve(t *testing.T) {
	tests := []struct {
		unit, date string
		want       string // id@version, or "" for a failure
	}{
		{"science", "2025-05-31", "science-provisional@2025.1"},
		{"lion", "2025-05-31", "science-provisional@2025.1"},
		{"science", "2025-06-01", "university@2025.1"},
		{"law", "2025-05-31", "university@2025.1"},
		{"law", "2025-02-28", ""},
		{"science", "2025-02-28", ""},
	}
	for _, tt := range tests {
		env, out, _ := testEnv()
		err := resolveCommand(context.Background(), env, []string{"--unit", tt.unit, "--date", tt.date, "--json"}, leidenUnits)
		if tt.want == "" {
			if err == nil || !strings.Contains(err.Error(), "no knowledge security procedure in force") {
				t.Errorf("%s on %s: %v, want no procedure in force", tt.unit, tt.date, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s on %s: %v", tt.unit, tt.date, err)
			continue
		}
		var got struct{ ID, Version string }
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if got.ID+"@"+got.Version != tt.want {
			t.Errorf("%s on %s: %s@%s, want %s", tt.unit, tt.date, got.ID, got.Version, tt.want)
		}
	}
}

func TestProcedureResolveFromUnitsFile(t *testing.T) {
	units := writeFile(t, "units.yaml", "units:\n  - {code: leiden}\n  - {code: science, parent: leiden}\n  - {code: lion, parent: science}\n")
	env, out, errs := testEnv()
	code := run(context.Background(), env, []string{"procedure", "resolve", "--units", units, "--unit", "lion", "--date", "2025-05-31"})
	if code != 0 || !strings.HasPrefix(out.String(), "science-provisional@2025.1\t") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	env, _, errs = testEnv()
	code = run(context.Background(), env, []string{"procedure", "resolve", "--units", units, "--unit", "lion", "--date", "2025-02-28"})
	if code == 0 || !strings.Contains(errs.String(), `no knowledge security procedure in force for unit "lion" on 2025-02-28`) {
		t.Errorf("before 1 March 2025: exit %d, %q", code, errs)
	}
}

func TestProcedureResolveFromDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	for _, args := range [][]string{
		{"unit", "add", "--db", db, "--code", "leiden", "--name", "Leiden University", "--level", "university"},
		{"unit", "add", "--db", db, "--code", "science", "--name", "Faculty of Science", "--level", "faculty", "--parent", "leiden"},
		{"unit", "add", "--db", db, "--code", "lion", "--name", "Leiden Institute of Physics", "--level", "institute", "--parent", "science"},
	} {
		env, _, errs := testEnv()
		if code := run(context.Background(), env, args); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	for date, want := range map[string]string{"2025-05-31": `"id": "science-provisional"`, "2025-06-01": `"id": "university"`} {
		env, out, errs := testEnv()
		if code := run(context.Background(), env, []string{"procedure", "resolve", "--db", db, "--unit", "lion", "--date", date, "--json"}); code != 0 || !strings.Contains(out.String(), want) {
			t.Errorf("lion on %s: exit %d, %s%s; want %s", date, code, out, errs, want)
		}
	}
	env, _, errs := testEnv()
	if code := run(context.Background(), env, []string{"procedure", "resolve", "--db", db, "--unit", "atlantis", "--date", "2025-05-31"}); code == 0 || !strings.Contains(errs.String(), "atlantis") {
		t.Errorf("unknown unit: exit %d, %q", code, errs)
	}
}

func TestProcedureCheck(t *testing.T) {
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"procedure", "check"}); code != 0 {
		t.Fatalf("shipped procedures: exit %d\n%s%s", code, out, errs)
	}
	bad := writeFile(t, "bad.yaml", `id: bad
version: "1"
track: knowledge_security
title: {en: Bad, nl: Slecht}
description: {en: A bad one, nl: Een slechte}
applies_to: {units: [leiden], from: "2025-03-01"}
desk: {en: Desk, nl: Loket}
committee: {en: Committee, nl: Commissie}
deadline_weeks: 4
start: nationality
sections:
  - id: A
    title: {en: A, nl: A}
    questions:
      - id: nationality
        type: yesno
        text: {en: Is the researcher's nationality Chinese?, nl: Is de nationaliteit van de onderzoeker Chinees?}
        on:
          "yes": {route: committee}
`)
	env, out, errs = testEnv()
	code := run(context.Background(), env, []string{"procedure", "check", bad})
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{bad + `:17:9: question "nationality" asks for a person's nationality`, bad + `:15:11: the answer "no" to question "nationality" ends the flowchart without a route`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs.String(), "2 problem(s) in 1 file(s)") {
		t.Errorf("stderr %q", errs)
	}
}

func TestProcedureEval(t *testing.T) {
	answers := writeFile(t, "answers.json", `{"kind": "research_collaboration", "partner_country": "CH",
		"a1_sanctions": "no", "a2_country_sanctions": "no", "a3_dual_use": "no",
		"b1_critical_technology": ["quantum"], "b2_crown_jewels": "no", "b3_misuse": false,
		"c1_country_risk": "no", "c2_civil_military": "no", "d1_security_ties": "no", "d2_opaque": "no",
		"d3_control": "yes", "e1_transfer": "no", "e2_access": "no", "e3_hosted": "no", "e4_publication": "no",
		"f1_value": "Shared quantum sensors.", "f2_why_partner": "World-leading lab.", "g1_in_doubt": "no"}`)
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"procedure", "eval", "university", "--answers", answers}); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Route: Adviser's advice recommended\n", "Supplementary questionnaire: needed",
		"Risk aspect knowledge transfer: raised by b1_critical_technology = Quantum technologies (sensitive)", "Risk aspect influence: raised by d3_control = yes",
		"b1_critical_technology: Quantum technologies (sensitive) → Adviser's advice recommended", "e5_travel: not asked"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	first := out.String()
	env, out, _ = testEnv()
	run(context.Background(), env, []string{"procedure", "eval", "university@2025.1", "--answers", answers})
	if out.String() != first {
		t.Error("the same answers gave a different evaluation")
	}
	env, out, _ = testEnv()
	run(context.Background(), env, []string{"procedure", "eval", "university", "--answers", answers, "--lang", "nl"})
	for _, want := range []string{"Route: Advies van de adviseur aanbevolen\n", "Risicoaspect beïnvloeding: opgeroepen door d3_control = ja", "Verloop:\n  kind: Onderzoekssamenwerking (instelling, bedrijf, overheidsorgaan of persoon)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Dutch output lacks %q:\n%s", want, out)
		}
	}
	env, out, _ = testEnv()
	if code := run(context.Background(), env, []string{"procedure", "eval", "university", "--answers", answers, "--json"}); code != 0 {
		t.Fatalf("--json: exit %d", code)
	}
	var ev procedure.Evaluation
	if err := json.Unmarshal(out.Bytes(), &ev); err != nil || ev.Route != kscheck.RouteAdvice || len(ev.Trail) == 0 {
		t.Errorf("--json: %v %+v", err, ev)
	}
}

func TestProcedureEvalRejectsBadInput(t *testing.T) {
	tests := []struct {
		args []string
		json string
		code int
		want string
	}{
		{[]string{"university"}, `{"a1_sanctions": "maybe"}`, 2, `takes yes or no`},
		{[]string{"university"}, `{"nationality": "NL"}`, 2, `has no question "nationality"`},
		{[]string{"university"}, `{"kind": "research_collaboration"}`, 2, `question "partner_country" needs an answer`},
		{[]string{"university@1999"}, `{}`, 1, "there is no procedure university@1999"},
		{[]string{"university"}, `[1, 2]`, 2, "is not a JSON object"},
	}
	for _, tt := range tests {
		env, _, errs := testEnv()
		args := append([]string{"procedure", "eval"}, tt.args...)
		args = append(args, "--answers", writeFile(t, "a.json", tt.json))
		if code := run(context.Background(), env, args); code != tt.code || !strings.Contains(errs.String(), tt.want) {
			t.Errorf("%v %s: exit %d %q; want %d and %q", tt.args, tt.json, code, errs, tt.code, tt.want)
		}
	}
}

func TestProcedureRender(t *testing.T) {
	answers := writeFile(t, "answers.json", `{"fossil_company": "yes", "paris_aligned": "no", "energy_transition": "no"}`)
	for _, tt := range []struct {
		format, want string
	}{
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"`},
		{"mermaid", "flowchart TD"},
		{"dot", `"energy_transition" -> "end.committee" [label="no", color="#1a56db", penwidth=3]`},
	} {
		env, out, errs := testEnv()
		if code := run(context.Background(), env, []string{"procedure", "render", "fossil-fuel", "--format", tt.format, "--answers", answers}); code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.format, code, errs)
		}
		if !strings.Contains(out.String(), tt.want) {
			t.Errorf("%s output lacks %q", tt.format, tt.want)
		}
	}
	env, _, errs := testEnv()
	if code := run(context.Background(), env, []string{"procedure", "render", "university", "--format", "png"}); code != 2 || !strings.Contains(errs.String(), "use svg, mermaid or dot") {
		t.Errorf("unknown format: exit %d %q", code, errs)
	}
}

// TestProcedureCheckRefusesBomb: the command line refuses a file of
// 100,000 nested brackets with the problem, instead of parsing for minutes.
func TestProcedureCheckRefusesBomb(t *testing.T) {
	bomb := writeFile(t, "bomb.yaml", "id: x\nsections: "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n")
	env, out, _ := testEnv()
	if code := run(context.Background(), env, []string{"procedure", "check", bomb}); code != 1 || !strings.Contains(out.String(), "nested more than") {
		t.Errorf("exit %d, output %.200q; want 1 naming the nesting", code, out)
	}
}
