package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// CreateSession stores a session under the hash of its token (the token
// itself lives only in the person's cookie).
func (o ops) CreateSession(ctx context.Context, tokenHash string, personID int64, expires time.Time) error {
	_, err := o.q.ExecContext(ctx, `INSERT INTO sessions (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, personID, micros(time.Now()), micros(expires))
	return err
}

// SessionPerson returns the person of a live session.
func (o ops) SessionPerson(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := o.q.QueryRowContext(ctx, `SELECT s.person_id FROM sessions s JOIN people p ON p.id = s.person_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.active`, tokenHash, micros(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kscheck.Errorf(kscheck.EUnauthenticated, "your session has ended; please sign in again").Translated("ux.err.session_ended")
	}
	return id, err
}

// DeleteSession ends a session; expired ones are swept as well.
func (o ops) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := o.q.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2`, tokenHash, micros(time.Now()))
	return err
}

// DeleteSessionsOf ends every session of a person (deactivation, a new
// password).
func (o ops) DeleteSessionsOf(ctx context.Context, personID int64) error {
	_, err := o.q.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID)
	return err
}
