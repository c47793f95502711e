package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"golang.org/x/text/language"

	"github.com/kscheck/kscheck/internal/browsertest"
	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/sso"
)

// TestBrowserSignOnDemo signs in through the demonstration's SAML identity
// provider in Chromium: a new researcher is provisioned with the role the
// entitlement grants, and the administrator sees where each role came from.
func TestBrowserSignOnDemo(t *testing.T) {
	ctx := browsertest.New(t)
	ts, _, _ := newSignOnApp(t, storetestOpen(t), nil)
	b := &browser{t: t, ctx: ctx, base: ts.URL}

	b.run("open the sign-in page", chromedp.Navigate(ts.URL+"/signin?lang=en"), chromedp.WaitVisible(chromedp.CSS("#signin-saml")))
	if got := b.text("#signin-saml"); got != "Sign in with the demo identity provider" {
		t.Fatalf("the demo button says %q", got)
	}
	b.expectState("signin-with-sso")
	b.submit("#signin-saml")
	b.run("sign in at the identity provider", chromedp.WaitVisible(chromedp.CSS("#user")),
		chromedp.SendKeys(chromedp.CSS("#user"), "researcher"), chromedp.SendKeys(chromedp.CSS("#password"), demo.Password))
	browsertest.Screenshot(t, ctx, "demo-idp")
	b.run("submit at the identity provider", chromedp.Click(chromedp.CSS("#idp-sign-in")))
	b.run("back in kscheck", chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)))
	if got := b.text("body"); !strings.Contains(got, "Dr. Sam Visser") {
		t.Fatalf("not signed in as the researcher: %s", got)
	}
	b.run("start a check", chromedp.Navigate(ts.URL+"/cases/new"), chromedp.WaitVisible(chromedp.CSS("#title")))
	b.expectState("signed-in-through-saml")
	b.signOut()

	b.signIn("admin@demo.kscheck.org")
	b.run("open the people page", chromedp.Navigate(ts.URL+"/admin/people?lang=en"), chromedp.WaitVisible(chromedp.CSS("table")))
	got := eval[string](b, `Array.from(document.querySelectorAll('tr')).find(r => r.textContent.includes('researcher@demo.kscheck.org')).textContent`)
	for _, want := range []string{"Initiator at Leiden Institute of Advanced Computer Science", "from the identity provider", "researcher@demo.kscheck.org (saml)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the researcher's row lacks %q: %s", want, got)
		}
	}
	b.expectState("people-page")
}

// kscheckUsers are the people of the test's OpenID provider.
type kscheckUsers map[string]*storage.User

func (u kscheckUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u kscheckUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u kscheckUsers) ExampleClientID() string { return "service" }

