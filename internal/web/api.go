package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/web/apidoc"
)

// apiRoute is one route of API v1: every one is described in openapi.json,
// which a test checks against this table in both directions.
type apiRoute struct {
	pattern string        // method and path, as http.ServeMux takes them
	scope   kscheck.Scope // "" for a public route
	handle  func(http.ResponseWriter, *http.Request, kscheck.Actor)
}

// apiRoutes returns API v1.
func (s *Server) apiRoutes() []apiRoute {
	routes := []apiRoute{
		{"GET /api/v1/openapi.json", "", s.apiOpenAPI},
		{"GET /api/v1/cases", kscheck.ScopeCasesRead, s.apiCases},
		{"GET /api/v1/cases/{id}", kscheck.ScopeCasesRead, s.apiCase},
		{"GET /api/v1/clearance", kscheck.ScopeClearanceRead, s.apiClearance},
		{"GET /api/v1/webhooks", kscheck.ScopeWebhooksAdmin, s.apiWebhooks},
		{"POST /api/v1/webhooks", kscheck.ScopeWebhooksAdmin, s.apiWebhookAdd},
		{"DELETE /api/v1/webhooks/{id}", kscheck.ScopeWebhooksAdmin, s.apiWebhookRemove},
		{"GET /api/v1/webhooks/deliveries", kscheck.ScopeWebhooksAdmin, s.apiDeliveries},
		{"POST /api/v1/webhooks/deliveries/{id}/resend", kscheck.ScopeWebhooksAdmin, s.apiDeliveryResend},
	}
	if s.svc.Screening != nil {
		// The query is screened through the service on behalf of the
		// caller, so that the use is recorded like any other.
		routes = append(routes, apiRoute{"GET /api/v1/screen", kscheck.ScopeScreen,
			func(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
				screening.Handler(func(ctx context.Context, _ *http.Request, q screening.Query) (screening.Result, error) {
					return s.svc.ScreenQuery(ctx, actor, q)
				}).ServeHTTP(w, r)
			}})
	}
	return routes
}

// apiHandler authenticates an API call and checks the route's scope. A
// call carries an API token ("Authorization: Bearer ksk_…"), or, from the
// browser, the session of the signed-in person.
func (s *Server) apiHandler(rt apiRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.scope == "" {
			rt.handle(w, r, kscheck.Actor{})
			return
		}
		actor, err := s.apiActor(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kscheck", error="invalid_token"`)
			s.problem(w, r, err)
			return
		}
		notePerson(r, actor.Person.ID)
		if err := actor.Requires(rt.scope); err != nil {
			s.problem(w, r, err)
			return
		}
		rt.handle(w, r, actor)
	})
}

// apiActor returns who makes an API call.
func (s *Server) apiActor(r *http.Request) (kscheck.Actor, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "send the API token as Authorization: Bearer ksk_…").Translated("err.api.bearer")
		}
		return s.svc.TokenActor(r.Context(), strings.TrimSpace(token))
	}
	if a, ok := actorOf(r); ok {
		return a, nil
	}
	return kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "this call needs an API token: send it as Authorization: Bearer ksk_… (make one on the tokens page or with kscheck token create)").Translated("err.api.token_needed")
}

// Problem is an RFC 9457 problem details object. Type is left out, which
// means about:blank: Title is then the status's name, and Detail the
// sentence that says what was wrong and what to do.
type Problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

// problem answers err as application/problem+json with its status.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = kscheck.Errorf(kscheck.EInvalid, "the request body is larger than %d bytes", tooBig.Limit).Translated("err.api.body_too_large")
	}
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "API call failed", "request_id", requestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(Problem{Title: http.StatusText(status), Status: status, Detail: kscheck.ErrorMessage(err), Code: string(kscheck.ErrorCode(err))})
}

// reply answers v as JSON with status.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiOpenAPI serves the API's description.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ kscheck.Actor) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(apidoc.OpenAPI)
}
