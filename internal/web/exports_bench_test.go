package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// BenchmarkExport measures a whole export of the case list, as the auditor
// (who sees every case), at 10,000 and 100,000 cases, as CSV and XLSX, on
// both databases: the time per export, and the peak of live heap above
// what it was before the export began, which stays flat as the rows grow
// because rows are streamed.
//
//	go test ./internal/web -run '^$' -bench Export -benchtime 3x
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		for _, dialect := range []string{"sqlite", "postgres"} {
			b.Run(fmt.Sprintf("%s/cases=%d", dialect, n), func(b *testing.B) {
				a := newBenchApp(b, dialect, n)
				tok := a.token("auditor@demo.kscheck.org")
				for _, format := range []string{"csv", "xlsx"} {
					b.Run(format, func(b *testing.B) {
						var peak uint64
						for b.Loop() {
							rows, p := a.export(b, "/export/cases?format="+format, tok)
							peak = max(peak, p)
							b.ReportMetric(float64(rows), "bytes-out")
						}
						b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
					})
				}
			})
		}
	}
}

// export serves an export into a writer that counts and drops the bytes,
// sampling the live heap meanwhile; it returns the bytes written and the
// peak heap growth.
func (a *benchApp) export(b *testing.B, path, tok string) (int, uint64) {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	w := &countingWriter{h: http.Header{}}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base {
				peak = max(peak, v-base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	a.h.ServeHTTP(w, req)
	close(done)
	wg.Wait()
	if w.status != 0 && w.status != http.StatusOK {
		b.Fatalf("%s: status %d", path, w.status)
	}
	return w.n, peak
}

// countingWriter is a ResponseWriter that keeps nothing but a count.
type countingWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *countingWriter) Header() http.Header { return w.h }
func (w *countingWriter) WriteHeader(s int)   { w.status = s }
func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}
