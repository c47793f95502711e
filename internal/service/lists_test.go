package service_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// dplSnapshot is a BIS Denied Persons List snapshot of n entries.
func dplSnapshot(n int, sha string) *screening.Snapshot {
	sn := &screening.Snapshot{List: screening.ListBISDPL, Source: sha, SHA256: sha, Fetched: time.Now()}
	for i := range n {
		sn.Entities = append(sn.Entities, &screening.Entity{List: screening.ListBISDPL, ID: strconv.Itoa(i), Names: []screening.Name{{Full: "x", Quality: "primary"}}})
	}
	return sn
}

// TestImportListsRefusesShrink: a snapshot that lost over 5% of its list
// is refused with both counts and the active one stays; allowShrink
// accepts it, and the audit trail says the shrink was let through.
func TestImportListsRefusesShrink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		admin, auditor := who("admin@demo.kscheck.org"), who("auditor@demo.kscheck.org")
		if err := svc.ImportLists(ctx, service.System, []*screening.Snapshot{dplSnapshot(100, "full")}, false); err != nil {
			t.Fatal(err)
		}
		err := svc.ImportLists(ctx, admin, []*screening.Snapshot{dplSnapshot(50, "cut")}, false)
		if kscheck.ErrorCode(err) != kscheck.EInvalid || !strings.Contains(err.Error(), "has 50 entries") || !strings.Contains(err.Error(), "the 100 of the active snapshot") {
			t.Fatalf("cut list: %v", err)
		}
		if active, _ := s.ActiveSnapshots(ctx); len(active) != 1 || active[0].SHA256 != "full" {
			t.Fatalf("the active snapshot changed: %+v", active)
		}
		if err := svc.ImportLists(ctx, admin, []*screening.Snapshot{dplSnapshot(50, "cut")}, true); err != nil {
			t.Fatal(err)
		}
		if active, _ := s.ActiveSnapshots(ctx); len(active) != 1 || active[0].SHA256 != "cut" {
			t.Fatalf("allowShrink did not import: %+v", active)
		}
		a, err := svc.Audit(ctx, auditor, kscheck.Changes, kscheck.AuditFilter{Action: "lists.import"})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Entries) != 2 {
			t.Fatalf("%d import entries, want 2 (the refused import leaves none)", len(a.Entries))
		}
		var allowed int
		for _, e := range a.Entries {
			if strings.Contains(e.Detail, `"shrink_allowed":true`) {
				allowed++
				if !strings.Contains(e.Detail, `"previous_entries":100`) || e.ActorName != admin.Person.Name {
					t.Errorf("shrink entry: %+v", e)
				}
			}
		}
		if allowed != 1 {
			t.Errorf("%d entries mark the allowed shrink, want 1", allowed)
		}
	})
}

// TestImportListsAuthorised: only administrators import; the Desk may see
// the lists, an initiator may not.
func TestImportListsAuthorised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, who := setup(t, s)
		svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		desk, eva, admin := who("desk@demo.kscheck.org"), who("initiator@demo.kscheck.org"), who("admin@demo.kscheck.org")
		if err := svc.ImportLists(ctx, desk, []*screening.Snapshot{dplSnapshot(3, "d")}, false); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("the Desk imported: %v", err)
		}
		if _, err := svc.Lists(ctx, eva); kscheck.ErrorCode(err) != kscheck.EForbidden {
			t.Errorf("an initiator sees the lists: %v", err)
		}
		o, err := svc.Lists(ctx, desk)
		if err != nil || o.MayImport || len(o.Sources) != len(screening.Lists) {
			t.Fatalf("the Desk's view: %+v, %v", o, err)
		}
		if err := svc.ImportLists(ctx, admin, nil, false); kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Errorf("an empty import: %v", err)
		}
		if err := svc.ImportLists(ctx, admin, []*screening.Snapshot{dplSnapshot(3, "d")}, false); err != nil {
			t.Fatal(err)
		}
		o, err = svc.Lists(ctx, admin)
		if err != nil || !o.MayImport {
			t.Fatalf("the administrator's view: %+v, %v", o, err)
		}
		for _, src := range o.Sources {
			if src.List == screening.ListBISDPL && (src.Active == nil || src.Active.Entries != 3 || src.Active.Bundled) {
				t.Errorf("the imported list is not the one screened against: %+v", src)
			}
		}
	})
}

