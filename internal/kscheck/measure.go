package kscheck

// OverdueMeasure is an imposed measure past its due date, with its case.
type OverdueMeasure struct {
	Measure   *Measure
	CaseTitle string
	UnitPath  []string
}