// startOpenIDProvider starts zitadel/oidc's example OpenID provider, a real
// implementation of the protocol, with one person and kscheck registered
// as a web client (secret, PKCE) redirecting to base.
func startOpenIDProvider(t *testing.T, base string) *httptest.Server {
	t.Helper()
	op := httptest.NewUnstartedServer(nil)
	issuer := "http://" + op.Listener.Addr().String()
	users := kscheckUsers{"sub-eva": {
		ID: "sub-eva", Username: "eva", Password: "a long passphrase", FirstName: "Eva", LastName: "Bakker",
		Email: "eva.bakker@oidc.example.org", EmailVerified: true, PreferredLanguage: language.Dutch,
	}}
	clients := map[string]*storage.Client{"kscheck": storage.WebClient("kscheck", "client-secret", base+sso.OIDCCallbackPath)}
	op.Config.Handler = exampleop.SetupServer(issuer, storage.NewStorageWithClients(users, clients), slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	op.Start()
	t.Cleanup(op.Close)
	return op
}

// TestBrowserSignOnOpenID signs in through an OpenID provider in
// Chromium (code flow with PKCE), is provisioned with the role the mapping
// grants, and signs out at the provider too.
func TestBrowserSignOnOpenID(t *testing.T) {
	ctx := browsertest.New(t)
	var op string
	ts, svc, _ := newSignOnApp(t, storetestOpen(t), func(base string) *sso.OIDC {
		op = startOpenIDProvider(t, base).URL
		m := sso.Mapping{DefaultUnit: "liacs", Roles: []sso.RoleRule{{Attribute: "email", Value: "eva.bakker@oidc.example.org", Grant: []string{"initiator@liacs"}}}}
		return sso.NewOIDC(sso.OIDCConfig{Label: "Test OpenID provider", Issuer: op, ClientID: "kscheck", ClientSecret: "client-secret"}, m, base, sso.Cookies{}, nil)
	})
	b := &browser{t: t, ctx: ctx, base: ts.URL}
	b.run("open the sign-in page", chromedp.Navigate(ts.URL+"/signin?lang=nl"), chromedp.WaitVisible(chromedp.CSS("#signin-oidc")))
	if got := b.text("#signin-oidc"); got != "Inloggen met Test OpenID provider" {
		t.Fatalf("the button says %q", got)
	}
	b.submit("#signin-oidc")
	if u := eval[string](b, `location.href`); !strings.HasPrefix(u, op) {
		t.Fatalf("not at the OpenID provider: %s", u)
	}
	b.run("sign in at the provider", chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "eva"), chromedp.SendKeys(chromedp.CSS("#password"), "a long passphrase"))
	b.run("submit at the provider", chromedp.Click(chromedp.CSS(`button[type=submit]`)))
	b.run("back in kscheck", chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)))
	if got := b.text("body"); !strings.Contains(got, "Eva Bakker") {
		t.Fatalf("not signed in as Eva: %s", got)
	}
	p, err := svc.AccountByEmail(context.Background(), service.System, "eva.bakker@oidc.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got := rolesOf(t, svc, p.ID); got != "initiator@liacs/idp" {
		t.Fatalf("Eva's roles: %q", got)
	}
	b.expectState("signed-in-through-oidc")

	b.run("sign out", chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)))
	for i := 0; !strings.HasPrefix(eval[string](b, `location.href`), op); i++ {
		if i > 100 {
			t.Fatalf("signing out did not go on to the provider: %s", eval[string](b, `location.href`))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The provider is told who signs out and where to send them back.
	// (The example provider keeps no list of return addresses, so it stops
	// there with an error of its own; a real provider returns to /signin.)
	if u := eval[string](b, `location.href`); !strings.Contains(u, "/end_session?") || !strings.Contains(u, "id_token_hint=") || !strings.Contains(u, "post_logout_redirect_uri="+url.QueryEscape(ts.URL+"/signin")) {
		t.Fatalf("signing out at the provider: %s", u)
	}
	b.run("kscheck's session is gone", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#signin-oidc")))
}

// TestOIDCRefusesForeignState checks the callback refuses an answer to a
// sign-in this browser did not start, or with another state, before the
// code is redeemed.
func TestOIDCRefusesForeignState(t *testing.T) {
	ts, _, _ := newSignOnApp(t, storetestOpen(t), func(base string) *sso.OIDC {
		op := startOpenIDProvider(t, base).URL
		return sso.NewOIDC(sso.OIDCConfig{Issuer: op, ClientID: "kscheck", ClientSecret: "client-secret"}, sso.Mapping{DefaultUnit: "liacs"}, base, sso.Cookies{}, nil)
	})
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, lang string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, page := get(sso.OIDCCallbackPath+"?state=forged&code=stolen", "nl"); status != http.StatusForbidden || !strings.Contains(page, "Deze browser is niet met dit inloggen begonnen") {
		t.Fatalf("no sign-in started: %d\n%s", status, page)
	}
	if status, _ := get("/sso/oidc/start?next=/", "en"); status != http.StatusSeeOther {
		t.Fatalf("starting: %d", status)
	}
	if status, page := get(sso.OIDCCallbackPath+"?state=forged&code=stolen", "en"); status != http.StatusForbidden || !strings.Contains(page, "did not start this sign-in") {
		t.Fatalf("another state: %d\n%s", status, page)
	}
}