// TestUpdateRefusesShrink: a download cut at a line boundary keeps the
// active snapshot, because the updater saves through ImportLists; with
// allowShrink it is saved.
func TestUpdateRefusesShrink(t *testing.T) {
	full := filepath.Join("..", "screening", "testdata", "dpl-excerpt.txt")
	raw, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Join(strings.SplitAfter(string(raw), "\n")[:4], "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(cut)) }))
	defer srv.Close()
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		svc, _ := setup(t, s)
		previous, err := screening.ReadPath(full)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ImportLists(ctx, service.System, previous, false); err != nil {
			t.Fatal(err)
		}
		src := []screening.Source{{List: screening.ListBISDPL, URLs: []string{srv.URL + "/dpl.txt"}}}
		u := &screening.Updater{Client: srv.Client(), Store: svc.ListImporter(service.System, false)}
		results, err := u.Update(ctx, src)
		if err != nil || results[0].Err == nil || !strings.Contains(results[0].Err.Error(), "the 7 of the active snapshot") {
			t.Fatalf("cut download: %v %+v", err, results)
		}
		if active, _ := s.ActiveSnapshotRefs(ctx); len(active) != 1 || active[0].SHA256 != previous[0].SHA256 {
			t.Fatalf("the active snapshot changed: %+v", active)
		}
		u.Store = svc.ListImporter(service.System, true)
		if results, _ = u.Update(ctx, src); results[0].Err != nil {
			t.Fatalf("allowShrink: %+v", results)
		}
		if active, _ := s.ActiveSnapshotRefs(ctx); len(active) != 1 || active[0].Entries != 3 {
			t.Fatalf("allowShrink did not save: %+v", active)
		}
	})
}

// TestSyncLists: a server whose index was built before another server on
// the same database imported a list rebuilds it on SyncLists, and only
// then; nothing changed, nothing is rebuilt.
func TestSyncLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ctx := context.Background()
		one, who := setup(t, s)
		admin := who("admin@demo.kscheck.org")
		two, _ := setup(t, s)
		for _, svc := range []*service.Service{one, two} {
			svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
		}
		if changed, err := two.SyncLists(ctx); changed || err != nil {
			t.Fatalf("sync before the index was built: %v, %v", changed, err)
		}
		if _, err := two.Screening.Index(ctx); err != nil {
			t.Fatal(err)
		}
		if changed, err := two.SyncLists(ctx); changed || err != nil {
			t.Fatalf("sync with nothing new: %v, %v", changed, err)
		}
		if err := one.ImportLists(ctx, admin, []*screening.Snapshot{dplSnapshot(3, "new")}, false); err != nil {
			t.Fatal(err)
		}
		if changed, err := two.SyncLists(ctx); !changed || err != nil {
			t.Fatalf("sync after an import elsewhere: %v, %v", changed, err)
		}
		ix, _ := two.Screening.Index(ctx)
		found := false
		for _, sn := range ix.Snapshots() {
			found = found || sn.List == screening.ListBISDPL && sn.SHA256 == "new"
		}
		if !found {
			t.Error("the second server does not screen against the imported snapshot")
		}
		if changed, err := two.SyncLists(ctx); changed || err != nil {
			t.Fatalf("second sync: %v, %v", changed, err)
		}
	})
}

// BenchmarkSyncLists measures what every server does every five seconds
// (unchanged: compare the stored active snapshots with the index's) and
// what it does when another server imported a list (rebuild: read and
// decode every active snapshot and build the index), with the bundled
// lists stored as the active snapshots.
func BenchmarkSyncLists(b *testing.B) {
	for _, db := range []struct{ name, dsn string }{{"sqlite", storetest.SQLiteDSN(b)}, {"postgres", storetest.PostgresDSN(b)}} {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			s, err := store.Open(ctx, db.dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			set, err := service.LoadProcedures(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			svc := service.New(s, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
			svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
			snaps, err := bundled.Snapshots()
			if err != nil {
				b.Fatal(err)
			}
			if err := svc.ImportLists(ctx, service.System, snaps, true); err != nil {
				b.Fatal(err)
			}
			b.Run("unchanged", func(b *testing.B) {
				for b.Loop() {
					if changed, err := svc.SyncLists(ctx); changed || err != nil {
						b.Fatal(changed, err)
					}
				}
			})
			b.Run("rebuild", func(b *testing.B) {
				for b.Loop() {
					if err := svc.Screening.Reload(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
