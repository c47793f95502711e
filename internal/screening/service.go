package screening

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Service screens partners against the active snapshots. It builds its
// index on first use and again after Reload; searches run concurrently.
type Service struct {
	store      SnapshotStore               // nil: only the fallback
	fallback   func() ([]*Snapshot, error) // the bundled snapshots
	thresholds Thresholds

	mu    sync.Mutex // serialises building the index
	index atomic.Pointer[Index]
	// loaded names the store's snapshots the index was built from (see
	// signature), so that Sync sees when another server changed them.
	loaded atomic.Pointer[string]
}

// NewService returns a service over the store's active snapshots. Lists
// without an active snapshot in the store are screened against the
// fallback's (the bundled copies), so that a fresh installation, or one
// that imported only some lists, still screens against every list.
func NewService(store SnapshotStore, fallback func() ([]*Snapshot, error), th Thresholds) *Service {
	return &Service{store: store, fallback: fallback, thresholds: th}
}

// NewServiceFor returns a service over fixed snapshots (screen --lists).
func NewServiceFor(snaps []*Snapshot, th Thresholds) *Service {
	s := &Service{thresholds: th}
	s.index.Store(NewIndex(snaps))
	return s
}

// Thresholds returns the thresholds the service applies.
func (s *Service) Thresholds() Thresholds { return s.thresholds }

// Index returns the current index, building it if needed.
func (s *Service) Index(ctx context.Context) (*Index, error) {
	if ix := s.index.Load(); ix != nil {
		return ix, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ix := s.index.Load(); ix != nil {
		return ix, nil
	}
	return s.build(ctx)
}

// build makes a new index of the active snapshots and makes it current;
// the caller holds mu.
func (s *Service) build(ctx context.Context) (*Index, error) {
	snaps, sig, err := s.activeSnapshots(ctx)
	if err != nil {
		return nil, err
	}
	ix := NewIndex(snaps)
	s.index.Store(ix)
	s.loaded.Store(&sig)
	return ix, nil
}

// Reload rebuilds the index from the store's current snapshots; call it
// after saving a snapshot. Searches running meanwhile finish on the old
// index. What changed for each case partner is worked out against the
// hits recorded in the database (service.Rescreen), not here.
func (s *Service) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.build(ctx)
	return err
}

// Sync rebuilds the index when the store's set of active snapshots is no
// longer the one it was built from: another server on the same database
// imported or updated a list. It reads only the snapshots' citations
// unless something changed, so servers can call it every few seconds. An
// index not built yet is left to be built on first use.
func (s *Service) Sync(ctx context.Context) (changed bool, err error) {
	if s.store == nil || s.index.Load() == nil {
		return false, nil
	}
	refs, err := s.store.ActiveSnapshotRefs(ctx)
	if err != nil {
		return false, fmt.Errorf("reading the active list snapshots: %w", err)
	}
	if sig := signature(refs); *s.loaded.Load() == sig {
		return false, nil
	}
	return true, s.Reload(ctx)
}

// signature names a set of snapshots by list and SHA-256, in list order.
func signature(refs []Ref) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = string(r.List) + "@" + r.SHA256
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// activeSnapshots returns the store's active snapshots, completed with the
// fallback's for lists the store has none of, and the signature of the
// store's ones.
func (s *Service) activeSnapshots(ctx context.Context) ([]*Snapshot, string, error) {
	var snaps []*Snapshot
	if s.store != nil {
		var err error
		if snaps, err = s.store.ActiveSnapshots(ctx); err != nil {
			return nil, "", fmt.Errorf("loading list snapshots: %w", err)
		}
	}
	refs := make([]Ref, len(snaps))
	for i, sn := range snaps {
		refs[i] = sn.Ref()
	}
	sig := signature(refs)
	if s.fallback == nil {
		return snaps, sig, nil
	}
	have := map[ListID]bool{}
	for _, sn := range snaps {
		have[sn.List] = true
	}
	extra, err := s.fallback()
	if err != nil {
		return nil, "", fmt.Errorf("loading the bundled lists: %w", err)
	}
	for _, sn := range extra {
		if !have[sn.List] {
			snaps = append(snaps, sn)
		}
	}
	return snaps, sig, nil
}

// Result is the outcome of screening one query: the candidates at or
// above the review threshold, best first, and the snapshots screened
// against, so that a case records what it was checked with.
type Result struct {
	Query     Query    `json:"query"`
	Matches   []Match  `json:"matches"`
	Snapshots []Ref    `json:"snapshots"`
	Coverage  Coverage `json:"coverage"`
}

// Screen screens one partner.
func (s *Service) Screen(ctx context.Context, q Query) (Result, error) {
	ix, err := s.Index(ctx)
	if err != nil {
		return Result{Query: q}, err
	}
	return ix.Screen(q, s.thresholds)
}

// Limits of one query. A partner's name, even a long official one in
// several scripts, fits easily; a longer query is a description or an
// attempt to make every search slow (a 60,000-character name took five
// seconds), and is refused before any work is done.
const (
	MaxQueryRunes = 300
	MaxQueryWords = 20
)

// CheckQuery refuses a name over MaxQueryRunes characters or MaxQueryWords
// words, saying which limit and what to give instead.
func CheckQuery(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxQueryRunes {
		return kscheck.Errorf(kscheck.EInvalid, "the name to screen is %d characters long; give at most %d characters (the partner's name, not a description)", n, MaxQueryRunes).Translated("err.screening.name_long")
	}
	if n := len(strings.Fields(name)); n > MaxQueryWords {
		return kscheck.Errorf(kscheck.EInvalid, "the name to screen has %d words; give at most %d words (the partner's name, not a description)", n, MaxQueryWords).Translated("err.screening.name_words")
	}
	return nil
}

// Screen screens one partner against the index at the given thresholds.
func (ix *Index) Screen(q Query, th Thresholds) (Result, error) {
	if err := CheckQuery(q.Name); err != nil {
		return Result{Query: q}, err
	}
	q, err := normalizeQuery(q)
	if err != nil {
		return Result{Query: q}, err
	}
	res := Result{Query: q, Matches: ix.search(q, th)}
	if res.Matches == nil {
		res.Matches = []Match{}
	}
	for _, sn := range ix.snaps {
		res.Snapshots = append(res.Snapshots, sn.Ref())
	}
	res.Coverage = CoverageOf(res.Snapshots, time.Now())
	return res, nil
}

// Entity returns the entry id of the list in the index's snapshots, or nil.
func (ix *Index) Entity(list ListID, id string) *Entity {
	for _, sn := range ix.snaps {
		if sn.List != list {
			continue
		}
		for _, e := range sn.Entities {
			if e.ID == id {
				return e
			}
		}
	}
	return nil
}
