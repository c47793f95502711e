package kscheck

// Count is a number of cases under a key (a state, kind, unit path or
// verdict).
type Count struct {
	Key string
	N   int
}

// MonthCount is a number of cases under a key in one month of a
// DashboardFilter's months (Month indexes them).
type MonthCount struct {
	Month int
	Key   string
	N     int
}

// LeadTimeStat summarises the time from the Desk's acceptance to the
// verdict of the cases decided in one month under one deadline.
type LeadTimeStat struct {
	Month    int
	External bool // the 6-week deadline (external advice) applied
	Cases    int
	AvgDays  float64
	Over     int // decided after their deadline
}

// DashboardStats is what the dashboard shows, counted in the database.
// No figure is ever broken down by a person: the grouping keys are
// states, kinds, units, verdicts and months only.
type DashboardStats struct {
	OpenByState []Count // in lifecycle order
	ByKind      []Count
	ByUnitPath  []Count // unit_path as stored ("/root/faculty/institute/")
	Outcomes    []MonthCount
	LeadTimes   []LeadTimeStat
}

// OpsStats are the figures operators watch (Prometheus): no case content,
// only counts.
type OpsStats struct {
	CasesByState     map[string]int
	DeadlinesOverdue int // awaiting a verdict past the Committee's deadline
	DeadlinesNear    int // awaiting a verdict, deadline within the warning period
	MailBacklog      int // e-mail queued, not yet sent nor given up
	WebhookBacklog   int // webhook deliveries queued, not yet delivered nor given up
}

// AnnualGroup counts the checks of one combination of kind, unit and
// outcome.
type AnnualGroup struct {
	Kind      Kind
	UnitPath  string // as stored ("/root/faculty/institute/")
	State     State
	Verdict   Verdict
	Committee bool // it reached the Committee
	N         int
}

// AnnualFigures are the counts behind the annual report: the checks
// started in one period (a cohort), as they stand now. No figure is ever
// broken down by a person.
type AnnualFigures struct {
	Groups    []AnnualGroup
	LeadTimes []LeadTimeStat // Month is unused (0)
	Measures  []Count        // imposed measures by status
	Hits      []Count        // screening candidates by status
}
