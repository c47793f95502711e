package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// ExternalPerson returns the person linked to subject at provider.
func (o ops) ExternalPerson(ctx context.Context, provider, subject string) (int64, error) {
	var id int64
	err := o.q.QueryRowContext(ctx, `SELECT person_id FROM external_identities WHERE provider = $1 AND subject = $2`, provider, subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kscheck.Errorf(kscheck.ENotFound, "nobody is linked to %s at %s", subject, provider).Translated("err.sso.nobody_linked")
	}
	return id, err
}

// LinkExternal records that subject at provider is person id, or, when
// already linked, when they were last seen.
func (o *Tx) LinkExternal(ctx context.Context, provider, subject, institution string, personID int64, now time.Time) error {
	o.recordChange("person.external.link")
	_, err := o.q.ExecContext(ctx, `INSERT INTO external_identities (provider, subject, person_id, institution, created_at, last_seen)
		VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (provider, subject) DO UPDATE SET last_seen = excluded.last_seen, institution = excluded.institution`,
		provider, subject, personID, institution, micros(now))
	return err
}

// ExternalIdentities returns the provider subjects linked to a person, as
// "subject (provider)".
func (o ops) ExternalIdentities(ctx context.Context, personID int64) ([]string, error) {
	rows, err := o.q.QueryContext(ctx, `SELECT provider, subject FROM external_identities WHERE person_id = $1 ORDER BY provider, subject`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var provider, subject string
		if err := rows.Scan(&provider, &subject); err != nil {
			return nil, err
		}
		out = append(out, subject+" ("+provider+")")
	}
	return out, rows.Err()
}

// ReplaceProviderRoles sets the roles an identity provider grants a person
// to exactly roles, leaving the roles an administrator granted alone.
func (o *Tx) ReplaceProviderRoles(ctx context.Context, personID int64, roles []kscheck.Assignment) error {
	o.recordChange("person.provider_roles")
	if _, err := o.q.ExecContext(ctx, `DELETE FROM assignments WHERE person_id = $1 AND source = $2`, personID, kscheck.SourceIdP); err != nil {
		return err
	}
	for _, a := range roles {
		if err := o.assign(ctx, personID, a.Role, a.UnitCode, kscheck.SourceIdP); err != nil {
			return err
		}
	}
	return nil
}

// ErrReplayed is returned by ConsumeAssertion for an assertion accepted before.
var ErrReplayed = errors.New("this sign-in response has been used already")

// ConsumeAssertion records an accepted assertion until it expires, and
// returns ErrReplayed if it was recorded before. Expired records are swept.
func (o ops) ConsumeAssertion(ctx context.Context, id string, expires, now time.Time) error {
	if _, err := o.q.ExecContext(ctx, `DELETE FROM sso_assertions_seen WHERE expires_at < $1`, micros(now)); err != nil {
		return err
	}
	res, err := o.q.ExecContext(ctx, `INSERT INTO sso_assertions_seen (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, micros(expires))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrReplayed
	}
	return nil
}
