package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestLoginUnderAttack: forty wrong passwords at once for one account
// from one address are throttled atomically, and never more hashes run at
// once than the hasher allows; a correct password from elsewhere still
// works; unknown accounts are hashed too; and a second server on the
// same database shares the counts.
func TestLoginUnderAttack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc, _ := setup(t, s)
		const account = "chair@demo.kscheck.org"
		statuses := map[string]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				_, _, err := svc.Login(ctx, account, "wrong password", "203.0.113.7")
				mu.Lock()
				switch {
				case errors.Is(err, auth.ErrBusy):
					statuses["busy"]++ // waited too long for a free hasher
				default:
					statuses[string(kscheck.ErrorCode(err))]++
				}
				mu.Unlock()
			})
		}
		wg.Wait()
		// Exactly the limit is let through to the password check (where
		// some may find every hasher busy); all others are refused unhashed.
		limit := svc.Limits.PerAccountAddress
		wrong := statuses[string(kscheck.EUnauthenticated)]
		if wrong == 0 || wrong+statuses["busy"] != limit || statuses[string(kscheck.ETooMany)] != 40-limit {
			t.Errorf("40 concurrent wrong passwords: %v, want %d let through and %d refused as too many", statuses, limit, 40-limit)
		}
		computed, peak := svc.Hasher.Stats()
		if computed != int64(wrong) || peak > 4 {
			t.Errorf("%d passwords hashed, at most %d at once; want %d, at most 4", computed, peak, wrong)
		}
		// The right password from the attacker's address is refused too ...
		if _, _, err := svc.Login(ctx, account, demo.Password, "203.0.113.7"); kscheck.ErrorCode(err) != kscheck.ETooMany {
			t.Errorf("the right password from the throttled address: %v, want too many", err)
		}
		// ... but not from the chair's own address.
		if _, _, err := svc.Login(ctx, account, demo.Password, "198.51.100.20"); err != nil {
			t.Errorf("the chair cannot sign in from another address: %v", err)
		}
		// Successful sign-ins from one address (an office behind one
		// router) do not use up the address's limit.
		for i := range svc.Limits.PerAddress + 1 {
			if _, _, err := svc.Login(ctx, "desk2@demo.kscheck.org", demo.Password, "198.51.100.99"); err != nil {
				t.Fatalf("sign-in %d from one address: %v", i+1, err)
			}
		}
		// An unknown account costs a hash like a known one.
		before, _ := svc.Hasher.Stats()
		if _, _, err := svc.Login(ctx, "nobody@demo.kscheck.org", "wrong password", "198.51.100.21"); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
			t.Errorf("an unknown account: %v", err)
		}
		if after, _ := svc.Hasher.Stats(); after != before+1 {
			t.Errorf("an unknown account was answered without hashing")
		}
		// A second server on the same database counts with the first.
		s2, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		svc2 := service.New(s2, svc.Procedures, slog.New(slog.NewTextHandler(io.Discard, nil)))
		for i := range limit {
			srv := svc
			if i%2 == 1 {
				srv = svc2
			}
			if _, _, err := srv.Login(ctx, "desk@demo.kscheck.org", "wrong password", "192.0.2.9"); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		if _, _, err := svc2.Login(ctx, "desk@demo.kscheck.org", "wrong password", "192.0.2.9"); kscheck.ErrorCode(err) != kscheck.ETooMany {
			t.Errorf("attempts split over two servers were not counted together: %v", err)
		}
	})
}
