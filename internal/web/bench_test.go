package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// BenchmarkPages measures the server time of the Advice Desk's queue and of
// a case page with 1,000 and 100,000 cases in the database, on SQLite and
// PostgreSQL. Seeding 100,000 cases takes a while before timing starts.
//
//	go test ./internal/web -run '^$' -bench Pages -benchtime 200x
func BenchmarkPages(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, dialect := range []string{"sqlite", "postgres"} {
			b.Run(fmt.Sprintf("%s/cases=%d", dialect, n), func(b *testing.B) {
				dsn := storetest.SQLiteDSN(b)
				if dialect == "postgres" {
					dsn = storetest.PostgresDSN(b)
				}
				s, err := store.Open(context.Background(), dsn)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				benchPages(b, s, n)
			})
		}
	}
}

func benchPages(b *testing.B, s *store.Store, n int) {
	ctx := context.Background()
	ts, svc := newApp(b, s)
	ts.Close()
	if err := demo.SeedCases(ctx, svc, n, 1, nil); err != nil {
		b.Fatal(err)
	}
	srv, err := New(svc, Config{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	token := func(email string) string {
		tok, _, err := svc.Login(ctx, email, demo.Password, "bench")
		if err != nil {
			b.Fatal(err)
		}
		return tok
	}
	desk := token("desk@demo.kscheck.org")
	deskActor, _ := svc.Session(ctx, desk)
	cases, _, err := svc.ListCases(ctx, deskActor, store.CaseFilter{Queue: true, States: []kscheck.State{kscheck.StateCommittee}, Limit: 1})
	if err != nil || len(cases) == 0 {
		b.Fatalf("no committee case to show: %v", err)
	}
	get := func(b *testing.B, path, tok string) {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
	}
	b.Run("desk-queue", func(b *testing.B) {
		for b.Loop() {
			get(b, "/?view=queue", desk)
		}
	})
	b.Run("case-page", func(b *testing.B) {
		path := fmt.Sprintf("/cases/%d", cases[0].ID)
		for b.Loop() {
			get(b, path, desk)
		}
	})
}
