package screening

import (
	"encoding/json"
	"net/http"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Handler serves GET /api/v1/screen?name=&country=&type= with the JSON of
// `kscheck screen --json`. Authentication is the caller's middleware.
func Handler(svc *Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "use GET")
			return
		}
		v := r.URL.Query()
		res, err := svc.Screen(r.Context(), Query{Name: v.Get("name"), Country: v.Get("country"), Type: v.Get("type")})
		if err != nil {
			status := http.StatusInternalServerError
			if kscheck.ErrorCode(err) == kscheck.EInvalid {
				status = http.StatusBadRequest
			}
			writeError(w, status, kscheck.ErrorMessage(err))
			return
		}
		json.NewEncoder(w).Encode(res)
	})
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
