package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// TLS policies of SMTPConfig.
const (
	TLSMandatory     = "mandatory"     // STARTTLS required (the default)
	TLSOpportunistic = "opportunistic" // STARTTLS when the server offers it
	TLSImplicit      = "implicit"      // TLS from the first byte (SMTPS, port 465)
	TLSNone          = "none"          // plain text: only for a relay on the same host
)

// SMTPConfig is how to reach the mail server. Its String and LogValue
// never show the password.
type SMTPConfig struct {
	Host     string
	Port     int    // default 587, or 465 with TLSImplicit
	User     string // empty: no authentication
	Password string
	From     string // sender address, e.g. "Knowledge Security Desk <kennisveiligheid@example.org>"
	TLS      string // one of the TLS* constants; empty means TLSMandatory
	Timeout  time.Duration
}

// String describes the configuration without the password.
func (c SMTPConfig) String() string {
	pw := ""
	if c.Password != "" {
		pw = " password=[redacted]"
	}
	return fmt.Sprintf("smtp://%s@%s:%d from=%q tls=%s%s", c.User, c.Host, c.port(), c.From, c.tls(), pw)
}

// LogValue keeps the password out of structured logs.
func (c SMTPConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host), slog.Int("port", c.port()), slog.String("user", c.User),
		slog.String("from", c.From), slog.String("tls", c.tls()), slog.Bool("password_set", c.Password != ""),
	)
}

func (c SMTPConfig) tls() string {
	if c.TLS == "" {
		return TLSMandatory
	}
	return c.TLS
}

func (c SMTPConfig) port() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.tls() == TLSImplicit:
		return 465
	}
	return 587
}

// SMTP sends messages through a mail server with go-mail.
type SMTP struct {
	cfg  SMTPConfig
	opts []mail.Option
}

// NewSMTP checks cfg and returns a sender. It does not connect: each Send
// dials, so a server that is down now does not stop the program.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if strings.TrimSpace(cfg.Host) == "" {
		return nil, fmt.Errorf("notify: the SMTP host is not set")
	}
	if err := mail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("notify: sender address %q: %w", cfg.From, err)
	}
	opts := []mail.Option{mail.WithPort(cfg.port())}
	switch cfg.tls() {
	case TLSMandatory:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case TLSOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("notify: unknown TLS policy %q; use mandatory, opportunistic, implicit or none", cfg.TLS)
	}
	if cfg.User != "" {
		auth := mail.SMTPAuthPlain
		if cfg.tls() == TLSNone {
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(cfg.User), mail.WithPassword(cfg.Password))
	}
	if cfg.Timeout > 0 {
		opts = append(opts, mail.WithTimeout(cfg.Timeout))
	}
	return &SMTP{cfg: cfg, opts: opts}, nil
}

// Send delivers m: plain text, with an HTML alternative when m.HTML is set.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("notify: sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("notify: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	client, err := mail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return fmt.Errorf("notify: SMTP client for %s: %w", s.cfg.Host, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("notify: sending to %s via %s:%d: %w", m.To, s.cfg.Host, s.cfg.port(), err)
	}
	return nil
}
