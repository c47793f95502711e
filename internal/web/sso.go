package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/sso"
)

// signOnCookie remembers the OpenID Connect ID token of a single sign-on,
// so that signing out can end the session at the provider too.
const signOnCookie = "kscheck_signon"

// ssoRoutes adds the single sign-on endpoints of the configured providers.
func (s *Server) ssoRoutes(mux *http.ServeMux) {
	p := s.cfg.SSO
	if p == nil {
		return
	}
	if p.OIDC != nil {
		mux.HandleFunc("GET /sso/oidc/start", func(w http.ResponseWriter, r *http.Request) {
			s.ssoStart(w, r, p.OIDC.Start)
		})
		mux.HandleFunc("GET "+sso.OIDCCallbackPath, s.oidcCallback)
	}
	if p.SAML != nil {
		mux.HandleFunc("GET "+sso.SAMLMetadataPath, p.SAML.ServeMetadata)
		mux.HandleFunc("GET /saml/start", func(w http.ResponseWriter, r *http.Request) {
			s.ssoStart(w, r, p.SAML.Start)
		})
		mux.HandleFunc("POST "+sso.SAMLACSPath, s.samlACS)
	}
}

// ssoStart sends the browser to a provider, to come back to ?next=.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request, start func(http.ResponseWriter, *http.Request, string) error) {
	if err := start(w, r, safeNext(r.URL.Query().Get("next"))); err != nil {
		s.ssoRefused(w, r, err)
	}
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	id, next, idToken, err := s.cfg.SSO.OIDC.Finish(w, r)
	if err != nil {
		s.ssoRefused(w, r, err)
		return
	}
	if s.ssoSignIn(w, r, id) {
		http.SetCookie(w, &http.Cookie{
			Name: signOnCookie, Value: idToken, Path: "/", MaxAge: int(s.svc.SessionLength.Seconds()),
			HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode,
		})
		http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	}
}

func (s *Server) samlACS(w http.ResponseWriter, r *http.Request) {
	id, next, err := s.cfg.SSO.SAML.Finish(w, r)
	if err != nil {
		s.ssoRefused(w, r, err)
		return
	}
	if s.ssoSignIn(w, r, id) {
		http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	}
}

// ssoSignIn opens the session of someone a provider vouched for; the
// service decides whether and with which roles. It reports success.
func (s *Server) ssoSignIn(w http.ResponseWriter, r *http.Request, id kscheck.ExternalIdentity) bool {
	token, _, err := s.svc.SignInExternal(r.Context(), id)
	if err != nil {
		if statusOf(err) == http.StatusInternalServerError {
			s.fail(w, r, err)
			return false
		}
		s.ssoRefused(w, r, &sso.Refusal{Reason: "account", Err: err})
		return false
	}
	s.setSessionCookie(w, r, token, int(s.svc.SessionLength.Seconds()))
	return true
}

// ssoRefused explains a refused sign-in in the person's language; the
// detail goes to the log, and to the page only where it is the service's
// own plain sentence about the account.
func (s *Server) ssoRefused(w http.ResponseWriter, r *http.Request, err error) {
	reason := sso.ReasonOf(err)
	if reason == "" {
		s.fail(w, r, err)
		return
	}
	s.log.Warn("single sign-on refused", "reason", reason, "detail", sso.Detail(err))
	d := s.page(r, "sso.refused.title")
	d.Error = d.L.T("sso.refused." + reason)
	var detail string
	if reason == "account" || reason == "attributes" {
		detail = s.errorText(d.L, err)
	}
	d.Data = struct{ Reason, Detail string }{reason, detail}
	status := http.StatusForbidden
	if reason == "provider" {
		status = http.StatusBadGateway
	}
	s.render(w, r, status, "sso_refused.html", d)
}

// providerLogout returns where to send a browser whose session came from
// an OpenID provider that offers sign-out, and forgets the ID token; "" if
// there is nowhere.
func (s *Server) providerLogout(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(signOnCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: signOnCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: !s.cfg.InsecureCookies})
	if s.cfg.SSO == nil || s.cfg.SSO.OIDC == nil {
		return ""
	}
	return s.cfg.SSO.OIDC.LogoutURL(r.Context(), c.Value)
}

// formTargets lists, for the content security policy, the other sites a
// form may lead to: signing out goes on to the OpenID provider.
func (s *Server) formTargets() string {
	if s.cfg.SSO == nil || s.cfg.SSO.OIDC == nil {
		return ""
	}
	return " " + strings.Join(s.cfg.SSO.OIDC.Origins(), " ")
}

// signinOptions are the ways to sign in the sign-in page offers.
type signinOptions struct {
	OIDC, SAML   string // button labels; "" when not configured
	DemoIdP      bool
	DemoPassword string
	PasswordsOff bool
}

func (s *Server) signinOptions() signinOptions {
	o := signinOptions{DemoIdP: s.cfg.DemoIdP != nil, DemoPassword: s.cfg.DemoPassword, PasswordsOff: s.svc.SignOn.PasswordsOff}
	if p := s.cfg.SSO; p != nil {
		if p.OIDC != nil {
			o.OIDC = p.OIDC.Label()
		}
		if p.SAML != nil {
			o.SAML = p.SAML.Label()
		}
	}
	return o
}

// ReplayRecord is the SAML replay cache kept by the service in the
// database, so that every kscheck server sharing it refuses a response
// accepted once.
func ReplayRecord(ctx context.Context, svc *service.Service) sso.ReplayFunc {
	return func(id string, expires time.Time) error {
		err := svc.ConsumeAssertion(context.WithoutCancel(ctx), id, expires)
		if errors.Is(err, service.ErrAssertionReplayed) {
			return sso.ErrReplayed
		}
		return err
	}
}
