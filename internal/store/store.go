// Package store keeps kscheck's data in SQL: SQLite (embedded, the default)
// or PostgreSQL, through one code path. Only the schema migrations and a few
// connection settings differ per dialect; every query is written once, with
// $N placeholders that both drivers understand.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/kscheck/kscheck/internal/kscheck"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the SQL database behind a Store.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ops holds the queries. Store runs them on the database, Tx inside a
// transaction, so every query is written once and usable in both.
// Changes to cases, people, roles, partners, procedures, tokens and
// webhooks are methods of Tx only, so that each is made in the
// transaction that appends its audit entry. Left on ops (and so on
// Store) are the writes that record no decision: sign-in throttle
// counts, sessions, a token's last use, a consumed sign-on assertion and
// a person's language.
type ops struct {
	q       querier
	dialect Dialect
}

// Store is the database. It is safe for concurrent use.
type Store struct {
	ops
	db    *sql.DB
	turns sync.Map // job name → chan struct{}: Serialised on SQLite
}

// Open connects to the database named by dsn — a file path for SQLite, or a
// postgres:// URL — and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := connect(dsn)
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("cannot reach the database: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func connect(dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("opening PostgreSQL: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return &Store{ops: ops{q: db, dialect: Postgres}, db: db}, nil
	}
	if dsn == "" {
		return nil, errors.New("no database given: pass --db PATH or set KSCHECK_DATABASE_URL")
	}
	// WAL for concurrent readers, foreign keys on, immediate write
	// transactions so that two writers queue instead of deadlocking.
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A page cache of 32 MiB per connection and memory-mapped reads keep
	// list queries from re-reading pages through system calls, which is
	// what made them grow with the table.
	q.Add("_pragma", "cache_size(-32768)")
	q.Add("_pragma", "mmap_size(268435456)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening SQLite file %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(8)
	return &Store{ops: ops{q: db, dialect: SQLite}, db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers (health checks).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// migrate applies the numbered migrations of the dialect that have not run
// yet, each in its own transaction, and records them. On PostgreSQL,
// servers starting together take turns (an advisory lock), so that a
// migration is never applied twice.
func (s *Store) migrate(ctx context.Context) error {
	if s.dialect == Postgres {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("preparing migrations: %w", err)
		}
		defer conn.Close()
		key := jobKey("migrate")
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
			return fmt.Errorf("waiting for another server's migrations: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	dir := "migrations/" + string(s.dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return fmt.Errorf("reading applied migrations: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(dir + "/" + name)
		if err != nil {
			return err
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for _, stmt := range splitStatements(string(body)) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, micros(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s failed: %w", name, err)
		}
	}
	return nil
}

// splitStatements splits a migration file at semicolons that end a line.
// Migrations contain no semicolons inside literals or bodies.
func splitStatements(src string) []string {
	var out []string
	for _, part := range strings.Split(src, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// Analyze refreshes the query planner's statistics, after bulk loads.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return err
}

// Tx is a unit of work: everything done through it commits or rolls back
// together, so that no half-written state is ever left behind.
type Tx struct {
	ops
	changed string // the first change of record made through it; "" for none
	audited bool   // whether it appended an entry to the trail of changes
}

// ErrUnaudited refuses a transaction that changed a record but appended
// no entry to the trail of changes. It is a fault in the program, never
// in the input: the trail would otherwise miss a change.
var ErrUnaudited = errors.New("a change of record without its audit entry")

// recordChange notes that t changes a record: every Tx method that does
// calls it first, so that InTx can refuse to commit the change without
// its audit entry. what names the change in that refusal.
//
// Writes that record no decision are not marked, and commit without an
// entry: queueing notices and mail (Enqueue) and webhook deliveries
// (EnqueueDelivery, RecordAttempt, the outbox's claims), which follow
// from an audited change; the markers that a deadline reminder or an
// overdue measure was noticed once (RecordDeadlineNotice,
// RecordMeasureOverdue); the access log (AppendRead), itself a trail;
// and, on Store, sign-in throttle counts, sessions, a token's last use,
// consumed sign-on assertions and a person's language, which are
// bookkeeping of sign-in and display. Made-up cases for measurements
// (AddSyntheticCases) are no decision either.
func (t *Tx) recordChange(what string) {
	if t.changed == "" {
		t.changed = what
	}
}

// InTx runs fn in a transaction, committing when fn returns nil. A
// transaction that changed a record without appending its audit entry is
// rolled back with ErrUnaudited.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		t := &Tx{ops: ops{q: tx, dialect: s.dialect}}
		if err := fn(t); err != nil {
			return err
		}
		if t.changed != "" && !t.audited {
			return fmt.Errorf("%w: %s", ErrUnaudited, t.changed)
		}
		return nil
	})
}

// ReadTx runs fn in a read-only transaction: one consistent view of the
// database that never waits for writers (SQLite starts it deferred, not
// immediate; PostgreSQL takes a repeatable-read snapshot).
func (s *Store) ReadTx(ctx context.Context, fn func(*Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return s.beginTx(ctx, opts, func(tx *sql.Tx) error { return fn(&Tx{ops: ops{q: tx, dialect: s.dialect}}) })
}

func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.beginTx(ctx, nil, fn)
}

func (s *Store) beginTx(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("starting a transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
			return
		}
		err = tx.Commit()
	}()
	return fn(tx)
}

// querier is what both *sql.DB and *sql.Tx offer; read helpers take it so
// that they work inside and outside a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// micros converts t to the stored form: unix microseconds, UTC.
func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

// microsPtr is micros for optional times (NULL when nil).
func microsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micros(*t)
}

// fromMicros is the inverse of micros.
func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// fromNullMicros is fromMicros for optional times.
func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// Backup writes a consistent copy of an SQLite database to the file at
// path, which must not exist, while the database stays in use (VACUUM INTO
// reads one snapshot; writers carry on). PostgreSQL is backed up with its
// own tools (pg_dump), which this refuses with a message saying so.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return kscheck.Errorf(kscheck.EInvalid, "back up PostgreSQL with pg_dump (see docs/operations.md); kscheck backup copies SQLite databases").Translated("err.backup.postgres")
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("copying the database to %s: %w", path, err)
	}
	return nil
}
