package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kscheck/kscheck/internal/demo"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/store"
	"github.com/kscheck/kscheck/internal/store/storetest"
)

// roundTrip sends one request and returns the answer as it came, without
// following (or even parsing) a redirect.
func roundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// TestSignInNeverRedirectsOffSite posts the sign-in form with "next"
// values that browsers would follow to another site, raw and encoded.
func TestSignInNeverRedirectsOffSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, _ := newApp(t, s)
		base, _ := url.Parse(ts.URL)
		for _, next := range []string{
			"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\r\n/evil.example",
			"//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
			" //evil.example", "\t//evil.example", "https://evil.example/", "http:evil.example",
			"javascript:alert(1)", "/\x00/evil.example", "/\x7f/evil.example", "evil.example",
			"/%5C%5Cevil.example", "%2F%2Fevil.example", "/..//evil.example",
		} {
			// The body is written by hand, so that a value like
			// "/%09/evil.example" arrives as it would from an attacker's form.
			for _, body := range []string{
				url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}, "next": {next}}.Encode(),
				"email=initiator%40demo.kscheck.org&password=" + url.QueryEscape(demo.Password) + "&next=" + next,
			} {
				req, _ := http.NewRequest("POST", ts.URL+"/signin", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				res, err := roundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					continue // refused outright is safe too
				}
				loc := res.Header.Get("Location")
				// What a browser does with the Location: resolve it
				// against the page, after dropping tabs and newlines
				// and reading backslashes as slashes (WHATWG URL).
				norm := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimLeft(loc, " \x00\x01\x1f"))
				u, err := base.Parse(norm)
				if err != nil || u.Host != base.Host || u.Scheme != base.Scheme || strings.HasPrefix(u.Path, "//") {
					t.Errorf("next=%q redirects to %q (%v), off this site", next, loc, u)
				}
			}
		}
		// A same-site path survives sign-in.
		req, _ := http.NewRequest("POST", ts.URL+"/signin", strings.NewReader(url.Values{"email": {"initiator@demo.kscheck.org"}, "password": {demo.Password}, "next": {"/cases/1?tab=partners#x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := roundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Location"); got != "/cases/1?tab=partners#x" {
			t.Errorf("a same-site next became %q", got)
		}
	})
}

// TestStaticDoesNotList asks for the directory of static files.
func TestStaticDoesNotList(t *testing.T) {
	s := storetestSQLite(t)
	ts, _ := newApp(t, s)
	for _, path := range []string{"/static/", "/static"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 4096)
		n, _ := res.Body.Read(b)
		res.Body.Close()
		if res.StatusCode == http.StatusOK || strings.Contains(string(b[:n]), "style.css") {
			t.Errorf("%s answers %d and lists files: %q", path, res.StatusCode, b[:n])
		}
	}
	if res, err := http.Get(ts.URL + "/static/style.css"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the stylesheet is no longer served: %v %v", res, err)
	}
}

// storetestSQLite opens a fresh SQLite database, for tests of what does
// not depend on the database.
func storetestSQLite(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// changeForm adds the current version of the case that path is about to
// form, as the page's own form would carry it.
func changeForm(t *testing.T, svc *service.Service, path string, form url.Values) url.Values {
	t.Helper()
	parts := strings.Split(path, "/")
	if len(parts) < 3 || parts[1] != "cases" {
		t.Fatalf("%s is not a path about a case", path)
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	out := url.Values{"version": {version(t, svc, id)}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

// rawPost posts body as it is, URL-encoded or not, as c.
func (c *client) rawPost(path, body string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestFormsAndInputRefusedAlike: a change without the version, or with a
// garbled one, a form that does not parse, text that is not text and an
// overlong search all answer 422 with a sentence, on both databases, and
// change nothing.
func TestFormsAndInputRefusedAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva, path := startedDraft(t, ts.URL)
		before := version(t, svc, 1)
		for _, tt := range []struct{ path, body, want string }{
			{path + "/actions/withdraw", "", "version"},
			{path + "/actions/withdraw", "version=", "version"},
			{path + "/actions/withdraw", "version=abc", "version"},
			{path + "/actions/withdraw", "version=-3", "version"},
			{path + "/actions/withdraw", "version=1%zz", "could not be read"},
			{path + "/messages", "kind=question&body=hello", "version"},
			{path + "/partners", "name=Delft+Lab&type=organization&country=NL", "version"},
			{path + "/edit", "title=x&kind=other", "version"},
			{path + "/messages", "version=" + before + "&kind=question&body=nul%00byte", "NUL"},
			{path + "/messages", "version=" + before + "&kind=question&body=bad%FF%FEtext", "UTF-8"},
			{path + "/actions/withdraw", "version=" + before + "&text=" + strings.Repeat("x", 900_000), "the most is"},
			{"/cases/new", "title=a%00b&kind=other&unit=liacs", "NUL"},
			{"/cases/new", "title=ok&kind=other&unit=li%00acs", "NUL"},
			{"/cases/new", "title=%FF&kind=other&unit=liacs", "UTF-8"},
		} {
			res, body := eva.rawPost(tt.path, tt.body)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
				t.Errorf("POST %s %.40q: status %d, want 422 saying %q", tt.path, tt.body, res.StatusCode, tt.want)
			}
		}
		if after := version(t, svc, 1); after != before {
			t.Errorf("refused forms changed the check from version %s to %s", before, after)
		}
		if _, list := eva.get("/"); !strings.Contains(list, ">1 check<") {
			t.Error("refused forms started a check")
		}
		for _, q := range []string{strings.Repeat("ab%_", 12_500), "nul\x00", "\xff"} {
			if res, body := eva.get("/?q=" + url.QueryEscape(q)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "search") && !strings.Contains(body, "address") {
				t.Errorf("search %.20q: status %d, want 422 with a sentence", q, res.StatusCode)
			}
		}
		if res, _ := eva.get("/?unit=" + url.QueryEscape("li\x00acs")); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a NUL byte in a filter: status %d, want 422", res.StatusCode)
		}
	})
}

