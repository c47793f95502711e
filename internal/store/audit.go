package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// AppendAudit seals e onto the end of the hash chain and stores it. It must
// run inside a transaction (Tx), so that the entry commits or rolls back with
// the change it records; appends are serialised so the chain never forks.
func (t *Tx) AppendAudit(ctx context.Context, e *kscheck.AuditEntry) error {
	if t.dialect == Postgres {
		// SQLite serialises writers already (immediate transactions).
		if _, err := t.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7402)`); err != nil {
			return fmt.Errorf("locking the audit trail: %w", err)
		}
	}
	var prev *kscheck.AuditEntry
	last, err := scanAudit(t.q.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq DESC LIMIT 1`))
	switch {
	case err == nil:
		prev = last
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("reading the end of the audit trail: %w", err)
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	e.Seal(prev)
	_, err = t.q.ExecContext(ctx, `INSERT INTO audit (seq, at, actor_id, actor_name, action, case_id, from_state, to_state, detail, prev_hash, hash,
		format, name_digest, detail_digest)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.Seq, micros(e.At), e.ActorID, e.ActorName, e.Action, e.CaseID, string(e.FromState), string(e.ToState), e.Detail, e.PrevHash, e.Hash,
		e.Format, e.NameDigest, e.DetailDigest)
	return err
}

const auditColumns = `seq, at, actor_id, actor_name, action, case_id, from_state, to_state, detail, prev_hash, hash,
	format, name_digest, detail_digest, name_erased, detail_erased`

func scanAudit(row scanner) (*kscheck.AuditEntry, error) {
	var e kscheck.AuditEntry
	var at int64
	var from, to string
	if err := row.Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.Action, &e.CaseID, &from, &to, &e.Detail, &e.PrevHash, &e.Hash,
		&e.Format, &e.NameDigest, &e.DetailDigest, &e.NameErased, &e.DetailErased); err != nil {
		return nil, err
	}
	e.At, e.FromState, e.ToState = fromMicros(at), kscheck.State(from), kscheck.State(to)
	return &e, nil
}

// CaseHistory returns the audit entries about a case, oldest first.
func (o ops) CaseHistory(ctx context.Context, caseID int64) ([]kscheck.AuditEntry, error) {
	var out []kscheck.AuditEntry
	err := o.eachAudit(ctx, `WHERE case_id = $1`, []any{caseID}, func(e *kscheck.AuditEntry) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

// RecentAudit returns the newest limit entries, newest first.
func (o ops) RecentAudit(ctx context.Context, limit int) ([]kscheck.AuditEntry, error) {
	return o.AuditPage(ctx, 0, limit)
}

func (o ops) eachAudit(ctx context.Context, where string, args []any, fn func(*kscheck.AuditEntry) error) error {
	rows, err := o.q.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit `+where+` ORDER BY seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditBreak describes the first place where the trail is not intact.
type AuditBreak struct {
	Seq    int64
	Reason string
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("audit trail broken at entry %d: %s", b.Seq, b.Reason)
}

// VerifyAudit walks the whole trail and returns the number of entries
// checked and, when the chain is broken, where. It streams, so it works on
// trails of any length.
func (o ops) VerifyAudit(ctx context.Context) (int64, *AuditBreak, error) {
	var prev *kscheck.AuditEntry
	var n int64
	var broken *AuditBreak
	err := o.eachAudit(ctx, "", nil, func(e *kscheck.AuditEntry) error {
		if why := kscheck.VerifyLink(prev, *e); why != "" {
			seq := e.Seq
			if prev != nil && e.Seq != prev.Seq+1 {
				seq = prev.Seq + 1
			}
			broken = &AuditBreak{Seq: seq, Reason: why}
			return errStop
		}
		prev, n = e, n+1
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return n, broken, err
}

var errStop = errors.New("stop")

// EraseAudit blanks the personal fields of the format-2 entries given by
// sequence number (see kscheck.AuditEntry.Erase): the actor's name when
// name is set, the detail when detail is set. Format-1 entries are left as
// they are and counted apart. It runs in the retention's transaction.
func (t *Tx) EraseAudit(ctx context.Context, seqs []int64, name, detail bool) (erased, kept int, err error) {
	for _, seq := range seqs {
		e, err := scanAudit(t.q.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit WHERE seq = $1`, seq))
		if err != nil {
			return erased, kept, fmt.Errorf("reading audit entry %d: %w", seq, err)
		}
		if e.Format < 2 {
			kept++
			continue
		}
		e.Erase(name, detail)
		if _, err := t.q.ExecContext(ctx, `UPDATE audit SET actor_name = $1, name_erased = $2, detail = $3, detail_erased = $4 WHERE seq = $5`,
			e.ActorName, e.NameErased, e.Detail, e.DetailErased, seq); err != nil {
			return erased, kept, fmt.Errorf("erasing audit entry %d: %w", seq, err)
		}
		erased++
	}
	return erased, kept, nil
}
