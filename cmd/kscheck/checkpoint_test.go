package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestAuditCheckpointCatchesTruncation is the attack a database
// administrator can make on a hash chain alone: drop the append-only
// trigger and delete the newest 1,000 entries. The rest of the chain is
// still intact, so only a head anchored outside the database tells.
func TestAuditCheckpointCatchesTruncation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		procs, err := service.LoadProcedures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		svc := service.New(s, procs, logger(os.Stderr))
		if _, err := demo.Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
		eva, _ := s.PersonByEmail(ctx, "initiator@demo.kscheck.org")
		actor, _ := s.Actor(ctx, eva.ID)
		startCases := func(n int) {
			for i := range n {
				if _, err := svc.StartCase(ctx, actor, service.NewCase{Title: fmt.Sprintf("Check %d", i), Kind: kscheck.KindOther, UnitCode: "liacs"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		startCases(1100)
		cp := filepath.Join(t.TempDir(), "audit.checkpoints")
		audit := func(args ...string) (int, string) {
			env, out, errs := testEnv()
			code := run(ctx, env, append(append([]string{"audit"}, args...), append(dbArgs(dsn), "--checkpoint", cp)...))
			return code, out.String() + errs.String()
		}
		if code, out := audit("checkpoint"); code != 0 || !strings.Contains(out, "checkpoint") {
			t.Fatalf("audit checkpoint: exit %d, %s", code, out)
		}
		if code, out := audit("verify"); code != 0 || !strings.Contains(out, "intact") {
			t.Fatalf("untouched trail: exit %d, %s", code, out)
		}
		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if s.Dialect() == store.Postgres {
			_, err = raw.Exec(`DROP TRIGGER audit_no_change ON audit`)
		} else {
			_, err = raw.Exec(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete`)
		}
		if err != nil {
			t.Fatal(err)
		}
		var last int64
		if err := raw.QueryRow(`SELECT MAX(seq) FROM audit`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`DELETE FROM audit WHERE seq > $1`, last-1000); err != nil {
			t.Fatal(err)
		}
		code, out := audit("verify")
		if code != 3 || !strings.Contains(out, fmt.Sprintf("ends at entry %d", last-1000)) || !strings.Contains(out, fmt.Sprintf("entry %d", last)) {
			t.Fatalf("newest 1,000 entries deleted: exit %d, %s", code, out)
		}
		// Writing new entries over the gap makes a valid chain again, but
		// not the one the checkpoint saw.
		startCases(1001)
		code, out = audit("verify")
		if code != 3 || !strings.Contains(out, fmt.Sprintf("entry %d differs from the checkpoint", last)) {
			t.Fatalf("trail rewritten after the checkpoint: exit %d, %s", code, out)
		}
	})
}

// TestServeWritesCheckpoints checks that the server anchors the trail when
// it starts and again when it is stopped, after the changes it made.
func TestServeWritesCheckpoints(t *testing.T) {
	dir := t.TempDir()
	db, cp := filepath.Join(dir, "kscheck.db"), filepath.Join(dir, "audit.checkpoints")
	srv := startServer(t, "--db", db, "--demo", "--checkpoint", cp)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if b, _ := os.ReadFile(cp); len(b) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server wrote no checkpoint when it started")
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.cmd.Wait(); err != nil {
		t.Fatalf("server stopped with %v", err)
	}
	b, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 2 {
		t.Fatalf("checkpoint file after a start and a stop: %q, want a line for each", b)
	}
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"audit", "verify", "--db", db, "--checkpoint", cp}); code != 0 || !strings.Contains(out.String(), "still hold the checkpoint") {
		t.Fatalf("audit verify after the server stopped: exit %d, %s%s", code, out, errs)
	}
}

// TestAccessLogIsAnchoredToo removes the newest read of a case from the
// access log, with its guard dropped, and checks that audit verify tells.
func TestAccessLogIsAnchoredToo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string, s *store.Store) {
		ctx := context.Background()
		svc := openService(t, dsn)
		if _, err := demo.Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
		eva, _ := s.PersonByEmail(ctx, "initiator@demo.kscheck.org")
		actor, _ := s.Actor(ctx, eva.ID)
		c, err := svc.StartCase(ctx, actor, service.NewCase{Title: "Read me", Kind: kscheck.KindOther, UnitCode: "liacs"})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := svc.Case(ctx, actor, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		cp := filepath.Join(t.TempDir(), "cp")
		audit := func(args ...string) (int, string) {
			env, out, errs := testEnv()
			code := run(ctx, env, append(append([]string{"audit"}, args...), append(dbArgs(dsn), "--checkpoint", cp)...))
			return code, out.String() + errs.String()
		}
		if code, out := audit("checkpoint"); code != 0 {
			t.Fatalf("checkpoint: exit %d, %s", code, out)
		}
		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`DELETE FROM access_log WHERE seq = 3`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("the database allowed a read to be removed: %v", err)
		}
		if s.Dialect() == store.Postgres {
			_, err = raw.Exec(`DROP TRIGGER access_log_no_change ON access_log`)
		} else {
			_, err = raw.Exec(`DROP TRIGGER access_log_no_delete`)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`DELETE FROM access_log WHERE seq = 3`); err != nil {
			t.Fatal(err)
		}
		if code, out := audit("verify"); code != 3 || !strings.Contains(out, "access log BROKEN at entry 3") || !strings.Contains(out, "ends at entry 2") {
			t.Fatalf("newest read removed: exit %d, %s", code, out)
		}
	})
}
