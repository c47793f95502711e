package kscheck

// ExternalIdentity is what an identity provider asserted about a person
// who signed in through single sign-on, after the mapping has read its
// attributes or claims: who they are, their institution, and the roles the
// mapping grants them.
type ExternalIdentity struct {
	// Provider names the identity provider ("oidc", "saml", "demo").
	Provider string
	// Subject identifies the person at the provider
	// (eduPersonPrincipalName, or the OIDC sub).
	Subject     string
	Institution string // schacHomeOrganization
	Email       string
	Name        string
	// UnitCode is the person's home unit, for a first sign-in.
	UnitCode string
	// Roles are the assignments the provider grants now.
	Roles []Assignment
}
