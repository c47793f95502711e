package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/procedure/proceduretest"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

func TestProcedureUploadActivateRetire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		admin, eva := who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org")
		svc.Now = func() time.Time { return time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC) }
		src := proceduretest.University(t, "2026.1", "2026-01-01")

		if _, err := svc.UploadProcedure(ctx, eva, "u.yaml", src, false); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Fatalf("an initiator uploaded a procedure: %v", err)
		}
		if _, err := svc.ProcedureListings(ctx, eva); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Fatalf("an initiator listed the uploads: %v", err)
		}
		big := make([]byte, service.MaxProcedureBytes+1)
		if _, err := svc.UploadProcedure(ctx, admin, "big.yaml", big, false); kscheck.ErrorCode(err) != kscheck.EInvalid || !strings.Contains(err.Error(), "at most 256 KB") {
			t.Fatalf("a too large file: %v", err)
		}
		bad := []byte(strings.Replace(string(src), "start: ", "start: nowhere_", 1))
		bad = []byte(strings.Replace(string(bad), "  from: \"2026-01-01\"", "  from: \"2025-03-01\"", 1))
		_, err := svc.UploadProcedure(ctx, admin, "C:\\drafts\\bad.yaml", bad, false)
		var refused *service.RefusedProcedure
		if !errors.As(err, &refused) || kscheck.ErrorCode(err) != kscheck.EInvalid || len(refused.Problems) < 2 {
			t.Fatalf("a broken file: %v", err)
		}
		for _, p := range refused.Problems {
			if !strings.HasPrefix(p.String(), "bad.yaml:") {
				t.Errorf("problem %q does not point into the file", p)
			}
		}

		v, err := svc.UploadProcedure(ctx, admin, "university-2026.yaml", src, false)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != kscheck.ProcedureUploaded || len(v.SHA256) != 64 {
			t.Fatalf("stored %+v", v)
		}
		if _, err := svc.Procedures.Get("university", "2026.1"); err == nil {
			t.Fatal("an upload is live before it is activated")
		}
		for _, again := range [][]byte{src, proceduretest.University(t, "2025.1", "2027-01-01")} {
			if _, err := svc.UploadProcedure(ctx, admin, "again.yaml", again, false); kscheck.ErrorCode(err) != kscheck.EConflict || !strings.Contains(err.Error(), "never changes") {
				t.Fatalf("the same version again: %v", err)
			}
		}
		if _, err := svc.ActivateProcedure(ctx, eva, "university@2026.1"); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Fatalf("an initiator activated a procedure: %v", err)
		}
		if _, err := svc.ActivateProcedure(ctx, admin, "university@2026.1"); err != nil {
			t.Fatal(err)
		}
		c, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Sensors", Kind: kscheck.KindOther, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if c.ProcedureVersion != "2026.1" {
			t.Fatalf("a new case started under %s@%s, want the activated version", c.ProcedureID, c.ProcedureVersion)
		}

		list, err := svc.ProcedureListings(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		byRef := map[string]service.ProcedureListing{}
		for _, l := range list {
			byRef[l.Ref] = l
		}
		if l := byRef["university@2026.1"]; l.Status != "active" || l.Origin != "uploaded" || l.Cases != 1 || l.Upload.ActivatedBy == nil {
			t.Fatalf("listing of the new version: %+v", l)
		}
		if l := byRef["university@2025.1"]; l.Origin != "shipped" || len(l.SHA256) != 64 {
			t.Fatalf("listing of the shipped version: %+v", l)
		}

		if _, err := svc.RetireProcedure(ctx, admin, "university@2025.1"); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Fatalf("retired a shipped version: %v", err)
		}
		if _, err := svc.RetireProcedure(ctx, admin, "university@2026.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RetireProcedure(ctx, admin, "university@2026.1"); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Fatalf("retired twice: %v", err)
		}
		running, err := s.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if running.ProcedureVersion != "2026.1" {
			t.Fatalf("retiring changed a running case to %s", running.ProcedureVersion)
		}
		if _, err := svc.Procedures.Get("university", "2026.1"); err != nil {
			t.Fatalf("the running case lost its procedure: %v", err)
		}
		next, err := svc.StartCase(ctx, eva, service.NewCase{Title: "Lasers", Kind: kscheck.KindOther, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		if next.ProcedureVersion != "2025.1" {
			t.Fatalf("a new case picked %s after retirement", next.ProcedureVersion)
		}

		// A restarted server loads the same live set from the database.
		loaded, err := service.LoadProcedures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := loaded.Get("university", "2026.1"); err != nil || !loaded.Retired("university@2026.1") {
			t.Fatalf("the retired version after a restart: %v, retired %v", err, loaded.Retired("university@2026.1"))
		}

		entries, err := s.RecentAudit(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if strings.HasPrefix(e.Action, "procedure.") && strings.Contains(e.Detail, v.SHA256) {
				seen[e.Action] = true
			}
		}
		for _, a := range []string{"procedure.upload", "procedure.activate", "procedure.retire"} {
			if !seen[a] {
				t.Errorf("no %s entry with the SHA-256 in the audit trail", a)
			}
		}
		if _, broken, err := s.VerifyAudit(ctx); err != nil || broken != nil {
			t.Fatalf("audit trail: %v %v", broken, err)
		}
	})
}

func TestActivationRechecksTheLiveSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		admin := who("admin@demo.kscheck.org")
		// Two versions that each pass alone but start on the same day.
		if _, err := svc.UploadProcedure(ctx, admin, "a.yaml", proceduretest.University(t, "2026.1", "2026-01-01"), false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UploadProcedure(ctx, admin, "b.yaml", proceduretest.University(t, "2026.2", "2026-01-01"), true); err != nil {
			t.Fatal(err)
		}
		_, err := svc.ActivateProcedure(ctx, admin, "university@2026.1")
		var refused *service.RefusedProcedure
		if !errors.As(err, &refused) || !strings.Contains(refused.Problems[0].Message, "both start on 2026-01-01") {
			t.Fatalf("activating an overlapping version: %v", err)
		}
		v, err := s.ProcedureVersion(ctx, "university", "2026.1")
		if err != nil || v.Status != kscheck.ProcedureUploaded {
			t.Fatalf("a refused activation changed the status: %+v %v", v, err)
		}
	})
}
