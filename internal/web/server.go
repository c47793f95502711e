// Package web is kscheck's HTTP face: server-rendered pages that work
// without JavaScript, one file per page or action. Handlers parse and check
// input, call the service (which enforces who may do what), and render.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/sso"
	"github.com/kscheck/kscheck/internal/web/static"
)

// Config holds the web server's settings.
type Config struct {
	// InsecureCookies drops the Secure flag from cookies, for plain-HTTP
	// installations that are not on localhost (never in production).
	InsecureCookies bool
	// MaxBodyBytes limits every request body (forms and uploads).
	MaxBodyBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see clientAddr); empty trusts none.
	TrustedProxies []netip.Prefix
	// Demo marks a demonstration installation: nothing is really sent, and
	// everyone may read the outbox page.
	Demo bool
	// SSO are the identity providers people sign in with (nil: none).
	SSO *sso.Providers
	// DemoIdP, when set, is the demonstration's own identity provider,
	// served at DemoIdPPath outside kscheck's pages (its forms post to
	// kscheck, which kscheck's own headers would not allow); DemoPassword
	// is shown on the sign-in page for it.
	DemoIdP      http.Handler
	DemoIdPPath  string
	DemoPassword string
	// Metrics, when set, counts requests by route for Prometheus.
	Metrics RequestObserver
	// PublicRegister publishes the anonymised decision register at
	// /public/register, for everyone, without signing in.
	PublicRegister bool
}

// Server serves kscheck's pages.
type Server struct {
	svc    *service.Service
	i18n   *i18n.Bundle
	log    *slog.Logger
	cfg    Config
	pages  map[string]*template.Template
	pageMu sync.Mutex
}

