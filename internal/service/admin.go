package service

import (
	"context"
	"slices"
	"strings"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// Account is a person with their roles, as administrators see them.
type Account struct {
	kscheck.Person
	Roles []kscheck.Assignment // each with who granted it (kscheck or the identity provider)
	// How the person signs in: the identities the identity provider
	// linked, a local password, and whether they are the break-glass
	// administrator who keeps one when passwords are switched off.
	Identities  []string
	HasPassword bool
	BreakGlass  bool
}

// Actor is the account acting in its own name (no API token).
func (a Account) Actor() kscheck.Actor {
	return kscheck.Actor{Person: a.Person, Assignments: a.Roles}
}

// Accounts lists everyone with their roles, for administrators.
func (s *Service) Accounts(ctx context.Context, by kscheck.Actor) ([]Account, error) {
	if err := mayAdminister(by, "sees the list of people"); err != nil {
		return nil, err
	}
	people, err := s.store.People(ctx)
	if err != nil {
		return nil, err
	}
	roles, err := s.store.AllAssignments(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Account, len(people))
	for i, p := range people {
		out[i] = Account{Person: *p, Roles: roles[p.ID], BreakGlass: strings.EqualFold(p.Email, strings.TrimSpace(s.SignOn.BreakGlass))}
		if out[i].Identities, err = s.store.ExternalIdentities(ctx, p.ID); err != nil {
			return nil, err
		}
		hash, err := s.store.PasswordHash(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		out[i].HasPassword = hash != ""
	}
	return out, nil
}

// Account returns one person with their roles, for administrators.
func (s *Service) Account(ctx context.Context, by kscheck.Actor, personID int64) (Account, error) {
	if err := mayAdminister(by, "sees people's accounts"); err != nil {
		return Account{}, err
	}
	a, err := s.store.Actor(ctx, personID)
	if err != nil {
		return Account{}, err
	}
	return Account{Person: a.Person, Roles: a.Assignments}, nil
}

// AccountByEmail finds a person by e-mail address, for the command line.
func (s *Service) AccountByEmail(ctx context.Context, by kscheck.Actor, email string) (Account, error) {
	if err := mayAdminister(by, "looks people up"); err != nil {
		return Account{}, err
	}
	p, err := s.store.PersonByEmail(ctx, email)
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx, by, p.ID)
}

// AdminUnits lists the organisation's units for the administration
// pages, which only administrators may use.
func (s *Service) AdminUnits(ctx context.Context, by kscheck.Actor) ([]*kscheck.Unit, error) {
	if err := mayAdminister(by, "manages units"); err != nil {
		return nil, err
	}
	return s.store.Units(ctx)
}

// DeactivatePerson switches an account off: the person can no longer sign
// in, and every session of theirs ends at once. Their cases, roles and
// history stay, so that the record remains whole. Administrators cannot
// lock themselves out.
func (s *Service) DeactivatePerson(ctx context.Context, by kscheck.Actor, personID int64) (Account, error) {
	if personID == by.Person.ID {
		return Account{}, kscheck.Errorf(kscheck.EInvalid, "you cannot deactivate your own account; another administrator must do it").Translated("admin.err.self_deactivate")
	}
	return s.setActive(ctx, by, personID, false)
}

// ReactivatePerson lets a deactivated person sign in again.
func (s *Service) ReactivatePerson(ctx context.Context, by kscheck.Actor, personID int64) (Account, error) {
	return s.setActive(ctx, by, personID, true)
}

func (s *Service) setActive(ctx context.Context, by kscheck.Actor, personID int64, active bool) (Account, error) {
	if err := mayAdminister(by, "activates or deactivates accounts"); err != nil {
		return Account{}, err
	}
	var acc Account
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.Actor(ctx, personID)
		if err != nil {
			return err
		}
		if a.Person.Active == active {
			if active {
				return kscheck.Errorf(kscheck.EConflict, "%s is active already", a.Person.Name).Translated("admin.err.active_already")
			}
			return kscheck.Errorf(kscheck.EConflict, "%s is deactivated already", a.Person.Name).Translated("admin.err.inactive_already")
		}
		if err := tx.SetPersonActive(ctx, personID, active); err != nil {
			return err
		}
		a.Person.Active = active
		acc = Account{Person: a.Person, Roles: a.Assignments}
		action := "person.deactivate"
		if active {
			action = "person.activate"
		}
		return s.audit(ctx, tx, by, action, nil, "", map[string]any{"person": personID, "email": a.Person.Email})
	})
	return acc, err
}

