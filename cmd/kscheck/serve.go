package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/metrics"
	"github.com/kscheck/kscheck/internal/poll"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/web"
)

func serveCommand(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "[--addr HOST:PORT] [--db PATH | --database-url URL] [--demo] [--metrics-addr HOST:PORT] [--log-format text|json]")
	db := addDBFlags(fs, env)
	db.addCheckpointFlag(fs, env)
	addr := fs.String("addr", envOr(env, "KSCHECK_ADDR", "127.0.0.1:8080"), "address to listen on (env KSCHECK_ADDR)")
	withDemo := fs.Bool("demo", env.Getenv("KSCHECK_DEMO") == "1", "seed the demo organisation and accounts into an empty database (env KSCHECK_DEMO=1)")
	insecure := fs.Bool("insecure-cookies", false, "send cookies without the Secure flag (only for plain HTTP away from localhost; never in production)")
	proxies := fs.String("trusted-proxy", env.Getenv("KSCHECK_TRUSTED_PROXY"), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (env KSCHECK_TRUSTED_PROXY)")
	mailOpts := addMailFlags(fs, env)
	ssoOpts := addSSOFlags(fs, env)
	opsOpts := addOpsFlags(fs, env)
	policyFile := addPolicyFlag(fs, env)
	publicRegister := fs.Bool("public-register", env.Getenv("KSCHECK_PUBLIC_REGISTER") == "1", "publish the anonymised decision register at /public/register (env KSCHECK_PUBLIC_REGISTER=1)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	trusted, err := web.ParseTrustedProxies(*proxies)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(*policyFile)
	if err != nil {
		return err
	}
	log, err := opsOpts.logger(env.Stderr)
	if err != nil {
		return err
	}
	mail, err := mailOpts.setup(env, *withDemo, log)
	if err != nil {
		return err
	}
	svc, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer svc.Close()
	svc.Log = log
	cfg := web.Config{InsecureCookies: *insecure, Demo: *withDemo, PublicRegister: *publicRegister, TrustedProxies: trusted}
	if opsOpts.metricsAddr != "" {
		m := metrics.New(svc)
		cfg.Metrics = m
		at, stopMetrics, err := serveMetrics(ctx, opsOpts.metricsAddr, m)
		if err != nil {
			return err
		}
		defer stopMetrics()
		fmt.Fprintf(env.Stdout, "Prometheus metrics are served at http://%s/metrics\n", at)
	}
	if *withDemo {
		seeded, err := demo.Seed(ctx, svc)
		if err != nil {
			return err
		}
		if !seeded {
			fmt.Fprintln(env.Stdout, "The database has data already; demo data was not added.")
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another program using it? choose another with --addr)", *addr, err)
	}
	url := "http://" + displayAddr(ln.Addr().String())
	base := mail.baseURL
	if base == "" {
		base = url
	}
	if err := ssoOpts.setup(ctx, svc, &cfg, base, *withDemo, svc.Log); err != nil {
		ln.Close()
		return err
	}
	srv, err := web.New(svc, cfg)
	if err != nil {
		ln.Close()
		return err
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	stopMail, err := mail.start(ctx, svc, url)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopMail()
	stopCheckpoints := startCheckpoints(ctx, svc)
	defer stopCheckpoints()
	defer syncProcedures(ctx, svc)()
	defer syncLists(ctx, svc)()
	defer startWebhooks(ctx, svc)()
	stopRetention := runDaily(ctx, func(ctx context.Context) {
		if rep, err := svc.RunRetention(ctx, policy, false); err != nil {
			svc.Log.ErrorContext(ctx, "applying the retention policy", "err", err)
		} else if len(rep.Cases)+rep.Documents+rep.Mail > 0 {
			svc.Log.InfoContext(ctx, "retention policy applied", "checks", len(rep.Cases), "documents", rep.Documents, "mail", rep.Mail)
		}
	})
	defer stopRetention()
	fmt.Fprintf(env.Stdout, "kscheck is running at %s (database: %s)\n", url, db.describe())
	fmt.Fprintf(env.Stdout, "E-mail notifications are %s; links point to %s\n", mail.describe, mail.baseURL)
	fmt.Fprintf(env.Stdout, "Audit checkpoints are written daily and at shutdown to %s\n", svc.Checkpoints)
	if *withDemo {
		fmt.Fprintf(env.Stdout, "\nDemo accounts (password %q for each):\n", demo.Password)
		for _, a := range demo.Accounts {
			fmt.Fprintf(env.Stdout, "  %-30s %-22s %s\n", a.Email, a.Name, strings.Join(a.Roles, ", "))
		}
		if cfg.DemoIdP != nil {
			fmt.Fprintf(env.Stdout, "\nSingle sign-on: choose \"Sign in with the demo identity provider\" and sign in there as\n")
			for _, a := range demo.IdPAccounts {
				fmt.Fprintf(env.Stdout, "  %-12s %-22s %s\n", a.User, a.Name, strings.Join(a.Roles, ", "))
			}
		}
	}
	fmt.Fprintln(env.Stdout, "\nPress Ctrl+C to stop.")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkpointInterval is how often the server anchors the audit trail's
// head outside the database.
const checkpointInterval = 24 * time.Hour

// procedurePoll is how often a server looks for procedure versions that
// another server on the same database activated or retired.
const procedurePoll = 5 * time.Second

// listPoll is how often a server looks whether another server on the same
// database imported or updated a list; the look is one small query.
const listPoll = 5 * time.Second

// startCheckpoints writes a checkpoint of the audit trail now and then
// daily until ctx ends; the returned stop waits for that loop and writes a
// last checkpoint, so that what happened up to the shutdown is anchored too.
func startCheckpoints(ctx context.Context, svc *service.Service) (stop func()) {
	write := func(ctx context.Context) {
		if cp, err := svc.WriteCheckpoint(ctx); err != nil {
			svc.Log.Error("writing an audit checkpoint", "file", svc.Checkpoints, "err", err)
		} else {
			svc.Log.Info("audit checkpoint written", "file", svc.Checkpoints, "audit_seq", cp.Changes.Seq, "access_seq", cp.Reads.Seq)
		}
	}
	stopLoop := repeat(ctx, checkpointInterval, write)
	return func() {
		stopLoop()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		write(ctx)
	}
}

// syncProcedures picks up, within procedurePoll, the procedure versions
// other servers on the same database activate or retire.
func syncProcedures(ctx context.Context, svc *service.Service) (stop func()) {
	return repeat(ctx, procedurePoll, func(ctx context.Context) {
		if n, err := svc.SyncProcedures(ctx); err != nil && ctx.Err() == nil {
			svc.Log.Error("reading procedure versions from the database", "err", err)
		} else if n > 0 {
			svc.Log.Info("procedure versions changed on the database", "changes", n)
		}
	})
}

// syncLists rebuilds, within listPoll, the list index when other servers
// on the same database import or update a list, so that every server
// screens against the same snapshots.
func syncLists(ctx context.Context, svc *service.Service) (stop func()) {
	return repeat(ctx, listPoll, func(ctx context.Context) {
		if changed, err := svc.SyncLists(ctx); err != nil && ctx.Err() == nil {
			svc.Log.Error("reading the active list snapshots from the database", "err", err)
		} else if changed {
			svc.Log.Info("list snapshots changed on the database; the list index was rebuilt")
		}
	})
}

// repeat runs fn now and then every interval until ctx ends or stop is
// called; stop waits for a run in progress.
func repeat(ctx context.Context, interval time.Duration, fn func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		poll.Every(ctx, interval, fn)
	}()
	return func() { cancel(); <-done }
}

// displayAddr makes a listening address clickable: an unspecified host
// becomes localhost.
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}
