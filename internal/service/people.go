package service

import (
	"context"
	"errors"
	"strings"
	"time"

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
	return s.store.InTx(ctx, func(tx *store.Tx) error {
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
	if err := errors.Join(kscheck.LimitPersonName.Check(p.Name), kscheck.LimitEmail.Check(p.Email)); err != nil {
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
	return s.store.InTx(ctx, func(tx *store.Tx) error {
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

// LoginLimits bound sign-in attempts in fixed windows, counted in the
// database so that every server on it shares them. Attempts are counted
// before the password is checked, so that forty at once cannot all pass
// a check that none has yet failed.
type LoginLimits struct {
	// PerAccountAddress attempts on one account from one address per
	// Window: the lock a guesser at one address runs into.
	PerAccountAddress int
	// PerAddress attempts from one address on any accounts per Window.
	PerAddress int
	Window     time.Duration
	// PerAccount attempts on one account from anywhere per AccountWindow,
	// which is short: a guesser elsewhere (or behind the same proxy) can
	// hold a correct password from another address back only that long.
	PerAccount    int
	AccountWindow time.Duration
}

// DefaultLoginLimits are the limits kscheck runs with (docs/security.md).
var DefaultLoginLimits = LoginLimits{PerAccountAddress: 5, PerAddress: 30, Window: 15 * time.Minute, PerAccount: 10, AccountWindow: time.Minute}

// Login checks an e-mail address and password, from a client address, and
// opens a session.
func (s *Service) Login(ctx context.Context, email, password, addr string) (string, kscheck.Actor, error) {
	now := s.Now()
	email = strings.ToLower(strings.TrimSpace(email))
	if err := errors.Join(kscheck.LimitEmail.Check(email), kscheck.CheckPlainText(kscheck.Term{Key: "field.password", Text: "the password"}, password)); err != nil {
		return "", kscheck.Actor{}, err
	}
	pair, account, address := "pair:"+email+"|"+addr, "account:"+email, "address:"+addr
	l := s.Limits
	for _, c := range []struct {
		key    string
		max    int
		window time.Duration
	}{{pair, l.PerAccountAddress, l.Window}, {address, l.PerAddress, l.Window}, {account, l.PerAccount, l.AccountWindow}} {
		n, err := s.store.CountLoginAttempt(ctx, c.key, now, c.window)
		if err != nil {
			return "", kscheck.Actor{}, err
		}
		if n > c.max {
			return "", kscheck.Actor{}, kscheck.Errorf(kscheck.ETooMany, "too many sign-in attempts; try again after %s", now.Add(c.window).Format("15:04 UTC")).Translated("err.signin.too_many")
		}
	}
	hash := ""
	p, err := s.store.PersonByEmail(ctx, email)
	if err == nil && p.Active {
		if hash, err = s.store.PasswordHash(ctx, p.ID); err != nil {
			return "", kscheck.Actor{}, err
		}
	}
	ok, err := s.Hasher.Check(ctx, hash, password)
	if err != nil {
		return "", kscheck.Actor{}, err
	}
	if !ok {
		return "", kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "the e-mail address or password is not right").Translated("ux.err.wrong_password")
	}
	// Success clears the account's counts, and gives the address its
	// attempt back: many people may sign in from one office's address.
	if err := errors.Join(s.store.ForgetLoginAttempts(ctx, pair, account), s.store.RefundLoginAttempt(ctx, address)); err != nil {
		return "", kscheck.Actor{}, err
	}
	if err := s.passwordAllowed(ctx, p); err != nil {
		return "", kscheck.Actor{}, err
	}
	return s.OpenSession(ctx, p.ID)
}

// OpenSession starts a session for a person who has proven who they are:
// by password (Login), or by a single sign-on provider (OIDC, SAML) that
// has mapped its subject to a person. Everything after sign-in is the same.
func (s *Service) OpenSession(ctx context.Context, personID int64) (token string, actor kscheck.Actor, err error) {
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
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
	id, err := s.store.SessionPerson(ctx, auth.TokenHash(token), s.Now())
	if err != nil {
		return kscheck.Actor{}, err
	}
	return s.store.Actor(ctx, id)
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, auth.TokenHash(token))
}

// SetLanguage remembers the person's chosen interface language.
func (s *Service) SetLanguage(ctx context.Context, actor kscheck.Actor, lang string) error {
	return s.store.SetLanguage(ctx, actor.Person.ID, lang)
}

// Units returns every unit, for naming them on pages and in exports; unit
// names are not confidential.
func (s *Service) Units(ctx context.Context) ([]*kscheck.Unit, error) {
	return s.store.Units(ctx)
}
