package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// TestMain lets a test run this very binary as the kscheck program, so that
// the whole application can be started, and killed, as a real process.
func TestMain(m *testing.M) {
	if os.Getenv("KSCHECK_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// server is kscheck running as a separate process.
type server struct {
	cmd  *exec.Cmd
	base string
}

// startServer runs `kscheck serve --addr 127.0.0.1:0 args…` and waits for
// the address it prints.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "KSCHECK_TEST_RUN_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`running at (http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return &server{cmd: cmd, base: a}
	case <-time.After(60 * time.Second):
		t.Fatal("kscheck serve did not print its address within a minute")
	}
	return nil
}

func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	srv := startServer(t, "--db", db, "--demo")
	res, err := http.Get(srv.base + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res, err = http.Get(srv.base + "/signin")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("sign-in page: %v %v", res, err)
	}
	if b, _ := io.ReadAll(res.Body); !strings.Contains(string(b), "Sign in with the demo identity provider") {
		t.Fatalf("the demo's sign-in page offers no single sign-on:\n%s", b)
	}
	signInThroughDemoIdP(t, srv.base)
}

// signInThroughDemoIdP goes through the demo's SAML sign-on as a browser
// without JavaScript would: kscheck's request to the identity provider,
// its sign-in form, and the signed answer posted back to kscheck.
func signInThroughDemoIdP(t *testing.T, base string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(base + "/saml/start?next=/")
	if err != nil {
		t.Fatal(err)
	}
	form, _ := io.ReadAll(res.Body)
	res.Body.Close()
	field := func(page []byte, name string) string {
		m := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindSubmatch(page)
		if m == nil {
			t.Fatalf("no %s in:\n%s", name, page)
		}
		return html.UnescapeString(string(m[1]))
	}
	action := regexp.MustCompile(`<form method="post" action="([^"]+)"`).FindSubmatch(form)
	if action == nil {
		t.Fatalf("the identity provider shows no sign-in form:\n%s", form)
	}
	res, err = c.PostForm(html.UnescapeString(string(action[1])), url.Values{
		"user": {"researcher"}, "password": {demo.Password},
		"SAMLRequest": {field(form, "SAMLRequest")}, "RelayState": {field(form, "RelayState")},
	})
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res, err = c.PostForm(base+"/saml/acs", url.Values{"SAMLResponse": {field(answer, "SAMLResponse")}, "RelayState": {field(answer, "RelayState")}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "Dr. Sam Visser") {
		t.Fatalf("after the identity provider: %d at %s:\n%s", res.StatusCode, res.Request.URL, page)
	}
}

func TestServeRejectsBadFlags(t *testing.T) {
	env, _, errs := testEnv()
	if code := run(context.Background(), env, []string{"serve", "--addr", "nonsense:port:x", "--db", filepath.Join(t.TempDir(), "k.db")}); code == 0 || !strings.Contains(errs.String(), "cannot listen") {
		t.Errorf("bad address: exit %d, %q", code, errs)
	}
	env, _, errs = testEnv()
	if code := run(context.Background(), env, []string{"serve", "--no-such-flag"}); code != 2 || !strings.Contains(errs.String(), "no-such-flag") {
		t.Errorf("unknown flag: exit %d, %q", code, errs)
	}
}

// dbArgs returns the database option for dsn.
func dbArgs(dsn string) []string {
	if strings.HasPrefix(dsn, "postgres") {
		return []string{"--database-url", dsn}
	}
	return []string{"--db", dsn}
}

// TestAuditVerifyCatchesTampering alters and removes audit rows by hand, as
// someone with database access might, and checks `audit verify` names the
// first broken entry and exits non-zero.
func TestAuditVerifyCatchesTampering(t *testing.T) {
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
		if _, err := svc.StartCase(ctx, actor, service.NewCase{Title: "Audit test", Kind: kscheck.KindOther, UnitCode: "liacs"}); err != nil {
			t.Fatal(err)
		}
		verify := func() (int, string) {
			env, out, errs := testEnv()
			code := run(ctx, env, append([]string{"audit", "verify"}, dbArgs(dsn)...))
			return code, out.String() + errs.String()
		}
		if code, out := verify(); code != 0 || !strings.Contains(out, "intact") {
			t.Fatalf("untouched trail: exit %d, %s", code, out)
		}
		raw, err := sql.Open(map[bool]string{true: "pgx", false: "sqlite"}[s.Dialect() == store.Postgres], strings.TrimPrefix(dsn, ""))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		// The database refuses changes to the trail…
		if _, err := raw.Exec(`UPDATE audit SET detail = '{}' WHERE seq = 3`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("the database allowed an audit row to change: %v", err)
		}
		// …so a tamperer first removes that guard; the chain still tells.
		if s.Dialect() == store.Postgres {
			_, err = raw.Exec(`DROP TRIGGER audit_no_change ON audit`)
		} else {
			_, err = raw.Exec(`DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete`)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`UPDATE audit SET actor_name = 'someone else' WHERE seq = 5`); err != nil {
			t.Fatal(err)
		}
		code, out := verify()
		if code != 3 || !strings.Contains(out, "BROKEN at entry 5") {
			t.Fatalf("altered entry 5: exit %d, %s", code, out)
		}
		if _, err := raw.Exec(`UPDATE audit SET actor_name = (SELECT actor_name FROM audit WHERE seq = 4) WHERE seq = 5`); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`DELETE FROM audit WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		if code, out := verify(); code != 3 || !strings.Contains(out, "BROKEN at entry 2") {
			t.Fatalf("deleted entry 2: exit %d, %s", code, out)
		}
	})
}

// TestKillMidTransitionLosesNothing starts checks as fast as it can, kills
// the server with SIGKILL in the middle, restarts it, and checks that every
// change the server confirmed is there and the audit trail is intact.
func TestKillMidTransitionLosesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kscheck.db")
	srv := startServer(t, "--db", db, "--demo", "--insecure-cookies")
	var mu sync.Mutex
	var confirmed []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		c := signedIn(t, srv.base, "initiator@demo.kscheck.org")
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				title := fmt.Sprintf("Check %d-%d", w, i)
				res, err := c.PostForm(srv.base+"/cases/new", url.Values{"title": {title}, "kind": {"other"}, "unit": {"liacs"}})
				if err != nil {
					return // the server is gone
				}
				res.Body.Close()
				if res.StatusCode == http.StatusOK && strings.HasPrefix(res.Request.URL.Path, "/cases/") {
					mu.Lock()
					confirmed = append(confirmed, title)
					mu.Unlock()
				}
			}
		}(w)
	}
	// Kill once a good number of checks went through, while the workers
	// keep writing.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(confirmed)
		mu.Unlock()
		if n >= 40 {
			break
		}
	}
	srv.cmd.Process.Signal(syscall.SIGKILL)
	srv.cmd.Wait()
	close(stop)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(confirmed) == 0 {
		t.Fatal("no check was confirmed before the kill; the test proves nothing")
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopening after the kill: %v", err)
	}
	defer s.Close()
	eva, _ := s.PersonByEmail(context.Background(), "initiator@demo.kscheck.org")
	actor, _ := s.Actor(context.Background(), eva.ID)
	have := map[string]bool{}
	for offset := 0; ; offset += 500 {
		cases, _, err := s.ListCases(context.Background(), actor, kscheck.CaseFilter{Limit: 500, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) == 0 {
			break
		}
		for _, c := range cases {
			have[c.Title] = true
		}
	}
	for _, title := range confirmed {
		if !have[title] {
			t.Errorf("confirmed check %q is missing after the kill", title)
		}
	}
	t.Logf("%d checks confirmed before SIGKILL, %d in the database after", len(confirmed), len(have))
	env, out, errs := testEnv()
	if code := run(context.Background(), env, []string{"audit", "verify", "--db", db}); code != 0 {
		t.Errorf("audit trail after the kill: exit %d: %s%s", code, out, errs)
	}
}

// signedIn returns an HTTP client with a session of the demo person.
func signedIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	c := &http.Client{Jar: newJar()}
	res, err := c.PostForm(base+"/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if strings.HasSuffix(res.Request.URL.Path, "/signin") {
		t.Fatalf("signing in as %s failed", email)
	}
	return c
}
