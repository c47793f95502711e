package kscheck

import "time"

// OverdueMeasure is a measure past its due date, with its case.
type OverdueMeasure struct {
	Measure   *Measure
	CaseTitle string
	UnitPath  []string
	// ProcedureID and ProcedureVersion are the case's procedure, whose
	// catalogue words the measure in each language.
	ProcedureID, ProcedureVersion string
}

// OverdueFilter selects the unfinished measures past their due date, of
// cases not withdrawn: the Desk's list and reminders, and the
// measure.overdue events of other systems, read the same query.
type OverdueFilter struct {
	Before time.Time // due before this instant
	// Imposed keeps the measures a verdict imposed, of decided cases.
	Imposed bool
	// Unannounced keeps the measures whose measure.overdue event was not
	// queued yet for their current due date.
	Unannounced bool
	Limit       int
}
