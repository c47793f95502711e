package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
)

type tokensData struct {
	Tokens   []*kscheck.Token
	Scopes   []kscheck.Scope
	Admin    bool
	Secret   string // the token just made, shown this once
	Made     *kscheck.Token
	Lifetime []int // choices of days
}

// tokenLifetimes are the lifetimes the form offers, in days.
var tokenLifetimes = []int{30, 90, 180, 365}

// tokensPage lists the API tokens a person may manage, with a form to
// make one.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	s.renderTokens(w, r, actor, http.StatusOK, "", nil, "")
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, actor kscheck.Actor, status int, secret string, made *kscheck.Token, problem string) {
	ts, err := s.svc.Tokens(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.page(r, "tokens.title")
	d.Error = problem
	d.Data = tokensData{Tokens: ts, Scopes: kscheck.Scopes, Admin: actor.HasAnywhere(kscheck.RoleAdmin), Secret: secret, Made: made, Lifetime: tokenLifetimes}
	if secret != "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, status, "tokens.html", d)
}

// tokenCreate makes a token and shows its secret once, on the answer to
// the form (never in a redirect's address).
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	days, _ := strconv.Atoi(r.PostForm.Get("days"))
	n := service.NewToken{Name: r.PostForm.Get("name"), Owner: r.PostForm.Get("owner"), Life: time.Duration(days) * 24 * time.Hour}
	for _, sc := range r.PostForm["scope"] {
		n.Scopes = append(n.Scopes, kscheck.Scope(sc))
	}
	secret, t, err := s.svc.CreateToken(r.Context(), actor, n)
	if err != nil {
		if kscheck.ErrorCode(err) == kscheck.EInternal {
			s.fail(w, r, err)
			return
		}
		s.renderTokens(w, r, actor, statusOf(err), "", nil, s.errorText(s.page(r, "").L, err))
		return
	}
	s.renderTokens(w, r, actor, http.StatusCreated, secret, t, "")
}

// tokenRevoke ends a token at once.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, actor kscheck.Actor) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, kscheck.Errorf(kscheck.ENotFound, "%q is not a token number", r.PathValue("id")).Translated("err.token.not_number"))
		return
	}
	if err := s.svc.RevokeToken(r.Context(), actor, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/tokens?done=saved", http.StatusSeeOther)
}
