package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
	"github.com/kscheck/kscheck/internal/webhook"
)

// tokenActor makes a token of actor with scopes and returns who it acts as.
func tokenActor(t *testing.T, svc *service.Service, owner kscheck.Actor, scopes ...kscheck.Scope) kscheck.Actor {
	t.Helper()
	secret, _, err := svc.CreateToken(context.Background(), owner, service.NewToken{Name: "test", Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.TokenActor(context.Background(), secret)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestClearanceByReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, marc, other, auditor := who("initiator@demo.kscheck.org"), who("director@demo.kscheck.org"), who("director2@demo.kscheck.org"), who("auditor@demo.kscheck.org")
		grants := tokenActor(t, svc, auditor, kscheck.ScopeClearanceRead)
		ask := func(ref string) *service.Clearance {
			t.Helper()
			cl, err := svc.ClearanceByRef(ctx, grants, ref)
			if err != nil {
				t.Fatal(err)
			}
			return cl
		}
		if cl := ask("NWO-1"); cl.Status != service.ClearNotStarted || cl.CaseID != 0 {
			t.Errorf("no check carries the reference: %+v", cl)
		}

		// References are the initiator's (and the Desk's) to set, audited.
		c := answered(t, svc, eva, false)
		if _, err := svc.SetCaseRefs(ctx, marc, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "NWO-1"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("the director set references: %v", err)
		}
		if _, err := svc.SetCaseRefs(ctx, other, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "NWO-1"}); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("another institute's director set references: %v", err)
		}
		if _, err := svc.SetCaseRefs(ctx, eva, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: "NWO\n1"}); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("a reference with a line break: %v", err)
		}
		if _, err := svc.SetCaseRefs(ctx, eva, c.ID, c.Version+5, map[kscheck.RefKind]string{kscheck.RefGrant: "NWO-1"}); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Errorf("a stale form: %v", err)
		}
		if _, err := svc.SetCaseRefs(ctx, eva, c.ID, caseVersion(t, svc, c.ID), map[kscheck.RefKind]string{kscheck.RefGrant: " NWO-1 ", kscheck.RefProject: "P-7"}); err != nil {
			t.Fatal(err)
		}
		if cl := ask("NWO-1"); cl.Status != service.ClearInProgress || cl.CaseID != c.ID || cl.Refs["project"] != "P-7" || !strings.HasPrefix(cl.Procedure, "university@") {
			t.Errorf("a draft: %+v", cl)
		}
		takeSteps(t, svc, c.ID, step{eva, kscheck.ActRequestCosign}, step{marc, kscheck.ActCosignClear})
		cl := ask("P-7")
		if cl.Status != service.ClearCleared || cl.Since == nil || time.Since(*cl.Since) > time.Minute {
			t.Errorf("co-signed: %+v", cl)
		}

		// A withdrawn check gives way to a newer one with the same reference.
		w := answered(t, svc, eva, false)
		svc.SetCaseRefs(ctx, eva, w.ID, caseVersion(t, svc, w.ID), map[kscheck.RefKind]string{kscheck.RefContract: "C-9"})
		takeSteps(t, svc, w.ID, step{eva, kscheck.ActWithdraw})
		if cl := ask("C-9"); cl.Status != service.ClearWithdrawn {
			t.Errorf("withdrawn: %+v", cl)
		}
		n := answered(t, svc, eva, false)
		svc.SetCaseRefs(ctx, eva, n.ID, caseVersion(t, svc, n.ID), map[kscheck.RefKind]string{kscheck.RefContract: "C-9"})
		if cl := ask("C-9"); cl.Status != service.ClearInProgress || cl.CaseID != n.ID {
			t.Errorf("after a new check: %+v", cl)
		}

		// Need-to-know: another institute's director does not learn of it,
		// by reference or by number; a token without the scope is refused.
		if cl, err := svc.ClearanceByRef(ctx, other, "NWO-1"); err != nil || cl.Status != service.ClearNotStarted {
			t.Errorf("another institute's director: %+v, %v", cl, err)
		}
		if _, err := svc.ClearanceByCase(ctx, other, c.ID); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("another institute's director by number: %v", err)
		}
		if _, err := svc.ClearanceByCase(ctx, tokenActor(t, svc, auditor, kscheck.ScopeCasesRead), c.ID); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("a token without clearance:read: %v", err)
		}
		if _, err := svc.Case(ctx, grants, c.ID); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("a clearance token read the case: %v", err)
		}

		// Every question is in the audit trail, with the token.
		hist, err := s.CaseHistory(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		asked := 0
		for _, e := range hist {
			if e.Action == "case.clearance" && strings.Contains(e.Detail, `"via_token":`+strconv.FormatInt(grants.TokenID, 10)) {
				asked++
			}
		}
		if asked != 2 {
			t.Errorf("%d audited clearance questions with the token on case %d, want 2", asked, c.ID)
		}
	})
}

func TestTokensAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		clk := &clock{t: time.Now().UTC()}
		svc.Now = clk.Now
		eva, admin := who("initiator@demo.kscheck.org"), who("admin@demo.kscheck.org")
		secret, tok, err := svc.CreateToken(ctx, eva, service.NewToken{Name: "script", Scopes: []kscheck.Scope{kscheck.ScopeCasesRead}, Life: 48 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if tok.Kind != kscheck.TokenPersonal || !strings.HasPrefix(secret, "ksk_") || !strings.HasPrefix(secret, tok.Prefix) {
			t.Errorf("token %+v, secret %q", tok, secret)
		}
		if _, _, err := svc.CreateToken(ctx, eva, service.NewToken{Name: "x", Owner: "auditor@demo.kscheck.org", Scopes: []kscheck.Scope{kscheck.ScopeCasesRead}}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator made a token for another account: %v", err)
		}
		_, svcTok, err := svc.CreateToken(ctx, admin, service.NewToken{Name: "grants office", Owner: "auditor@demo.kscheck.org", Scopes: []kscheck.Scope{kscheck.ScopeClearanceRead}})
		if err != nil || svcTok.Kind != kscheck.TokenService {
			t.Fatalf("service token: %+v, %v", svcTok, err)
		}
		via, err := svc.TokenActor(ctx, secret)
		if err != nil || via.Person.ID != eva.Person.ID || via.TokenID != tok.ID {
			t.Fatalf("token acts as %+v, %v", via, err)
		}
		if _, _, err := svc.CreateToken(ctx, via, service.NewToken{Name: "child", Scopes: []kscheck.Scope{kscheck.ScopeCasesRead}}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("a token made a token: %v", err)
		}
		for name, bad := range map[string]string{"unknown": "ksk_" + strings.Repeat("a", 43), "no prefix": secret[4:], "empty": ""} {
			if _, err := svc.TokenActor(ctx, bad); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
				t.Errorf("%s token: %v", name, err)
			}
		}
		// Only the owner (or an administrator) sees and revokes it.
		if ts, _ := svc.Tokens(ctx, who("director@demo.kscheck.org")); len(ts) != 0 {
			t.Errorf("the director sees %d tokens of others", len(ts))
		}
		if ts, _ := svc.Tokens(ctx, admin); len(ts) != 2 {
			t.Errorf("the administrator sees %d tokens, want 2", len(ts))
		}
		if err := svc.RevokeToken(ctx, who("director@demo.kscheck.org"), tok.ID); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("the director revoked Eva's token: %v", err)
		}
		clk.Add(49 * time.Hour)
		if _, err := svc.TokenActor(ctx, secret); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
			t.Errorf("an expired token: %v", err)
		}
		if err := svc.RevokeToken(ctx, eva, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeToken(ctx, eva, tok.ID); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Errorf("revoking twice: %v", err)
		}
	})
}

func TestOverdueMeasureAnnouncedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		clk := &clock{t: time.Now().UTC()}
		svc.Now = clk.Now
		admin, eva := who("admin@demo.kscheck.org"), who("initiator@demo.kscheck.org")
		if _, err := svc.RegisterWebhook(ctx, admin, "https://contracts.example.org/hook", []webhook.Event{webhook.MeasureOverdue}); err != nil {
			t.Fatal(err)
		}
		c := answered(t, svc, eva, false)
		due := clk.Now().AddDate(0, 0, 10)
		if err := svc.ProposeMeasures(ctx, eva, c.ID, c.Version, []service.MeasureInput{{Text: "Separate lab access.", DueOn: &due}}); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.QueueOverdueMeasures(ctx); n != 0 || err != nil {
			t.Errorf("before the due date: %d, %v", n, err)
		}
		// A measure is due all of its due day, for the Desk and for
		// other systems alike.
		clk.Add(10*24*time.Hour + time.Hour)
		if n, err := svc.QueueOverdueMeasures(ctx); n != 0 || err != nil {
			t.Errorf("on the due day: %d, %v", n, err)
		}
		clk.Add(24 * time.Hour)
		for range 2 {
			svc.QueueOverdueMeasures(ctx)
		}
		ds, err := svc.WebhookDeliveries(ctx, admin, 10)
		if err != nil || len(ds) != 1 || ds[0].Event != webhook.MeasureOverdue || !strings.Contains(ds[0].Body, "Separate lab access.") {
			t.Errorf("deliveries: %+v, %v; want one measure.overdue", ds, err)
		}
	})
}
