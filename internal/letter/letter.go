// Package letter produces the Knowledge Security Committee's verdict letter
// as a PDF, in English or Dutch: the document the initiator and director
// receive and that goes into the record. It takes a plain Data value so
// that it depends on nothing but the domain's verdicts and the texts of the
// i18n catalogs.
package letter

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/pdftext"
)

// Data is everything the letter says.
type Data struct {
	Institution string // letterhead, e.g. "Leiden University"
	Reference   string // case reference, e.g. "KS-2026-0042"
	Title       string // the collaboration's title
	Unit        string // name of the organisational unit
	Initiator   string
	Director    string   // optional
	Partners    []string // as shown, e.g. "Example University (CN)": the organisation's country
	Screening   string   // the lists the partners were screened against, and what that did not cover
	Verdict     kscheck.Verdict
	Reasons     string // the Committee's reasons; for "postponed" the information it needs
	Measures    []Measure
	Chair       string
	Date        time.Time // date of the verdict
}

// Measure is a condition or risk-mitigation measure imposed with the
// verdict.
type Measure struct {
	Text string
	Due  *time.Time
}

// Validate reports what the letter cannot do without.
func (d Data) Validate() error {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"institution", d.Institution}, {"reference", d.Reference}, {"title", d.Title},
		{"unit", d.Unit}, {"initiator", d.Initiator}, {"chair", d.Chair},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("letter: the verdict letter needs the %s", strings.Join(missing, ", "))
	}
	if !d.Verdict.Valid() {
		return fmt.Errorf("letter: %q is not one of the four verdicts", d.Verdict)
	}
	if d.Verdict == kscheck.VerdictWithMitigation && len(d.Measures) == 0 {
		return fmt.Errorf("letter: a verdict with mitigation measures needs at least one measure")
	}
	if d.Date.IsZero() {
		return fmt.Errorf("letter: the verdict letter needs the date of the verdict")
	}
	return nil
}

// PDF renders the letter in L's language.
func PDF(L *i18n.Localizer, d Data) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, L, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const (
	margin = 22.0 // mm
	lineH  = 5.6
)

// Write renders the letter in L's language to w.
func Write(w io.Writer, L *i18n.Localizer, d Data) error {
	if err := d.Validate(); err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdftext.Latin1(pdf.UnicodeTranslatorFromDescriptor(""))
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 24)
	pdf.SetTitle(L.T("letter.subject")+" – "+d.Reference, true)
	pdf.SetAuthor(L.T("committee.name"), true)
	pdf.SetSubject(d.Title, true)
	pdf.SetCreator("kscheck", true)
	pdf.SetCreationDate(d.Date)
	pdf.SetModificationDate(d.Date)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-16)
		pdf.SetFont("Helvetica", "", 8.5)
		pdf.SetTextColor(74, 85, 96)
		pdf.CellFormat(0, 5, tr(d.Reference+" · "+L.T("letter.binding")), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5, tr(L.T("letter.page", pdf.PageNo(), "{nb}")), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()
	width := 210 - 2*margin

	// Letterhead.
	pdf.SetTextColor(0, 17, 88)
	pdf.SetFont("Helvetica", "B", 17)
	pdf.CellFormat(0, 8, tr(d.Institution), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 11)
	pdf.CellFormat(0, 6, tr(L.T("committee.name")), "", 1, "L", false, 0, "")
	pdf.SetDrawColor(0, 17, 88)
	pdf.SetLineWidth(0.6)
	pdf.Line(margin, pdf.GetY()+2, 210-margin, pdf.GetY()+2)
	pdf.Ln(9)

	// Particulars.
	pdf.SetTextColor(27, 31, 36)
	row := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(38, lineH, tr(label), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(width-38, lineH, tr(value), "", "L", false)
	}
	row(L.T("letter.reference"), d.Reference)
	row(L.T("letter.date"), L.Date(d.Date))
	row(L.T("letter.concerning"), d.Title)
	row(L.T("letter.unit"), d.Unit)
	row(L.T("letter.initiator"), d.Initiator)
	row(L.T("letter.director"), d.Director)
	row(L.T("letter.partners"), strings.Join(d.Partners, "\n"))
	row(L.T("case.screening"), d.Screening)
	pdf.Ln(6)

	pdf.SetFont("Helvetica", "B", 13)
	pdf.CellFormat(0, 7, tr(L.T("letter.subject")), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	para := func(s string) {
		pdf.SetFont("Helvetica", "", 10.5)
		pdf.MultiCell(0, lineH, tr(s), "", "L", false)
		pdf.Ln(2.5)
	}
	heading := func(s string) {
		pdf.Ln(1.5)
		pdf.SetFont("Helvetica", "B", 11.5)
		pdf.CellFormat(0, 6.5, tr(s), "", 1, "L", false, 0, "")
	}
	para(L.T("letter.salutation", d.Initiator))
	para(L.T("letter.intro", d.Title))

	// The verdict, framed so that it stands out also in black and white.
	heading(L.T("letter.verdict_heading"))
	pdf.SetFont("Helvetica", "B", 12)
	pdf.SetFillColor(234, 238, 246)
	pdf.SetDrawColor(0, 17, 88)
	pdf.SetLineWidth(0.4)
	pdf.MultiCell(0, 8, tr(L.E(d.Verdict)), "1", "L", true)
	pdf.Ln(3)

	if strings.TrimSpace(d.Reasons) != "" {
		if d.Verdict == kscheck.VerdictPostponed {
			para(L.T("letter.postponed_intro"))
		} else {
			heading(L.T("letter.reasons_heading"))
		}
		para(d.Reasons)
	}

	if len(d.Measures) > 0 {
		heading(L.T("letter.measures_heading"))
		para(L.T("letter.measures_intro"))
		for i, m := range d.Measures {
			text := m.Text
			if m.Due != nil {
				text += " (" + L.T("letter.measure_due", L.Date(*m.Due)) + ")"
			}
			pdf.SetFont("Helvetica", "B", 10.5)
			pdf.CellFormat(8, lineH, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
			pdf.SetFont("Helvetica", "", 10.5)
			pdf.MultiCell(width-8, lineH, tr(text), "", "L", false)
			pdf.Ln(1.5)
		}
		pdf.Ln(1)
	}

	pdf.Ln(2)
	pdf.SetFont("Helvetica", "B", 10.5)
	pdf.MultiCell(0, lineH, tr(L.T("letter.binding")), "", "L", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "", 10.5)
	pdf.MultiCell(0, lineH, tr(L.T("letter.closing")), "", "L", false)
	pdf.MultiCell(0, lineH, tr(L.T("letter.on_behalf")), "", "L", false)
	pdf.Ln(12)
	pdf.SetFont("Helvetica", "B", 10.5)
	pdf.MultiCell(0, lineH, tr(d.Chair), "", "L", false)
	pdf.SetFont("Helvetica", "", 10.5)
	pdf.MultiCell(0, lineH, tr(L.T("letter.chair")+", "+L.T("committee.name")), "", "L", false)

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("letter: rendering the PDF: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("letter: writing the PDF: %w", err)
	}
	return nil
}
