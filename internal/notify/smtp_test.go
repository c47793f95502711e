package notify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/notify/smtptest"
)

// peerConfig is how to reach p: plain text, with credentials the peer
// records.
func peerConfig(p *smtptest.Peer) SMTPConfig {
	host, port := p.HostPort()
	return SMTPConfig{Host: host, Port: port, User: "desk", Password: "s3cret-pw", From: "Advice Desk <desk@example.org>", TLS: TLSNone, Timeout: 10 * time.Second}
}

func TestSMTPSendsToARealPeer(t *testing.T) {
	peer := smtptest.New(t)
	s, err := NewSMTP(peerConfig(peer))
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: "joran.muller@example.org", Subject: "Check KS-2026-0042: verdict recorded", Text: "The Committee has given its verdict.", HTML: "<p>The Committee has given its <b>verdict</b>.</p>"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := <-peer.Got
	if got.To != "<joran.muller@example.org>" || got.From != "<desk@example.org>" {
		t.Errorf("envelope from %q to %q", got.From, got.To)
	}
	if got.Auth != "\x00desk\x00s3cret-pw" {
		t.Errorf("AUTH PLAIN credentials %q", got.Auth)
	}
	for _, want := range []string{"Subject: Check KS-2026-0042: verdict recorded", "To: <joran.muller@example.org>", "The Committee has given its verdict.", "text/html", "multipart/alternative"} {
		if !strings.Contains(got.Data, want) {
			t.Errorf("message lacks %q:\n%s", want, got.Data)
		}
	}
}

func TestSMTPConfigNeverShowsThePassword(t *testing.T) {
	cfg := SMTPConfig{Host: "smtp.example.org", User: "desk", Password: "s3cret-pw", From: "desk@example.org"}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("mail", "smtp", cfg)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("mail", "smtp", cfg)
	fmt.Fprintf(&buf, "%v %s %+v", cfg, cfg, cfg)
	if strings.Contains(buf.String(), "s3cret-pw") {
		t.Errorf("password leaked: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "smtp.example.org") {
		t.Error("the configuration is not described at all")
	}
}

func TestNewSMTPRejectsBadConfig(t *testing.T) {
	for name, cfg := range map[string]SMTPConfig{
		"no host":    {From: "a@example.org"},
		"bad from":   {Host: "h", From: "not an address"},
		"bad policy": {Host: "h", From: "a@example.org", TLS: "sometimes"},
	} {
		if _, err := NewSMTP(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if s, err := NewSMTP(SMTPConfig{Host: "h", From: "a@example.org", TLS: TLSImplicit}); err != nil || s.cfg.port() != 465 {
		t.Errorf("implicit TLS: %v, port %d", err, s.cfg.port())
	}
}

func TestMessageValidate(t *testing.T) {
	for _, m := range []Message{
		{To: "", Subject: "s"},
		{To: "nobody", Subject: "s"},
		{To: "a@example.org", Subject: ""},
		{To: "a@example.org", Subject: "s\r\nBcc: x@example.org"},
	} {
		if m.Validate() == nil {
			t.Errorf("%+v accepted", m)
		}
	}
}
