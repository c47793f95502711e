package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestTwoServersOnOnePostgres runs two kscheck servers (each its own
// connection pool, service and web handler) on one PostgreSQL database and
// checks what scaling out needs: a procedure version activated on one
// reaches the other, so does a list imported on one, a scheduled job runs on one of them only, the outbox
// hands each message to one of them, and both report readiness.
func TestTwoServersOnOnePostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	// Both start at once on an empty database: the schema is migrated
	// once, the other waiting for it.
	var stores [2]*store.Store
	var wg sync.WaitGroup
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Errorf("server %d: %v", i+1, err)
				return
			}
			t.Cleanup(func() { s.Close() })
			stores[i] = s
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	server := func(s *store.Store) (string, *service.Service) {
		ts, svc := newApp(t, s)
		return ts.URL, svc
	}
	url1, one := server(stores[0])
	url2, two := server(stores[1])

	t.Run("procedures", func(t *testing.T) {
		p, err := stores[0].PersonByEmail(ctx, "admin@demo.kscheck.org")
		if err != nil {
			t.Fatal(err)
		}
		admin, _ := stores[0].Actor(ctx, p.ID)
		if _, err := one.UploadProcedure(ctx, admin, "university-2026.yaml", proceduretest.University(t, "2026.1", "2026-01-01"), true); err != nil {
			t.Fatal(err)
		}
		if _, err := two.Procedures.Get("university", "2026.1"); err == nil {
			t.Fatal("the second server knew the version before it looked")
		}
		if n, err := two.SyncProcedures(ctx); err != nil || n != 1 {
			t.Fatalf("sync after activation: %d changes, %v", n, err)
		}
		if _, err := two.Procedures.Get("university", "2026.1"); err != nil {
			t.Fatalf("the second server does not resolve the activated version: %v", err)
		}
		if _, err := one.RetireProcedure(ctx, admin, "university@2026.1"); err != nil {
			t.Fatal(err)
		}
		if n, err := two.SyncProcedures(ctx); err != nil || n != 1 || !two.Procedures.Retired("university@2026.1") {
			t.Fatalf("sync after retirement: %d changes, %v", n, err)
		}
		if n, err := two.SyncProcedures(ctx); err != nil || n != 0 {
			t.Fatalf("sync with nothing new: %d changes, %v", n, err)
		}
	})

	t.Run("lists", func(t *testing.T) {
		p, err := stores[0].PersonByEmail(ctx, "admin@demo.kscheck.org")
		if err != nil {
			t.Fatal(err)
		}
		admin, _ := stores[0].Actor(ctx, p.ID)
		dpl, err := screening.ReadPath(filepath.Join("..", "screening", "testdata", "dpl-excerpt.txt"))
		if err != nil {
			t.Fatal(err)
		}
		listed := func(base string) bool {
			t.Helper()
			for _, l := range readiness(t, base).Lists {
				if l.List == string(screening.ListBISDPL) && l.SHA256 == dpl[0].SHA256 {
					return true
				}
			}
			return false
		}
		readiness(t, url2) // the second server builds its index
		if err := one.ImportLists(ctx, admin, dpl, true); err != nil {
			t.Fatal(err)
		}
		if !listed(url1) {
			t.Fatal("the importing server does not screen against its import")
		}
		if listed(url2) {
			t.Fatal("the second server knew the import before it looked")
		}
		if changed, err := two.SyncLists(ctx); !changed || err != nil {
			t.Fatalf("sync after the import: %v, %v", changed, err)
		}
		if !listed(url2) {
			t.Fatal("the second server does not screen against the imported snapshot after syncing")
		}
		if changed, err := two.SyncLists(ctx); changed || err != nil {
			t.Fatalf("sync with nothing new: %v, %v", changed, err)
		}
	})

	t.Run("jobs run once", func(t *testing.T) {
		started, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			ran, err := one.Exclusive(ctx, "lists.update", func(context.Context) error { close(started); <-release; return nil })
			if !ran || err != nil {
				t.Errorf("first server: ran %v, %v", ran, err)
			}
		}()
		<-started
		ran, err := two.Exclusive(ctx, "lists.update", func(context.Context) error { return nil })
		if ran || err != nil {
			t.Errorf("second server while the first updates the lists: ran %v, %v", ran, err)
		}
		if ran, err := two.Exclusive(ctx, "rescreen", func(context.Context) error { return nil }); !ran || err != nil {
			t.Errorf("another job meanwhile: ran %v, %v", ran, err)
		}
		close(release)
		wg.Wait()
		if ran, err := two.Exclusive(ctx, "lists.update", func(context.Context) error { return nil }); !ran || err != nil {
			t.Errorf("second server after the first finished: ran %v, %v", ran, err)
		}
	})

	t.Run("outbox", func(t *testing.T) {
		const total = 40
		err := stores[0].InTx(ctx, func(tx *store.Tx) error {
			for i := range total {
				if _, err := tx.Enqueue(ctx, 0, notify.Message{To: fmt.Sprintf("r%d@example.org", i), Subject: "s", Text: "t"}, time.Now().Add(-time.Minute)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for _, svc := range []*service.Service{one, two, one, two} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					qs, err := svc.Outbox().Claim(ctx, time.Now(), 3)
					if err != nil || len(qs) == 0 {
						if err != nil {
							t.Error(err)
						}
						return
					}
					mu.Lock()
					for _, q := range qs {
						seen[q.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		for id, n := range seen {
			if n != 1 {
				t.Errorf("message %d handed out %d times", id, n)
			}
		}
		if len(seen) != total {
			t.Errorf("%d of %d messages handed out", len(seen), total)
		}
	})

	t.Run("healthz", func(t *testing.T) {
		for _, base := range []string{url1, url2} {
			if r := readiness(t, base); !r.Ready || !r.Database.OK || !r.ListIndex.OK || r.ListIndex.Entities < 1000 || len(r.Lists) == 0 {
				t.Errorf("%s/healthz: %+v", base, r)
			}
		}
	})
}

// readiness asks a server's /healthz, which must answer 200.
func readiness(t *testing.T, base string) service.Readiness {
	t.Helper()
	res, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r service.Readiness
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%s/healthz: %d, %v", base, res.StatusCode, err)
	}
	return r
}
