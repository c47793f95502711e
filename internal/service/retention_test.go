package service_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/retention"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestRetentionEndToEnd closes a check, lets eight years pass, and runs
// the retention: the check is pseudonymised, the audit trail still
// verifies, and the register and the annual figures still count it.
func TestRetentionEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, auditor := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("auditor@demo.kscheck.org")

		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Visit of Dr Jan Jansen", Description: "Jan Jansen visits the lab.", Kind: kscheck.KindVisitingResearcher, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = svc.AddPartner(ctx, eva, c.ID, c.Version, &kscheck.Partner{Name: "Jan Jansen", Type: kscheck.PartnerIndividual, Country: "BE"}); err != nil {
			t.Fatal(err)
		}
		if err := svc.Post(ctx, eva, c.ID, c.Version, kscheck.MsgQuestion, "Jan's phone is +32 470 12 34 56"); err != nil {
			t.Fatal(err)
		}
		if c, err = s.Case(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.SaveAnswers(ctx, eva, c.ID, c.Version, clearedAnswers(t, svc, c), false); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Act(ctx, eva, c.ID, c.Version, kscheck.ActRequestCosign, service.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Act(ctx, marc, c.ID, c.Version, kscheck.ActCosignClear, service.ActInput{}); err != nil {
			t.Fatal(err)
		}

		// Not due yet: nothing happens.
		rep, err := svc.RunRetention(ctx, retention.Default, false)
		if err != nil || len(rep.Cases) != 0 {
			t.Fatalf("retention before its time: %+v, %v", rep, err)
		}
		later := time.Now().UTC().AddDate(8, 0, 0)
		svc.Now = func() time.Time { return later }

		// A dry run lists the check and changes nothing.
		rep, err = svc.RunRetention(ctx, retention.Default, true)
		if err != nil || len(rep.Cases) != 1 || rep.Cases[0].ID != c.ID {
			t.Fatalf("dry run: %+v, %v", rep, err)
		}
		if got, _ := s.Case(ctx, c.ID); got.Title != "Visit of Dr Jan Jansen" {
			t.Fatalf("the dry run changed the title to %q", got.Title)
		}

		rep, err = svc.RunRetention(ctx, retention.Default, false)
		if err != nil || len(rep.Cases) != 1 {
			t.Fatalf("retention: %+v, %v", rep, err)
		}
		if e := rep.Cases[0].Erased; e.Messages != 1 || e.Partners != 1 || e.AuditEntries == 0 || e.AuditKept != 0 {
			t.Errorf("erased: %+v", e)
		}
		got, err := s.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "KS-"+itoa(c.ID) || got.Description != "" || got.State != kscheck.StateCleared || got.Kind != kscheck.KindVisitingResearcher {
			t.Errorf("after retention: title %q, description %q, state %s, kind %s", got.Title, got.Description, got.State, got.Kind)
		}
		msgs, _ := s.Messages(ctx, c.ID, kscheck.MsgQuestion)
		partners, _ := s.CasePartners(ctx, c.ID)
		if len(msgs) != 1 || msgs[0].Body != store.ErasedText || len(partners) != 1 || strings.Contains(partners[0].Name, "Jansen") {
			t.Errorf("messages %+v, partners %+v", msgs, partners)
		}
		history, _ := s.CaseHistory(ctx, c.ID)
		for _, e := range history {
			if strings.Contains(e.Detail, "Jansen") {
				t.Errorf("audit entry %d (%s) still names the partner: %s", e.Seq, e.Action, e.Detail)
			}
		}
		if n, broken, err := s.VerifyAudit(ctx); err != nil || broken != nil {
			t.Fatalf("audit verify after retention: %d entries, %v, %v", n, broken, err)
		}

		// The decision record still counts: in the register and the report.
		entries, _, err := svc.Register(ctx, auditor, kscheck.CaseFilter{})
		if err != nil || len(entries) != 1 || entries[0].Case.ID != c.ID {
			t.Errorf("register after retention: %d entries, %v", len(entries), err)
		}
		year := time.Now().UTC().Year()
		from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		figs, err := s.Annual(ctx, auditor, from, from.AddDate(1, 0, 0), "")
		if err != nil || len(figs.Groups) != 1 || figs.Groups[0].N != 1 {
			t.Errorf("annual figures after retention: %+v, %v", figs, err)
		}

		// The second run finds nothing more to do.
		if rep, err = svc.RunRetention(ctx, retention.Default, false); err != nil || len(rep.Cases) != 0 {
			t.Errorf("second run: %+v, %v", rep, err)
		}

		// The database refuses anything but erasure of the personal fields.
		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`UPDATE audit SET detail = '{"verdict":"forged"}' WHERE case_id = $1`, c.ID); err == nil {
			t.Errorf("the database let an audit detail be rewritten")
		}

		// A person who left: their access export, then their erasure.
		exp, err := svc.ExportPerson(ctx, service.System, "initiator@demo.kscheck.org")
		if err != nil || len(exp.Cases) != 1 || len(exp.Actions) == 0 || len(exp.Messages) != 1 {
			t.Fatalf("access export: %+v, %v", exp, err)
		}
		if _, err := svc.ExportPerson(ctx, eva, "director@demo.kscheck.org"); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator exported someone else's data: %v", err)
		}
		if _, err := svc.ErasePerson(ctx, service.System, "initiator@demo.kscheck.org", false); err != nil {
			t.Fatal(err)
		}
		p, err := s.Person(ctx, eva.Person.ID)
		if err != nil || strings.Contains(p.Name, eva.Person.Name) || p.Active {
			t.Errorf("after erasure: %+v, %v", p, err)
		}
		trail, _ := s.CaseHistory(ctx, c.ID)
		for _, e := range trail {
			if e.ActorID == eva.Person.ID && e.ActorName != kscheck.ErasedName {
				t.Errorf("audit entry %d still names the erased person: %q", e.Seq, e.ActorName)
			}
		}
		if _, broken, err := s.VerifyAudit(ctx); err != nil || broken != nil {
			t.Errorf("audit verify after erasure: %v, %v", broken, err)
		}
	})
}

// TestErasingSomeoneWithOpenChecksIsRefused keeps a person's data while
// their own checks are open.
func TestErasingSomeoneWithOpenChecksIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		c, err := svc.StartCase(ctx, who("initiator@demo.kscheck.org"), service.NewCase{Title: "Open", Kind: kscheck.KindOther, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.ErasePerson(ctx, service.System, "initiator@demo.kscheck.org", false)
		if kscheck.ErrorCode(err) != kscheck.EConflict || !strings.Contains(kscheck.ErrorMessage(err), "KS-"+itoa(c.ID)) {
			t.Errorf("erasing someone with an open check: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
