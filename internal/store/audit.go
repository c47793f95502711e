package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// lockKey is the PostgreSQL advisory lock that orders appends to a chain.
func lockKey(c kscheck.Chain) int {
	if c == kscheck.Reads {
		return 7403
	}
	return 7402
}

// AppendAudit seals e onto the end of the trail of changes and stores it. It
// must run inside a transaction (Tx), so that the entry commits or rolls
// back with the change it records.
func (t *Tx) AppendAudit(ctx context.Context, e *kscheck.AuditEntry) error {
	if err := t.appendChain(ctx, kscheck.Changes, e); err != nil {
		return err
	}
	t.audited = true
	return nil
}

// AppendRead seals e onto the end of the access log.
func (t *Tx) AppendRead(ctx context.Context, e *kscheck.AuditEntry) error {
	return t.appendChain(ctx, kscheck.Reads, e)
}

// appendChain seals e onto the end of chain; appends are serialised so the
// chain never forks.
func (t *Tx) appendChain(ctx context.Context, chain kscheck.Chain, e *kscheck.AuditEntry) error {
	if t.dialect == Postgres {
		// SQLite serialises writers already (immediate transactions).
		if _, err := t.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(chain)); err != nil {
			return fmt.Errorf("locking the %s: %w", chain.Name(), err)
		}
	}
	var prev *kscheck.AuditEntry
	last, err := scanAudit(t.q.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM `+string(chain)+` ORDER BY seq DESC LIMIT 1`))
	switch {
	case err == nil:
		prev = last
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("reading the end of the %s: %w", chain.Name(), err)
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	e.Seal(prev)
	_, err = t.q.ExecContext(ctx, `INSERT INTO `+string(chain)+` (seq, at, actor_id, actor_name, action, case_id, from_state, to_state, detail, prev_hash, hash,
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

// CaseHistory returns the changes to a case, oldest first. Reads recorded
// in the trail before the access log existed are left out here, by an
// index that does not contain them.
func (o ops) CaseHistory(ctx context.Context, caseID int64) ([]kscheck.AuditEntry, error) {
	var out []kscheck.AuditEntry
	err := o.eachEntry(ctx, kscheck.Changes, `WHERE case_id = $1 AND action <> 'case.read'`, []any{caseID}, func(e *kscheck.AuditEntry) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

// CaseReads returns the recorded reads of a case, oldest first.
func (o ops) CaseReads(ctx context.Context, caseID int64) ([]kscheck.AuditEntry, error) {
	var out []kscheck.AuditEntry
	err := o.eachEntry(ctx, kscheck.Reads, `WHERE case_id = $1`, []any{caseID}, func(e *kscheck.AuditEntry) error {
		out = append(out, *e)
		return nil
	})
	return out, err
}

// RecentAudit returns the newest limit entries of the trail of changes,
// newest first.
func (o ops) RecentAudit(ctx context.Context, limit int) ([]kscheck.AuditEntry, error) {
	return o.AuditPage(ctx, kscheck.Changes, kscheck.AuditFilter{Limit: limit})
}

func (o ops) eachEntry(ctx context.Context, chain kscheck.Chain, where string, args []any, fn func(*kscheck.AuditEntry) error) error {
	rows, err := o.q.QueryContext(ctx, `SELECT `+auditColumns+` FROM `+string(chain)+` `+where+` ORDER BY seq`, args...)
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

// Head returns the last entry of chain (Seq 0 when it is empty).
func (o ops) Head(ctx context.Context, chain kscheck.Chain) (kscheck.ChainHead, error) {
	var h kscheck.ChainHead
	err := o.q.QueryRowContext(ctx, `SELECT seq, hash FROM `+string(chain)+` ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return kscheck.ChainHead{}, nil
	}
	return h, err
}

// Checkpoint returns the heads of both chains, for writing outside the
// database.
func (o ops) Checkpoint(ctx context.Context) (kscheck.ChainHead, kscheck.ChainHead, error) {
	changes, err := o.Head(ctx, kscheck.Changes)
	if err != nil {
		return changes, changes, err
	}
	reads, err := o.Head(ctx, kscheck.Reads)
	return changes, reads, err
}

// CheckHead reports whether chain still holds head as it was recorded:
// the entry at head.Seq exists and has head.Hash. Together with an intact
// chain this proves that nothing up to head was removed or rewritten.
func (o ops) CheckHead(ctx context.Context, chain kscheck.Chain, head kscheck.ChainHead) (*kscheck.AuditBreak, error) {
	if head.Seq == 0 {
		return nil, nil
	}
	var hash string
	err := o.q.QueryRowContext(ctx, `SELECT hash FROM `+string(chain)+` WHERE seq = $1`, head.Seq).Scan(&hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		last, err := o.Head(ctx, chain)
		if err != nil {
			return nil, err
		}
		return &kscheck.AuditBreak{Chain: chain, Seq: head.Seq, Reason: fmt.Sprintf(
			"the %s ends at entry %d, but the checkpoint recorded entry %d: the newest entries were removed", chain.Name(), last.Seq, head.Seq)}, nil
	case err != nil:
		return nil, err
	case hash != head.Hash:
		return &kscheck.AuditBreak{Chain: chain, Seq: head.Seq, Reason: fmt.Sprintf(
			"entry %d differs from the checkpoint: the %s was rewritten after the checkpoint was taken", head.Seq, chain.Name())}, nil
	}
	return nil, nil
}

// VerifyChain walks chain from the entry after anchor (nil: from the first
// entry), checking every hash and link, and returns the number of entries
// checked, the last of them (or the anchor), and, when the chain is broken,
// where. A given anchor is first
// checked with CheckHead, so that verifying from a checkpoint is as
// trustworthy as the checkpoint. It streams, so it works on chains of any
// length.
func (o ops) VerifyChain(ctx context.Context, chain kscheck.Chain, anchor *kscheck.ChainHead) (kscheck.ChainHead, int64, *kscheck.AuditBreak, error) {
	var prev *kscheck.AuditEntry
	where, args := "", []any(nil)
	if anchor != nil && anchor.Seq > 0 {
		broken, err := o.CheckHead(ctx, chain, *anchor)
		if err != nil || broken != nil {
			return kscheck.ChainHead{}, 0, broken, err
		}
		prev, where, args = &kscheck.AuditEntry{Seq: anchor.Seq, Hash: anchor.Hash}, "WHERE seq > $1", []any{anchor.Seq}
	}
	var n int64
	var broken *kscheck.AuditBreak
	err := o.eachEntry(ctx, chain, where, args, func(e *kscheck.AuditEntry) error {
		if why := kscheck.VerifyLink(prev, *e); why != "" {
			seq := e.Seq
			if prev != nil && e.Seq != prev.Seq+1 {
				seq = prev.Seq + 1
			}
			broken = &kscheck.AuditBreak{Chain: chain, Seq: seq, Reason: why}
			return errStop
		}
		prev, n = e, n+1
		return nil
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	var last kscheck.ChainHead
	if prev != nil {
		last = kscheck.ChainHead{Seq: prev.Seq, Hash: prev.Hash}
	}
	return last, n, broken, err
}

// VerifyAudit walks the whole trail of changes (see VerifyChain).
func (o ops) VerifyAudit(ctx context.Context) (int64, *kscheck.AuditBreak, error) {
	_, n, broken, err := o.VerifyChain(ctx, kscheck.Changes, nil)
	return n, broken, err
}

var errStop = errors.New("stop")

// EraseEntries blanks the personal fields of the format-2 entries of chain
// given by sequence number (see kscheck.AuditEntry.Erase): the actor's
// name when name is set, the detail when detail is set. Format-1 entries
// are left as they are and counted apart. It runs in the retention's
// transaction.
func (t *Tx) EraseEntries(ctx context.Context, chain kscheck.Chain, seqs []int64, name, detail bool) (erased, kept int, err error) {
	t.recordChange("audit.erase")
	for _, seq := range seqs {
		e, err := scanAudit(t.q.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM `+string(chain)+` WHERE seq = $1`, seq))
		if err != nil {
			return erased, kept, fmt.Errorf("reading %s entry %d: %w", chain.Name(), seq, err)
		}
		if e.Format < 2 {
			kept++
			continue
		}
		e.Erase(name, detail)
		if _, err := t.q.ExecContext(ctx, `UPDATE `+string(chain)+` SET actor_name = $1, name_erased = $2, detail = $3, detail_erased = $4 WHERE seq = $5`,
			e.ActorName, e.NameErased, e.Detail, e.DetailErased, seq); err != nil {
			return erased, kept, fmt.Errorf("erasing %s entry %d: %w", chain.Name(), seq, err)
		}
		erased++
	}
	return erased, kept, nil
}
