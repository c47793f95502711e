package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

func TestCountSuppressesSmallCells(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "< 5", 4: "< 5", 5: "5", 120: "120"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestSmallCategoriesAreNeitherShownNorDrawn: a kind with three checks
// reads "< 5" in its table and has no bar, so no chart gives it away.
func TestSmallCategoriesAreNeitherShownNorDrawn(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	f := &kscheck.AnnualFigures{Groups: []kscheck.AnnualGroup{
		{Kind: kscheck.KindResearchCollaboration, UnitPath: "/leiden/science/liacs/", State: kscheck.StateCleared, N: 12},
		{Kind: kscheck.KindFundingOrGift, UnitPath: "/leiden/science/liacs/", State: kscheck.StateDecided, Verdict: kscheck.VerdictDoNotStart, Committee: true, N: 3},
	}}
	a := Build(b.Localizer("en"), f, Input{Year: 2025, Now: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)})
	var kinds Table
	for _, tb := range a.Tables {
		if tb.ID == "kind" {
			kinds = tb
		}
	}
	rows := map[string]string{}
	for _, r := range kinds.Rows {
		rows[r[0]] = r[1]
	}
	if rows["Research collaboration"] != "12" || rows["Funding, gift or donation from abroad"] != "< 5" {
		t.Errorf("kind rows: %v", rows)
	}
	for _, bar := range kinds.Bars {
		if bar.Value < MinCell {
			t.Errorf("a bar of %v gives a suppressed count away", bar.Value)
		}
	}
	var html bytes.Buffer
	if err := a.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "&lt; 5") || !strings.Contains(html.String(), "<svg") {
		t.Error("the HTML report lacks the suppressed cell or the chart")
	}
}
