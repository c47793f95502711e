package service_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestAuditFilterAndExport: the auditor narrows the trail by check,
// person, action and period; the export gives exactly what the filter
// shows, oldest first, and is itself recorded; others may do neither.
func TestAuditFilterAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		auditor, admin, eva, desk := who("auditor@demo.kscheck.org"), who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org"), who("desk@demo.kscheck.org")
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Workshop", Kind: kscheck.KindResearchCollaboration, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Another", Kind: kscheck.KindOther, UnitCode: "liacs"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeactivatePerson(ctx, admin, desk.Person.ID); err != nil {
			t.Fatal(err)
		}

		count := func(f kscheck.AuditFilter) int {
			t.Helper()
			a, err := svc.Audit(ctx, auditor, f)
			if err != nil {
				t.Fatal(err)
			}
			if a.Break != nil || a.Checked == 0 {
				t.Errorf("chain: %+v", a)
			}
			return len(a.Entries)
		}
		if n := count(kscheck.AuditFilter{CaseID: c.ID}); n != 1 {
			t.Errorf("entries of KS-%d: %d, want 1", c.ID, n)
		}
		if n := count(kscheck.AuditFilter{Person: "EVA DE"}); n != 2 {
			t.Errorf("entries by Eva: %d, want 2", n)
		}
		if n := count(kscheck.AuditFilter{Person: "100%_"}); n != 0 {
			t.Errorf("LIKE wildcards in a name match: %d", n)
		}
		if n := count(kscheck.AuditFilter{Action: "person.deactivate"}); n != 1 {
			t.Errorf("deactivations: %d, want 1", n)
		}
		now := svc.Now()
		if n := count(kscheck.AuditFilter{From: now.Add(time.Hour)}); n != 0 {
			t.Errorf("entries from the future: %d", n)
		}
		if n := count(kscheck.AuditFilter{Until: now.Add(-24 * time.Hour)}); n != 0 {
			t.Errorf("entries before yesterday: %d", n)
		}
		if n := count(kscheck.AuditFilter{Limit: 2}); n != 2 {
			t.Errorf("a page of 2: %d", n)
		}

		var seqs []int64
		started := false
		a, err := svc.ExportAudit(ctx, auditor, kscheck.AuditFilter{Person: "eva", Limit: 1}, func(e *kscheck.AuditEntry) error {
			seqs = append(seqs, e.Seq)
			return nil
		}, func(*service.AuditTrail) { started = true })
		if err != nil || a.Break != nil || !started {
			t.Fatalf("export: %v %+v", err, a)
		}
		if len(seqs) != 2 || seqs[0] > seqs[1] {
			t.Errorf("export of Eva's entries: %v, want both, oldest first", seqs)
		}
		if act, d := lastAction(t, s); act != "audit.export" || d != `{"chain_intact":true,"checked":`+strconv.Itoa(a.Checked)+`,"person":"eva"}` {
			t.Errorf("the export is not recorded as such: %s %s", act, d)
		}
		for _, who := range []kscheck.Actor{eva, desk} {
			if _, err := svc.Audit(ctx, who, kscheck.AuditFilter{}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s reads the trail: %v", who.Person.Name, err)
			}
			if _, err := svc.ExportAudit(ctx, who, kscheck.AuditFilter{}, func(*kscheck.AuditEntry) error { return nil }, func(*service.AuditTrail) {}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s exports the trail: %v", who.Person.Name, err)
			}
		}
	})
}
