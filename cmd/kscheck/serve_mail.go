package main

import (
	"context"
	"flag"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kscheck/kscheck/internal/i18n"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/notify"
	"github.com/kscheck/kscheck/internal/poll"
	"github.com/kscheck/kscheck/internal/service"
)

// mailOptions are serve's e-mail settings. The SMTP password is read from
// a file or the environment, never from the command line, where other
// users of the machine could see it in the process list.
type mailOptions struct {
	host, user, passwordFile, from, tls, baseURL, port, interval string
}

func addMailFlags(fs *flag.FlagSet, env *Env) *mailOptions {
	o := &mailOptions{}
	fs.StringVar(&o.host, "smtp-host", env.Getenv("KSCHECK_SMTP_HOST"), "mail server for notifications (env KSCHECK_SMTP_HOST); without it, and always with --demo, e-mail is written to the log")
	fs.StringVar(&o.port, "smtp-port", env.Getenv("KSCHECK_SMTP_PORT"), "mail server port (env KSCHECK_SMTP_PORT); default 587, or 465 with --smtp-tls implicit")
	fs.StringVar(&o.user, "smtp-user", env.Getenv("KSCHECK_SMTP_USER"), "user name at the mail server (env KSCHECK_SMTP_USER); empty: no authentication")
	fs.StringVar(&o.passwordFile, "smtp-password-file", env.Getenv("KSCHECK_SMTP_PASSWORD_FILE"), "file holding the mail server password (env KSCHECK_SMTP_PASSWORD_FILE); or set KSCHECK_SMTP_PASSWORD")
	fs.StringVar(&o.from, "smtp-from", env.Getenv("KSCHECK_SMTP_FROM"), `sender of notifications, e.g. "Knowledge Security Desk <ks@example.org>" (env KSCHECK_SMTP_FROM)`)
	fs.StringVar(&o.tls, "smtp-tls", envOr(env, "KSCHECK_SMTP_TLS", notify.TLSMandatory), "mandatory (STARTTLS), opportunistic, implicit (SMTPS) or none (env KSCHECK_SMTP_TLS)")
	fs.StringVar(&o.baseURL, "base-url", env.Getenv("KSCHECK_BASE_URL"), "address people use to reach kscheck, for links in e-mail, e.g. https://kscheck.example.org (env KSCHECK_BASE_URL); default: the listening address")
	fs.StringVar(&o.interval, "mail-interval", envOr(env, "KSCHECK_MAIL_INTERVAL", "30s"), "how often queued e-mail is sent (env KSCHECK_MAIL_INTERVAL)")
	return o
}

// mailer is the configured sending side of notifications.
type mailer struct {
	sender   notify.Sender
	describe string // for the start-up message; never the password
	baseURL  string // "" until known: the listening address
	interval time.Duration
}

// setup checks the options and builds the sender: SMTP when a host is
// given, the log otherwise and always in demo mode (demo accounts are not
// real people). Either way messages are recorded in the outbox.
func (o *mailOptions) setup(env *Env, demo bool, log *slog.Logger) (*mailer, error) {
	m := &mailer{}
	var err error
	if m.interval, err = time.ParseDuration(o.interval); err != nil || m.interval < time.Second {
		return nil, kscheck.Errorf(kscheck.EInvalid, "--mail-interval %q is not a duration of a second or more, such as 30s or 2m", o.interval)
	}
	if o.baseURL != "" {
		u, err := url.Parse(o.baseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, kscheck.Errorf(kscheck.EInvalid, "--base-url %q is not an address like https://kscheck.example.org", o.baseURL)
		}
		m.baseURL = strings.TrimRight(o.baseURL, "/")
	}
	if demo || o.host == "" {
		m.sender, m.describe = notify.Log{Logger: log}, "written to the log, not sent (no --smtp-host)"
		if demo {
			m.describe = "written to the log, not sent (demo mode)"
		}
		return m, nil
	}
	cfg := notify.SMTPConfig{Host: o.host, User: o.user, From: o.from, TLS: o.tls, Timeout: 30 * time.Second}
	if o.port != "" {
		if cfg.Port, err = strconv.Atoi(o.port); err != nil || cfg.Port < 1 || cfg.Port > 65535 {
			return nil, kscheck.Errorf(kscheck.EInvalid, "--smtp-port %q is not a port number", o.port)
		}
	}
	if o.from == "" {
		return nil, kscheck.Errorf(kscheck.EInvalid, "--smtp-from is needed with --smtp-host: the address notifications come from")
	}
	cfg.Password = env.Getenv("KSCHECK_SMTP_PASSWORD")
	if o.passwordFile != "" {
		b, err := os.ReadFile(o.passwordFile)
		if err != nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "reading the SMTP password: %v", err)
		}
		cfg.Password = strings.TrimRight(string(b), "\r\n")
	}
	if cfg.User != "" && cfg.Password == "" {
		return nil, kscheck.Errorf(kscheck.EInvalid, "--smtp-user is set but no password: use --smtp-password-file or KSCHECK_SMTP_PASSWORD")
	}
	smtp, err := notify.NewSMTP(cfg)
	if err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "%s", strings.TrimPrefix(err.Error(), "notify: "))
	}
	m.sender, m.describe = smtp, "sent via "+cfg.String()
	return m, nil
}

// start turns notifications on in svc, with links under the base URL
// (listening, the server's own address, unless --base-url says
// otherwise), and runs the worker that sends the outbox and the job that
// queues deadline notices. The returned stop ends both and waits for them,
// finishing a message in flight.
func (m *mailer) start(ctx context.Context, svc *service.Service, listening string) (stop func(), err error) {
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	if m.baseURL == "" {
		m.baseURL = listening
	}
	svc.Notifications = &service.Notifications{BaseURL: m.baseURL, I18n: bundle}
	w := &notify.Worker{Outbox: svc.Outbox(), Sender: m.sender, Logger: svc.Log, Interval: m.interval}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.Run(ctx) }()
	go func() { defer wg.Done(); deadlineLoop(ctx, svc, m.interval) }()
	return func() { cancel(); wg.Wait() }, nil
}

// deadlineLoop queues deadline notices now and then every ten minutes (or
// every interval, when that is longer: deadlines are counted in days)
// until ctx ends.
func deadlineLoop(ctx context.Context, svc *service.Service, interval time.Duration) {
	poll.Every(ctx, max(interval, 10*time.Minute), func(ctx context.Context) {
		if _, err := svc.QueueDeadlineNotices(ctx); err != nil && ctx.Err() == nil {
			svc.Log.ErrorContext(ctx, "queueing deadline notices", "err", err)
		}
	})
}