// AddRole gives a person a role at a unit, written "role@unit".
func (s *Service) AddRole(ctx context.Context, by kscheck.Actor, personID int64, assignment string) (Account, error) {
	return s.changeRole(ctx, by, personID, assignment, true)
}

// RemoveRole takes a role away. An administrator cannot take their own
// administrator role away (another administrator must), so that an
// installation is never left without one by a slip.
func (s *Service) RemoveRole(ctx context.Context, by kscheck.Actor, personID int64, assignment string) (Account, error) {
	return s.changeRole(ctx, by, personID, assignment, false)
}

func (s *Service) changeRole(ctx context.Context, by kscheck.Actor, personID int64, assignment string, add bool) (Account, error) {
	if err := mayAdminister(by, "changes people's roles"); err != nil {
		return Account{}, err
	}
	role, unit, err := kscheck.ParseAssignment(assignment)
	if err != nil {
		return Account{}, err
	}
	as := kscheck.Assignment{PersonID: personID, Role: role, UnitCode: unit}
	if !add && role == kscheck.RoleAdmin && personID == by.Person.ID {
		return Account{}, kscheck.Errorf(kscheck.EInvalid, "you cannot remove your own administrator role; another administrator must do it").Translated("admin.err.self_unadmin")
	}
	var acc Account
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.Actor(ctx, personID)
		if err != nil {
			return err
		}
		held := slices.ContainsFunc(a.Assignments, func(x kscheck.Assignment) bool { return x.Role == role && x.UnitCode == unit })
		action := "person.role.add"
		switch {
		case add && held:
			return kscheck.Errorf(kscheck.EConflict, "%s holds %s already", a.Person.Name, as).Translated("admin.err.role_held")
		case add:
			err = tx.Assign(ctx, personID, role, unit)
		case !held:
			return kscheck.Errorf(kscheck.ENotFound, "%s does not hold %s", a.Person.Name, as).Translated("admin.err.role_not_held")
		default:
			action = "person.role.remove"
			_, err = tx.Unassign(ctx, personID, role, unit)
		}
		if err != nil {
			return err
		}
		if a, err = tx.Actor(ctx, personID); err != nil {
			return err
		}
		acc = Account{Person: a.Person, Roles: a.Assignments}
		return s.audit(ctx, tx, by, action, nil, "", map[string]any{"person": personID, "email": a.Person.Email, "role": as.String()})
	})
	return acc, err
}

// ResetPassword gives a person a new password and ends their sessions, so
// that whoever knew the old one is signed out too. The password itself is
// never recorded, only that it changed.
func (s *Service) ResetPassword(ctx context.Context, by kscheck.Actor, personID int64, password string) (Account, error) {
	if err := mayAdminister(by, "resets passwords"); err != nil {
		return Account{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return Account{}, err
	}
	var acc Account
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.Actor(ctx, personID)
		if err != nil {
			return err
		}
		if err := tx.SetPasswordHash(ctx, personID, hash); err != nil {
			return err
		}
		if err := tx.DeleteSessionsOf(ctx, personID); err != nil {
			return err
		}
		acc = Account{Person: a.Person, Roles: a.Assignments}
		return s.audit(ctx, tx, by, "person.password", nil, "", map[string]any{"person": personID, "email": a.Person.Email})
	})
	return acc, err
}
