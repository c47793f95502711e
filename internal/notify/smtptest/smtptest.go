// Package smtptest runs a minimal SMTP server on 127.0.0.1 for tests: enough
// of RFC 5321 for a real client (go-mail) to deliver to it, so that tests
// of notifications check what a mail server really receives.
package smtptest

import (
	"encoding/base64"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one message as an SMTP server got it.
type Received struct {
	From, To string
	Auth     string // decoded AUTH PLAIN credentials: "\x00user\x00password"
	Data     string
}

// Peer is a minimal SMTP server on 127.0.0.1: enough of RFC 5321 for a
// real client to deliver to it. RejectRcpt makes it refuse recipients
// with a temporary failure.
type Peer struct {
	Addr       string
	RejectRcpt bool

	mu   sync.Mutex
	msgs []Received
	// Got receives every delivered message.
	Got chan Received
}

func New(t testing.TB) *Peer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Peer{Addr: ln.Addr().String(), Got: make(chan Received, 64)}
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

func (p *Peer) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	var cur Received
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
			p.Got <- cur
			cur = Received{Auth: cur.Auth}
			reply("250 queued")
		case "RSET":
			cur = Received{Auth: cur.Auth}
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

// HostPort returns the host and port the peer listens on.
func (p *Peer) HostPort() (string, int) {
	host, port, _ := net.SplitHostPort(p.Addr)
	n, _ := strconv.Atoi(port)
	return host, n
}

// Messages returns the messages delivered so far.
func (p *Peer) Messages() []Received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Received(nil), p.msgs...)
}
