package service_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
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
			a, err := svc.Audit(ctx, auditor, kscheck.Changes, f)
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
		a, err := svc.ExportAudit(ctx, auditor, kscheck.Changes, kscheck.AuditFilter{Person: "eva", Limit: 1}, func(e *kscheck.AuditEntry) error {
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
			if _, err := svc.Audit(ctx, who, kscheck.Changes, kscheck.AuditFilter{}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s reads the trail: %v", who.Person.Name, err)
			}
			if _, err := svc.ExportAudit(ctx, who, kscheck.Changes, kscheck.AuditFilter{}, func(*kscheck.AuditEntry) error { return nil }, func(*service.AuditTrail) {}); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("%s exports the trail: %v", who.Person.Name, err)
			}
		}
	})
}

// TestAuditBrowsesTheAccessLog: the auditor narrows the access log by
// check, person and period (an action does not narrow it: it holds only
// reads), pages it, and exports what the filter shows with the state of
// that chain; the view and the export are recorded with the log they
// were of, and nobody else may see it.
func TestAuditBrowsesTheAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		auditor, admin, eva := who("auditor@demo.kscheck.org"), who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org")
		var cases []*kscheck.Case
		for _, title := range []string{"Workshop", "Another"} {
			c, err := svc.StartCase(ctx, eva, service.NewCase{Title: title, Kind: kscheck.KindOther, UnitCode: "liacs"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Case(ctx, eva, c.ID); err != nil {
				t.Fatal(err)
			}
			cases = append(cases, c)
		}

		reads := func(f kscheck.AuditFilter) []kscheck.AuditEntry {
			t.Helper()
			a, err := svc.Audit(ctx, admin, kscheck.Reads, f)
			if err != nil {
				t.Fatal(err)
			}
			if a.Break != nil || a.Checked < 2 || len(a.Actions) != 0 {
				t.Errorf("access log: %+v", a)
			}
			return a.Entries
		}
		if es := reads(kscheck.AuditFilter{CaseID: cases[0].ID}); len(es) != 1 || es[0].Action != "case.read" || es[0].CaseID != cases[0].ID {
			t.Errorf("reads of KS-%d: %+v, want Eva's one", cases[0].ID, es)
		}
		if es := reads(kscheck.AuditFilter{Person: "EVA DE"}); len(es) != 2 || es[0].CaseID != cases[1].ID {
			t.Errorf("reads by Eva: %+v, want both, newest first", es)
		}
		if es := reads(kscheck.AuditFilter{Person: "Eva", Action: "person.deactivate"}); len(es) != 2 {
			t.Errorf("an action narrowed the access log to %d reads", len(es))
		}
		if es := reads(kscheck.AuditFilter{From: svc.Now().Add(time.Hour)}); len(es) != 0 {
			t.Errorf("reads from the future: %d", len(es))
		}
		newest := reads(kscheck.AuditFilter{Limit: 1})
		if older := reads(kscheck.AuditFilter{Before: newest[0].Seq, Limit: 1}); len(newest) != 1 || len(older) != 1 || older[0].Seq >= newest[0].Seq {
			t.Errorf("paging: %+v then %+v", newest, older)
		}
		if act, d := lastAction(t, s); act != "audit.view" || !strings.Contains(d, `"log":"access_log"`) {
			t.Errorf("the view of the access log is not recorded as such: %s %s", act, d)
		}

		var got []int64
		a, err := svc.ExportAudit(ctx, auditor, kscheck.Reads, kscheck.AuditFilter{CaseID: cases[1].ID, Limit: 1}, func(e *kscheck.AuditEntry) error {
			got = append(got, e.CaseID)
			return nil
		}, func(*service.AuditTrail) {})
		if err != nil || a.Break != nil {
			t.Fatalf("export: %v %+v", err, a)
		}
		if len(got) != 1 || got[0] != cases[1].ID {
			t.Errorf("export of the reads of KS-%d: %v", cases[1].ID, got)
		}
		if act, d := lastAction(t, s); act != "audit.export" || !strings.Contains(d, `"log":"access_log"`) || !strings.Contains(d, `"case":`+strconv.FormatInt(cases[1].ID, 10)) {
			t.Errorf("the export of the access log is not recorded as such: %s %s", act, d)
		}

		if _, err := svc.Audit(ctx, eva, kscheck.Reads, kscheck.AuditFilter{}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator reads the access log: %v", err)
		}
		if _, err := svc.Audit(ctx, auditor, kscheck.Chain("cases"), kscheck.AuditFilter{}); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("an unknown log: %v, want invalid", err)
		}
	})
}

// TestAuditVerifiesFromWhereItLeftOff: a view of /audit verifies each
// chain only from the last checkpoint (or what it verified before) to
// its end, so an entry rewritten before that point goes unnoticed by the
// view (audit verify, which walks everything, finds it) while one
// rewritten after it shows at once.
func TestAuditVerifiesFromWhereItLeftOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		auditor, eva := who("auditor@demo.kscheck.org"), who("initiator@demo.kscheck.org")
		work := func() {
			t.Helper()
			c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Workshop", Kind: kscheck.KindOther, UnitCode: "liacs"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Case(ctx, eva, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		work()
		svc.Checkpoints = filepath.Join(t.TempDir(), "audit.checkpoints")
		cp, err := svc.WriteCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		work()

		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, chain := range []kscheck.Chain{kscheck.Changes, kscheck.Reads} {
			drop := `DROP TRIGGER ` + string(chain) + `_no_update`
			if s.Dialect() == store.Postgres {
				drop = `DROP TRIGGER ` + string(chain) + `_no_change ON ` + string(chain)
			}
			if _, err := raw.Exec(drop); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`UPDATE ` + string(chain) + ` SET actor_name = 'forged' WHERE seq = 1`); err != nil {
				t.Fatal(err)
			}
		}
		full, err := svc.VerifyTrail(ctx)
		if err != nil || full.Break == nil || full.Break.Seq != 1 {
			t.Fatalf("audit verify after rewriting entry 1: %+v, %v", full, err)
		}

		view := func(chain kscheck.Chain) *service.AuditTrail {
			t.Helper()
			a, err := svc.Audit(ctx, auditor, chain, kscheck.AuditFilter{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		for _, chain := range []kscheck.Chain{kscheck.Changes, kscheck.Reads} {
			head := cp.Changes
			if chain == kscheck.Reads {
				head = cp.Reads
			}
			if a := view(chain); a.Break != nil || int64(a.Checked) <= head.Seq {
				t.Errorf("%s: the view walked past the checkpoint at %d: %+v", chain, head.Seq, a)
			}
		}

		work()
		for _, chain := range []kscheck.Chain{kscheck.Changes, kscheck.Reads} {
			var last int64
			if err := raw.QueryRow(`SELECT MAX(seq) FROM ` + string(chain)).Scan(&last); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`UPDATE `+string(chain)+` SET actor_name = 'forged' WHERE seq = $1`, last); err != nil {
				t.Fatal(err)
			}
			if a := view(chain); a.Break == nil || a.Break.Seq != last {
				t.Errorf("%s: entry %d rewritten after the last view, the view says %+v", chain, last, a.Break)
			}
		}
	})
}
