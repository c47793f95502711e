package service

import (
	"context"
	"strings"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// System is the actor for changes made from the command line by whoever
// runs kscheck on the server (they have the database already).
var System = kscheck.Actor{Person: kscheck.Person{Name: "system"}}

// mayAdminister lets administrators, and whoever runs kscheck on the
// server (the command line acts as System, with person id 0, and has the
// database anyway), do what only they may: what says what, for the error.
func mayAdminister(by kscheck.Actor, what string) error {
	if by.Person.ID == 0 || by.HasAnywhere(kscheck.RoleAdmin) {
		return nil
	}
	e := kscheck.Errorf(kscheck.EForbidden, "only an administrator %s", what)
	e.Key, e.Args = "ux.err.admin_only", nil // pages say it in general words
	return e
}

// AddUnit creates an organisational unit, audited.
func (s *Service) AddUnit(ctx context.Context, by kscheck.Actor, u *kscheck.Unit) error {
	if err := mayAdminister(by, "adds units"); err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddUnit(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "unit.add", nil, "", map[string]any{"code": u.Code, "level": u.Level, "parent": u.ParentCode})
	})
}

// AddPerson creates a person with a password (may be "" for single sign-on
// only) and roles given as "role@unit".
func (s *Service) AddPerson(ctx context.Context, by kscheck.Actor, p *kscheck.Person, password string, roles []string) error {
	hash := ""
	if password != "" {
		h, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		hash = h
	}
	return s.AddPersonWithHash(ctx, by, p, hash, roles)
}

// AddPersonWithHash is AddPerson with the password already hashed (or ""),
// for imports and for seeding many accounts that share one password.
func (s *Service) AddPersonWithHash(ctx context.Context, by kscheck.Actor, p *kscheck.Person, hash string, roles []string) error {
	if err := mayAdminister(by, "adds people and their roles"); err != nil {
		return err
	}
	var as []kscheck.Assignment
	for _, r := range roles {
		role, unit, err := kscheck.ParseAssignment(r)
		if err != nil {
			return err
		}
		as = append(as, kscheck.Assignment{Role: role, UnitCode: unit})
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddPerson(ctx, p, hash, as); err != nil {
			return err
		}
		names := make([]string, len(as))
		for i, a := range as {
			names[i] = a.String()
		}
		return s.audit(ctx, tx, by, "person.add", nil, "", map[string]any{"person": p.ID, "email": p.Email, "roles": strings.Join(names, " ")})
	})
}

// Login checks an e-mail address and password and opens a session. key
// identifies the client for throttling (e.g. its address).
func (s *Service) Login(ctx context.Context, email, password, key string) (string, kscheck.Actor, error) {
	now := s.Now()
	tkey := strings.ToLower(strings.TrimSpace(email)) + "|" + key
	if ok, until := s.Throttle.Allowed(tkey, now); !ok {
		return "", kscheck.Actor{}, kscheck.Errorf(kscheck.EForbidden, "too many failed sign-in attempts; try again after %s", until.Format("15:04 UTC")).Translated("ux.err.throttled")
	}
	fail := kscheck.Errorf(kscheck.EUnauthenticated, "the e-mail address or password is not right").Translated("ux.err.wrong_password")
	p, err := s.Store.PersonByEmail(ctx, email)
	if err != nil || !p.Active {
		auth.CheckPassword("", password) // spend comparable time
		s.Throttle.Fail(tkey, now)
		return "", kscheck.Actor{}, fail
	}
	hash, err := s.Store.PasswordHash(ctx, p.ID)
	if err != nil {
		return "", kscheck.Actor{}, err
	}
	if !auth.CheckPassword(hash, password) {
		s.Throttle.Fail(tkey, now)
		return "", kscheck.Actor{}, fail
	}
	s.Throttle.Succeed(tkey)
	if err := s.passwordAllowed(ctx, p); err != nil {
		return "", kscheck.Actor{}, err
	}
	return s.OpenSession(ctx, p.ID)
}

// OpenSession starts a session for a person who has proven who they are:
// by password (Login), or by a single sign-on provider (OIDC, SAML) that
// has mapped its subject to a person. Everything after sign-in is the same.
func (s *Service) OpenSession(ctx context.Context, personID int64) (token string, actor kscheck.Actor, err error) {
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		token, actor, err = s.openSession(ctx, tx, personID, nil)
		return err
	})
	return token, actor, err
}

// openSession creates the session inside tx and audits the sign-in with
// detail (how the person signed in, if not by password).
func (s *Service) openSession(ctx context.Context, tx *store.Tx, personID int64, detail map[string]any) (string, kscheck.Actor, error) {
	token, hash, err := auth.NewToken()
	if err != nil {
		return "", kscheck.Actor{}, err
	}
	if err := tx.CreateSession(ctx, hash, personID, s.Now().Add(s.SessionLength)); err != nil {
		return "", kscheck.Actor{}, err
	}
	actor, err := tx.Actor(ctx, personID)
	if err != nil {
		return "", kscheck.Actor{}, err
	}
	return token, actor, s.audit(ctx, tx, actor, "session.login", nil, "", detail)
}

// Session returns the actor of a live session token.
func (s *Service) Session(ctx context.Context, token string) (kscheck.Actor, error) {
	id, err := s.Store.SessionPerson(ctx, auth.TokenHash(token), s.Now())
	if err != nil {
		return kscheck.Actor{}, err
	}
	return s.Store.Actor(ctx, id)
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, auth.TokenHash(token))
}

// SetLanguage remembers the person's chosen interface language.
func (s *Service) SetLanguage(ctx context.Context, actor kscheck.Actor, lang string) error {
	return s.Store.SetLanguage(ctx, actor.Person.ID, lang)
}

// Units returns every unit, for naming them on pages and in exports; unit
// names are not confidential.
func (s *Service) Units(ctx context.Context) ([]*kscheck.Unit, error) {
	return s.Store.Units(ctx)
}
