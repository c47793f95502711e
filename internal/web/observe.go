package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"time"
)

// RequestObserver counts answered requests by route pattern (Prometheus).
type RequestObserver interface {
	ObserveRequest(route, method string, status int, d time.Duration)
}

// RequestIDHeader carries the id of a request, in the answer and in its
// access log line, so that a person reporting a problem can name it.
const RequestIDHeader = "X-Request-Id"

// validRequestID accepts the id a proxy in front of kscheck assigned.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

type requestIDKey struct{}

// requestID returns the id of the request ctx belongs to, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// personSlot is where the middleware further in notes who made the
// request, for its access log line.
type personSlot struct{}

// notePerson records who makes the request r.
func notePerson(r *http.Request, id int64) {
	if p, ok := r.Context().Value(personSlot{}).(*int64); ok {
		*p = id
	}
}

// recorder remembers the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe gives each request an id (sent back as X-Request-Id), writes one
// access log line per request and counts it by the route pattern mux
// chose. The line names the route, the path, the status, the size, the
// time taken and the person's number; never the query string, headers,
// cookies or form values, so that no password, token or session id is
// ever logged.
func (s *Server) observe(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID.MatchString(id) {
			b := make([]byte, 12)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set(RequestIDHeader, id)
		var person int64
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		r = r.WithContext(context.WithValue(ctx, personSlot{}, &person))
		_, route := mux.Handler(r)
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		took := time.Since(start)
		if s.cfg.Metrics != nil {
			s.cfg.Metrics.ObserveRequest(route, r.Method, rec.status, took)
		}
		attrs := []slog.Attr{
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", route),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000), slog.String("remote", clientKey(r)),
		}
		if person != 0 {
			attrs = append(attrs, slog.Int64("person", person))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}
