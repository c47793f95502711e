package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
)

const testdata = "../../internal/screening/testdata"

// runCmd runs kscheck with args on the SQLite database db (KSCHECK_DB;
// "" for a fresh one) and returns exit code, stdout and stderr.
func runCmd(t *testing.T, db string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	if db == "" {
		db = filepath.Join(t.TempDir(), "kscheck.db")
	}
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "KSCHECK_DB" {
			return db
		}
		return vars[k]
	}}
	code := run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func decodeResults(t *testing.T, out string) []screening.Result {
	t.Helper()
	var rs []screening.Result
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r screening.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		rs = append(rs, r)
	}
	return rs
}

func TestScreenWithLists(t *testing.T) {
	aspi := filepath.Join(testdata, "aspi-excerpt.json")
	code, out, _ := runCmd(t, "", nil, "screen", "--lists", aspi, "--country", "US", "--type", "organization", "--json", "Northeastern University")
	rs := decodeResults(t, out)
	if code != 0 || len(rs) != 1 || len(rs[0].Matches) != 0 || rs[0].Query.Country != "US" {
		t.Fatalf("exit %d, %s", code, out)
	}
	code, out, _ = runCmd(t, "", nil, "screen", "--lists", aspi, "--country", "cn", "--json", "Northeastern University")
	rs = decodeResults(t, out)
	if code != 0 || len(rs[0].Matches) != 1 || rs[0].Matches[0].Strength != "strong" || rs[0].Matches[0].List != "aspi" {
		t.Fatalf("exit %d, %s", code, out)
	}
	code, out, _ = runCmd(t, "", nil, "screen", "--lists", aspi, "南京航空航天大学")
	if code != 0 || !strings.Contains(out, "Nanjing University of Aeronautics and Astronautics") || !strings.Contains(out, "assessment") {
		t.Fatalf("exit %d, %s", code, out)
	}
}

func TestScreenErrors(t *testing.T) {
	aspi := filepath.Join(testdata, "aspi-excerpt.json")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"screen", "--lists", aspi, "--country", "XX", "Harbin"}, 2, "unknown country"},
		{[]string{"screen", "--lists", aspi, "--type", "vessel", "Harbin"}, 2, "unknown type"},
		{[]string{"screen", "--lists", aspi, "--review", "0.9", "--strong", "0.5", "Harbin"}, 2, "thresholds"},
		{[]string{"screen", "--lists", aspi}, 2, "Usage"},
		{[]string{"screen", "--lists", aspi, strings.Repeat("x", 301)}, 2, "301 characters long; give at most 300"},
		{append([]string{"screen", "--lists", aspi}, strings.Fields(strings.Repeat("Harbin ", 21))...), 2, "21 words; give at most 20"},
		{[]string{"screen", "--lists", filepath.Join(testdata, "nonexistent"), "Harbin"}, 2, "cannot read lists"},
		{[]string{"lists", "import", filepath.Join(testdata, "nonexistent")}, 2, "cannot read lists"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, "", nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

// TestScreenClash: a directory with two snapshots of a list is refused,
// naming both files.
func TestScreenClash(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"eu-handmade.xml", "eu-handmade.csv"} {
		raw, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), raw, 0o644)
	}
	code, _, errOut := runCmd(t, "", nil, "screen", "--lists", dir, "Putin")
	if code != 2 || !strings.Contains(errOut, "eu-handmade.xml") || !strings.Contains(errOut, "eu-handmade.csv") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestScreenBatch(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "partners.csv")
	os.WriteFile(csvFile, []byte("name,country,type\nNortheastern University,US,organization\nHarbin Institute of Technology,CN,\n\"BADEGE, Eric\",,person\n"), 0o644)
	jsonFile := filepath.Join(dir, "partners.jsonl")
	os.WriteFile(jsonFile, []byte(`{"name":"NUDT","country":"","type":""}`+"\n"+`{"name":"Leiden University","country":"NL","type":"organization"}`+"\n"), 0o644)
	aspi := filepath.Join(testdata, "aspi-excerpt.json")
	code, out, errOut := runCmd(t, "", nil, "screen", "--lists", aspi, "--batch", csvFile, "--json")
	rs := decodeResults(t, out)
	if code != 0 || len(rs) != 3 || len(rs[0].Matches) != 0 || len(rs[1].Matches) == 0 || rs[1].Matches[0].Name != "Harbin Institute of Technology" {
		t.Fatalf("exit %d, %s %s", code, out, errOut)
	}
	code, out, _ = runCmd(t, "", nil, "screen", "--lists", aspi, "--batch", jsonFile, "--json")
	rs = decodeResults(t, out)
	if code != 0 || len(rs) != 2 || len(rs[0].Matches) != 1 || len(rs[1].Matches) != 0 {
		t.Fatalf("exit %d, %s", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("name,country\nHarbin,CN\nNanjing,Atlantis\n"), 0o644)
	code, _, errOut = runCmd(t, "", nil, "screen", "--lists", aspi, "--batch", bad)
	if code != 2 || !strings.Contains(errOut, "query 2") || !strings.Contains(errOut, "Atlantis") {
		t.Errorf("bad row: exit %d, %s", code, errOut)
	}
}

