package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/webhook"
)

// WebhookLease is how long a claimed delivery is held by its worker: longer
// than a batch of posts can take (20 of at most 10 seconds each), so that
// no other server takes a delivery its worker is still about to post.
const WebhookLease = 5 * time.Minute

func scanWebhook(row scanner) (*webhook.Endpoint, error) {
	var w webhook.Endpoint
	var events string
	var created int64
	if err := row.Scan(&w.ID, &w.URL, &events, &w.Secret, &w.Active, &w.CreatedBy, &created); err != nil {
		return nil, err
	}
	for _, e := range strings.Fields(events) {
		w.Events = append(w.Events, webhook.Event(e))
	}
	w.CreatedAt = fromMicros(created)
	return &w, nil
}

const webhookColumns = `id, url, events, secret, active, created_by, created_at`

// AddWebhook registers w and sets w.ID; an endpoint already registered is
// an EConflict error.
func (o *Tx) AddWebhook(ctx context.Context, w *webhook.Endpoint) error {
	o.recordChange("webhook.add")
	var n int
	if err := o.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhooks WHERE url = $1`, w.URL).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return kscheck.Errorf(kscheck.EConflict, "the endpoint %s is registered already; remove it first to register it again", w.URL).Translated("err.webhook.exists")
	}
	events := make([]string, len(w.Events))
	for i, e := range w.Events {
		events[i] = string(e)
	}
	return o.q.QueryRowContext(ctx, `INSERT INTO webhooks (url, events, secret, active, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		w.URL, strings.Join(events, " "), w.Secret, w.Active, w.CreatedBy, micros(w.CreatedAt)).Scan(&w.ID)
}

// Webhooks returns every registered endpoint, active or not.
func (o ops) Webhooks(ctx context.Context) ([]*webhook.Endpoint, error) {
	return collect(ctx, o.q, scanWebhook, `SELECT `+webhookColumns+` FROM webhooks ORDER BY id`)
}

// Webhook returns one endpoint.
func (o ops) Webhook(ctx context.Context, id int64) (*webhook.Endpoint, error) {
	w, err := scanWebhook(o.q.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no webhook number %d", id).Translated("err.webhook.not_found")
	}
	return w, err
}

// RemoveWebhook removes an endpoint with its deliveries.
func (o *Tx) RemoveWebhook(ctx context.Context, id int64) error {
	o.recordChange("webhook.remove")
	res, err := o.q.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.ENotFound, "there is no webhook number %d", id).Translated("err.webhook.not_found")
	}
	return nil
}

// EnqueueDelivery queues body for endpoint hook as part of tx, due at
// now and retried until now+window.
func (tx *Tx) EnqueueDelivery(ctx context.Context, hook int64, ev webhook.Event, caseID int64, body []byte, now time.Time, window time.Duration) error {
	var c any
	if caseID != 0 {
		c = caseID
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, event, case_id, body, created_at, due_at, retry_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, hook, string(ev), c, string(body), micros(now), micros(now), micros(now.Add(window)))
	if err != nil {
		return fmt.Errorf("queueing a %s webhook: %w", ev, err)
	}
	return nil
}

// ClaimDeliveries implements webhook.Queue (see leaseDue).
func (s *Store) ClaimDeliveries(ctx context.Context, now time.Time, limit int) ([]webhook.Delivery, error) {
	rows, err := s.q.QueryContext(ctx, s.leaseDue("webhook_deliveries", `delivered_at IS NULL AND gave_up_at IS NULL`,
		"id, webhook_id, event, body, attempts, retry_until"), micros(now.Add(WebhookLease)), micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claiming webhook deliveries: %w", err)
	}
	var out []webhook.Delivery
	for rows.Next() {
		var d webhook.Delivery
		var ev, body string
		var until int64
		if err := rows.Scan(&d.ID, &d.WebhookID, &ev, &body, &d.Attempts, &until); err != nil {
			rows.Close()
			return nil, err
		}
		d.Event, d.Body, d.RetryUntil = webhook.Event(ev), []byte(body), fromMicros(until)
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b webhook.Delivery) int { return int(a.ID - b.ID) })
	for i := range out {
		w, err := s.Webhook(ctx, out[i].WebhookID)
		if err != nil {
			return nil, err
		}
		out[i].URL, out[i].Secret = w.URL, w.Secret
	}
	return out, nil
}

