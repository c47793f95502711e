package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/kscheck/kscheck/internal/checkpoint"
	"github.com/kscheck/kscheck/internal/service"
)

// dbOptions are the database options that every command touching the
// database takes: --db for an SQLite file, or a PostgreSQL URL.
type dbOptions struct {
	path       string
	url        string
	checkpoint string
}

func addDBFlags(fs *flag.FlagSet, env *Env) *dbOptions {
	o := &dbOptions{}
	def := env.Getenv("KSCHECK_DB")
	if def == "" {
		def = "kscheck.db"
	}
	fs.StringVar(&o.path, "db", def, "SQLite database file (env KSCHECK_DB); created when missing")
	fs.StringVar(&o.url, "database-url", env.Getenv("KSCHECK_DATABASE_URL"), "PostgreSQL URL postgres://… (env KSCHECK_DATABASE_URL); overrides --db")
	return o
}

// addCheckpointFlag adds --checkpoint, for the commands that write or
// compare against the audit trail's checkpoints.
func (o *dbOptions) addCheckpointFlag(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&o.checkpoint, "checkpoint", env.Getenv("KSCHECK_CHECKPOINT"),
		"file of audit checkpoints (env KSCHECK_CHECKPOINT; default: the SQLite file's name + .checkpoints, or kscheck-audit.checkpoints in the working directory for PostgreSQL)")
}

// checkpointPath is the checkpoint file in use.
func (o *dbOptions) checkpointPath() string {
	if o.checkpoint != "" {
		return o.checkpoint
	}
	return checkpoint.DefaultPath(o.path, o.url != "")
}

// dsn is what service.Open takes.
func (o *dbOptions) dsn() string {
	if o.url != "" {
		return o.url
	}
	return o.path
}

// parseAndOpen parses args into fs (which carries db's flags) and opens
// the database; the caller closes svc.
func parseAndOpen(ctx context.Context, env *Env, fs *flag.FlagSet, db *dbOptions, args []string) (*service.Service, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return db.open(ctx, env)
}

// open opens the database and builds the service on it.
func (o *dbOptions) open(ctx context.Context, env *Env) (*service.Service, error) {
	svc, err := service.Open(ctx, o.dsn(), logger(env.Stderr))
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", o.describe(), err)
	}
	svc.Checkpoints = o.checkpointPath()
	return svc, nil
}

// describe names the database without revealing a password.
func (o *dbOptions) describe() string {
	if o.url != "" {
		return "PostgreSQL"
	}
	return o.path
}

func logger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
