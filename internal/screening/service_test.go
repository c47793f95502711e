package screening

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
	srv := httptest.NewServer(Handler(svc))
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
	resp, err = http.Get(srv.URL + "?name=&country=CN")
	if err != nil {
		t.Fatal(err)
	}
	var e map[string]string
	json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(e["error"], "name") {
		t.Errorf("empty name: status %d %v", resp.StatusCode, e)
	}
}

// TestRescreen: a partner that newly appears on a list raises a "new"
// alert; one already listed raises none.
func TestRescreen(t *testing.T) {
	old := NewIndex([]*Snapshot{readOne(t, filepath.Join("testdata", "un-excerpt.xml"))})
	cur := NewIndex([]*Snapshot{readOne(t, filepath.Join("testdata", "un-excerpt.xml")),
		readOne(t, filepath.Join("testdata", "aspi-excerpt.json"))})
	partners := []Partner{
		{Key: "case-1/p-1", Query: Query{Name: "Harbin Institute of Technology", Country: "CN", Type: "organization"}},
		{Key: "case-2/p-1", Query: Query{Name: "Eric Badege", Type: "person"}},
		{Key: "case-3/p-1", Query: Query{Name: "Leiden University", Country: "NL"}},
	}
	alerts := Rescreen(old, cur, partners, DefaultThresholds)
	if len(alerts) != 1 || alerts[0].Partner.Key != "case-1/p-1" || alerts[0].Change != "new" || alerts[0].Match.List != ListASPI {
		t.Fatalf("alerts %+v", alerts)
	}
	if got := Rescreen(cur, cur, partners, DefaultThresholds); len(got) != 0 {
		t.Errorf("unchanged lists raised %d alerts", len(got))
	}
}

// TestServiceReload: after a snapshot is saved, Reload returns the old and
// new index and Rescreen over them finds the new hit; searches see it.
func TestServiceReload(t *testing.T) {
	ctx := context.Background()
	store := &memStore{}
	svc := NewService(store, nil, DefaultThresholds)
	if res, err := svc.Screen(ctx, Query{Name: "Beihang University"}); err != nil || len(res.Matches) != 0 {
		t.Fatalf("empty store: %v %+v", err, res.Matches)
	}
	store.SaveSnapshot(ctx, readOne(t, filepath.Join("testdata", "aspi-excerpt.json")))
	old, cur, err := svc.Reload(ctx)
	if err != nil || old == nil || cur == nil {
		t.Fatalf("Reload: %v %v %v", old, cur, err)
	}
	alerts := Rescreen(old, cur, []Partner{{Key: "p", Query: Query{Name: "Beihang University"}}}, DefaultThresholds)
	if len(alerts) != 1 || alerts[0].Change != "new" {
		t.Errorf("alerts %+v", alerts)
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
