package service

import (
	"context"
	"errors"
	"sync"

	"github.com/kscheck/kscheck/internal/checkpoint"
	"github.com/kscheck/kscheck/internal/kscheck"
)

// verifiedHeads remembers how far this process has verified each chain,
// so that each view of /audit checks only the entries added since, not
// the whole chain again.
type verifiedHeads struct {
	mu    sync.Mutex
	heads map[kscheck.Chain]kscheck.ChainHead
}

// WriteCheckpoint appends the heads of the audit trail and the access log
// to the checkpoint file (Service.Checkpoints) and returns them.
func (s *Service) WriteCheckpoint(ctx context.Context) (kscheck.Checkpoint, error) {
	if s.Checkpoints == "" {
		return kscheck.Checkpoint{}, kscheck.Errorf(kscheck.EInvalid, "no checkpoint file is configured").Translated("err.trail.no_checkpoint")
	}
	changes, reads, err := s.store.Checkpoint(ctx)
	if err != nil {
		return kscheck.Checkpoint{}, err
	}
	cp := kscheck.Checkpoint{At: s.Now(), Changes: changes, Reads: reads}
	return cp, checkpoint.Append(s.Checkpoints, cp)
}

// TrailCheck is the result of verifying both chains.
type TrailCheck struct {
	Changes, Reads int64               // entries checked in each chain
	Checkpoint     *kscheck.Checkpoint // the checkpoint compared against; nil: none was written yet
	Break          *kscheck.AuditBreak // nil: intact
}

// VerifyTrail walks the whole audit trail and access log, checking every
// hash and link, and then that both still hold the heads of the last
// checkpoint, so that removing or rewriting the newest entries shows.
func (s *Service) VerifyTrail(ctx context.Context) (*TrailCheck, error) {
	r := &TrailCheck{}
	var err error
	if _, r.Changes, r.Break, err = s.store.VerifyChain(ctx, kscheck.Changes, nil); err != nil || r.Break != nil {
		return r, err
	}
	if _, r.Reads, r.Break, err = s.store.VerifyChain(ctx, kscheck.Reads, nil); err != nil || r.Break != nil {
		return r, err
	}
	cp, err := s.lastCheckpoint()
	if err != nil || cp == nil {
		return r, err
	}
	r.Checkpoint = cp
	if r.Break, err = s.store.CheckHead(ctx, kscheck.Changes, cp.Changes); err != nil || r.Break != nil {
		return r, err
	}
	r.Break, err = s.store.CheckHead(ctx, kscheck.Reads, cp.Reads)
	return r, err
}

// lastCheckpoint reads the newest checkpoint; nil when none is configured
// or none was written yet.
func (s *Service) lastCheckpoint() (*kscheck.Checkpoint, error) {
	if s.Checkpoints == "" {
		return nil, nil
	}
	cp, err := checkpoint.Last(s.Checkpoints)
	if errors.Is(err, checkpoint.ErrNone) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &cp, nil
}

// verifySince verifies chain from the furthest point known to be good
// (what this process verified before, or else the chain's head in the
// last checkpoint) to its end, and returns the number of entries now known
// intact and where it is broken. The first view in a process without a
// checkpoint walks the whole chain.
func (s *Service) verifySince(ctx context.Context, chain kscheck.Chain) (int64, *kscheck.AuditBreak, error) {
	s.verified.mu.Lock()
	defer s.verified.mu.Unlock()
	var anchor *kscheck.ChainHead
	if head, ok := s.verified.heads[chain]; ok {
		anchor = &head
	} else {
		cp, err := s.lastCheckpoint()
		if err != nil {
			return 0, nil, err
		}
		if cp != nil {
			anchor = &cp.Changes
			if chain == kscheck.Reads {
				anchor = &cp.Reads
			}
		}
	}
	last, _, broken, err := s.store.VerifyChain(ctx, chain, anchor)
	if err != nil || broken != nil {
		return 0, broken, err
	}
	if last.Seq > 0 {
		if s.verified.heads == nil {
			s.verified.heads = map[kscheck.Chain]kscheck.ChainHead{}
		}
		s.verified.heads[chain] = last
	}
	return last.Seq, nil, nil
}