// New returns a server on svc.
func New(svc *service.Service, cfg Config) (*Server, error) {
	b, err := i18n.New()
	if err != nil {
		return nil, err
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	return &Server{svc: svc, i18n: b, log: svc.Log, cfg: cfg, pages: map[string]*template.Template{}}, nil
}

// Handler returns the whole application with its middleware: cross-origin
// request forgery protection, body size limits, security headers, the
// signed-in person and the language.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", filesOnly(http.FileServerFS(static.FS))))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /signin", s.signinForm)
	mux.HandleFunc("POST /signin", s.signin)
	mux.HandleFunc("POST /signout", s.signout)
	mux.HandleFunc("GET /{$}", s.authed(s.casesList))
	mux.HandleFunc("GET /cases/new", s.authed(s.caseNewForm))
	mux.HandleFunc("POST /cases/new", s.authed(s.caseCreate))
	mux.HandleFunc("GET /cases/{id}", s.authed(s.casePage))
	mux.HandleFunc("GET /cases/{id}/answers", s.authed(s.answersForm))
	mux.HandleFunc("POST /cases/{id}/answers", s.authed(s.answersSave))
	mux.HandleFunc("POST /cases/{id}/partners", s.authed(s.partnerAdd))
	mux.HandleFunc("POST /cases/{id}/messages", s.authed(s.messagePost))
	mux.HandleFunc("POST /cases/{id}/actions/{action}", s.authed(s.caseAct))
	mux.HandleFunc("GET /desk", s.authed(s.deskQueue))
	mux.HandleFunc("POST /desk/alerts/{alert}", s.authed(s.alertAcknowledge))
	mux.HandleFunc("POST /cases/{id}/intake", s.authed(s.intakeAccept))
	mux.HandleFunc("POST /cases/{id}/hits/{hit}", s.authed(s.hitResolve))
	mux.HandleFunc("GET /cases/{id}/dossier", s.authed(s.dossierPage))
	mux.HandleFunc("POST /cases/{id}/verdict", s.authed(s.verdictRecord))
	mux.HandleFunc("GET /cases/{id}/letter.pdf", s.authed(s.verdictLetter))
	mux.HandleFunc("POST /cases/{id}/attachments", s.authed(s.attachmentUpload))
	mux.HandleFunc("GET /cases/{id}/attachments/{att}", s.authed(s.attachmentDownload))
	mux.HandleFunc("GET /committee", s.authed(s.committeeAgenda))
	mux.HandleFunc("GET /dashboard", s.authed(s.dashboard))
	mux.HandleFunc("GET /register", s.authed(s.decisionRegister))
	mux.HandleFunc("GET /audit", s.authed(s.auditTrail))
	mux.HandleFunc("GET /audit/export", s.authed(s.auditExport))
	mux.HandleFunc("GET /cases/{id}/partners/new", s.authed(s.partnersPage))
	mux.HandleFunc("POST /cases/{id}/partners/{partner}/remove", s.authed(s.partnerRemove))
	mux.HandleFunc("GET /cases/{id}/summary", s.authed(s.caseSummary))
	mux.HandleFunc("GET /cases/{id}/edit", s.authed(s.caseEditForm))
	mux.HandleFunc("POST /cases/{id}/edit", s.authed(s.caseEditSave))
	mux.HandleFunc("POST /cases/{id}/measures", s.authed(s.measurePropose))
	mux.HandleFunc("POST /cases/{id}/measures/{measure}/report", s.authed(s.measureReport))
	mux.HandleFunc("POST /cases/{id}/measures/{measure}/review", s.authed(s.measureReview))
	mux.HandleFunc("POST /cases/{id}/conflicts", s.authed(s.conflictDeclare))
	mux.HandleFunc("POST /cases/{id}/assign", s.authed(s.caseAssign))
	mux.HandleFunc("GET /inbox", s.authed(s.inbox))
	mux.HandleFunc("GET /inbox/{id}", s.authed(s.decision))
	mux.HandleFunc("GET /adviser", s.authed(s.adviser))
	mux.HandleFunc("GET /cases/{id}/diagram.svg", s.authed(s.caseDiagram))
	mux.HandleFunc("GET /procedures", s.authed(s.proceduresList))
	mux.HandleFunc("GET /procedures/{ref}", s.authed(s.procedurePage))
	mux.HandleFunc("GET /procedures/{ref}/diagram.svg", s.authed(s.procedureDiagram))
	mux.HandleFunc("GET /admin/procedures", s.authed(s.adminProcedures))
	mux.HandleFunc("POST /admin/procedures", s.authed(s.adminProcedureUpload))
	mux.HandleFunc("POST /admin/procedures/{ref}/activate", s.authed(s.adminProcedureActivate))
	mux.HandleFunc("POST /admin/procedures/{ref}/retire", s.authed(s.adminProcedureRetire))
	for _, rt := range s.apiRoutes() {
		mux.Handle(rt.pattern, s.apiHandler(rt))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, r, kscheck.Errorf(kscheck.ENotFound, "there is no API route %s %s; the routes are described at /api/v1/openapi.json", r.Method, r.URL.Path).Translated("err.api.no_route"))
	})
	mux.HandleFunc("GET /tokens", s.authed(s.tokensPage))
	mux.HandleFunc("POST /tokens", s.authed(s.tokenCreate))
	mux.HandleFunc("POST /tokens/{id}/revoke", s.authed(s.tokenRevoke))
	mux.HandleFunc("POST /cases/{id}/refs", s.authed(s.caseRefsSave))
	mux.HandleFunc("GET /admin/webhooks", s.authed(s.webhooksPage))
	mux.HandleFunc("POST /admin/webhooks", s.authed(s.webhookRegister))
	mux.HandleFunc("POST /admin/webhooks/{id}/remove", s.authed(s.webhookRemove))
	mux.HandleFunc("POST /admin/webhooks/deliveries/{id}/resend", s.authed(s.deliveryResend))
	mux.HandleFunc("GET /outbox", s.authed(s.outboxPage))
	s.ssoRoutes(mux)
	mux.HandleFunc("GET /export/cases", s.authed(s.exportCases))
	mux.HandleFunc("GET /export/register", s.authed(s.exportRegister))
	mux.HandleFunc("GET /export/dashboard", s.authed(s.exportDashboard))
	mux.HandleFunc("GET /reports/annual", s.authed(s.annualReport))
	mux.HandleFunc("GET /partners", s.authed(s.partnerDirectory))
	mux.HandleFunc("POST /partners/merge", s.authed(s.partnerMerge))
	mux.HandleFunc("POST /partners/{partner}/public", s.authed(s.partnerPublish))
	mux.HandleFunc("GET /register/published", s.authed(s.publishedRegister))
	mux.HandleFunc("GET /export/register/published", s.authed(s.exportPublishedRegister))
	if s.cfg.PublicRegister {
		mux.HandleFunc("GET /public/register", s.publicRegister)
		mux.HandleFunc("GET /public/register/export", s.exportPublicRegister)
	}
	mux.HandleFunc("GET /admin/people", s.authed(s.adminPeople))
	mux.HandleFunc("POST /admin/people", s.authed(s.adminPersonAdd))
	mux.HandleFunc("GET /admin/people/{id}", s.authed(s.adminPerson))
	mux.HandleFunc("POST /admin/people/{id}", s.authed(s.adminPersonChange))
	mux.HandleFunc("GET /admin/lists", s.authed(s.adminLists))
	mux.HandleFunc("POST /admin/lists", s.authed(s.adminListsImport))
	mux.HandleFunc("GET /admin/units", s.authed(s.adminUnits))
	mux.HandleFunc("POST /admin/units", s.authed(s.adminUnitAdd))
	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, kscheck.Errorf(kscheck.EForbidden, "this form was sent from another site and has been refused (cross-site request forgery protection); go back to kscheck and try again").Translated("ux.err.cross_site"))
	}))
	// The identity provider posts its signed answer from its own site;
	// the answer's signature and the request it answers protect it.
	cop.AddInsecureBypassPattern("POST " + sso.SAMLACSPath)
	app := s.observe(mux, s.recoverer(s.headers(cop.Handler(s.limitBody(s.plainURL(s.session(mux)))))))
	if s.cfg.DemoIdP == nil {
		return app
	}
	top := http.NewServeMux()
	top.Handle(s.cfg.DemoIdPPath+"/", http.StripPrefix(s.cfg.DemoIdPPath, s.cfg.DemoIdP))
	top.Handle("/", app)
	return top
}

