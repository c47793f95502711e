package web

import (
	"fmt"
	"testing"
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
			a := newBenchApp(b, dialect, 100000)
			for _, viewer := range []string{"desk", "auditor"} {
				tok := a.token(viewer + "@demo.kscheck.org")
				b.Run(viewer, func(b *testing.B) {
					for b.Loop() {
						a.get(b, "/dashboard", tok)
					}
				})
			}
		})
	}
}
