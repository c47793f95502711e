package kscheck

import (
	"slices"
	"time"
)

// Scope is what an API token may be used for. A token never gives more
// than its owner may do: scopes narrow the owner's rights, the owner's
// roles and involvement (need-to-know) decide what each call returns.
type Scope string

// The scopes of API tokens.
const (
	ScopeCasesRead     Scope = "cases:read"     // list and read the checks the owner may see
	ScopeClearanceRead Scope = "clearance:read" // ask whether a collaboration may start
	ScopeScreen        Scope = "screen"         // screen a partner name against the lists
	ScopeWebhooksAdmin Scope = "webhooks:admin" // register and remove webhooks (administrators)
)

// Scopes lists every scope in a stable order.
var Scopes = []Scope{ScopeCasesRead, ScopeClearanceRead, ScopeScreen, ScopeWebhooksAdmin}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return slices.Contains(Scopes, s) }

// TokenKind says whom a token stands for.
type TokenKind string

// Kinds of tokens.
const (
	TokenPersonal TokenKind = "personal" // made by a person for themselves
	TokenService  TokenKind = "service"  // made by an administrator for a system's account
)

// Token is an API token as kscheck keeps it: its secret is shown once at
// creation and only its hash is stored; Prefix lets people recognise it.
type Token struct {
	ID         int64
	Prefix     string
	Kind       TokenKind
	Name       string
	PersonID   int64 // whose rights the token carries
	PersonName string
	CreatedBy  int64
	Scopes     []Scope
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Allows reports whether the token carries scope s.
func (t *Token) Allows(s Scope) bool { return slices.Contains(t.Scopes, s) }

// Live reports whether the token may be used at now.
func (t *Token) Live(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }

// RefKind names an external reference a check carries, by which other
// systems (grants office, contracts office) ask about it.
type RefKind string

// Kinds of external references.
const (
	RefGrant    RefKind = "grant"    // grant application number
	RefContract RefKind = "contract" // contract number
	RefProject  RefKind = "project"  // project code
)

// Term names the kind in an error message, with the key of the field that
// takes it.
func (k RefKind) Term() Term {
	return valueTerm("refs", k)
}

// RefKinds lists every kind of reference in a stable order.
var RefKinds = []RefKind{RefGrant, RefContract, RefProject}