// RecordAttempt implements webhook.Queue.
func (s *Store) RecordAttempt(ctx context.Context, id int64, a webhook.Attempt, retryAt time.Time) error {
	errText := strings.ToValidUTF8(a.Err, "?")
	if len(errText) > maxErrorText {
		errText = errText[:maxErrorText]
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_us) VALUES ($1, $2, $3, $4, $5)`,
			id, micros(a.At), a.Status, errText, a.Duration.Microseconds()); err != nil {
			return fmt.Errorf("logging webhook attempt of delivery %d: %w", id, err)
		}
		settle := `, delivered_at = $3`
		var when any = micros(a.At)
		switch {
		case a.OK():
		case retryAt.IsZero():
			settle = `, gave_up_at = $3`
		default:
			settle, when = `, due_at = $3`, micros(retryAt)
		}
		attempts := ""
		if !a.OK() {
			attempts = `attempts = attempts + 1, `
		}
		return tx.markOne(ctx, id, `UPDATE webhook_deliveries SET `+attempts+`leased_until = NULL, last_status = $1, last_error = $2`+settle+` WHERE id = $4`,
			a.Status, errText, when, id)
	})
}

// ResendDelivery makes a delivery due again now, with a fresh retry window.
func (o *Tx) ResendDelivery(ctx context.Context, id int64, now time.Time, window time.Duration) error {
	o.recordChange("webhook.resend")
	res, err := o.q.ExecContext(ctx, `UPDATE webhook_deliveries SET delivered_at = NULL, gave_up_at = NULL, leased_until = NULL,
		due_at = $1, retry_until = $2 WHERE id = $3`, micros(now), micros(now.Add(window)), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kscheck.Errorf(kscheck.ENotFound, "there is no webhook delivery number %d", id).Translated("err.webhook.no_delivery")
	}
	return nil
}

// RecentDeliveries returns the newest limit deliveries, newest first,
// each with its attempts.
func (o ops) RecentDeliveries(ctx context.Context, limit int) ([]*webhook.DeliveryRecord, error) {
	ds, err := collect(ctx, o.q, func(r scanner) (*webhook.DeliveryRecord, error) {
		var d webhook.DeliveryRecord
		var ev string
		var created, due int64
		var delivered, gaveUp sql.NullInt64
		if err := r.Scan(&d.ID, &d.WebhookID, &d.CaseID, &ev, &d.Body, &created, &due, &delivered, &gaveUp); err != nil {
			return nil, err
		}
		d.Event, d.CreatedAt, d.DueAt, d.Status = webhook.Event(ev), fromMicros(created), fromMicros(due), kscheck.DeliveryQueued
		if delivered.Valid {
			d.Status = kscheck.DeliveryDelivered
		} else if gaveUp.Valid {
			d.Status = kscheck.DeliveryGaveUp
		}
		return &d, nil
	}, `SELECT id, webhook_id, COALESCE(case_id, 0), event, body, created_at, due_at, delivered_at, gave_up_at
		FROM webhook_deliveries ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("reading webhook deliveries: %w", err)
	}
	for _, d := range ds {
		d.Attempts, err = collect(ctx, o.q, func(r scanner) (webhook.Attempt, error) {
			var a webhook.Attempt
			var at, us int64
			err := r.Scan(&at, &a.Status, &a.Err, &us)
			a.At, a.Duration = fromMicros(at), time.Duration(us)*time.Microsecond
			return a, err
		}, `SELECT at, status, error, duration_us FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`, d.ID)
		if err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// RecordMeasureOverdue notes that the overdue event of a measure was
// queued for its due date; it reports false when it was already.
func (tx *Tx) RecordMeasureOverdue(ctx context.Context, m kscheck.Measure, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO measure_overdue_events (measure_id, due_on, queued_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		m.ID, micros(*m.DueOn), micros(now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
