package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var cols = []Column{{Title: "Check"}, {Title: "Title", Width: 40}, {Title: "Decided"}, {Title: "Open"}}

func writeTable(t *testing.T, f Format, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(&buf, f, "Checks", cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var day = time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC)

func TestCSVNeutralisesFormulasAndFormatsDates(t *testing.T) {
	out := writeTable(t, CSV, [][]any{
		{int64(7), "=HYPERLINK(\"http://evil\")", day, true},
		{int64(8), "Plain, with comma", nil, false},
	})
	if !bytes.HasPrefix(out, []byte("\ufeff")) {
		t.Error("no byte order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0][0] != "Check" {
		t.Fatalf("records: %q", recs)
	}
	if got := recs[1][1]; !strings.HasPrefix(got, "'=") {
		t.Errorf("formula not neutralised: %q", got)
	}
	if recs[1][2] != "2025-06-03" || recs[2][2] != "" || recs[1][3] != "yes" {
		t.Errorf("row 1: %q, row 2: %q", recs[1], recs[2])
	}
}

func TestXLSXHasTypedCellsAFrozenHeaderAndWidths(t *testing.T) {
	out := writeTable(t, XLSX, [][]any{
		{int64(7), "Harbin", day, true},
		{int64(8), "Leiden", nil, false},
	})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Checks")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows: %d, want 3", len(rows))
	}
	if typ, _ := f.GetCellType("Checks", "A2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("A2 is %v, want a number", typ)
	}
	raw, _ := f.GetCellValue("Checks", "C2", excelize.Options{RawCellValue: true})
	serial, _ := excelize.ExcelDateToTime(mustFloat(t, raw), false)
	if !serial.Equal(day) {
		t.Errorf("C2 = %q (%v), want the date %v", raw, serial, day)
	}
	style, _ := f.GetCellStyle("Checks", "C2")
	st, _ := f.GetStyle(style)
	if st == nil || st.NumFmt != 14 {
		t.Errorf("C2 is not formatted as a date: %+v", st)
	}
	if typ, _ := f.GetCellType("Checks", "D2"); typ != excelize.CellTypeBool {
		t.Errorf("D2 is %v, want a boolean", typ)
	}
	panes, err := f.GetPanes("Checks")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v, %v", panes, err)
	}
	if w, _ := f.GetColWidth("Checks", "B"); w != 40 {
		t.Errorf("column B width %v, want 40", w)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return f
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat(" XLSX "); err != nil || f != XLSX {
		t.Errorf("XLSX: %v %v", f, err)
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "csv or xlsx") {
		t.Errorf("pdf: %v", err)
	}
}
