package notify

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/notify/smtptest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// The worker delivers an outbox message to a real SMTP peer and stops with
// its context.
func TestWorkerDeliversThroughSMTPAndStops(t *testing.T) {
	peer := smtptest.New(t)
	s, err := NewSMTP(peerConfig(peer))
	if err != nil {
		t.Fatal(err)
	}
	box := &MemOutbox{}
	id := box.Enqueue(Message{To: "director@example.org", Subject: "A check waits for your co-signature", Text: "Please co-assess."}, time.Time{})
	w := &Worker{Outbox: box, Sender: s, Logger: quiet, Interval: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	got := <-peer.Got
	if got.To != "<director@example.org>" {
		t.Errorf("delivered to %q", got.To)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v", err)
	}
	it, _ := box.Item(id)
	if it.SentAt.IsZero() {
		t.Error("message not marked sent")
	}
	n := len(peer.Messages())
	if n != 1 {
		t.Errorf("%d messages delivered, want exactly 1", n)
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// A refusing server: the message is retried with doubling delays and given
// up after MaxAttempts, never claimed before its retry time.
func TestWorkerRetriesWithBackoffAndGivesUp(t *testing.T) {
	peer := smtptest.New(t)
	peer.RejectRcpt = true
	s, err := NewSMTP(peerConfig(peer))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	c := &clock{start}
	box := &MemOutbox{}
	id := box.Enqueue(Message{To: "a@example.org", Subject: "s", Text: "t"}, start)
	w := &Worker{Outbox: box, Sender: s, Logger: quiet, MaxAttempts: 4, BaseDelay: time.Minute, MaxDelay: 3 * time.Minute, Now: c.now}
	ctx := context.Background()

	wantDelays := []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute} // capped at MaxDelay
	for i, d := range wantDelays {
		sent, failed, err := w.Tick(ctx)
		if err != nil || sent != 0 || failed != 1 {
			t.Fatalf("attempt %d: sent %d failed %d err %v", i+1, sent, failed, err)
		}
		it, _ := box.Item(id)
		if it.Attempts != i+1 || it.GaveUp || !it.DueAt.Equal(c.t.Add(d)) {
			t.Fatalf("attempt %d: attempts %d, gave up %v, due %v, want due %v", i+1, it.Attempts, it.GaveUp, it.DueAt, c.t.Add(d))
		}
		if it.LastError == "" {
			t.Error("error not recorded")
		}
		// Not due yet: nothing is claimed a second before the retry time.
		c.t = it.DueAt.Add(-time.Second)
		if _, failed, _ := w.Tick(ctx); failed != 0 {
			t.Fatalf("attempt %d: retried before its time", i+1)
		}
		c.t = it.DueAt
	}
	if _, failed, _ := w.Tick(ctx); failed != 1 {
		t.Fatal("fourth attempt not made")
	}
	it, _ := box.Item(id)
	if !it.GaveUp || it.Attempts != 4 {
		t.Fatalf("after 4 attempts: gave up %v, attempts %d", it.GaveUp, it.Attempts)
	}
	c.t = c.t.Add(24 * time.Hour)
	if _, failed, _ := w.Tick(ctx); failed != 0 {
		t.Error("a message given up on was tried again")
	}
}

func TestBackoff(t *testing.T) {
	w := &Worker{BaseDelay: time.Minute, MaxDelay: time.Hour}
	for failures, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 7: time.Hour, 60: time.Hour} {
		if got := w.Backoff(failures); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", failures, got, want)
		}
	}
}

type failingOutbox struct{ MemOutbox }

func (f *failingOutbox) MarkSent(context.Context, int64, time.Time) error {
	return errors.New("database is locked")
}

// An outbox error stops the tick and is reported; the lease keeps the
// message from being sent twice at once.
func TestTickReportsOutboxErrors(t *testing.T) {
	box := &failingOutbox{}
	box.Enqueue(Message{To: "a@example.org", Subject: "s"}, time.Time{})
	w := &Worker{Outbox: box, Sender: Log{Logger: quiet}, Logger: quiet}
	if _, _, err := w.Tick(context.Background()); err == nil {
		t.Fatal("outbox error not reported")
	}
	if q, _ := box.Claim(context.Background(), time.Now(), 10); len(q) != 0 {
		t.Error("a leased message was claimed again")
	}
}

func TestLogSender(t *testing.T) {
	var buf testWriter
	l := Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	if err := l.Send(context.Background(), Message{To: "a@example.org", Subject: "Deadline near", Text: "3 days left"}); err != nil {
		t.Fatal(err)
	}
	if !containsAll(string(buf), "a@example.org", "Deadline near", "3 days left") {
		t.Errorf("log: %s", buf)
	}
	if l.Send(context.Background(), Message{To: "x"}) == nil {
		t.Error("invalid message accepted")
	}
}

type testWriter []byte

func (w *testWriter) Write(p []byte) (int, error) { *w = append(*w, p...); return len(p), nil }

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
