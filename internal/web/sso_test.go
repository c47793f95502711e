package web

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/sso"
	"github.com/kscheck/kscheck/internal/store"
)

// newSignOnApp boots the application with the demonstration's single
// sign-on: a real SAML identity provider (crewjam/saml's samlidp) served
// beside kscheck, and, when oidc is given, the OpenID provider it makes
// for kscheck's base URL.
func newSignOnApp(t *testing.T, s *store.Store, oidc func(base string) *sso.OIDC) (*httptest.Server, *service.Service, *demo.IdentityProvider) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	svc := newService(t, s)
	svc.SignOn.LinkByEmail = true
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sp, idp, err := demo.SignOn(ctx, base, sso.Cookies{}, ReplayRecord(ctx, svc), svc.Log)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{SSO: &sso.Providers{SAML: sp}, DemoIdP: idp, DemoIdPPath: demo.IdPPath, DemoPassword: demo.Password}
	if oidc != nil {
		cfg.SSO.OIDC = oidc(base)
	}
	srv, err := New(svc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, svc, idp
}

// samlAttempt is one browser's sign-in through SAML at the HTTP level:
// kscheck's authentication request, and the cookie that remembers it.
type samlAttempt struct {
	t      *testing.T
	base   string
	http   *http.Client
	jar    *cookiejar.Jar
	authn  *url.URL // the redirect to the identity provider
	cookie []*http.Cookie
}

