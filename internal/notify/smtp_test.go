package notify

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is one message as an SMTP server got it.
type received struct {
	From, To string
	Auth     string // decoded AUTH PLAIN credentials: "\x00user\x00password"
	Data     string
}

// smtpPeer is a minimal SMTP server on 127.0.0.1: enough of RFC 5321 for a
// real client to deliver to it. RejectRcpt makes it refuse recipients
// with a temporary failure.
type smtpPeer struct {
	Addr       string
	RejectRcpt bool

	mu   sync.Mutex
	msgs []received
	got  chan received
}

func newSMTPPeer(t *testing.T) *smtpPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &smtpPeer{Addr: ln.Addr().String(), got: make(chan received, 16)}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); p.serve(conn) }()
		}
	}()
	return p
}

func (p *smtpPeer) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	var cur received
	reply := func(format string, args ...any) { _ = tp.PrintfLine(format, args...) }
	reply("220 kscheck-test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250-kscheck-test")
			reply("250-8BITMIME")
			reply("250 AUTH PLAIN")
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if mech != "PLAIN" {
				reply("504 unsupported")
				continue
			}
			if initial == "" {
				reply("334 ")
				initial, _ = tp.ReadLine()
			}
			dec, err := base64.StdEncoding.DecodeString(initial)
			if err != nil {
				reply("501 bad base64")
				continue
			}
			cur.Auth = string(dec)
			reply("235 authenticated")
		case "MAIL":
			cur.From, _, _ = strings.Cut(strings.TrimPrefix(arg, "FROM:"), " ") // drop BODY=… parameters
			reply("250 ok")
		case "RCPT":
			if p.RejectRcpt {
				reply("451 4.3.0 try again later")
				continue
			}
			cur.To = strings.TrimPrefix(arg, "TO:")
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			p.mu.Lock()
			p.msgs = append(p.msgs, cur)
			p.mu.Unlock()
			p.got <- cur
			cur = received{Auth: cur.Auth}
			reply("250 queued")
		case "RSET":
			cur = received{Auth: cur.Auth}
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (p *smtpPeer) config() SMTPConfig {
	host, port, _ := net.SplitHostPort(p.Addr)
	var n int
	fmt.Sscan(port, &n)
	return SMTPConfig{Host: host, Port: n, User: "desk", Password: "s3cret-pw", From: "Advice Desk <desk@example.org>", TLS: TLSNone, Timeout: 10 * time.Second}
}

func TestSMTPSendsToARealPeer(t *testing.T) {
	peer := newSMTPPeer(t)
	s, err := NewSMTP(peer.config())
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: "joran.muller@example.org", Subject: "Check KS-2026-0042: verdict recorded", Text: "The Committee has given its verdict.", HTML: "<p>The Committee has given its <b>verdict</b>.</p>"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := <-peer.got
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
