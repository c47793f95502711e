package sso

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlidp"

	"github.com/kscheck/kscheck/internal/kscheck"
)

func TestParseConfigExample(t *testing.T) {
	src, err := os.ReadFile("testdata/surfconext.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Passwords.Off() || cfg.Passwords.BreakGlass != "admin@leidenuniv.nl" || cfg.SAML.IDPMetadataRefresh != 6*time.Hour || cfg.OIDC.Issuer != "https://connect.surfconext.nl" {
		t.Fatalf("parsed %+v", cfg)
	}
}

func TestParseConfigProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"passwords: {local: false}", "no passwords.break_glass administrator"},
		{"saml: {key_file: k, certificate_file: c}", "exactly one of idp_metadata_url and idp_metadata_file"},
		{"saml: {idp_metadata_file: m}", "needs a key_file and a certificate_file"},
		{"oidc: {issuer: https://op.example}", "needs an issuer and a client_id"},
		{"mapping: {roles: [{attribute: x, value: y}]}", "grants no role"},
		{"mapping: {roles: [{attribute: x, value: y, grant: [boss@liacs]}]}", `unknown role "boss"`},
		{"mapping: {roles: [{attribute: x}]}", "either a value (with grant) or a prefix"},
		{"mappings: {}", "cannot be read"},
	} {
		_, err := ParseConfig([]byte(c.src))
		if kscheck.ErrorCode(err) != kscheck.EInvalid || !strings.Contains(kscheck.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want %q", c.src, err, c.want)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	if src, err := os.ReadFile("testdata/surfconext.yaml"); err == nil {
		f.Add(src)
	}
	f.Add([]byte("mapping: {roles: [{attribute: a, prefix: p}]}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := ParseConfig(src)
		if err == nil && cfg == nil {
			t.Fatal("no configuration and no error")
		}
		if err != nil && kscheck.ErrorCode(err) != kscheck.EInvalid {
			t.Fatalf("not a plain refusal: %v", err)
		}
	})
}

func TestMappingIdentity(t *testing.T) {
	m := Mapping{
		Institutions: map[string]string{"leidenuniv.nl": "leiden"},
		Roles: []RoleRule{
			{Attribute: "eduPersonEntitlement", Prefix: "urn:mace:leidenuniv.nl:kscheck:"},
			{Attribute: "isMemberOf", Value: "ks-desk", Grant: []string{"desk_adviser@leiden"}},
		},
	}
	attrs := Attributes{
		"eduPersonPrincipalName": {"jdoe@leidenuniv.nl"},
		"schacHomeOrganization":  {"LeidenUniv.nl"},
		"mail":                   {"j.doe@leidenuniv.nl"},
		"displayName":            {"J. Doe"},
		"eduPersonEntitlement":   {"urn:mace:leidenuniv.nl:kscheck:initiator@liacs", "urn:mace:leidenuniv.nl:kscheck:nonsense", "urn:mace:other:kscheck:admin@leiden", "urn:mace:leidenuniv.nl:kscheck:initiator@liacs"},
		"isMemberOf":             {"ks-desk"},
	}
	id, err := m.Identity("saml", attrs)
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, a := range id.Roles {
		roles = append(roles, a.String())
	}
	if id.Subject != "jdoe@leidenuniv.nl" || id.Institution != "leidenuniv.nl" || id.UnitCode != "leiden" || id.Email != "j.doe@leidenuniv.nl" || id.Name != "J. Doe" ||
		!slices.Equal(roles, []string{"initiator@liacs", "desk_adviser@leiden"}) {
		t.Fatalf("identity %+v, roles %v", id, roles)
	}

	// Another institution gets no home unit (the service refuses it);
	// without a subject or an e-mail address there is no identity.
	attrs["schacHomeOrganization"] = []string{"elsewhere.example"}
	if id, _ := m.Identity("saml", attrs); id.UnitCode != "" {
		t.Errorf("a stranger got unit %q", id.UnitCode)
	}
	if _, err := m.Identity("oidc", Attributes{"email": {"x@y.example"}}); err == nil || !strings.Contains(err.Error(), "did not say who you are") {
		t.Errorf("no subject: %v", err)
	}
	if _, err := m.Identity("oidc", Attributes{"sub": {"123"}}); err == nil || !strings.Contains(err.Error(), "e-mail address") {
		t.Errorf("no e-mail: %v", err)
	}
}

