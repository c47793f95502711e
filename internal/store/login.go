package store

import (
	"context"
	"time"
)

// CountLoginAttempt counts one sign-in attempt under key and returns the
// count within the key's window (a fresh window starts when the last one
// has ended). The count is one statement, so concurrent attempts, on this
// server or another on the same database, each get a count of their own:
// none slips through between a check and a write. Expired keys are swept
// on the way, so the table holds only the keys of live windows.
func (o ops) CountLoginAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	if _, err := o.q.ExecContext(ctx, `DELETE FROM login_attempts WHERE expires_at <= $1`, micros(now)); err != nil {
		return 0, err
	}
	var n int
	err := o.q.QueryRowContext(ctx, `INSERT INTO login_attempts (key, attempts, expires_at) VALUES ($1, 1, $2)
		ON CONFLICT (key) DO UPDATE SET attempts = login_attempts.attempts + 1
		RETURNING attempts`, key, micros(now.Add(window))).Scan(&n)
	return n, err
}

// ForgetLoginAttempts clears the counts of keys (after a correct password).
func (o ops) ForgetLoginAttempts(ctx context.Context, keys ...string) error {
	for _, key := range keys {
		if _, err := o.q.ExecContext(ctx, `DELETE FROM login_attempts WHERE key = $1`, key); err != nil {
			return err
		}
	}
	return nil
}

// RefundLoginAttempt takes back one attempt counted under key (a sign-in
// that succeeded), so that only failures use up the key's limit.
func (o ops) RefundLoginAttempt(ctx context.Context, key string) error {
	_, err := o.q.ExecContext(ctx, `UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0`, key)
	return err
}
