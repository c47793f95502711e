package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// OpsStats counts cases by state, deadlines at risk at now (near: due
// before warnUntil) and the queues' backlogs.
func (o ops) OpsStats(ctx context.Context, now, warnUntil time.Time) (*kscheck.OpsStats, error) {
	st := &kscheck.OpsStats{CasesByState: map[string]int{}}
	rows, err := o.q.QueryContext(ctx, `SELECT state, COUNT(*) FROM cases GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("counting cases by state: %w", err)
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return nil, err
		}
		st.CasesByState[s] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = o.q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM cases WHERE `+queueStates+` AND due_at < $1),
		(SELECT COUNT(*) FROM cases WHERE `+queueStates+` AND due_at >= $1 AND due_at < $2),
		(SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND gave_up_at IS NULL),
		(SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NULL AND gave_up_at IS NULL)`,
		micros(now), micros(warnUntil)).Scan(&st.DeadlinesOverdue, &st.DeadlinesNear, &st.MailBacklog, &st.WebhookBacklog)
	if err != nil {
		return nil, fmt.Errorf("counting deadlines and backlogs: %w", err)
	}
	return st, nil
}
