package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/kscheck/kscheck/internal/chart"
	"github.com/kscheck/kscheck/internal/pdftext"
)

// Format is a file format of the report.
type Format string

// The formats.
const (
	HTML Format = "html"
	PDF  Format = "pdf"
	XLSX Format = "xlsx"
)

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case HTML, PDF, XLSX:
		return f, nil
	}
	return "", fmt.Errorf("unknown report format %q: choose pdf, html or xlsx", s)
}

// ContentType is the media type of files in f.
func (f Format) ContentType() string {
	switch f {
	case PDF:
		return "application/pdf"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/html; charset=utf-8"
}

// Write writes the report in format f.
func (a *Annual) Write(w io.Writer, f Format) error {
	switch f {
	case PDF:
		return a.WritePDF(w)
	case XLSX:
		return a.WriteXLSX(w)
	}
	return a.WriteHTML(w)
}

var body = template.Must(template.New("body").Parse(`<div class="report">
<p class="lead">{{.Scope}}</p>
{{range .Tables}}<section aria-labelledby="report-{{.ID}}">
<h2 id="report-{{.ID}}">{{.Title}}</h2>
{{with .Chart}}{{.}}{{end}}
<table>
<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}{{if eq $i 0}}<th scope="row">{{$c}}</th>{{else}}<td class="num">{{$c}}</td>{{end}}{{end}}</tr>{{end}}</tbody>
</table>
{{with .Note}}<p class="muted">{{.}}</p>{{end}}
</section>
{{end}}<section aria-labelledby="report-procedures">
<h2 id="report-procedures">{{.Labels.Procedures}}</h2>
<ul>{{range .Procedures}}<li>{{.}}</li>{{end}}</ul>
</section>
<section aria-labelledby="report-notes">
<h2 id="report-notes">{{.Labels.Notes}}</h2>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}</ul>
<p class="muted">{{.Generated}}</p>
</section>
</div>`))

// Labels exposes the fixed texts to the templates.
func (a *Annual) Labels() struct{ Procedures, Notes string } {
	return struct{ Procedures, Notes string }{a.labels.procedures, a.labels.notes}
}

// Body is the report as an HTML fragment, for a page that has its own
// layout and stylesheet.
func (a *Annual) Body() (template.HTML, error) {
	var b bytes.Buffer
	if err := body.Execute(&b, a); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:"Liberation Sans",Arial,sans-serif;color:#1b1f24;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{color:#001158}h2{color:#001158;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border-bottom:1px solid #c9ced3;padding:.3rem .8rem;text-align:left}
td.num{text-align:right}.muted{color:#4a5560}figure.chart{margin:0}svg{max-width:100%;height:auto}
details{margin:.3rem 0 1rem}
</style></head>
<body><main><h1>{{.Title}}</h1>{{.Body}}</main></body></html>
`))

// WriteHTML writes the report as a standalone HTML document.
func (a *Annual) WriteHTML(w io.Writer) error {
	b, err := a.Body()
	if err != nil {
		return err
	}
	return page.Execute(w, struct {
		*Annual
		Body template.HTML
	}{a, b})
}

// WriteXLSX writes the report as a workbook: a sheet per table, with the
// counts as numbers where they are shown as numbers.
func (a *Annual) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	put := func(sheet string, row int, values []any, style int) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
		if style != 0 {
			end, _ := excelize.CoordinatesToCellName(len(values), row)
			return f.SetCellStyle(sheet, cell, end, style)
		}
		return nil
	}
	first := f.GetSheetName(0)
	for i, t := range a.Tables {
		sheet := sheetName(i, t.Title)
		if i == 0 {
			if err := f.SetSheetName(first, sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		head := make([]any, len(t.Head))
		for j, h := range t.Head {
			head[j] = h
		}
		if err := put(sheet, 1, head, bold); err != nil {
			return err
		}
		for r, row := range t.Rows {
			values := make([]any, len(row))
			for j, c := range row {
				values[j] = c
				if n, err := strconv.ParseFloat(c, 64); err == nil && j > 0 {
					values[j] = n
				}
			}
			if err := put(sheet, r+2, values, 0); err != nil {
				return err
			}
		}
		if t.Note != "" {
			if err := put(sheet, len(t.Rows)+3, []any{t.Note}, 0); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(sheet, "A", "A", 45); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, "B", "E", 18); err != nil {
			return err
		}
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(a.labels.notes); err != nil {
		return err
	}
	lines := append([]string{a.Title, a.Scope, a.Generated, "", a.labels.procedures}, a.Procedures...)
	lines = append(append(lines, "", a.labels.notes), a.Notes...)
	for i, l := range lines {
		if err := put(a.labels.notes, i+1, []any{l}, 0); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// sheetName makes a worksheet name from a table title: at most 31
// characters, without the characters Excel forbids, unique by position.
func sheetName(i int, title string) string {
	clean := []rune{}
	for _, r := range title {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			continue
		}
		clean = append(clean, r)
	}
	s := strconv.Itoa(i+1) + " " + string(clean)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// WritePDF writes the report as an A4 PDF: each table with its chart drawn
// as horizontal bars in the dashboard's colours above it.
func (a *Annual) WritePDF(w io.Writer) error {
	const margin, lineH = 20.0, 5.5
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdftext.Latin1(pdf.UnicodeTranslatorFromDescriptor(""))
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 22)
	pdf.SetTitle(a.Title, true)
	pdf.SetCreator("kscheck", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("Helvetica", "", 8.5)
		pdf.SetTextColor(74, 85, 96)
		pdf.CellFormat(0, 5, tr(a.Title), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5, tr(fmt.Sprintf(a.labels.page, pdf.PageNo(), "{nb}")), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()
	width := 210 - 2*margin
	pdf.SetTextColor(0, 17, 88)
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, tr(a.Title), "", "L", false)
	pdf.SetTextColor(27, 31, 36)
	pdf.SetFont("Helvetica", "", 10.5)
	pdf.MultiCell(0, lineH, tr(a.Scope), "", "L", false)
	pdf.Ln(4)

	heading := func(s string) {
		if pdf.GetY() > 240 {
			pdf.AddPage()
		}
		pdf.Ln(3)
		pdf.SetTextColor(0, 17, 88)
		pdf.SetFont("Helvetica", "B", 13)
		pdf.MultiCell(0, 7, tr(s), "", "L", false)
		pdf.SetTextColor(27, 31, 36)
		pdf.Ln(1)
	}
	for _, t := range a.Tables {
		heading(t.Title)
		drawBars(pdf, tr, t.Bars, width)
		// Value columns share at most half the width; the labels get the rest.
		col := min(32, width/2/float64(len(t.Head)-1))
		first := width - float64(len(t.Head)-1)*col
		pdf.SetFont("Helvetica", "B", 9)
		for j, h := range t.Head {
			wd, align := col, "R"
			if j == 0 {
				wd, align = first, "L"
			}
			h = fit(pdf, tr(h), wd-1)
			pdf.CellFormat(wd, 6, h, "B", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont("Helvetica", "", 9.5)
		for _, row := range t.Rows {
			for j, c := range row {
				wd, align := col, "R"
				if j == 0 {
					wd, align = first, "L"
				}
				pdf.CellFormat(wd, 5.5, fit(pdf, tr(c), wd-1), "B", 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
		if t.Note != "" {
			pdf.Ln(1)
			pdf.SetFont("Helvetica", "I", 8.5)
			pdf.MultiCell(0, 4.5, tr(t.Note), "", "L", false)
		}
	}
	heading(a.labels.procedures)
	pdf.SetFont("Helvetica", "", 10)
	for _, p := range a.Procedures {
		pdf.MultiCell(0, lineH, tr("• "+p), "", "L", false)
	}
	heading(a.labels.notes)
	pdf.SetFont("Helvetica", "", 9.5)
	for _, n := range append(a.Notes, a.Generated) {
		pdf.MultiCell(0, 5, tr(n), "", "L", false)
		pdf.Ln(1)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: rendering the PDF: %w", err)
	}
	return pdf.Output(w)
}

// drawBars draws bars as the dashboard does: one per value, labelled with
// its category on the left and its value at its end, in the first colour
// of the dashboard's palette.
func drawBars(pdf *fpdf.Fpdf, tr func(string) string, bars []Bar, width float64) {
	if len(bars) == 0 {
		return
	}
	const barH, gap, labelW = 5.0, 2.0, 72.0
	top := 0.0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	if pdf.GetY()+float64(len(bars))*(barH+gap) > 270 {
		pdf.AddPage()
	}
	r, g, bl := hexColour(chart.Palette[0])
	x0, span := pdf.GetX()+labelW, width-labelW-14
	pdf.SetFont("Helvetica", "", 9)
	for _, b := range bars {
		y := pdf.GetY()
		pdf.SetTextColor(27, 31, 36)
		pdf.CellFormat(labelW-2, barH, fit(pdf, tr(b.Label), labelW-3), "", 0, "R", false, 0, "")
		wd := span * b.Value / top
		pdf.SetFillColor(r, g, bl)
		pdf.Rect(x0, y, wd, barH, "F")
		pdf.SetXY(x0+wd+1.5, y)
		pdf.CellFormat(12, barH, strconv.FormatFloat(b.Value, 'f', -1, 64), "", 0, "L", false, 0, "")
		pdf.SetXY(x0-labelW, y+barH+gap)
	}
	pdf.Ln(2)
}

// fit shortens s (already in the PDF's code page) with an ellipsis until
// it is at most width wide in the current font.
func fit(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []byte(s)
	for len(r) > 1 && pdf.GetStringWidth(string(r)+"\x85") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "\x85"
}

// hexColour reads "#rrggbb".
func hexColour(s string) (r, g, b int) {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}
