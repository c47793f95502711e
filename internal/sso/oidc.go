package sso

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// OIDC is an OpenID Connect relying party: the authorisation code flow
// with PKCE (S256), with state and nonce checked, and sign-out at the
// provider when it publishes an end_session_endpoint.
type OIDC struct {
	cfg     OIDCConfig
	mapping Mapping
	base    string // kscheck's public address
	cookies Cookies
	client  *http.Client

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use, so a provider that is down does not stop kscheck starting
	endSess  string
}

// OIDCCallbackPath is where the provider sends people back; register
// <base URL> + OIDCCallbackPath as the redirect URI.
const OIDCCallbackPath = "/sso/oidc/callback"

// NewOIDC returns a relying party for cfg; baseURL is kscheck's public
// address. client may be nil for http.DefaultClient.
func NewOIDC(cfg OIDCConfig, m Mapping, baseURL string, cookies Cookies, client *http.Client) *OIDC {
	if client == nil {
		client = http.DefaultClient
	}
	return &OIDC{cfg: cfg, mapping: m, base: strings.TrimRight(baseURL, "/"), cookies: cookies, client: client}
}

// Label is the provider's name for the sign-in button.
func (o *OIDC) Label() string { return o.cfg.Label }

func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, o.client), o.cfg.Issuer)
	if err != nil {
		return nil, refuse("provider", fmt.Errorf("reading the OpenID provider's configuration from %s: %w", o.cfg.Issuer, err))
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, refuse("provider", err)
	}
	o.provider, o.endSess = p, extra.EndSession
	return p, nil
}

func (o *OIDC) oauth2(p *oidc.Provider) *oauth2.Config {
	scopes := o.cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	}
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: p.Endpoint(), RedirectURL: o.base + OIDCCallbackPath, Scopes: scopes}
}

// oidcFlow is what the browser carries to the provider and back.
type oidcFlow struct {
	State, Nonce, Verifier, Next string
}

const oidcCookie = "kscheck_oidc"

// Start sends the browser to the provider; next is where to go after.
func (o *OIDC) Start(w http.ResponseWriter, r *http.Request, next string) error {
	p, err := o.discover(r.Context())
	if err != nil {
		return err
	}
	f := oidcFlow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Next: next}
	if err := o.cookies.set(w, oidcCookie, f, false); err != nil {
		return err
	}
	http.Redirect(w, r, o.oauth2(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusSeeOther)
	return nil
}

// Finish completes the sign-in at the callback: it checks the state,
// redeems the code with the PKCE verifier, verifies the ID token and its
// nonce, reads the claims (ID token and userinfo) and maps them. It returns
// the identity, where to go next, and the ID token for signing out.
func (o *OIDC) Finish(w http.ResponseWriter, r *http.Request) (id kscheck.ExternalIdentity, next, rawIDToken string, err error) {
	var f oidcFlow
	if err := o.cookies.take(w, r, oidcCookie, &f); err != nil {
		return id, "", "", err
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return id, "", "", refuse("provider", fmt.Errorf("the provider answered %s: %s", e, q.Get("error_description")))
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		return id, "", "", refuse("state", errors.New("the state does not match the sign-in this browser started"))
	}
	p, err := o.discover(r.Context())
	if err != nil {
		return id, "", "", err
	}
	ctx := oidc.ClientContext(r.Context(), o.client)
	conf := o.oauth2(p)
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return id, "", "", refuse("provider", fmt.Errorf("redeeming the code: %w", err))
	}
	rawIDToken, _ = tok.Extra("id_token").(string)
	if rawIDToken == "" {
		return id, "", "", refuse("provider", errors.New("the token response has no ID token"))
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}).Verify(ctx, rawIDToken)
	if err != nil {
		return id, "", "", refuse(oidcReason(err), fmt.Errorf("verifying the ID token: %w", err))
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return id, "", "", refuse("replayed", errors.New("the ID token's nonce is not the one this sign-in sent"))
	}
	attrs := Attributes{}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return id, "", "", refuse("provider", err)
	}
	addClaims(attrs, claims)
	if info, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		if info.Subject != idt.Subject {
			return id, "", "", refuse("provider", errors.New("the userinfo subject is not the ID token's"))
		}
		var more map[string]any
		if err := info.Claims(&more); err == nil {
			addClaims(attrs, more)
		}
	}
	if v := attrs["email_verified"]; len(v) > 0 && v[0] == "false" {
		// kscheck sends notices to the address and may link an account
		// by it: an address the provider has not checked is not enough.
		return id, "", "", refuse("attributes", kscheck.Errorf(kscheck.EInvalid, "the identity provider has not verified your e-mail address").Translated("err.sso.email_unverified"))
	}
	id, err = o.mapping.Identity("oidc", attrs)
	if err != nil {
		return id, "", "", refuse("attributes", err)
	}
	return id, f.Next, rawIDToken, nil
}

// oidcReason sorts ID token failures into what people are told.
func oidcReason(err error) string {
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return "expired"
	}
	return "unsigned"
}

// addClaims adds JSON claims as attributes: strings, numbers and booleans
// as one value, arrays of them as several; objects are ignored.
func addClaims(attrs Attributes, claims map[string]any) {
	for k, v := range claims {
		var vals []string
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if s, ok := scalar(e); ok {
					vals = append(vals, s)
				}
			}
		default:
			if s, ok := scalar(x); ok {
				vals = []string{s}
			}
		}
		if len(vals) > 0 {
			attrs[k] = vals
		}
	}
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool, float64, json.Number:
		return fmt.Sprint(x), true
	}
	return "", false
}

// Origins are the provider's addresses that signing out (a form post that
// kscheck redirects on) may go to, for the form-action of kscheck's
// content security policy: the issuer's and, once known, the
// end_session_endpoint's.
func (o *OIDC) Origins() []string {
	o.mu.Lock()
	end := o.endSess
	o.mu.Unlock()
	var out []string
	for _, raw := range []string{o.cfg.Issuer, end} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			if origin := u.Scheme + "://" + u.Host; !slices.Contains(out, origin) {
				out = append(out, origin)
			}
		}
	}
	return out
}

// LogoutURL returns where to send the browser to sign out at the provider
// too, with the ID token as a hint, and back to kscheck's sign-in page; ""
// when the provider offers no end_session_endpoint.
func (o *OIDC) LogoutURL(ctx context.Context, rawIDToken string) string {
	if _, err := o.discover(ctx); err != nil || o.endSess == "" {
		return ""
	}
	u, err := url.Parse(o.endSess)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", o.cfg.ClientID)
	q.Set("post_logout_redirect_uri", o.base+"/signin")
	if rawIDToken != "" {
		q.Set("id_token_hint", rawIDToken)
	}
	u.RawQuery = q.Encode()
	return u.String()
}
