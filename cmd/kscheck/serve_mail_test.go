package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/notify/smtptest"
)

// syncBuffer is a buffer that a running command writes while the test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoDB returns an SQLite file with the demo organisation and accounts.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kscheck.db")
	env, _, _ := testEnv()
	svc, err := (&dbOptions{path: db}).open(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := demo.Seed(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return db
}

// inProcess is `kscheck serve` running in the test's own process.
type inProcess struct {
	base      string
	out, errs *syncBuffer
	cancel    context.CancelFunc
	done      chan int
}

// serveInProcess runs `kscheck serve --addr 127.0.0.1:0 args…` with the
// environment env and waits for the address it prints.
func serveInProcess(t *testing.T, env map[string]string, args ...string) *inProcess {
	t.Helper()
	p := &inProcess{out: &syncBuffer{}, errs: &syncBuffer{}, done: make(chan int, 1)}
	e := &Env{Stdin: strings.NewReader(""), Stdout: p.out, Stderr: p.errs, Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	t.Cleanup(cancel)
	go func() { p.done <- run(ctx, e, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	for start := time.Now(); p.base == ""; time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`running at (http://\S+)`).FindStringSubmatch(p.out.String()); m != nil {
			p.base = m[1]
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("serve did not start: %s%s", p.out.String(), p.errs.String())
		}
	}
	return p
}

// stop ends serve and checks that it stops cleanly.
func (p *inProcess) stop(t *testing.T) {
	t.Helper()
	p.cancel()
	select {
	case code := <-p.done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, p.errs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 seconds of its context ending")
	}
}

// TestServeSendsMail runs serve with a real SMTP server on 127.0.0.1: a
// question in a check's thread reaches the faculty adviser by e-mail, with
// a link under --base-url; the password, given in the environment, is
// never printed; and serve stops cleanly with its context.
func TestServeSendsMail(t *testing.T) {
	db := demoDB(t)
	peer := smtptest.New(t)
	host, port := peer.HostPort()
	const password = "pw-that-must-not-show"
	srv := serveInProcess(t, map[string]string{"KSCHECK_SMTP_PASSWORD": password}, "--db", db, "--insecure-cookies",
		"--smtp-host", host, "--smtp-port", strconv.Itoa(port), "--smtp-tls", "none", "--smtp-user", "kscheck",
		"--smtp-from", "Knowledge Security Desk <ks@example.org>", "--base-url", "https://kscheck.example.org/", "--mail-interval", "1s")
	base, out, errs := srv.base, srv.out, srv.errs
	eva := signedIn(t, base, "initiator@demo.kscheck.org")
	res, err := eva.PostForm(base+"/cases/new", url.Values{"title": {"t"}, "kind": {"other"}, "unit": {"liacs"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	casePath := strings.TrimSuffix(res.Request.URL.Path, "/partners/new") // starting leads on to the partners
	res, err = eva.PostForm(base+casePath+"/messages", url.Values{"version": {"1"}, "kind": {"question"}, "body": {"Is this partner on a list?"}})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("posting a question: %v %v", res, err)
	}
	res.Body.Close()

	got := <-peer.Got
	if got.To != "<adviser@demo.kscheck.org>" || got.Auth != "\x00kscheck\x00"+password || !strings.Contains(got.Data, "https://kscheck.example.org"+casePath) {
		t.Errorf("delivered to %s with auth %q:\n%s", got.To, got.Auth, got.Data)
	}
	srv.stop(t)
	if strings.Contains(out.String()+errs.String(), password) {
		t.Error("the SMTP password was printed")
	}
	if !strings.Contains(out.String(), "sent via smtp://kscheck@") {
		t.Errorf("the start-up message does not say where mail goes:\n%s", out.String())
	}
}

func TestServeRejectsBadMailSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"tls policy":    {[]string{"--smtp-host", "mail.example.org", "--smtp-from", "ks@example.org", "--smtp-tls", "sometimes"}, "unknown TLS policy"},
		"no sender":     {[]string{"--smtp-host", "mail.example.org"}, "--smtp-from is needed"},
		"port":          {[]string{"--smtp-host", "mail.example.org", "--smtp-from", "ks@example.org", "--smtp-port", "smtp"}, "not a port number"},
		"no password":   {[]string{"--smtp-host", "mail.example.org", "--smtp-from", "ks@example.org", "--smtp-user", "u"}, "no password"},
		"password file": {[]string{"--smtp-host", "mail.example.org", "--smtp-from", "ks@example.org", "--smtp-password-file", filepath.Join(t.TempDir(), "missing")}, "reading the SMTP password"},
		"base url":      {[]string{"--base-url", "kscheck.example.org"}, "--base-url"},
		"interval":      {[]string{"--mail-interval", "often"}, "--mail-interval"},
		"no such flag":  {[]string{"--smtp-password", "x"}, "not defined"},
	} {
		env, _, errs := testEnv()
		if code := run(context.Background(), env, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, c.args...)); code != 2 || !strings.Contains(errs.String(), c.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", name, code, errs, c.want)
		}
	}
}
