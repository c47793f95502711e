package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestBackupWhileServing backs up an SQLite database while the server runs
// and another process writes to it, restores the copy, and verifies its
// audit trail.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kscheck.db")
	startServer(t, "--db", db, "--demo", "--checkpoint", filepath.Join(dir, "cp"))
	ctx, stop := context.WithCancel(context.Background())
	svc := openService(t, db)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		startChecksUntil(ctx, t, svc)
	}()
	backup := filepath.Join(dir, "backup.db")
	env, out, errs := testEnv()
	code := run(context.Background(), env, []string{"backup", "--db", db, "--to", backup})
	stop()
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: exit %d: %s%s", code, out, errs)
	}
	restored := filepath.Join(dir, "restored", "kscheck.db")
	env, out, errs = testEnv()
	if code := run(context.Background(), env, []string{"restore", "--from", backup, "--db", restored}); code != 0 || !strings.Contains(out.String(), "intact") {
		t.Fatalf("restore: exit %d: %s%s", code, out, errs)
	}
	env, out, errs = testEnv()
	if code := run(context.Background(), env, []string{"audit", "verify", "--db", restored}); code != 0 || !strings.Contains(out.String(), "intact") {
		t.Fatalf("audit verify on the restored copy: exit %d: %s%s", code, out, errs)
	}
	env, _, errs = testEnv()
	if code := run(context.Background(), env, []string{"restore", "--from", backup, "--db", restored}); code != 2 || !strings.Contains(errs.String(), "--replace") {
		t.Fatalf("restore over an existing database without --replace: exit %d: %s", code, errs)
	}
}

// TestPostgresDumpAndRestore backs up PostgreSQL the documented way
// (pg_dump -Fc, pg_restore into a new database) and verifies the restored
// copy against the checkpoint taken before the dump.
func TestPostgresDumpAndRestore(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("KSCHECK_TEST_REQUIRE_POSTGRES") == "1" {
				t.Fatalf("%s is needed (apt-get install postgresql-client-15): %v", tool, err)
			}
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
	svc := openService(t, dsn)
	ctx, stop := context.WithCancel(context.Background())
	stop() // a few checks, then stop
	startChecksUntil(ctx, t, svc)
	cp := filepath.Join(t.TempDir(), "cp")
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"audit", "checkpoint", "--database-url", dsn, "--checkpoint", cp}); code != 0 {
		t.Fatalf("checkpoint: exit %d: %s%s", code, out, errs)
	}

	u, _ := url.Parse(dsn)
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	base := u.String()
	dump := filepath.Join(t.TempDir(), "kscheck.dump")
	if b, err := exec.Command("pg_dump", "--format=custom", "--schema="+schema, "--file="+dump, base).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v: %s", err, b)
	}
	b := make([]byte, 4)
	rand.Read(b)
	restoredDB := "kscheck_restore_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + restoredDB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(`DROP DATABASE ` + restoredDB + ` WITH (FORCE)`) })
	u.Path = "/" + restoredDB
	if b, err := exec.Command("pg_restore", "--dbname="+u.String(), dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v: %s", err, b)
	}
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	env, out, errs = testEnv()
	if code := run(context.Background(), env, []string{"audit", "verify", "--database-url", u.String(), "--checkpoint", cp}); code != 0 || !strings.Contains(out.String(), "still hold the checkpoint") {
		t.Fatalf("audit verify on the restored database: exit %d: %s%s", code, out, errs)
	}
}

// openService opens the database at dsn with the demo organisation.
func openService(t *testing.T, dsn string) *service.Service {
	t.Helper()
	o := &dbOptions{path: dsn}
	if strings.HasPrefix(dsn, "postgres") {
		o = &dbOptions{url: dsn}
	}
	env, _, _ := testEnv()
	svc, err := o.open(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// startChecksUntil starts checks (each a change with its audit entry) as
// the demo initiator until ctx ends, and at least 20.
func startChecksUntil(ctx context.Context, t *testing.T, svc *service.Service) {
	bg := context.Background()
	if _, err := demo.Seed(bg, svc); err != nil {
		t.Error(err)
		return
	}
	eva, err := svc.AccountByEmail(bg, service.System, "initiator@demo.kscheck.org")
	if err != nil {
		t.Error(err)
		return
	}
	actor := eva.Actor()
	for i := 0; i < 20 || ctx.Err() == nil; i++ {
		if _, err := svc.StartCase(bg, actor, service.NewCase{Title: fmt.Sprintf("Backup test %d", i), Kind: kscheck.KindOther, UnitCode: "liacs"}); err != nil {
			t.Error(err)
			return
		}
	}
}
