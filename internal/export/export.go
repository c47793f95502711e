// Package export writes tables for spreadsheet programs, as CSV or as XLSX,
// one row at a time: an export of a hundred thousand cases holds one row in
// memory (XLSX rows beyond excelize's buffer go to a temporary file), so
// its cost does not grow with the table.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Format is a file format of an export.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat reads a format name as given in a URL or on the command line;
// an unknown one is an EInvalid *kscheck.Error.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, XLSX:
		return f, nil
	}
	return "", kscheck.Errorf(kscheck.EInvalid, "unknown export format %q: choose csv or xlsx", s).Translated("err.export.format")
}

// ContentType is the media type of files in f.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Column is one column of a table: its heading and its width in
// characters (XLSX only; 0 picks one from the heading).
type Column struct {
	Title string
	Width float64
}

// Writer takes the rows of one table. Cell values are string, int, int64,
// float64, bool, time.Time (a date when it is midnight UTC, otherwise a
// date and time) or nil (an empty cell).
type Writer interface {
	Row(values ...any) error
	// Close finishes the file; nothing is complete before it.
	Close() error
}

// New starts a table in format f on w, with the given columns as its
// header row. sheet names the XLSX worksheet.
func New(w io.Writer, f Format, sheet string, cols []Column) (Writer, error) {
	switch f {
	case CSV:
		return newCSV(w, cols)
	case XLSX:
		return newXLSX(w, sheet, cols)
	}
	return nil, fmt.Errorf("unknown export format %q", f)
}

// csvWriter writes RFC 4180 CSV with a UTF-8 byte order mark, which
// spreadsheet programs need to read UTF-8 rather than a local code page.
// Nothing is written before the first row or Close, so that a refusal
// before the first row can still be answered with an error (as XLSX,
// which is written whole at Close).
type csvWriter struct {
	out  io.Writer
	w    *csv.Writer
	head []string
	buf  []string
}

func newCSV(w io.Writer, cols []Column) (*csvWriter, error) {
	c := &csvWriter{out: w, w: csv.NewWriter(w)}
	for _, col := range cols {
		c.head = append(c.head, col.Title)
	}
	return c, nil
}

// start writes the byte order mark and the header row, once.
func (c *csvWriter) start() error {
	if c.head == nil {
		return nil
	}
	head := c.head
	c.head = nil
	if _, err := io.WriteString(c.out, "\ufeff"); err != nil {
		return err
	}
	return c.w.Write(head)
}

func (c *csvWriter) Row(values ...any) error {
	if err := c.start(); err != nil {
		return err
	}
	c.buf = c.buf[:0]
	for _, v := range values {
		c.buf = append(c.buf, csvCell(v))
	}
	return c.w.Write(c.buf)
}

func (c *csvWriter) Close() error {
	if err := c.start(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

// csvCell formats v for CSV. Text that a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) is prefixed
// with an apostrophe: exported free text must never execute.
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case time.Time:
		if x.IsZero() {
			return ""
		}
		if isDay(x) {
			return x.Format("2006-01-02")
		}
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return ""
		}
		return csvCell(*x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}

// isDay reports whether t is a whole day (midnight UTC): a date, not a
// moment.
func isDay(t time.Time) bool { return t.UTC().Truncate(24 * time.Hour).Equal(t) }

// xlsxWriter streams one worksheet with typed cells, dates as dates (and
// moments as date and time), a bold, frozen header row and column widths.
type xlsxWriter struct {
	out            io.Writer
	f              *excelize.File
	sw             *excelize.StreamWriter
	date, dateTime int
	row            int
	cells          []any
}

func newXLSX(w io.Writer, sheet string, cols []Column) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	x := &xlsxWriter{out: w, f: f, sw: sw, row: 1}
	if x.date, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		return nil, err
	}
	if x.dateTime, err = f.NewStyle(&excelize.Style{NumFmt: 22}); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, col := range cols {
		width := col.Width
		if width == 0 {
			width = max(10, float64(len(col.Title))+2)
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, col := range cols {
		head[i] = excelize.Cell{StyleID: bold, Value: col.Title}
	}
	return x, x.put(head)
}

func (x *xlsxWriter) put(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	x.row++
	return x.sw.SetRow(cell, cells)
}

func (x *xlsxWriter) Row(values ...any) error {
	x.cells = x.cells[:0]
	for _, v := range values {
		if p, ok := v.(*time.Time); ok {
			v = nil
			if p != nil {
				v = *p
			}
		}
		if t, ok := v.(time.Time); ok {
			switch {
			case t.IsZero():
				v = nil
			case isDay(t):
				v = excelize.Cell{StyleID: x.date, Value: t}
			default:
				v = excelize.Cell{StyleID: x.dateTime, Value: t.UTC()}
			}
		}
		x.cells = append(x.cells, v)
	}
	return x.put(x.cells)
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}
