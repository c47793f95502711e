package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestPrecedentsCountWhatOneMayNotSee: an initiator sees their own earlier
// check of a partner and only the number of others'; the ROR identifier
// makes two spellings one partner; the Desk merges a partner entered
// twice, and the precedents follow.
func TestPrecedentsMergeAndPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		eva, sanne, desk, admin := who("initiator@demo.kscheck.org"), who("initiator2@demo.kscheck.org"), who("desk@demo.kscheck.org"), who("admin@demo.kscheck.org")
		start := func(a kscheck.Actor, unit, title string, p kscheck.Partner) (*kscheck.Case, int64) {
			t.Helper()
			c, err := svc.StartCase(ctx, a, service.NewCase{Title: title, Kind: kscheck.KindResearchCollaboration, UnitCode: unit})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddPartner(ctx, a, c.ID, c.Version, &p); err != nil {
				t.Fatal(err)
			}
			return c, p.ID
		}
		hit := kscheck.Partner{Name: "Harbin Institute of Technology", Type: kscheck.PartnerOrganization, Country: "CN", RORID: "https://ror.org/01yqg2h08"}
		_, first := start(eva, "liacs", "Eva's first", hit)
		start(sanne, "lion", "Sanne's", hit)
		// Another spelling, same ROR identifier: the same partner.
		alias := hit
		alias.Name = "HIT"
		c3, third := start(eva, "liacs", "Eva's second", alias)
		if third != first {
			t.Errorf("the same ROR identifier made a new partner (%d, %d)", first, third)
		}
		pr, err := svc.Precedents(ctx, eva, c3.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p := pr[first]; len(p.Shown) != 1 || p.Shown[0].Title != "Eva's first" || p.Others != 1 {
			t.Errorf("Eva's precedents: %d shown, %d others; want her own one shown and Sanne's counted", len(p.Shown), p.Others)
		}
		if _, err := svc.Precedents(ctx, sanne, c3.ID); kscheck.ErrorCode(err) != kscheck.ENotFound {
			t.Errorf("precedents of a check one may not see: %v", err)
		}

		// Entered twice without the identifier: the Desk merges.
		c4, dup := start(sanne, "lion", "Sanne's second", kscheck.Partner{Name: "Harbin Inst. of Technology", Type: kscheck.PartnerOrganization, Country: "CN"})
		if dup == first {
			t.Fatal("the differently spelled partner without an identifier was matched; the test needs two partners")
		}
		if err := svc.MergePartners(ctx, eva, first, []int64{dup}); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator merged partners: %v", err)
		}
		if err := svc.MergePartners(ctx, desk, first, []int64{dup}); err != nil {
			t.Fatal(err)
		}
		partners, _ := s.CasePartners(ctx, c4.ID)
		if len(partners) != 1 || partners[0].ID != first {
			t.Errorf("after the merge the check's partner is %+v", partners)
		}
		if pr, _ = svc.Precedents(ctx, sanne, c4.ID); pr[first].Total() != 3 {
			t.Errorf("after the merge Sanne's check has %d precedents, want 3", pr[first].Total())
		}
		if list, _ := svc.FindPartners(ctx, desk, "harbin", 10); len(list) != 1 || list[0].Cases != 4 {
			t.Errorf("the partner list after the merge: %+v", list)
		}
		trail, _ := s.RecentAudit(ctx, 5)
		if trail[0].Action != "partner.merge" {
			t.Errorf("the merge is not audited: %s", trail[0].Action)
		}

		// Only an administrator names an organisation, never a person.
		if err := svc.SetPartnerPublic(ctx, desk, first, true); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("the Desk published a partner's name: %v", err)
		}
		if err := svc.SetPartnerPublic(ctx, admin, first, true); err != nil {
			t.Fatal(err)
		}
		_, person := start(eva, "liacs", "Visit", kscheck.Partner{Name: "Li Wei", Type: kscheck.PartnerIndividual, Country: "CN"})
		if err := svc.SetPartnerPublic(ctx, admin, person, true); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("a person's name was made public: %v", err)
		}
	})
}

// TestPublishedRegisterNamesNobody lists the decided checks without a name
// of a person, and names an organisation only once it is made public.
func TestPublishedRegisterNamesNobody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		if err := demo.SeedCases(ctx, svc, 120, 3, nil); err != nil {
			t.Fatal(err)
		}
		auditor := who("auditor@demo.kscheck.org")
		decided := 0
		s.EachCase(ctx, auditor, kscheck.CaseFilter{States: []kscheck.State{kscheck.StateDecided}}, func(c *kscheck.Case) error {
			decided++
			return nil
		})
		entries, total, err := svc.PublishedRegister(ctx, auditor, false, "en", 500, 0)
		if err != nil || total != decided || len(entries) != decided || decided == 0 {
			t.Fatalf("published register: %d of %d entries, %d decided, %v", len(entries), total, decided, err)
		}
		if _, _, err := svc.PublishedRegister(ctx, who("initiator@demo.kscheck.org"), false, "en", 10, 0); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator read the internal view: %v", err)
		}
		// Link a partner to the latest decided check: unnamed until public.
		var c *kscheck.Case
		s.EachCase(ctx, auditor, kscheck.CaseFilter{States: []kscheck.State{kscheck.StateDecided}}, func(x *kscheck.Case) error {
			if c == nil || x.VerdictAt.After(*c.VerdictAt) {
				c = x
			}
			return nil
		})
		p := &kscheck.Partner{Name: "Example Technical University", Type: kscheck.PartnerOrganization, Country: "DE"}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.UpsertPartner(ctx, p); err != nil {
				return err
			}
			if err := tx.LinkPartner(ctx, c.ID, p.ID); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, &kscheck.AuditEntry{At: time.Now(), ActorName: "system", Action: "partner.add", CaseID: c.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		named := func() bool {
			entries, _, err := svc.PublishedRegister(ctx, kscheck.Actor{}, true, "en", 500, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.Join(e.Partners, ",") == p.Name {
					if len(e.Countries) != 1 || e.Countries[0] != "Germany" {
						t.Errorf("countries %v, want Germany", e.Countries)
					}
					return true
				}
			}
			return false
		}
		if named() {
			t.Error("the partner is named before it was made public")
		}
		if err := svc.SetPartnerPublic(ctx, service.System, p.ID, true); err != nil {
			t.Fatal(err)
		}
		if !named() {
			t.Error("the public partner is not named")
		}
		for _, e := range entries {
			for _, a := range demo.Accounts {
				if strings.Contains(strings.Join(e.Partners, " ")+e.Faculty+e.Technology, a.Name) {
					t.Errorf("the register names %s", a.Name)
				}
			}
		}
	})
}
