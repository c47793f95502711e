package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// BenchmarkDashboard measures the dashboard page (five SQL aggregates over
// the cases the viewer may see, and the charts) with 100,000 cases, for
// the Advice Desk (who sees every submitted case) and the auditor (who
// sees all of them), on SQLite and PostgreSQL. Seeding takes a while
// before timing starts.
//
//	go test ./internal/web -run '^$' -bench Dashboard -benchtime 20x
func BenchmarkDashboard(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(fmt.Sprintf("%s/cases=100000", dialect), func(b *testing.B) {
			dsn := storetest.SQLiteDSN(b)
			if dialect == "postgres" {
				dsn = storetest.PostgresDSN(b)
			}
			s, err := store.Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			ts, svc := newApp(b, s)
			ts.Close()
			if err := demo.SeedCases(ctx, svc, 100000, 1, nil); err != nil {
				b.Fatal(err)
			}
			if err := s.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			srv, err := New(svc, Config{})
			if err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			for _, email := range []string{"desk@demo.kscheck.org", "auditor@demo.kscheck.org"} {
				tok, _, err := svc.Login(ctx, email, demo.Password, "bench")
				if err != nil {
					b.Fatal(err)
				}
				b.Run(email[:len(email)-len("@demo.kscheck.org")], func(b *testing.B) {
					for b.Loop() {
						req := httptest.NewRequest("GET", "/dashboard", nil)
						req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK {
							b.Fatalf("status %d", rec.Code)
						}
					}
				})
			}
		})
	}
}
