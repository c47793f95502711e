package sso

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Refusal is a sign-in the provider's answer did not earn: Reason names
// what was wrong for the page people see ("audience", "expired",
// "unsigned", "replayed", "state", "provider", "attributes"), Err the
// detail for the log.
type Refusal struct {
	Reason string
	Err    error
}

func (r *Refusal) Error() string {
	return "single sign-on refused (" + r.Reason + "): " + r.Err.Error()
}
func (r *Refusal) Unwrap() error { return r.Err }

func refuse(reason string, err error) error { return &Refusal{Reason: reason, Err: err} }

// ReasonOf returns the reason of a refusal, or "" for other errors.
func ReasonOf(err error) string {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

// flowLifetime bounds the time between leaving for the provider and coming
// back.
const flowLifetime = 10 * time.Minute

// Cookies says how the short-lived cookies that carry a sign-in between
// leaving for the provider and coming back are set.
type Cookies struct {
	// Insecure drops the Secure flag and the __Host- prefix (plain-HTTP
	// test networks only).
	Insecure bool
}

func (c Cookies) name(base string) string {
	if c.Insecure {
		return base
	}
	return "__Host-" + base
}

// set stores v in a cookie for the length of one sign-in. crossSite lets
// the cookie come back with a cross-site POST (the SAML response).
func (c Cookies) set(w http.ResponseWriter, base string, v any, crossSite bool) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	same := http.SameSiteLaxMode
	if crossSite && !c.Insecure {
		same = http.SameSiteNoneMode
	}
	http.SetCookie(w, &http.Cookie{
		Name: c.name(base), Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
		MaxAge: int(flowLifetime.Seconds()), HttpOnly: true, Secure: !c.Insecure, SameSite: same,
	})
	return nil
}

// take reads the cookie into v and clears it: each sign-in is finished once.
func (c Cookies) take(w http.ResponseWriter, r *http.Request, base string, v any) error {
	ck, err := r.Cookie(c.name(base))
	if err != nil {
		return refuse("state", fmt.Errorf("no sign-in in progress in this browser (cookie %s missing)", c.name(base)))
	}
	http.SetCookie(w, &http.Cookie{Name: ck.Name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: !c.Insecure})
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return refuse("state", fmt.Errorf("unreadable sign-in cookie: %w", err))
	}
	return nil
}

// random returns 32 random bytes, base64url.
func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