// TestScreenBatchProgress: on a terminal a batch reports its progress on
// standard error, and nowhere else.
func TestScreenBatchProgress(t *testing.T) {
	file := filepath.Join(t.TempDir(), "partners.csv")
	os.WriteFile(file, []byte("name\nHarbin Institute of Technology\nWuhan University\n"), 0o644)
	for _, terminal := range []bool{true, false} {
		var out, errb bytes.Buffer
		env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Terminal: terminal}
		code := run(context.Background(), env, []string{"screen", "--lists", filepath.Join(testdata, "aspi-excerpt.json"), "--batch", file})
		if code != 0 || strings.Contains(out.String(), "screened") {
			t.Fatalf("exit %d, stdout %q", code, out.String())
		}
		if got := strings.Contains(errb.String(), "screened 2 of 2"); got != terminal {
			t.Errorf("terminal %v: stderr %q", terminal, errb.String())
		}
	}
}

// TestListsImportAndScreen: an imported snapshot is screened against by
// screen without --lists, and status shows it beside the bundled lists.
func TestListsImportAndScreen(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	code, out, errOut := runCmd(t, db, nil, "lists", "import", filepath.Join(testdata, "eu-handmade.xml"))
	if code != 0 || !strings.Contains(out, "imported eu: 4 entries") || !strings.Contains(out, "re-screened 0 partners") {
		t.Fatalf("import: exit %d, %s %s", code, out, errOut)
	}
	eu, err := screening.ReadPath(filepath.Join(testdata, "eu-handmade.xml"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, db, nil, "screen", "--json", "--type", "organization", "Internet Research Agency")
	rs := decodeResults(t, out)
	// the stored EU snapshot first; the bundled OFAC list has the agency too
	if code != 0 || len(rs[0].Matches) == 0 || rs[0].Matches[0].Snapshot.SHA256 != eu[0].SHA256 {
		t.Fatalf("screen: exit %d, %s", code, out)
	}
	code, out, _ = runCmd(t, db, nil, "lists", "status")
	if code != 0 || !strings.Contains(out, "eu-handmade.xml") || !strings.Contains(out, "bundled copy") {
		t.Fatalf("status: exit %d, %s", code, out)
	}
}

// TestListsUpdate downloads from a loopback server named by the
// per-list URL variables; a missing file keeps the previous snapshot.
func TestListsUpdate(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(testdata)))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "kscheck.db")
	vars := map[string]string{
		"KSCHECK_LIST_URL_ASPI": srv.URL + "/aspi-excerpt.json",
		"KSCHECK_LIST_URL_EU":   srv.URL + "/missing.xml",
	}
	code, out, errOut := runCmd(t, db, vars, "lists", "update", "--list", "aspi,eu", "--retries", "0")
	if code != 1 || !strings.Contains(out, "aspi: updated: 6 entries") || !strings.Contains(out, "eu: kept the previous snapshot") ||
		!strings.Contains(errOut, "1 of 2 lists could not be updated") {
		t.Fatalf("exit %d, %s %s", code, out, errOut)
	}
	code, out, _ = runCmd(t, db, nil, "lists", "status")
	if code != 0 || !strings.Contains(out, "aspi-excerpt.json") || strings.Contains(out, "missing.xml") {
		t.Errorf("after the update, status shows: %s", out)
	}
}

func TestListsDiff(t *testing.T) {
	code, out, errOut := runCmd(t, "", nil, "lists", "diff", filepath.Join(testdata, "eu-handmade.csv"), filepath.Join(testdata, "eu-handmade.xml"))
	if code != 0 || !strings.HasPrefix(out, "eu: 2 added, 0 removed, 2 changed") || !strings.Contains(out, "+ 5987\tAllied Democratic Forces") {
		t.Fatalf("exit %d, %s %s", code, out, errOut)
	}
	code, _, errOut = runCmd(t, "", nil, "lists", "diff", filepath.Join(testdata, "eu-handmade.csv"), filepath.Join(testdata, "aspi-excerpt.json"))
	if code != 2 || !strings.Contains(errOut, "same list") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}

