package service

import (
	"context"
	"fmt"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/store"
)

// MayViewLists says whether the actor sees the lists page: administrators,
// who keep the lists, and the Advice Desk, whose screening depends on them
// and who must know how old they are.
func MayViewLists(a kscheck.Actor) bool {
	return a.HasAnywhere(kscheck.RoleAdmin) || a.HasAnywhere(kscheck.RoleDeskCoordinator) || a.HasAnywhere(kscheck.RoleDeskAdviser)
}

// MayImportLists says whether the actor may import list snapshots: only
// administrators, as on the command line.
func MayImportLists(a kscheck.Actor) bool { return a.HasAnywhere(kscheck.RoleAdmin) }

// checkMayImportLists refuses anyone but an administrator or the system
// itself (the command line and the scheduled update).
func checkMayImportLists(a kscheck.Actor) error {
	if a.Person.ID != 0 && !MayImportLists(a) {
		return kscheck.Errorf(kscheck.EForbidden, "only an administrator imports list snapshots").Translated("err.lists.import")
	}
	return nil
}

// ListSource is one list as the lists page shows it: the snapshot that
// screening uses now, if any, and what falls short about it.
type ListSource struct {
	List   screening.ListID
	Active *screening.Ref // nil: no snapshot, the list is not screened against
	Source string         // where the active snapshot was read from
	Gaps   []screening.Gap
}

// ListsOverview is every list with its active snapshot.
type ListsOverview struct {
	Sources   []ListSource
	MayImport bool
}

// Lists returns every list kscheck reads with the snapshot screening uses
// now and its coverage gaps, for administrators and the Advice Desk.
func (s *Service) Lists(ctx context.Context, actor kscheck.Actor) (ListsOverview, error) {
	if !MayViewLists(actor) {
		return ListsOverview{}, kscheck.Errorf(kscheck.EForbidden, "only administrators and the Advice Desk see the lists").Translated("err.lists.view")
	}
	snaps, err := s.screenedSnapshots(ctx)
	if err != nil {
		return ListsOverview{}, err
	}
	byList := map[screening.ListID]*screening.Snapshot{}
	refs := make([]screening.Ref, len(snaps))
	for i, sn := range snaps {
		byList[sn.List] = sn
		refs[i] = sn.Ref()
	}
	gaps := map[screening.ListID][]screening.Gap{}
	for _, g := range screening.CoverageOf(refs, s.Now()).Gaps {
		gaps[g.List] = append(gaps[g.List], g)
	}
	out := ListsOverview{MayImport: MayImportLists(actor)}
	for _, l := range screening.Lists {
		src := ListSource{List: l, Gaps: gaps[l]}
		if sn := byList[l]; sn != nil {
			ref := sn.Ref()
			src.Active, src.Source = &ref, sn.Source
		}
		out.Sources = append(out.Sources, src)
	}
	return out, nil
}

// screenedSnapshots are the snapshots a screening run now uses: the
// active ones, and the bundled copies of lists without one.
func (s *Service) screenedSnapshots(ctx context.Context) ([]*screening.Snapshot, error) {
	if s.Screening == nil {
		return nil, nil
	}
	ix, err := s.Screening.Index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.Snapshots(), nil
}

// ImportLists makes snaps the active snapshots of their lists, for an
// administrator on the lists page or the command line (System), in one
// transaction with an audit entry per list. A snapshot that lost more than
// screening.MaxShrink of its list's entries is refused, naming both counts,
// unless allowShrink, and then nothing is imported: the active snapshots
// stay in force. A shrink let through is marked in the audit entry.
// Callers re-screen afterwards (Rescreen).
func (s *Service) ImportLists(ctx context.Context, actor kscheck.Actor, snaps []*screening.Snapshot, allowShrink bool) error {
	if err := checkMayImportLists(actor); err != nil {
		return err
	}
	if len(snaps) == 0 {
		return kscheck.Errorf(kscheck.EInvalid, "no list file of a known format was given").Translated("lists.err.none")
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		active, err := tx.ActiveSnapshotRefs(ctx)
		if err != nil {
			return err
		}
		current := map[screening.ListID]screening.Ref{}
		for _, r := range active {
			current[r.List] = r
		}
		for _, sn := range snaps {
			prev := current[sn.List]
			shrink := screening.CheckShrink(prev, sn)
			if shrink != nil && !allowShrink {
				return shrink
			}
			if _, err := tx.SaveSnapshot(ctx, sn); err != nil {
				return fmt.Errorf("saving the %s snapshot: %w", sn.List, err)
			}
			detail := map[string]any{"list": string(sn.List), "entries": len(sn.Entities), "previous_entries": prev.Entries,
				"sha256": sn.SHA256, "source": sn.Source}
			if shrink != nil {
				detail["shrink_allowed"] = true
			}
			if err := s.audit(ctx, tx, actor, "lists.import", nil, "", detail); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if s.Screening != nil {
		if err := s.Screening.Reload(ctx); err != nil {
			return fmt.Errorf("the lists were imported, but the list index could not be rebuilt: %w", err)
		}
	}
	return nil
}

// MaxListUploadBytes bounds the files of one upload on the lists page
// together. The UN, EU, UK and CSL files are well below it; OFAC's
// sdn_advanced.xml is larger and is imported on the command line.
const MaxListUploadBytes = 64 << 20

// ImportListFiles reads list files uploaded by an administrator (name and
// content; the format and list are recognised from them) and imports them
// with ImportLists.
func (s *Service) ImportListFiles(ctx context.Context, actor kscheck.Actor, files map[string][]byte, allowShrink bool) error {
	if err := checkMayImportLists(actor); err != nil {
		return err // before the upload is read
	}
	snaps, err := screening.ReadUpload(files, s.Now().UTC())
	if err != nil {
		return err
	}
	return s.ImportLists(ctx, actor, snaps, allowShrink)
}

// ListImporter is where the list updater saves what it downloads: each new
// snapshot goes through ImportLists as actor, so that an update obeys the
// same rules and leaves the same audit entries as an import.
func (s *Service) ListImporter(actor kscheck.Actor, allowShrink bool) screening.UpdateStore {
	return listImporter{s: s, actor: actor, allowShrink: allowShrink}
}

type listImporter struct {
	s           *Service
	actor       kscheck.Actor
	allowShrink bool
}

func (l listImporter) SaveSnapshot(ctx context.Context, sn *screening.Snapshot) (int64, error) {
	return 0, l.s.ImportLists(ctx, l.actor, []*screening.Snapshot{sn}, l.allowShrink)
}

func (l listImporter) ActiveSnapshotRefs(ctx context.Context) ([]screening.Ref, error) {
	return l.s.store.ActiveSnapshotRefs(ctx)
}

// SyncLists rebuilds the list index when another server on the same
// database changed the active snapshots; it says whether it did.
func (s *Service) SyncLists(ctx context.Context) (bool, error) {
	if s.Screening == nil {
		return false, nil
	}
	return s.Screening.Sync(ctx)
}
