package kscheck

import (
	"slices"
	"time"
)

// Kind is the kind of activity a check covers.
type Kind string

// The kinds of activity of the policy.
const (
	KindResearchCollaboration Kind = "research_collaboration"
	KindIncomingDelegation    Kind = "incoming_delegation"
	KindOutgoingDelegation    Kind = "outgoing_delegation"
	KindLectureOutsideEU      Kind = "lecture_outside_eu"
	KindFundingOrGift         Kind = "funding_or_gift"
	KindVisitingResearcher    Kind = "visiting_researcher"
	KindOther                 Kind = "other"
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{
	KindResearchCollaboration, KindIncomingDelegation, KindOutgoingDelegation,
	KindLectureOutsideEU, KindFundingOrGift, KindVisitingResearcher, KindOther,
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Route is what the flowchart answers call for.
type Route string

// Routes, from the lightest to the heaviest.
const (
	RouteNone          Route = ""              // flowchart not answered yet
	RouteCleared       Route = "cleared"       // no "yes": initiator and director may clear it
	RouteSupplementary Route = "supplementary" // a "yes": supplementary questionnaire
	RouteAdvice        Route = "advice"        // the adviser's advice is recommended
	RouteCommittee     Route = "committee"     // the Committee must decide (e.g. a legal stop)
)

// Heavier reports whether r calls for more scrutiny than o.
func (r Route) Heavier(o Route) bool { return routeRank(r) > routeRank(o) }

func routeRank(r Route) int {
	return slices.Index([]Route{RouteNone, RouteCleared, RouteSupplementary, RouteAdvice, RouteCommittee}, r)
}

// Verdict is the Committee's binding decision: exactly one of four.
type Verdict string

// The four verdicts.
const (
	VerdictStart          Verdict = "start"           // risk acceptable
	VerdictPostponed      Verdict = "postponed"       // more information needed
	VerdictWithMitigation Verdict = "with_mitigation" // starts with risk-mitigation measures
	VerdictDoNotStart     Verdict = "do_not_start"    // risk unacceptable
)

// Verdicts lists the four verdicts in the policy's order.
var Verdicts = []Verdict{VerdictStart, VerdictPostponed, VerdictWithMitigation, VerdictDoNotStart}

// Valid reports whether v is one of the four verdicts.
func (v Verdict) Valid() bool { return slices.Contains(Verdicts, v) }

// Track is the procedure family a case runs in; each has its own desk and
// committee.
type Track string

// Term names the track in an error message (see Action.Term).
func (t Track) Term() Term {
	return valueTerm("track", t)
}

// Tracks shipped with kscheck.
const (
	TrackKnowledgeSecurity Track = "knowledge_security"
	TrackFossilFuel        Track = "fossil_fuel"
)

// Deadlines of the policy, counted from the Desk's acceptance of a complete
// submission.
const (
	CommitteeDeadline         = 28 * 24 * time.Hour // 4 weeks
	CommitteeDeadlineExternal = 42 * 24 * time.Hour // 6 weeks with external advice
)

// Case is one knowledge security check.
type Case struct {
	ID          int64
	Version     int64 // optimistic lock: bumped on every change
	Title       string
	Description string
	Kind        Kind
	Track       Track
	State       State
	UnitCode    string
	UnitPath    []string // unit codes from the root down to UnitCode
	InitiatorID int64
	StartsOn    *time.Time // planned period of the collaboration
	EndsOn      *time.Time

	ProcedureID      string // pinned when the case starts
	ProcedureVersion string
	Answers          map[string]any // flowchart and supplementary answers by question id
	Route            Route          // as evaluated from Answers
	InDoubt          bool           // initiator or director remains unsure

	SubmittedAt      *time.Time // last submission to the Desk
	AcceptedAt       *time.Time // Desk accepted it as complete: the clock starts
	FirstReviewerID  int64      // four-eyes: first Desk reviewer
	CosignerID       int64      // the director who co-signed or co-submitted it
	AdviserID        int64      // the faculty adviser who last gave advice
	AssigneeID       int64      // the Desk person who has it
	Conflicts        []int64    // Committee members who declared a conflict of interest (loaded with one case only)
	ReachedCommittee bool       // it has been before the Committee at least once
	ExternalAdvice   bool       // the Committee asked for external advice
	Verdict          Verdict
	VerdictAt        *time.Time
	VerdictText      string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Deadline returns when the Committee must decide, or nil when no clock runs.
func (c *Case) Deadline() *time.Time {
	if c.AcceptedAt == nil {
		return nil
	}
	d := CommitteeDeadline
	if c.ExternalAdvice {
		d = CommitteeDeadlineExternal
	}
	t := c.AcceptedAt.Add(d)
	return &t
}

// Overdue reports whether the Committee's deadline has passed at now while
// the case still waits for a verdict.
func (c *Case) Overdue(now time.Time) bool {
	d := c.Deadline()
	return d != nil && c.State.AwaitsVerdict() && now.After(*d)
}

// PartnerType says whether a partner is an organisation or a person.
type PartnerType string

// Partner types.
const (
	PartnerOrganization PartnerType = "organization"
	PartnerIndividual   PartnerType = "individual"
)

// Term names the type in an error message (see Action.Term).
func (t PartnerType) Term() Term {
	return valueTerm("partner_type", t)
}

// Valid reports whether t is a known partner type.
func (t PartnerType) Valid() bool { return t == PartnerOrganization || t == PartnerIndividual }

// Partner is an organisation or individual that cases collaborate with. A
// partner's Country is the organisation's country (for an individual: of
// their organisation), never a person's nationality.
type Partner struct {
	ID      int64
	Name    string
	Type    PartnerType
	Country string // ISO 3166-1 alpha-2
	Website string
	RORID   string
	// Public marks an organisation whose name the published decision
	// register may show; an administrator decides it.
	Public    bool
	CreatedAt time.Time
}

// MeasureStatus is the follow-up status of a mitigation measure.
type MeasureStatus string

// Term names the status in an error message (see Action.Term).
func (m MeasureStatus) Term() Term {
	return valueTerm("measure", m)
}

// Measure statuses.
const (
	MeasureOpen       MeasureStatus = "open"
	MeasureInProgress MeasureStatus = "in_progress"
	MeasureReported   MeasureStatus = "reported" // the initiator reported it done, with evidence; the Desk reviews it
	MeasureDone       MeasureStatus = "done"     // accepted by the Desk
	MeasureNotDone    MeasureStatus = "not_done"
)

// Valid reports whether s is a known status.
func (s MeasureStatus) Valid() bool {
	return slices.Contains([]MeasureStatus{MeasureOpen, MeasureInProgress, MeasureReported, MeasureDone, MeasureNotDone}, s)
}

// Due reports whether the initiator still has to carry the measure out:
// it was imposed and is neither reported nor settled.
func (m *Measure) Due() bool {
	return m.Imposed && (m.Status == MeasureOpen || m.Status == MeasureInProgress)
}

// Overdue reports whether a due measure's date has passed at now.
func (m *Measure) Overdue(now time.Time) bool {
	return m.Due() && m.DueOn != nil && now.After(m.DueOn.Add(24*time.Hour))
}

// Measure is a risk-mitigation measure proposed on a case or imposed by the
// Committee's verdict, and followed up afterwards.
type Measure struct {
	ID      int64
	CaseID  int64
	Code    string // catalogue code from the procedure, or "" for own words
	Text    string
	Imposed bool // part of the Committee's verdict
	Status  MeasureStatus
	DueOn   *time.Time
	Note    string // the Desk's note when it sent the report back, or a follow-up note
	// Evidence is the initiator's report that the measure was carried out,
	// with an optional document (an attachment of the case).
	Evidence           string
	EvidenceAttachment int64
	ReportedBy         int64
	ReportedAt         *time.Time
	ReviewedBy         int64
	ReviewedAt         *time.Time
	UpdatedAt          time.Time
}
