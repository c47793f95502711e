package store

import (
	"context"
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
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("reserving a connection for %s: %w", job, err)
	}
	defer conn.Close()
	key := jobKey(job)
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
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
