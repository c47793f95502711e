package kscheck

import (
	"fmt"
	"slices"
	"strings"
)

// Role is what a person does in the procedure. A role is always held at a
// unit and covers that unit's descendants.
type Role string

// The roles of the policy.
const (
	RoleInitiator       Role = "initiator"        // researcher who starts a check
	RoleDirector        Role = "director"         // institute director, co-assesses
	RoleFacultyAdviser  Role = "faculty_adviser"  // faculty knowledge security adviser
	RoleDeskCoordinator Role = "desk_coordinator" // Advice Desk coordinator
	RoleDeskAdviser     Role = "desk_adviser"     // Advice Desk adviser
	RoleCommitteeChair  Role = "committee_chair"  // chairs the Committee, records the verdict
	RoleCommitteeMember Role = "committee_member" // Committee member
	RoleAdmin           Role = "admin"            // units, people, procedures, lists
	RoleAuditor         Role = "auditor"          // read-only reports and decision register
)

// Roles lists every role in a stable order.
var Roles = []Role{
	RoleInitiator, RoleDirector, RoleFacultyAdviser,
	RoleDeskCoordinator, RoleDeskAdviser,
	RoleCommitteeChair, RoleCommitteeMember,
	RoleAdmin, RoleAuditor,
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// IsDesk reports whether r works at the Advice Desk.
func (r Role) IsDesk() bool { return r == RoleDeskCoordinator || r == RoleDeskAdviser }

// IsCommittee reports whether r sits on the Committee.
func (r Role) IsCommittee() bool { return r == RoleCommitteeChair || r == RoleCommitteeMember }

// Assignment gives a person a role at a unit.
type Assignment struct {
	PersonID int64
	Role     Role
	UnitCode string
	// Source says who granted the role: SourceAdmin or SourceIdP.
	Source string
}

// Who granted a role. Roles from the identity provider are replaced at each
// single sign-on; roles an administrator granted in kscheck stay as they are.
const (
	SourceAdmin = "admin"
	SourceIdP   = "idp"
)

func (a Assignment) String() string { return string(a.Role) + "@" + a.UnitCode }

// ParseAssignment reads "role@unit", as typed on the command line.
func ParseAssignment(s string) (Role, string, error) {
	role, unit, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok || role == "" || unit == "" {
		return "", "", Errorf(EInvalid, "role %q is not of the form role@unit, for example initiator@lion", s).Translated("admin.err.role_form")
	}
	r := Role(role)
	if !r.Valid() {
		names := make([]string, len(Roles))
		for i, x := range Roles {
			names[i] = string(x)
		}
		return "", "", Errorf(EInvalid, "unknown role %q; the roles are %s", role, strings.Join(names, ", ")).Translated("admin.err.role_unknown")
	}
	return r, unit, nil
}

// Actor is a signed-in person with their role assignments: everything the
// authorisation rules need to know about who is acting.
type Actor struct {
	Person      Person
	Assignments []Assignment
	// TokenID names the API token the person acts through (0: a page or
	// the command line); the audit trail records it with each call.
	TokenID int64
	// Scopes are what that token may be used for.
	Scopes []Scope
}

// Allows reports whether the actor may use scope s: always in a page or
// on the command line, through an API token only when it carries s.
func (a Actor) Allows(s Scope) bool { return a.TokenID == 0 || slices.Contains(a.Scopes, s) }

// Requires returns an EForbidden error when the actor may not use scope s.
func (a Actor) Requires(s Scope) error {
	if a.Allows(s) {
		return nil
	}
	return Errorf(EForbidden, "this API token does not carry the %s scope; create a token with it", s).Translated("err.token.scope")
}

// Has reports whether the actor holds role r at a unit on path (a unit's
// ancestry, root first, as in Case.UnitPath).
func (a Actor) Has(r Role, path []string) bool {
	for _, as := range a.Assignments {
		if as.Role == r && slices.Contains(path, as.UnitCode) {
			return true
		}
	}
	return false
}

// HasAnywhere reports whether the actor holds role r at any unit.
func (a Actor) HasAnywhere(r Role) bool {
	for _, as := range a.Assignments {
		if as.Role == r {
			return true
		}
	}
	return false
}

func (a Actor) String() string { return fmt.Sprintf("%s <%s>", a.Person.Name, a.Person.Email) }
