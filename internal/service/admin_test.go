package service_test

import (
	"context"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// lastAction returns the action of the newest audit entry.
func lastAction(t *testing.T, s *store.Store) (string, string) {
	t.Helper()
	es, err := s.RecentAudit(context.Background(), 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("reading the audit trail: %v", err)
	}
	return es[0].Action, es[0].Detail
}

// TestOffboarding: an administrator deactivates a person (their session
// ends at once), takes a role away and resets a password; nobody else may,
// an administrator cannot lock themselves out, and each change is audited.
func TestOffboarding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		admin, desk, eva := who("admin@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("initiator@demo.kscheck.org")

		token, _, err := svc.Login(ctx, eva.Person.Email, demo.Password, "test")
		if err != nil {
			t.Fatal(err)
		}
		// Only administrators.
		for name, f := range map[string]func() error{
			"deactivate": func() error { _, err := svc.DeactivatePerson(ctx, desk, eva.Person.ID); return err },
			"role":       func() error { _, err := svc.RemoveRole(ctx, desk, eva.Person.ID, "initiator@liacs"); return err },
			"password": func() error {
				_, err := svc.ResetPassword(ctx, desk, eva.Person.ID, "a new long passphrase")
				return err
			},
			"list": func() error { _, err := svc.Accounts(ctx, desk); return err },
		} {
			if err := f(); kscheck.ErrorCode(err) != kscheck.EForbidden {
				t.Errorf("the Desk coordinator may %s: %v", name, err)
			}
		}
		if _, err := svc.Session(ctx, token); err != nil {
			t.Fatalf("a refused change ended the session: %v", err)
		}

		// Deactivation ends the session at once and refuses sign-in.
		acc, err := svc.DeactivatePerson(ctx, admin, eva.Person.ID)
		if err != nil || acc.Active {
			t.Fatalf("deactivate: %+v, %v", acc, err)
		}
		if _, err := svc.Session(ctx, token); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
			t.Errorf("the session lives on after deactivation: %v", err)
		}
		if _, _, err := svc.Login(ctx, eva.Person.Email, demo.Password, "test"); err == nil {
			t.Error("a deactivated person signs in")
		}
		if a, d := lastAction(t, s); a != "person.deactivate" || d == "" {
			t.Errorf("last audit entry %s %s", a, d)
		}
		if _, err := svc.DeactivatePerson(ctx, admin, eva.Person.ID); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Errorf("deactivating twice: %v", err)
		}
		if _, err := svc.DeactivatePerson(ctx, admin, admin.Person.ID); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("an administrator deactivates themselves: %v", err)
		}
		if _, err := svc.ReactivatePerson(ctx, admin, eva.Person.ID); err != nil {
			t.Fatal(err)
		}

		// Roles: added and removed, with clear refusals.
		if _, err := svc.RemoveRole(ctx, admin, eva.Person.ID, "initiator@liacs"); err != nil {
			t.Fatal(err)
		}
		if a, _ := lastAction(t, s); a != "person.role.remove" {
			t.Errorf("last audit entry %s", a)
		}
		eva = who(eva.Person.Email)
		if _, err := svc.StartCase(ctx, eva, service.NewCase{Title: "x", Kind: kscheck.KindOther, UnitCode: "liacs"}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("starting a check without the initiator role: %v", err)
		}
		for role, code := range map[string]kscheck.Code{
			"initiator@liacs": kscheck.ENotFound, "boss@liacs": kscheck.EInvalid, "initiator": kscheck.EInvalid,
		} {
			if _, err := svc.RemoveRole(ctx, admin, eva.Person.ID, role); kscheck.ErrorCode(err) != code {
				t.Errorf("removing %s: %v, want %s", role, err, code)
			}
		}
		if _, err := svc.AddRole(ctx, admin, eva.Person.ID, "initiator@atlantis"); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("a role at an unknown unit: %v", err)
		}
		if acc, err := svc.AddRole(ctx, admin, eva.Person.ID, "initiator@liacs"); err != nil || len(acc.Roles) != 1 {
			t.Fatalf("add role: %+v, %v", acc, err)
		}
		if _, err := svc.AddRole(ctx, admin, eva.Person.ID, "initiator@liacs"); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Errorf("adding a role twice: %v", err)
		}
		if _, err := svc.RemoveRole(ctx, admin, admin.Person.ID, "admin@leiden"); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("an administrator removes their own administrator role: %v", err)
		}

		// A new password: the old one and its sessions stop working.
		token, _, _ = svc.Login(ctx, eva.Person.Email, demo.Password, "test")
		if _, err := svc.ResetPassword(ctx, admin, eva.Person.ID, "short"); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("a short password: %v", err)
		}
		if _, err := svc.Session(ctx, token); err != nil {
			t.Fatalf("a refused password ended the session: %v", err)
		}
		if _, err := svc.ResetPassword(ctx, admin, eva.Person.ID, "a new long passphrase"); err != nil {
			t.Fatal(err)
		}
		if a, d := lastAction(t, s); a != "person.password" || len(d) > 80 {
			t.Errorf("last audit entry %s %s", a, d)
		}
		if _, err := svc.Session(ctx, token); err == nil {
			t.Error("the session lives on after a password reset")
		}
		if _, _, err := svc.Login(ctx, eva.Person.Email, demo.Password, "test2"); err == nil {
			t.Error("the old password still works")
		}
		if _, _, err := svc.Login(ctx, eva.Person.Email, "a new long passphrase", "test2"); err != nil {
			t.Errorf("the new password: %v", err)
		}
		if n, broken, err := s.VerifyAudit(ctx); err != nil || broken != nil || n == 0 {
			t.Errorf("audit chain: %d %v %v", n, broken, err)
		}
	})
}
