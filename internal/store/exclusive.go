package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
)

// Exclusive runs fn unless another process on the same database is
// running the job of the same name, and reports whether fn ran. Several
// servers on one PostgreSQL thus update the lists and re-screen exactly
// once: the job holds a session advisory lock, on a connection of its
// own, for as long as fn runs, and the lock goes with the connection if
// the process dies. SQLite serves one server per file; there fn always
// runs, its writes serialised by the database as ever.
func (s *Store) Exclusive(ctx context.Context, job string, fn func(context.Context) error) (bool, error) {
	if s.dialect != Postgres {
		return true, fn(ctx)
	}
	return s.locked(ctx, job, `SELECT pg_try_advisory_lock($1)`, fn)
}

// Serialised runs fn once no other process on the same database is
// running the job of the same name, waiting for it to finish, or until ctx
// ends. It is for jobs that must each run, one at a time: a re-screen
// after an import has to see that import, which a re-screen already
// running may have started without. On PostgreSQL the job waits for the
// session advisory lock; on SQLite, with its one server per file, for the
// other runs of this process.
func (s *Store) Serialised(ctx context.Context, job string, fn func(context.Context) error) error {
	if s.dialect == Postgres {
		_, err := s.locked(ctx, job, `SELECT true FROM pg_advisory_lock($1)`, fn)
		return err
	}
	turn, _ := s.turns.LoadOrStore(job, make(chan struct{}, 1))
	select {
	case turn.(chan struct{}) <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("waiting for %s: %w", job, ctx.Err())
	}
	defer func() { <-turn.(chan struct{}) }()
	return fn(ctx)
}

// locked runs fn holding the advisory lock of job, taken by lock on a
// connection of its own, and reports whether lock got it.
func (s *Store) locked(ctx context.Context, job, lock string, fn func(context.Context) error) (bool, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("reserving a connection for %s: %w", job, err)
	}
	defer conn.Close()
	key := jobKey(job)
	var got bool
	if err := conn.QueryRowContext(ctx, lock, key).Scan(&got); err != nil {
		// A wait cut short by ctx may still have taken the lock on the
		// server; the connection is dropped, not pooled, so that the
		// session and any lock it holds end.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return false, fmt.Errorf("locking %s: %w", job, err)
	}
	if !got {
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	return true, fn(ctx)
}

// jobKey is the advisory lock key of a job: a hash of its name, kept away
// from the small fixed keys of the audit chains.
func jobKey(job string) int64 {
	h := fnv.New64a()
	h.Write([]byte("kscheck.job." + job))
	return int64(h.Sum64() | 1<<62)
}
