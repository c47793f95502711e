package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// BenchmarkCaseHistory measures the case page of a case just opened against
// the same case read 10,000 times before (in the access log) and 5,000
// times more in the trail of changes (as databases from before the access
// log hold them), on SQLite and PostgreSQL. Both cases carry what a busy
// case has: five partners, 40 messages in every thread the Desk sees, and
// 30 recorded changes. The goal is that the old case opens as fast as the
// new one (at most ×1.2).
//
//	go test ./internal/web -run '^$' -bench CaseHistory -benchtime 500x
func BenchmarkCaseHistory(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			a := newBenchApp(b, dialect, 1000)
			ctx := context.Background()
			desk := a.token("desk@demo.kscheck.org")
			deskActor, _ := a.svc.Session(ctx, desk)
			cases, _, err := a.svc.ListCases(ctx, deskActor, kscheck.CaseFilter{Queue: true, States: []kscheck.State{kscheck.StateCommittee}, Limit: 2})
			if err != nil || len(cases) < 2 {
				b.Fatalf("two committee cases needed: %v", err)
			}
			fresh, old := cases[0], cases[1]
			for _, c := range cases {
				seedBusyCase(b, a, c, &deskActor.Person)
			}
			seedReads(b, a, old, &deskActor.Person, 10000, 5000)
			for _, c := range []struct {
				name string
				id   int64
			}{{"new", fresh.ID}, {"reads=10000", old.ID}} {
				b.Run(c.name, func(b *testing.B) {
					path := fmt.Sprintf("/cases/%d", c.id)
					for b.Loop() {
						a.get(b, path, desk)
					}
				})
			}
		})
	}
}

// seedBusyCase gives c five partners, 40 messages and 30 changes in the
// trail, written as the service writes them.
func seedBusyCase(b *testing.B, a *benchApp, c *kscheck.Case, author *kscheck.Person) {
	b.Helper()
	ctx := context.Background()
	kinds := []kscheck.MessageKind{kscheck.MsgQuestion, kscheck.MsgAnswer, kscheck.MsgAdvice, kscheck.MsgComment, kscheck.MsgDeskNote, kscheck.MsgDeliberation}
	err := a.store.InTx(ctx, func(tx *store.Tx) error {
		for i := range 5 {
			p := &kscheck.Partner{Name: fmt.Sprintf("Partner institute %d of case %d", i, c.ID), Type: kscheck.PartnerOrganization, Country: "DE"}
			if err := tx.UpsertPartner(ctx, p); err != nil {
				return err
			}
			if err := tx.LinkPartner(ctx, c.ID, p.ID); err != nil {
				return err
			}
		}
		for i := range 40 {
			m := &kscheck.Message{CaseID: c.ID, AuthorID: author.ID, Kind: kinds[i%len(kinds)], Body: fmt.Sprintf("Message %d: the partner's ties to the defence sector were checked against the tracker and the annual reports.", i)}
			if err := tx.AddMessage(ctx, m); err != nil {
				return err
			}
		}
		for i := range 30 {
			e := &kscheck.AuditEntry{At: time.Now(), ActorID: author.ID, ActorName: author.Name, Action: "case.message.desk_note", CaseID: c.ID, FromState: c.State, ToState: c.State, Detail: fmt.Sprintf(`{"message":%d}`, i)}
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// seedReads records reads of c by reader: inAccessLog in the access log,
// inTrail in the trail of changes.
func seedReads(b *testing.B, a *benchApp, c *kscheck.Case, reader *kscheck.Person, inAccessLog, inTrail int) {
	b.Helper()
	ctx := context.Background()
	err := a.store.InTx(ctx, func(tx *store.Tx) error {
		for i := range inAccessLog + inTrail {
			e := &kscheck.AuditEntry{At: time.Now(), ActorID: reader.ID, ActorName: reader.Name, Action: "case.read", CaseID: c.ID, FromState: c.State, ToState: c.State, Detail: `{"as":"desk"}`}
			appendTo := tx.AppendRead
			if i >= inAccessLog {
				appendTo = tx.AppendAudit
			}
			if err := appendTo(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.store.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
}
