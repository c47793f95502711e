package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/screening"
	"github.com/kscheck/kscheck/internal/screening/bundled"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// newApp boots the whole web application on a real database with the demo
// organisation and returns its base URL.
func newApp(t testing.TB, s *store.Store) (*httptest.Server, *service.Service) {
	t.Helper()
	svc := newService(t, s)
	srv, err := New(svc, Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, svc
}

// newService is the service of the tests' application: the demo
// organisation on s, with screening.
func newService(t testing.TB, s *store.Store) *service.Service {
	t.Helper()
	set, err := service.LoadProcedures(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(s, set, slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	svc.Screening = screening.NewService(s, bundled.Snapshots, screening.DefaultThresholds)
	if _, err := demo.Seed(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return svc
}

// client is a signed-in HTTP client of one demo person.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func signIn(t *testing.T, base, email string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: base, http: &http.Client{Jar: jar}}
	res := c.post("/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if res.StatusCode != http.StatusOK || strings.Contains(res.Request.URL.Path, "signin") {
		t.Fatalf("signing in as %s: %d at %s", email, res.StatusCode, res.Request.URL)
	}
	return c
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	res, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) post(path string, form url.Values) *http.Response {
	c.t.Helper()
	res, _ := c.postBody(path, form)
	return res
}

// postBody posts form to path and returns the answer with its body.
func (c *client) postBody(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	return c.rawPost(path, form.Encode())
}

func TestPagesAndNeedToKnow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)

		// Not signed in: every page sends to the sign-in page.
		res, err := http.Get(ts.URL + "/cases/1")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(res.Request.URL.Path, "/signin") {
			t.Errorf("anonymous /cases/1 ended at %s, want the sign-in page", res.Request.URL)
		}

		// A wrong password is refused with a plain sentence.
		anon := &client{t: t, base: ts.URL, http: &http.Client{}}
		res = anon.post("/signin", url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {"wrong password"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password: status %d, want 401", res.StatusCode)
		}

		eva := signIn(t, ts.URL, "initiator@demo.kscheck.org")
		res = eva.post("/cases/new", url.Values{"title": {"Quantum sensing with partner X"}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Request.URL.Path, "/cases/") {
			t.Fatalf("starting a check: %d at %s", res.StatusCode, res.Request.URL)
		}
		// Starting a check leads on to its partners.
		casePath := strings.TrimSuffix(res.Request.URL.Path, "/partners/new")
		_, body := eva.get(casePath)
		for _, want := range []string{"Quantum sensing with partner X", "Draft", "Flowchart", `lang="en"`} {
			if !strings.Contains(body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		_, body = eva.get(casePath + "?lang=nl")
		if !strings.Contains(body, `lang="nl"`) || !strings.Contains(body, "Concept") {
			t.Errorf("the Dutch case page is not in Dutch")
		}

		// Bad input: an empty title is refused, and nothing is created.
		res = eva.post("/cases/new", url.Values{"title": {""}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty title: status %d, want 422", res.StatusCode)
		}
		_, list := eva.get("/?lang=en")
		if !strings.Contains(list, ">1 check<") {
			t.Errorf("the list should hold exactly the one check started")
		}

		// Need-to-know: another institute's director and the Desk (before
		// submission) get "not found"; the own institute's director sees it.
		for email, want := range map[string]int{
			"director2@demo.kscheck.org": http.StatusNotFound,
			"desk@demo.kscheck.org":      http.StatusNotFound,
			"admin@demo.kscheck.org":     http.StatusNotFound,
			"director@demo.kscheck.org":  http.StatusOK,
			"auditor@demo.kscheck.org":   http.StatusOK,
		} {
			other := signIn(t, ts.URL, email)
			if res, _ := other.get(casePath); res.StatusCode != want {
				t.Errorf("%s on %s: status %d, want %d", email, casePath, res.StatusCode, want)
			}
		}

		// A forged cross-site form is refused.
		req, _ := http.NewRequest("POST", ts.URL+casePath+"/actions/withdraw", strings.NewReader("version=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err = eva.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST: status %d, want 403", res.StatusCode)
		}
		// The screening API answers signed-in people only, with the CLI's JSON.
		if res, body := eva.get("/api/v1/screen?name=" + url.QueryEscape("Harbin Institute of Technology") + "&country=CN"); res.StatusCode != http.StatusOK ||
			!strings.Contains(body, `"list":"aspi"`) || !strings.Contains(body, `"snapshots"`) {
			t.Errorf("screening API: %d %s", res.StatusCode, body)
		}
		if res, err := http.Get(ts.URL + "/api/v1/screen?name=x"); err != nil || res.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous screening API: %v %v", res, err)
		}
		if res, body := eva.get("/api/v1/screen?name="); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"detail":"a name to screen is required"`) {
			t.Errorf("empty name: %d %s", res.StatusCode, body)
		}
		if res, body := eva.get("/api/v1/screen?name=" + strings.Repeat("x", 301)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "give at most 300 characters") {
			t.Errorf("long name: %d %s", res.StatusCode, body)
		}
		// A stale version is a conflict, not a silent overwrite.
		res = eva.post(casePath+"/actions/withdraw", url.Values{"version": {"999"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("stale version: status %d, want 409", res.StatusCode)
		}
	})
}

// testWriter sends the server's log to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
