package demo

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlidp"
	"golang.org/x/crypto/bcrypt"

	"github.com/kscheck/kscheck/internal/sso"
)

// IdPPath is where the demonstration's identity provider is served, on
// kscheck's own address.
const IdPPath = "/demo-idp"

// Institution is the schacHomeOrganization of the demonstration's people.
const Institution = "demo.kscheck.org"

// entitlementPrefix starts the entitlements that grant kscheck roles, as
// an institution would publish them through SURFconext.
const entitlementPrefix = "urn:mace:demo.kscheck.org:kscheck:"

// IdPAccount is a person at the demonstration's identity provider.
type IdPAccount struct {
	User, Email, Name string
	Roles             []string // role@unit, sent as entitlements
}

// IdPAccounts sign in at the demonstration's identity provider with
// Password: one new researcher, provisioned at the first sign-in, and the
// demo director, whose existing account is linked by e-mail.
var IdPAccounts = []IdPAccount{
	{"researcher", "researcher@demo.kscheck.org", "Dr. Sam Visser", []string{"initiator@liacs"}},
	{"director", "director@demo.kscheck.org", "Prof. Marc Jansen", []string{"director@liacs", "initiator@liacs"}},
}

// Mapping is the demonstration's single sign-on mapping: the same one an
// institution writes for SURFconext.
var Mapping = sso.Mapping{
	Institutions: map[string]string{Institution: "leiden"},
	Roles:        []sso.RoleRule{{Attribute: "eduPersonEntitlement", Prefix: entitlementPrefix}},
}

// IdentityProvider is a real SAML identity provider (crewjam/saml's
// samlidp) for the demonstration, at base + IdPPath. Its people are
// IdPAccounts; their sessions carry schacHomeOrganization and
// eduPersonEntitlement as SURFconext's do.
type IdentityProvider struct {
	*samlidp.Server
}

// NewIdentityProvider starts the demonstration's identity provider.
func NewIdentityProvider(base string) (*IdentityProvider, error) {
	u, err := url.Parse(base + IdPPath)
	if err != nil {
		return nil, err
	}
	key, cert, err := sso.SelfSigned("kscheck demo identity provider")
	if err != nil {
		return nil, err
	}
	store := &samlidp.MemoryStore{}
	hash, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	for _, a := range IdPAccounts {
		user := samlidp.User{Name: a.User, HashedPassword: hash, Email: a.Email, CommonName: a.Name, Groups: a.Roles}
		if err := store.Put("/users/"+a.User, user); err != nil {
			return nil, err
		}
	}
	srv, err := samlidp.New(samlidp.Options{URL: *u, Key: key, Certificate: cert, Store: store, Logger: log.New(io.Discard, "", 0), LoginFormTemplate: loginForm})
	if err != nil {
		return nil, err
	}
	// The administrative endpoints answer only Trust, from inside the
	// program: the demonstration's people and services are fixed.
	srv.AdminMiddleware = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Context().Value(trustKey{}) == nil {
				http.NotFound(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	srv.InitializeHTTP()
	srv.IDP.SessionProvider = withAttributes{srv}
	return &IdentityProvider{srv}, nil
}

// Metadata is the identity provider's metadata, for the service provider.
func (p *IdentityProvider) Metadata() *saml.EntityDescriptor { return p.IDP.Metadata() }

// Trust registers a service provider by its metadata.
func (p *IdentityProvider) Trust(spMetadata []byte) error {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPut, "/services/kscheck", bytes.NewReader(spMetadata))
	p.Server.Handler.ServeHTTP(rec, req.WithContext(context.WithValue(req.Context(), trustKey{}, true)))
	if rec.Code/100 != 2 {
		return fmt.Errorf("registering kscheck at the demo identity provider: %d %s", rec.Code, rec.Body.String())
	}
	return nil
}

type trustKey struct{}

// withAttributes adds the attributes of a Dutch federation to samlidp's
// sessions: the institution, and the groups as entitlements.
type withAttributes struct{ srv *samlidp.Server }

func (w withAttributes) GetSession(rw http.ResponseWriter, r *http.Request, req *saml.IdpAuthnRequest) *saml.Session {
	s := w.srv.GetSession(rw, r, req)
	if s == nil {
		return nil
	}
	s.CustomAttributes = FederationAttributes(s.Groups)
	return s
}

// FederationAttributes are the attributes a Dutch federation adds for
// a person of the demonstration's institution with roles ("role@unit"):
// schacHomeOrganization, and the roles as eduPersonEntitlement.
func FederationAttributes(roles []string) []saml.Attribute {
	ents := make([]saml.AttributeValue, len(roles))
	for i, g := range roles {
		ents[i] = saml.AttributeValue{Type: "xs:string", Value: entitlementPrefix + g}
	}
	return []saml.Attribute{
		{FriendlyName: "schacHomeOrganization", Name: "urn:oid:1.3.6.1.4.1.25178.1.2.9", NameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri", Values: []saml.AttributeValue{{Type: "xs:string", Value: Institution}}},
		{FriendlyName: "eduPersonEntitlement", Name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.7", NameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri", Values: ents},
	}
}

// loginForm is the demonstration identity provider's sign-in page, with
// labelled fields (samlidp's own has placeholders only).
var loginForm = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Demo identity provider</title></head>
<body><main>
<h1>Demo identity provider</h1>
<p>This stands in for your institution's sign-in page (SURFconext). Sign in as researcher or director.</p>
{{if .Toast}}<p role="alert">{{.Toast}}</p>{{end}}
<form method="post" action="{{.URL}}">
<p><label for="user">User name</label><br><input type="text" id="user" name="user" autocomplete="username"></p>
<p><label for="password">Password</label><br><input type="password" id="password" name="password" autocomplete="current-password"></p>
<input type="hidden" name="SAMLRequest" value="{{.SAMLRequest}}">
<input type="hidden" name="RelayState" value="{{.RelayState}}">
<p><button type="submit" id="idp-sign-in">Sign in</button></p>
</form>
</main></body></html>`))

// SignOn starts the demonstration's identity provider and a SAML service
// provider for kscheck at base that trusts it, each registered with the
// other: the whole single sign-on of the demonstration.
func SignOn(ctx context.Context, base string, cookies sso.Cookies, replay sso.ReplayFunc, log *slog.Logger) (*sso.SAML, *IdentityProvider, error) {
	idp, err := NewIdentityProvider(base)
	if err != nil {
		return nil, nil, err
	}
	key, cert, err := sso.SelfSigned("kscheck demo service provider")
	if err != nil {
		return nil, nil, err
	}
	sp, err := sso.NewSAML(ctx, sso.SAMLOptions{
		BaseURL: base, Key: key, Certificate: cert, Mapping: Mapping, Cookies: cookies, Replay: replay, Log: log,
		IDPMetadata: func(context.Context) (*saml.EntityDescriptor, error) { return idp.Metadata(), nil },
	})
	if err != nil {
		return nil, nil, err
	}
	rec := httptest.NewRecorder()
	sp.ServeMetadata(rec, httptest.NewRequest(http.MethodGet, sso.SAMLMetadataPath, nil))
	if err := idp.Trust(rec.Body.Bytes()); err != nil {
		return nil, nil, err
	}
	return sp, idp, nil
}
