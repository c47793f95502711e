package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// rolesOf lists a person's assignments as "role@unit/source".
func rolesOf(t *testing.T, s *store.Store, personID int64) string {
	t.Helper()
	as, err := s.Assignments(context.Background(), personID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.String()+"/"+a.Source)
	}
	return strings.Join(out, " ")
}

// auditActions lists the actions of the newest audit entries, oldest first.
func auditActions(t *testing.T, s *store.Store, n int) string {
	t.Helper()
	es, err := s.RecentAudit(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action)
	}
	return strings.Join(out, " ")
}

func TestSignInExternalProvisionsAndSyncsRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		id := kscheck.ExternalIdentity{
			Provider: "saml", Subject: "r.searcher@leidenuniv.nl", Institution: "leidenuniv.nl",
			Email: "r.searcher@leidenuniv.nl", Name: "R. Searcher", UnitCode: "liacs",
			Roles: []kscheck.Assignment{{Role: kscheck.RoleInitiator, UnitCode: "liacs"}, {Role: kscheck.RoleDirector, UnitCode: "no-such-unit"}},
		}
		token, actor, err := svc.SignInExternal(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if token == "" || actor.Person.Email != "r.searcher@leidenuniv.nl" || actor.Person.UnitCode != "liacs" {
			t.Fatalf("first sign-in: token %q, actor %+v", token, actor.Person)
		}
		if got := rolesOf(t, s, actor.Person.ID); got != "initiator@liacs/idp" {
			t.Fatalf("provisioned roles = %q", got)
		}
		if got := auditActions(t, s, 2); got != "person.provisioned session.login" {
			t.Fatalf("audit after first sign-in = %q", got)
		}
		if a, err := svc.Session(ctx, token); err != nil || a.Person.ID != actor.Person.ID {
			t.Fatalf("session of the sign-in: %v %+v", err, a.Person)
		}

		// An administrator grants a role in kscheck; the provider then
		// grants another role instead of the first.
		if _, err := svc.AddRole(ctx, service.System, actor.Person.ID, "auditor@leiden"); err != nil {
			t.Fatal(err)
		}
		id.Roles = []kscheck.Assignment{{Role: kscheck.RoleDirector, UnitCode: "liacs"}, {Role: kscheck.RoleAuditor, UnitCode: "leiden"}}
		if _, again, err := svc.SignInExternal(ctx, id); err != nil || again.Person.ID != actor.Person.ID {
			t.Fatalf("second sign-in: %v, person %d", err, again.Person.ID)
		}
		if got := rolesOf(t, s, actor.Person.ID); got != "auditor@leiden/admin auditor@leiden/idp director@liacs/idp" {
			t.Fatalf("roles after re-sync = %q", got)
		}
		if got := auditActions(t, s, 2); got != "person.roles_synced session.login" {
			t.Fatalf("audit after re-sync = %q", got)
		}

		// The provider withdraws everything: the administrator's role stays.
		id.Roles = nil
		if _, _, err := svc.SignInExternal(ctx, id); err != nil {
			t.Fatal(err)
		}
		if got := rolesOf(t, s, actor.Person.ID); got != "auditor@leiden/admin" {
			t.Fatalf("roles after withdrawal = %q", got)
		}

		// Nobody else sees the people page; an administrator sees both sources.
		if _, err := svc.Accounts(ctx, who("initiator@demo.kscheck.org")); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Fatalf("people page for an initiator: %v", err)
		}
		recs, err := svc.Accounts(ctx, who("admin@demo.kscheck.org"))
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, r := range recs {
			if r.ID == actor.Person.ID {
				found = len(r.Identities) == 1 && r.Identities[0] == "r.searcher@leidenuniv.nl (saml)" && !r.HasPassword
			}
		}
		if !found {
			t.Fatal("the people page does not show the linked identity")
		}
	})
}

func TestSignInExternalRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, _ := setup(t, s)
		// An existing account is not taken over by e-mail unless allowed.
		existing := kscheck.ExternalIdentity{Provider: "oidc", Subject: "abc", Email: "initiator@demo.kscheck.org", Name: "Eva", UnitCode: "liacs"}
		if _, _, err := svc.SignInExternal(ctx, existing); kscheck.ErrorCode(err) != kscheck.EConflict {
			t.Fatalf("take-over by e-mail: %v", err)
		}
		svc.SignOn.LinkByEmail = true
		_, a, err := svc.SignInExternal(ctx, existing)
		if err != nil || a.Person.Email != "initiator@demo.kscheck.org" {
			t.Fatalf("linking by e-mail when allowed: %v %+v", err, a.Person)
		}
		// An institution the mapping does not know gets no account.
		stranger := kscheck.ExternalIdentity{Provider: "oidc", Subject: "x", Email: "x@elsewhere.example", Institution: "elsewhere.example"}
		if _, _, err := svc.SignInExternal(ctx, stranger); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Fatalf("unknown institution: %v", err)
		}
		if _, _, err := svc.SignInExternal(ctx, kscheck.ExternalIdentity{Provider: "oidc"}); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Fatalf("no subject: %v", err)
		}
	})
}

func TestPasswordsOffKeepsBreakGlass(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, _ := setup(t, s)
		svc.SignOn = service.SignOn{PasswordsOff: true, BreakGlass: "admin@demo.kscheck.org"}
		_, _, err := svc.Login(ctx, "initiator@demo.kscheck.org", "kscheck-demo", "k")
		if kscheck.ErrorCode(err) != kscheck.EForbidden || !strings.Contains(kscheck.ErrorMessage(err), "switched off") {
			t.Fatalf("password with passwords off: %v", err)
		}
		if got := auditActions(t, s, 1); got != "session.password_refused" {
			t.Fatalf("refusal not audited: %q", got)
		}
		// A wrong password says only that it is wrong.
		if _, _, err := svc.Login(ctx, "initiator@demo.kscheck.org", "wrong", "k"); kscheck.ErrorCode(err) != kscheck.EUnauthenticated {
			t.Fatalf("wrong password: %v", err)
		}
		if _, a, err := svc.Login(ctx, "ADMIN@demo.kscheck.org", "kscheck-demo", "k"); err != nil || a.Person.Email != "admin@demo.kscheck.org" {
			t.Fatalf("break-glass administrator: %v", err)
		}
	})
}

func TestConsumeAssertionOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, _ := setup(t, s)
		exp := svc.Now().Add(5 * time.Minute)
		if err := svc.ConsumeAssertion(ctx, "id-1", exp); err != nil {
			t.Fatal(err)
		}
		if err := svc.ConsumeAssertion(ctx, "id-1", exp); !errors.Is(err, service.ErrAssertionReplayed) {
			t.Fatalf("replay: %v", err)
		}
		if err := svc.ConsumeAssertion(ctx, "id-2", exp); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkSignInExternal measures a returning person's single sign-on in
// the service: find the link, re-sync the provider's roles (here they
// change every time, so the change is audited), open the session.
func BenchmarkSignInExternal(b *testing.B) {
	s, err := store.Open(context.Background(), storetest.SQLiteDSN(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	set, err := service.LoadProcedures(context.Background(), s)
	if err != nil {
		b.Fatal(err)
	}
	svc := service.New(s, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := demo.Seed(context.Background(), svc); err != nil {
		b.Fatal(err)
	}
	id := kscheck.ExternalIdentity{Provider: "saml", Subject: "bench@leidenuniv.nl", Email: "bench@leidenuniv.nl", Name: "Bench", UnitCode: "liacs"}
	grants := [][]kscheck.Assignment{{{Role: kscheck.RoleInitiator, UnitCode: "liacs"}}, {{Role: kscheck.RoleDirector, UnitCode: "liacs"}}}
	i := 0
	for b.Loop() {
		id.Roles = grants[i%2]
		i++
		if _, _, err := svc.SignInExternal(context.Background(), id); err != nil {
			b.Fatal(err)
		}
	}
}
