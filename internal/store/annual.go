package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Annual counts the checks actor may see that were started in [from, to),
// within unit (any when ""), in a few grouped queries.
func (o ops) Annual(ctx context.Context, actor kscheck.Actor, from, to time.Time, unit string) (*kscheck.AnnualFigures, error) {
	cohort, args := visibility(actor)
	args = append(args, micros(from), micros(to))
	cohort += fmt.Sprintf(" AND created_at >= %s AND created_at < %s", placeholder(len(args)-1), placeholder(len(args)))
	if unit != "" {
		args = append(args, "%/"+likeEscape(unit)+"/%")
		cohort += ` AND unit_path LIKE ` + placeholder(len(args)) + ` ESCAPE '\'`
	}
	a := &kscheck.AnnualFigures{}
	rows, err := o.q.QueryContext(ctx, `SELECT kind, unit_path, state, verdict, reached_committee, COUNT(*) FROM cases WHERE `+cohort+`
		GROUP BY kind, unit_path, state, verdict, reached_committee ORDER BY kind, unit_path, state, verdict`, args...)
	if err != nil {
		return nil, fmt.Errorf("counting the year's checks: %w", err)
	}
	for rows.Next() {
		var g kscheck.AnnualGroup
		var kind, state, verdict string
		if err := rows.Scan(&kind, &g.UnitPath, &state, &verdict, &g.Committee, &g.N); err != nil {
			rows.Close()
			return nil, err
		}
		g.Kind, g.State, g.Verdict = kscheck.Kind(kind), kscheck.State(state), kscheck.Verdict(verdict)
		a.Groups = append(a.Groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	n := len(args)
	largs := append(append([]any{}, args...), kscheck.CommitteeDeadlineExternal.Microseconds(), kscheck.CommitteeDeadline.Microseconds())
	ext, std := placeholder(n+1), placeholder(n+2)
	rows, err = o.q.QueryContext(ctx, `SELECT external_advice, COUNT(*), AVG(CAST(verdict_at - accepted_at AS DOUBLE PRECISION)),
		SUM(CASE WHEN verdict_at - accepted_at > (CASE WHEN external_advice THEN CAST(`+ext+` AS BIGINT) ELSE CAST(`+std+` AS BIGINT) END) THEN 1 ELSE 0 END)
		FROM cases WHERE `+cohort+` AND state = 'decided' AND accepted_at IS NOT NULL AND verdict_at IS NOT NULL
		GROUP BY external_advice ORDER BY external_advice`, largs...)
	if err != nil {
		return nil, fmt.Errorf("measuring the year's lead times: %w", err)
	}
	for rows.Next() {
		var l kscheck.LeadTimeStat
		var avg float64
		if err := rows.Scan(&l.External, &l.Cases, &avg, &l.Over); err != nil {
			rows.Close()
			return nil, err
		}
		l.AvgDays = avg / float64(24*time.Hour/time.Microsecond)
		a.LeadTimes = append(a.LeadTimes, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if a.Measures, err = o.counts(ctx, `SELECT status, COUNT(*) FROM measures WHERE imposed AND case_id IN (SELECT id FROM cases WHERE `+cohort+`) GROUP BY status`, args); err != nil {
		return nil, fmt.Errorf("counting the year's measures: %w", err)
	}
	if a.Hits, err = o.counts(ctx, `SELECT status, COUNT(*) FROM screening_hits WHERE case_id IN (SELECT id FROM cases WHERE `+cohort+`) GROUP BY status`, args); err != nil {
		return nil, fmt.Errorf("counting the year's screening hits: %w", err)
	}
	return a, nil
}

// counts runs a query of (key, count) rows.
func (o ops) counts(ctx context.Context, query string, args []any) ([]kscheck.Count, error) {
	rows, err := o.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kscheck.Count
	for rows.Next() {
		var c kscheck.Count
		if err := rows.Scan(&c.Key, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
