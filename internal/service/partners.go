package service

import (
	"context"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// Precedent is how often kscheck assessed a partner before: the earlier
// checks the reader may see, and how many others there are, which are
// counted and never shown.
type Precedent struct {
	Shown  []*kscheck.Case
	Others int
}

// Total is the number of earlier checks of the partner.
func (p Precedent) Total() int { return len(p.Shown) + p.Others }

// Precedents returns, per partner of check id, the earlier checks of that
// partner (matched on its ROR identifier where known, otherwise on its
// name and country, and through partners merged into it), for someone
// who may see the check.
func (s *Service) Precedents(ctx context.Context, actor kscheck.Actor, id int64) (map[int64]Precedent, error) {
	c, err := s.store.Case(ctx, id)
	if err != nil || !kscheck.Can(actor, c, kscheck.PermView) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no check number %d, or you may not see it", id).Translated("err.case.not_found")
	}
	partners, err := s.store.CasePartners(ctx, id)
	if err != nil {
		return nil, err
	}
	out := map[int64]Precedent{}
	for _, p := range partners {
		prior, err := s.store.PartnerCases(ctx, p.ID, id)
		if err != nil {
			return nil, err
		}
		var pr Precedent
		for _, o := range prior {
			if kscheck.Can(actor, o, kscheck.PermView) {
				pr.Shown = append(pr.Shown, o)
			} else {
				pr.Others++
			}
		}
		out[p.ID] = pr
	}
	return out, nil
}

// mayManagePartners lets the Advice Desk (which merges duplicates) and
// administrators (who decide which names may be published) see the
// partner list.
func mayManagePartners(actor kscheck.Actor) error {
	if actor.HasAnywhere(kscheck.RoleAdmin) || actor.HasAnywhere(kscheck.RoleDeskCoordinator) || actor.HasAnywhere(kscheck.RoleDeskAdviser) {
		return nil
	}
	return kscheck.Errorf(kscheck.EForbidden, "the partner list is for the Advice Desk and administrators").Translated("err.access.partners")
}

// MayManagePartners says whether actor sees the partner list.
func MayManagePartners(actor kscheck.Actor) bool { return mayManagePartners(actor) == nil }

// FindPartners lists up to limit partners whose name contains q, with the
// number of checks each is on, for the Desk and administrators.
func (s *Service) FindPartners(ctx context.Context, actor kscheck.Actor, q string, limit int) ([]kscheck.PartnerUse, error) {
	if err := mayManagePartners(actor); err != nil {
		return nil, err
	}
	if err := kscheck.LimitSearch.Check(q); err != nil {
		return nil, err
	}
	return s.store.FindPartners(ctx, q, limit)
}

// MergePartners folds the partners drop into keep (the same organisation
// entered twice): the Advice Desk's decision, audited.
func (s *Service) MergePartners(ctx context.Context, actor kscheck.Actor, keep int64, drop []int64) error {
	if !actor.HasAnywhere(kscheck.RoleDeskCoordinator) && !actor.HasAnywhere(kscheck.RoleDeskAdviser) && actor.Person.ID != 0 {
		return kscheck.Errorf(kscheck.EForbidden, "only the Advice Desk merges partners").Translated("err.partner.merge_who")
	}
	if len(drop) == 0 {
		return kscheck.Errorf(kscheck.EInvalid, "choose at least one partner to merge into the one kept").Translated("err.partner.merge_none")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		k, err := tx.Partner(ctx, keep)
		if err != nil {
			return err
		}
		for _, d := range drop {
			p, err := tx.Partner(ctx, d)
			if err != nil {
				return err
			}
			if p.Type != k.Type {
				return kscheck.Errorf(kscheck.EInvalid, "%q is an %s and %q an %s: only partners of the same type can be the same partner", p.Name, p.Type.Term(), k.Name, k.Type.Term()).Translated("err.partner.merge_type")
			}
			moved, err := tx.MergePartner(ctx, keep, d)
			if err != nil {
				return err
			}
			err = s.audit(ctx, tx, actor, "partner.merge", nil, "", map[string]any{
				"kept": keep, "kept_name": k.Name, "merged": d, "merged_name": p.Name, "checks_moved": moved})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPartnerPublic decides whether the published decision register may
// name an organisation: an administrator's decision, audited. A person is
// never named.
func (s *Service) SetPartnerPublic(ctx context.Context, actor kscheck.Actor, id int64, public bool) error {
	if err := mayAdminister(actor, "decides which partners the published register names"); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		p, err := tx.Partner(ctx, id)
		if err != nil {
			return err
		}
		if public && p.Type != kscheck.PartnerOrganization {
			return kscheck.Errorf(kscheck.EInvalid, "%q is a person: the published register never names people", p.Name).Translated("err.partner.person_published")
		}
		if err := tx.SetPartnerPublic(ctx, id, public); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "partner.public", nil, "", map[string]any{"partner": id, "name": p.Name, "public": public})
	})
}
