// Package notify sends kscheck's e-mail notifications (a check waits for
// you, a verdict was given, a deadline nears) through an outbox: handlers
// put messages into the database in the same transaction as the change
// they report, and a Worker sends them later, retrying with exponential
// backoff. So a message survives a restart or a mail server that is down,
// and no request waits for SMTP.
//
// The outbox is stored by the database layer, which implements Outbox;
// MemOutbox is an in-memory one for tests and demos. Senders are SMTP (for
// production) and Log (demo mode: messages go to the log).
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Message is one e-mail to one recipient.
type Message struct {
	To      string
	Subject string
	Text    string // plain-text body, always present
	HTML    string // optional HTML alternative
}

// Validate reports a message that cannot be sent.
func (m Message) Validate() error {
	if strings.TrimSpace(m.To) == "" || !strings.Contains(m.To, "@") {
		return fmt.Errorf("notify: %q is not an e-mail address", m.To)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return errors.New("notify: the message has no subject")
	}
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return errors.New("notify: recipient and subject must be one line")
	}
	return nil
}

// Sender delivers one message, or says why it could not.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Queued is a message taken from the outbox, with the number of failed
// attempts made before this one.
type Queued struct {
	ID       int64
	Message  Message
	Attempts int
}

// Outbox is the durable queue of messages, kept by the database layer.
//
// Claim returns up to limit messages that are due at now (never sent, not
// given up, retry time reached) and leases them, so that another worker
// does not send them at the same time; a lease that is neither marked
// sent nor failed (the process died) expires and the message becomes due
// again. MarkSent records delivery. MarkFailed records a failed attempt
// with its error, increments the attempts, and makes the message due again
// at retryAt; a zero retryAt means the worker gave up: the message stays in
// the outbox as undeliverable, for people to see, and is never claimed
// again.
type Outbox interface {
	Claim(ctx context.Context, now time.Time, limit int) ([]Queued, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, err string, retryAt time.Time) error
}

// Log is the demo-mode sender: it writes each message to the log instead
// of sending it.
type Log struct {
	Logger *slog.Logger
}

// Send logs m.
func (l Log) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.InfoContext(ctx, "e-mail (demo mode, not sent)", "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
