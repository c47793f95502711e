// Package poll holds the two habits of kscheck's background jobs (the
// e-mail outbox, webhook deliveries, deadline and overdue-measure checks):
// doing something now and then at a steady interval, and waiting longer
// after each failure.
package poll

import (
	"context"
	"time"
)

// Every calls fn at once and then every interval until ctx ends.
func Every(ctx context.Context, interval time.Duration, fn func(context.Context)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		fn(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Backoff is the delay before the retry that follows the given number of
// failed attempts (1 for the first failure): base, doubled each time, at
// most maxDelay.
func Backoff(base, maxDelay time.Duration, failures int) time.Duration {
	d := base
	for i := 1; i < failures && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}