func startSAML(t *testing.T, base string) *samlAttempt {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &samlAttempt{t: t, base: base, jar: jar, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res, err := a.http.Get(base + "/saml/start?next=/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if a.authn, err = url.Parse(res.Header.Get("Location")); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("starting SAML: %d to %q: %v", res.StatusCode, res.Header.Get("Location"), err)
	}
	u, _ := url.Parse(base)
	a.cookie = jar.Cookies(u)
	if len(a.cookie) == 0 {
		t.Fatal("starting SAML set no cookie")
	}
	return a
}

// respond makes the identity provider's response to the attempt's request
// for the demo researcher, with the real IdP's library and key; shift
// moves its clock, tamper changes the assertion before it is signed, and
// sign false leaves both the assertion and the response unsigned.
func (a *samlAttempt) respond(idp *demo.IdentityProvider, shift time.Duration, tamper func(*saml.Assertion), sign bool) string {
	a.t.Helper()
	req, err := saml.NewIdpAuthnRequest(&idp.IDP, httptest.NewRequest(http.MethodGet, a.authn.String(), nil))
	if err != nil {
		a.t.Fatal(err)
	}
	if err := req.Validate(); err != nil {
		a.t.Fatal(err)
	}
	req.Now = req.Now.Add(shift)
	session := &saml.Session{
		ID: "s1", CreateTime: req.Now, ExpireTime: req.Now.Add(time.Hour), Index: "1",
		NameID: "researcher@demo.kscheck.org", NameIDFormat: string(saml.EmailAddressNameIDFormat),
		UserName: "researcher", UserEmail: "researcher@demo.kscheck.org", UserCommonName: "Dr. Sam Visser",
		CustomAttributes: demo.FederationAttributes([]string{"initiator@liacs"}),
	}
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, session); err != nil {
		a.t.Fatal(err)
	}
	if tamper != nil {
		tamper(req.Assertion)
	}
	var el *etree.Element
	if sign {
		if err := req.MakeResponse(); err != nil {
			a.t.Fatal(err)
		}
		el = req.ResponseEl
	} else {
		resp := &saml.Response{
			ID: "id-unsigned", InResponseTo: req.Request.ID, IssueInstant: req.Now, Version: "2.0",
			Destination: req.ACSEndpoint.Location,
			Issuer:      &saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: idp.IDP.MetadataURL.String()},
			Status:      saml.Status{StatusCode: saml.StatusCode{Value: saml.StatusSuccess}},
		}
		el = resp.Element()
		el.AddChild(req.Assertion.Element())
	}
	doc := etree.NewDocument()
	doc.SetRoot(el)
	b, err := doc.WriteToBytes()
	if err != nil {
		a.t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// post sends a response to kscheck's assertion consumer service in lang,
// with the attempt's cookie, and returns the status and page.
func (a *samlAttempt) post(response, lang string) (int, string) {
	a.t.Helper()
	u, _ := url.Parse(a.base)
	a.jar.SetCookies(u, a.cookie)
	req, _ := http.NewRequest(http.MethodPost, a.base+sso.SAMLACSPath, strings.NewReader(url.Values{"SAMLResponse": {response}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	res, err := a.http.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestSAMLRefusesBadResponses has the identity provider answer kscheck's
// request in ways an attacker or a misconfiguration would, and checks each
// is refused with a page that says why, in English and in Dutch; a good
// answer signs in, once.
func TestSAMLRefusesBadResponses(t *testing.T) {
	s := storetestOpen(t)
	ts, _, idp := newSignOnApp(t, s, nil)
	cases := []struct {
		name   string
		shift  time.Duration
		tamper func(*saml.Assertion)
		sign   bool
		en, nl string
	}{
		{name: "wrong audience", sign: true, tamper: func(a *saml.Assertion) {
			a.Conditions.AudienceRestrictions[0].Audience.Value = "https://another-service.example.org/saml/metadata"
		}, en: "meant for another service", nl: "bedoeld voor een andere dienst"},
		{name: "expired", sign: true, shift: -2 * time.Hour, en: "has expired", nl: "is verlopen"},
		{name: "unsigned", sign: false, en: "is not signed", nl: "is niet ondertekend"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, lang := range []string{"en", "nl"} {
				a := startSAML(t, ts.URL)
				status, page := a.post(a.respond(idp, c.shift, c.tamper, c.sign), lang)
				want := map[string]string{"en": c.en, "nl": c.nl}[lang]
				if status != http.StatusForbidden || !strings.Contains(page, want) {
					t.Fatalf("%s (%s): status %d, page lacks %q:\n%s", c.name, lang, status, want, page)
				}
			}
		})
	}

	t.Run("signed response, unsigned assertion", func(t *testing.T) {
		a := startSAML(t, ts.URL)
		req, err := saml.NewIdpAuthnRequest(&idp.IDP, httptest.NewRequest(http.MethodGet, a.authn.String(), nil))
		if err != nil || req.Validate() != nil {
			t.Fatal(err)
		}
		session := &saml.Session{ID: "s2", CreateTime: req.Now, ExpireTime: req.Now.Add(time.Hour), NameID: "researcher@demo.kscheck.org", UserEmail: "researcher@demo.kscheck.org", CustomAttributes: demo.FederationAttributes(nil)}
		if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, session); err != nil {
			t.Fatal(err)
		}
		req.AssertionEl = req.Assertion.Element() // neither signed nor encrypted
		if err := req.MakeResponse(); err != nil {
			t.Fatal(err)
		}
		doc := etree.NewDocument()
		doc.SetRoot(req.ResponseEl)
		b, _ := doc.WriteToBytes()
		status, page := a.post(base64.StdEncoding.EncodeToString(b), "en")
		if status != http.StatusForbidden || !strings.Contains(page, "is not signed") {
			t.Fatalf("status %d:\n%s", status, page)
		}
	})

	t.Run("replayed", func(t *testing.T) {
		a := startSAML(t, ts.URL)
		response := a.respond(idp, 0, nil, true)
		if status, page := a.post(response, "en"); status != http.StatusSeeOther {
			t.Fatalf("a good response: status %d:\n%s", status, page)
		}
		for _, lang := range []string{"en", "nl"} {
			status, page := a.post(response, lang)
			want := map[string]string{"en": "has been used before", "nl": "al eerder gebruikt"}[lang]
			if status != http.StatusForbidden || !strings.Contains(page, want) {
				t.Fatalf("replay (%s): status %d, page lacks %q:\n%s", lang, status, want, page)
			}
		}
	})

	t.Run("no request from this browser", func(t *testing.T) {
		a := startSAML(t, ts.URL)
		response := a.respond(idp, 0, nil, true)
		a.cookie = nil
		a.jar, _ = cookiejar.New(nil)
		a.http.Jar = a.jar
		if status, page := a.post(response, "en"); status != http.StatusForbidden || !strings.Contains(page, "did not start this sign-in") {
			t.Fatalf("status %d:\n%s", status, page)
		}
	})
}

// TestSAMLMetadataIsPublished checks the service provider's metadata at
// its stable address asks for signed assertions and names the ACS.
func TestSAMLMetadataIsPublished(t *testing.T) {
	ts, _, _ := newSignOnApp(t, storetestOpen(t), nil)
	res, err := http.Get(ts.URL + sso.SAMLMetadataPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, want := range []string{`entityID="` + ts.URL + `/saml/metadata"`, `WantAssertionsSigned="true"`, `Location="` + ts.URL + `/saml/acs"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metadata lacks %s:\n%s", want, b)
		}
	}
}

// rolesOf lists a person's assignments as "role@unit/source".
func rolesOf(t *testing.T, svc *service.Service, personID int64) string {
	t.Helper()
	acc, err := svc.Account(context.Background(), service.System, personID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range acc.Roles {
		out = append(out, a.String()+"/"+a.Source)
	}
	return strings.Join(out, " ")
}

// TestPasswordsOffSigninPage checks that with passwords switched off the
// sign-in page leads with single sign-on, keeps the password form for the
// break-glass administrator only, and refuses everyone else's password.
func TestPasswordsOffSigninPage(t *testing.T) {
	ts, svc, _ := newSignOnApp(t, storetestOpen(t), nil)
	svc.SignOn.PasswordsOff, svc.SignOn.BreakGlass = true, "admin@demo.kscheck.org"
	res, err := http.Get(ts.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(b)
	if !strings.Contains(page, "<summary>Administrator sign-in with a password (break-glass access)</summary>") || strings.Index(page, `id="signin-saml"`) > strings.Index(page, `action="/signin"`) {
		t.Fatalf("sign-in page with passwords off:\n%s", page)
	}
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: ts.URL, http: &http.Client{Jar: jar}}
	res = c.post("/signin", url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("an initiator's password with passwords off: %d", res.StatusCode)
	}
	signIn(t, ts.URL, "admin@demo.kscheck.org")
}
