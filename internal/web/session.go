package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
)

const sessionCookie = "kscheck_session"

type ctxKey int

const actorKey ctxKey = 0

// session puts the signed-in person (if any) into the request context.
func (s *Server) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if actor, err := s.svc.Session(r.Context(), c.Value); err == nil {
				notePerson(r, actor.Person.ID)
				r = r.WithContext(context.WithValue(r.Context(), actorKey, actor))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// actorOf returns the signed-in person, if any.
func actorOf(r *http.Request) (kscheck.Actor, bool) {
	a, ok := r.Context().Value(actorKey).(kscheck.Actor)
	return a, ok
}

// authed sends people who are not signed in to the sign-in page.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, kscheck.Actor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		actor, ok := actorOf(r)
		if !ok {
			http.Redirect(w, r, "/signin?next="+r.URL.EscapedPath(), http.StatusSeeOther)
			return
		}
		if lang := chosenLanguage(r); lang != "" {
			if err := s.svc.SetLanguage(r.Context(), actor, lang); err != nil {
				s.log.Warn("remembering language", "err", err)
			}
		}
		h(w, r, actor)
	}
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	d := s.page(r, "nav.sign_in")
	d.Next, d.Data = safeNext(r.URL.Query().Get("next")), s.signinOptions()
	d.Form = map[string]string{"lang": chosenLanguage(r)}
	s.render(w, r, http.StatusOK, "signin.html", d)
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	if err := readForm(r, 0, s.formTooBig()); err != nil {
		s.fail(w, r, err)
		return
	}
	token, actor, err := s.svc.Login(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), s.clientAddr(r))
	if err != nil {
		d := s.page(r, "nav.sign_in")
		d.Error, d.Next, d.Data = s.errorText(d.L, err), safeNext(r.PostForm.Get("next")), s.signinOptions()
		if kscheck.ErrorCode(err) == kscheck.ETooMany {
			d.Error = d.L.T("security.signin_limited")
			if errors.Is(err, auth.ErrBusy) {
				d.Error = d.L.T("security.signin_busy")
			}
			w.Header().Set("Retry-After", "60")
		}
		d.Form = map[string]string{"email": r.PostForm.Get("email"), "lang": chosenLanguage(r)}
		s.render(w, r, statusOf(err), "signin.html", d)
		return
	}
	// The language chosen on the sign-in page is the person's choice.
	if lang := chosenLanguage(r); lang != "" {
		if err := s.svc.SetLanguage(r.Context(), actor, lang); err != nil {
			s.log.Warn("remembering language", "err", err)
		}
	}
	s.setSessionCookie(w, r, token, int(s.svc.SessionLength.Seconds()))
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.svc.Logout(r.Context(), c.Value); err != nil {
			s.log.Warn("signing out", "err", err)
		}
	}
	s.setSessionCookie(w, r, "", -1)
	if u := s.providerLogout(w, r); u != "" {
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// chosenLanguage is the language picked with the switch (?lang=), or "".
func chosenLanguage(r *http.Request) string {
	if lang := r.URL.Query().Get("lang"); i18n.Supported(lang) {
		return lang
	}
	return ""
}

// safeNext keeps redirects after sign-in on this site: it accepts only a
// path on this site and answers "/" for anything else. Browsers drop tabs
// and newlines from a URL and read a backslash as a slash, so "/\t/evil"
// and "/\\evil" would lead elsewhere; any control character or backslash
// is therefore refused before the path is judged.
func safeNext(next string) string {
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
