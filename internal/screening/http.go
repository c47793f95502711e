package screening

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// ScreenFunc screens one query on behalf of whoever sent the request; the
// caller's service records the use and checks who may screen.
type ScreenFunc func(ctx context.Context, r *http.Request, q Query) (Result, error)

// Handler serves GET /api/v1/screen?name=&country=&type= with the JSON of
// `kscheck screen --json`. A query the service refuses (too long, unknown
// country, ...) is answered 422 with a problem document (RFC 9457) whose
// detail is a plain sentence. Authentication is the caller's middleware.
func Handler(screen ScreenFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeProblem(w, http.StatusMethodNotAllowed, "Method not allowed", "use GET")
			return
		}
		v := r.URL.Query()
		res, err := screen(r.Context(), r, Query{Name: v.Get("name"), Country: v.Get("country"), Type: v.Get("type")})
		if err != nil {
			switch kscheck.ErrorCode(err) {
			case kscheck.EInvalid:
				writeProblem(w, http.StatusUnprocessableEntity, "The query cannot be screened", kscheck.ErrorMessage(err))
			case kscheck.EForbidden:
				writeProblem(w, http.StatusForbidden, "Not allowed", kscheck.ErrorMessage(err))
			default:
				writeProblem(w, http.StatusInternalServerError, "Screening failed", kscheck.ErrorMessage(err))
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(res)
	})
}

// writeProblem writes an RFC 9457 problem document.
func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail})
}
