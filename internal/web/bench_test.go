package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// BenchmarkPages measures the server time of the Advice Desk's queue, of
// its own page (queue with open candidates and assignees, alerts, overdue
// measures), and of a case page with 1,000 and 100,000 cases in the database, on SQLite and
// PostgreSQL. Seeding 100,000 cases takes a while before timing starts.
//
//	go test ./internal/web -run '^$' -bench Pages -benchtime 200x
func BenchmarkPages(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, dialect := range []string{"sqlite", "postgres"} {
			b.Run(fmt.Sprintf("%s/cases=%d", dialect, n), func(b *testing.B) {
				a := newBenchApp(b, dialect, n)
				desk := a.token("desk@demo.kscheck.org")
				deskActor, _ := a.svc.Session(context.Background(), desk)
				cases, _, err := a.svc.ListCases(context.Background(), deskActor, kscheck.CaseFilter{Queue: true, States: []kscheck.State{kscheck.StateCommittee}, Limit: 1})
				if err != nil || len(cases) == 0 {
					b.Fatalf("no committee case to show: %v", err)
				}
				b.Run("desk-queue", func(b *testing.B) {
					for b.Loop() {
						a.get(b, "/?view=queue", desk)
					}
				})
				b.Run("desk-page", func(b *testing.B) {
					for b.Loop() {
						a.get(b, "/desk", desk)
					}
				})
				b.Run("case-page", func(b *testing.B) {
					path := fmt.Sprintf("/cases/%d", cases[0].ID)
					for b.Loop() {
						a.get(b, path, desk)
					}
				})
			})
		}
	}
}

// benchApp is the web application on a fresh database of one dialect,
// with the demo organisation and n synthetic cases, served in-process so
// that benchmarks time the server alone.
type benchApp struct {
	svc   *service.Service
	store *store.Store // the same database, for seeding it past the service
	h     http.Handler
	b     *testing.B
}

func newBenchApp(b *testing.B, dialect string, n int) *benchApp {
	b.Helper()
	dsn := storetest.SQLiteDSN(b)
	if dialect == "postgres" {
		dsn = storetest.PostgresDSN(b)
	}
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ts, svc := newApp(b, s)
	ts.Close()
	if err := demo.SeedCases(context.Background(), svc, n, 1, nil); err != nil {
		b.Fatal(err)
	}
	srv, err := New(svc, Config{})
	if err != nil {
		b.Fatal(err)
	}
	return &benchApp{svc: svc, store: s, h: srv.Handler(), b: b}
}

// token signs a demo person in and returns their session token.
func (a *benchApp) token(email string) string {
	a.b.Helper()
	tok, _, err := a.svc.Login(context.Background(), email, demo.Password, "bench")
	if err != nil {
		a.b.Fatal(err)
	}
	return tok
}

// get serves GET path in the session tok (or with tok as an API token)
// and fails on anything but 200.
func (a *benchApp) get(b *testing.B, path, tok string) {
	req := httptest.NewRequest("GET", path, nil)
	if strings.HasPrefix(tok, "ksk_") {
		req.Header.Set("Authorization", "Bearer "+tok)
	} else {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: status %d", path, rec.Code)
	}
}
