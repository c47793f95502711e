package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// backupCommand copies the SQLite database, consistently, while the server
// keeps running.
func backupCommand(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "backup", "--to FILE [--db PATH]")
	db := addDBFlags(fs, env)
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return kscheck.Errorf(kscheck.EInvalid, "name the file to write the backup to with --to FILE")
	}
	if _, err := os.Stat(*to); err == nil {
		return kscheck.Errorf(kscheck.EInvalid, "%s exists already; choose a new file for the backup", *to)
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.Backup(ctx, *to); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup of %s written to %s\n", db.describe(), *to)
	return nil
}

// restoreCommand puts a backup in place of an SQLite database. It checks
// the backup's audit trail and access log first and refuses a broken one,
// and it writes through a temporary file so that a failed restore leaves
// the database as it was. The server must be stopped.
func restoreCommand(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "restore", "--from FILE [--db PATH] [--replace]")
	db := addDBFlags(fs, env)
	from := fs.String("from", "", "the backup file written by kscheck backup")
	replace := fs.Bool("replace", false, "replace an existing database (stop the server first)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if db.url != "" {
		return kscheck.Errorf(kscheck.EInvalid, "restore PostgreSQL with pg_restore (see docs/operations.md); kscheck restore puts back SQLite backups")
	}
	if *from == "" {
		return kscheck.Errorf(kscheck.EInvalid, "name the backup to restore with --from FILE")
	}
	if _, err := os.Stat(db.path); err == nil && !*replace {
		return kscheck.Errorf(kscheck.EInvalid, "%s exists; stop the server and pass --replace to put the backup in its place", db.path)
	}
	tmp := db.path + ".restoring"
	if err := copyFile(*from, tmp); err != nil {
		return err
	}
	defer os.Remove(tmp)
	check := &dbOptions{path: tmp}
	svc, err := check.open(ctx, env)
	if err != nil {
		return fmt.Errorf("the backup %s cannot be opened: %w", *from, err)
	}
	svc.Checkpoints = "" // the backup predates later checkpoints; compare with `audit verify` afterwards
	r, err := svc.VerifyTrail(ctx)
	svc.Close()
	if err != nil {
		return err
	}
	if r.Break != nil {
		return fmt.Errorf("the backup %s is not intact, so it was not restored: %s", *from, r.Break.Error())
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(db.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, db.path); err != nil {
		return fmt.Errorf("putting the backup in place: %w", err)
	}
	fmt.Fprintf(env.Stdout, "restored %s to %s: audit trail intact (%d entries), access log intact (%d reads)\n", *from, db.path, r.Changes, r.Reads)
	return nil
}

// copyFile copies the file from to a new file to, synced to disk.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("opening the backup: %w", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copying the backup: %w", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
