// Package sso signs people in through their institution's identity
// provider: OpenID Connect (authorisation code flow with PKCE) and SAML 2.0
// (a service provider that requires signed assertions), as SURFconext
// offers both. It turns what the provider asserts into a
// kscheck.ExternalIdentity through one mapping file; what happens to that
// identity (provisioning, roles, the session) is decided by the service.
package sso

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Config is the single sign-on configuration file: the providers, the
// mapping of their attributes to people and roles, and the password rule.
type Config struct {
	OIDC      *OIDCConfig   `yaml:"oidc"`
	SAML      *SAMLConfig   `yaml:"saml"`
	Mapping   Mapping       `yaml:"mapping"`
	Passwords PasswordRules `yaml:"passwords"`
	// LinkByEmail lets the first single sign-on of someone who already has
	// a kscheck account with the same e-mail address take that account over.
	LinkByEmail bool `yaml:"link_by_email"`
}

// PasswordRules says whether local passwords are accepted.
type PasswordRules struct {
	// Local false switches local passwords off for everyone but the
	// break-glass administrator. Unset means on.
	Local      *bool  `yaml:"local"`
	BreakGlass string `yaml:"break_glass"`
}

// Off reports whether local passwords are switched off.
func (p PasswordRules) Off() bool { return p.Local != nil && !*p.Local }

// OIDCConfig configures an OpenID provider.
type OIDCConfig struct {
	// Label is the provider's name on the sign-in button.
	Label            string   `yaml:"label"`
	Issuer           string   `yaml:"issuer"`
	ClientID         string   `yaml:"client_id"`
	ClientSecretFile string   `yaml:"client_secret_file"`
	Scopes           []string `yaml:"scopes"`
	// ClientSecret is read from ClientSecretFile or from the environment
	// (KSCHECK_OIDC_CLIENT_SECRET), never from the file itself.
	ClientSecret string `yaml:"-"`
}

// SAMLConfig configures the SAML service provider and its identity provider.
type SAMLConfig struct {
	Label string `yaml:"label"`
	// EntityID defaults to the metadata URL, <base URL>/saml/metadata.
	EntityID        string `yaml:"entity_id"`
	KeyFile         string `yaml:"key_file"`
	CertificateFile string `yaml:"certificate_file"`
	// IDPMetadataURL or IDPMetadataFile give the identity provider's
	// metadata; it is read again every IDPMetadataRefresh (default 24h).
	IDPMetadataURL  string `yaml:"idp_metadata_url"`
	IDPMetadataFile string `yaml:"idp_metadata_file"`
	// IDPMetadataCertificateFile, if set, is the certificate the metadata
	// must be signed with (SURFconext signs its metadata).
	IDPMetadataCertificateFile string        `yaml:"idp_metadata_certificate_file"`
	IDPMetadataRefresh         time.Duration `yaml:"idp_metadata_refresh"`
}

// maxConfigBytes limits the configuration file.
const maxConfigBytes = 1 << 20

// LoadConfig reads and checks a configuration file.
func LoadConfig(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the single sign-on configuration: %w", err)
	}
	cfg, err := ParseConfig(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if o := cfg.OIDC; o != nil {
		o.ClientSecret = os.Getenv("KSCHECK_OIDC_CLIENT_SECRET")
		if o.ClientSecretFile != "" {
			b, err := os.ReadFile(o.ClientSecretFile)
			if err != nil {
				return nil, fmt.Errorf("reading the OpenID Connect client secret: %w", err)
			}
			o.ClientSecret = strings.TrimSpace(string(b))
		}
	}
	return cfg, nil
}

// ParseConfig parses a configuration file's content and checks it.
func ParseConfig(src []byte) (*Config, error) {
	if len(src) > maxConfigBytes {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the single sign-on configuration is larger than 1 MB")
	}
	var cfg Config
	if err := yaml.UnmarshalWithOptions(src, &cfg, yaml.DisallowUnknownField()); err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "the single sign-on configuration cannot be read: %s", yaml.FormatError(err, false, true))
	}
	return &cfg, cfg.check()
}

func (c *Config) check() error {
	var problems []string
	if o := c.OIDC; o != nil && (o.Issuer == "" || o.ClientID == "") {
		problems = append(problems, "oidc needs an issuer and a client_id")
	}
	if s := c.SAML; s != nil {
		if (s.IDPMetadataURL == "") == (s.IDPMetadataFile == "") {
			problems = append(problems, "saml needs exactly one of idp_metadata_url and idp_metadata_file")
		}
		if s.KeyFile == "" || s.CertificateFile == "" {
			problems = append(problems, "saml needs a key_file and a certificate_file (the service provider's own key pair)")
		}
	}
	if c.Passwords.Off() && strings.TrimSpace(c.Passwords.BreakGlass) == "" {
		problems = append(problems, "passwords.local is false but no passwords.break_glass administrator is named: name one, so that someone can still sign in when the identity provider is down")
	}
	problems = append(problems, c.Mapping.problems()...)
	if len(problems) > 0 {
		return kscheck.Errorf(kscheck.EInvalid, "the single sign-on configuration has problems: %s", strings.Join(problems, "; "))
	}
	return nil
}