// TestInitiatorUploadsToOwnPage: an initiator's upload leads to the case
// page with their own documents, not to the Desk's dossier (403); and a
// partner that is not on the case cannot be removed (404).
func TestInitiatorUploadsToOwnPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		eva, path := startedDraft(t, ts.URL)
		_, page := eva.get(path)
		contains(t, "the draft's case page", page, `action="`+path+`/attachments"`)
		res, body := eva.upload(path+"/attachments", "Project plan.txt", []byte("Plan of the joint work.\n"), changeForm(t, svc, path, nil))
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != path || !strings.Contains(body, "Project plan.txt") {
			t.Errorf("an initiator's upload ends at %s with %d, want the case page listing the document", res.Request.URL.Path, res.StatusCode)
		}
		if res := eva.post(path+"/partners/987654/remove", changeForm(t, svc, path, nil)); res.StatusCode != http.StatusNotFound {
			t.Errorf("removing a partner not on the case: status %d, want 404", res.StatusCode)
		}
	})
}

// startedDraft signs in as the demo initiator and starts a check; it
// returns the client and the check's path.
func startedDraft(t *testing.T, base string) (*client, string) {
	t.Helper()
	eva := signIn(t, base, "initiator@demo.kscheck.org")
	res := eva.post("/cases/new", url.Values{"title": {"Quantum sensing"}, "kind": {"research_collaboration"}, "unit": {"liacs"}})
	return eva, strings.TrimSuffix(res.Request.URL.Path, "/partners/new")
}

// TestProcedureUploadBomb: 200 KB of nested brackets, uploaded as a
// procedure, is refused with a message naming the problem.
func TestProcedureUploadBomb(t *testing.T) {
	ts, _ := newApp(t, storetestSQLite(t))
	admin := signIn(t, ts.URL, "admin@demo.kscheck.org")
	bomb := []byte("id: x\nsections: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n")
	res, body := admin.upload("/admin/procedures", "bomb.yaml", bomb, nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nested more than") {
		t.Errorf("a bracket bomb: status %d, want 422 saying it is nested too deeply", res.StatusCode)
	}
}

// TestSignInBehindProxy: behind a trusted proxy, throttling goes by the
// address in X-Forwarded-For, so one guesser does not lock out a colleague
// behind the same proxy; without trust the header is ignored. Throttled
// attempts answer 429 with a sentence in the person's language.
func TestSignInBehindProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ string, s *store.Store) {
		ts, svc := newApp(t, s)
		srv, err := New(svc, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		if err != nil {
			t.Fatal(err)
		}
		proxied := httptest.NewServer(srv.Handler())
		defer proxied.Close()
		signInFrom := func(base, from, password string) *http.Response {
			form := url.Values{"email": {"chair@demo.kscheck.org"}, "password": {password}}
			req, _ := http.NewRequest("POST", base+"/signin?lang=nl", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", from)
			res, err := roundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res
		}
		for range svc.Limits.PerAccountAddress {
			signInFrom(proxied.URL, "203.0.113.7", "wrong password")
		}
		res := signInFrom(proxied.URL, "203.0.113.7", "wrong password")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("the guesser's next attempt: %d, want 429 with Retry-After", res.StatusCode)
		}
		if res := signInFrom(proxied.URL, "198.51.100.20", demo.Password); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the chair behind the same proxy: %d, want signed in (303)", res.StatusCode)
		}
		// Not trusted: a forged header does not escape the limit.
		for i := range svc.Limits.PerAccountAddress + 1 {
			res = signInFrom(ts.URL, fmt.Sprintf("192.0.2.%d", i), "wrong password")
		}
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("forged X-Forwarded-For from an untrusted client: %d, want 429", res.StatusCode)
		}
	})
}
