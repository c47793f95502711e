package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// SignOn holds the rules for people who sign in through an identity
// provider, and whether local passwords are still accepted.
type SignOn struct {
	// PasswordsOff refuses sign-in with a local password, except for the
	// BreakGlass administrator (an e-mail address), who keeps a way in
	// when the identity provider is down.
	PasswordsOff bool
	BreakGlass   string
	// LinkByEmail lets a first single sign-on take over an existing
	// account with the same e-mail address (accounts made before single
	// sign-on was switched on); otherwise such a sign-in is refused.
	LinkByEmail bool
}

// passwordAllowed refuses a local password when passwords are switched off
// and p is not the break-glass administrator. It is asked only after the
// password proved right, so the answer reveals nothing to a guesser; the
// refusal is audited.
func (s *Service) passwordAllowed(ctx context.Context, p *kscheck.Person) error {
	if !s.SignOn.PasswordsOff || strings.EqualFold(p.Email, strings.TrimSpace(s.SignOn.BreakGlass)) {
		return nil
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, kscheck.Actor{Person: *p}, "session.password_refused", nil, "", nil)
	})
	if err != nil {
		return err
	}
	return kscheck.Errorf(kscheck.EForbidden, "sign-in with a password is switched off here: use the button to sign in with your institution's account").Translated("err.signin.password_off")
}

// SignInExternal opens a session for someone an identity provider has
// vouched for. The first time, the person is provisioned just in time with
// the roles the mapping grants; every time, the provider's roles are
// replaced by the ones it grants now, and the administrator's are left
// alone. Everything is audited in the transaction that does it.
func (s *Service) SignInExternal(ctx context.Context, id kscheck.ExternalIdentity) (token string, actor kscheck.Actor, err error) {
	if strings.TrimSpace(id.Provider) == "" || strings.TrimSpace(id.Subject) == "" {
		return "", kscheck.Actor{}, kscheck.Errorf(kscheck.EInvalid, "the identity provider did not say who you are (no subject)").Translated("err.sso.no_subject")
	}
	now := s.Now()
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		personID, created, err := s.externalPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		p, err := tx.Person(ctx, personID)
		if err != nil {
			return err
		}
		if !p.Active {
			return kscheck.Errorf(kscheck.EForbidden, "your kscheck account has been switched off; ask an administrator").Translated("err.signin.account_off")
		}
		if err := tx.LinkExternal(ctx, id.Provider, id.Subject, id.Institution, personID, now); err != nil {
			return err
		}
		before, err := providerRoles(ctx, tx, personID)
		if err != nil {
			return err
		}
		granted, err := s.knownUnitsOnly(ctx, tx, id.Roles)
		if err != nil {
			return err
		}
		if err := tx.ReplaceProviderRoles(ctx, personID, granted); err != nil {
			return err
		}
		after, err := providerRoles(ctx, tx, personID)
		if err != nil {
			return err
		}
		who := kscheck.Actor{Person: *p}
		detail := map[string]any{"person": personID, "provider": id.Provider, "subject": id.Subject, "institution": id.Institution, "roles": strings.Join(after, " ")}
		switch {
		case created:
			err = s.audit(ctx, tx, who, "person.provisioned", nil, "", detail)
		case !slices.Equal(before, after):
			detail["previous"] = strings.Join(before, " ")
			err = s.audit(ctx, tx, who, "person.roles_synced", nil, "", detail)
		}
		if err != nil {
			return err
		}
		token, actor, err = s.openSession(ctx, tx, personID, map[string]any{"via": id.Provider})
		return err
	})
	return token, actor, err
}

// externalPerson finds the person linked to id, links an existing account
// by e-mail where that is allowed, or creates the person.
func (s *Service) externalPerson(ctx context.Context, tx *store.Tx, id kscheck.ExternalIdentity) (personID int64, created bool, err error) {
	personID, err = tx.ExternalPerson(ctx, id.Provider, id.Subject)
	if kscheck.ErrorCode(err) != kscheck.ENotFound {
		return personID, false, err
	}
	if existing, err := tx.PersonByEmail(ctx, id.Email); err == nil {
		if !s.SignOn.LinkByEmail {
			return 0, false, kscheck.Errorf(kscheck.EConflict, "an account with the e-mail address %s exists already but is not linked to your institution's sign-in; ask an administrator to link it", id.Email).Translated("err.sso.not_linked")
		}
		return existing.ID, false, nil
	}
	if id.UnitCode == "" {
		return 0, false, kscheck.Errorf(kscheck.EForbidden, "your institution (%q) is not one that may use this kscheck; ask its administrator", id.Institution).Translated("err.sso.institution")
	}
	name := strings.TrimSpace(id.Name)
	if name == "" {
		name = id.Email
	}
	p := &kscheck.Person{Email: id.Email, Name: name, UnitCode: id.UnitCode}
	if err := tx.AddPerson(ctx, p, "", nil); err != nil {
		return 0, false, err
	}
	return p.ID, true, nil
}

// knownUnitsOnly drops roles at units kscheck does not have, so that one
// entitlement the provider sends by mistake does not lock a person out; the
// dropped roles are logged for the administrator.
func (s *Service) knownUnitsOnly(ctx context.Context, tx *store.Tx, roles []kscheck.Assignment) ([]kscheck.Assignment, error) {
	var out []kscheck.Assignment
	for _, a := range roles {
		_, err := tx.Unit(ctx, a.UnitCode)
		switch kscheck.ErrorCode(err) {
		case "":
			out = append(out, a)
		case kscheck.ENotFound:
			s.Log.Warn("single sign-on grants a role at a unit kscheck does not have; ignored", "role", a.String())
		default:
			return nil, err
		}
	}
	return out, nil
}

// providerRoles lists the roles an identity provider granted a person, as
// "role@unit", sorted.
func providerRoles(ctx context.Context, tx *store.Tx, personID int64) ([]string, error) {
	as, err := tx.Assignments(ctx, personID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range as {
		if a.Source == kscheck.SourceIdP {
			out = append(out, a.String())
		}
	}
	return out, nil
}

// ErrAssertionReplayed is returned for a single sign-on response that was
// accepted before.
var ErrAssertionReplayed = store.ErrReplayed

// ConsumeAssertion accepts a SAML assertion id once until it expires (the
// replay cache of the SAML service provider, shared through the database).
func (s *Service) ConsumeAssertion(ctx context.Context, id string, expires time.Time) error {
	err := s.store.ConsumeAssertion(ctx, id, expires, s.Now())
	if errors.Is(err, store.ErrReplayed) {
		return ErrAssertionReplayed
	}
	return err
}
