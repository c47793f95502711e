// Package storetest opens real databases for tests: a fresh SQLite file, and
// a fresh schema on the PostgreSQL server named by KSCHECK_TEST_DATABASE_URL.
// Tests that touch the database run against both through Each.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kscheck/kscheck/internal/store"
)

// Each runs fn once on SQLite and once on PostgreSQL, as subtests named
// after the dialect. The PostgreSQL run skips, saying why, when
// KSCHECK_TEST_DATABASE_URL is not set (and fails instead when
// KSCHECK_TEST_REQUIRE_POSTGRES=1, as on CI).
func Each(t *testing.T, fn func(t *testing.T, dsn string, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		dsn := SQLiteDSN(t)
		fn(t, dsn, open(t, dsn))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := PostgresDSN(t)
		fn(t, dsn, open(t, dsn))
	})
}

func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SQLiteDSN returns the path of a fresh SQLite database file.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "kscheck.db")
}

// PostgresDSN returns a URL to a fresh, empty schema on the test server,
// dropped when the test ends; it skips the test when no server is given.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("KSCHECK_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("KSCHECK_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("KSCHECK_TEST_REQUIRE_POSTGRES=1 but KSCHECK_TEST_DATABASE_URL is not set")
		}
		t.Skip("PostgreSQL run skipped: set KSCHECK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to enable it")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", redact(base), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("KSCHECK_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides a password in a database URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
