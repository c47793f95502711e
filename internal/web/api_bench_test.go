package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

// BenchmarkAPI measures the server time of the grants office's clearance
// question (found, and not found) and of a page of the case list, with an
// auditor's service token, on 2,000 cases. Each call writes its audit
// entry, as in production.
//
//	go test ./internal/web -run '^$' -bench API -benchtime 200x
func BenchmarkAPI(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect+"/cases=2000", func(b *testing.B) {
			ctx := context.Background()
			a := newBenchApp(b, dialect, 2000)
			admin := actorFor(b, a.svc, "admin@demo.kscheck.org")
			tok, _, err := a.svc.CreateToken(ctx, admin, service.NewToken{Name: "grants office", Owner: "auditor@demo.kscheck.org",
				Scopes: []kscheck.Scope{kscheck.ScopeClearanceRead, kscheck.ScopeCasesRead}})
			if err != nil {
				b.Fatal(err)
			}
			cases, _, err := a.svc.ListCases(ctx, actorFor(b, a.svc, "auditor@demo.kscheck.org"), kscheck.CaseFilter{States: []kscheck.State{kscheck.StateDecided}, Limit: 1})
			if err != nil || len(cases) == 0 {
				b.Fatalf("no decided case: %v", err)
			}
			c := cases[0]
			initiator, err := a.store.Actor(ctx, c.InitiatorID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.svc.SetCaseRefs(ctx, initiator, c.ID, caseVersion(b, a.svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "NWO-BENCH-1"}); err != nil {
				b.Fatal(err)
			}
			for name, path := range map[string]string{
				"clearance-found":   "/api/v1/clearance?ref=NWO-BENCH-1",
				"clearance-unknown": "/api/v1/clearance?ref=NWO-NONE",
				"cases-page":        fmt.Sprintf("/api/v1/cases?limit=50&unit=%s", c.UnitPath[0]),
			} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						a.get(b, path, tok)
					}
				})
			}
		})
	}
}