func TestAssertionAttributesByEveryName(t *testing.T) {
	a := &saml.Assertion{AttributeStatements: []saml.AttributeStatement{{Attributes: []saml.Attribute{
		{Name: "urn:mace:dir:attribute-def:eduPersonPrincipalName", Values: []saml.AttributeValue{{Value: "p@uni.example"}}},
		{Name: "urn:oid:1.3.6.1.4.1.25178.1.2.9", FriendlyName: "schacHomeOrganization", Values: []saml.AttributeValue{{Value: "uni.example"}}},
		{Name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.7", Values: []saml.AttributeValue{{Value: "e1"}, {Value: "e2"}}},
	}}}}
	attrs := assertionAttributes(a)
	for name, want := range map[string]string{"eduPersonPrincipalName": "p@uni.example", "schacHomeOrganization": "uni.example", "urn:oid:1.3.6.1.4.1.25178.1.2.9": "uni.example", "eduPersonEntitlement": "e1 e2"} {
		if got := strings.Join(attrs[name], " "); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestAddClaims(t *testing.T) {
	attrs := Attributes{}
	addClaims(attrs, map[string]any{"sub": "s", "email_verified": true, "groups": []any{"a", "b", map[string]any{}}, "address": map[string]any{"x": "y"}})
	if strings.Join(attrs["groups"], ",") != "a,b" || attrs["email_verified"][0] != "true" || attrs["sub"][0] != "s" || attrs["address"] != nil {
		t.Fatalf("attributes %v", attrs)
	}
}

// TestMetadataFromURLRefreshes reads a real identity provider's metadata
// (crewjam/saml's samlidp) over HTTP, and again on refresh, when its
// certificate has rolled over; a failing refresh keeps the old metadata.
func TestMetadataFromURLRefreshes(t *testing.T) {
	var current atomic.Pointer[samlidp.Server]
	var down atomic.Bool
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		current.Load().ServeHTTP(w, r)
	}))
	defer ts.Close()
	newIdP := func() *samlidp.Server {
		key, cert, err := SelfSigned("idp")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(ts.URL)
		srv, err := samlidp.New(samlidp.Options{URL: *u, Key: key, Certificate: cert, Store: &samlidp.MemoryStore{}})
		if err != nil {
			t.Fatal(err)
		}
		current.Store(srv)
		return srv
	}
	first := newIdP()
	key, cert, err := SelfSigned("sp")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := NewSAML(context.Background(), SAMLOptions{BaseURL: "https://kscheck.example.org", Key: key, Certificate: cert, IDPMetadata: MetadataFromURL(ts.URL+"/metadata", nil, nil)})
	if err != nil {
		t.Fatal(err)
	}
	signing := func() string {
		return sp.sp().IDPMetadata.IDPSSODescriptors[0].KeyDescriptors[0].KeyInfo.X509Data.X509Certificates[0].Data
	}
	before := signing()
	if !strings.Contains(mustXML(t, first.IDP.Metadata()), before) {
		t.Fatal("the service provider does not hold the identity provider's certificate")
	}
	newIdP() // the identity provider rolls its key over
	if err := sp.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := signing()
	if after == before {
		t.Fatal("refreshing did not pick up the new certificate")
	}
	down.Store(true)
	if err := sp.Refresh(context.Background()); err == nil || signing() != after {
		t.Fatalf("a failed refresh: %v; metadata kept: %v", err, signing() == after)
	}
}

func mustXML(t *testing.T, v any) string {
	t.Helper()
	b, err := xml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
