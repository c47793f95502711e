package sso

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// The SAML service provider's addresses under kscheck's base URL. The
// metadata URL is also the default entity ID, so it must stay stable.
const (
	SAMLMetadataPath = "/saml/metadata"
	SAMLACSPath      = "/saml/acs"
)

// ErrReplayed is what a replay cache returns for an assertion it has seen.
var ErrReplayed = saml.ErrAssertionReplayed

// ReplayFunc records an accepted assertion id until it expires and returns
// ErrReplayed if it was recorded before.
type ReplayFunc func(id string, expires time.Time) error

func (f ReplayFunc) Consume(id string, expires time.Time) error { return f(id, expires) }

// MetadataSource reads the identity provider's metadata.
type MetadataSource func(ctx context.Context) (*saml.EntityDescriptor, error)

// SAML is a SAML 2.0 service provider: the HTTP-Redirect binding to the
// identity provider, the HTTP-POST binding back, and only responses whose
// assertion is signed by the provider accepted, once.
type SAML struct {
	label   string
	mapping Mapping
	cookies Cookies
	base    saml.ServiceProvider // without the IdP metadata
	source  MetadataSource
	idp     atomic.Pointer[saml.EntityDescriptor]
	log     *slog.Logger
}

// SAMLOptions are what a service provider is made of.
type SAMLOptions struct {
	Label       string
	EntityID    string // default: the metadata URL
	BaseURL     string
	Key         *rsa.PrivateKey
	Certificate *x509.Certificate
	IDPMetadata MetadataSource
	Mapping     Mapping
	Cookies     Cookies
	Replay      ReplayFunc
	Log         *slog.Logger
}

// NewSAML returns a service provider and reads the identity provider's
// metadata once; KeepFresh reads it again from time to time.
func NewSAML(ctx context.Context, o SAMLOptions) (*SAML, error) {
	base, err := url.Parse(o.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("the base URL %q is not an absolute URL; set --base-url", o.BaseURL)
	}
	meta, acs := *base, *base
	meta.Path = strings.TrimSuffix(base.Path, "/") + SAMLMetadataPath
	acs.Path = strings.TrimSuffix(base.Path, "/") + SAMLACSPath
	s := &SAML{
		label: o.Label, mapping: o.Mapping, cookies: o.Cookies, source: o.IDPMetadata, log: o.Log,
		base: saml.ServiceProvider{
			EntityID: o.EntityID, Key: o.Key, Certificate: o.Certificate,
			MetadataURL: meta, AcsURL: acs,
			AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
			AuthnNameIDFormat:                saml.PersistentNameIDFormat,
			RejectExpiredIDPMetadata:         true,
		},
	}
	if o.Replay != nil {
		s.base.ReplayCache = o.Replay
	}
	if err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Label is the provider's name for the sign-in button.
func (s *SAML) Label() string { return s.label }

// Refresh reads the identity provider's metadata again; on failure the
// metadata read before stays in use.
func (s *SAML) Refresh(ctx context.Context) error {
	md, err := s.source(ctx)
	if err != nil {
		return fmt.Errorf("reading the SAML identity provider's metadata: %w", err)
	}
	if md.IDPSSODescriptors == nil {
		return errors.New("the SAML identity provider's metadata describes no identity provider (no IDPSSODescriptor)")
	}
	s.idp.Store(md)
	return nil
}

// KeepFresh reads the metadata every interval until ctx ends, logging
// failures (certificates roll over; the old metadata stays until then).
func (s *SAML) KeepFresh(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Refresh(ctx); err != nil {
				s.log.Warn("refreshing SAML metadata", "err", err)
			}
		}
	}
}

func (s *SAML) sp() *saml.ServiceProvider {
	sp := s.base
	sp.IDPMetadata = s.idp.Load()
	return &sp
}

