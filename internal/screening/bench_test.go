package screening_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
)

// Benchmarks for docs/performance.md; run them on one core:
//
//	go test ./internal/screening -run '^$' -bench . -benchtime 5x -cpu 1

// BenchmarkLoadBundled reads the bundled list files (decompress and parse).
func BenchmarkLoadBundled(b *testing.B) {
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		if _, err := bundled.Snapshots(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexBundled indexes the parsed bundled lists.
func BenchmarkIndexBundled(b *testing.B) {
	snaps, err := bundled.Snapshots()
	if err != nil {
		b.Fatal(err)
	}
	var ix *screening.Index
	cpu := cpuTime()
	for b.Loop() {
		ix = screening.NewIndex(snaps)
	}
	reportCPU(b, cpu)
	ents, names := ix.Size()
	b.ReportMetric(float64(ents), "entities")
	b.ReportMetric(float64(names), "names")
	b.ReportMetric(heapMB(), "heap-MB")
	runtime.KeepAlive(ix)
}

// queries are the evaluation names and the world universities (with their
// country): typical partner names, hits and misses.
func queries(b *testing.B) []screening.Query {
	data := evalDir(b)
	var qs []screening.Query
	for _, f := range []string{"un-variants-treated.csv", "negatives-global-1000.csv"} {
		for _, n := range fullNames(b, filepath.Join(data, "eval", f)) {
			qs = append(qs, screening.Query{Name: n, Type: "person"})
		}
	}
	raw, err := os.ReadFile(filepath.Join(data, "partners", "world-universities.json"))
	if err != nil {
		b.Fatal(err)
	}
	var unis []struct {
		Name    string `json:"name"`
		Country string `json:"alpha_two_code"`
	}
	if err := json.Unmarshal(raw, &unis); err != nil {
		b.Fatal(err)
	}
	for _, u := range unis {
		qs = append(qs, screening.Query{Name: u.Name, Country: u.Country, Type: "organization"})
	}
	return qs
}

// BenchmarkQuery screens every query once per iteration and reports the
// latency percentiles of single queries.
func BenchmarkQuery(b *testing.B) {
	ix := bundledIndex(b)
	svc := screening.NewServiceFor(ix.Snapshots(), screening.DefaultThresholds)
	qs := queries(b)
	timeQueries(b, svc, qs)
	b.ReportMetric(float64(len(qs)), "queries")
}

// BenchmarkBatch10k screens 10,000 partners against all bundled lists.
func BenchmarkBatch10k(b *testing.B) {
	ix := bundledIndex(b)
	svc := screening.NewServiceFor(ix.Snapshots(), screening.DefaultThresholds)
	qs := queries(b)
	for len(qs) < 10000 {
		qs = append(qs, qs...)
	}
	qs = qs[:10000]
	ctx := b.Context()
	cpu := cpuTime()
	for b.Loop() {
		for _, q := range qs {
			if _, err := svc.Screen(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkSynthetic1M indexes 1,000,000 synthetic names (persons and
// organisations made of syllables drawn from a fixed seed) and reports the
// latency percentiles of queries that are typo'd variants of indexed names
// and of names not indexed.
func BenchmarkSynthetic1M(b *testing.B) {
	if testing.Short() {
		b.Skip("skipping the 1M-name index in -short mode")
	}
	snap, probes := syntheticSnapshot(1_000_000)
	runtime.GC()
	start := time.Now()
	ix := screening.NewIndex([]*screening.Snapshot{snap})
	build := time.Since(start)
	runtime.GC() // measure the steady state of a server, not the build's garbage
	svc := screening.NewServiceFor(ix.Snapshots(), screening.DefaultThresholds)
	timeQueries(b, svc, probes)
	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(heapMB(), "heap-MB")
	runtime.KeepAlive(ix)
}

var syllables = strings.Fields("ka ri mo sa lu te na vi do ra me ko zu ha ni bo ta ye li fa go pe su wa chi ro ma ne ki da lo ve sha mi tu ba")

func syntheticWord(r *rand.Rand) string {
	n := 2 + r.IntN(3)
	var s strings.Builder
	for range n {
		s.WriteString(syllables[r.IntN(len(syllables))])
	}
	return s.String()
}

// syntheticSnapshot returns n synthetic entries and 2,000 probe queries.
func syntheticSnapshot(n int) (*screening.Snapshot, []screening.Query) {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"University", "Institute of Technology", "Trading Company", "Academy of Sciences", "Holding Ltd"}
	s := &screening.Snapshot{List: "synthetic", SHA256: strings.Repeat("0", 64)}
	var probes []screening.Query
	for i := range n {
		e := &screening.Entity{List: "synthetic", ID: strconv.Itoa(i)}
		var name string
		if i%2 == 0 {
			e.Type = screening.TypePerson
			name = fmt.Sprintf("%s %s %s", syntheticWord(r), syntheticWord(r), syntheticWord(r))
		} else {
			e.Type = screening.TypeOrganization
			name = fmt.Sprintf("%s %s", syntheticWord(r), kinds[r.IntN(len(kinds))])
		}
		e.Names = []screening.Name{{Full: name, Quality: screening.QualityPrimary}}
		s.Entities = append(s.Entities, e)
		if i%1000 == 0 {
			// a typo: the second letter dropped
			probes = append(probes, screening.Query{Name: name[:1] + name[2:]})
			probes = append(probes, screening.Query{Name: syntheticWord(r) + " " + syntheticWord(r)})
		}
	}
	return s, probes
}

// timeQueries screens every query once per iteration and reports the
// percentiles of single queries, in wall time and in the CPU time of the
// thread running them (which waiting for a busy core does not inflate).
func timeQueries(b *testing.B, svc *screening.Service, qs []screening.Query) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ctx := b.Context()
	wall := make([]time.Duration, 0, len(qs))
	cpu := make([]time.Duration, 0, len(qs))
	for b.Loop() {
		wall, cpu = wall[:0], cpu[:0]
		for _, q := range qs {
			t0, c0 := time.Now(), threadCPU()
			if _, err := svc.Screen(ctx, q); err != nil {
				b.Fatal(err)
			}
			cpu = append(cpu, threadCPU()-c0)
			wall = append(wall, time.Since(t0))
		}
	}
	for _, m := range []struct {
		unit string
		lat  []time.Duration
	}{{"wall", wall}, {"cpu", cpu}} {
		slices.Sort(m.lat)
		pct := func(p float64) float64 { return float64(m.lat[int(p*float64(len(m.lat)-1))].Microseconds()) }
		b.ReportMetric(pct(0.5), "p50-"+m.unit+"-µs")
		b.ReportMetric(pct(0.99), "p99-"+m.unit+"-µs")
	}
}

// cpuTime is the CPU time the process used so far. The benchmarks report
// it beside wall time because the machines they run on are shared: wall
// time then includes waiting for a core, CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per iteration since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// heapMB is the live heap after a collection.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}
