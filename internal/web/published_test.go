package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestPublishedRegisterAndPartnerDirectory: the public register exists only
// when the installation publishes it, names no person, and an
// organisation only after an administrator named it on the partner page.
func TestPublishedRegisterAndPartnerDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		ctx := context.Background()
		if err := demo.SeedCases(ctx, svc, 80, 4, nil); err != nil {
			t.Fatal(err)
		}
		// Not published: there is no public page.
		if res, err := http.Get(ts.URL + "/public/register"); err != nil || res.StatusCode != http.StatusNotFound && !strings.HasSuffix(res.Request.URL.Path, "/signin") {
			t.Errorf("an unpublished register answered %v at %v", res.StatusCode, res.Request.URL)
		}
		srv, err := New(svc, Config{PublicRegister: true})
		if err != nil {
			t.Fatal(err)
		}
		pub := httptest.NewServer(srv.Handler())
		defer pub.Close()

		// A partner on a decided check, named by the administrator.
		var decided *kscheck.Case
		s.EachCase(ctx, actorFor(t, svc, "auditor@demo.kscheck.org"), kscheck.CaseFilter{States: []kscheck.State{kscheck.StateDecided}}, func(c *kscheck.Case) error {
			decided = c
			return nil
		})
		p := &kscheck.Partner{Name: "Example Technical University", Type: kscheck.PartnerOrganization, Country: "DE"}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.UpsertPartner(ctx, p); err != nil {
				return err
			}
			if err := tx.LinkPartner(ctx, decided.ID, p.ID); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, &kscheck.AuditEntry{At: svc.Now(), ActorName: "system", Action: "partner.add", CaseID: decided.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		anon := &client{t: t, base: pub.URL, http: &http.Client{}}
		res, body := anon.get("/public/register?lang=en")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Published decision register") || !strings.Contains(body, "Germany") {
			t.Fatalf("public register: %d", res.StatusCode)
		}
		if strings.Contains(body, p.Name) {
			t.Error("the organisation is named before an administrator made it public")
		}
		for _, a := range demo.Accounts {
			if strings.Contains(body, a.Name) {
				t.Errorf("the public register names %s", a.Name)
			}
		}

		admin := signIn(t, pub.URL, "admin@demo.kscheck.org")
		admin.page("/partners?q=Example", http.StatusOK, p.Name, "Name it")
		admin.expect("/partners/"+strconv.FormatInt(p.ID, 10)+"/public", url.Values{"public": {"yes"}}, http.StatusOK)
		if _, body := anon.get("/public/register?lang=nl"); !strings.Contains(body, p.Name) || !strings.Contains(body, "Duitsland") {
			t.Error("the organisation made public is not named on the Dutch public page")
		}
		res, body = anon.get("/public/register/export?format=csv")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, p.Name) {
			t.Errorf("public export: %d", res.StatusCode)
		}
		// The Desk merges; an initiator has no partner page.
		signIn(t, pub.URL, "desk@demo.kscheck.org").page("/partners", http.StatusOK, "Merge the ticked partners")
		if res, _ := signIn(t, pub.URL, "initiator@demo.kscheck.org").get("/partners"); res.StatusCode != http.StatusForbidden {
			t.Errorf("initiator's partner page: %d, want 403", res.StatusCode)
		}
	})
}
