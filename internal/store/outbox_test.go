package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/notify/smtptest"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// enqueue queues n messages due at due, in one transaction.
func enqueue(t *testing.T, s *store.Store, n int, due time.Time) []int64 {
	t.Helper()
	var ids []int64
	err := s.InTx(context.Background(), func(tx *store.Tx) error {
		for i := range n {
			id, err := tx.Enqueue(context.Background(), 0, notify.Message{To: fmt.Sprintf("p%d@example.org", i), Subject: fmt.Sprintf("Message %d", i), Text: "t"}, due)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func claimIDs(t *testing.T, s *store.Store, now time.Time, limit int) []int64 {
	t.Helper()
	qs, err := s.Claim(context.Background(), now, limit)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	return ids
}

func TestOutboxClaimLeasesAndRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		ids := enqueue(t, s, 3, t0)
		enqueue(t, s, 1, t0.Add(time.Hour)) // not due yet

		if got := claimIDs(t, s, t0, 2); fmt.Sprint(got) != fmt.Sprint(ids[:2]) {
			t.Fatalf("first claim %v, want %v", got, ids[:2])
		}
		if got := claimIDs(t, s, t0, 10); fmt.Sprint(got) != fmt.Sprint(ids[2:]) {
			t.Fatalf("second claim %v, want the one not leased, %v", got, ids[2:])
		}
		if got := claimIDs(t, s, t0.Add(time.Minute), 10); len(got) != 0 {
			t.Fatalf("leased messages claimed again: %v", got)
		}
		// A worker that died: its leases expire and the messages are due again.
		later := t0.Add(store.OutboxLease)
		if got := claimIDs(t, s, later, 10); fmt.Sprint(got) != fmt.Sprint(ids) {
			t.Fatalf("after the lease expired: %v, want %v", got, ids)
		}
		if err := s.MarkSent(ctx, ids[0], later); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkFailed(ctx, ids[1], "451 try again later", later.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkFailed(ctx, ids[2], "550 no such user", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkSent(ctx, 999999, later); err == nil {
			t.Error("marking a message that does not exist succeeded")
		}
		// Sent and given-up messages are never claimed again; the failed
		// one only at its retry time, with its attempt counted.
		got := claimIDs(t, s, later.Add(time.Hour), 10)
		if len(got) != 1 || got[0] == ids[1] {
			t.Fatalf("an hour later: %v, want only the message queued for then", got)
		}
		if err := s.MarkSent(ctx, got[0], later.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		qs, err := s.Claim(ctx, later.Add(3*time.Hour), 10)
		if err != nil || len(qs) != 1 || qs[0].ID != ids[1] || qs[0].Attempts != 1 {
			t.Fatalf("at the retry time: %+v, %v", qs, err)
		}
		mail, err := s.RecentMail(ctx, later.Add(3*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		status := map[int64]kscheck.MailStatus{}
		for _, m := range mail {
			status[m.ID] = m.Status
			if m.ID == ids[2] && (m.LastError != "550 no such user" || m.Attempts != 1 || m.GaveUpAt == nil) {
				t.Errorf("given-up message: %+v", m)
			}
		}
		for id, st := range map[int64]kscheck.MailStatus{ids[0]: kscheck.MailSent, ids[1]: kscheck.MailSending, ids[2]: kscheck.MailGaveUp} {
			if status[id] != st {
				t.Errorf("message %d: status %s, want %s", id, status[id], st)
			}
		}
	})
}

// A message exists exactly when its transaction commits.
func TestOutboxQueuesOnlyWithACommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		boom := errors.New("the change failed")
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Enqueue(ctx, 0, notify.Message{To: "a@example.org", Subject: "s", Text: "t"}, t0); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v", err)
		}
		if mail, err := s.RecentMail(ctx, t0, 10); err != nil || len(mail) != 0 {
			t.Errorf("a rolled-back change left %d messages (%v)", len(mail), err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Enqueue(ctx, 0, notify.Message{To: "not an address", Subject: "s"}, t0)
			return err
		})
		if err == nil {
			t.Error("a message without a valid recipient was queued")
		}
	})
}

// Two kscheck processes on one database claim at the same moment, over and
// over: every message is claimed by exactly one of them.
func TestOutboxTwoClaimersNeverShareAMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		other, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		const total = 120
		enqueue(t, s, total, t0)
		var mu sync.Mutex
		claimed := map[int64]int{}
		var wg sync.WaitGroup
		for w := range 6 {
			db := s
			if w%2 == 1 {
				db = other
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					qs, err := db.Claim(context.Background(), t0, 5)
					if err != nil {
						t.Error(err)
						return
					}
					if len(qs) == 0 {
						return
					}
					mu.Lock()
					for _, q := range qs {
						claimed[q.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(claimed) != total {
			t.Errorf("%d of %d messages claimed", len(claimed), total)
		}
		for id, n := range claimed {
			if n != 1 {
				t.Errorf("message %d claimed %d times", id, n)
			}
		}
	})
}

// The worker on the database outbox: a refusing mail server makes it retry
// with doubling delays and give up after MaxAttempts; the message stays,
// marked undeliverable.
func TestWorkerRetriesAndGivesUpOnTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		peer := smtptest.New(t)
		peer.RejectRcpt = true
		host, port := peer.HostPort()
		sender, err := notify.NewSMTP(notify.SMTPConfig{Host: host, Port: port, From: "desk@example.org", TLS: notify.TLSNone, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		now := t0
		w := &notify.Worker{Outbox: s, Sender: sender, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			MaxAttempts: 3, BaseDelay: time.Minute, MaxDelay: time.Hour, Now: func() time.Time { return now }}
		ids := enqueue(t, s, 1, t0)
		for i, delay := range []time.Duration{time.Minute, 2 * time.Minute, 0} {
			if sent, failed, err := w.Tick(ctx); sent != 0 || failed != 1 || err != nil {
				t.Fatalf("attempt %d: sent %d, failed %d, %v", i+1, sent, failed, err)
			}
			if sent, failed, _ := w.Tick(ctx); sent+failed != 0 {
				t.Fatalf("attempt %d: retried before its time", i+1)
			}
			if delay != 0 {
				now = now.Add(delay - time.Second)
				if _, failed, _ := w.Tick(ctx); failed != 0 {
					t.Fatalf("attempt %d: retried a second early", i+1)
				}
				now = now.Add(time.Second)
			}
		}
		now = now.Add(24 * time.Hour)
		if sent, failed, _ := w.Tick(ctx); sent+failed != 0 {
			t.Error("a message given up was tried again")
		}
		mail, err := s.RecentMail(ctx, now, 10)
		if err != nil || len(mail) != 1 || mail[0].ID != ids[0] || mail[0].Status != kscheck.MailGaveUp || mail[0].Attempts != 3 || mail[0].LastError == "" {
			t.Errorf("after giving up: %+v, %v", mail, err)
		}
	})
}
