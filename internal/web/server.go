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
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/service"
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
	mux.HandleFunc("GET /cases/{id}/partners/new", s.authed(s.partnersPage))
	mux.HandleFunc("POST /cases/{id}/partners/{partner}/remove", s.authed(s.partnerRemove))
	mux.HandleFunc("GET /cases/{id}/summary", s.authed(s.caseSummary))
	mux.HandleFunc("GET /cases/{id}/edit", s.authed(s.caseEditForm))
	mux.HandleFunc("POST /cases/{id}/edit", s.authed(s.caseEditSave))
	mux.HandleFunc("POST /cases/{id}/measures", s.authed(s.measurePropose))
	mux.HandleFunc("POST /cases/{id}/measures/{measure}", s.authed(s.measureFollowUp))
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
	if s.svc.Screening != nil {
		mux.Handle("GET /api/v1/screen", s.apiAuthed(screening.Handler(s.screenQuery)))
	}
	mux.HandleFunc("GET /outbox", s.authed(s.outboxPage))
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

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "This form was sent from another site and has been refused (cross-site request forgery protection). Go back to kscheck and try again.", http.StatusForbidden)
	}))
	return s.recoverer(s.headers(cop.Handler(s.limitBody(s.plainURL(s.session(mux))))))
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
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
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
		err := kscheck.CheckPlainText("the address", r.URL.Path)
		for name, values := range r.URL.Query() {
			for _, v := range append(values, name) {
				err = errors.Join(err, kscheck.CheckPlainText("the address", v))
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
		if isUpload(r) {
			limit = uploadBodyBytes
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
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", p)
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

// fail renders an error page for err, logging internal errors (never
// showing them) and tooMany bodies as a plain sentence.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = kscheck.Errorf(kscheck.EInvalid, "the form or file is larger than %d MB", tooBig.Limit>>20)
	}
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	d := s.page(r, "")
	d.Error = kscheck.ErrorMessage(err)
	if status == http.StatusConflict {
		d.Error = d.L.T("error.conflict")
	}
	s.render(w, r, status, "error.html", d)
}
