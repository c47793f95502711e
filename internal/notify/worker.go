package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/kscheck/kscheck/internal/poll"
)

// Worker sends the outbox's due messages: it claims a batch every
// Interval, sends each, and records the outcome. A failed message is
// retried after BaseDelay, then twice as long each time up to MaxDelay,
// and given up after MaxAttempts attempts.
type Worker struct {
	Outbox Outbox
	Sender Sender
	Logger *slog.Logger

	Interval    time.Duration    // between polls; default 30s
	Batch       int              // messages per poll; default 20
	MaxAttempts int              // attempts before giving up; default 8
	BaseDelay   time.Duration    // first retry delay; default 1 minute
	MaxDelay    time.Duration    // longest retry delay; default 6 hours
	Now         func() time.Time // default time.Now
}

func (w *Worker) defaults() {
	if w.Interval <= 0 {
		w.Interval = 30 * time.Second
	}
	if w.Batch <= 0 {
		w.Batch = 20
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 8
	}
	if w.BaseDelay <= 0 {
		w.BaseDelay = time.Minute
	}
	if w.MaxDelay <= 0 {
		w.MaxDelay = 6 * time.Hour
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
}

// Backoff is the delay before the retry that follows the given number of
// failed attempts (1 for the first failure).
func (w *Worker) Backoff(failures int) time.Duration {
	w.defaults()
	return poll.Backoff(w.BaseDelay, w.MaxDelay, failures)
}

// Run polls until ctx is done, then returns nil. Errors of the outbox are
// logged and retried at the next poll, so a database hiccup does not stop
// notifications.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	poll.Every(ctx, w.Interval, func(ctx context.Context) {
		if _, _, err := w.Tick(ctx); err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "notify: outbox", "err", err)
		}
	})
	return nil
}

// Tick does one poll: it claims the due messages and sends them one by
// one. It returns how many were sent and how many failed. When ctx ends
// mid-batch, the message being sent is finished and recorded (the sender's
// own timeout bounds it), so that a shutdown neither cuts a delivery short
// nor sends it twice; the rest of the batch waits for its lease to expire.
func (w *Worker) Tick(ctx context.Context) (sent, failed int, err error) {
	w.defaults()
	batch, err := w.Outbox.Claim(ctx, w.Now(), w.Batch)
	if err != nil {
		return 0, 0, err
	}
	inFlight := context.WithoutCancel(ctx)
	for _, q := range batch {
		if ctx.Err() != nil {
			return sent, failed, ctx.Err()
		}
		ctx := inFlight
		if serr := w.Sender.Send(ctx, q.Message); serr != nil {
			failed++
			attempts := q.Attempts + 1
			var retry time.Time
			if attempts < w.MaxAttempts {
				retry = w.Now().Add(w.Backoff(attempts))
			}
			w.Logger.WarnContext(ctx, "notify: sending failed", "id", q.ID, "to", q.Message.To,
				"attempt", attempts, "gave_up", retry.IsZero(), "retry_at", retry, "err", serr)
			if err := w.Outbox.MarkFailed(ctx, q.ID, serr.Error(), retry); err != nil {
				return sent, failed, err
			}
			continue
		}
		sent++
		if err := w.Outbox.MarkSent(ctx, q.ID, w.Now()); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}
