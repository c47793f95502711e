package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Hasher checks passwords with a bounded number of argon2id computations
// at once: each takes 64 MiB, so forty sign-ins at the same moment would
// otherwise take 2.5 GB. An attempt waits up to Wait for a free slot, and
// is then refused as busy. Unknown accounts are checked against a dummy
// hash with the same parameters, so that the time an answer takes does not
// tell a known address from an unknown one.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration

	dummyOnce sync.Once
	dummy     string

	computed atomic.Int64 // argon2id computations done
	running  atomic.Int64
	peak     atomic.Int64
}

// NewHasher returns a hasher that runs at most slots computations at once
// and lets an attempt wait at most wait for one.
func NewHasher(slots int, wait time.Duration) *Hasher {
	return &Hasher{slots: make(chan struct{}, max(slots, 1)), wait: wait}
}

// ErrBusy refuses an attempt when every slot stayed taken for the wait.
var ErrBusy = kscheck.Errorf(kscheck.ETooMany, "the server is busy checking other sign-ins; wait a moment and try again").Translated("err.signin.busy")

// Check reports whether password matches hash; an empty hash (an unknown
// or inactive account, or one that signs in only through single sign-on)
// is checked against the dummy, and never matches.
func (h *Hasher) Check(ctx context.Context, hash, password string) (bool, error) {
	known := hash != ""
	if !known {
		hash = h.dummyHash()
	}
	var ok bool
	err := h.run(ctx, func() { ok = CheckPassword(hash, password) })
	return ok && known, err
}

// Stats returns how many computations were done and the most that ran at
// once, for tests and measurements.
func (h *Hasher) Stats() (computed, peak int64) {
	return h.computed.Load(), h.peak.Load()
}

func (h *Hasher) run(ctx context.Context, compute func()) error {
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-timer.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.slots }()
	n := h.running.Add(1)
	defer h.running.Add(-1)
	for {
		if p := h.peak.Load(); n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	h.computed.Add(1)
	compute()
	return nil
}

// dummyHash is a hash of a random password with the real parameters,
// made once.
func (h *Hasher) dummyHash() string {
	h.dummyOnce.Do(func() {
		b := make([]byte, 24)
		rand.Read(b)
		h.dummy, _ = HashPassword(base64.RawStdEncoding.EncodeToString(b))
	})
	return h.dummy
}
