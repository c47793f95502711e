package sso

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"
)

// Providers are the identity providers people may sign in with; either
// may be nil.
type Providers struct {
	OIDC *OIDC
	SAML *SAML
}

// Setup builds the providers of cfg. baseURL is kscheck's public address;
// replay is the shared record of accepted SAML assertions. The SAML
// metadata is kept fresh until ctx ends.
func Setup(ctx context.Context, cfg *Config, baseURL string, cookies Cookies, replay ReplayFunc, log *slog.Logger) (*Providers, error) {
	p := &Providers{}
	if o := cfg.OIDC; o != nil {
		if o.Label == "" {
			o.Label = "OpenID Connect"
		}
		p.OIDC = NewOIDC(*o, cfg.Mapping, baseURL, cookies, nil)
	}
	if s := cfg.SAML; s != nil {
		key, cert, err := LoadKeyPair(s.KeyFile, s.CertificateFile)
		if err != nil {
			return nil, err
		}
		var certs []*x509.Certificate
		if s.IDPMetadataCertificateFile != "" {
			c, err := readCertificate(s.IDPMetadataCertificateFile)
			if err != nil {
				return nil, err
			}
			certs = append(certs, c)
		}
		source := MetadataFromFile(s.IDPMetadataFile, certs)
		if s.IDPMetadataURL != "" {
			source = MetadataFromURL(s.IDPMetadataURL, certs, &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}})
		}
		label := s.Label
		if label == "" {
			label = "SAML"
		}
		sp, err := NewSAML(ctx, SAMLOptions{
			Label: label, EntityID: s.EntityID, BaseURL: baseURL, Key: key, Certificate: cert,
			IDPMetadata: source, Mapping: cfg.Mapping, Cookies: cookies, Replay: replay, Log: log,
		})
		if err != nil {
			return nil, err
		}
		every := s.IDPMetadataRefresh
		if every <= 0 {
			every = 24 * time.Hour
		}
		go sp.KeepFresh(ctx, every)
		p.SAML = sp
	}
	return p, nil
}

// LoadKeyPair reads the service provider's RSA key and certificate (PEM).
func LoadKeyPair(keyFile, certFile string) (*rsa.PrivateKey, *x509.Certificate, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the SAML key pair: %w", err)
	}
	key, ok := pair.PrivateKey.(*rsa.PrivateKey)
	if !ok {
		return nil, nil, errors.New("the SAML key must be an RSA key")
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	return key, cert, err
}

func readCertificate(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return x509.ParseCertificate(block.Bytes)
}
