package sso

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// Attributes are what a provider asserted, by attribute or claim name, each
// with its values. SAML attributes are stored under their name, their
// friendly name and, for the well-known ones, their short name, so that a
// mapping can say "eduPersonPrincipalName" whatever form the provider uses.
type Attributes map[string][]string

// First returns the first value of the first of names that has one.
func (a Attributes) First(names []string) string {
	for _, n := range names {
		for _, v := range a[n] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// Mapping turns attributes into a person and roles.
type Mapping struct {
	// Subject, Institution, Email and Name list attribute names, tried in
	// order; the defaults suit SURFconext over SAML and OpenID Connect.
	Subject     []string `yaml:"subject"`
	Institution []string `yaml:"institution"`
	Email       []string `yaml:"email"`
	Name        []string `yaml:"name"`
	// Institutions gives the home unit of new people by institution
	// (schacHomeOrganization); people of other institutions are refused.
	Institutions map[string]string `yaml:"institutions"`
	// DefaultUnit is the home unit of people whose provider sends no
	// institution at all (a provider of one institution only).
	DefaultUnit string     `yaml:"default_unit"`
	Roles       []RoleRule `yaml:"roles"`
}

// RoleRule grants roles from one attribute's values: either the roles in
// Grant when the attribute has Value, or, with Prefix, the role@unit that
// follows the prefix in each value that starts with it (for entitlements
// such as urn:mace:example.org:kscheck:initiator@liacs).
type RoleRule struct {
	Attribute string   `yaml:"attribute"`
	Value     string   `yaml:"value"`
	Grant     []string `yaml:"grant"`
	Prefix    string   `yaml:"prefix"`
}

var (
	defaultSubject     = []string{"eduPersonPrincipalName", "eduperson_principal_name", "sub"}
	defaultInstitution = []string{"schacHomeOrganization", "schac_home_organization"}
	defaultEmail       = []string{"mail", "email"}
	defaultName        = []string{"displayName", "name", "cn", "given_name"}
)

func orDefault(names, def []string) []string {
	if len(names) == 0 {
		return def
	}
	return names
}

func (m Mapping) problems() []string {
	var out []string
	for i, r := range m.Roles {
		where := fmt.Sprintf("mapping.roles[%d]", i)
		switch {
		case r.Attribute == "":
			out = append(out, where+" names no attribute")
		case (r.Prefix == "") == (r.Value == ""):
			out = append(out, where+" needs either a value (with grant) or a prefix")
		case r.Value != "" && len(r.Grant) == 0:
			out = append(out, where+" has a value but grants no role")
		}
		for _, g := range r.Grant {
			if _, _, err := kscheck.ParseAssignment(g); err != nil {
				out = append(out, where+": "+kscheck.ErrorMessage(err))
			}
		}
	}
	return out
}

// Identity reads who the person is and the roles the mapping grants.
// Provider names the provider for the link between its subject and the
// person.
func (m Mapping) Identity(provider string, attrs Attributes) (kscheck.ExternalIdentity, error) {
	id := kscheck.ExternalIdentity{
		Provider:    provider,
		Subject:     attrs.First(orDefault(m.Subject, defaultSubject)),
		Institution: strings.ToLower(attrs.First(orDefault(m.Institution, defaultInstitution))),
		Email:       attrs.First(orDefault(m.Email, defaultEmail)),
		Name:        attrs.First(orDefault(m.Name, defaultName)),
	}
	if id.Subject == "" {
		return id, kscheck.Errorf(kscheck.EInvalid, "the identity provider did not say who you are (none of %s was sent)", strings.Join(orDefault(m.Subject, defaultSubject), ", ")).Translated("err.sso.no_subject_claims")
	}
	if id.Email == "" {
		return id, kscheck.Errorf(kscheck.EInvalid, "the identity provider did not send your e-mail address; kscheck needs it for notifications").Translated("err.sso.no_email")
	}
	if id.Institution == "" {
		id.UnitCode = m.DefaultUnit
	} else {
		id.UnitCode = m.Institutions[id.Institution]
	}
	id.Roles = m.roles(attrs)
	return id, nil
}

// roles returns the assignments the rules grant, without repeats. Values
// that do not name a known role are ignored.
func (m Mapping) roles(attrs Attributes) []kscheck.Assignment {
	var out []kscheck.Assignment
	add := func(s string) {
		role, unit, err := kscheck.ParseAssignment(s)
		if err != nil {
			return
		}
		a := kscheck.Assignment{Role: role, UnitCode: unit, Source: kscheck.SourceIdP}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, r := range m.Roles {
		for _, v := range attrs[r.Attribute] {
			switch {
			case r.Prefix != "" && strings.HasPrefix(v, r.Prefix):
				add(strings.TrimPrefix(v, r.Prefix))
			case r.Value != "" && v == r.Value:
				for _, g := range r.Grant {
					add(g)
				}
			}
		}
	}
	return out
}