func TestNamesCompare(t *testing.T) {
	code, out, _ := runCmd(t, "", nil, "names", "compare", "--json", "SALEK, ABDULHAI", "Abdulhai Salek")
	var c struct {
		Score float64 `json:"score"`
		Match bool    `json:"match"`
	}
	if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || c.Score != 1 || !c.Match {
		t.Fatalf("exit %d, %s", code, out)
	}
	file := filepath.Join(t.TempDir(), "pairs.csv")
	os.WriteFile(file, []byte("name1,name2,schema\nNanjing University,Nanjing University of Aeronautics and Astronautics,Organization\nHarbin Institute of Technology,Harbin Institue of Technology,\nVladimir Putin,Владимир Путин,Person\n"), 0o644)
	code, out, _ = runCmd(t, "", nil, "names", "compare", "--batch", file)
	want := []bool{false, true, true}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != len(want) {
		t.Fatalf("exit %d, %s", code, out)
	}
	for i, line := range lines {
		if err := json.Unmarshal([]byte(line), &c); err != nil || c.Match != want[i] {
			t.Errorf("row %d: %s, want match %v", i+1, line, want[i])
		}
	}
	code, _, errOut := runCmd(t, "", nil, "names", "compare", "--schema", "Airline", "a", "b")
	if code != 2 || !strings.Contains(errOut, "unknown schema") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}

// TestListsImportRescreens: importing a list re-screens the partners of
// open checks, and a new designation becomes an alert for the Desk.
func TestListsImportRescreens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	ctx := context.Background()
	env, _, _ := testEnv()
	opts := &dbOptions{path: db}
	svc, err := opts.open(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, svc); err != nil {
		t.Fatal(err)
	}
	eva, err := svc.AccountByEmail(ctx, service.System, "initiator@demo.kscheck.org")
	if err != nil {
		t.Fatal(err)
	}
	actor := eva.Actor()
	c, err := svc.StartCase(ctx, actor, service.NewCase{Title: "Media study", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPartner(ctx, actor, c.ID, c.Version, &kscheck.Partner{Name: "Internet Research Agency", Type: kscheck.PartnerOrganization, Country: "RU"}); err != nil {
		t.Fatal(err)
	}
	svc.Close()
	code, out, errOut := runCmd(t, db, nil, "lists", "import", filepath.Join(testdata, "eu-handmade.xml"))
	if code != 0 || !strings.Contains(out, "re-screened 1 partners of open and running checks: 1 new or changed hits") {
		t.Fatalf("import: exit %d, %s %s", code, out, errOut)
	}
}

// importedDPL imports the real BIS DPL excerpt (7 entries) into a new
// database and returns it with the excerpt cut at a line boundary after 3
// entries, as a broken download leaves it.
func importedDPL(t *testing.T) (db, cut string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "kscheck.db")
	full := filepath.Join(testdata, "dpl-excerpt.txt")
	if code, out, errOut := runCmd(t, db, nil, "lists", "import", full); code != 0 {
		t.Fatalf("import: exit %d, %s %s", code, out, errOut)
	}
	raw, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	return db, strings.Join(strings.SplitAfter(string(raw), "\n")[:4], "")
}

// TestListsImportRefusesShrink: a list file cut at a line boundary parses
// (the BIS format carries no count) but is refused against the active
// snapshot, naming both counts; the active snapshot stays in force until
// --allow-shrink.
func TestListsImportRefusesShrink(t *testing.T) {
	db, cutDPL := importedDPL(t)
	cut := filepath.Join(t.TempDir(), "dpl.txt")
	if err := os.WriteFile(cut, []byte(cutDPL), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, db, nil, "lists", "import", cut)
	if code != 2 || !strings.Contains(errOut, "has 3 entries") || !strings.Contains(errOut, "the 7 of the active snapshot") ||
		!strings.Contains(errOut, "--allow-shrink") || strings.Contains(out, "imported") {
		t.Fatalf("cut import: exit %d, %s %s", code, out, errOut)
	}
	if _, out, _ := runCmd(t, db, nil, "lists", "status"); !regexp.MustCompile(`bis-dpl\s+7\s`).MatchString(out) {
		t.Fatalf("the active snapshot changed: %s", out)
	}
	if code, out, errOut := runCmd(t, db, nil, "lists", "import", "--allow-shrink", cut); code != 0 || !strings.Contains(out, "imported bis-dpl: 3 entries") {
		t.Fatalf("--allow-shrink: exit %d, %s %s", code, out, errOut)
	}
}

