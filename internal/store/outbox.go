package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
)

// OutboxLease is how long a claimed message is held by the worker that
// claimed it. A worker that dies mid-send leaves the lease to expire, and
// the message becomes due again.
const OutboxLease = 5 * time.Minute

// maxErrorText bounds the stored error of a failed attempt.
const maxErrorText = 2000

// Enqueue puts m into the outbox, due at due, as part of tx: the message
// exists exactly when the change it reports is committed. caseID names the
// case it is about (0: none). It is a method of Tx only, so that no
// notification can be queued apart from its change.
func (tx *Tx) Enqueue(ctx context.Context, caseID int64, m notify.Message, due time.Time) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	var c any
	if caseID != 0 {
		c = caseID
	}
	var id int64
	err := tx.q.QueryRowContext(ctx, `INSERT INTO outbox (case_id, to_addr, subject, body_text, body_html, created_at, due_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		c, m.To, m.Subject, m.Text, m.HTML, micros(time.Now()), micros(due)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queueing a message to %s: %w", m.To, err)
	}
	return id, nil
}

// Claim implements notify.Outbox: it leases up to limit due messages in
// one statement, oldest first (see leaseDue).
func (s *Store) Claim(ctx context.Context, now time.Time, limit int) ([]notify.Queued, error) {
	rows, err := s.q.QueryContext(ctx, s.leaseDue("outbox", `sent_at IS NULL AND gave_up_at IS NULL`, "id, to_addr, subject, body_text, body_html, attempts"),
		micros(now.Add(OutboxLease)), micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claiming messages from the outbox: %w", err)
	}
	defer rows.Close()
	var out []notify.Queued
	for rows.Next() {
		var q notify.Queued
		if err := rows.Scan(&q.ID, &q.Message.To, &q.Message.Subject, &q.Message.Text, &q.Message.HTML, &q.Attempts); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b notify.Queued) int { return int(a.ID - b.ID) })
	return out, rows.Err()
}

// leaseDue returns the statement that leases, until $1, up to $3 rows of
// table that are pending and due at $2 (due_at reached, no live lease),
// oldest first, returning the columns named. On PostgreSQL the rows are
// picked with FOR UPDATE SKIP LOCKED, so two servers claiming at once get
// different rows; SQLite runs one writer at a time, which gives the same
// guarantee. The picked rows are a materialised CTE: as a plain IN
// (subquery) the planner may run the LIMIT more than once and lease more
// than asked.
func (s *Store) leaseDue(table, pending, returning string) string {
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	due := pending + ` AND due_at <= $2 AND (leased_until IS NULL OR leased_until <= $2)`
	return `WITH picked AS MATERIALIZED (SELECT id FROM ` + table + ` WHERE ` + due + ` ORDER BY due_at, id LIMIT $3` + lock + `)
		UPDATE ` + table + ` SET leased_until = $1 WHERE ` + due + ` AND id IN (SELECT id FROM picked)
		RETURNING ` + returning
}

// MarkSent implements notify.Outbox.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return s.markOne(ctx, id, `UPDATE outbox SET sent_at = $1, leased_until = NULL WHERE id = $2`, micros(at), id)
}

// MarkFailed implements notify.Outbox: one more attempt with its error; due
// again at retryAt, or given up when retryAt is zero.
func (s *Store) MarkFailed(ctx context.Context, id int64, errText string, retryAt time.Time) error {
	if len(errText) > maxErrorText {
		errText = errText[:maxErrorText]
	}
	errText = strings.ToValidUTF8(errText, "?")
	if retryAt.IsZero() {
		return s.markOne(ctx, id, `UPDATE outbox SET attempts = attempts + 1, last_error = $1, leased_until = NULL, gave_up_at = $2 WHERE id = $3`,
			errText, micros(time.Now()), id)
	}
	return s.markOne(ctx, id, `UPDATE outbox SET attempts = attempts + 1, last_error = $1, leased_until = NULL, due_at = $2 WHERE id = $3`,
		errText, micros(retryAt), id)
}

func (o ops) markOne(ctx context.Context, id int64, query string, args ...any) error {
	res, err := o.q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("recording the outcome of %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no row %d to record the outcome of", id)
	}
	return nil
}

// RecentMail returns the newest limit messages of the outbox, newest first.
func (o ops) RecentMail(ctx context.Context, now time.Time, limit int) ([]notify.Mail, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT id, COALESCE(case_id, 0), to_addr, subject, body_text, body_html, created_at, due_at,
		leased_until, attempts, last_error, sent_at, gave_up_at FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the outbox: %w", err)
	}
	defer rows.Close()
	var out []notify.Mail
	for rows.Next() {
		var m notify.Mail
		var created, due int64
		var leased, sent, gaveUp sql.NullInt64
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Message.To, &m.Message.Subject, &m.Message.Text, &m.Message.HTML, &created, &due,
			&leased, &m.Attempts, &m.LastError, &sent, &gaveUp); err != nil {
			return nil, err
		}
		m.CreatedAt, m.DueAt, m.SentAt, m.GaveUpAt = fromMicros(created), fromMicros(due), fromNullMicros(sent), fromNullMicros(gaveUp)
		switch {
		case m.SentAt != nil:
			m.Status = kscheck.MailSent
		case m.GaveUpAt != nil:
			m.Status = kscheck.MailGaveUp
		case leased.Valid && fromMicros(leased.Int64).After(now):
			m.Status = kscheck.MailSending
		default:
			m.Status = kscheck.MailQueued
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
