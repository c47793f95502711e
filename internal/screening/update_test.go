package screening

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestUpdate serves the real list files over loopback: the UN list fails
// once (and is retried), the DPL list is truncated (and keeps the previous
// snapshot), the ASPI file is missing (likewise), OFAC arrives as four files.
func TestUpdate(t *testing.T) {
	data := sharedData(t)
	var unCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/un/consolidated.xml":
			if unCalls.Add(1) == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			http.ServeFile(w, r, filepath.Join(data, "lists", "un", "consolidated-2026-02-27.xml"))
		case "/dpl/dpl.txt":
			raw, _ := os.ReadFile(filepath.Join(data, "lists", "bis-dpl", "dpl-2022.txt"))
			w.Write(raw[:len(raw)/2])
		default:
			if strings.HasPrefix(r.URL.Path, "/ofac/") {
				http.ServeFile(w, r, filepath.Join(data, "lists", "ofac-sdn-2021-07", strings.ToLower(filepath.Base(r.URL.Path))))
				return
			}
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	store := &memStore{}
	previousDPL := readOne(t, filepath.Join(data, "lists", "bis-dpl", "dpl-2019.txt"))
	store.SaveSnapshot(ctx, previousDPL)
	u := &Updater{Client: srv.Client(), Retries: 2, Backoff: time.Millisecond, Store: store}
	sources := []Source{
		{ListUN, []string{srv.URL + "/un/consolidated.xml"}},
		{ListOFACSDN, []string{srv.URL + "/ofac/SDN.CSV", srv.URL + "/ofac/ADD.CSV", srv.URL + "/ofac/ALT.CSV", srv.URL + "/ofac/SDN_COMMENTS.CSV"}},
		{ListBISDPL, []string{srv.URL + "/dpl/dpl.txt"}},
		{ListASPI, []string{srv.URL + "/aspi/china-defence-universities.json"}},
	}
	results, err := u.Update(ctx, sources)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		switch r.List {
		case ListUN, ListOFACSDN:
			if r.Err != nil || r.Snapshot == nil || store.active[r.List] != r.Snapshot {
				t.Errorf("%s: %+v", r.List, r)
			}
		case ListBISDPL, ListASPI:
			if r.Err == nil {
				t.Errorf("%s: no error", r.List)
			}
		}
	}
	if unCalls.Load() != 2 {
		t.Errorf("UN fetched %d times, want 2 (one retry)", unCalls.Load())
	}
	if store.active[ListBISDPL] != previousDPL || store.active[ListASPI] != nil {
		t.Error("a failed update replaced the previous snapshot")
	}
	if n := len(store.active[ListOFACSDN].Entities); n != 8976 {
		t.Errorf("OFAC: %d entries", n)
	}
	// a second run finds nothing new
	results, _ = u.Update(ctx, sources[:1])
	if !results[0].Unchanged || len(store.saved) != 3 {
		t.Errorf("second update: %+v, %d saved", results[0], len(store.saved))
	}
}