// TestListsUpdateRefusesShrink: a download cut at a line boundary is
// refused against the active snapshot with both counts, the snapshot stays
// and the command fails; --allow-shrink lets it through.
func TestListsUpdateRefusesShrink(t *testing.T) {
	db, cut := importedDPL(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, cut) }))
	defer srv.Close()
	vars := map[string]string{"KSCHECK_LIST_URL_BIS_DPL": srv.URL + "/dpl.txt"}
	code, out, errOut := runCmd(t, db, vars, "lists", "update", "--list", "bis-dpl", "--retries", "0")
	if code != 1 || !strings.Contains(out, "bis-dpl: kept the previous snapshot") || !strings.Contains(out, "has 3 entries, 4 fewer than the 7 of the active snapshot") {
		t.Fatalf("cut download: exit %d, %s %s", code, out, errOut)
	}
	if _, out, _ := runCmd(t, db, nil, "lists", "status"); !regexp.MustCompile(`bis-dpl\s+7\s`).MatchString(out) {
		t.Fatalf("the active snapshot changed: %s", out)
	}
	if code, out, errOut := runCmd(t, db, vars, "lists", "update", "--list", "bis-dpl", "--retries", "0", "--allow-shrink"); code != 0 || !strings.Contains(out, "bis-dpl: updated: 3 entries") {
		t.Fatalf("--allow-shrink: exit %d, %s %s", code, out, errOut)
	}
}

// TestScreenCoverage: every result says which lists it covered, with
// their dates, and which it did not, with the command that fixes each gap:
// on the bundled lists no EU or UK list, the CSL only a sample, OFAC's
// 2021 copy stale; after an EU import the EU gap is gone.
func TestScreenCoverage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	code, out, errOut := runCmd(t, db, nil, "screen", "--json", "Harbin Institute of Technology")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	res := decodeResults(t, out)[0]
	gaps := map[string]bool{}
	for _, g := range res.Coverage.Gaps {
		gaps[g.Kind+" "+string(g.List)] = true
		if !strings.HasPrefix(g.Fix, "kscheck lists update --list ") || g.Message == "" {
			t.Errorf("gap without its fix: %+v", g)
		}
	}
	for _, want := range []string{"missing eu", "missing uk", "sample csl", "stale ofac-sdn"} {
		if !gaps[want] {
			t.Errorf("no %q gap in %+v", want, res.Coverage.Gaps)
		}
	}
	if len(res.Coverage.Lists) < 6 || res.Coverage.Lists[0].Published.IsZero() {
		t.Errorf("covered lists %+v", res.Coverage.Lists)
	}
	code, out, _ = runCmd(t, db, nil, "screen", "Harbin Institute of Technology")
	for _, want := range []string{"Lists covered: UN list of 27 Feb 2026; ", "Not covered:",
		"no eu list is loaded", "to fix: kscheck lists update --list eu", "only a sample of 115 entries"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("screen output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCmd(t, db, nil, "lists", "import", filepath.Join(testdata, "eu-excerpt.xml")); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ = runCmd(t, db, nil, "lists", "status")
	if strings.Contains(out, "no eu list is loaded") || !strings.Contains(out, "no uk list is loaded") || !strings.Contains(out, "the eu snapshot is") {
		t.Errorf("status after the EU import:\n%s", out)
	}
}

// TestListsStatusNamesSnapshots: the status names each snapshot as the
// pages do, "UN list of 27 Feb 2026", keeps the id that lists update
// --list takes, and in JSON gives both.
func TestListsStatusNamesSnapshots(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	code, out, errOut := runCmd(t, db, nil, "lists", "status")
	if code != 0 || !regexp.MustCompile(`(?m)^UN list of 27 Feb 2026\s+un\s+\d+\s`).MatchString(out) ||
		!strings.Contains(out, "Lists covered: UN list of 27 Feb 2026") {
		t.Fatalf("status: exit %d, %s %s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, db, nil, "lists", "status", "--json")
	var status struct {
		Snapshots []struct {
			List    screening.ListID `json:"list"`
			Name    string           `json:"name"`
			SHA256  string           `json:"sha256"`
			Entries int              `json:"entries"`
		} `json:"snapshots"`
		Coverage screening.Coverage `json:"coverage"`
	}
	if err := json.Unmarshal([]byte(out), &status); code != 0 || err != nil {
		t.Fatalf("status --json: exit %d, %v: %s %s", code, err, out, errOut)
	}
	found := false
	for _, s := range status.Snapshots {
		if s.List == "un" {
			found = true
			if s.Name != "UN list of 27 Feb 2026" || s.SHA256 == "" || s.Entries == 0 {
				t.Errorf("the UN snapshot in JSON: %+v", s)
			}
		}
	}
	if !found || len(status.Coverage.Lists) != len(status.Snapshots) {
		t.Errorf("status --json: %s", out)
	}
}
