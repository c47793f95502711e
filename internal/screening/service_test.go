package screening

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// memStore is a SnapshotStore in memory.
type memStore struct {
	mu     sync.Mutex
	saved  []*Snapshot
	active map[ListID]*Snapshot
}

func (m *memStore) SaveSnapshot(_ context.Context, s *Snapshot) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.active == nil {
		m.active = map[ListID]*Snapshot{}
	}
	m.saved = append(m.saved, s)
	m.active[s.List] = s
	return int64(len(m.saved)), nil
}

func (m *memStore) ActiveSnapshotRefs(ctx context.Context) ([]Ref, error) {
	snaps, _ := m.ActiveSnapshots(ctx)
	refs := make([]Ref, len(snaps))
	for i, s := range snaps {
		refs[i] = s.Ref()
	}
	return refs, nil
}

func (m *memStore) ActiveSnapshots(context.Context) ([]*Snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*Snapshot
	for _, l := range Lists {
		if s := m.active[l]; s != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

func testdataSnapshots(t testing.TB, names ...string) func() ([]*Snapshot, error) {
	return func() ([]*Snapshot, error) {
		var out []*Snapshot
		for _, n := range names {
			out = append(out, readOne(t, filepath.Join("testdata", n)))
		}
		return out, nil
	}
}

// TestServiceStoreAndFallback: the store's snapshot of a list replaces the
// fallback's; lists the store lacks come from the fallback.
func TestServiceStoreAndFallback(t *testing.T) {
	ctx := context.Background()
	store := &memStore{}
	store.SaveSnapshot(ctx, readOne(t, filepath.Join("testdata", "eu-handmade.xml")))
	svc := NewService(store, testdataSnapshots(t, "aspi-excerpt.json", "eu-handmade.csv"), DefaultThresholds)
	res, err := svc.Screen(ctx, Query{Name: "Internet Research Agency"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 1 || res.Matches[0].Snapshot.SHA256 != store.active[ListEU].SHA256 {
		t.Fatalf("matches %+v, want the stored EU snapshot's entry", res.Matches)
	}
	if len(res.Snapshots) != 2 {
		t.Errorf("screened against %d snapshots, want 2 (stored EU, bundled ASPI)", len(res.Snapshots))
	}
	res, _ = svc.Screen(ctx, Query{Name: "NUDT"})
	if len(res.Matches) != 1 || res.Matches[0].List != ListASPI {
		t.Errorf("NUDT: %+v", res.Matches)
	}
	if _, err := svc.Screen(ctx, Query{Name: " "}); err == nil {
		t.Error("an empty name was accepted")
	}
	if _, err := svc.Screen(ctx, Query{Name: "x", Type: "vessel"}); err == nil {
		t.Error("an unknown type was accepted")
	}
}

// TestSnapshotBinary: a snapshot survives the blob the store keeps.
func TestSnapshotBinary(t *testing.T) {
	s := readOne(t, filepath.Join("testdata", "un-excerpt.xml"))
	blob, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Snapshot
	if err := back.UnmarshalBinary(blob); err != nil {
		t.Fatal(err)
	}
	if back.SHA256 != s.SHA256 || !back.Published.Equal(s.Published) || len(back.Entities) != 5 ||
		back.Entities[0].Names[0] != s.Entities[0].Names[0] || back.Counts["person"] != 3 {
		t.Errorf("round trip lost data: %+v", back)
	}
	if err := back.UnmarshalBinary(blob[:len(blob)/2]); err == nil {
		t.Error("a truncated blob was accepted")
	}
}

func TestHandler(t *testing.T) {
	svc := NewService(nil, testdataSnapshots(t, "aspi-excerpt.json"), DefaultThresholds)
	srv := httptest.NewServer(Handler(func(ctx context.Context, _ *http.Request, q Query) (Result, error) { return svc.Screen(ctx, q) }))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "?name=Northeastern+University&country=CN&type=organization")
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(res.Matches) != 1 || res.Matches[0].Strength != "strong" || res.Query.Country != "CN" {
		t.Errorf("status %d result %+v", resp.StatusCode, res)
	}
	// refused queries: 422 with a problem document saying what to do
	for _, tt := range []struct{ name, detail string }{
		{"", "a name to screen is required"},
		{strings.Repeat("a", 301), "301 characters long; give at most 300"},
		{strings.Repeat("NUDT ", 21), "21 words; give at most 20"},
		{strings.Repeat("Harbin ", 60000/7), "characters long"},
	} {
		resp, err = http.Get(srv.URL + "?country=CN&name=" + url.QueryEscape(tt.name))
		if err != nil {
			t.Fatal(err)
		}
		var p map[string]any
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || resp.Header.Get("Content-Type") != "application/problem+json" ||
			p["status"] != float64(422) || !strings.Contains(p["detail"].(string), tt.detail) {
			t.Errorf("name of %d bytes: status %d %v, want 422 saying %q", len(tt.name), resp.StatusCode, p, tt.detail)
		}
	}
}

// BenchmarkScreenRefusedLongName: a 60,000-character name is refused
// before any matching (it took five seconds when it was matched).
func BenchmarkScreenRefusedLongName(b *testing.B) {
	svc := NewService(nil, testdataSnapshots(b, "aspi-excerpt.json"), DefaultThresholds)
	name := strings.Repeat("Harbin Institute ", 60000/17)
	ctx := context.Background()
	for b.Loop() {
		if _, err := svc.Screen(ctx, Query{Name: name}); err == nil {
			b.Fatal("accepted")
		}
	}
}

// TestServiceReload: after a snapshot is saved and the service reloaded,
// searches see the new list.
func TestServiceReload(t *testing.T) {
	ctx := context.Background()
	store := &memStore{}
	svc := NewService(store, nil, DefaultThresholds)
	if res, err := svc.Screen(ctx, Query{Name: "Beihang University"}); err != nil || len(res.Matches) != 0 {
		t.Fatalf("empty store: %v %+v", err, res.Matches)
	}
	store.SaveSnapshot(ctx, readOne(t, filepath.Join("testdata", "aspi-excerpt.json")))
	if err := svc.Reload(ctx); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if res, _ := svc.Screen(ctx, Query{Name: "Beihang University"}); len(res.Matches) != 1 {
		t.Errorf("after reload: %+v", res.Matches)
	}
}

// TestServiceConcurrent screens from several goroutines at once (run with
// -race): the index and its pooled accumulators are shared.
func TestServiceConcurrent(t *testing.T) {
	svc := NewService(nil, testdataSnapshots(t, "aspi-excerpt.json", "un-excerpt.xml"), DefaultThresholds)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				name := []string{"NUDT", "Harbin Institute of Technology", "Eric Badege", "Leiden University"}[(i+j)%4]
				res, err := svc.Screen(context.Background(), Query{Name: name})
				if err != nil || (name != "Leiden University") != (len(res.Matches) > 0) {
					t.Errorf("%s: %v %+v", name, err, res.Matches)
					return
				}
			}
		}()
	}
	wg.Wait()
}
