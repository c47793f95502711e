package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/kscheck/kscheck/internal/poll"
)

// Delivery is one event for one endpoint, as claimed from the queue.
type Delivery struct {
	ID         int64
	WebhookID  int64
	URL        string
	Secret     string
	Event      Event
	Body       []byte
	Attempts   int       // failed attempts before this one
	RetryUntil time.Time // after this, a failed delivery is given up
}

// Attempt is the outcome of one post.
type Attempt struct {
	At       time.Time
	Status   int    // the HTTP status; 0 when no answer came
	Err      string // why it failed; "" on success
	Duration time.Duration
}

// OK reports whether the endpoint accepted the delivery (a 2xx answer).
func (a Attempt) OK() bool { return a.Err == "" && a.Status >= 200 && a.Status < 300 }

// Queue is the durable queue of deliveries, kept by the database layer.
// ClaimDeliveries leases up to limit due deliveries so that no other
// worker, in this process or another server, posts them at the same time.
// RecordAttempt logs an attempt and settles the delivery: delivered when
// the attempt succeeded, due again at retryAt, or given up when retryAt
// is zero.
type Queue interface {
	ClaimDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	RecordAttempt(ctx context.Context, id int64, a Attempt, retryAt time.Time) error
}

// Worker posts due deliveries every Interval and retries failures after
// BaseDelay, doubling up to MaxDelay, until the delivery's RetryUntil.
type Worker struct {
	Queue     Queue
	Client    *http.Client // default: 10 s timeout, redirects not followed
	Logger    *slog.Logger
	Interval  time.Duration    // default 10 s
	Batch     int              // default 20
	BaseDelay time.Duration    // default 30 s
	MaxDelay  time.Duration    // default 1 hour
	Now       func() time.Time // default time.Now
}

func (w *Worker) defaults() {
	if w.Client == nil {
		w.Client = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	if w.Interval <= 0 {
		w.Interval = 10 * time.Second
	}
	if w.Batch <= 0 {
		w.Batch = 20
	}
	if w.BaseDelay <= 0 {
		w.BaseDelay = 30 * time.Second
	}
	if w.MaxDelay <= 0 {
		w.MaxDelay = time.Hour
	}
	if w.Now == nil {
		w.Now = time.Now
	}
}

// Backoff is the delay after the given number of failed attempts.
func (w *Worker) Backoff(failures int) time.Duration {
	w.defaults()
	return poll.Backoff(w.BaseDelay, w.MaxDelay, failures)
}

// Run polls until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	poll.Every(ctx, w.Interval, func(ctx context.Context) {
		if _, err := w.Tick(ctx); err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "webhook: queue", "err", err)
		}
	})
}

// Tick claims the due deliveries and posts each once; it returns how many
// were delivered.
func (w *Worker) Tick(ctx context.Context) (delivered int, err error) {
	w.defaults()
	batch, err := w.Queue.ClaimDeliveries(ctx, w.Now(), w.Batch)
	if err != nil {
		return 0, err
	}
	inFlight := context.WithoutCancel(ctx)
	for _, d := range batch {
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
		a := w.post(inFlight, d)
		var retry time.Time
		if a.OK() {
			delivered++
		} else if next := w.Now().Add(w.Backoff(d.Attempts + 1)); !next.After(d.RetryUntil) {
			retry = next
		}
		if !a.OK() {
			w.Logger.WarnContext(ctx, "webhook: delivery failed", "delivery", d.ID, "webhook", d.WebhookID, "event", d.Event,
				"status", a.Status, "attempt", d.Attempts+1, "gave_up", retry.IsZero(), "err", a.Err)
		}
		if err := w.Queue.RecordAttempt(inFlight, d.ID, a, retry); err != nil {
			return delivered, err
		}
	}
	return delivered, nil
}

// post sends d once, signed at the moment of sending.
func (w *Worker) post(ctx context.Context, d Delivery) Attempt {
	start := w.Now()
	a := Attempt{At: start}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		a.Err = err.Error()
		return a
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kscheck-webhook/1")
	req.Header.Set(EventHeader, string(d.Event))
	req.Header.Set(DeliveryHeader, strconv.FormatInt(d.ID, 10))
	req.Header.Set(SignatureHeader, Signature(d.Secret, start, d.Body))
	res, err := w.Client.Do(req)
	a.Duration = time.Since(start)
	if err != nil {
		a.Err = err.Error()
		return a
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	res.Body.Close()
	a.Status = res.StatusCode
	if !a.OK() {
		a.Err = fmt.Sprintf("the endpoint answered %d %s", res.StatusCode, http.StatusText(res.StatusCode))
	}
	return a
}
