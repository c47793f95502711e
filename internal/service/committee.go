package service

import (
	"context"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// recordDecision makes the verdict a record: it refuses a verdict the
// chair has not confirmed, checks that everyone named as taking part sits
// on the Committee for the check and is not recused from it, and stores
// who took part. It returns what the audit entry says of the decision.
func (s *Service) recordDecision(ctx context.Context, tx *store.Tx, actor kscheck.Actor, c *kscheck.Case, in ActInput) (map[string]any, error) {
	if !in.Confirmed {
		return nil, kscheck.Errorf(kscheck.EInvalid, "confirm that this is the verdict the Committee agreed: a recorded verdict is binding and cannot be changed").Translated("err.committee.confirm")
	}
	members, err := s.committeeOf(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	ids := []int64{actor.Person.ID}
	names := []string{actor.Person.Name}
	for _, id := range in.Participants {
		if slices.Contains(ids, id) {
			continue
		}
		m := slices.IndexFunc(members, func(p *kscheck.Person) bool { return p.ID == id })
		if m < 0 {
			return nil, kscheck.Errorf(kscheck.EInvalid, "person %d does not sit on the Committee for this check", id).Translated("err.committee.not_member_id")
		}
		if kscheck.Recused(kscheck.Actor{Person: *members[m]}, c) {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s is recused from this check and cannot take part in its verdict", members[m].Name).Translated("err.committee.recused")
		}
		ids, names = append(ids, id), append(names, members[m].Name)
	}
	if err := tx.AddParticipants(ctx, c.ID, *c.VerdictAt, ids); err != nil {
		return nil, err
	}
	conflicts, err := tx.Conflicts(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var declared []string
	for _, x := range conflicts {
		declared = append(declared, x.Name+": "+x.Reason)
	}
	record := map[string]any{"participants": names, "recorded_by": actor.Person.Name}
	if len(declared) > 0 {
		record["conflicts"] = declared
	}
	return record, nil
}

// committeeOf returns the Committee's chairs and members for c.
func (s *Service) committeeOf(ctx context.Context, tx *store.Tx, c *kscheck.Case) ([]*kscheck.Person, error) {
	chairs, err := tx.PeopleWithRole(ctx, kscheck.RoleCommitteeChair, c.UnitPath)
	if err != nil {
		return nil, err
	}
	members, err := tx.PeopleWithRole(ctx, kscheck.RoleCommitteeMember, c.UnitPath)
	return append(chairs, members...), err
}

// DeclareConflict records that a Committee member has a conflict of
// interest in a check, with the reason: from then on they are recused
// from its deliberation and verdict.
func (s *Service) DeclareConflict(ctx context.Context, actor kscheck.Actor, id, version int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return kscheck.Errorf(kscheck.EInvalid, "say in a sentence what your conflict of interest is, for example a joint grant with the partner").Translated("err.committee.conflict_text")
	}
	if err := kscheck.LimitReason.Check(reason); err != nil {
		return err
	}
	_, err := s.change(ctx, actor, id, version, "", "case.conflict.declare", func(tx *store.Tx, c *kscheck.Case) (map[string]any, error) {
		if !slices.Contains(kscheck.Involvements(actor, c), kscheck.InvolvedCommittee) {
			return nil, kscheck.Errorf(kscheck.EForbidden, "only members of the Committee declare conflicts of interest in a check before it").Translated("err.committee.conflict_who")
		}
		if err := tx.DeclareConflict(ctx, c.ID, actor.Person.ID, reason, s.Now()); err != nil {
			return nil, err
		}
		return map[string]any{"reason": reason}, nil
	})
	return err
}

// Decision is the Committee's record of a verdict: who took part and the
// conflicts of interest declared.
type Decision struct {
	Participants []string
	Conflicts    []store.Conflict
}

// decisionOf reads the record of c's latest verdict (none before one).
func decisionOf(ctx context.Context, tx *store.Tx, c *kscheck.Case) (*Decision, error) {
	d := &Decision{}
	var err error
	if d.Conflicts, err = tx.Conflicts(ctx, c.ID); err != nil {
		return nil, err
	}
	if c.VerdictAt != nil {
		if d.Participants, err = tx.Participants(ctx, c.ID, *c.VerdictAt); err != nil {
			return nil, err
		}
	}
	return d, nil
}
