package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Dashboard counts the cases actor may see (the same rule as ListCases)
// with SQL aggregates. months are the first instants of consecutive
// months, plus the instant that ends the last one; verdicts outside them
// are not counted in the monthly figures.
func (o ops) Dashboard(ctx context.Context, actor kscheck.Actor, months []time.Time) (*kscheck.DashboardStats, error) {
	if len(months) < 2 {
		return nil, fmt.Errorf("dashboard: need at least one month")
	}
	d := &kscheck.DashboardStats{}
	if err := o.countAll(ctx, actor, d); err != nil {
		return nil, err
	}
	var err error
	if d.Outcomes, err = o.outcomes(ctx, actor, months); err != nil {
		return nil, err
	}
	if d.LeadTimes, err = o.leadTimes(ctx, actor, months); err != nil {
		return nil, err
	}
	return d, nil
}

// countAll counts the visible cases by state, kind and unit in one pass
// over the table (the groups are few: states × kinds × units) and folds
// them into the open-by-state, by-kind and by-unit counts.
func (o ops) countAll(ctx context.Context, actor kscheck.Actor, d *kscheck.DashboardStats) error {
	where, args := visibility(actor)
	rows, err := o.q.QueryContext(ctx, `SELECT state, kind, unit_path, COUNT(*) FROM cases WHERE `+where+` GROUP BY state, kind, unit_path`, args...)
	if err != nil {
		return fmt.Errorf("counting cases: %w", err)
	}
	defer rows.Close()
	byState, byKind, byUnit := map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var state, kind, unit string
		var n int
		if err := rows.Scan(&state, &kind, &unit, &n); err != nil {
			return err
		}
		if kscheck.State(state).Open() {
			byState[state] += n
		}
		byKind[kind] += n
		byUnit[unit] += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, st := range kscheck.States { // in lifecycle order
		if n := byState[string(st)]; n > 0 {
			d.OpenByState = append(d.OpenByState, kscheck.Count{Key: string(st), N: n})
		}
	}
	d.ByKind, d.ByUnitPath = sortedCounts(byKind), sortedCounts(byUnit)
	return nil
}

// sortedCounts lists counts by key, in key order.
func sortedCounts(m map[string]int) []kscheck.Count {
	out := make([]kscheck.Count, 0, len(m))
	for k, n := range m {
		out = append(out, kscheck.Count{Key: k, N: n})
	}
	slices.SortFunc(out, func(a, b kscheck.Count) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// monthBucket returns a CASE expression giving the index of the month in
// which col falls, and the condition that col falls in one of them; the
// bounds become parameters in args.
func monthBucket(col string, months []time.Time, args *[]any) (expr, cond string) {
	param := func(t time.Time) string {
		*args = append(*args, micros(t))
		return placeholder(len(*args))
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i < len(months); i++ {
		fmt.Fprintf(&b, " WHEN %s < %s THEN %d", col, param(months[i]), i-1)
	}
	b.WriteString(" END")
	cond = col + " >= " + param(months[0]) + " AND " + col + " < " + param(months[len(months)-1])
	return b.String(), cond
}

// outcomes counts verdicts per month of the verdict.
func (o ops) outcomes(ctx context.Context, actor kscheck.Actor, months []time.Time) ([]kscheck.MonthCount, error) {
	where, args := visibility(actor)
	bucket, in := monthBucket("verdict_at", months, &args)
	rows, err := o.q.QueryContext(ctx, `SELECT `+bucket+` AS month, verdict, COUNT(*) FROM cases
		WHERE `+where+` AND verdict <> '' AND `+in+` GROUP BY 1, verdict ORDER BY 1, verdict`, args...)
	if err != nil {
		return nil, fmt.Errorf("counting verdicts per month: %w", err)
	}
	defer rows.Close()
	var out []kscheck.MonthCount
	for rows.Next() {
		var m kscheck.MonthCount
		if err := rows.Scan(&m.Month, &m.Key, &m.N); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// leadTimes averages the days from acceptance to verdict of decided cases
// per month and deadline, and counts those decided after their deadline.
func (o ops) leadTimes(ctx context.Context, actor kscheck.Actor, months []time.Time) ([]kscheck.LeadTimeStat, error) {
	where, args := visibility(actor)
	bucket, in := monthBucket("verdict_at", months, &args)
	args = append(args, kscheck.CommitteeDeadlineExternal.Microseconds(), kscheck.CommitteeDeadline.Microseconds())
	ext, std := placeholder(len(args)-1), placeholder(len(args))
	rows, err := o.q.QueryContext(ctx, `SELECT `+bucket+` AS month, external_advice, COUNT(*),
		AVG(CAST(verdict_at - accepted_at AS DOUBLE PRECISION)),
		SUM(CASE WHEN verdict_at - accepted_at > (CASE WHEN external_advice THEN CAST(`+ext+` AS BIGINT) ELSE CAST(`+std+` AS BIGINT) END) THEN 1 ELSE 0 END)
		FROM cases WHERE `+where+` AND state = 'decided' AND accepted_at IS NOT NULL AND `+in+`
		GROUP BY 1, external_advice ORDER BY 1, external_advice`, args...)
	if err != nil {
		return nil, fmt.Errorf("measuring lead times: %w", err)
	}
	defer rows.Close()
	var out []kscheck.LeadTimeStat
	for rows.Next() {
		var l kscheck.LeadTimeStat
		var avg float64
		if err := rows.Scan(&l.Month, &l.External, &l.Cases, &avg, &l.Over); err != nil {
			return nil, err
		}
		l.AvgDays = avg / float64(24*time.Hour/time.Microsecond)
		out = append(out, l)
	}
	return out, rows.Err()
}
