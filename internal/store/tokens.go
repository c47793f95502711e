package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

const tokenColumns = `t.id, t.prefix, t.kind, t.name, t.person_id, p.name, t.created_by, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(row scanner) (*kscheck.Token, error) {
	var t kscheck.Token
	var kind, scopes string
	var created, expires int64
	var used, revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.Prefix, &kind, &t.Name, &t.PersonID, &t.PersonName, &t.CreatedBy, &scopes, &created, &expires, &used, &revoked); err != nil {
		return nil, err
	}
	t.Kind = kscheck.TokenKind(kind)
	for _, s := range strings.Fields(scopes) {
		t.Scopes = append(t.Scopes, kscheck.Scope(s))
	}
	t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = fromMicros(created), fromMicros(expires), fromNullMicros(used), fromNullMicros(revoked)
	return &t, nil
}

func joinScopes(scopes []kscheck.Scope) string {
	s := make([]string, len(scopes))
	for i, x := range scopes {
		s[i] = string(x)
	}
	return strings.Join(s, " ")
}

// CreateToken stores t under the hash of its secret and sets t.ID.
func (o *Tx) CreateToken(ctx context.Context, t *kscheck.Token, hash string) error {
	o.recordChange("token.create")
	err := o.q.QueryRowContext(ctx, `INSERT INTO api_tokens (token_hash, prefix, kind, name, person_id, created_by, scopes, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		hash, t.Prefix, string(t.Kind), t.Name, t.PersonID, t.CreatedBy, joinScopes(t.Scopes), micros(t.CreatedAt), micros(t.ExpiresAt)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("storing the token: %w", err)
	}
	return nil
}

// TokenByHash returns the token stored under hash.
func (o ops) TokenByHash(ctx context.Context, hash string) (*kscheck.Token, error) {
	t, err := scanToken(o.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.token_hash = $1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.EUnauthenticated, "the API token is not known; create one on the tokens page or with kscheck token create").Translated("err.token.unknown")
	}
	return t, err
}

// Token returns the token with the given id.
func (o ops) Token(ctx context.Context, id int64) (*kscheck.Token, error) {
	t, err := scanToken(o.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kscheck.Errorf(kscheck.ENotFound, "there is no token number %d, or you may not see it", id).Translated("err.token.not_found")
	}
	return t, err
}

// Tokens returns the tokens of one person, or of everyone when personID is
// 0, newest first.
func (o ops) Tokens(ctx context.Context, personID int64) ([]*kscheck.Token, error) {
	q := `SELECT ` + tokenColumns + ` FROM api_tokens t JOIN people p ON p.id = t.person_id`
	var args []any
	if personID != 0 {
		q += ` WHERE t.person_id = $1`
		args = append(args, personID)
	}
	return collect(ctx, o.q, scanToken, q+` ORDER BY t.id DESC`, args...)
}

// RevokeToken marks a token revoked at at.
func (o *Tx) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	o.recordChange("token.revoke")
	_, err := o.q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, micros(at), id)
	return err
}

// TouchToken records that a token was used at at (at most once a minute
// is written, so that busy clients do not write on every call).
func (o ops) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := o.q.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)`,
		micros(at), id, micros(at.Add(-time.Minute)))
	return err
}
