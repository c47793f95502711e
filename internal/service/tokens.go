package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/auth"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/store"
)

// Token lifetimes: a token always expires, a year at most.
const (
	DefaultTokenLife = 90 * 24 * time.Hour
	MaxTokenLife     = 366 * 24 * time.Hour
)

// tokenPrefix starts every API token, so that secret scanners and people
// recognise one.
const tokenPrefix = "ksk_"

// NewToken is a request for an API token.
type NewToken struct {
	Name   string
	Owner  string // e-mail address of whose rights it carries; "": the creator's own
	Scopes []kscheck.Scope
	Life   time.Duration // 0: DefaultTokenLife
}

// CreateToken makes an API token and returns its secret, which is shown
// this once: only its hash is kept. A person makes personal tokens for
// themselves; an administrator (or the command line) makes service tokens
// for a system's account. Scopes never widen the owner's rights, and
// webhooks:admin is only for administrators' tokens.
func (s *Service) CreateToken(ctx context.Context, by kscheck.Actor, n NewToken) (string, *kscheck.Token, error) {
	if by.TokenID != 0 {
		return "", nil, kscheck.Errorf(kscheck.EForbidden, "tokens are made on the tokens page or with kscheck token create, not with another token").Translated("err.token.made_how")
	}
	owner := by.Person.ID
	if o := strings.TrimSpace(n.Owner); o != "" && !strings.EqualFold(o, by.Person.Email) {
		if err := mayAdminister(by, "makes tokens for other accounts"); err != nil {
			return "", nil, err
		}
		p, err := s.store.PersonByEmail(ctx, o)
		if err != nil {
			return "", nil, kscheck.Errorf(kscheck.EInvalid, "there is no account %s; add the system's account first (kscheck user add)", o).Translated("err.token.no_account")
		}
		owner = p.ID
	}
	if owner == 0 {
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "say whose token it is: the e-mail address of the person or system account").Translated("err.token.owner")
	}
	kind := kscheck.TokenPersonal
	if owner != by.Person.ID {
		kind = kscheck.TokenService
	}
	if n.Life == 0 {
		n.Life = DefaultTokenLife
	}
	var problems kscheck.Problems
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" || len(n.Name) > 100 {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "give the token a name of at most 100 characters that says what uses it").Translated("err.token.name"))
	}
	if len(n.Scopes) == 0 {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "choose at least one scope").Translated("err.token.scope_needed"))
	}
	for _, sc := range n.Scopes {
		if !sc.Valid() {
			problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "unknown scope %s (the scopes are cases:read, clearance:read, screen, webhooks:admin)", sc).Translated("err.token.scope_unknown"))
		}
	}
	if n.Life < time.Hour || n.Life > MaxTokenLife {
		problems = append(problems, kscheck.Errorf(kscheck.EInvalid, "a token lives between one hour and one year").Translated("err.token.life"))
	}
	if len(problems) > 0 {
		return "", nil, kscheck.Errorf(kscheck.EInvalid, "%s.", problems).Translated("err.problems")
	}
	slices.Sort(n.Scopes)
	n.Scopes = slices.Compact(n.Scopes)
	raw, _, err := auth.NewToken()
	if err != nil {
		return "", nil, err
	}
	secret := tokenPrefix + raw
	now := s.Now()
	t := &kscheck.Token{Prefix: secret[:len(tokenPrefix)+6], Kind: kind, Name: n.Name, PersonID: owner, CreatedBy: by.Person.ID,
		Scopes: n.Scopes, CreatedAt: now, ExpiresAt: now.Add(n.Life)}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		owner, err := tx.Actor(ctx, owner)
		if err != nil {
			return err
		}
		if !owner.Person.Active {
			return kscheck.Errorf(kscheck.EInvalid, "%s is not an active account", owner.Person.Email).Translated("err.token.inactive_owner")
		}
		if slices.Contains(n.Scopes, kscheck.ScopeWebhooksAdmin) && !owner.HasAnywhere(kscheck.RoleAdmin) {
			return kscheck.Errorf(kscheck.EInvalid, "only an administrator's token may carry webhooks:admin").Translated("err.token.webhooks_admin")
		}
		t.PersonName = owner.Person.Name
		if err := tx.CreateToken(ctx, t, auth.TokenHash(secret)); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "token.create", nil, "", map[string]any{"token": t.ID, "kind": t.Kind, "owner": t.PersonID,
			"scopes": joinScopes(t.Scopes), "expires": t.ExpiresAt.Format(time.RFC3339)})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

func joinScopes(sc []kscheck.Scope) string {
	out := make([]string, len(sc))
	for i, x := range sc {
		out[i] = string(x)
	}
	return strings.Join(out, " ")
}

// Tokens lists the tokens actor may manage: their own, or everyone's for
// administrators and the command line.
func (s *Service) Tokens(ctx context.Context, by kscheck.Actor) ([]*kscheck.Token, error) {
	if mayAdminister(by, "") == nil {
		return s.store.Tokens(ctx, 0)
	}
	return s.store.Tokens(ctx, by.Person.ID)
}

// RevokeToken ends a token at once: its owner or an administrator may.
func (s *Service) RevokeToken(ctx context.Context, by kscheck.Actor, id int64) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		t, err := tx.Token(ctx, id)
		if err != nil {
			return err
		}
		if t.PersonID != by.Person.ID && mayAdminister(by, "") != nil {
			return kscheck.Errorf(kscheck.ENotFound, "there is no token number %d, or you may not see it", id).Translated("err.token.not_found")
		}
		if t.RevokedAt != nil {
			return kscheck.Errorf(kscheck.EConflict, "token %d was revoked already", id).Translated("err.token.revoked_already")
		}
		if err := tx.RevokeToken(ctx, id, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, "token.revoke", nil, "", map[string]any{"token": id, "owner": t.PersonID})
	})
}

// TokenActor returns the person an API token acts for, limited to the
// token's scopes. An unknown, expired or revoked token, or one of an
// account that was switched off, is an EUnauthenticated error.
func (s *Service) TokenActor(ctx context.Context, secret string) (kscheck.Actor, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 200 {
		return kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "this is not a kscheck API token (they start with %s)", tokenPrefix).Translated("err.token.not_token")
	}
	t, err := s.store.TokenByHash(ctx, auth.TokenHash(secret))
	if err != nil {
		return kscheck.Actor{}, err
	}
	now := s.Now()
	if !t.Live(now) {
		return kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "the API token %s… has expired or was revoked; make a new one", t.Prefix).Translated("err.token.expired")
	}
	actor, err := s.store.Actor(ctx, t.PersonID)
	if err != nil {
		return kscheck.Actor{}, err
	}
	if !actor.Person.Active {
		return kscheck.Actor{}, kscheck.Errorf(kscheck.EUnauthenticated, "the account of this API token is switched off").Translated("err.token.account_off")
	}
	if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
		s.Log.WarnContext(ctx, "recording token use", "token", t.ID, "err", err)
	}
	actor.TokenID, actor.Scopes = t.ID, t.Scopes
	return actor, nil
}
