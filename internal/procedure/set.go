package procedure

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/procedures"
)

// UnitTree answers where a unit sits in the organisation: the codes from
// the root down to the unit itself. An unknown unit is a kscheck.ENotFound
// error.
type UnitTree interface {
	UnitPath(ctx context.Context, code string) ([]string, error)
}

// Set is the procedures an installation knows: the shipped ones plus those
// an administrator uploaded and activated. It is safe for concurrent use: a
// running server adds and retires versions while requests resolve them.
//
// A retired version stays in the set, because cases started under it keep
// it, but it no longer resolves for new cases.
type Set struct {
	mu      sync.RWMutex
	procs   []*Procedure
	retired map[string]bool // by Ref
}

// NewSet returns a set of ps; it fails if a version appears twice.
func NewSet(ps ...*Procedure) (*Set, error) {
	s := &Set{}
	for _, p := range ps {
		if err := s.Add(p); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Add adds a version. Versions are immutable once added: adding an id and
// version the set already holds is a conflict, never an overwrite, so a
// case pinned to a version always sees the same questions.
func (s *Set) Add(p *Procedure) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(p)
}

func (s *Set) add(p *Procedure) error {
	for _, q := range s.procs {
		if q.ID == p.ID && q.Version == p.Version {
			return kscheck.Errorf(kscheck.EConflict, "procedure %s already exists; a published version never changes, so upload it under a new version", p.Ref()).Translated("err.procedure.exists_set")
		}
	}
	s.procs = append(s.procs, p)
	return nil
}

// AddChecked parses f, checks it against the set as CheckNew does and adds
// it, all under one lock, so that two versions activated at the same time
// cannot together overlap. Problems come back as a Problems error.
func (s *Set) AddChecked(f File) (*Procedure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if probs := s.checkNew(f); len(probs) > 0 {
		return nil, Problems(probs)
	}
	p, err := Parse(f.Name, f.Src)
	if err != nil {
		return nil, err
	}
	return p, s.add(p)
}

// Remove takes a version out of the set again. It exists only to undo an
// AddChecked whose recording in the database failed; published versions
// are retired, never removed.
func (s *Set) Remove(id, version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.procs = slices.DeleteFunc(s.procs, func(p *Procedure) bool { return p.ID == id && p.Version == version })
}

// Retire stops a version from resolving for new cases; cases pinned to it
// still Get it.
func (s *Set) Retire(id, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.procs {
		if p.ID == id && p.Version == version {
			if s.retired == nil {
				s.retired = map[string]bool{}
			}
			s.retired[p.Ref()] = true
			return nil
		}
	}
	return kscheck.Errorf(kscheck.ENotFound, "there is no procedure %s@%s", id, version).Translated("err.procedure.not_found")
}

// Retired reports whether the version ref ("id@version") is retired.
func (s *Set) Retired(ref string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.retired[ref]
}

// Procedures returns every version in the set, in the order added.
func (s *Set) Procedures() []*Procedure {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.procs)
}

// Get returns the procedure id at version; an empty version means the
// version that starts last, preferring versions that are not retired.
func (s *Set) Get(id, version string) (*Procedure, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var found *Procedure
	for _, p := range s.procs {
		if p.ID != id || (version != "" && p.Version != version) {
			continue
		}
		if found == nil || s.newer(p, found) {
			found = p
		}
	}
	if found == nil {
		if version != "" {
			id += "@" + version
		}
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no procedure %s; `kscheck procedure resolve` shows the one in force", id).Translated("err.procedure.no_id")
	}
	return found, nil
}

// newer reports whether p is a better "latest version" than q: a version
// in use beats a retired one, then the later start wins.
func (s *Set) newer(p, q *Procedure) bool {
	if pr, qr := s.retired[p.Ref()], s.retired[q.Ref()]; pr != qr {
		return qr
	}
	return p.from.After(q.from)
}

// GetRef is Get for "id" or "id@version".
func (s *Set) GetRef(ref string) (*Procedure, error) {
	id, version, _ := strings.Cut(ref, "@")
	return s.Get(id, version)
}

// Resolve returns the knowledge security procedure in force for unit on day.
func (s *Set) Resolve(ctx context.Context, tree UnitTree, unit string, day time.Time) (*Procedure, error) {
	return s.ResolveTrack(ctx, tree, kscheck.TrackKnowledgeSecurity, unit, day)
}

// ResolveTrack returns the procedure of track in force for unit on day. The
// most specific wins: one naming the unit itself beats one naming its
// faculty, which beats the university's. Among versions of one procedure
// the one that starts last wins. Two different procedures equally specific
// on that day are a conflict that `procedure check` reports beforehand.
func (s *Set) ResolveTrack(ctx context.Context, tree UnitTree, track kscheck.Track, unit string, day time.Time) (*Procedure, error) {
	path, err := tree.UnitPath(ctx, unit)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var best []*Procedure
	bestDepth := -1
	for _, p := range s.procs {
		if p.Track != track || !p.InForce(day) || s.retired[p.Ref()] {
			continue
		}
		depth := -1
		for i, code := range path {
			if slices.Contains(p.AppliesTo.Units, code) {
				depth = i
			}
		}
		switch {
		case depth < 0 || depth < bestDepth:
			continue
		case depth > bestDepth:
			best, bestDepth = nil, depth
		}
		best = append(best, p)
	}
	if len(best) == 0 {
		return nil, kscheck.Errorf(kscheck.ENotFound, "no %s procedure in force for unit %q on %s", track.Term(), unit, day.Format(dateLayout)).Translated("err.procedure.none_in_force")
	}
	return newestVersion(best, unit, day)
}

// newestVersion picks, from equally specific candidates, the version that
// starts last; candidates of different procedures are a conflict.
func newestVersion(cands []*Procedure, unit string, day time.Time) (*Procedure, error) {
	win := cands[0]
	for _, p := range cands[1:] {
		if p.ID != win.ID || p.from.Equal(win.from) {
			return nil, kscheck.Errorf(kscheck.EConflict,
				"%s and %s are both in force for unit %q on %s at the same level; run `kscheck procedure check` on them and change their units or dates",
				win.Ref(), p.Ref(), unit, day.Format(dateLayout)).Translated("err.procedure.both_in_force")
		}
		if p.from.After(win.from) {
			win = p
		}
	}
	return win, nil
}

// Shipped returns the procedures carried in the binary, parsed once.
var Shipped = sync.OnceValues(func() ([]*Procedure, error) {
	files, err := ShippedFiles()
	if err != nil {
		return nil, err
	}
	ps := make([]*Procedure, 0, len(files))
	for _, f := range files {
		p, err := Parse(f.Name, f.Src)
		if err != nil {
			return nil, fmt.Errorf("shipped procedure: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, nil
})

// ShippedFiles returns the shipped procedure files, for checking them.
func ShippedFiles() ([]File, error) {
	names, err := fs.Glob(procedures.FS, "*.yaml")
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(procedures.FS, name)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: "procedures/" + name, Src: src})
	}
	return files, nil
}