// filesOnly serves the static files but never a listing of them: a path
// that names a directory is not found.
func filesOnly(files http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// healthz answers readiness as JSON: 200 when the database answers and
// the list index is built, 503 otherwise, so a load balancer sends a
// server requests only once it can serve them.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	ready := s.svc.Ready(ctx)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !ready.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(ready)
}

// headers sets the security headers every answer carries.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"+s.formTargets()+"; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// plainURL refuses a request whose path or query holds bytes that are not
// text (a NUL byte, invalid UTF-8) with 422 and a plain sentence, the same
// on both databases, before anything reaches a query.
func (s *Server) plainURL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		address := kscheck.Term{Key: "field.address", Text: "the address"}
		err := kscheck.CheckPlainText(address, r.URL.Path)
		for name, values := range r.URL.Query() {
			for _, v := range append(values, name) {
				err = errors.Join(err, kscheck.CheckPlainText(address, v))
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.cfg.MaxBodyBytes
		switch {
		case isUpload(r):
			limit = uploadBodyBytes
		case isListUpload(r):
			limit = listUploadBodyBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic serving request", "request_id", requestID(r.Context()), "path", r.URL.Path, "panic", p)
				http.Error(w, "Sorry, something went wrong; it has been recorded.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusOf maps a domain error to the HTTP status that says the same.
func statusOf(err error) int {
	switch kscheck.ErrorCode(err) {
	case kscheck.EInvalid:
		return http.StatusUnprocessableEntity
	case kscheck.ENotFound:
		return http.StatusNotFound
	case kscheck.EForbidden:
		return http.StatusForbidden
	case kscheck.EConflict:
		return http.StatusConflict
	case kscheck.EUnauthenticated:
		return http.StatusUnauthorized
	case kscheck.ETooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fail renders an error page for err that says what happened and where
// to go next, in the reader's language, logging internal errors (never
// showing them).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = kscheck.Errorf(kscheck.EInvalid, "the form or file is larger than %d MB", tooBig.Limit>>20).Translated("ux.err.too_big")
	}
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "request_id", requestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	d := s.page(r, errorTitle[status])
	d.Error = s.changeErrorText(d.L, err)
	d.Data = errorPage{Status: status, Path: r.URL.Path}
	s.render(w, r, status, "error.html", d)
}

// errorPage tells error.html which advice to give.
type errorPage struct {
	Status int
	Path   string // the address asked for, to sign in again and return
}

// errorTitle is the heading of the error page for each status.
var errorTitle = map[int]string{
	http.StatusNotFound:            "error.not_found",
	http.StatusForbidden:           "error.forbidden",
	http.StatusConflict:            "ux.error.conflict_title",
	http.StatusUnprocessableEntity: "ux.error.invalid_title",
	http.StatusUnauthorized:        "ux.error.unauthenticated_title",
	http.StatusInternalServerError: "error.internal",
}

// notFound answers addresses that lead nowhere with the 404 page, never
// the plain-text one of net/http.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "there is no page at this address").Translated("ux.err.no_page"))
}

// errorText is the message of err in the reader's language: its catalogue
// text when it has one, otherwise the service's sentence; internal errors
// are never shown.
func (s *Server) errorText(l *i18n.Localizer, err error) string {
	var e *kscheck.Error
	switch {
	case errors.As(err, &e) && e.Key != "" && s.i18n.Has(l.Lang(), e.Key):
		return l.Message(e)
	case kscheck.ErrorCode(err) == kscheck.EInternal:
		return l.T("error.internal_text")
	}
	return kscheck.ErrorMessage(err)
}

// changeErrorText is errorText for a change to a case: a conflict without
// a message of its own means someone else changed the case first.
func (s *Server) changeErrorText(l *i18n.Localizer, err error) string {
	var e *kscheck.Error
	if kscheck.ErrorCode(err) == kscheck.EConflict && !(errors.As(err, &e) && e.Key != "") {
		return l.T("error.conflict")
	}
	return s.errorText(l, err)
}

// clientKey identifies a client for login throttling.
func clientKey(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}