// ServeMetadata publishes the service provider's metadata, for the
// federation (SURFconext's SP Dashboard reads it from this URL).
func (s *SAML) ServeMetadata(w http.ResponseWriter, r *http.Request) {
	b, err := xml.MarshalIndent(s.sp().Metadata(), "", "  ")
	if err != nil {
		http.Error(w, "the metadata cannot be written", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	w.Write([]byte(xml.Header))
	w.Write(b)
}

type samlFlow struct {
	RequestID, Next string
}

const samlCookie = "kscheck_saml"

// Start sends the browser to the identity provider with an authentication
// request; next is where to go after.
func (s *SAML) Start(w http.ResponseWriter, r *http.Request, next string) error {
	sp := s.sp()
	req, err := sp.MakeAuthenticationRequest(sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		return refuse("provider", err)
	}
	u, err := req.Redirect("", sp)
	if err != nil {
		return refuse("provider", err)
	}
	if err := s.cookies.set(w, samlCookie, samlFlow{RequestID: req.ID, Next: next}, true); err != nil {
		return err
	}
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
	return nil
}

// Finish checks the identity provider's response at the assertion
// consumer service: signed by the provider, for this service provider, in
// answer to the request this browser made, in time, and not seen before.
func (s *SAML) Finish(w http.ResponseWriter, r *http.Request) (kscheck.ExternalIdentity, string, error) {
	var f samlFlow
	if err := s.cookies.take(w, r, samlCookie, &f); err != nil {
		return kscheck.ExternalIdentity{}, "", err
	}
	if err := r.ParseForm(); err != nil {
		return kscheck.ExternalIdentity{}, "", refuse("provider", err)
	}
	a, err := s.sp().ParseResponse(r, []string{f.RequestID})
	if err != nil {
		return kscheck.ExternalIdentity{}, "", refuse(samlReason(err), err)
	}
	if a.Signature == nil {
		// The response may be signed as a whole; kscheck asks for the
		// assertion itself to be signed, as SURFconext does.
		return kscheck.ExternalIdentity{}, "", refuse("unsigned", errors.New("the assertion is not signed"))
	}
	id, err := s.mapping.Identity("saml", assertionAttributes(a))
	if err != nil {
		return id, "", refuse("attributes", err)
	}
	return id, f.Next, nil
}

// samlReason sorts the library's refusals into what people are told.
func samlReason(err error) string {
	switch {
	case errors.Is(err, saml.ErrAudienceMismatch):
		return "audience"
	case errors.Is(err, saml.ErrExpired), errors.Is(err, saml.ErrNotYetValid):
		return "expired"
	case errors.Is(err, saml.ErrAssertionReplayed):
		return "replayed"
	case errors.Is(err, saml.ErrRequestIDMismatch):
		return "state"
	case errors.Is(err, saml.ErrInvalidSignature), errors.Is(err, saml.ErrUntrustedCertificate), errors.Is(err, saml.ErrCertificateNotValidNow),
		strings.Contains(strings.ToLower(errorChain(err)), "signature"):
		return "unsigned"
	}
	return "provider"
}

// errorChain is the private detail of a SAML error (its Error() says only
// "Authentication failed").
func errorChain(err error) string {
	var ire *saml.InvalidResponseError
	if errors.As(err, &ire) && ire.PrivateErr != nil {
		return ire.PrivateErr.Error()
	}
	return err.Error()
}

// Detail is the library's reason for a refused response, for the log.
func Detail(err error) string { return errorChain(err) }

// wellKnown names the SAML attributes a mapping may use by their short
// name, whatever form the identity provider sends (SURFconext sends the
// urn:mace:dir:attribute-def: form and the urn:oid: form).
var wellKnown = map[string]string{
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.6":             "eduPersonPrincipalName",
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.7":             "eduPersonEntitlement",
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.1":             "eduPersonAffiliation",
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.9":             "eduPersonScopedAffiliation",
	"urn:oid:1.3.6.1.4.1.5923.1.5.1.1":             "isMemberOf",
	"urn:oid:1.3.6.1.4.1.25178.1.2.9":              "schacHomeOrganization",
	"urn:oid:0.9.2342.19200300.100.1.3":            "mail",
	"urn:oid:2.16.840.1.113730.3.1.241":            "displayName",
	"urn:oid:2.5.4.3":                              "cn",
	"urn:oid:2.5.4.42":                             "givenName",
	"urn:oid:2.5.4.4":                              "sn",
	"urn:oid:0.9.2342.19200300.100.1.1":            "uid",
	"urn:oasis:names:tc:SAML:attribute:subject-id": "subject-id",
}

// assertionAttributes collects an assertion's attributes under every name
// a mapping may use, and the subject's NameID under "NameID".
func assertionAttributes(a *saml.Assertion) Attributes {
	attrs := Attributes{}
	add := func(name string, vals []string) {
		if name != "" {
			attrs[name] = append(attrs[name], vals...)
		}
	}
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			var vals []string
			for _, v := range at.Values {
				vals = append(vals, v.Value)
			}
			short := wellKnown[at.Name]
			if short == "" {
				short = strings.TrimPrefix(at.Name, "urn:mace:dir:attribute-def:")
			}
			add(at.Name, vals)
			if short != at.Name {
				add(short, vals)
			}
			if at.FriendlyName != short && at.FriendlyName != at.Name {
				add(at.FriendlyName, vals)
			}
		}
	}
	if a.Subject != nil && a.Subject.NameID != nil {
		add("NameID", []string{a.Subject.NameID.Value})
	}
	return attrs
}

// maxMetadataBytes limits the identity provider's metadata.
const maxMetadataBytes = 8 << 20

// MetadataFromFile reads metadata from a file, checking its signature
// when certs are given.
func MetadataFromFile(path string, certs []*x509.Certificate) MetadataSource {
	return func(context.Context) (*saml.EntityDescriptor, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parseMetadata(b, certs)
	}
}

// MetadataFromURL fetches metadata, checking its signature when certs are
// given.
func MetadataFromURL(u string, certs []*x509.Certificate, client *http.Client) MetadataSource {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}
	}
	return func(ctx context.Context) (*saml.EntityDescriptor, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s answered %s", u, res.Status)
		}
		b, err := io.ReadAll(io.LimitReader(res.Body, maxMetadataBytes+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxMetadataBytes {
			return nil, fmt.Errorf("the metadata at %s is larger than 8 MB", u)
		}
		return parseMetadata(b, certs)
	}
}

func parseMetadata(b []byte, certs []*x509.Certificate) (*saml.EntityDescriptor, error) {
	if len(certs) > 0 {
		return samlsp.ParseSignedMetadata(b, certs)
	}
	return samlsp.ParseMetadata(b)
}
