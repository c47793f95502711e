package kscheck

import "time"

// CaseFilter narrows a case list. Zero values mean "any".
type CaseFilter struct {
	States   []State
	Kind     Kind
	UnitCode string // within this unit (or its descendants)
	Text     string // in title or description
	Overdue  time.Time
	Limit    int // default 50
	Offset   int
	// Queue keeps the cases waiting at the Desk or the Committee, ordered
	// by deadline (those not yet accepted, without one, first), instead of
	// all cases by last change.
	Queue bool
	// OpenQuestions keeps the cases whose advice thread has a question
	// that no answer or advice has followed yet.
	OpenQuestions bool
	// ByID orders by id, newest first, and keeps the cases before the
	// cursor BeforeID (0: from the newest): pages that stay stable while
	// cases change, for the API.
	ByID     bool
	BeforeID int64
	// ChangedSince and ChangedBefore bound the last change (zero: open).
	ChangedSince, ChangedBefore time.Time
	// Assignee keeps the cases assigned to this Desk person.
	Assignee int64
}

// CountCap bounds how far ListCases counts: lists show "more than
// CountCap", so that a page costs the same with a thousand cases or a
// million.
const CountCap = 200

// AuditFilter narrows the audit trail; zero fields do not narrow.
type AuditFilter struct {
	CaseID int64
	Person string // part of the name of who acted, any case
	Action string // one action, such as "person.deactivate"
	From   time.Time
	Until  time.Time // exclusive
	Before int64     // only entries older than this one (paging)
	Limit  int       // 0: no limit
}
